/* sinfonia_component.h — the component API: what a kernel (components/<name>/kernel.c)
 * may use, as SQLite's extensions include sqlite3ext.h. A kernel includes this header
 * only, never the engine's internal.h.
 *
 * A kernel reads the selected rows of a table and adds its result's members to a
 * JSON object. Its config was validated against its schema.json before the call
 * (types, ranges, enums, defaults filled, column names resolved to indices, role
 * defaults filled in), so a kernel reads it through accessors that cannot fail and
 * never checks it again. It ends with
 *
 *   static int run(const sf_call *call, cJSON *out, sf_error *err) { ... }
 *   SF_COMPONENT(run);
 *
 * Every allocation failure is an SF_ENOMEM error (sf_oom); nothing leaks. */
#ifndef SINFONIA_COMPONENT_H
#define SINFONIA_COMPONENT_H

#include "sinfonia.h"
#include "cJSON.h"
#include <stddef.h>
#include <stdint.h>

/* ---- errors ------------------------------------------------------------ */

/* What went wrong and where. line/col are 1-based positions in the input
 * (0 when the error is not about a position, e.g. a bad config key). */
typedef struct sf_error {
  int code;          /* SF_EINPUT, SF_ENOMEM, SF_ESTATE */
  long line, col;
  char msg[512];
} sf_error;

/* Record an error and return its code. fmt is printf-style. */
int sf_fail(sf_error *err, int code, long line, long col, const char *fmt, ...);
/* The error every kernel returns when memory runs out: SF_ENOMEM, "out of memory". */
int sf_oom(sf_error *err);

/* ---- memory (sf_free is in sinfonia.h) ---------------------------------- */

/* Every allocation goes through these, so a test can make the Nth one fail. */
void *sf_malloc(size_t n);
void *sf_calloc(size_t count, size_t size);   /* checks count*size for overflow */

/* ---- the table ---------------------------------------------------------- */

typedef enum { SF_NUMBER = 0, SF_CATEGORY, SF_TEXT, SF_BOOL, SF_VECTOR } sf_type;

typedef enum {
  SF_ROLE_FEATURE = 0, SF_ROLE_ID, SF_ROLE_LABEL, SF_ROLE_PREDICTION, SF_ROLE_SCORE,
  SF_ROLE_EMBEDDING, SF_ROLE_TEXT, SF_ROLE_IMAGE, SF_ROLE_GROUP, SF_ROLE_SPLIT, SF_ROLE_TIME
} sf_role;

/* Interned strings: each distinct string stored once, addressed by a code. */
typedef struct sf_dict {
  char **strs;        /* strs[code], NUL-terminated */
  size_t n, cap;
  uint64_t *slots;    /* open-addressing hash index: hash << 32 | code+1, 0 = empty */
  size_t nslots;
} sf_dict;

/* A column. Numbers live in num (NaN = missing). Category, text and bool live
 * in codes (-1 = missing) over dict; a bool's dict is exactly {"false","true"}
 * with code 0 = false and 1 = true. A vector (dim numbers per row) lives in num
 * as nrows x dim doubles stored dimension by dimension: num[a * nrows + row] is
 * entry a of row's vector (a missing row is NaN in every entry), so each entry is
 * a run of nrows doubles like a number column's (sf_call_embedding). role and score_class are the roles inferred
 * from the names at load; the roles in effect are the view's (sf_call_role). */
typedef struct sf_column {
  char *name;
  sf_type type;
  sf_role role;          /* inferred */
  char *score_class;     /* inferred, for SF_ROLE_SCORE: the label value it scores */
  size_t missing;
  size_t dim;            /* SF_VECTOR: the numbers per row */
  size_t nrows;          /* SF_VECTOR: the rows (the length of each entry's run in num) */
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
  /* The embedding inferred at load from the names of plain numeric features (see
   * sf_embedding): group[0..ngroup) in numeric order, named group_name; or none.
   * Kernels read the view's embedding with sf_call_embedding, never this. */
  int *group;
  size_t ngroup;
  char *group_name;
  /* The columns by name (sf_table_find): open addressing, slot = column + 1, the
   * first column of a name kept; NULL (a linear search) when it could not be made or
   * for a table that shares another's columns (a view's). */
  uint32_t *name_slots;
  size_t nslots;
  /* Per-column indexes built on first use (colindex.c, sf_column_order), freed with
   * the table; a view's table shares its file's. */
  struct sf_colindex *indexes;
} sf_table;

int sf_dict_intern(sf_dict *d, const char *s, size_t len, int32_t *code, sf_error *err);
void sf_dict_free(sf_dict *d);
/* The string for a row of a coded column, or NULL when missing. */
const char *sf_column_str(const sf_column *c, size_t row);
/* Whether the value is missing, for any type (a vector's first entries are
 * num[0..nrows): a missing row is NaN there). Inline: kernels ask per row. */
static inline int sf_column_is_missing(const sf_column *c, size_t row) {
  if (c->type == SF_NUMBER || c->type == SF_VECTOR) return c->num[row] != c->num[row];
  return c->codes[row] < 0;
}
/* Format a row's value as a label string (numbers shortest round-trip, e.g. "1",
 * "0.5"); returns 0 when missing. buf must hold at least 32 bytes. */
int sf_column_label(const sf_column *c, size_t row, char *buf, size_t cap, const char **out);
/* Shortest text that reads back as v ("1", "0.1"); buf holds >= 32 bytes. */
void sf_format_number(double v, char *buf, size_t cap);
const char *sf_type_name(sf_type t);
const char *sf_role_name(sf_role r);

/* ---- row bitmaps -------------------------------------------------------- */

typedef struct sf_bitmap {
  uint64_t *words;
  size_t nbits;
} sf_bitmap;

static inline int sf_bitmap_get(const sf_bitmap *b, size_t i) {
  return (int)((b->words[i >> 6] >> (i & 63)) & 1u);
}
size_t sf_bitmap_count(const sf_bitmap *b);
/* The first selected row at or after i, or b->nbits: `for (i = sf_bitmap_next(b, 0);
 * i < b->nbits; i = sf_bitmap_next(b, i + 1))` visits the selected rows in order at
 * a cost per selected row, with no branch on each row's bit. */
static inline size_t sf_bitmap_next(const sf_bitmap *b, size_t i) {
  size_t w = i >> 6, nw = (b->nbits + 63) >> 6;
  uint64_t bits;
  if (i >= b->nbits) return b->nbits;
  for (bits = b->words[w] & (~(uint64_t)0 << (i & 63)); !bits; bits = b->words[w])
    if (++w == nw) return b->nbits;
  return (w << 6) + (size_t)__builtin_ctzll(bits);
}
/* Release a bitmap's words (e.g. one sf_call_slice_rows filled). */
void sf_bitmap_free(sf_bitmap *b);

/* ---- sorting ------------------------------------------------------------ */

/* Sort n doubles (no NaN) ascending, in O(n). */
int sf_sort_doubles(double *v, size_t n, sf_error *err);
/* order[i] = the position of the i-th smallest key, stably (ties keep their
 * order), NaN last; O(n). */
int sf_sort_order(const double *keys, size_t n, size_t *order, sf_error *err);

/* ---- column indexes (colindex.c) ----------------------------------------- */

/* A numeric column's index, built once per table on first use and kept: one of
 * these two, each NULL when the column has the other or none (not numbers, out of
 * memory), and then the caller takes its plain path, with the same numbers.
 * The order: the rows of its non-missing values ascending, exactly as
 * sf_sort_doubles orders the values (-0 before 0; ties in row order); *n of them.
 * Walking it and keeping the selected rows gives the selected values sorted. */
const uint32_t *sf_column_order(const sf_table *t, int col, size_t *n);
/* The ranks (a column of few distinct values): values[0..nvalues) its distinct
 * values in that order (-0 and 0 apart), rank[row] the 1-based place of the row's
 * value among them, 0 when missing. Counting the selected rows per rank, then
 * reading values off in order, gives the selected values sorted (a counting sort). */
typedef struct sf_column_ranks {
  const uint32_t *rank;
  const double *values;
  size_t nvalues;
} sf_column_ranks;
const sf_column_ranks *sf_column_ranks_of(const sf_table *t, int col);

/* ---- equal-width bins as numpy.histogram (bins.c) ------------------------- */

typedef struct sf_bins {
  size_t n;
  double lo, hi, norm;
  double *edges;  /* n + 1: numpy.linspace(lo, hi, n + 1), the last exactly hi */
} sf_bins;
/* n bins over [lo, hi] (n >= 1); lo == hi widens to [lo - 0.5, hi + 0.5]; lo > hi
 * (no values: min INFINITY, max -INFINITY) gives numpy's [0, 1]. */
int sf_bins_init(sf_bins *b, size_t n, double lo, double hi, sf_error *err);
/* The bin of x as numpy.histogram finds it (each [lo, hi), the last closed), or n
 * when x is outside [lo, hi] or NaN. */
size_t sf_bins_index(const sf_bins *b, double x);
void sf_bins_free(sf_bins *b);

/* ---- symmetric eigen-decomposition (eigen.c) ------------------------------- */

/* The eigenvalues and eigenvectors of the symmetric d x d matrix a (row-major;
 * read only), by cyclic Jacobi rotations: values[j] descending, vectors[i*d + j]
 * the i-th entry of the j-th unit eigenvector (columns orthonormal to rounding;
 * each vector's sign as the rotations leave it). O(d^3) per sweep. */
int sf_eigen_symmetric(const double *a, size_t d, double *values, double *vectors, sf_error *err);

/* ---- k nearest neighbours (knn.c) ------------------------------------------- */

/* The k nearest neighbours of every point of an n x d row-major matrix (Euclidean;
 * a point is not its own neighbour), nearest first, ties by lower index. */
typedef struct sf_knn {
  size_t n, k;
  uint32_t *idx;   /* n*k neighbour indices, nearest first */
  double *dist;    /* n*k Euclidean distances */
  int exact;       /* 1 when every list is the true k nearest */
} sf_knn;
/* points: finite numbers, d >= 1, n < 2^32 - 1. k above n - 1 gives k = n - 1 (out->k).
 * Exact (a k-d tree) when n*n*d <= 2^31, else approximate (random projection
 * trees, then NN-descent rounds), the same lists for the same seed on every build.
 * Free with sf_knn_free, also after a failure. */
int sf_knn_build(const double *points, size_t n, size_t d, size_t k, uint64_t seed, sf_knn *out, sf_error *err);
void sf_knn_free(sf_knn *knn);
/* sf_knn_build with the search chosen (tests, and a config that asks for one). */
typedef enum { SF_KNN_AUTO = 0, SF_KNN_EXACT, SF_KNN_APPROX } sf_knn_mode;
int sf_knn_build_mode(const double *points, size_t n, size_t d, size_t k, uint64_t seed, sf_knn_mode mode,
                      sf_knn *out, sf_error *err);
/* 1 when SF_KNN_AUTO searches exactly for n points of d dimensions. */
int sf_knn_exact_rule(size_t n, size_t d);

/* ---- compensated sums (sum.c) -------------------------------------------- */

/* A running sum with Neumaier's compensation; start from {0, 0}. A partial sum
 * of some rows merges into another (the mergeable state kernels keep). */
typedef struct sf_sum { double sum, c; } sf_sum;
/* Inline: kernels add a value per row, and a call per value is most of a brush's cost. */
static inline void sf_sum_add(sf_sum *s, double x) {
  double t = s->sum + x;
  if (__builtin_fabs(s->sum) >= __builtin_fabs(x)) s->c += (s->sum - t) + x;
  else s->c += (x - t) + s->sum;
  s->sum = t;
}
double sf_sum_total(const sf_sum *s);
void sf_sum_merge(sf_sum *dst, const sf_sum *src);

/* ---- building results ---------------------------------------------------- */

/* Add item to obj under key (or append when obj is an array and key NULL).
 * Returns item, or NULL (item deleted) when item is NULL or memory runs out. */
cJSON *sf_json_put(cJSON *obj, const char *key, cJSON *item);
/* A number, or null when v is NaN or infinite. */
cJSON *sf_json_num(double v);
/* A row's value: number, string, true/false, or null when missing. */
cJSON *sf_json_cell(const sf_column *c, size_t row);
/* A coded column's dictionary entry: a string, or true/false for a bool. */
cJSON *sf_json_code(const sf_column *c, int32_t code);

/* How a coded column's values are spread over the selected rows. */
typedef struct sf_value_counts {
  size_t total;     /* non-missing selected rows */
  size_t missing;   /* missing selected rows */
  size_t distinct;  /* values with a nonzero count */
  size_t other;     /* rows whose value is beyond the top ones listed */
} sf_value_counts;
/* Append the `top` most frequent values of a coded column over the selected rows
 * to the array `list` as {"value", "count"}, by count descending then value
 * ascending (byte-wise), and fill *vc. */
int sf_top_values(const sf_column *c, const sf_bitmap *rows, size_t top, cJSON *list,
                  sf_value_counts *vc, sf_error *err);

/* ---- the call: table, rows, validated config, roles ---------------------- */

typedef struct sf_config sf_config;   /* a validated config (config.c) */
typedef struct sf_roles sf_roles;     /* the view's roles (roles.c) */

typedef struct sf_call {
  const sf_table *table;
  const sf_bitmap *rows;      /* the selected rows: table->nrows bits */
  const sf_config *config;
  const sf_roles *roles;
  const cJSON *slices;        /* the spec's named slices ("slices"), or NULL */
} sf_call;

/* Config accessors. key is a schema property, or a dotted path into a nested
 * object ("sort.field"). The schema guarantees the type; a key without a value
 * (absent, no default) reads as 0 / 0.0 / 0 / NULL / -1. */
long sf_config_int(const sf_call *call, const char *key);
double sf_config_number(const sf_call *call, const char *key);
int sf_config_bool(const sf_call *call, const char *key);
const char *sf_config_string(const sf_call *call, const char *key);
/* An "x-field" key: the column's index, or -1 when the key has no value. */
int sf_config_column(const sf_call *call, const char *key);
/* An array of "x-field" names: the columns' indices (*n of them), or NULL when the
 * key has no value. */
const int *sf_config_columns(const sf_call *call, const char *key, size_t *n);
/* Any value (e.g. an array of labels), or NULL when absent or JSON null. */
const cJSON *sf_config_get(const sf_call *call, const char *key);

/* The role of column col in the view, and for a score the class it scores (or NULL). */
sf_role sf_call_role(const sf_call *call, int col);
const char *sf_call_class(const sf_call *call, int col);
/* 1 when the view's prediction is derived from a score by the spec's threshold
 * (prediction = score >= *value ? the score's class : the label's other class),
 * with *score its column; 0 otherwise. */
int sf_call_threshold(const sf_call *call, int *score, double *value);

/* ---- scored classes (scores.c) -------------------------------------------- */

/* A class that a score column scores (a view column with the role score). */
typedef struct sf_scored {
  int col;           /* the score column */
  const char *cls;   /* the class, as text (sf_call_class) */
  int has_num;       /* the label is numeric and cls reads as a number */
  double num;        /* that number */
} sf_scored;

/* The view's embedding: a vector column, or number columns read as one vector
 * (the spec's columns with the role embedding, else the group of plain numeric
 * features named <prefix><0..n-1> or <prefix><1..n> that the engine infers at load,
 * e.g. px00..px63 or emb_0..emb_15). Entry a of row i's vector is values[a][i]
 * (NaN: missing), whatever the source. */
typedef struct sf_embedding {
  const char *name;             /* the vector column's name, or the group's prefix */
  size_t dim;
  const double *const *values;  /* dim runs of table->nrows doubles */
  const int *cols;              /* the columns it is read from: the vector column, or dim numbers */
  size_t ncols;
} sf_embedding;
/* 1 with *emb filled when the view has an embedding, else 0 (cannot fail). */
int sf_call_embedding(const sf_call *call, sf_embedding *emb);
/* Row i's vector into buf (emb->dim doubles): 1 when every entry is finite. */
int sf_embedding_row(const sf_embedding *emb, size_t row, double *buf);

/* The scored classes of a label column, in label order (numbers by value, before
 * any text that does not read as one, else byte-wise); of two columns scoring one
 * class the first in file order counts. */
typedef struct sf_scores {
  const sf_column *label;
  sf_scored *cls;
  size_t k;
  int *code_class;   /* a coded label: each dictionary code's class, or -1 */
} sf_scores;

/* Fails (SF_EINPUT) when no column has the role score or one does not hold
 * numbers. Free with sf_scores_free, also after a failure. */
int sf_scores_init(sf_scores *s, const sf_call *call, int label_col, sf_error *err);
/* The positive class of a binary reading: the class `want` names (an error naming
 * the scored classes when none is scored), or with want NULL the last in label order. */
int sf_scores_positive(const sf_scores *s, const char *want, size_t *index, sf_error *err);
/* The class of a row's label (not missing), or -1 when no score column scores it. */
int sf_scores_row_class(const sf_scores *s, size_t row);
/* Class j as the label holds it: a number for a numeric label, else its text. */
cJSON *sf_scores_class_json(const sf_scores *s, size_t j);
void sf_scores_free(sf_scores *s);
/* The number a class text stands for in a numeric label column (strtod over the
 * whole text, not NaN): 1 with *v set, else 0. */
int sf_class_number(const char *s, double *v);

/* ---- is the prediction wrong (mismatch.c) ---------------------------------- */

/* A row's prediction against its label: as numbers when both columns hold numbers,
 * as the same text otherwise ("1" and 1 agree). */
typedef struct sf_mismatch {
  const sf_column *label, *pred;
  int numeric;
  int32_t *map; /* both coded: the label code of each prediction code (-1: no such label) */
} sf_mismatch;
int sf_mismatch_init(sf_mismatch *m, const sf_column *label, const sf_column *pred, sf_error *err);
/* 1 when the row's prediction differs from its label, 0 when it agrees, -1 when either is missing. */
int sf_mismatch_row(const sf_mismatch *m, size_t row);
void sf_mismatch_free(sf_mismatch *m);

/* The spec's named slices ("slices": [{"name", "filter"}], validated with the
 * spec), in the spec's order: how many, slice i's name and filter, and the rows
 * its filter selects over the whole table, into *rows (nrows bits, freed with
 * sf_bitmap_free). A filter that does not fit this table is an SF_EINPUT error
 * naming it ("slices[1].filter.field: no column named 'x'"). */
size_t sf_call_slice_count(const sf_call *call);
const char *sf_call_slice_name(const sf_call *call, size_t i);
const cJSON *sf_call_slice_filter(const sf_call *call, size_t i);
int sf_call_slice_rows(const sf_call *call, size_t i, sf_bitmap *rows, sf_error *err);

/* ---- the entry point ------------------------------------------------------ */

typedef int (*sf_kernel_fn)(const sf_call *call, cJSON *out, sf_error *err);

/* The build compiles each components/<name>/kernel.c with
 * SF_COMPONENT_SYMBOL=sf_kernel_<name, '-' as '_'> and lists it in a generated
 * file, so a folder copied under a new name builds with no edit. */
#ifdef SF_COMPONENT_SYMBOL
#define SF_COMPONENT(fn) \
  int SF_COMPONENT_SYMBOL(const sf_call *call, cJSON *out, sf_error *err); \
  int SF_COMPONENT_SYMBOL(const sf_call *call, cJSON *out, sf_error *err) { return fn(call, out, err); } \
  struct sf_component_end_
#else
#define SF_COMPONENT(fn) _Static_assert(0, "compile kernels with -DSF_COMPONENT_SYMBOL=sf_kernel_<name>")
#endif

#endif
