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

/* ---- selection (selection.c) ------------------------------------------ */

/* Evaluate a predicate tree ({"field","in"} | {"field","range"} | {"not"} |
 * {"and"} | {"or"} | {"rows"}; NULL or JSON null = every row) into out, which
 * the caller frees. Errors name the predicate path, e.g. "filter.and[1].field". */
int sf_select(const sf_table *t, const cJSON *pred, sf_bitmap *out, sf_error *err);

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
/* Set roles from column names (DESIGN.md "Roles"); called by sf_ingest_finish. */
void sf_infer_roles(sf_table *t);
/* Apply {"<name>": {"role", "class", "type"?}} overrides on top of inferred roles.
 * Unknown column names are ignored (a link may name columns this file lacks). */
int sf_apply_column_overrides(sf_table *t, const cJSON *columns, sf_error *err);

/* ---- the engine handle (engine.c, run.c) ------------------------------ */

struct sf_engine {
  sf_table *table;      /* the loaded table, or NULL */
  sf_ingest *ingest;    /* an ingest in progress, or NULL */
  char error[640];      /* sf_last_error's text */
};

/* Copy err into e->error as "LINE:COL: message" or "message". */
void sf_engine_set_error(sf_engine *e, const sf_error *err);

#endif
