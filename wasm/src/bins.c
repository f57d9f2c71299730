/* bins.c — equal-width bins exactly as numpy.histogram: the edges are
 * numpy.linspace(lo, hi, n + 1) (the last exactly hi), each bin [lo, hi) but the
 * last closed, and a value's bin found as numpy finds it (the scaled offset, then
 * corrected against the edges), so values on edges land where numpy puts them. */
#include "sinfonia_component.h"

int sf_bins_init(sf_bins *b, size_t n, double lo, double hi, sf_error *err) {
  double step, delta;
  size_t i;
  if (lo > hi) { lo = 0; hi = 1; } /* no values (an empty extent): numpy's [0, 1] */
  if (lo == hi) { lo -= 0.5; hi += 0.5; }
  b->n = n;
  b->lo = lo;
  b->hi = hi;
  b->norm = (double)n / (hi - lo);
  if (!(b->edges = sf_calloc(n + 1, sizeof *b->edges))) return sf_oom(err);
  delta = hi - lo;
  step = delta / (double)n;
  for (i = 0; i <= n; i++) {
    double y = (double)i;
    if (step == 0) { y /= (double)n; y *= delta; }
    else y *= step;
    b->edges[i] = y + lo;
  }
  b->edges[n] = hi;
  return SF_OK;
}

size_t sf_bins_index(const sf_bins *b, double x) {
  size_t k;
  if (!(x >= b->lo && x <= b->hi)) return b->n;
  k = (size_t)((x - b->lo) * b->norm);
  if (k >= b->n) k = b->n - 1;
  if (x < b->edges[k] && k > 0) k--;
  if (x >= b->edges[k + 1] && k != b->n - 1) k++;
  return k;
}

void sf_bins_free(sf_bins *b) {
  sf_free(b->edges);
  b->edges = NULL;
}
