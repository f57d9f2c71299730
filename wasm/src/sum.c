/* sum.c — compensated sums (Neumaier), so kernels' means and sums of squares
 * match numpy's to ~1e-15 relative however many rows they add (sf_sum_add is
 * inline, in sinfonia_component.h). */
#include "sinfonia_component.h"
#include <math.h>

double sf_sum_total(const sf_sum *s) { return s->sum + s->c; }

void sf_sum_merge(sf_sum *dst, const sf_sum *src) {
  sf_sum_add(dst, src->sum);
  sf_sum_add(dst, src->c);
}
