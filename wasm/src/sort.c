/* sort.c — sorting numbers fast enough for a summary of a million rows per brush.
 * An LSD radix sort on the doubles' bits (11-bit digits, a pass skipped when all
 * keys share its digit): O(n) where qsort was O(n log n) with a call per compare. */
#include "internal.h"
#include <string.h>

#define DIGIT_BITS 11
#define BUCKETS (1u << DIGIT_BITS)
#define PASSES 6 /* ceil(64 / 11) */

/* Map a double's bits to an unsigned key whose order is the numbers' order
 * (negative numbers flipped whole, positive ones get the sign bit set). */
static uint64_t key_of(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return (u >> 63) ? ~u : (u | ((uint64_t)1 << 63));
}

static double double_of(uint64_t k) {
  uint64_t u = (k >> 63) ? (k & ~((uint64_t)1 << 63)) : ~k;
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

int sf_sort_doubles(double *v, size_t n, sf_error *err) {
  uint64_t *a = NULL, *b = NULL, *t;
  size_t (*count)[BUCKETS] = NULL;
  size_t i;
  int p, rc = SF_OK;
  if (n < 2) return SF_OK;
  a = sf_calloc(n, sizeof *a);
  b = sf_calloc(n, sizeof *b);
  count = sf_calloc(PASSES, sizeof *count);
  if (!a || !b || !count) {
    rc = sf_fail(err, SF_ENOMEM, 0, 0, "out of memory sorting %zu numbers", n);
    goto end;
  }
  for (i = 0; i < n; i++) {
    uint64_t k = key_of(v[i]);
    a[i] = k;
    for (p = 0; p < PASSES; p++) count[p][(k >> (p * DIGIT_BITS)) & (BUCKETS - 1)]++;
  }
  for (p = 0; p < PASSES; p++) {
    size_t sum = 0, j, *c = count[p];
    int shift = p * DIGIT_BITS;
    if (c[(a[0] >> shift) & (BUCKETS - 1)] == n) continue; /* every key has this digit */
    for (j = 0; j < BUCKETS; j++) {
      size_t x = c[j];
      c[j] = sum;
      sum += x;
    }
    for (i = 0; i < n; i++) b[c[(a[i] >> shift) & (BUCKETS - 1)]++] = a[i];
    t = a;
    a = b;
    b = t;
  }
  for (i = 0; i < n; i++) v[i] = double_of(a[i]);
end:
  sf_free(a);
  sf_free(b);
  sf_free(count);
  return rc;
}
