/* test_histogram.c — components/histogram/kernel.c against numpy.histogram. */
#include "kernel_fixture.h"

/* Values on and near bin edges. Expected counts made with numpy 1.24.2:
 *   t = [i*0.1 for i in range(11)] + [0.7, 0.30000000000000004, 0.29999999999999993, 0.6, 0.8999999999999999]
 *   np.histogram(t, bins=10, range=(0, 1))  -> [1, 1, 2, 2, 1, 2, 2, 1, 2, 2]
 *   np.histogram(t, bins=7)                 -> [2, 1, 4, 1, 4, 1, 3]
 *     edges [0.0, 0.14285714285714285, ..., 0.8571428571428571, 1.0] */
static const double edge_vals[] = {0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001,
                                   0.7000000000000001, 0.8, 0.9, 1.0, 0.7, 0.30000000000000004,
                                   0.29999999999999993, 0.6, 0.8999999999999999};

static const char *err_of(sf_engine *e, const char *config) {
  static char buf[600];
  sf_error err;
  cJSON *r = fix_run(e, "histogram", NULL, config, &err);
  snprintf(buf, sizeof buf, "%s", r ? "ok" : err.msg);
  cJSON_Delete(r);
  return buf;
}

int main(void) {
  sf_engine *e, *eu;
  sf_table *t, *u;
  sf_column *c;
  sf_error err;
  cJSON *r;
  e = fix_engine();
  t = e->table;

  /* np.histogram([1.5,2,4,5,2,-1,10,0.1,3], bins=4) -> [3, 4, 1, 1], edges [-1, 1.75, 4.5, 7.25, 10] */
  r = fix_run(e, "histogram", NULL, "{\"type\":\"histogram\",\"title\":\"x\",\"field\":\"x\",\"bins\":4}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "field", "\"x\"");
  CHECK_MEMBER(r, "bins", "[{\"lo\":-1,\"hi\":1.75,\"count\":3},{\"lo\":1.75,\"hi\":4.5,\"count\":4},"
                          "{\"lo\":4.5,\"hi\":7.25,\"count\":1},{\"lo\":7.25,\"hi\":10,\"count\":1}]");
  CHECK_MEMBER(r, "missing", "1");
  CHECK_MEMBER(r, "extent", "[-1,10]");
  cJSON_Delete(r);
  /* Under a filter the edges stay put (whole column); counts are the selection's:
   * np.histogram(x[(x>=0)&(x<=5)], bins=[-1,1.75,4.5,7.25,10]) -> [2, 4, 1, 0] */
  r = fix_run(e, "histogram", "{\"field\":\"x\",\"range\":[0,5]}", "{\"field\":\"x\",\"bins\":4}", &err);
  CHECK_MEMBER(r, "bins", "[{\"lo\":-1,\"hi\":1.75,\"count\":2},{\"lo\":1.75,\"hi\":4.5,\"count\":4},"
                          "{\"lo\":4.5,\"hi\":7.25,\"count\":1},{\"lo\":7.25,\"hi\":10,\"count\":0}]");
  CHECK_MEMBER(r, "missing", "0");
  cJSON_Delete(r);
  /* A given extent: values outside are not counted; default 20 bins. */
  r = fix_run(e, "histogram", NULL, "{\"field\":\"x\",\"bins\":2,\"extent\":[0,4]}", &err);
  CHECK_MEMBER(r, "bins", "[{\"lo\":0,\"hi\":2,\"count\":2},{\"lo\":2,\"hi\":4,\"count\":4}]");
  cJSON_Delete(r);
  r = fix_run(e, "histogram", NULL, "{\"field\":\"x\"}", &err);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "bins")) == 20);
  cJSON_Delete(r);

  /* Values exactly on edges land where numpy puts them. */
  u = sf_table_new();
  u->nrows = sizeof edge_vals / sizeof *edge_vals;
  sf_table_add_column(u, "v", SF_NUMBER, u->nrows, &c, NULL);
  fix_numbers(c, edge_vals, u->nrows);
  sf_table_add_column(u, "k", SF_NUMBER, u->nrows, &c, NULL);
  c->num[0] = c->num[1] = 3.0; /* a constant column: extent [2.5, 3.5] */
  sf_column_count_missing(c, u->nrows);
  eu = fix_wrap(u);
  r = fix_run(eu, "histogram", NULL, "{\"field\":\"v\",\"bins\":10,\"extent\":[0,1]}", &err);
  {
    static const int want[] = {1, 1, 2, 2, 1, 2, 2, 1, 2, 2};
    const cJSON *b;
    int i = 0;
    cJSON_ArrayForEach(b, cJSON_GetObjectItem(r, "bins")) CHECK(NUM(b, "count") == want[i++]);
    CHECK(i == 10);
    CHECK_NEAR(NUM(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "bins"), 3), "lo"), 0.30000000000000004, 1e-15); /* cJSON prints 15 significant digits when they read back within DBL_EPSILON */
  }
  cJSON_Delete(r);
  r = fix_run(eu, "histogram", NULL, "{\"field\":\"v\",\"bins\":7}", &err);
  {
    static const int want[] = {2, 1, 4, 1, 4, 1, 3};
    const cJSON *b;
    int i = 0;
    cJSON_ArrayForEach(b, cJSON_GetObjectItem(r, "bins")) CHECK(NUM(b, "count") == want[i++]);
    CHECK(i == 7);
    CHECK_NEAR(NUM(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "bins"), 6), "lo"), 0.8571428571428571, 1e-15);
  }
  cJSON_Delete(r);
  /* np.histogram([3.0, 3.0], bins=2) -> [0, 2], edges [2.5, 3, 3.5] */
  r = fix_run(eu, "histogram", NULL, "{\"field\":\"k\",\"bins\":2}", &err);
  CHECK_MEMBER(r, "bins", "[{\"lo\":2.5,\"hi\":3,\"count\":0},{\"lo\":3,\"hi\":3.5,\"count\":2}]");
  CHECK_MEMBER(r, "missing", "14");
  CHECK_MEMBER(r, "extent", "[2.5,3.5]");
  cJSON_Delete(r);
  /* No values at all: numpy's [0, 1]. */
  r = fix_run(eu, "histogram", "{\"field\":\"k\",\"in\":[null]}", "{\"field\":\"k\",\"bins\":1}", &err);
  CHECK_MEMBER(r, "bins", "[{\"lo\":2.5,\"hi\":3.5,\"count\":0}]");
  cJSON_Delete(r);
  sf_close(eu);

  /* Categories: count desc, then value asc; "top" cuts, "other" counts the rest. */
  r = fix_run(e, "histogram", NULL, "{\"field\":\"c\"}", &err);
  CHECK_MEMBER(r, "values", "[{\"value\":\"a\",\"count\":4},{\"value\":\"b\",\"count\":3},{\"value\":\"c\",\"count\":2}]");
  CHECK_MEMBER(r, "other", "0");
  CHECK_MEMBER(r, "missing", "1");
  CHECK(cJSON_GetObjectItem(r, "bins") == NULL);
  cJSON_Delete(r);
  r = fix_run(e, "histogram", "{\"not\":{\"rows\":[0]}}", "{\"field\":\"c\",\"top\":1}", &err);
  CHECK_MEMBER(r, "values", "[{\"value\":\"a\",\"count\":3}]");
  CHECK_MEMBER(r, "other", "5");
  cJSON_Delete(r);
  r = fix_run(e, "histogram", NULL, "{\"field\":\"f\"}", &err);
  CHECK_MEMBER(r, "values", "[{\"value\":true,\"count\":5},{\"value\":false,\"count\":4}]");
  CHECK_MEMBER(r, "missing", "1");
  cJSON_Delete(r);
  /* ties: b and a both 2 after removing rows -> a first */
  r = fix_run(e, "histogram", "{\"rows\":[0,1,2,5]}", "{\"field\":\"c\"}", &err);
  CHECK_MEMBER(r, "values", "[{\"value\":\"a\",\"count\":2},{\"value\":\"b\",\"count\":2}]");
  cJSON_Delete(r);

  /* config errors name the key */
  CHECK_STR(err_of(e, "{\"field\":\"x\",\"bins\":0}"), "config.bins: must be an integer from 1 to 1000");
  CHECK_STR(err_of(e, "{\"field\":\"x\",\"bins\":2.5}"), "config.bins: must be an integer from 1 to 1000");
  CHECK_STR(err_of(e, "{\"field\":\"x\",\"bins\":\"9\"}"), "config.bins: must be an integer from 1 to 1000");
  CHECK_STR(err_of(e, "{\"bins\":3}"), "config.field: is required");
  CHECK_STR(err_of(e, "{\"field\":\"nope\"}"), "config.field: no column named 'nope'");
  CHECK_STR(err_of(e, "{\"field\":\"x\",\"binz\":3}"), "config.binz: unknown key (allowed: field, bins, extent, top)");
  CHECK_STR(err_of(e, "{\"field\":\"x\",\"extent\":[1]}"), "config.extent: must have at least 2 items");
  CHECK_STR(err_of(e, "{\"field\":\"x\",\"extent\":[2,1]}"), "config.extent: lo must not be greater than hi");
  CHECK_STR(err_of(e, "{\"field\":\"c\",\"top\":0}"), "config.top: must be an integer from 1 to 10000");
  CHECK_STR(err_of(e, "{\"field\":\"c\",\"note\":5}"), "config.note: must be a string");

  /* out of memory at every allocation: an error, no crash, no leak */
  fix_oom_sweep(e, "histogram", "{\"field\":\"x\",\"range\":[0,5]}", "{\"field\":\"x\",\"bins\":4}");
  fix_oom_sweep(e, "histogram", "{\"not\":{\"rows\":[0]}}", "{\"field\":\"c\",\"top\":1}");

  sf_close(e);
  return test_report("test_histogram");
}
