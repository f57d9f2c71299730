/* test_knn.c — sf_knn_build (wasm/src/knn.c): the exact search equals a brute-force
 * scan (ties by lower index) on data full of ties; the approximate search's recall@10
 * against the exact lists on examples/digits.csv (64 dimensions) and on points drawn
 * like the bench file's 8 numeric columns as duplicates reads them (unit vectors);
 * the same seed gives the same lists; small n, k above n - 1, and memory failures. */
#include "internal.h"
#include "test.h"
#include <stdint.h>
#include <stdlib.h>

static uint64_t state = 0x853c49e6748fea9bULL;
static double unif(void) { /* xorshift64*: the test's own reproducible numbers */
  state ^= state >> 12; state ^= state << 25; state ^= state >> 27;
  return (double)((state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}
static double normal(void) { return sqrt(-2 * log(1 - unif())) * cos(6.283185307179586 * unif()); }

/* Brute force: the k nearest of point q by (squared distance, index). */
static void brute(const double *p, size_t n, size_t d, size_t q, size_t k, uint32_t *idx, double *d2) {
  size_t i, j, t;
  for (t = 0; t < k; t++) { idx[t] = UINT32_MAX; d2[t] = INFINITY; }
  for (i = 0; i < n; i++) {
    double s = 0;
    if (i == q) continue;
    for (j = 0; j < d; j++) s += (p[q * d + j] - p[i * d + j]) * (p[q * d + j] - p[i * d + j]);
    for (t = k; t > 0 && (d2[t - 1] > s || (d2[t - 1] == s && idx[t - 1] > i)); t--)
      if (t < k) { idx[t] = idx[t - 1]; d2[t] = d2[t - 1]; }
    if (t < k) { idx[t] = (uint32_t)i; d2[t] = s; }
  }
}

/* Every list equals brute force, index for index, distance for distance. */
static void check_exact(const double *p, size_t n, size_t d, size_t k) {
  sf_knn knn;
  sf_error err = {0};
  uint32_t idx[16];
  double d2[16];
  size_t q, t, same = 0, dist_ok = 0;
  CHECK(sf_knn_build_mode(p, n, d, k, 1, SF_KNN_EXACT, &knn, &err) == SF_OK);
  CHECK(knn.exact == 1 && knn.k == k && knn.n == n);
  for (q = 0; q < n; q++) {
    brute(p, n, d, q, k, idx, d2);
    for (t = 0; t < k; t++) {
      same += knn.idx[q * k + t] == idx[t];
      dist_ok += fabs(knn.dist[q * k + t] - sqrt(d2[t])) <= 1e-12 * (1 + sqrt(d2[t]));
    }
  }
  CHECK(same == n * k);
  CHECK(dist_ok == n * k);
  sf_knn_free(&knn);
}

/* recall@k of the approximate lists: the share of listed neighbours no farther than
 * the true k-th nearest (so ties count as found), over every point. */
static double recall(const double *p, size_t n, size_t d, size_t k, int *exact_flag) {
  sf_knn ex, ap;
  sf_error err = {0};
  size_t q, t, hit = 0;
  CHECK(sf_knn_build_mode(p, n, d, k, 1, SF_KNN_EXACT, &ex, &err) == SF_OK);
  CHECK(sf_knn_build_mode(p, n, d, k, 7, SF_KNN_APPROX, &ap, &err) == SF_OK);
  *exact_flag = ap.exact;
  for (q = 0; q < n; q++) {
    double kth = ex.dist[q * k + k - 1];
    for (t = 0; t < k; t++) {
      hit += ap.dist[q * k + t] <= kth;
      CHECK(t == 0 || ap.dist[q * k + t - 1] <= ap.dist[q * k + t]); /* nearest first */
      CHECK(ap.idx[q * k + t] != q);
    }
  }
  sf_knn_free(&ex);
  sf_knn_free(&ap);
  return (double)hit / (double)(n * k);
}

/* examples/digits.csv: id, px00..px63, ... */
static double *read_digits(size_t *n) {
  FILE *f = fopen(SF_SOURCE_DIR "/examples/digits.csv", "r");
  static char line[1 << 14];
  double *p = malloc(2000 * 64 * sizeof *p);
  size_t m = 0, j;
  if (!f || !p || !fgets(line, sizeof line, f)) { if (f) fclose(f); free(p); return NULL; }
  while (m < 2000 && fgets(line, sizeof line, f)) {
    char *s = strchr(line, ','), *e;
    for (j = 0; s && j < 64; j++) {
      p[m * 64 + j] = strtod(s + 1, &e);
      s = e;
    }
    m++;
  }
  fclose(f);
  *n = m;
  return p;
}

/* The bench file's 8 numeric columns (bench/lib/data.mjs) drawn alike, each row scaled
 * to unit length as duplicates does for its cosine metric. */
static double *bench_like(size_t n) {
  double *p = malloc(n * 8 * sizeof *p);
  size_t i, j;
  for (i = 0; i < n; i++) {
    double *r = p + i * 8, s = 0, y = floor(unif() * 3);
    r[0] = fmin(90, fmax(18, round(38 + 4 * y + 12 * normal())));
    r[1] = round(exp(10.5 + 0.6 * normal()) * 100) / 100;
    r[2] = round(unif() * 1e4) / 1e4;
    r[3] = floor(-log(1 - unif()) * 5);
    r[4] = round((unif() < 0.5 ? 12 + 4 * normal() : 27 + 3 * normal()) * 10) / 10;
    r[5] = round(-log(1 - unif()) * (20 + 5 * y) * 100) / 100;
    r[6] = round(1000 * normal() * 100) / 100;
    r[7] = round(100 * pow(unif(), 3) * 1000) / 1000;
    for (j = 0; j < 8; j++) s += r[j] * r[j];
    for (j = 0; j < 8; j++) r[j] /= sqrt(s);
  }
  return p;
}

int main(void) {
  size_t n, i, j;
  double *p, r;
  int exact_flag = 1;
  sf_knn a, b;
  sf_error err = {0};

  /* exact: an integer grid (many equal distances) in 2 and 5 dimensions, and reals */
  p = malloc(3000 * 5 * sizeof *p);
  for (i = 0; i < 3000 * 5; i++) p[i] = floor(unif() * 4);
  check_exact(p, 600, 2, 10);
  check_exact(p, 3000, 5, 10);
  for (i = 0; i < 3000 * 5; i++) p[i] = normal();
  check_exact(p, 3000, 5, 7);
  /* the rule: exact for small n * n * d or d <= 3 */
  CHECK(sf_knn_exact_rule(1797, 64) && sf_knn_exact_rule(5000, 20) && sf_knn_exact_rule(2000000, 3));
  CHECK(!sf_knn_exact_rule(100000, 8) && !sf_knn_exact_rule(20000, 64));
  CHECK(sf_knn_build(p, 3000, 5, 10, 3, &a, &err) == SF_OK && a.exact == 1);
  sf_knn_free(&a);

  /* approximate: the same seed, the same lists; a list never holds a point twice */
  CHECK(sf_knn_build_mode(p, 3000, 5, 10, 11, SF_KNN_APPROX, &a, &err) == SF_OK);
  CHECK(sf_knn_build_mode(p, 3000, 5, 10, 11, SF_KNN_APPROX, &b, &err) == SF_OK);
  CHECK(a.exact == 0 && !memcmp(a.idx, b.idx, 3000 * 10 * sizeof *a.idx) &&
        !memcmp(a.dist, b.dist, 3000 * 10 * sizeof *a.dist));
  for (i = 0, n = 0; i < 3000; i++)
    for (j = 1; j < 10; j++) n += a.idx[i * 10 + j] == a.idx[i * 10 + j - 1];
  CHECK(n == 0);
  sf_knn_free(&a);
  sf_knn_free(&b);
  free(p);

  /* recall@10 of the approximate search (measured 0.998 on digits, 0.999 bench-like) */
  p = read_digits(&n);
  CHECK(p != NULL && n == 1797);
  if (p) {
    r = recall(p, n, 64, 10, &exact_flag);
    printf("digits (1797 x 64): approximate recall@10 = %.4f\n", r);
    CHECK(r >= 0.95);
    CHECK(exact_flag == 0);
    check_exact(p, n, 64, 10);
  }
  free(p);
  p = bench_like(20000);
  r = recall(p, 20000, 8, 10, &exact_flag);
  printf("bench-like (20000 x 8, unit vectors): approximate recall@10 = %.4f\n", r);
  CHECK(r >= 0.95);

  /* small n: k above n - 1 lists every other point; one point lists none */
  CHECK(sf_knn_build(p, 4, 8, 10, 1, &a, &err) == SF_OK && a.k == 3 && a.exact == 1);
  for (i = 0; i < 4; i++)
    for (j = 0; j < 3; j++) CHECK(a.idx[i * 3 + j] != i && a.idx[i * 3 + j] < 4);
  sf_knn_free(&a);
  CHECK(sf_knn_build_mode(p, 12, 8, 10, 1, SF_KNN_APPROX, &a, &err) == SF_OK && a.k == 10);
  sf_knn_free(&a);
  CHECK(sf_knn_build(p, 1, 8, 10, 1, &a, &err) == SF_OK && a.k == 0 && a.idx == NULL);
  sf_knn_free(&a);

  /* memory failures: an error, nothing left allocated, at every allocation */
  for (i = 1; i < 40; i++) {
    int rc;
    sf_alloc_fail_after((long)i);
    rc = sf_knn_build_mode(p, 500, 8, 10, 1, (i & 1) ? SF_KNN_APPROX : SF_KNN_EXACT, &a, &err);
    sf_alloc_fail_after(-1);
    CHECK(rc == SF_OK || (rc == SF_ENOMEM && a.idx == NULL && a.dist == NULL));
    sf_knn_free(&a);
  }
  free(p);
  return test_report("test_knn");
}
