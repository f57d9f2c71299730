/* test_sort.c — sf_sort_doubles and sf_sort_order agree with qsort on hard
 * inputs (sf_sort_order stably, missing last), and fail cleanly when memory runs out. */
#include "internal.h"
#include "test.h"
#include <stdlib.h>

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static unsigned long long state = 88172645463325252ull;
static double rnd(void) { /* xorshift: reproducible numbers of every magnitude and sign */
  state ^= state << 13; state ^= state >> 7; state ^= state << 17;
  switch (state % 5) {
  case 0: return (double)(state >> 11) * 1e-300;
  case 1: return -(double)(state % 1000);
  case 2: return (double)(state % 7) - 3.5;
  case 3: return ((double)(state >> 11) / 9007199254740992.0 - 0.5) * 1e12;
  default: return (state & 1) ? HUGE_VAL : -HUGE_VAL;
  }
}

static void check_sorts(size_t n) {
  double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
  sf_error err = {0};
  size_t i, same = 0;
  for (i = 0; i < n; i++) a[i] = b[i] = rnd();
  if (n > 3) { a[0] = b[0] = -0.0; a[1] = b[1] = 0.0; a[2] = b[2] = -1e-320; }
  qsort(b, n, sizeof *b, cmp);
  CHECK(sf_sort_doubles(a, n, &err) == SF_OK);
  for (i = 0; i < n; i++) same += a[i] == b[i];
  CHECK(same == n);
  free(a);
  free(b);
}

typedef struct { double key; size_t pos; } keyed;

/* The reference order: by key, NaN last, -0 equal to 0, ties by position. */
static int cmp_keyed(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  int xm = isnan(x->key), ym = isnan(y->key);
  if (xm != ym) return xm - ym;
  if (!xm && x->key != y->key) return x->key < y->key ? -1 : 1;
  return (x->pos > y->pos) - (x->pos < y->pos);
}

static void check_order(size_t n) {
  double *keys = malloc(n * sizeof *keys);
  keyed *ref = malloc(n * sizeof *ref);
  size_t *order = malloc(n * sizeof *order), i, same = 0;
  sf_error err = {0};
  for (i = 0; i < n; i++) {
    double v = rnd();
    if (i % 7 == 3) v = NAN;
    if (i % 11 == 5) v = (i & 1) ? -0.0 : 0.0;
    if (i % 13 == 2) v = 42; /* many ties: order must keep positions */
    keys[i] = v;
    ref[i].key = v;
    ref[i].pos = i;
  }
  qsort(ref, n, sizeof *ref, cmp_keyed);
  CHECK(sf_sort_order(keys, n, order, &err) == SF_OK);
  for (i = 0; i < n; i++) same += order[i] == ref[i].pos;
  CHECK(same == n);
  free(keys);
  free(ref);
  free(order);
}

int main(void) {
  double one[1] = {3}, same[4] = {2, 2, 2, 2}, v[1000];
  sf_error err = {0};
  size_t i;
  check_sorts(0);
  check_sorts(2);
  check_sorts(17);
  check_sorts(100000);
  check_order(1);
  check_order(50);
  check_order(100000);
  CHECK(sf_sort_doubles(one, 1, &err) == SF_OK && one[0] == 3);
  CHECK(sf_sort_doubles(same, 4, &err) == SF_OK && same[0] == 2 && same[3] == 2);
  /* Out of memory is an error with a message, the input left whole. */
  for (i = 0; i < 1000; i++) v[i] = (double)(1000 - i);
  sf_alloc_fail_after(1);
  CHECK(sf_sort_doubles(v, 1000, &err) == SF_ENOMEM);
  sf_alloc_fail_after(-1);
  CHECK(strstr(err.msg, "out of memory") != NULL);
  CHECK(v[0] == 1000 && v[999] == 1);
  return test_report("test_sort");
}
