/* regression: a numeric prediction against its label over the selected rows.
 * config (schema.json): {"label" (number column; default: role label), "prediction"
 *          (number column; default: role prediction), "bins" (20), "grid" (40)}
 * result: {"label", "prediction" (the columns' names), "count", "missing", "mae", "rmse",
 *          "r2", "residuals": {"bins": [{"lo", "hi", "count"}]},
 *          "scatter": {"x": [lo, hi], "y": [lo, hi], "grid", "cells": [{"i", "j", "count"}]}}
 * As scikit-learn over the rows where both values are present: mae =
 * mean_absolute_error, rmse = sqrt(mean_squared_error), r2 = r2_score (a constant
 * label gives 1 when every prediction is exact, else 0, as sklearn's force_finite;
 * fewer than two rows give null, as sklearn's NaN; no rows give null for all three).
 * Selected rows lacking either value are left out and counted in "missing".
 * The residual is prediction - label (positive: the model over-predicts). Its bins
 * are numpy.histogram(residuals, bins, range=(min, max)) where min and max are over
 * every row of the table with both values, not only the selected ones, so a linked
 * view keeps its bins while its counts change (as the histogram component does).
 * "scatter" is predicted against actual as numpy.histogram2d(label, prediction,
 * bins=grid, range=[extent, extent]): one extent for both axes (the min and max of
 * both columns over every row with both values), so cells are square and the
 * diagonal y = x runs corner to corner; i is the label's cell, j the prediction's;
 * only cells with rows are listed, by i then j. Raw rows never leave the kernel.
 * O(n): two passes (sums and extents, then the spread around the mean and the
 * counts), each a mergeable partial state; sums are compensated (Neumaier), so the
 * numbers match numpy's to ~1e-15 relative. */
#include "sinfonia_component.h"
#include <math.h>

/* Whether a row counts: both values present (a non-finite value, which only JSON
 * input could hold, counts as missing, as sklearn refuses it). */
static int usable(double y, double p) { return isfinite(y) && isfinite(p); }

/* Pass 1, mergeable: over the selected rows the counts and sums; over every row
 * with both values the extents of the residual and of the values. */
typedef struct pass1 {
  size_t used, missing;
  sf_sum y, abs_r, sq_r;
  double rlo, rhi, vlo, vhi;
} pass1;

static void pass1_init(pass1 *s) {
  s->used = s->missing = 0;
  s->y.sum = s->y.c = s->abs_r.sum = s->abs_r.c = s->sq_r.sum = s->sq_r.c = 0;
  s->rlo = s->vlo = INFINITY;
  s->rhi = s->vhi = -INFINITY;
}

static void pass1_accumulate(pass1 *s, const double *y, const double *p, const sf_bitmap *rows, size_t begin,
                             size_t end) {
  size_t i;
  for (i = begin; i < end; i++) {
    int sel = sf_bitmap_get(rows, i);
    double r;
    if (!usable(y[i], p[i])) { s->missing += (size_t)sel; continue; }
    r = p[i] - y[i];
    if (r < s->rlo) s->rlo = r;
    if (r > s->rhi) s->rhi = r;
    if (fmin(y[i], p[i]) < s->vlo) s->vlo = fmin(y[i], p[i]);
    if (fmax(y[i], p[i]) > s->vhi) s->vhi = fmax(y[i], p[i]);
    if (!sel) continue;
    s->used++;
    sf_sum_add(&s->y, y[i]);
    sf_sum_add(&s->abs_r, fabs(r));
    sf_sum_add(&s->sq_r, r * r);
  }
}

static void pass1_merge(pass1 *dst, const pass1 *src) {
  dst->used += src->used;
  dst->missing += src->missing;
  sf_sum_merge(&dst->y, &src->y);
  sf_sum_merge(&dst->abs_r, &src->abs_r);
  sf_sum_merge(&dst->sq_r, &src->sq_r);
  dst->rlo = fmin(dst->rlo, src->rlo);
  dst->rhi = fmax(dst->rhi, src->rhi);
  dst->vlo = fmin(dst->vlo, src->vlo);
  dst->vhi = fmax(dst->vhi, src->vhi);
}

/* Pass 2, mergeable: over the selected rows with both values the squared spread of
 * the label around its mean (r2's denominator), the residual counts and the cells. */
typedef struct pass2 {
  sf_sum ss;
  size_t *rcounts; /* residual bins */
  size_t *cells;   /* grid * grid, row-major by the label's cell */
} pass2;

static int pass2_init(pass2 *s, size_t nbins, size_t grid, sf_error *err) {
  s->ss.sum = s->ss.c = 0;
  s->rcounts = sf_calloc(nbins, sizeof *s->rcounts);
  s->cells = sf_calloc(grid * grid, sizeof *s->cells); /* grid <= 200: no overflow */
  return s->rcounts && s->cells ? SF_OK : sf_oom(err);
}

static void pass2_free(pass2 *s) {
  sf_free(s->rcounts);
  sf_free(s->cells);
}

static void pass2_accumulate(pass2 *s, const sf_bins *rb, const sf_bins *gb, double mean, const double *y, const double *p,
                             const sf_bitmap *rows, size_t begin, size_t end) {
  size_t i, k, a, b;
  for (i = begin; i < end; i++) {
    if (!sf_bitmap_get(rows, i) || !usable(y[i], p[i])) continue;
    sf_sum_add(&s->ss, (y[i] - mean) * (y[i] - mean));
    if ((k = sf_bins_index(rb, p[i] - y[i])) < rb->n) s->rcounts[k]++;
    a = sf_bins_index(gb, y[i]);
    b = sf_bins_index(gb, p[i]);
    if (a < gb->n && b < gb->n) s->cells[a * gb->n + b]++;
  }
}

static void pass2_merge(pass2 *dst, const pass2 *src, size_t nbins, size_t grid) {
  size_t i;
  sf_sum_merge(&dst->ss, &src->ss);
  for (i = 0; i < nbins; i++) dst->rcounts[i] += src->rcounts[i];
  for (i = 0; i < grid * grid; i++) dst->cells[i] += src->cells[i];
}

static cJSON *pair(double a, double b) {
  cJSON *arr = cJSON_CreateArray();
  if (arr && sf_json_put(arr, NULL, cJSON_CreateNumber(a)) && sf_json_put(arr, NULL, cJSON_CreateNumber(b))) return arr;
  cJSON_Delete(arr);
  return NULL;
}

static int finalize(const pass1 *s1, const pass2 *s2, const sf_bins *rb, const sf_bins *gb, cJSON *out) {
  double n = (double)s1->used, num = sf_sum_total(&s1->sq_r), den = sf_sum_total(&s2->ss);
  double mae = NAN, rmse = NAN, r2 = NAN;
  cJSON *res, *list, *sc, *cells;
  size_t i, j;
  if (s1->used) {
    mae = sf_sum_total(&s1->abs_r) / n;
    rmse = sqrt(num / n);
  }
  /* r2_score: NaN below two rows; a zero denominator gives 1 for a perfect fit, else 0 */
  if (s1->used >= 2) r2 = den != 0 ? 1 - num / den : num == 0 ? 1 : 0;
  if (!sf_json_put(out, "count", cJSON_CreateNumber(n)) ||
      !sf_json_put(out, "missing", cJSON_CreateNumber((double)s1->missing)) ||
      !sf_json_put(out, "mae", sf_json_num(mae)) || !sf_json_put(out, "rmse", sf_json_num(rmse)) ||
      !sf_json_put(out, "r2", sf_json_num(r2)) || !(res = sf_json_put(out, "residuals", cJSON_CreateObject())) ||
      !(list = sf_json_put(res, "bins", cJSON_CreateArray())))
    return SF_ENOMEM;
  for (i = 0; i < rb->n; i++) {
    cJSON *b = sf_json_put(list, NULL, cJSON_CreateObject());
    if (!b || !sf_json_put(b, "lo", cJSON_CreateNumber(rb->edges[i])) ||
        !sf_json_put(b, "hi", cJSON_CreateNumber(rb->edges[i + 1])) ||
        !sf_json_put(b, "count", cJSON_CreateNumber((double)s2->rcounts[i])))
      return SF_ENOMEM;
  }
  if (!(sc = sf_json_put(out, "scatter", cJSON_CreateObject())) || !sf_json_put(sc, "x", pair(gb->lo, gb->hi)) ||
      !sf_json_put(sc, "y", pair(gb->lo, gb->hi)) || !sf_json_put(sc, "grid", cJSON_CreateNumber((double)gb->n)) ||
      !(cells = sf_json_put(sc, "cells", cJSON_CreateArray())))
    return SF_ENOMEM;
  for (i = 0; i < gb->n; i++)
    for (j = 0; j < gb->n; j++) {
      size_t k = s2->cells[i * gb->n + j];
      cJSON *c;
      if (!k) continue;
      if (!(c = sf_json_put(cells, NULL, cJSON_CreateObject())) || !sf_json_put(c, "i", cJSON_CreateNumber((double)i)) ||
          !sf_json_put(c, "j", cJSON_CreateNumber((double)j)) || !sf_json_put(c, "count", cJSON_CreateNumber((double)k)))
        return SF_ENOMEM;
    }
  return SF_OK;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  /* both x-field "number": the config check has named the key of a column that is not */
  const sf_column *lc = &t->cols[sf_config_column(call, "label")];
  const sf_column *pc = &t->cols[sf_config_column(call, "prediction")];
  size_t nbins = (size_t)sf_config_int(call, "bins"), grid = (size_t)sf_config_int(call, "grid");
  size_t half = t->nrows / 2;
  pass1 s1, p1;
  pass2 s2 = {{0, 0}, NULL, NULL}, p2 = {{0, 0}, NULL, NULL};
  sf_bins rb = {0, 0, 0, 0, NULL}, gb = {0, 0, 0, 0, NULL};
  double mean;
  int rc;
  if (!sf_json_put(out, "label", cJSON_CreateString(lc->name)) ||
      !sf_json_put(out, "prediction", cJSON_CreateString(pc->name)))
    return sf_oom(err);
  /* Two partial states merged in each pass: the shape a split across workers takes. */
  pass1_init(&s1);
  pass1_init(&p1);
  pass1_accumulate(&s1, lc->num, pc->num, call->rows, 0, half);
  pass1_accumulate(&p1, lc->num, pc->num, call->rows, half, t->nrows);
  pass1_merge(&s1, &p1);
  mean = s1.used ? sf_sum_total(&s1.y) / (double)s1.used : 0;
  if ((rc = sf_bins_init(&rb, nbins, s1.rlo, s1.rhi, err)) || (rc = sf_bins_init(&gb, grid, s1.vlo, s1.vhi, err)) ||
      (rc = pass2_init(&s2, nbins, grid, err)) || (rc = pass2_init(&p2, nbins, grid, err)))
    goto end;
  pass2_accumulate(&s2, &rb, &gb, mean, lc->num, pc->num, call->rows, 0, half);
  pass2_accumulate(&p2, &rb, &gb, mean, lc->num, pc->num, call->rows, half, t->nrows);
  pass2_merge(&s2, &p2, nbins, grid);
  if (finalize(&s1, &s2, &rb, &gb, out)) rc = sf_oom(err);
end:
  pass2_free(&s2);
  pass2_free(&p2);
  sf_bins_free(&rb);
  sf_bins_free(&gb);
  return rc;
}
SF_COMPONENT(run);
