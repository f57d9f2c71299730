/* internal.h — types shared by the engine's files and the component kernels.
 * Nothing here is part of the ABI; JS sees only sinfonia.h. */
#ifndef SF_INTERNAL_H
#define SF_INTERNAL_H

#include "sinfonia.h"
#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>
#include "cJSON.h"

/* ---- errors (error.c) -------------------------------------------------- */

/* What went wrong and where. line/col are 1-based positions in the input
 * (0 when the error is not about a position, e.g. a bad config key). */
typedef struct sf_error {
  int code;          /* SF_EINPUT, SF_ENOMEM, SF_ESTATE */
  long line, col;
  char msg[512];
} sf_error;

/* Record an error and return its code. fmt is printf-style. */
int sf_fail(sf_error *err, int code, long line, long col, const char *fmt, ...);
/* Prefix the message with "path: " (used to name a spec path, e.g. "components.h1"). */
void sf_error_prefix(sf_error *err, const char *path);
/* "LINE:COL: message" or "message" when there is no position. */
void sf_error_format(const sf_error *err, char *buf, size_t cap);

/* ---- memory (alloc.c) -------------------------------------------------- */

/* Every allocation of the engine goes through these, so a test build can make
 * the Nth allocation fail (sf_alloc_fail_after) and check nothing leaks. */
void *sf_malloc(size_t n);
void *sf_calloc(size_t count, size_t size);   /* checks count*size for overflow */
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

/* ---- table (table.c) --------------------------------------------------- */

typedef enum { SF_NUMBER = 0, SF_CATEGORY, SF_TEXT, SF_BOOL } sf_type;

typedef enum {
  SF_ROLE_FEATURE = 0, SF_ROLE_ID, SF_ROLE_LABEL, SF_ROLE_PREDICTION, SF_ROLE_SCORE,
  SF_ROLE_EMBEDDING, SF_ROLE_TEXT, SF_ROLE_IMAGE, SF_ROLE_GROUP, SF_ROLE_SPLIT, SF_ROLE_TIME
} sf_role;

/* Interned strings: each distinct string stored once, addressed by a code. */
typedef struct sf_dict {
  char **strs;        /* strs[code], NUL-terminated */
  size_t n, cap;
  uint32_t *slots;    /* open-addressing hash index: code+1, 0 = empty */
  size_t nslots;
} sf_dict;

/* A column. Numbers live in num (NaN = missing). Category, text and bool live
 * in codes (-1 = missing) over dict; a bool's dict is exactly {"false","true"}
 * with code 0 = false and 1 = true. */
typedef struct sf_column {
  char *name;
  sf_type type;
  sf_role role;          /* in effect: the override if any, else inferred */
  sf_role inferred_role;
  char *score_class;     /* for SF_ROLE_SCORE: the label value it scores */
  char *inferred_class;
  size_t missing;
  double *num;
  int32_t *codes;
  sf_dict dict;
} sf_column;

typedef struct sf_table {
  size_t nrows, ncols, capcols;
  sf_column *cols;
  char format[8];        /* "csv", "tsv", "json", "jsonl" */
  char delimiter;        /* CSV/TSV only */
  int header;            /* CSV/TSV: 1 when the first line names the columns */
  uint64_t content_hash; /* over every byte fed to the ingest */
} sf_table;

int sf_dict_intern(sf_dict *d, const char *s, size_t len, int32_t *code, sf_error *err);
void sf_dict_free(sf_dict *d);

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
/* First column whose role in effect is `role`, or -1. */
int sf_table_find_role(const sf_table *t, sf_role role);
/* The string for a row of a coded column, or NULL when missing. */
const char *sf_column_str(const sf_column *c, size_t row);
/* Whether the value is missing, for any type. */
int sf_column_is_missing(const sf_column *c, size_t row);
/* Format a row's value as a label string (numbers shortest round-trip, e.g. "1",
 * "0.5"); returns 0 when missing. buf must hold at least 32 bytes. */
int sf_column_label(const sf_column *c, size_t row, char *buf, size_t cap, const char **out);

const char *sf_type_name(sf_type t);
const char *sf_role_name(sf_role r);
int sf_type_parse(const char *s, sf_type *out);   /* 0 on success */
int sf_role_parse(const char *s, sf_role *out);   /* 0 on success */

/* ---- bitmaps (bitmap.c) ----------------------------------------------- */

typedef struct sf_bitmap {
  uint64_t *words;
  size_t nbits;
} sf_bitmap;

int sf_bitmap_init(sf_bitmap *b, size_t nbits, int fill, sf_error *err);
void sf_bitmap_free(sf_bitmap *b);
static inline int sf_bitmap_get(const sf_bitmap *b, size_t i) {
  return (int)((b->words[i >> 6] >> (i & 63)) & 1u);
}
static inline void sf_bitmap_set(sf_bitmap *b, size_t i) {
  b->words[i >> 6] |= (uint64_t)1 << (i & 63);
}
static inline void sf_bitmap_clear(sf_bitmap *b, size_t i) {
  b->words[i >> 6] &= ~((uint64_t)1 << (i & 63));
}
size_t sf_bitmap_count(const sf_bitmap *b);
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

/* ---- sorting (sort.c) ------------------------------------------------- */

/* Sort n doubles (no NaN) ascending, in O(n). */
int sf_sort_doubles(double *v, size_t n, sf_error *err);
/* order[i] = the position of the i-th smallest key, stably (ties keep their
 * order), NaN last; O(n). */
int sf_sort_order(const double *keys, size_t n, size_t *order, sf_error *err);

/* ---- selection (selection.c) ------------------------------------------ */

/* Evaluate a predicate tree ({"field","in"} | {"field","range"} | {"not"} |
 * {"and"} | {"or"} | {"rows"}; NULL or JSON null = every row) into out, which
 * the caller frees. Errors name the predicate path, e.g. "filter.and[1].field". */
int sf_select(const sf_table *t, const cJSON *pred, sf_bitmap *out, sf_error *err);
/* Check a predicate's shape without a table (keys, types, depth; not column names);
 * errors are prefixed with path, e.g. "filters[0].in". */
int sf_predicate_check(const cJSON *pred, const char *path, sf_error *err);

/* ---- components (components/registry.c) -------------------------------- */

/* A kernel reads the rows set in `rows` and adds its result's members to `out`
 * (a JSON object). It validates config itself: unknown keys and bad values are
 * errors naming the key ("bins: must be an integer from 1 to 1000"). The keys
 * "type", "title" and "note" are common to every component and ignored. */
typedef int (*sf_kernel_fn)(const sf_table *t, const sf_bitmap *rows, const cJSON *config,
                            cJSON *out, sf_error *err);

typedef struct sf_component {
  const char *name;     /* the spec's "type", e.g. "confusion-matrix" */
  sf_kernel_fn run;
} sf_component;

const sf_component *sf_component_find(const char *name);

/* ---- ingest (ingest.c, csv.c, json_ingest.c, infer.c) ----------------- */

typedef struct sf_ingest sf_ingest;
int sf_ingest_new(const char *options_json, sf_ingest **out, sf_error *err);
int sf_ingest_feed(sf_ingest *in, const uint8_t *bytes, size_t n, sf_error *err);
int sf_ingest_finish(sf_ingest *in, sf_table **out, sf_error *err);
void sf_ingest_free(sf_ingest *in);
/* The schema JSON of a loaded table (see sinfonia.h), sf_malloc'd. */
char *sf_schema_json(const sf_table *t);
/* The fingerprint string of a loaded table: columns, row count, content hash. */
void sf_table_fingerprint(const sf_table *t, char *buf, size_t cap);
/* ASCII case-insensitive equality (roles.c). */
int sf_ieq(const char *a, const char *b);
/* Set roles from column names (DESIGN.md "Roles"); called by sf_ingest_finish. */
void sf_infer_roles(sf_table *t);
/* Apply {"<name>": {"role", "class", "type"?}} overrides on top of inferred roles.
 * Every column's role and class are first reset to the inferred ones; "type" is
 * checked here but applied only at ingest.
 * Unknown column names are ignored (a link may name columns this file lacks). */
int sf_apply_column_overrides(sf_table *t, const cJSON *columns, sf_error *err);
/* Validate overrides without applying them: members must be objects with only
 * "role", "class", "type"; errors name the path ("columns.x.role: unknown role 'foo'"). */
int sf_check_column_overrides(const cJSON *columns, sf_error *err);

/* Raw values collected while streaming, one byte stream per column, typed at
 * finish (infer.c). A missing value is the byte SF_RAW_MISSING_BYTE; any other is
 * its bytes then a NUL, after a kind byte (0xFC + kind - SF_RAW_NUMBER) for JSON
 * values and none for CSV text. Bytes 0xFB-0xFF never occur in UTF-8, and input
 * never holds NUL, so the stream reads back unambiguously.
 * The stream lives in blocks that are never moved (growing never copies the values
 * so far): a full block ends with SF_RAW_BLOCK_END and the stream goes on in the
 * next one; a value never spans two blocks. */
enum { SF_RAW_MISSING = 0, SF_RAW_TEXT, SF_RAW_NUMBER, SF_RAW_BOOL, SF_RAW_STRING };
#define SF_RAW_MISSING_BYTE 0xFF
#define SF_RAW_BLOCK_END 0xFB
#define SF_RAW_KIND_BYTE(kind) (0xFC + (kind) - SF_RAW_NUMBER)
typedef struct sf_rawcol {
  char *name;
  char *buf;            /* the current block */
  size_t len, cap;      /* bytes used and usable in it (one more byte is kept for the end mark) */
  char **blocks;        /* the full blocks before it, in order */
  size_t nblocks, capblocks;
  size_t n;             /* values so far */
  int forced;           /* options "columns" force forced_type */
  sf_type forced_type;
} sf_rawcol;

typedef struct sf_rawcols {
  sf_rawcol *cols;
  size_t ncols, capcols, nrows;
  sf_dict names;            /* column name -> index (codes follow column order) */
  const cJSON *overrides;   /* the options' "columns", or NULL */
} sf_rawcols;

/* The column named name[0..len): *idx, *is_new = 0 when it exists; otherwise a new
 * column (missing in the rows so far) and *is_new = 1. */
int sf_rawcols_intern(sf_rawcols *rc, const char *name, size_t len, size_t *idx, int *is_new,
                      sf_error *err);
/* Make room for `extra` more bytes in c->buf after the value begun at buf[*start]
 * (start NULL: no value begun, as if *start == c->len). When a new block is needed
 * the value's bytes so far move into it and *start follows them. */
int sf_rawcol_reserve(sf_rawcol *c, size_t extra, size_t *start, sf_error *err);
/* End the value begun at buf[*start] (for JSON kinds, its kind byte): NUL-terminate
 * it, or for SF_RAW_MISSING drop its bytes and write the missing byte. *start
 * follows the value if it moves to a new block. */
int sf_rawcol_push(sf_rawcol *c, size_t *start, int kind, sf_error *err);
/* Free the stream's blocks. */
void sf_rawcol_free_buf(sf_rawcol *c);
/* End a row: columns without a value in it get a missing one. */
int sf_rawcols_end_row(sf_rawcols *rc, sf_error *err);
void sf_rawcols_free(sf_rawcols *rc);
/* CSV missing tokens: "", NA, N/A, NaN, nan, null, NULL (exactly). */
int sf_is_missing_token(const char *s, size_t n);
/* 1 when s (NUL-terminated) is a finite decimal number, surrounding spaces allowed. */
int sf_parse_number(const char *s, double *out);
/* Shortest text that reads back as v ("1", "0.1"); buf holds >= 32 bytes. */
void sf_format_number(double v, char *buf, size_t cap);
/* Error unless the value s of kind converts to c's forced type. */
int sf_check_forced(const sf_rawcol *c, const char *s, int kind, long line, long col, sf_error *err);
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

/* ---- the engine handle (engine.c, run.c) ------------------------------ */

struct sf_engine {
  sf_table *table;      /* the loaded table, or NULL */
  sf_ingest *ingest;    /* an ingest in progress, or NULL */
  char error[640];      /* sf_last_error's text */
};

/* Copy err into e->error as "LINE:COL: message" or "message". */
void sf_engine_set_error(sf_engine *e, const sf_error *err);

/* ---- specs (spec.c) ---------------------------------------------------- */

/* Parse a spec (DESIGN.md "The spec") strictly and validate its shape: version,
 * columns, filters, component ids and types (each kernel checks its own keys when
 * run). Syntax errors carry line/col; others name the path ("components.h1.type"). */
cJSON *sf_spec_parse(const char *text, size_t len, sf_error *err);
int sf_spec_check(const cJSON *spec, sf_error *err);

#endif
