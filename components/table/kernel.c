/* table: the selected rows, a page at a time.
 * config: {"fields": [names] (default all), "offset": 0, "limit": 100 (0..1000),
 *          "sort": {"field", "desc": false}}
 * result: {"count", "offset", "fields", "rows": [{"row", "values": [...]}]}
 * Sorting is stable (ties keep file order); missing values sort last either way. */
#include "../kernels.h"
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
    if (!sf_json_put(values, NULL, sf_json_cell(&t->cols[cols[j]], row))) return SF_ENOMEM;
  return SF_OK;
}

int table_run(const sf_table *t, const sf_bitmap *rows, const cJSON *config, cJSON *out, sf_error *err) {
  static const char *const keys[] = {"fields", "offset", "limit", "sort", NULL};
  static const char *const sort_keys[] = {"field", "desc", NULL};
  const cJSON *sort = sf_cfg_get(config, "sort");
  int *cols = NULL, sort_col = -1, desc = 0, rc;
  size_t ncols = 0, count = sf_bitmap_count(rows), i, k;
  long offset, limit;
  size_t *sorted = NULL;
  cJSON *fields, *list;
  if ((rc = sf_cfg_check_keys(config, keys, err)) ||
      (rc = sf_cfg_int(config, "offset", 0, 0, 2147483647L, &offset, err)) ||
      (rc = sf_cfg_int(config, "limit", 100, 0, 1000, &limit, err)) ||
      (rc = sf_cfg_columns(t, config, "fields", &cols, &ncols, err)))
    goto end;
  if (sort) {
    const cJSON *it;
    if (!cJSON_IsObject(sort)) { rc = sf_fail(err, SF_EINPUT, 0, 0, "sort: must be an object {\"field\", \"desc\"}"); goto end; }
    for (it = sort->child; it; it = it->next)
      if (strcmp(it->string, sort_keys[0]) && strcmp(it->string, sort_keys[1])) {
        rc = sf_fail(err, SF_EINPUT, 0, 0, "sort.%s: unknown key", it->string);
        goto end;
      }
    if ((rc = sf_cfg_column(t, sort, "field", &sort_col, err)) || (rc = sf_cfg_bool(sort, "desc", 0, &desc, err))) {
      char msg[sizeof err->msg];
      memcpy(msg, err->msg, sizeof msg);
      sf_fail(err, rc, 0, 0, "sort.%.500s", msg);
      goto end;
    }
    if (sort_col < 0) { rc = sf_fail(err, SF_EINPUT, 0, 0, "sort.field: required"); goto end; }
  }
  rc = SF_ENOMEM;
  if (!sf_json_put(out, "count", cJSON_CreateNumber((double)count)) ||
      !sf_json_put(out, "offset", cJSON_CreateNumber((double)offset)) ||
      !(fields = sf_json_put(out, "fields", cJSON_CreateArray())) ||
      !(list = sf_json_put(out, "rows", cJSON_CreateArray())))
    goto oom;
  for (i = 0; i < ncols; i++)
    if (!sf_json_put(fields, NULL, cJSON_CreateString(t->cols[cols[i]].name))) goto oom;
  if (sort_col >= 0) {
    if ((rc = sorted_rows(t, rows, &t->cols[sort_col], desc, count, &sorted, err))) goto end;
    for (i = (size_t)offset; i < count && i < (size_t)offset + (size_t)limit; i++)
      if (add_row(t, cols, ncols, sorted[i], list)) goto oom;
  } else {
    for (i = 0, k = 0; i < t->nrows && k < (size_t)offset + (size_t)limit; i++) {
      if (!sf_bitmap_get(rows, i)) continue;
      if (k++ >= (size_t)offset && add_row(t, cols, ncols, i, list)) goto oom;
    }
  }
  rc = SF_OK;
  goto end;
oom:
  rc = sf_oom(err);
end:
  sf_free(sorted);
  sf_free(cols);
  return rc;
}
