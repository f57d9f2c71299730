/* test_embedding.c — wasm/src/eigen.c on matrices whose eigen-decomposition is known,
 * and components/embedding/kernel.c on small hand-checked tables (the numbers against
 * scikit-learn at scale are tests/reference/embedding_*.json).
 * Hand-checked PCA: two fields (x, 2x) lie on the line through (1, 2): PC1 = ±(1, 2)/√5
 * with ratio 1, the score of a row is ±(x - mean(x))·√5, and sklearn 1.2's svd_flip makes
 * the row with the largest |score| positive. */
#include "kernel_fixture.h"

/* max |A v_j - λ_j v_j| and max |V^T V - I| of a decomposition of the d x d matrix a. */
static void residuals(const double *a, size_t d, const double *val, const double *vec, double *res, double *orth) {
  size_t i, j, k;
  *res = *orth = 0;
  for (j = 0; j < d; j++)
    for (i = 0; i < d; i++) {
      double av = 0, dot = 0;
      for (k = 0; k < d; k++) av += a[i * d + k] * vec[k * d + j];
      *res = fmax(*res, fabs(av - val[j] * vec[i * d + j]));
      for (k = 0; k < d; k++) dot += vec[k * d + i] * vec[k * d + j];
      *orth = fmax(*orth, fabs(dot - (i == j)));
    }
}

static void test_eigen(void) {
  sf_error err;
  double val[3], vec[9], res, orth;
  /* a diagonal matrix: its entries, sorted, and the unit vectors */
  static const double diag[9] = {1, 0, 0, 0, 3, 0, 0, 0, 2};
  /* [[2, 1], [1, 2]]: 3 along (1, 1)/√2, 1 along (1, -1)/√2 */
  static const double two[4] = {2, 1, 1, 2};
  /* [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]: 2 + √2, 2, 2 - √2 (the path graph's Laplacian shifted) */
  static const double tri[9] = {2, -1, 0, -1, 2, -1, 0, -1, 2};
  double big[60 * 60], bval[60], bvec[60 * 60], trace = 0, sum = 0;
  size_t i, j;
  uint64_t s = 88172645463325252ull;

  CHECK(sf_eigen_symmetric(diag, 3, val, vec, &err) == SF_OK);
  CHECK(val[0] == 3 && val[1] == 2 && val[2] == 1);
  CHECK(vec[1 * 3 + 0] == 1 && vec[2 * 3 + 1] == 1 && vec[0 * 3 + 2] == 1); /* columns e2, e3, e1 */

  CHECK(sf_eigen_symmetric(two, 2, val, vec, &err) == SF_OK);
  CHECK_NEAR(val[0], 3, 1e-15);
  CHECK_NEAR(val[1], 1, 1e-15);
  CHECK_NEAR(fabs(vec[0]), sqrt(0.5), 1e-15);
  CHECK_NEAR(vec[0] * vec[2], 0.5, 1e-15);  /* same sign: (1, 1) */
  CHECK_NEAR(vec[1] * vec[3], -0.5, 1e-15); /* opposite signs: (1, -1) */

  CHECK(sf_eigen_symmetric(tri, 3, val, vec, &err) == SF_OK);
  CHECK_NEAR(val[0], 2 + sqrt(2), 1e-14);
  CHECK_NEAR(val[1], 2, 1e-14);
  CHECK_NEAR(val[2], 2 - sqrt(2), 1e-14);
  residuals(tri, 3, val, vec, &res, &orth);
  CHECK(res < 1e-14 && orth < 1e-14);

  /* a 60 x 60 random symmetric matrix: A v = λ v, V orthonormal, Σλ = trace, λ descending */
  for (i = 0; i < 60; i++)
    for (j = 0; j <= i; j++) {
      s ^= s << 13; s ^= s >> 7; s ^= s << 17; /* xorshift64 */
      big[i * 60 + j] = big[j * 60 + i] = (double)(s >> 11) / 9007199254740992.0 - 0.5;
    }
  CHECK(sf_eigen_symmetric(big, 60, bval, bvec, &err) == SF_OK);
  residuals(big, 60, bval, bvec, &res, &orth);
  CHECK(res < 1e-12);
  CHECK(orth < 1e-12);
  for (i = 0; i < 60; i++) { trace += big[i * 61]; sum += bval[i]; }
  CHECK_NEAR(sum, trace, 1e-12);
  for (i = 1; i < 60; i++) CHECK(bval[i - 1] >= bval[i]);
  /* allocation failure: an error, nothing leaks (ASan) */
  sf_alloc_fail_after(0);
  CHECK(sf_eigen_symmetric(big, 60, bval, bvec, &err) == SF_ENOMEM);
  sf_alloc_fail_after(-1);
}

/* Table: x, y = 2x (y missing in the last row), emb_0..emb_2 (a prefix group), a plain
 * feature f, the label and prediction (categories). */
static sf_engine *pca_engine(const double *x, size_t n) {
  static const char *const lab[] = {"a", "b", "a", "b", "a"}, *const pre[] = {"a", "a", "a", NULL, "b"};
  sf_table *t = sf_table_new();
  sf_column *c;
  double y[5], e[3][5], f[5];
  size_t i, k;
  char name[8];
  for (i = 0; i < n; i++) {
    y[i] = i + 1 == n ? NAN : 2 * x[i];
    f[i] = (double)(i * i);
    for (k = 0; k < 3; k++) e[k][i] = (double)((i * (k + 2)) % 5);
  }
  t->nrows = n;
  sf_table_add_column(t, "x", SF_NUMBER, n, &c, NULL);
  fix_numbers(c, x, n);
  sf_table_add_column(t, "y", SF_NUMBER, n, &c, NULL);
  fix_numbers(c, y, n);
  for (k = 0; k < 3; k++) {
    snprintf(name, sizeof name, "emb_%zu", k);
    sf_table_add_column(t, name, SF_NUMBER, n, &c, NULL);
    fix_numbers(c, e[k], n);
  }
  sf_table_add_column(t, "f", SF_NUMBER, n, &c, NULL);
  fix_numbers(c, f, n);
  sf_table_add_column(t, "label", SF_CATEGORY, n, &c, NULL);
  fix_strings(c, lab, n);
  c->role = SF_ROLE_LABEL;
  sf_table_add_column(t, "pred", SF_CATEGORY, n, &c, NULL);
  fix_strings(c, pre, n);
  c->role = SF_ROLE_PREDICTION;
  return fix_wrap(t);
}

static double point(const cJSON *r, int k, int axis) {
  return cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "points"), k), axis)->valuedouble;
}

static void test_kernel(void) {
  /* rows 0..3 used (row 4 lacks y); mean(x) = 2.75, the largest deviation is row 3's (+2.25) */
  static const double up[5] = {1, 2, 3, 5, 9};
  /* mean(x) = 3.25, the largest deviation is row 0's (-2.25): the sign flips so it is positive */
  static const double down[5] = {1, 3.5, 4, 4.5, 9};
  static const double dev_up[4] = {-1.75, -0.75, 0.25, 2.25}, dev_down[4] = {-2.25, 0.25, 0.75, 1.25};
  sf_engine *e = pca_engine(up, 5), *e2 = pca_engine(down, 5);
  const char *cfg = "{\"fields\":[\"x\",\"y\"],\"color\":\"error\"}";
  sf_error err;
  cJSON *r, *comp;
  int k;

  r = fix_run(e, "embedding", NULL, cfg, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "fields", "[\"x\",\"y\"]");
  CHECK_MEMBER(r, "count", "4");
  CHECK_MEMBER(r, "missing", "1");
  CHECK_MEMBER(r, "rows", "[0,1,2,3]");
  CHECK_NEAR(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "explained_variance_ratio"), 0)->valuedouble, 1, 1e-15);
  CHECK_NEAR(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "explained_variance_ratio"), 1)->valuedouble, 0, 1e-15);
  comp = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "components"), 0);
  CHECK_NEAR(cJSON_GetArrayItem(comp, 0)->valuedouble, 1 / sqrt(5), 1e-15);
  CHECK_NEAR(cJSON_GetArrayItem(comp, 1)->valuedouble, 2 / sqrt(5), 1e-15);
  for (k = 0; k < 4; k++) {
    CHECK_NEAR(point(r, k, 0), dev_up[k] * sqrt(5), 1e-14);
    CHECK_NEAR(point(r, k, 1), 0, 1e-14);
  }
  /* error: label a/b against pred a/a/a/missing */
  CHECK_MEMBER(r, "values", "[false,true,false,null]");
  cJSON_Delete(r);

  r = fix_run(e2, "embedding", NULL, cfg, &err);
  CHECK(r != NULL);
  comp = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "components"), 0);
  CHECK_NEAR(cJSON_GetArrayItem(comp, 0)->valuedouble, -1 / sqrt(5), 1e-15);
  for (k = 0; k < 4; k++) CHECK_NEAR(point(r, k, 0), -dev_down[k] * sqrt(5), 1e-14);
  cJSON_Delete(r);

  /* three numbered columns are too few for an inferred embedding: every plain numeric feature */
  r = fix_run(e, "embedding", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "fields", "[\"x\",\"y\",\"emb_0\",\"emb_1\",\"emb_2\",\"f\"]");
  CHECK(cJSON_GetObjectItemCaseSensitive(r, "embedding") == NULL);
  cJSON_Delete(r);
  /* default fields: the numeric columns whose role is embedding (f, x and y are not); colour by label */
  for (k = 0; k < 3; k++) e->table->cols[2 + k].role = SF_ROLE_EMBEDDING;
  r = fix_run(e, "embedding", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "fields", "[\"emb_0\",\"emb_1\",\"emb_2\"]");
  CHECK_MEMBER(r, "embedding", "\"embedding\"");
  CHECK_MEMBER(r, "count", "5");
  CHECK_MEMBER(r, "values", "[\"a\",\"b\",\"a\",\"b\",\"a\"]");
  cJSON_Delete(r);
  /* the same columns as scores are no map: the plain features are */
  for (k = 0; k < 3; k++) e->table->cols[2 + k].role = SF_ROLE_SCORE;
  r = fix_run(e, "embedding", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "fields", "[\"x\",\"y\",\"f\"]");
  cJSON_Delete(r);
  for (k = 0; k < 3; k++) e->table->cols[2 + k].role = SF_ROLE_FEATURE;

  /* a density: every used row in a cell. PC1 scores -1.75√5 .. 2.25√5 over 3 cells (edges
   * -0.42√5 and 0.92√5): rows 0, 1 | row 2 | row 3. (PC2 is rounding noise: cells summed over j.) */
  r = fix_run(e, "embedding", NULL, "{\"fields\":[\"x\",\"y\"],\"max_points\":2,\"grid\":3,\"box\":{\"x\":[0,100],\"y\":[-1,1]}}", &err);
  CHECK(r != NULL);
  CHECK(cJSON_GetObjectItemCaseSensitive(r, "points") == NULL);
  {
    const cJSON *cell, *cells = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r, "density"), "cells");
    int by_i[3] = {0, 0, 0};
    CHECK(cJSON_GetArraySize(cells) >= 3);
    cJSON_ArrayForEach(cell, cells) {
      int i = (int)NUM(cell, "i");
      CHECK(i >= 0 && i < 3);
      if (i >= 0 && i < 3) by_i[i] += (int)NUM(cell, "count");
      /* a cell's top label has the most rows in it; the cell of row 3 alone holds a "b" */
      if (i == 2) CHECK_MEMBER(cell, "top", "\"b\"");
    }
    CHECK(by_i[0] == 2 && by_i[1] == 1 && by_i[2] == 1);
  }
  /* the box holds the rows with a positive PC1 score: rows 2 and 3 */
  CHECK_MEMBER(r, "box_rows", "[2,3]");
  CHECK_MEMBER(r, "box_count", "2");
  cJSON_Delete(r);

  /* filtered to no rows: counts and no map */
  r = fix_run(e, "embedding", "{\"field\":\"x\",\"range\":[100,200]}", cfg, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "0");
  CHECK_MEMBER(r, "points", "[]");
  cJSON_Delete(r);

  /* every allocation failing in turn: an error each time, nothing leaks */
  CHECK(fix_oom_sweep(e, "embedding", NULL, cfg) > 5);
  CHECK(fix_oom_sweep(e, "embedding", NULL, "{\"max_points\":2,\"grid\":3,\"color\":\"prediction\",\"box\":{\"x\":[-9,9],\"y\":[-9,9]}}") > 5);
  CHECK(fix_oom_sweep(e, "embedding", NULL, "{\"fields\":[\"x\",\"y\"],\"max_points\":2,\"color\":\"error\"}") > 5);
  sf_close(e);
  sf_close(e2);
}

static void test_defaults(void) {
  sf_engine *e = fix_engine(); /* numbers x, yn, pn: no prefix group, three plain features */
  sf_error err;
  cJSON *r = fix_run(e, "embedding", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "fields", "[\"x\",\"yn\",\"pn\"]");
  CHECK_MEMBER(r, "missing", "1"); /* x is missing in row 2 */
  cJSON_Delete(r);
  /* columns with the role embedding come first; a prefix group of scores (not features) is not a map */
  e->table->cols[sf_table_find(e->table, "x")].role = SF_ROLE_EMBEDDING;
  e->table->cols[sf_table_find(e->table, "pn")].role = SF_ROLE_EMBEDDING;
  r = fix_run(e, "embedding", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "fields", "[\"x\",\"pn\"]");
  cJSON_Delete(r);
  r = fix_run(e, "embedding", NULL, "{\"fields\":[\"x\"]}", &err);
  CHECK(r == NULL);
  CHECK(strstr(err.msg, "at least 2") != NULL);
  sf_close(e);
}

int main(void) {
  test_eigen();
  test_kernel();
  test_defaults();
  return test_report("test_embedding");
}
