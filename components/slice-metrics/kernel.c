/* slice-metrics: a classifier's metrics per slice of the selected rows.
 * config (schema.json): {"source": "field" | "named", "field", "binning":
 *          "equal-width" | "quantile", "bins" (10), "top" (20), "sort": "gap" | "count" |
 *          "value", "metric" (the view's), "label", "prediction" (default: the roles)}
 * result: {"source", "field"?, "binning"?, "extent"?, "label", "prediction", "count", "missing",
 *          "overall": {metrics}, "groups": [{slice, "missing", metrics, "gap"}],
 *          "values"? (a category's distinct values), "unbinned"? (a number's non-finite)}
 * metrics: "count", "accuracy", "precision", "recall", "f1", "error_rate", "accuracy_ci".
 *
 * As scikit-learn over each slice's rows that have a label and a prediction (the
 * other selected rows are counted in "missing", per slice and overall): accuracy_score;
 * precision, recall and F1 as precision_recall_fscore_support(average='macro',
 * zero_division=0), i.e. over unique_labels(y_true, y_pred) OF THAT SLICE; error_rate =
 * 1 - accuracy; accuracy_ci the Wilson score interval with z = 1.9599639845400545
 * (scipy's norm.isf(0.025), 1.959963984540054 to 16 digits), as statsmodels'
 * proportion_confint(method='wilson'), bit for bit (not clipped); gap = the slice's
 * accuracy - the overall accuracy. A slice without such rows has null metrics.
 * Labels and predictions compare as in confusion-matrix: as numbers when both
 * columns hold numbers, else as their text.
 *
 * Slices ("groups", only those with selected rows):
 * - a category (text, bool): {"value"} per value; the `top` values with the most
 *   selected rows (ties by value, byte-wise) are shown, the rest summed in ONE slice
 *   {"other": number of values}; missing values are the slice {"value": null}.
 * - a number: {"lo", "hi"} per bin, bins over the WHOLE column's finite values (not
 *   the selection's, so linked views keep their bins), and {"value": null} for
 *   missing. equal-width: numpy.histogram(bins) edges and bin rule ([lo, hi), the last
 *   closed; sf_bins). quantile: edges numpy.quantile(values, linspace(0, 1, bins + 1))
 *   (linear), bins as pandas.qcut(duplicates='drop'): (lo, hi], the first closed;
 *   equal edges merge (fewer bins); a column of one value is one bin [v, v].
 * - named (source "named"): {"name", "filter"} per slice of the spec, over its rows
 *   among the selected ones (slices may overlap); a filter that does not fit the
 *   table gives {"name", "filter", "error"} instead of numbers.
 * Sorted by "sort": gap ascending (the worst first; no gap last), count descending,
 * or value (categories byte-wise, bins in order, spec order; then other, missing);
 * ties by count descending, then value.
 * O(n) per pass (quantile edges: a sort, O(n)); per-slice per-class counts are dense,
 * (slices + 1) x classes, at most MAX_PAIRS, each a mergeable partial state. */
#include "sinfonia_component.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAIRS ((size_t)1 << 21)
#define NONE ((size_t)-1)

/* ---- classes: each used row's label and prediction as a class index --------- */

typedef struct classes {
  size_t k;
  int32_t *y, *p;  /* per row: class of label and prediction; -1: unused (not selected or missing) */
} classes;

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* A row's class in text mode (interned label text), through a dictionary-code cache. */
static int text_class(sf_dict *names, const sf_column *c, int32_t *map, size_t row, int32_t *out, sf_error *err) {
  char buf[40];
  const char *s;
  int rc;
  if (map && map[c->codes[row]] >= 0) { *out = map[c->codes[row]]; return SF_OK; }
  sf_column_label(c, row, buf, sizeof buf, &s);
  if ((rc = sf_dict_intern(names, s, strlen(s), out, err))) return rc;
  if (map) map[c->codes[row]] = *out;
  return SF_OK;
}

static int find_classes(classes *cl, const sf_column *lc, const sf_column *pc, const sf_bitmap *rows, sf_error *err) {
  size_t i, n = rows->nbits, m = 0;
  double *vals = NULL;
  int32_t *lmap = NULL, *pmap = NULL;
  sf_dict names = {0};
  int rc = SF_OK, numeric = lc->type == SF_NUMBER && pc->type == SF_NUMBER;
  if (!(cl->y = sf_calloc(n ? n : 1, sizeof *cl->y)) || !(cl->p = sf_calloc(n ? n : 1, sizeof *cl->p))) return sf_oom(err);
  for (i = 0; i < n; i++) cl->y[i] = cl->p[i] = -1;
  if (numeric) {
    if (n > SIZE_MAX / 2 || !(vals = sf_calloc(2 * n + 1, sizeof *vals))) return sf_oom(err);
    for (i = 0; i < n; i++)
      if (sf_bitmap_get(rows, i) && !isnan(lc->num[i]) && !isnan(pc->num[i])) {
        vals[m++] = lc->num[i];
        vals[m++] = pc->num[i];
      }
    if ((rc = sf_sort_doubles(vals, m, err))) goto end;
    for (i = 0; i < m; i++)
      if (cl->k == 0 || vals[i] != vals[cl->k - 1]) vals[cl->k++] = vals[i];
    for (i = 0; i < n; i++)
      if (sf_bitmap_get(rows, i) && !isnan(lc->num[i]) && !isnan(pc->num[i])) {
        cl->y[i] = (int32_t)((const double *)bsearch(&lc->num[i], vals, cl->k, sizeof *vals, cmp_double) - vals);
        cl->p[i] = (int32_t)((const double *)bsearch(&pc->num[i], vals, cl->k, sizeof *vals, cmp_double) - vals);
      }
    goto end;
  }
  if ((lc->type != SF_NUMBER && !(lmap = sf_calloc(lc->dict.n + 1, sizeof *lmap))) ||
      (pc->type != SF_NUMBER && !(pmap = sf_calloc(pc->dict.n + 1, sizeof *pmap)))) {
    rc = sf_oom(err);
    goto end;
  }
  if (lmap) memset(lmap, 0xff, (lc->dict.n + 1) * sizeof *lmap); /* -1: not seen */
  if (pmap) memset(pmap, 0xff, (pc->dict.n + 1) * sizeof *pmap);
  for (i = 0; i < n; i++) {
    if (!sf_bitmap_get(rows, i) || sf_column_is_missing(lc, i) || sf_column_is_missing(pc, i)) continue;
    if ((rc = text_class(&names, lc, lmap, i, &cl->y[i], err)) || (rc = text_class(&names, pc, pmap, i, &cl->p[i], err)))
      goto end;
  }
  cl->k = names.n;
end:
  sf_free(vals);
  sf_free(lmap);
  sf_free(pmap);
  sf_dict_free(&names);
  return rc;
}

/* ---- counts per slice: a mergeable partial state ----------------------------- */

typedef struct pair_counts { size_t tp, truth, pred; } pair_counts;

typedef struct state {
  size_t ng, k;                   /* slices (the last is every selected row), classes */
  size_t *used, *correct, *missing; /* per slice */
  pair_counts *pairs;             /* ng * k, row-major by slice */
} state;

static void state_free(state *s) {
  sf_free(s->used);
  sf_free(s->correct);
  sf_free(s->missing);
  sf_free(s->pairs);
  memset(s, 0, sizeof *s);
}

static int state_init(state *s, size_t ng, size_t k, sf_error *err) {
  memset(s, 0, sizeof *s);
  s->ng = ng;
  s->k = k;
  if (k && ng > MAX_PAIRS / k)
    return sf_fail(err, SF_EINPUT, 0, 0, "%zu slices x %zu classes are too many to count (at most %zu pairs); "
                   "show fewer values (top) or bins", ng - 1, k, MAX_PAIRS);
  if (!(s->used = sf_calloc(ng, sizeof *s->used)) || !(s->correct = sf_calloc(ng, sizeof *s->correct)) ||
      !(s->missing = sf_calloc(ng, sizeof *s->missing)) || !(s->pairs = sf_calloc(ng * k + 1, sizeof *s->pairs))) {
    state_free(s);
    return sf_oom(err);
  }
  return SF_OK;
}

/* Row i (selected) into slice g. */
static void state_add(state *s, const classes *cl, size_t g, size_t i) {
  int32_t y = cl->y[i], p = cl->p[i];
  pair_counts *row = &s->pairs[g * s->k];
  if (y < 0) { s->missing[g]++; return; }
  s->used[g]++;
  row[y].truth++;
  row[p].pred++;
  if (y == p) { s->correct[g]++; row[y].tp++; }
}

static void state_merge(state *dst, const state *src) {
  size_t i;
  for (i = 0; i < dst->ng; i++) {
    dst->used[i] += src->used[i];
    dst->correct[i] += src->correct[i];
    dst->missing[i] += src->missing[i];
  }
  for (i = 0; i < dst->ng * dst->k; i++) {
    dst->pairs[i].tp += src->pairs[i].tp;
    dst->pairs[i].truth += src->pairs[i].truth;
    dst->pairs[i].pred += src->pairs[i].pred;
  }
}

/* ---- slices of a field -------------------------------------------------------- */

typedef struct slicer {
  const sf_column *c;
  int quantile;
  size_t nbins;         /* numbers: bins; categories: values shown */
  sf_bins bins;         /* equal-width */
  double *edges;        /* quantile: nbins + 1 */
  size_t *value_slice;  /* categories: dictionary code -> slice (nbins = other) */
  int32_t *shown;       /* categories: the code of each shown slice */
  size_t values, other_values, unbinned;
} slicer;

static void slicer_free(slicer *sl) {
  sf_bins_free(&sl->bins);
  sf_free(sl->edges);
  sf_free(sl->value_slice);
  sf_free(sl->shown);
}

/* Slices: nbins bins or values, then other (categories), then missing. */
static size_t other_slice(const slicer *sl) { return sl->nbins; }
static size_t missing_slice(const slicer *sl) { return sl->nbins + 1; }

/* The slice of row i, or NONE (a non-finite number: in no bin). */
static size_t slice_of(const slicer *sl, size_t i) {
  if (sf_column_is_missing(sl->c, i)) return missing_slice(sl);
  if (sl->c->type != SF_NUMBER) return sl->value_slice[sl->c->codes[i]];
  if (!isfinite(sl->c->num[i])) return NONE;
  if (!sl->quantile) return sf_bins_index(&sl->bins, sl->c->num[i]);
  { /* pandas.cut(right=True, include_lowest=True): searchsorted(edges, x, 'left') - 1 */
    double x = sl->c->num[i];
    size_t lo = 0, hi = sl->nbins + 1;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (sl->edges[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo == 0 ? 0 : lo - 1;
  }
}

/* Quantile edges as numpy.quantile(x, linspace(0, 1, bins + 1)) (method 'linear'),
 * then unique (pandas.qcut duplicates='drop'); one unique value gives [v, v]. */
static int quantile_edges(slicer *sl, const double *sorted, size_t n, size_t bins, sf_error *err) {
  sf_bins levels = {0, 0, 0, 0, NULL};
  size_t i, m = 0;
  int rc;
  if ((rc = sf_bins_init(&levels, bins, 0, 1, err))) return rc; /* numpy.linspace(0, 1, bins + 1) */
  if (!(sl->edges = sf_calloc(bins + 2, sizeof *sl->edges))) { sf_bins_free(&levels); return sf_oom(err); }
  for (i = 0; i <= bins && n; i++) {
    double v = (double)(n - 1) * levels.edges[i], e;
    if (v >= (double)(n - 1)) e = sorted[n - 1];
    else {
      size_t at = (size_t)floor(v);
      double g = v - floor(v), a = sorted[at], b = sorted[at + 1], d = b - a;
      e = g >= 0.5 ? b - d * (1 - g) : a + d * g; /* numpy's _lerp */
    }
    if (m == 0 || e != sl->edges[m - 1]) sl->edges[m++] = e;
  }
  sf_bins_free(&levels);
  if (m == 1) sl->edges[m++] = sl->edges[0];
  sl->nbins = m ? m - 1 : 0;
  return SF_OK;
}

static int number_slicer(slicer *sl, const sf_table *t, long bins, int quantile, sf_error *err) {
  const double *x = sl->c->num;
  double lo = INFINITY, hi = -INFINITY, *vals = NULL;
  size_t i, n = 0;
  int rc;
  sl->quantile = quantile;
  if (!quantile) {
    for (i = 0; i < t->nrows; i++)
      if (isfinite(x[i])) {
        if (x[i] < lo) lo = x[i];
        if (x[i] > hi) hi = x[i];
      }
    sl->nbins = (size_t)bins;
    return sf_bins_init(&sl->bins, (size_t)bins, lo, hi, err); /* no values: numpy's [0, 1] */
  }
  if (!(vals = sf_calloc(t->nrows + 1, sizeof *vals))) return sf_oom(err);
  for (i = 0; i < t->nrows; i++)
    if (isfinite(x[i])) vals[n++] = x[i];
  if (!(rc = sf_sort_doubles(vals, n, err))) rc = quantile_edges(sl, vals, n, (size_t)bins, err);
  sf_free(vals);
  return rc;
}

/* [first edge, last edge] of a number's bins (null: no bins), so a view knows the
 * first and last bin, whose edge rule differs. */
static cJSON *extent_of(const slicer *sl) {
  const double *e = sl->quantile ? sl->edges : sl->bins.edges;
  cJSON *arr = sl->nbins ? cJSON_CreateArray() : cJSON_CreateNull();
  if (!arr || !sl->nbins) return arr;
  if (sf_json_put(arr, NULL, cJSON_CreateNumber(e[0])) && sf_json_put(arr, NULL, cJSON_CreateNumber(e[sl->nbins])))
    return arr;
  cJSON_Delete(arr);
  return NULL;
}

/* Values by selected rows, descending, ties by value (byte-wise). */
typedef struct { size_t n; const char *s; int32_t code; } value_count;
static int by_count(const void *a, const void *b) {
  const value_count *x = a, *y = b;
  if (x->n != y->n) return x->n > y->n ? -1 : 1;
  return strcmp(x->s, y->s);
}

static int category_slicer(slicer *sl, const sf_bitmap *rows, long top, sf_error *err) {
  const sf_column *c = sl->c;
  size_t i, d = c->dict.n, used = 0;
  value_count *vc = sf_calloc(d + 1, sizeof *vc);
  if (!vc || !(sl->value_slice = sf_calloc(d + 1, sizeof *sl->value_slice))) { sf_free(vc); return sf_oom(err); }
  for (i = 0; i < d; i++) { vc[i].s = c->dict.strs[i]; vc[i].code = (int32_t)i; }
  for (i = 0; i < rows->nbits; i++)
    if (sf_bitmap_get(rows, i) && c->codes[i] >= 0) vc[c->codes[i]].n++;
  qsort(vc, d, sizeof *vc, by_count);
  while (used < d && vc[used].n) used++;
  sl->values = used;
  sl->nbins = used < (size_t)top ? used : (size_t)top;
  sl->other_values = used - sl->nbins;
  if (!(sl->shown = sf_calloc(sl->nbins + 1, sizeof *sl->shown))) { sf_free(vc); return sf_oom(err); }
  for (i = 0; i < d; i++) sl->value_slice[vc[i].code] = i < sl->nbins ? i : other_slice(sl);
  for (i = 0; i < sl->nbins; i++) sl->shown[i] = vc[i].code;
  sf_free(vc);
  return SF_OK;
}

static void field_accumulate(state *s, const classes *cl, slicer *sl, const sf_bitmap *rows, size_t begin, size_t end) {
  size_t i, g, whole = s->ng - 1;
  for (i = begin; i < end; i++) {
    if (!sf_bitmap_get(rows, i)) continue;
    state_add(s, cl, whole, i);
    if ((g = slice_of(sl, i)) != NONE) state_add(s, cl, g, i);
    else sl->unbinned++;
  }
}

/* Named slices: slice g over the selected rows of its bitmap (NULL words: it failed). */
static void named_accumulate(state *s, const classes *cl, const sf_bitmap *slices, const sf_bitmap *rows,
                             size_t begin, size_t end) {
  size_t i, g, whole = s->ng - 1;
  for (i = begin; i < end; i++)
    if (sf_bitmap_get(rows, i)) state_add(s, cl, whole, i);
  for (g = 0; g < whole; g++)
    if (slices[g].words)
      for (i = begin; i < end; i++)
        if (sf_bitmap_get(rows, i) && sf_bitmap_get(&slices[g], i)) state_add(s, cl, g, i);
}

/* ---- finalize ------------------------------------------------------------------- */

typedef struct metrics { size_t count, missing; double accuracy, precision, recall, f1, lo, hi; } metrics;

static metrics metrics_of(const state *s, size_t g) {
  const pair_counts *row = &s->pairs[g * s->k];
  metrics m = {s->used[g], s->missing[g], NAN, NAN, NAN, NAN, NAN, NAN};
  size_t c, present = 0;
  double sp = 0, sr = 0, sf = 0;
  if (!m.count) return m;
  for (c = 0; c < s->k; c++) { /* unique_labels of this slice: classes it holds or predicts */
    double p, r;
    if (!row[c].truth && !row[c].pred) continue;
    present++;
    p = row[c].pred ? (double)row[c].tp / (double)row[c].pred : 0;
    r = row[c].truth ? (double)row[c].tp / (double)row[c].truth : 0;
    sp += p;
    sr += r;
    sf += p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
  m.precision = sp / (double)present;
  m.recall = sr / (double)present;
  m.f1 = sf / (double)present;
  m.accuracy = (double)s->correct[g] / (double)m.count;
  { /* Wilson score interval, as statsmodels' proportion_confint(method='wilson') */
    const double z = 1.9599639845400545, z2 = z * z, n = (double)m.count, q = m.accuracy;
    double denom = 1 + z2 / n, center = (q + z2 / (2 * n)) / denom;
    double dist = z * sqrt(q * (1. - q) / n + z2 / (4. * (n * n))) / denom;
    m.lo = center - dist;
    m.hi = center + dist;
  }
  return m;
}

static int put_metrics(cJSON *o, const metrics *m) {
  cJSON *ci = NULL;
  if (!sf_json_put(o, "count", cJSON_CreateNumber((double)m->count)) ||
      !sf_json_put(o, "missing", cJSON_CreateNumber((double)m->missing)) ||
      !sf_json_put(o, "accuracy", sf_json_num(m->accuracy)) || !sf_json_put(o, "precision", sf_json_num(m->precision)) ||
      !sf_json_put(o, "recall", sf_json_num(m->recall)) || !sf_json_put(o, "f1", sf_json_num(m->f1)) ||
      !sf_json_put(o, "error_rate", sf_json_num(m->count ? 1 - m->accuracy : NAN)))
    return SF_ENOMEM;
  if (m->count && (!(ci = sf_json_put(o, "accuracy_ci", cJSON_CreateArray())) ||
                   !sf_json_put(ci, NULL, cJSON_CreateNumber(m->lo)) || !sf_json_put(ci, NULL, cJSON_CreateNumber(m->hi))))
    return SF_ENOMEM;
  if (!m->count && !sf_json_put(o, "accuracy_ci", cJSON_CreateNull())) return SF_ENOMEM;
  return SF_OK;
}

/* A slice to list: its index, sort keys and value order. */
typedef struct listed { size_t g; double key[3]; } listed;
static int by_keys(const void *a, const void *b) {
  const listed *x = a, *y = b;
  int i;
  for (i = 0; i < 3; i++)
    if (x->key[i] != y->key[i]) return x->key[i] < y->key[i] ? -1 : 1;
  return 0;
}

/* The slices with selected rows, in the configured order; rank[g] is g's value order. */
static listed *order_slices(const state *s, const double *rank, const char *sort, double overall, size_t *n) {
  listed *out = sf_calloc(s->ng, sizeof *out);
  size_t g;
  *n = 0;
  if (!out) return NULL;
  for (g = 0; g + 1 < s->ng; g++) {
    listed *l;
    double count = (double)s->used[g], gap;
    if (!s->used[g] && !s->missing[g] && rank[g] >= 0) continue; /* rank < 0: listed always (a named slice) */
    l = &out[(*n)++];
    gap = s->used[g] ? (double)s->correct[g] / count - overall : INFINITY;
    l->g = g;
    if (!strcmp(sort, "count")) { l->key[0] = -count; l->key[1] = fabs(rank[g]); }
    else if (!strcmp(sort, "value")) { l->key[0] = fabs(rank[g]); }
    else { l->key[0] = isnan(gap) ? INFINITY : gap; l->key[1] = -count; l->key[2] = fabs(rank[g]); }
  }
  qsort(out, *n, sizeof *out, by_keys);
  return out;
}

static cJSON *field_slice_json(const slicer *sl, size_t g) {
  cJSON *o = cJSON_CreateObject();
  const sf_column *c = sl->c;
  int ok;
  if (!o) return NULL;
  if (g == missing_slice(sl)) ok = sf_json_put(o, "value", cJSON_CreateNull()) != NULL;
  else if (g == other_slice(sl)) ok = sf_json_put(o, "other", cJSON_CreateNumber((double)sl->other_values)) != NULL;
  else if (c->type != SF_NUMBER) ok = sf_json_put(o, "value", sf_json_code(c, sl->shown[g])) != NULL;
  else {
    const double *e = sl->quantile ? sl->edges : sl->bins.edges;
    ok = sf_json_put(o, "lo", cJSON_CreateNumber(e[g])) && sf_json_put(o, "hi", cJSON_CreateNumber(e[g + 1]));
  }
  if (ok) return o;
  cJSON_Delete(o);
  return NULL;
}

static int by_text(const void *a, const void *b) {
  const value_count *x = a, *y = b;
  return strcmp(x->s, y->s);
}

/* Value order: shown values byte-wise, bins in order; then other, then missing. */
static int field_ranks(const slicer *sl, double *rank, sf_error *err) {
  size_t i;
  if (sl->c->type != SF_NUMBER) {
    value_count *v = sf_calloc(sl->nbins + 1, sizeof *v);
    if (!v) return sf_oom(err);
    for (i = 0; i < sl->nbins; i++) { v[i].s = sl->c->dict.strs[sl->shown[i]]; v[i].n = i; }
    qsort(v, sl->nbins, sizeof *v, by_text);
    for (i = 0; i < sl->nbins; i++) rank[v[i].n] = (double)i;
    sf_free(v);
  } else {
    for (i = 0; i < sl->nbins; i++) rank[i] = (double)i;
  }
  rank[other_slice(sl)] = (double)sl->nbins;
  rank[missing_slice(sl)] = (double)sl->nbins + 1;
  return SF_OK;
}

static int finalize(const state *s, const slicer *sl, const sf_call *call, const sf_bitmap *slices,
                    char (*errors)[512], const double *rank, cJSON *out, sf_error *err) {
  metrics all = metrics_of(s, s->ng - 1);
  cJSON *overall, *groups, *o;
  listed *order;
  size_t i, n;
  int rc = SF_OK;
  if (!sf_json_put(out, "count", cJSON_CreateNumber((double)all.count)) ||
      !sf_json_put(out, "missing", cJSON_CreateNumber((double)all.missing)) ||
      !(overall = sf_json_put(out, "overall", cJSON_CreateObject())) || put_metrics(overall, &all) ||
      !(groups = sf_json_put(out, "groups", cJSON_CreateArray())))
    return sf_oom(err);
  if (!(order = order_slices(s, rank, sf_config_string(call, "sort"), all.accuracy, &n))) return sf_oom(err);
  for (i = 0; i < n && !rc; i++) {
    size_t g = order[i].g;
    metrics m = metrics_of(s, g);
    if (!sl) {
      const cJSON *filter = sf_call_slice_filter(call, g);
      if (!(o = sf_json_put(groups, NULL, cJSON_CreateObject())) ||
          !sf_json_put(o, "name", cJSON_CreateString(sf_call_slice_name(call, g))) ||
          !sf_json_put(o, "filter", cJSON_Duplicate(filter, 1)))
        rc = sf_oom(err);
      else if (!slices[g].words) {
        if (!sf_json_put(o, "error", cJSON_CreateString(errors[g]))) rc = sf_oom(err);
        continue;
      }
    } else if (!(o = sf_json_put(groups, NULL, field_slice_json(sl, g)))) {
      rc = sf_oom(err);
    }
    if (!rc && (put_metrics(o, &m) ||
                !sf_json_put(o, "gap", sf_json_num(m.count && all.count ? m.accuracy - all.accuracy : NAN))))
      rc = sf_oom(err);
  }
  sf_free(order);
  return rc;
}

/* ---- run ----------------------------------------------------------------------- */

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  const sf_bitmap *rows = call->rows;
  const sf_column *lc = &t->cols[sf_config_column(call, "label")];
  const sf_column *pc = &t->cols[sf_config_column(call, "prediction")];
  int named = !strcmp(sf_config_string(call, "source"), "named"), col = sf_config_column(call, "field");
  size_t i, ng = 0, nslices = 0, half = t->nrows / 2;
  classes cl = {0, NULL, NULL};
  slicer sl;
  state s = {0}, part = {0};
  sf_bitmap *slices = NULL;
  char (*errors)[512] = NULL;
  double *rank = NULL;
  int rc = SF_OK;
  memset(&sl, 0, sizeof sl);
  if (!named && col < 0)
    return sf_fail(err, SF_EINPUT, 0, 0, "field: is required when source is \"field\" (the column to slice by)");
  if (!sf_json_put(out, "source", cJSON_CreateString(named ? "named" : "field")) ||
      (!named && !sf_json_put(out, "field", cJSON_CreateString(t->cols[col].name))) ||
      !sf_json_put(out, "label", cJSON_CreateString(lc->name)) ||
      !sf_json_put(out, "prediction", cJSON_CreateString(pc->name)))
    return sf_oom(err);
  if ((rc = find_classes(&cl, lc, pc, rows, err))) goto end;
  if (named) {
    nslices = sf_call_slice_count(call);
    if (!(slices = sf_calloc(nslices + 1, sizeof *slices)) || !(errors = sf_calloc(nslices + 1, sizeof *errors)) ||
        !(rank = sf_calloc(nslices + 1, sizeof *rank))) {
      rc = sf_oom(err);
      goto end;
    }
    for (i = 0; i < nslices; i++) {
      sf_error e = {0};
      rank[i] = -(double)i - 1; /* negative: listed even without rows */
      if ((rc = sf_call_slice_rows(call, i, &slices[i], &e)) == SF_ENOMEM) { *err = e; goto end; }
      if (rc) memcpy(errors[i], e.msg, sizeof e.msg);
      rc = SF_OK;
    }
    ng = nslices + 1;
  } else {
    sl.c = &t->cols[col];
    if (sl.c->type == SF_NUMBER) {
      int quantile = !strcmp(sf_config_string(call, "binning"), "quantile");
      rc = number_slicer(&sl, t, sf_config_int(call, "bins"), quantile, err);
      if (!rc && (!sf_json_put(out, "binning", cJSON_CreateString(quantile ? "quantile" : "equal-width")) ||
                  !sf_json_put(out, "extent", extent_of(&sl))))
        rc = sf_oom(err);
    } else {
      rc = category_slicer(&sl, rows, sf_config_int(call, "top"), err);
    }
    if (rc) goto end;
    ng = sl.nbins + 3; /* the bins or values, other, missing, every row */
    if (!(rank = sf_calloc(ng, sizeof *rank))) { rc = sf_oom(err); goto end; }
    if ((rc = field_ranks(&sl, rank, err))) goto end;
  }
  /* Two partial states merged: the shape a split across workers takes. */
  if ((rc = state_init(&s, ng, cl.k, err)) || (rc = state_init(&part, ng, cl.k, err))) goto end;
  if (named) {
    named_accumulate(&s, &cl, slices, rows, 0, half);
    named_accumulate(&part, &cl, slices, rows, half, t->nrows);
  } else {
    field_accumulate(&s, &cl, &sl, rows, 0, half);
    field_accumulate(&part, &cl, &sl, rows, half, t->nrows);
  }
  state_merge(&s, &part);
  if (!named && !sf_json_put(out, sl.c->type == SF_NUMBER ? "unbinned" : "values",
                             cJSON_CreateNumber((double)(sl.c->type == SF_NUMBER ? sl.unbinned : sl.values)))) {
    rc = sf_oom(err);
    goto end;
  }
  rc = finalize(&s, named ? NULL : &sl, call, slices, errors, rank, out, err);
end:
  for (i = 0; slices && i < nslices; i++) sf_bitmap_free(&slices[i]);
  sf_free(slices);
  sf_free(errors);
  sf_free(rank);
  sf_free(cl.y);
  sf_free(cl.p);
  slicer_free(&sl);
  state_free(&s);
  state_free(&part);
  return rc;
}
SF_COMPONENT(run);
