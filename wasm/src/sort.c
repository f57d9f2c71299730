/* sort.c — sorting numbers fast enough for a million rows per brush or scroll.
 * An LSD radix sort on the doubles' bits (11-bit digits, a pass skipped when all
 * keys share its digit): O(n), and stable, where qsort was O(n log n) with a
 * call per compare. */
#include "internal.h"
#include <math.h>
#include <string.h>

#define DIGIT_BITS 11
#define BUCKETS (1u << DIGIT_BITS)
#define PASSES 6 /* ceil(64 / 11) */


/* Sort keys a[0..n) stably, carrying the positions ia[] along when given;
 * b and ib are scratch of the same sizes. The result ends in a (and ia). */
static void radix(uint64_t *a, uint64_t *b, size_t *ia, size_t *ib, size_t n, size_t (*count)[BUCKETS]) {
  uint64_t *src = a, *dst = b;
  size_t *isrc = ia, *idst = ib, i;
  int p;
  for (i = 0; i < n; i++)
    for (p = 0; p < PASSES; p++) count[p][(a[i] >> (p * DIGIT_BITS)) & (BUCKETS - 1)]++;
  for (p = 0; p < PASSES; p++) {
    size_t sum = 0, j, *c = count[p];
    int shift = p * DIGIT_BITS;
    if (c[(src[0] >> shift) & (BUCKETS - 1)] == n) continue; /* every key has this digit */
    for (j = 0; j < BUCKETS; j++) {
      size_t x = c[j];
      c[j] = sum;
      sum += x;
    }
    for (i = 0; i < n; i++) {
      size_t at = c[(src[i] >> shift) & (BUCKETS - 1)]++;
      dst[at] = src[i];
      if (isrc) idst[at] = isrc[i];
    }
    { uint64_t *t = src; src = dst; dst = t; }
    { size_t *t = isrc; isrc = idst; idst = t; }
  }
  if (src != a) {
    memcpy(a, src, n * sizeof *a);
    if (ia) memcpy(ia, isrc, n * sizeof *ia);
  }
}

int sf_sort_doubles(double *v, size_t n, sf_error *err) {
  uint64_t *a = NULL, *b = NULL;
  size_t (*count)[BUCKETS] = NULL;
  size_t i;
  int rc = SF_OK;
  if (n < 2) return SF_OK;
  a = sf_calloc(n, sizeof *a);
  b = sf_calloc(n, sizeof *b);
  count = sf_calloc(PASSES, sizeof *count);
  if (!a || !b || !count) {
    rc = sf_fail(err, SF_ENOMEM, 0, 0, "out of memory sorting %zu numbers", n);
    goto end;
  }
  for (i = 0; i < n; i++) a[i] = sf_order_key(v[i]);
  radix(a, b, NULL, NULL, n, count);
  for (i = 0; i < n; i++) v[i] = sf_key_double(a[i]);
end:
  sf_free(a);
  sf_free(b);
  sf_free(count);
  return rc;
}

int sf_sort_order(const double *keys, size_t n, size_t *order, sf_error *err) {
  uint64_t *a = NULL, *b = NULL;
  size_t *ib = NULL, (*count)[BUCKETS] = NULL;
  size_t i;
  int rc = SF_OK;
  for (i = 0; i < n; i++) order[i] = i;
  if (n < 2) return SF_OK;
  a = sf_calloc(n, sizeof *a);
  b = sf_calloc(n, sizeof *b);
  ib = sf_calloc(n, sizeof *ib);
  count = sf_calloc(PASSES, sizeof *count);
  if (!a || !b || !ib || !count) {
    rc = sf_fail(err, SF_ENOMEM, 0, 0, "out of memory sorting %zu rows", n);
    goto end;
  }
  for (i = 0; i < n; i++) /* -0 and 0 are one value; NaN (missing) goes last */
    a[i] = isnan(keys[i]) ? UINT64_MAX : sf_order_key(keys[i] == 0 ? 0.0 : keys[i]);
  radix(a, b, order, ib, n, count);
end:
  sf_free(a);
  sf_free(b);
  sf_free(ib);
  sf_free(count);
  return rc;
}
