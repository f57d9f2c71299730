/* kernels.h — the C kernels named in registry.c, and the small helpers they
 * share (config checking, result building; implemented in registry.c).
 *
 * Every kernel: validate config (unknown keys and bad values are errors naming
 * the key), read the rows set in `rows`, add its result's members to `out`.
 * Every allocation failure is an SF_ENOMEM error; nothing leaks. */
#ifndef SF_KERNELS_H
#define SF_KERNELS_H
#include "internal.h"

int table_run(const sf_table *t, const sf_bitmap *rows, const cJSON *config, cJSON *out, sf_error *err);
int summary_run(const sf_table *t, const sf_bitmap *rows, const cJSON *config, cJSON *out, sf_error *err);
int histogram_run(const sf_table *t, const sf_bitmap *rows, const cJSON *config, cJSON *out, sf_error *err);
int confusion_matrix_run(const sf_table *t, const sf_bitmap *rows, const cJSON *config, cJSON *out, sf_error *err);

/* ---- config ---- */

/* config is NULL or an object whose keys are in `allowed` (NULL-terminated) or
 * are "type", "title", "note". */
int sf_cfg_check_keys(const cJSON *config, const char *const *allowed, sf_error *err);
/* The member `key`, or NULL when config is NULL, the key is absent or JSON null. */
const cJSON *sf_cfg_get(const cJSON *config, const char *key);
/* An integer in [min, max], def when absent. */
int sf_cfg_int(const cJSON *config, const char *key, long def, long min, long max, long *out,
               sf_error *err);
int sf_cfg_bool(const cJSON *config, const char *key, int def, int *out, sf_error *err);
/* A column name: *col = its index, or -1 when absent. */
int sf_cfg_column(const sf_table *t, const cJSON *config, const char *key, int *col, sf_error *err);
/* An array of column names (every column when absent): *cols is sf_malloc'd. */
int sf_cfg_columns(const sf_table *t, const cJSON *config, const char *key, int **cols, size_t *n,
                   sf_error *err);

/* ---- shared computations ---- */

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

/* ---- results ---- */

/* Add item to obj under key (or append when obj is an array and key NULL).
 * Returns item, or NULL (item deleted) when item is NULL or memory runs out. */
cJSON *sf_json_put(cJSON *obj, const char *key, cJSON *item);
/* A number, or null when v is NaN or infinite. */
cJSON *sf_json_num(double v);
/* A row's value: number, string, true/false, or null when missing. */
cJSON *sf_json_cell(const sf_column *c, size_t row);
/* A coded column's dictionary entry: a string, or true/false for a bool. */
cJSON *sf_json_code(const sf_column *c, int32_t code);
/* The error every kernel returns when the result can't be allocated. */
int sf_oom(sf_error *err);

#endif
