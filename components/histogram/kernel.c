/* histogram: counts of a column's values over the selected rows.
 * config (schema.json): {"field", "bins", "extent": [lo, hi], "top"}
 * number result: {"field", "bins": [{"lo", "hi", "count"}], "missing", "extent": [lo, hi]}
 *   Equal-width bins exactly as numpy.histogram: edges = linspace(lo, hi, bins + 1)
 *   over the extent, each bin [lo, hi) but the last closed, the bin index found as
 *   numpy finds it (scaled offset, then corrected against the edges). The extent is
 *   the WHOLE column's finite min/max (not the selection's), so a linked histogram's
 *   bins stay put while its counts change; lo == hi widens to [lo - 0.5, hi + 0.5];
 *   an empty column gives [0, 1]. Values outside the extent are not counted.
 * category/text/bool result: {"field", "values": [{"value", "count"}] (count desc,
 *   then value asc, at most "top"), "other" (count of the rest), "missing"}. */
#include "sinfonia_component.h"
#include <math.h>

/* A mergeable partial state: counts of rows in [begin, end), merged by adding. */
typedef struct hist_state {
  sf_bins bins;
  size_t *counts;       /* bins.n */
  size_t missing;
} hist_state;

static void hist_free(hist_state *h) {
  sf_bins_free(&h->bins);
  sf_free(h->counts);
  h->counts = NULL;
}

static int hist_init(hist_state *h, size_t nbins, double lo, double hi, sf_error *err) {
  int rc = sf_bins_init(&h->bins, nbins, lo, hi, err);
  h->missing = 0;
  h->counts = NULL;
  if (rc) return rc;
  if (!(h->counts = sf_calloc(nbins, sizeof *h->counts))) { hist_free(h); return sf_oom(err); }
  return SF_OK;
}

static void hist_accumulate(hist_state *h, const sf_column *c, const sf_bitmap *rows, size_t begin,
                            size_t end) {
  size_t i, k;
  for (i = sf_bitmap_next(rows, begin); i < end; i = sf_bitmap_next(rows, i + 1)) {
    double x = c->num[i];
    if (isnan(x)) { h->missing++; continue; }
    if ((k = sf_bins_index(&h->bins, x)) < h->bins.n) h->counts[k]++;
  }
}

static void hist_merge(hist_state *dst, const hist_state *src) {
  size_t i;
  for (i = 0; i < dst->bins.n; i++) dst->counts[i] += src->counts[i];
  dst->missing += src->missing;
}

static int hist_finalize(const hist_state *h, cJSON *out) {
  cJSON *bins = sf_json_put(out, "bins", cJSON_CreateArray()), *ext;
  size_t i;
  if (!bins) return SF_ENOMEM;
  for (i = 0; i < h->bins.n; i++) {
    cJSON *b = sf_json_put(bins, NULL, cJSON_CreateObject());
    if (!b || !sf_json_put(b, "lo", cJSON_CreateNumber(h->bins.edges[i])) ||
        !sf_json_put(b, "hi", cJSON_CreateNumber(h->bins.edges[i + 1])) ||
        !sf_json_put(b, "count", cJSON_CreateNumber((double)h->counts[i])))
      return SF_ENOMEM;
  }
  if (!sf_json_put(out, "missing", cJSON_CreateNumber((double)h->missing)) ||
      !(ext = sf_json_put(out, "extent", cJSON_CreateArray())) ||
      !sf_json_put(ext, NULL, cJSON_CreateNumber(h->bins.lo)) || !sf_json_put(ext, NULL, cJSON_CreateNumber(h->bins.hi)))
    return SF_ENOMEM;
  return SF_OK;
}

static int number_hist(const sf_table *t, const sf_bitmap *rows, const sf_column *c, long nbins,
                       const cJSON *extent, cJSON *out, sf_error *err) {
  hist_state h = {0}, part = {0};
  double lo = INFINITY, hi = -INFINITY;
  size_t i, half = t->nrows / 2;
  int rc;
  if (extent) {
    lo = extent->child->valuedouble;
    hi = extent->child->next->valuedouble;
  } else {
    for (i = 0; i < t->nrows; i++)
      if (isfinite(c->num[i])) {
        if (c->num[i] < lo) lo = c->num[i];
        if (c->num[i] > hi) hi = c->num[i];
      }
    if (lo > hi) { lo = 0; hi = 1; } /* no values: numpy's [0, 1] */
  }
  if ((rc = hist_init(&h, (size_t)nbins, lo, hi, err)) || (rc = hist_init(&part, (size_t)nbins, lo, hi, err)))
    goto end;
  /* Two partial states merged: the shape a split across workers takes. */
  hist_accumulate(&h, c, rows, 0, half);
  hist_accumulate(&part, c, rows, half, t->nrows);
  hist_merge(&h, &part);
  if (hist_finalize(&h, out)) rc = sf_oom(err);
end:
  hist_free(&h);
  hist_free(&part);
  return rc;
}

static int category_hist(const sf_bitmap *rows, const sf_column *c, long top, cJSON *out, sf_error *err) {
  sf_value_counts vc;
  cJSON *values = sf_json_put(out, "values", cJSON_CreateArray());
  int rc;
  if (!values) return sf_oom(err);
  if ((rc = sf_top_values(c, rows, (size_t)top, values, &vc, err))) return rc;
  if (!sf_json_put(out, "other", cJSON_CreateNumber((double)vc.other)) ||
      !sf_json_put(out, "missing", cJSON_CreateNumber((double)vc.missing)))
    return sf_oom(err);
  return SF_OK;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const cJSON *extent = sf_config_get(call, "extent");
  const sf_column *c = &call->table->cols[sf_config_column(call, "field")];
  /* The schema makes extent two numbers; their order is for the kernel to say. */
  if (extent && extent->child->valuedouble > extent->child->next->valuedouble)
    return sf_fail(err, SF_EINPUT, 0, 0, "extent: lo must not be greater than hi");
  if (!sf_json_put(out, "field", cJSON_CreateString(c->name))) return sf_oom(err);
  return c->type == SF_NUMBER
             ? number_hist(call->table, call->rows, c, sf_config_int(call, "bins"), extent, out, err)
             : category_hist(call->rows, c, sf_config_int(call, "top"), out, err);
}
SF_COMPONENT(run);
