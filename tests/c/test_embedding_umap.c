/* test_embedding_umap.c — the "umap" method of components/embedding (umap.h): its own
 * exp/log/pow against libm, a and b against umap-learn's published values, the smooth
 * kNN distances against their defining equation, the fuzzy union on a hand-made kNN,
 * and the kernel: the same seed gives the same map, degenerate inputs (1 row, equal
 * rows, a constant column), the row cap, a box answered from the last map, every
 * allocation failing in turn. The map's quality against scikit-learn's measures is
 * tests/reference/make_embedding_umap.py. */
#define SF_COMPONENT_SYMBOL sf_kernel_embedding_under_test
#include "../../components/embedding/kernel.c" /* its static helpers, under another symbol */
#include "kernel_fixture.h"

static void test_math(void) {
  double x, worst = 0;
  int i;
  /* um_exp and um_log within 2 ulps of libm over their whole use */
  for (i = 0; i <= 14000; i++) {
    x = -700 + i * 0.1 + 1e-3 * (i % 7);
    worst = fmax(worst, fabs(um_exp(x) - exp(x)) / exp(x));
  }
  CHECK(worst < 4.5e-16);
  CHECK(um_exp(0) == 1 && um_exp(-800) == 0 && um_exp(800) == INFINITY);
  for (worst = 0, i = 0; i < 20000; i++) {
    x = pow(10, -300 + i * 0.03);
    worst = fmax(worst, fabs(um_log(x) - log(x)) / fmax(fabs(log(x)), 1e-300));
  }
  CHECK(worst < 4.5e-16);
  CHECK(fabs(um_log(1 + 1e-12) - log(1 + 1e-12)) < 1e-27);
  CHECK(um_log(1) == 0 && um_log(0) == -INFINITY);
  CHECK(fabs(um_log(5e-320) - log(5e-320)) < 1e-12); /* subnormal */
  /* the SGD's tabled x^b: relative error below 1.2e-7 |b (b - 1)| (linear interpolation over
   * 1024 steps: h^2 / 8 max|f''|), from 1e-12 to 1e8 */
  {
    static const double bs[3] = {0.5, 0.8950608781227859, 1.9};
    um_powtab *pt = malloc(sizeof *pt);
    int k;
    for (k = 0; k < 3; k++) {
      um_powtab_init(pt, bs[k]);
      for (worst = 0, i = 0; i < 20000; i++) {
        x = pow(10, -12 + i * 0.001);
        worst = fmax(worst, fabs(um_pow_fast(pt, x) - pow(x, bs[k])) / pow(x, bs[k]));
      }
      CHECK(worst < 1.2e-7 * fabs(bs[k] * (bs[k] - 1)));
      CHECK(um_pow_fast(pt, 0) == 0);
    }
    free(pt);
  }
}

static void test_ab(void) {
  double a, b;
  /* umap-learn's find_ab_params(1.0, 0.1) = (1.576943460405378, 0.8950608781227859) with
   * curve_fit's default tolerance; the converged least-squares fit is ~1e-7 from it
   * (tests/reference/umap_*.json hold it to scipy run to convergence) */
  um_fit_ab(0.1, &a, &b);
  CHECK_NEAR(a, 1.576943460405378, 1e-6);
  CHECK_NEAR(b, 0.8950608781227859, 1e-6);
  /* min_dist 0.001: umap-learn gives a = 1.929, b = 0.7915 (its README's table) */
  um_fit_ab(0.001, &a, &b);
  CHECK_NEAR(a, 1.929, 2e-3);
  CHECK_NEAR(b, 0.7915, 2e-3);
}

static void test_sigma(void) {
  /* the equation sigma solves: sum_{j>=1} exp(-(d_j - rho) / sigma) = log2(k) */
  static const double ds[6] = {0, 0.5, 0.9, 1.4, 1.5, 3.0};
  double rho, sigma, psum = 0, target = log(6) / log(2);
  int j;
  sigma = um_sigma(ds, 6, target, 1.0, &rho);
  CHECK(rho == 0.5);
  for (j = 1; j < 6; j++) psum += exp(-fmax(ds[j] - rho, 0) / sigma);
  CHECK_NEAR(psum, target, 1e-5);
  /* a row whose neighbours are all at distance 0: rho 0, sigma the clamp 1e-3 x mean of all */
  {
    static const double zero[4] = {0, 0, 0, 0};
    sigma = um_sigma(zero, 4, 2, 2.5, &rho);
    CHECK(rho == 0);
    CHECK_NEAR(sigma, 2.5e-3, 1e-18);
  }
}

static void test_union(void) {
  /* 4 points on a line at 0, 1, 3, 6; k = 3 (2 others). Row 0: 1 (d 1), 2 (d 3). Row 1: 0 (1),
   * 2 (2). Row 2: 1 (2), 0 (3). Row 3: 2 (3), 1 (5). */
  static const uint32_t idx[8] = {1, 2, 0, 2, 1, 0, 2, 1};
  static const double dist[8] = {1, 3, 1, 2, 2, 3, 3, 5};
  sf_knn knn = {4, 2, (uint32_t *)idx, (double *)dist, 1};
  um_graph g;
  sf_error err;
  double w[4][4] = {{0}}, target = log(3) / log(2), p[4][4] = {{0}};
  size_t e, i, j;
  memset(&g, 0, sizeof g);
  CHECK(um_build_graph(&knn, 3, target, &g, &err) == SF_OK);
  for (e = 0; e < g.edges; e++) {
    CHECK(e == 0 || g.head[e - 1] < g.head[e] || (g.head[e - 1] == g.head[e] && g.tail[e - 1] < g.tail[e]));
    w[g.head[e]][g.tail[e]] = g.w[e];
  }
  /* the directed memberships by the definition, then the fuzzy union */
  for (i = 0; i < 4; i++) {
    double ds[3] = {0, dist[2 * i], dist[2 * i + 1]}, rho, sigma = um_sigma(ds, 3, target, 14.0 / 12, &rho);
    for (j = 0; j < 2; j++) p[i][idx[2 * i + j]] = dist[2 * i + j] <= rho ? 1 : exp(-(dist[2 * i + j] - rho) / sigma);
  }
  for (i = 0; i < 4; i++)
    for (j = 0; j < 4; j++) {
      CHECK(w[i][j] == w[j][i]);
      CHECK_NEAR(w[i][j], p[i][j] + p[j][i] - p[i][j] * p[j][i], 1e-15);
    }
  CHECK(w[0][1] == 1); /* each other's nearest: membership 1 both ways */
  CHECK(w[0][3] == 0 && g.edges == 10); /* 0-1, 0-2, 1-2, 1-3, 2-3, both ways */
  um_graph_free(&g);
}

/* 40 rows: two clusters of 20 in 4 dimensions (a, b, c, constant k), label by cluster. */
static sf_engine *clusters(int duplicates) {
  sf_table *t = sf_table_new();
  sf_column *c;
  static const char *const names[4] = {"a", "b", "c", "k"};
  double v[4][40];
  const char *lab[40];
  size_t i, k;
  uint64_t s = 12345;
  for (i = 0; i < 40; i++) {
    for (k = 0; k < 4; k++) {
      s ^= s << 13; s ^= s >> 7; s ^= s << 17;
      v[k][i] = k == 3 ? 7 : duplicates ? (double)(i % 2) : (double)(s >> 11) / 9007199254740992.0 + (i < 20 ? 0 : 5);
    }
    lab[i] = i < 20 ? "left" : "right";
  }
  t->nrows = 40;
  for (k = 0; k < 4; k++) {
    sf_table_add_column(t, names[k], SF_NUMBER, 40, &c, NULL);
    fix_numbers(c, v[k], 40);
  }
  sf_table_add_column(t, "label", SF_CATEGORY, 40, &c, NULL);
  fix_strings(c, lab, 40);
  c->role = SF_ROLE_LABEL;
  return fix_wrap(t);
}

static int all_finite(const cJSON *r) {
  const cJSON *p;
  cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(r, "points")) {
    if (!isfinite(cJSON_GetArrayItem(p, 0)->valuedouble) || !isfinite(cJSON_GetArrayItem(p, 1)->valuedouble)) return 0;
  }
  return 1;
}

static void test_kernel(void) {
  sf_engine *e = clusters(0), *dup = clusters(1);
  const char *cfg = "{\"method\":\"umap\",\"fields\":[\"a\",\"b\",\"c\",\"k\"],\"n_neighbors\":5,\"epochs\":50}";
  sf_error err;
  cJSON *r, *r2, *r3;
  char *p1, *p2, *p3;
  double lx = 0, rx = 0, lo = INFINITY, hi = -INFINITY;
  int i;

  r = fix_run(e, "embedding", NULL, cfg, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "method", "\"umap\"");
  CHECK_MEMBER(r, "count", "40");
  CHECK_MEMBER(r, "sampled_out", "0");
  CHECK(cJSON_GetObjectItemCaseSensitive(r, "explained_variance_ratio") == NULL);
  CHECK(NUM(cJSON_GetObjectItemCaseSensitive(r, "umap"), "epochs") == 50);
  CHECK(all_finite(r)); /* a constant column (k) changes nothing */
  /* the clusters stay apart: each side's mean x differs by more than either side's spread */
  for (i = 0; i < 40; i++) {
    double x = cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "points"), i), 0)->valuedouble;
    if (i < 20) lx += x / 20; else rx += x / 20;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  CHECK(fabs(lx - rx) > 0.5 * (hi - lo));
  /* the same seed: the same map, to the bit; another seed: another map */
  r2 = fix_run(e, "embedding", NULL, cfg, &err);
  r3 = fix_run(e, "embedding", NULL, "{\"method\":\"umap\",\"fields\":[\"a\",\"b\",\"c\",\"k\"],\"n_neighbors\":5,\"epochs\":50,\"seed\":7}", &err);
  p1 = fix_print(r, "points");
  p2 = fix_print(r2, "points");
  p3 = fix_print(r3, "points");
  CHECK_STR(p1, p2);
  CHECK(strcmp(p1, p3) != 0);
  free(p1); free(p2); free(p3);
  cJSON_Delete(r2);
  cJSON_Delete(r3);

  /* a box answered from the last map: the rows whose points fall inside it */
  {
    char box[512];
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(r, "points"), *q;
    int inside = 0;
    snprintf(box, sizeof box, "{\"method\":\"umap\",\"fields\":[\"a\",\"b\",\"c\",\"k\"],\"n_neighbors\":5,\"epochs\":50,"
             "\"box\":{\"x\":[%.17g,%.17g],\"y\":[-1e9,1e9]}}", lo, (lo + hi) / 2);
    cJSON_ArrayForEach(q, pts) inside += cJSON_GetArrayItem(q, 0)->valuedouble <= (lo + hi) / 2;
    r2 = fix_run(e, "embedding", NULL, box, &err);
    CHECK(r2 != NULL);
    CHECK(NUM(r2, "box_count") == inside);
    p1 = fix_print(r, "points");
    p2 = fix_print(r2, "points");
    CHECK_STR(p1, p2);
    free(p1); free(p2);
    cJSON_Delete(r2);
    /* a lasso: the same half as a polygon (even-odd rule), from the same last map */
    snprintf(box, sizeof box, "{\"method\":\"umap\",\"fields\":[\"a\",\"b\",\"c\",\"k\"],\"n_neighbors\":5,\"epochs\":50,"
             "\"lasso\":[[%.17g,-1e9],[%.17g,-1e9],[%.17g,1e9],[%.17g,1e9]]}", lo - 1, (lo + hi) / 2, (lo + hi) / 2, lo - 1);
    r2 = fix_run(e, "embedding", NULL, box, &err);
    CHECK(r2 != NULL);
    CHECK(NUM(r2, "lasso_count") == inside);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r2, "lasso_rows")) == inside);
    cJSON_Delete(r2);
  }
  cJSON_Delete(r);

  /* a lasso on the PCA map: the triangle (-100, -100), (0, -100), (0, 100): PC1 below 0, PC2 under 2 PC1 + 100 */
  r = fix_run(e, "embedding", NULL, "{\"fields\":[\"a\",\"b\",\"c\"],\"lasso\":[[-100,-100],[0,-100],[0,100]]}", &err);
  CHECK(r != NULL);
  {
    const cJSON *q;
    int inside = 0;
    cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(r, "points")) {
      double x = cJSON_GetArrayItem(q, 0)->valuedouble, y = cJSON_GetArrayItem(q, 1)->valuedouble;
      inside += x < 0 && y > -100 && y < 100 + 2 * x; /* left of x = 0, below the edge (-100,-100)-(0,100) */
    }
    CHECK(inside > 0);
    CHECK(NUM(r, "lasso_count") == inside);
  }
  cJSON_Delete(r);

  /* the row cap: 10 of the 40 rows, in row order, the others counted */
  r = fix_run(e, "embedding", NULL, "{\"method\":\"umap\",\"max_rows\":10,\"epochs\":20}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "10");
  CHECK_MEMBER(r, "sampled_out", "30");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "rows")) == 10);
  for (i = 1; i < 10; i++)
    CHECK(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "rows"), i - 1)->valueint <
          cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "rows"), i)->valueint);
  cJSON_Delete(r);

  /* a density beyond max_points: every row in a cell */
  r = fix_run(e, "embedding", NULL, "{\"method\":\"umap\",\"max_points\":5,\"grid\":4,\"epochs\":20}", &err);
  CHECK(r != NULL);
  {
    const cJSON *cell;
    int total = 0;
    cJSON_ArrayForEach(cell, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r, "density"), "cells"))
      total += (int)NUM(cell, "count");
    CHECK(total == 40);
  }
  cJSON_Delete(r);

  /* one row: counted, no map (as PCA); two rows: a map of two finite points */
  r = fix_run(e, "embedding", "{\"rows\":[3]}", cfg, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "1");
  CHECK_MEMBER(r, "points", "[]");
  cJSON_Delete(r);
  r = fix_run(e, "embedding", "{\"rows\":[3,30]}", cfg, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "2");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "points")) == 2 && all_finite(r));
  cJSON_Delete(r);
  /* every row one of two values (20 copies each): finite, the copies together */
  r = fix_run(dup, "embedding", NULL, cfg, &err);
  CHECK(r != NULL);
  CHECK(all_finite(r));
  cJSON_Delete(r);

  /* every allocation failing in turn: an error each time, nothing leaks */
  CHECK(fix_oom_sweep(e, "embedding", NULL, "{\"method\":\"umap\",\"n_neighbors\":5,\"epochs\":5,\"color\":\"label\"}") > 10);
  CHECK(fix_oom_sweep(e, "embedding", NULL, "{\"method\":\"umap\",\"n_neighbors\":5,\"epochs\":5,\"max_points\":3,\"max_rows\":30,"
                                            "\"box\":{\"x\":[0,5],\"y\":[0,5]},\"lasso\":[[0,0],[5,0],[0,5]]}") > 10);
  sf_close(e);
  sf_close(dup);
}

int main(void) {
  test_math();
  test_ab();
  test_sigma();
  test_union();
  test_kernel();
  return test_report("test_embedding_umap");
}
