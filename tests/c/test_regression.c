/* test_regression.c — components/regression/kernel.c on small hand-checked tables.
 * Expected values worked by hand and confirmed with scikit-learn 1.2.1 / numpy 1.24.2:
 *   y = [3, -0.5, 2, 7], p = [2.5, 0, 2, 8] (sklearn's own docstring example)
 *   mean_absolute_error 0.5, sqrt(mean_squared_error) 0.6123724356957945,
 *   r2_score 0.9486081370449679 (1 - 1.5 / 29.1875);
 *   np.histogram(p - y, bins=3) -> [1, 1, 2], edges [-0.5, 0, 0.5, 1];
 *   np.histogram2d(y, p, bins=2, range=[(-0.5, 8)] * 2) -> [[3, 0], [0, 1]]. */
#include "kernel_fixture.h"

/* y (label) and p (prediction) as above, then a row without a prediction and one
 * without a label: "missing" counts them. k is a category column. */
static const double ry[] = {3, -0.5, 2, 7, 4, NAN};
static const double rp[] = {2.5, 0, 2, 8, NAN, 1};
static const char *const rk[] = {"a", "b", "a", "b", "a", "b"};
#define RROWS (sizeof ry / sizeof *ry)

static sf_engine *reg_engine(const double *y, const double *p, size_t n) {
  sf_table *t = sf_table_new();
  sf_column *c;
  t->nrows = n;
  sf_table_add_column(t, "y", SF_NUMBER, n, &c, NULL);
  fix_numbers(c, y, n);
  c->role = SF_ROLE_LABEL;
  sf_table_add_column(t, "p", SF_NUMBER, n, &c, NULL);
  fix_numbers(c, p, n);
  c->role = SF_ROLE_PREDICTION;
  sf_table_add_column(t, "k", SF_CATEGORY, n, &c, NULL);
  fix_strings(c, rk, n);
  return fix_wrap(t);
}

static const char *err_of(sf_engine *e, const char *config) {
  static char buf[600];
  sf_error err;
  cJSON *r = fix_run(e, "regression", NULL, config, &err);
  snprintf(buf, sizeof buf, "%s", r ? "ok" : err.msg);
  cJSON_Delete(r);
  return buf;
}

int main(void) {
  sf_engine *e = reg_engine(ry, rp, RROWS), *e2;
  sf_error err;
  cJSON *r, *sc;

  r = fix_run(e, "regression", NULL, "{\"bins\":3,\"grid\":2}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "label", "\"y\"");
  CHECK_MEMBER(r, "prediction", "\"p\"");
  CHECK_MEMBER(r, "count", "4");
  CHECK_MEMBER(r, "missing", "2");
  CHECK_NEAR(NUM(r, "mae"), 0.5, 1e-15);
  CHECK_NEAR(NUM(r, "rmse"), 0.6123724356957945, 1e-15);
  CHECK_NEAR(NUM(r, "r2"), 0.9486081370449679, 1e-15);
  CHECK_MEMBER(r, "residuals", "{\"bins\":[{\"lo\":-0.5,\"hi\":0,\"count\":1},{\"lo\":0,\"hi\":0.5,\"count\":1},"
                               "{\"lo\":0.5,\"hi\":1,\"count\":2}]}");
  /* one extent for both axes, over both columns; cells by the label's cell, then the prediction's */
  CHECK_MEMBER(r, "scatter", "{\"x\":[-0.5,8],\"y\":[-0.5,8],\"grid\":2,"
                             "\"cells\":[{\"i\":0,\"j\":0,\"count\":3},{\"i\":1,\"j\":1,\"count\":1}]}");
  cJSON_Delete(r);

  /* Defaults: 20 residual bins, a 40 x 40 grid (only cells with rows listed). */
  r = fix_run(e, "regression", NULL, NULL, &err);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "residuals"), "bins")) == 20);
  sc = cJSON_GetObjectItem(r, "scatter");
  CHECK(NUM(sc, "grid") == 40);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(sc, "cells")) == 4);
  cJSON_Delete(r);

  /* Under a filter: the selection's numbers, the whole table's bins.
   * y in [0, 5]: rows 0, 2 used, row 4 (no prediction) missing;
   * mae 0.25, rmse sqrt(0.125), r2 1 - 0.25 / 0.5 = 0.5; residuals -0.5, 0 -> [1, 1, 0]. */
  r = fix_run(e, "regression", "{\"field\":\"y\",\"range\":[0,5]}", "{\"bins\":3,\"grid\":2}", &err);
  CHECK_MEMBER(r, "count", "2");
  CHECK_MEMBER(r, "missing", "1");
  CHECK_NEAR(NUM(r, "mae"), 0.25, 1e-15);
  CHECK_NEAR(NUM(r, "rmse"), 0.3535533905932738, 1e-15);
  CHECK_NEAR(NUM(r, "r2"), 0.5, 1e-15);
  CHECK_MEMBER(r, "residuals", "{\"bins\":[{\"lo\":-0.5,\"hi\":0,\"count\":1},{\"lo\":0,\"hi\":0.5,\"count\":1},"
                               "{\"lo\":0.5,\"hi\":1,\"count\":0}]}");
  cJSON_Delete(r);

  /* One row: r2_score is NaN (not defined below two samples) -> null; no rows: all null. */
  r = fix_run(e, "regression", "{\"rows\":[3]}", NULL, &err);
  CHECK_MEMBER(r, "count", "1");
  CHECK_NEAR(NUM(r, "mae"), 1, 0);
  CHECK_MEMBER(r, "r2", "null");
  cJSON_Delete(r);
  r = fix_run(e, "regression", "{\"rows\":[4,5]}", "{\"bins\":3,\"grid\":2}", &err);
  CHECK_MEMBER(r, "count", "0");
  CHECK_MEMBER(r, "missing", "2");
  CHECK_MEMBER(r, "mae", "null");
  CHECK_MEMBER(r, "rmse", "null");
  CHECK_MEMBER(r, "r2", "null");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "scatter"), "cells", "[]");
  cJSON_Delete(r);
  sf_close(e);

  /* A constant label: r2_score's denominator is 0. sklearn (force_finite, the
   * default) gives 1.0 when the predictions are exact too, else 0.0. */
  {
    static const double cy[] = {5, 5, 5}, exact[] = {5, 5, 5}, off[] = {4, 5, 6};
    e2 = reg_engine(cy, exact, 3);
    r = fix_run(e2, "regression", NULL, "{\"bins\":2,\"grid\":2}", &err);
    CHECK_MEMBER(r, "r2", "1");
    CHECK_MEMBER(r, "mae", "0");
    /* every residual 0 and every value 5: numpy widens the range to [x - 0.5, x + 0.5] */
    CHECK_MEMBER(r, "residuals", "{\"bins\":[{\"lo\":-0.5,\"hi\":0,\"count\":0},{\"lo\":0,\"hi\":0.5,\"count\":3}]}");
    CHECK_MEMBER(cJSON_GetObjectItem(r, "scatter"), "x", "[4.5,5.5]");
    cJSON_Delete(r);
    sf_close(e2);
    e2 = reg_engine(cy, off, 3);
    r = fix_run(e2, "regression", NULL, NULL, &err);
    CHECK_MEMBER(r, "r2", "0");
    CHECK_NEAR(NUM(r, "mae"), 2.0 / 3.0, 1e-15);
    cJSON_Delete(r);
    sf_close(e2);
  }

  /* Both columns must hold numbers: the message names the key (a given column or the
   * role's default alike); config keys are checked against schema.json. */
  e = reg_engine(ry, rp, RROWS);
  CHECK_STR(err_of(e, "{\"label\":\"k\"}"), "config.label: must name a number column ('k' holds category)");
  CHECK_STR(err_of(e, "{\"prediction\":\"k\"}"), "config.prediction: must name a number column ('k' holds category)");
  CHECK_STR(err_of(e, "{\"grid\":1}"), "config.grid: must be an integer from 2 to 200");
  CHECK_STR(err_of(e, "{\"bins\":0}"), "config.bins: must be an integer from 1 to 1000");
  CHECK_STR(err_of(e, "{\"bin\":3}"), "config.bin: unknown key (allowed: label, prediction, bins, grid)");
  e->table->cols[2].role = SF_ROLE_LABEL; /* the label role on the category column */
  e->table->cols[0].role = SF_ROLE_FEATURE;
  CHECK_STR(err_of(e, NULL), "config.label: must name a number column ('k' holds category)");

  /* out of memory at every allocation: an error, no crash, no leak (ASan) */
  e->table->cols[0].role = SF_ROLE_LABEL;
  e->table->cols[2].role = SF_ROLE_FEATURE;
  CHECK(fix_oom_sweep(e, "regression", NULL, "{\"bins\":3,\"grid\":2}") > 5);
  fix_oom_sweep(e, "regression", "{\"field\":\"k\",\"in\":[\"a\"]}", NULL);
  sf_close(e);
  return test_report("test_regression");
}
