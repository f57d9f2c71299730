/* summary: one line of statistics per column over the selected rows.
 * config (schema.json): {"fields": [names] (default: every column)}
 * result: {"rows", "fields", "columns": [{"name", "type", "role", "count", "missing", "distinct",
 *          "mean", "std", "min", "max", "median", "top": [{"value", "count"}]}]}
 * Numbers: mean/std (ddof 1)/min/max/median (mean of the middle two), null when not
 * defined (no values; std with count < 2), top []. Category/text/bool: those are
 * null and top holds the 5 most frequent values (count desc, then value asc;
 * a bool's values are true/false). Vector: count, missing and "dim" (its
 * numbers per row), the rest null, distinct null and top []. Sums are compensated (Neumaier) and the
 * variance is two-pass, so results match numpy to ~1e-15 relative. A numeric column's
 * values are read in order from its index (sf_column_ranks_of / sf_column_order),
 * built once per table: a brush costs one pass per column, no sort, and the same
 * numbers. */
#include "sinfonia_component.h"
#include <math.h>

#define TOP_K 5

static int put_stats(cJSON *o, double mean, double sd, double mn, double mx, double med) {
  return sf_json_put(o, "mean", sf_json_num(mean)) && sf_json_put(o, "std", sf_json_num(sd)) &&
         sf_json_put(o, "min", sf_json_num(mn)) && sf_json_put(o, "max", sf_json_num(mx)) &&
         sf_json_put(o, "median", sf_json_num(med));
}

/* The selected non-missing values of column col, ascending, into v (room for
 * `selected` + 1 values); *n of them. From the column's index when it has one:
 * its ranks (the selected rows counted per rank in one pass over the set bits,
 * then the values read off in order) or its order (walked, keeping the selected
 * rows); else a copy, then a sort. Each gives the same sequence of doubles, so
 * every statistic is the same to the bit. */
static int sorted_values(const sf_table *t, int col, const sf_bitmap *rows, double *v, size_t *n,
                         sf_error *err) {
  const sf_column *c = &t->cols[col];
  size_t i, j, k = 0, nvalid, nwords = (rows->nbits + 63) / 64;
  const sf_column_ranks *rk = sf_column_ranks_of(t, col);
  const uint32_t *order = rk ? NULL : sf_column_order(t, col, &nvalid);
  if (rk) {
    uint32_t *count = sf_calloc(rk->nvalues + 1, sizeof *count); /* [0]: missing */
    if (!count) return sf_oom(err);
    for (i = 0; i < nwords; i++)
      for (uint64_t w = rows->words[i]; w; w &= w - 1) count[rk->rank[i * 64 + (size_t)__builtin_ctzll(w)]]++;
    for (j = 1; j <= rk->nvalues; j++)
      for (i = 0; i < count[j]; i++) v[k++] = rk->values[j - 1];
    sf_free(count);
  } else if (order) {
    for (i = 0; i < nvalid; i++) { /* written always, kept when selected: no branch */
      uint32_t r = order[i];
      v[k] = c->num[r];
      k += (size_t)sf_bitmap_get(rows, r);
    }
  } else {
    int rc;
    for (i = 0; i < rows->nbits; i++)
      if (sf_bitmap_get(rows, i) && !isnan(c->num[i])) v[k++] = c->num[i];
    if ((rc = sf_sort_doubles(v, k, err))) return rc;
  }
  *n = k;
  return SF_OK;
}

static int number_stats(const sf_table *t, int col, const sf_bitmap *rows, size_t selected, cJSON *o,
                        sf_error *err) {
  double *v, mean = NAN, sd = NAN, med = NAN;
  sf_sum s = {0, 0}, ss = {0, 0};
  size_t i, n = 0, distinct = 0;
  int rc = SF_OK;
  if (selected >= SIZE_MAX / sizeof *v || !(v = sf_malloc((selected + 1) * sizeof *v))) return sf_oom(err);
  if ((rc = sorted_values(t, col, rows, v, &n, err))) goto end;
  for (i = 0; i < n; i++) {
    distinct += i == 0 || v[i] != v[i - 1];
    sf_sum_add(&s, v[i]);
  }
  if (n) {
    mean = sf_sum_total(&s) / (double)n;
    med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
  }
  if (n >= 2) {
    for (i = 0; i < n; i++) sf_sum_add(&ss, (v[i] - mean) * (v[i] - mean));
    sd = sqrt(sf_sum_total(&ss) / (double)(n - 1));
  }
  if (!sf_json_put(o, "count", cJSON_CreateNumber((double)n)) ||
      !sf_json_put(o, "missing", cJSON_CreateNumber((double)(selected - n))) ||
      !sf_json_put(o, "distinct", cJSON_CreateNumber((double)distinct)) ||
      !put_stats(o, mean, sd, n ? v[0] : NAN, n ? v[n - 1] : NAN, med) ||
      !sf_json_put(o, "top", cJSON_CreateArray()))
    rc = sf_oom(err);
end:
  sf_free(v);
  return rc;
}

static int coded_stats(const sf_column *c, const sf_bitmap *rows, cJSON *o, sf_error *err) {
  sf_value_counts vc;
  cJSON *top = cJSON_CreateArray();
  int rc;
  if (!top) return sf_oom(err);
  if ((rc = sf_top_values(c, rows, TOP_K, top, &vc, err))) {
    cJSON_Delete(top);
    return rc;
  }
  if (!sf_json_put(o, "count", cJSON_CreateNumber((double)vc.total)) ||
      !sf_json_put(o, "missing", cJSON_CreateNumber((double)vc.missing)) ||
      !sf_json_put(o, "distinct", cJSON_CreateNumber((double)vc.distinct)) ||
      !put_stats(o, NAN, NAN, NAN, NAN, NAN)) {
    cJSON_Delete(top);
    return sf_oom(err);
  }
  return sf_json_put(o, "top", top) ? SF_OK : sf_oom(err);
}

static int vector_stats(const sf_column *c, const sf_bitmap *rows, cJSON *o, sf_error *err) {
  size_t i, n = 0, all = 0;
  for (i = 0; i < rows->nbits; i++)
    if (sf_bitmap_get(rows, i)) {
      all++;
      n += !sf_column_is_missing(c, i);
    }
  if (!sf_json_put(o, "dim", cJSON_CreateNumber((double)c->dim)) || !sf_json_put(o, "count", cJSON_CreateNumber((double)n)) ||
      !sf_json_put(o, "missing", cJSON_CreateNumber((double)(all - n))) || !sf_json_put(o, "distinct", cJSON_CreateNull()) ||
      !put_stats(o, NAN, NAN, NAN, NAN, NAN) || !sf_json_put(o, "top", cJSON_CreateArray()))
    return sf_oom(err);
  return SF_OK;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  size_t n, i, selected = sf_bitmap_count(call->rows);
  const int *cols = sf_config_columns(call, "fields", &n);
  cJSON *list, *fields;
  if (!cols) n = call->table->ncols; /* default: every column */
  if (!sf_json_put(out, "rows", cJSON_CreateNumber((double)selected)) ||
      !(fields = sf_json_put(out, "fields", cJSON_CreateArray())) ||
      !(list = sf_json_put(out, "columns", cJSON_CreateArray())))
    return sf_oom(err);
  for (i = 0; i < n; i++)
    if (!sf_json_put(fields, NULL, cJSON_CreateString(call->table->cols[cols ? cols[i] : (int)i].name)))
      return sf_oom(err);
  for (i = 0; i < n; i++) {
    int col = cols ? cols[i] : (int)i, rc;
    const sf_column *c = &call->table->cols[col];
    cJSON *o = sf_json_put(list, NULL, cJSON_CreateObject());
    if (!o || !sf_json_put(o, "name", cJSON_CreateString(c->name)) ||
        !sf_json_put(o, "type", cJSON_CreateString(sf_type_name(c->type))) ||
        !sf_json_put(o, "role", cJSON_CreateString(sf_role_name(sf_call_role(call, col)))))
      return sf_oom(err);
    rc = c->type == SF_NUMBER   ? number_stats(call->table, col, call->rows, selected, o, err)
         : c->type == SF_VECTOR ? vector_stats(c, call->rows, o, err)
                                : coded_stats(c, call->rows, o, err);
    if (rc) return rc;
  }
  return SF_OK;
}
SF_COMPONENT(run);
