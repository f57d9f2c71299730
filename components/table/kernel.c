/* table: the selected rows, a page at a time.
 * config (schema.json): {"fields": [names] (default: every column), "offset", "limit",
 *          "sort": {"field", "desc"}}
 * result: {"count", "offset", "fields", "rows": [{"row", "values": [...]}]}
 * Sorting is stable (ties keep file order); missing values sort last either way. */
#include "sinfonia_component.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char *s; size_t code; } str_item;
static int cmp_str(const void *a, const void *b) {
  return strcmp(((const str_item *)a)->s, ((const str_item *)b)->s);
}

/* A number per dictionary code that orders the strings byte-wise. */
static int code_ranks(const sf_column *c, double **ranks, sf_error *err) {
  str_item *order = sf_calloc(c->dict.n, sizeof *order);
  size_t i;
  *ranks = sf_calloc(c->dict.n, sizeof **ranks);
  if (!order || !*ranks) {
    sf_free(order);
    sf_free(*ranks);
    *ranks = NULL;
    return sf_oom(err);
  }
  for (i = 0; i < c->dict.n; i++) { order[i].s = c->dict.strs[i]; order[i].code = i; }
  qsort(order, c->dict.n, sizeof *order, cmp_str);
  for (i = 0; i < c->dict.n; i++) (*ranks)[order[i].code] = (double)i;
  sf_free(order);
  return SF_OK;
}

/* The selected rows sorted by column c (stable; missing last either way):
 * *sorted has `count` row positions. */
static int sorted_rows(const sf_table *t, const sf_bitmap *rows, const sf_column *c, int desc,
                       size_t count, size_t **sorted, sf_error *err) {
  double *ranks = NULL, *keys = NULL;
  size_t i, k = 0, *order = NULL;
  int rc = SF_OK;
  *sorted = sf_calloc(count, sizeof **sorted);
  keys = sf_calloc(count, sizeof *keys);
  order = sf_calloc(count, sizeof *order);
  if (!*sorted || !keys || !order) { rc = sf_oom(err); goto end; }
  if (c->type != SF_NUMBER && c->type != SF_BOOL && (rc = code_ranks(c, &ranks, err))) goto end;
  for (i = 0; i < t->nrows; i++) {
    double key;
    if (!sf_bitmap_get(rows, i)) continue;
    if (c->type == SF_NUMBER) key = c->num[i];
    else if (c->codes[i] < 0) key = NAN;
    else key = ranks ? ranks[c->codes[i]] : (double)c->codes[i]; /* bool: false 0, true 1 */
    keys[k] = desc && !isnan(key) ? -key : key;
    (*sorted)[k++] = i;
  }
  if ((rc = sf_sort_order(keys, k, order, err))) goto end;
  for (i = 0; i < k; i++) order[i] = (*sorted)[order[i]];
  memcpy(*sorted, order, k * sizeof *order);
end:
  sf_free(ranks);
  sf_free(keys);
  sf_free(order);
  if (rc) { sf_free(*sorted); *sorted = NULL; }
  return rc;
}

static int add_row(const sf_table *t, const int *cols, size_t ncols, size_t row, cJSON *list) {
  cJSON *obj = sf_json_put(list, NULL, cJSON_CreateObject()), *values;
  size_t j;
  if (!obj || !sf_json_put(obj, "row", cJSON_CreateNumber((double)row)) ||
      !(values = sf_json_put(obj, "values", cJSON_CreateArray())))
    return SF_ENOMEM;
  for (j = 0; j < ncols; j++)
    if (!sf_json_put(values, NULL, sf_json_cell(&t->cols[cols ? cols[j] : (int)j], row))) return SF_ENOMEM;
  return SF_OK;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  const sf_bitmap *rows = call->rows;
  size_t ncols, count = sf_bitmap_count(rows), i, k, *sorted = NULL;
  const int *cols = sf_config_columns(call, "fields", &ncols);
  int sort_col = sf_config_column(call, "sort.field"), rc = SF_OK;
  size_t offset = (size_t)sf_config_int(call, "offset"), limit = (size_t)sf_config_int(call, "limit");
  cJSON *fields, *list, *unsorted;
  if (!cols) ncols = t->ncols; /* default: every column */
  if (!sf_json_put(out, "count", cJSON_CreateNumber((double)count)) ||
      !sf_json_put(out, "offset", cJSON_CreateNumber((double)offset)) ||
      !(fields = sf_json_put(out, "fields", cJSON_CreateArray())) ||
      !(list = sf_json_put(out, "rows", cJSON_CreateArray())))
    goto oom;
  for (i = 0; i < ncols; i++)
    if (!sf_json_put(fields, NULL, cJSON_CreateString(t->cols[cols ? cols[i] : (int)i].name))) goto oom;
  /* the fields a sort cannot order (vectors), when there are any, so the view offers no sort on them */
  for (i = 0, unsorted = NULL; i < ncols; i++)
    if (t->cols[cols ? cols[i] : (int)i].type == SF_VECTOR &&
        ((!unsorted && !(unsorted = sf_json_put(out, "unsortable", cJSON_CreateArray()))) ||
         !sf_json_put(unsorted, NULL, cJSON_CreateString(t->cols[cols ? cols[i] : (int)i].name))))
      goto oom;
  if (sort_col >= 0) {
    if ((rc = sorted_rows(t, rows, &t->cols[sort_col], sf_config_bool(call, "sort.desc"), count, &sorted, err)))
      goto end;
    for (i = offset; i < count && i - offset < limit; i++)
      if (add_row(t, cols, ncols, sorted[i], list)) goto oom;
  } else {
    for (i = 0, k = 0; i < t->nrows && k < offset + limit; i++) {
      if (!sf_bitmap_get(rows, i)) continue;
      if (k++ >= offset && add_row(t, cols, ncols, i, list)) goto oom;
    }
  }
  goto end;
oom:
  rc = sf_oom(err);
end:
  sf_free(sorted);
  return rc;
}
SF_COMPONENT(run);
