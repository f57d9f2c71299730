/* scan.c — sf_scan, the benchmark's baseline (bench/README.md): the named columns
 * read once over every row, as a kernel reads rows (each row's bit in an all-rows
 * bitmap, then the value, missing ones left out), and nothing more: a sum per
 * column. `npm run bench` reports each component's time as a ratio to this scan
 * of the same columns, so the ratio says what a kernel costs beyond touching its
 * data.
 *
 * request: {"columns": ["<name>", ...]} (1 to SCAN_MAX_COLUMNS names), over the
 * view's table when a view is set (a threshold's derived prediction included),
 * else the loaded one. Result: {"rows", "columns", "sums", "missing"}: the sum of
 * each column's non-missing values (numbers; the dictionary codes of a category,
 * text or bool column) and its count of missing values. */
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define SCAN_MAX_COLUMNS 64
#define SCAN_MAX_DEPTH 8

/* The request's column indices into cols (*n of them); errors name the path. */
static int parse_request(const sf_table *t, const cJSON *req, int *cols, size_t *n, sf_error *err) {
  const cJSON *list, *it;
  if (!cJSON_IsObject(req)) return sf_fail(err, SF_EINPUT, 0, 0, "request: must be an object");
  for (it = req->child; it; it = it->next)
    if (strcmp(it->string, "columns") != 0)
      return sf_fail(err, SF_EINPUT, 0, 0, "%.100s: unknown key in the request (a scan has columns)", it->string);
  list = cJSON_GetObjectItemCaseSensitive(req, "columns");
  if (!cJSON_IsArray(list) || !list->child || cJSON_GetArraySize(list) > SCAN_MAX_COLUMNS)
    return sf_fail(err, SF_EINPUT, 0, 0, "columns: must be an array of 1 to %d column names", SCAN_MAX_COLUMNS);
  *n = 0;
  cJSON_ArrayForEach(it, list) {
    if (!cJSON_IsString(it)) return sf_fail(err, SF_EINPUT, 0, 0, "columns[%zu]: must be a column name (a string)", *n);
    if ((cols[*n] = sf_table_find(t, it->valuestring)) < 0)
      return sf_fail(err, SF_EINPUT, 0, 0, "columns[%zu]: no column named '%.200s'", *n, it->valuestring);
    (*n)++;
  }
  return SF_OK;
}

/* The pass itself: each column in turn over every row (its bit, then its value),
 * with the sum and the missing count in locals: the cheapest honest reading. */
static void scan_rows(const sf_table *t, const sf_bitmap *rows, const int *cols, size_t n, double *sums,
                      size_t *missing) {
  size_t i, j;
  for (j = 0; j < n; j++) {
    const sf_column *c = &t->cols[cols[j]];
    size_t miss = 0;
    if (c->type == SF_NUMBER) {
      const double *num = c->num;
      double sum = 0;
      for (i = 0; i < rows->nbits; i++) {
        if (!sf_bitmap_get(rows, i)) continue;
        if (isnan(num[i])) miss++;
        else sum += num[i];
      }
      sums[j] = sum;
    } else {
      const int32_t *codes = c->codes;
      int64_t sum = 0;
      for (i = 0; i < rows->nbits; i++) {
        if (!sf_bitmap_get(rows, i)) continue;
        if (codes[i] < 0) miss++;
        else sum += codes[i];
      }
      sums[j] = (double)sum;
    }
    missing[j] = miss;
  }
}

static char *result_json(const sf_table *t, const int *cols, size_t n, const double *sums, const size_t *missing) {
  cJSON *root = cJSON_CreateObject(), *names, *s, *m;
  char *out = NULL;
  size_t j;
  if (!sf_json_put(root, "rows", cJSON_CreateNumber((double)t->nrows)) ||
      !(names = sf_json_put(root, "columns", cJSON_CreateArray())) ||
      !(s = sf_json_put(root, "sums", cJSON_CreateArray())) || !(m = sf_json_put(root, "missing", cJSON_CreateArray())))
    goto end;
  for (j = 0; j < n; j++)
    if (!sf_json_put(names, NULL, cJSON_CreateString(t->cols[cols[j]].name)) || !sf_json_put(s, NULL, sf_json_num(sums[j])) ||
        !sf_json_put(m, NULL, cJSON_CreateNumber((double)missing[j])))
      goto end;
  out = sf_json_print(root);
end:
  cJSON_Delete(root);
  return out;
}

char *sf_scan(sf_engine *e, const char *request_json) {
  sf_error err = {0};
  cJSON *req = NULL;
  sf_bitmap rows = {0};
  const sf_table *t;
  int cols[SCAN_MAX_COLUMNS];
  double sums[SCAN_MAX_COLUMNS] = {0};
  size_t missing[SCAN_MAX_COLUMNS] = {0}, n = 0;
  char *out = NULL;
  if (!e) return NULL;
  e->error[0] = 0;
  if (!request_json) { sf_fail(&err, SF_EINPUT, 0, 0, "request: missing"); goto end; }
  if (!e->table) { sf_fail(&err, SF_ESTATE, 0, 0, "no table is loaded; load a file before a scan"); goto end; }
  t = e->view ? e->view->table : e->table;
  if (!(req = sf_json_parse_strict(request_json, strlen(request_json), SCAN_MAX_DEPTH, &err)) ||
      parse_request(t, req, cols, &n, &err) || sf_bitmap_init(&rows, t->nrows, 1, &err))
    goto end;
  scan_rows(t, &rows, cols, n, sums, missing);
  if (!(out = result_json(t, cols, n, sums, missing))) sf_oom(&err);
end:
  if (!out) sf_engine_set_error(e, &err);
  sf_bitmap_free(&rows);
  cJSON_Delete(req);
  return out;
}

/* The ingest benchmark's baseline for bytes (bench/README.md, "The ingest suite"):
 * each byte of bytes[0..n) read once and compared with '\n' in a plain loop, so the
 * engine's ingest of the same chunks is timed as a ratio to the least any reader of
 * the file does with its bytes. Used by no view. */
size_t sf_count_newlines(const uint8_t *bytes, size_t n) {
  size_t i, lines = 0;
  if (!bytes) return 0;
  for (i = 0; i < n; i++) lines += bytes[i] == '\n';
  return lines;
}
