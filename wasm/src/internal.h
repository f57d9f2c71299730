/* internal.h — types shared by the engine's files and the component kernels.
 * Nothing here is part of the ABI; JS sees only sinfonia.h. */
#ifndef SF_INTERNAL_H
#define SF_INTERNAL_H

#include "sinfonia_component.h"
#include <stdarg.h>
#include <string.h>

/* ---- errors (error.c) -------------------------------------------------- */

/* Prefix the message with "path: " (used to name a spec path, e.g. "components.h1"). */
void sf_error_prefix(sf_error *err, const char *path);
/* "LINE:COL: message" or "message" when there is no position. */
void sf_error_format(const sf_error *err, char *buf, size_t cap);

/* ---- memory (alloc.c) -------------------------------------------------- */

void *sf_realloc(void *p, size_t n);
void *sf_realloc_array(void *p, size_t count, size_t size); /* overflow-checked */
char *sf_strdup(const char *s);
/* Make room for `extra` more bytes in a byte buffer holding `len` of `*cap`,
 * doubling from `first`; 0 on success, -1 when out of memory (buffer kept). */
int sf_grow(char **buf, size_t *cap, size_t len, size_t extra, size_t first);
char *sf_strndup(const char *s, size_t n);
/* Test hook: the allocation after `n` more successful ones fails; -1 disables. */
void sf_alloc_fail_after(long n);
/* Routes cJSON's allocations through sf_malloc/sf_free. Called by sf_open. */
void sf_json_init(void);

/* ---- strict JSON (json_strict.c) -------------------------------------- */

/* Parse text as JSON, rejecting what cJSON would accept but JSON.parse would
 * treat differently: duplicate keys, \u0000 in strings, nesting deeper than
 * max_depth, trailing garbage. On error sets line/col in err. */
cJSON *sf_json_parse_strict(const char *text, size_t len, int max_depth, sf_error *err);
/* Print compactly into an sf_malloc'd string (NULL on OOM). */
char *sf_json_print(const cJSON *item);

/* ---- table (table.c); the types are in sinfonia_component.h ----------- */


sf_table *sf_table_new(void);
void sf_table_free(sf_table *t);
/* Append a column of nrows values (num set to NaN / codes to -1, i.e. all missing
 * until filled; missing is then recounted by sf_column_count_missing). */
int sf_table_add_column(sf_table *t, const char *name, sf_type type, size_t nrows,
                        sf_column **out, sf_error *err);
/* Append a column that takes num (SF_NUMBER) or codes (otherwise), nrows values
 * already filled of which `missing` are missing; they are freed on error (a NULL
 * array is reported as out of memory). */
int sf_table_adopt_column(sf_table *t, const char *name, sf_type type, size_t nrows, double *num,
                          int32_t *codes, size_t missing, sf_column **out, sf_error *err);
void sf_column_count_missing(sf_column *c, size_t nrows);
/* Index of the named column, or -1. */
int sf_table_find(const sf_table *t, const char *name);

int sf_type_parse(const char *s, sf_type *out);   /* 0 on success */
int sf_role_parse(const char *s, sf_role *out);   /* 0 on success */

/* ---- column indexes (colindex.c) ---------------------------------------- */

typedef struct sf_colindex sf_colindex;
/* Give t its (empty) holder now, so that a view's table copied from t shares it. */
void sf_colindex_attach(const sf_table *t);
/* Free t's indexes if t owns them (a view's table leaves its file's alone). */
void sf_colindex_release(sf_table *t);
/* Test hook: NONE makes every index getter return NULL (every kernel's plain
 * path); ORDERS builds orders only (no ranks); AUTO (the default) as the data says. */
enum { SF_INDEX_NONE, SF_INDEX_AUTO, SF_INDEX_ORDERS };
void sf_colindex_mode(int m);

/* ---- bitmaps (bitmap.c) ----------------------------------------------- */

int sf_bitmap_init(sf_bitmap *b, size_t nbits, int fill, sf_error *err);
/* A double as an unsigned key whose order is the numbers' order (-0 before 0;
 * negative numbers flipped whole, positive ones get the sign bit set), and back:
 * the radix sorts (sort.c) and the column indexes (colindex.c). */
static inline uint64_t sf_order_key(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return (u >> 63) ? ~u : (u | ((uint64_t)1 << 63));
}

static inline double sf_key_double(uint64_t k) {
  uint64_t u = (k >> 63) ? (k & ~((uint64_t)1 << 63)) : ~k;
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

static inline void sf_bitmap_set(sf_bitmap *b, size_t i) {
  b->words[i >> 6] |= (uint64_t)1 << (i & 63);
}
static inline void sf_bitmap_clear(sf_bitmap *b, size_t i) {
  b->words[i >> 6] &= ~((uint64_t)1 << (i & 63));
}
void sf_bitmap_and(sf_bitmap *dst, const sf_bitmap *src);
void sf_bitmap_or(sf_bitmap *dst, const sf_bitmap *src);
void sf_bitmap_not(sf_bitmap *b);

/* ---- the content hash (hash.c) ---------------------------------------- */

typedef struct sf_hash {
  uint64_t v[4], n;   /* XXH64 lanes; bytes hashed */
  uint8_t buf[32];    /* an unfinished 32-byte stripe */
  size_t nbuf;
} sf_hash;

void sf_hash_init(sf_hash *hs);
void sf_hash_update(sf_hash *hs, const uint8_t *p, size_t n);
uint64_t sf_hash_final(const sf_hash *hs);

/* ---- selection (selection.c) ------------------------------------------ */

/* Evaluate a predicate tree ({"field","in"} | {"field","range"} | {"not"} |
 * {"and"} | {"or"} | {"rows"}; NULL or JSON null = every row) into out, which
 * the caller frees. Errors name the predicate path, e.g. "filter.and[1].field". */
int sf_select(const sf_table *t, const cJSON *pred, sf_bitmap *out, sf_error *err);
/* Check a predicate's shape without a table (keys, types, depth; not column names);
 * errors are prefixed with path, e.g. "filters[0].in". */
int sf_predicate_check(const cJSON *pred, const char *path, sf_error *err);

/* Evaluate pred as sf_select does, naming errors from path ("filters[2]"). */
int sf_select_at(const sf_table *t, const cJSON *pred, const char *path, sf_bitmap *out, sf_error *err);

/* ---- components (components.c and the build's generated sf_components.c) -- */

/* One per components/<name>/ folder, found by the build. */
typedef struct sf_component {
  const char *name;     /* the folder's name, the spec's "type", e.g. "confusion-matrix" */
  sf_kernel_fn run;
  const char *schema;   /* the folder's schema.json, as text */
} sf_component;

extern const sf_component sf_components[];
extern const size_t sf_ncomponents;    /* sorted by name */

const sf_component *sf_component_find(const char *name);
/* The component's schema.json parsed (the caller deletes it), or NULL when out of memory. */
cJSON *sf_component_schema(const sf_component *c, sf_error *err);

/* ---- text as JavaScript writes it (jstext.c) ---------------------------- */

/* String(v) for a finite number ("1000", "0.5", "1e+21"); buf holds >= 32 bytes. */
void sf_js_number(double v, char *buf, size_t cap);
/* JSON.stringify(s) appended to buf (holding len of cap bytes); returns the new
 * length (the text is cut, never overrun, when it does not fit). */
size_t sf_js_quote(char *buf, size_t len, size_t cap, const char *s);
/* web/validate.js join(): path + ".key" (key JSON-quoted unless it is
 * [A-Za-z_][A-Za-z0-9_-]*), or path + "[index]" when key is NULL. */
void sf_js_join(char *buf, size_t cap, const char *path, const char *key, size_t index);
/* A string's length as JavaScript counts it (UTF-16 code units). */
size_t sf_js_length(const char *s);
/* An object's members in JavaScript's order (array-index keys ascending first,
 * then the rest as written): *out is sf_malloc'd, *n members. */
int sf_js_members(const cJSON *obj, const cJSON ***out, size_t *n, sf_error *err);

/* ---- schemas (schema.c) ------------------------------------------------- */

/* Check value against schema (the subset web/validate.js supports) with exactly
 * its messages and order: errors read "path: message". */
int sf_schema_check(const cJSON *value, const cJSON *schema, const char *path, sf_error *err);
/* A spec's component object {"type", "title"?, "note"?, ...config} as
 * web/validate.js validateComponent(): the common keys (title: a string of at
 * most 200 characters, note: at most 10000), then the config against the
 * component's schema.json. *comp_out gets the component (may be NULL). */
int sf_component_check(const cJSON *comp, const char *path, const sf_component **comp_out,
                       sf_error *err);
/* The same, handing over the parsed schema.json in *schema_out (the caller deletes it). */
int sf_component_check_schema(const cJSON *comp, const char *path, const sf_component **comp_out,
                              cJSON **schema_out, sf_error *err);
/* The guards web/validate.js sanitize() puts on every untrusted value: bounded
 * strings, arrays and objects, no "__proto__"/"constructor"/"prototype" keys. */
int sf_json_guard(const cJSON *v, const char *path, sf_error *err);

/* ---- roles of a view (roles.c) ----------------------------------------- */

struct sf_roles {
  const sf_table *table;
  sf_role *role;        /* per column; NULL: the table's inferred roles */
  char **cls;           /* per column: the class a score scores, or NULL */
  int thr_set;          /* the spec's threshold derived the prediction (threshold.c) */
  sf_embedding emb;     /* the view's embedding (emb.dim 0: none); values and cols owned */
  int thr_score;        /* ...from this score column */
  double thr_value;     /* ...as score >= thr_value */
};
/* Resolve roles once for a spec: the inferred ones, then the spec's "columns"
 * overrides (a label or prediction named there replaces the inferred one; a label
 * named there brings its p_<class> scores). Unknown column names are ignored. */
int sf_roles_resolve(const sf_table *t, const cJSON *columns, sf_roles *out, sf_error *err);
void sf_roles_free(sf_roles *r);
/* ---- embeddings (embed.c) ---- */
/* Find the table's group of numbered numeric features (t->group); called after roles. */
void sf_infer_group(sf_table *t);
/* Set r->emb, the view's embedding, from r's roles (0, or SF_ENOMEM). */
int sf_roles_embedding(sf_roles *r);
void sf_embedding_free(sf_embedding *emb);
/* {"name", "dim", "columns"} or JSON null when emb->dim is 0; NULL when out of memory. */
cJSON *sf_embedding_json(const sf_table *t, const sf_embedding *emb);
/* The embedding a view of t without overrides has, as sf_embedding_json. */
cJSON *sf_group_json(const sf_table *t);
/* The first column with this role in r, or -1. */
int sf_roles_find(const sf_roles *r, sf_role role);

/* ---- a decision threshold (threshold.c) -------------------------------- */

/* With the spec's "threshold", derive the view's prediction from the score:
 * *vt is the table with the derived column appended (sharing the other columns
 * of t), and r (resolved over t) covers it: the derived column is the
 * prediction, a prediction of the file a feature. Errors name "threshold". */
int sf_threshold_apply(const sf_table *t, const cJSON *spec, sf_roles *r, sf_table **vt, sf_error *err);
/* Free a table made by sf_threshold_apply (only what it owns past base_ncols). */
void sf_threshold_free_table(sf_table *vt, size_t base_ncols);

/* ---- validated configs (config.c) --------------------------------------- */

typedef struct sf_config_cols {
  char *key;            /* "field", "sort.field", "fields" */
  int *cols;
  size_t n;
} sf_config_cols;

struct sf_config {
  cJSON *json;          /* the component with defaults and role defaults filled */
  sf_config_cols *cols; /* every column-valued key, resolved */
  size_t ncols;
};
/* Validate a component object (as sf_component_check), fill defaults, resolve
 * "x-field" names to columns and "x-role" defaults from roles; errors name
 * path ("components.cm.label: no column has the role label; ..."). */
int sf_config_build(const cJSON *comp, const char *path, const sf_table *t, const sf_roles *roles,
                    const sf_component **comp_out, sf_config *out, sf_error *err);
void sf_config_free(sf_config *c);

/* Run a component's kernel over rows, with the spec's named slices (or NULL);
 * *result is the printed result. Input errors the kernel reports ("labels[1]: ...")
 * are named under path. */
int sf_run_kernel(const sf_component *comp, const sf_table *t, const sf_bitmap *rows,
                  const sf_config *cfg, const sf_roles *roles, const cJSON *slices, const char *path,
                  char **result, sf_error *err);

/* ---- ingest (ingest.c, csv.c, json_ingest.c, infer.c) ----------------- */

typedef struct sf_ingest sf_ingest;
int sf_ingest_new(const char *options_json, sf_ingest **out, sf_error *err);
int sf_ingest_feed(sf_ingest *in, const uint8_t *bytes, size_t n, sf_error *err);
int sf_ingest_finish(sf_ingest *in, sf_table **out, sf_error *err);
void sf_ingest_free(sf_ingest *in);
/* Rows read so far (complete records parsed; for progress). */
size_t sf_ingest_rows_read(const sf_ingest *in);
/* The schema JSON of a loaded table (see sinfonia.h), sf_malloc'd. */
char *sf_schema_json(const sf_table *t);
/* The fingerprint string of a loaded table: columns, row count, content hash. */
void sf_table_fingerprint(const sf_table *t, char *buf, size_t cap);
/* ASCII case-insensitive equality (roles.c). */
int sf_ieq(const char *a, const char *b);
/* Set roles from column names (DESIGN.md "Roles"); called by sf_ingest_finish. */
void sf_infer_roles(sf_table *t);
/* Validate overrides without applying them: members must be objects with only
 * "role", "class", "type"; errors name the path ("columns.x.role: unknown role 'foo'"). */
int sf_check_column_overrides(const cJSON *columns, sf_error *err);

/* Values collected while streaming (rawcols.c), typed as they arrive while the
 * column's type is still open, and decided at finish (infer.c); the decided type
 * and values are exactly those of typing every value's text at the end.
 * A column starts in SF_MODE_NUM (every value so far a number or missing): num[row]
 * holds the value (NaN when missing) and fmt[row] how to write its text again
 * exactly (no array while all numbers share one format, fmt1): 0..SF_FMT_MAXSCALE = "%.*f" with that many decimals (text of the form
 * -?(0|[1-9]D*)(.D+)? with at most 15 significant digits, which that format writes
 * back byte for byte), SF_FMT_JSON = a JSON number (its shortest round-trip form),
 * SF_FMT_TEXT = any other text, kept in the column's text stream below, in row
 * order. At the first value that is not a number the column turns to SF_MODE_CODES
 * for good: every value so far is interned by its text again, and from then on each
 * value is interned (dict, codes[row], -1 = missing) with the counts the decision
 * needs (non-missing, total length, all bool-like so far).
 * The text stream holds those SF_FMT_TEXT values and stages the field being read
 * (CSV): each value is its bytes then a NUL. It lives in blocks that are never
 * moved: a full block ends with SF_RAW_BLOCK_END and the stream goes on in the next
 * one; a value never spans two blocks. Bytes 0xFB-0xFF never occur in UTF-8. */
enum { SF_RAW_MISSING = 0, SF_RAW_TEXT, SF_RAW_NUMBER, SF_RAW_BOOL, SF_RAW_STRING };
enum { SF_MODE_NUM = 0, SF_MODE_CODES };
#define SF_FMT_MAXSCALE 200
#define SF_FMT_JSON 253
#define SF_FMT_TEXT 254
#define SF_FMT_MISSING 255
#define SF_RAW_BLOCK_END 0xFB
/* The codes of a column's last short values (at most 8 bytes, keyed by their bytes
 * and length), so most fields of a category column are coded without hashing. */
typedef struct sf_codecache { uint64_t key[32]; int32_t code[32]; uint8_t len[32]; } sf_codecache;
typedef struct sf_rawcol {
  char *name;
  char *buf;            /* the text stream's current block */
  size_t len, cap;      /* bytes used and usable in it (one more byte is kept for the end mark) */
  char **blocks;        /* the full blocks before it, in order */
  size_t nblocks, capblocks;
  size_t n;             /* values so far (rows) */
  size_t caprows;       /* rows num/fmt or codes hold */
  int mode;             /* SF_MODE_NUM or SF_MODE_CODES */
  double *num;          /* SF_MODE_NUM */
  uint8_t *fmt;         /* NULL while every number so far has the format fmt1 */
  int fmt1;             /* the first number's format, -1 before it */
  int32_t *codes;       /* SF_MODE_CODES */
  sf_dict dict;
  sf_codecache *cache;  /* SF_MODE_CODES, CSV, from row 256 on (NULL before) */
  size_t nonmiss, total;/* SF_MODE_CODES: non-missing values, their total length */
  int boolish;          /* SF_MODE_CODES: every value so far a bool (true/false text, JSON bool) */
  int forced;           /* options "columns" force forced_type */
  sf_type forced_type;
  size_t forced_dim;    /* a forced vector: the length of its first value (0: none yet) */
} sf_rawcol;

typedef struct sf_rawcols {
  sf_rawcol *cols;
  size_t ncols, capcols, nrows;
  sf_dict names;            /* column name -> index (codes follow column order) */
  const cJSON *overrides;   /* the options' "columns", or NULL */
  uint64_t size_hint;       /* the input's size in bytes (option "size"), 0 = unknown */
  const uint64_t *consumed; /* bytes read up to the current row (for the size hint) */
} sf_rawcols;

/* The column named name[0..len): *idx, *is_new = 0 when it exists; otherwise a new
 * column (missing in the rows so far) and *is_new = 1. */
int sf_rawcols_intern(sf_rawcols *rc, const char *name, size_t len, size_t *idx, int *is_new,
                      sf_error *err);
/* Make room for `extra` more bytes in c->buf after the value begun at buf[*start]
 * (start NULL: no value begun, as if *start == c->len). When a new block is needed
 * the value's bytes so far move into it and *start follows them. */
int sf_rawcol_reserve(sf_rawcol *c, size_t extra, size_t *start, sf_error *err);
/* The column's next value: the text s[0..len) of the given kind (SF_RAW_TEXT for
 * CSV, else the JSON value's kind). s[len] need not be NUL when len < 128 or when
 * `staged` (then s is c->buf + *staged, the value staged in the text stream, which
 * this NUL-terminates and keeps or drops). line/col locate it for a forced type's
 * error. */
int sf_rawcol_text(sf_rawcols *rc, sf_rawcol *c, const char *s, size_t len, int kind, size_t *staged,
                   long line, long col, sf_error *err);
/* The column's next value: a JSON number. */
int sf_rawcol_number(sf_rawcols *rc, sf_rawcol *c, double v, long line, long col, sf_error *err);
/* The column's next value: missing. */
int sf_rawcol_missing(sf_rawcols *rc, sf_rawcol *c, sf_error *err);
/* Free the column's stream and arrays. */
void sf_rawcol_free_buf(sf_rawcol *c);
/* End a row: columns without a value in it get a missing one. */
int sf_rawcols_end_row(sf_rawcols *rc, sf_error *err);
void sf_rawcols_free(sf_rawcols *rc);
/* s[0..len) as a number, as sf_parse_number; *fmt as in sf_rawcol. s[len] need not
 * be NUL when len < 128. Returns 1 when it is one. */
int sf_number_text(const char *s, size_t len, double *out, int *fmt);
/* The number at s (no spaces before it; it may go on to lim): the address after it,
 * or NULL when there is none or it is too long to read here. */
const char *sf_number_at(const char *s, const char *lim, double *out, int *fmt);
/* The column's next value: a number whose text fmt writes (not SF_FMT_TEXT). */
int sf_rawcol_put_number(sf_rawcols *rc, sf_rawcol *c, double v, int fmt, sf_error *err);
/* s[0..len) is true/false in any case: 1 and *val, else 0. */
int sf_bool_text(const char *s, size_t len, int *val);
/* CSV missing tokens: "", NA, N/A, NaN, nan, null, NULL (exactly). */
int sf_is_missing_token(const char *s, size_t n);
/* 1 when s (NUL-terminated) is a finite decimal number, surrounding spaces allowed. */
int sf_parse_number(const char *s, double *out);
/* Error unless the value s of kind converts to c's forced type. */
int sf_check_forced(sf_rawcol *c, const char *s, int kind, long line, long col, sf_error *err);
/* s (NUL-terminated) as a vector "[x, y, ...]" of finite numbers (JSON's array
 * syntax, spaces around allowed): its length, or 0 when it is not one. With out,
 * the numbers are stored at out[0], out[stride], ... (at most max of them). */
size_t sf_parse_vector(const char *s, double *out, size_t stride, size_t max);
/* Short text for a row's vector ("[0.5, 1, 2, … 64 numbers]"); buf holds >= 128 bytes. */
void sf_vector_text(const sf_column *c, size_t row, char *buf, size_t cap);
/* Type every raw column over all its values (or as forced), add it to t, free it. */
int sf_infer_table(sf_rawcols *rc, sf_table *t, sf_error *err);

/* Where the parser is: the current line and the absolute offset of its first byte. */
typedef struct sf_textpos { long line; uint64_t line_start; } sf_textpos;

/* Streaming CSV/TSV tokenizer (csv.c). base is the absolute offset of bytes[0]. */
typedef struct sf_csv sf_csv;
int sf_csv_new(uint8_t delim, int header, sf_rawcols *rc, sf_textpos *pos, sf_csv **out,
               sf_error *err);
int sf_csv_feed(sf_csv *p, const uint8_t *bytes, size_t n, uint64_t base, sf_error *err);
int sf_csv_finish(sf_csv *p, uint64_t end, sf_error *err);
void sf_csv_free(sf_csv *p);

/* Streaming JSON array-of-objects (lines = 0) / JSON Lines (lines = 1) reader. */
typedef struct sf_jsonin sf_jsonin;
int sf_jsonin_new(int lines, sf_rawcols *rc, sf_textpos *pos, sf_jsonin **out, sf_error *err);
int sf_jsonin_feed(sf_jsonin *p, const uint8_t *bytes, size_t n, uint64_t base, sf_error *err);
int sf_jsonin_finish(sf_jsonin *p, uint64_t end, sf_error *err);
void sf_jsonin_free(sf_jsonin *p);

/* ---- views (view.c) ------------------------------------------------------ */

/* A component of the view: its spec object and validated config. */
typedef struct sf_view_comp {
  const char *id;
  const cJSON *spec;          /* the spec's component object (owned by the view's spec) */
  const sf_component *comp;
  sf_config config;
} sf_view_comp;

/* A spec resolved against the loaded table: roles once, every config validated.
 * The spec's filter clauses are evaluated when first needed and kept. */
typedef struct sf_view {
  cJSON *spec;
  const sf_table *table;      /* the loaded table, or with a threshold the view's own (owned) */
  sf_table *owned;            /* the view's own table, or NULL */
  size_t base_ncols;          /* the loaded table's columns */
  sf_roles roles;
  sf_view_comp *comps;        /* in the spec's order */
  size_t ncomps;
  const cJSON **clauses;      /* the spec's filters */
  sf_bitmap *clause_rows;     /* words NULL until evaluated */
  size_t nclauses;
} sf_view;

void sf_view_free(sf_view *v);

/* ---- the engine handle (engine.c, run.c, view.c) ------------------------ */

struct sf_engine {
  sf_table *table;      /* the loaded table, or NULL */
  sf_ingest *ingest;    /* an ingest in progress, or NULL */
  sf_view *view;        /* the current view over table, or NULL */
  char error[640];      /* sf_last_error's text */
};

/* Copy err into e->error as "LINE:COL: message" or "message". */
void sf_engine_set_error(sf_engine *e, const sf_error *err);

/* ---- specs (spec.c) ---------------------------------------------------- */

/* Parse a spec (DESIGN.md "The spec") strictly and validate it without data,
 * as web/spec.js validate() does, with its messages byte for byte: a newer
 * version, the guards, sf_spec_schema, then what a schema cannot say (data.url
 * and data.delimiter, component ids and configs, filters, the layout's
 * references). Syntax errors carry line/col; others name the path
 * ("components.h1.bins: must be an integer from 1 to 1000"). */
cJSON *sf_spec_parse(const char *text, size_t len, sf_error *err);
int sf_spec_check(const cJSON *spec, sf_error *err);
/* web/spec.schema.json, embedded by the build (generated sf_spec_schema.c). */
extern const char *const sf_spec_schema;

#endif
