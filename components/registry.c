/* registry.c — the one list naming every C kernel, and the helpers kernels share.
 * Adding a component: one folder under components/ and one line below. */
#include "kernels.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sf_component components[] = {
    {"table", table_run},
    {"summary", summary_run},
    {"histogram", histogram_run},
    {"confusion-matrix", confusion_matrix_run},
};

const sf_component *sf_component_find(const char *name) {
  size_t i;
  if (!name) return NULL;
  for (i = 0; i < sizeof components / sizeof *components; i++)
    if (strcmp(components[i].name, name) == 0) return &components[i];
  return NULL;
}

/* ---- config ---- */

static const char *const common_keys[] = {"type", "title", "note", NULL};

static int in_list(const char *const *list, const char *s) {
  for (; list && *list; list++)
    if (strcmp(*list, s) == 0) return 1;
  return 0;
}

int sf_cfg_check_keys(const cJSON *config, const char *const *allowed, sf_error *err) {
  const cJSON *it;
  if (!config || cJSON_IsNull(config)) return SF_OK;
  if (!cJSON_IsObject(config)) return sf_fail(err, SF_EINPUT, 0, 0, "must be an object");
  for (it = config->child; it; it = it->next) {
    if (in_list(common_keys, it->string) || in_list(allowed, it->string)) continue;
    return sf_fail(err, SF_EINPUT, 0, 0, "%s: unknown key", it->string);
  }
  for (it = config->child; it; it = it->next) /* the common keys' values */
    if ((strcmp(it->string, "title") == 0 || strcmp(it->string, "note") == 0) &&
        !cJSON_IsString(it) && !cJSON_IsNull(it))
      return sf_fail(err, SF_EINPUT, 0, 0, "%s: must be a string", it->string);
  return SF_OK;
}

const cJSON *sf_cfg_get(const cJSON *config, const char *key) {
  const cJSON *v;
  if (!config || !cJSON_IsObject(config)) return NULL;
  v = cJSON_GetObjectItemCaseSensitive(config, key);
  return v && !cJSON_IsNull(v) ? v : NULL;
}

int sf_cfg_int(const cJSON *config, const char *key, long def, long min, long max, long *out,
               sf_error *err) {
  const cJSON *v = sf_cfg_get(config, key);
  double d;
  *out = def;
  if (!v) return SF_OK;
  d = v->valuedouble;
  if (!cJSON_IsNumber(v) || d != floor(d) || d < (double)min || d > (double)max)
    return sf_fail(err, SF_EINPUT, 0, 0, "%s: must be an integer from %ld to %ld", key, min, max);
  *out = (long)d;
  return SF_OK;
}

int sf_cfg_bool(const cJSON *config, const char *key, int def, int *out, sf_error *err) {
  const cJSON *v = sf_cfg_get(config, key);
  *out = def;
  if (!v) return SF_OK;
  if (!cJSON_IsBool(v)) return sf_fail(err, SF_EINPUT, 0, 0, "%s: must be true or false", key);
  *out = cJSON_IsTrue(v);
  return SF_OK;
}

static int column_named(const sf_table *t, const cJSON *v, const char *path, int *col, sf_error *err) {
  if (!cJSON_IsString(v)) return sf_fail(err, SF_EINPUT, 0, 0, "%s: must be a column name (a string)", path);
  *col = sf_table_find(t, v->valuestring);
  if (*col < 0) return sf_fail(err, SF_EINPUT, 0, 0, "%s: no column named '%s'", path, v->valuestring);
  return SF_OK;
}

int sf_cfg_column(const sf_table *t, const cJSON *config, const char *key, int *col, sf_error *err) {
  const cJSON *v = sf_cfg_get(config, key);
  *col = -1;
  return v ? column_named(t, v, key, col, err) : SF_OK;
}

int sf_cfg_columns(const sf_table *t, const cJSON *config, const char *key, int **cols, size_t *n,
                   sf_error *err) {
  const cJSON *v = sf_cfg_get(config, key), *it;
  size_t i = 0, count;
  int rc = SF_OK;
  char path[96];
  *cols = NULL;
  *n = 0;
  if (v && !cJSON_IsArray(v)) return sf_fail(err, SF_EINPUT, 0, 0, "%s: must be an array of column names", key);
  count = v ? (size_t)cJSON_GetArraySize(v) : t->ncols;
  *cols = sf_calloc(count, sizeof **cols);
  if (!*cols) { rc = sf_oom(err); goto end; }
  if (!v) {
    for (i = 0; i < count; i++) (*cols)[i] = (int)i;
  } else {
    for (it = v->child; it; it = it->next, i++) {
      snprintf(path, sizeof path, "%s[%zu]", key, i);
      if ((rc = column_named(t, it, path, &(*cols)[i], err))) goto end;
    }
  }
  *n = count;
end:
  if (rc) { sf_free(*cols); *cols = NULL; }
  return rc;
}

/* ---- shared computations ---- */

static int code_counts(const sf_column *c, const sf_bitmap *rows, size_t **counts, size_t *missing,
                       sf_error *err) {
  size_t i;
  *missing = 0;
  *counts = sf_calloc(c->dict.n, sizeof **counts);
  if (!*counts) return sf_oom(err);
  for (i = 0; i < rows->nbits; i++) {
    if (!sf_bitmap_get(rows, i)) continue;
    if (c->codes[i] < 0) (*missing)++;
    else (*counts)[c->codes[i]]++;
  }
  return SF_OK;
}

typedef struct { size_t count; const char *s; int32_t code; } count_item;

static int cmp_count(const void *a, const void *b) {
  const count_item *x = a, *y = b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return strcmp(x->s, y->s);
}

int sf_top_values(const sf_column *c, const sf_bitmap *rows, size_t top, cJSON *list,
                  sf_value_counts *vc, sf_error *err) {
  size_t *counts = NULL, i, k = 0;
  count_item *items = NULL;
  int rc;
  memset(vc, 0, sizeof *vc);
  if ((rc = code_counts(c, rows, &counts, &vc->missing, err))) goto end;
  if (!(items = sf_calloc(c->dict.n, sizeof *items))) { rc = sf_oom(err); goto end; }
  for (i = 0; i < c->dict.n; i++)
    if (counts[i]) {
      items[k].count = counts[i];
      items[k].s = c->dict.strs[i];
      items[k++].code = (int32_t)i;
      vc->total += counts[i];
    }
  qsort(items, k, sizeof *items, cmp_count);
  vc->distinct = k;
  for (i = 0; i < k; i++) {
    cJSON *e;
    if (i >= top) { vc->other += items[i].count; continue; }
    if (!(e = sf_json_put(list, NULL, cJSON_CreateObject())) ||
        !sf_json_put(e, "value", sf_json_code(c, items[i].code)) ||
        !sf_json_put(e, "count", cJSON_CreateNumber((double)items[i].count))) {
      rc = sf_oom(err);
      goto end;
    }
  }
end:
  sf_free(counts);
  sf_free(items);
  return rc;
}

/* ---- results ---- */

int sf_oom(sf_error *err) { return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory"); }

cJSON *sf_json_put(cJSON *obj, const char *key, cJSON *item) {
  if (!item) return NULL;
  if (!obj) { cJSON_Delete(item); return NULL; }
  if (key ? !cJSON_AddItemToObject(obj, key, item) : !cJSON_AddItemToArray(obj, item)) {
    cJSON_Delete(item);
    return NULL;
  }
  return item;
}

cJSON *sf_json_num(double v) { return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull(); }

cJSON *sf_json_code(const sf_column *c, int32_t code) {
  if (c->type == SF_BOOL) return cJSON_CreateBool(code == 1);
  return cJSON_CreateString(c->dict.strs[code]);
}

cJSON *sf_json_cell(const sf_column *c, size_t row) {
  if (sf_column_is_missing(c, row)) return cJSON_CreateNull();
  if (c->type == SF_NUMBER) return sf_json_num(c->num[row]);
  return sf_json_code(c, c->codes[row]);
}
