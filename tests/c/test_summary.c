/* test_summary.c — components/summary/kernel.c against numpy. */
#include "kernel_fixture.h"

static const cJSON *col(const cJSON *r, int i) { return cJSON_GetArrayItem(cJSON_GetObjectItem(r, "columns"), i); }

int main(void) {
  sf_engine *e, *eu;
  sf_table *t, *u;
  sf_column *c;
  sf_error err;
  cJSON *r;
  const cJSON *x;
  static const double big[] = {1000000000.1, 1000000000.2, 1000000000.3, 1000000000.4,
                               1000000000.5, 1000000000.6, 1000000000.7};
  e = fix_engine();
  t = e->table;

  r = fix_run(e, "summary", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "rows", "10");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "columns")) == 8);
  /* numpy 1.24.2: v = np.array([1.5,2,4,5,2,-1,10,0.1,3]); v.mean() = 2.9555555555555557,
   * v.std(ddof=1) = 3.2140749489981992, np.median(v) = 2.0, len(np.unique(v)) = 8 */
  x = col(r, 0);
  CHECK_STR(cJSON_GetObjectItem(x, "name")->valuestring, "x");
  CHECK_STR(cJSON_GetObjectItem(x, "type")->valuestring, "number");
  CHECK_STR(cJSON_GetObjectItem(x, "role")->valuestring, "feature");
  CHECK(NUM(x, "count") == 9);
  CHECK(NUM(x, "missing") == 1);
  CHECK(NUM(x, "distinct") == 8);
  CHECK_NEAR(NUM(x, "mean"), 2.9555555555555557, 1e-15);
  CHECK_NEAR(NUM(x, "std"), 3.2140749489981992, 1e-15);
  CHECK(NUM(x, "min") == -1);
  CHECK(NUM(x, "max") == 10);
  CHECK(NUM(x, "median") == 2.0);
  CHECK_MEMBER(x, "top", "[]");
  /* category: stats null, top by count desc then value asc */
  x = col(r, 1);
  CHECK_STR(cJSON_GetObjectItem(x, "type")->valuestring, "category");
  CHECK(NUM(x, "count") == 9);
  CHECK(NUM(x, "missing") == 1);
  CHECK(NUM(x, "distinct") == 3);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(x, "mean")) && cJSON_IsNull(cJSON_GetObjectItem(x, "std")) &&
        cJSON_IsNull(cJSON_GetObjectItem(x, "min")) && cJSON_IsNull(cJSON_GetObjectItem(x, "max")) &&
        cJSON_IsNull(cJSON_GetObjectItem(x, "median")));
  CHECK_MEMBER(x, "top", "[{\"value\":\"a\",\"count\":4},{\"value\":\"b\",\"count\":3},{\"value\":\"c\",\"count\":2}]");
  /* bool: values true/false */
  CHECK_MEMBER(col(r, 2), "top", "[{\"value\":true,\"count\":5},{\"value\":false,\"count\":4}]");
  /* text: top 5 of 9 distinct singletons, by value */
  x = col(r, 3);
  CHECK(NUM(x, "distinct") == 9);
  CHECK_MEMBER(x, "top", "[{\"value\":\"t0\",\"count\":1},{\"value\":\"t1\",\"count\":1},{\"value\":\"t2\",\"count\":1},"
                         "{\"value\":\"t3\",\"count\":1},{\"value\":\"t5\",\"count\":1}]");
  CHECK_STR(cJSON_GetObjectItem(col(r, 4), "role")->valuestring, "label");
  cJSON_Delete(r);

  /* a filter and a field list: numpy on w = [1.5,2,4,5,2,0.1,3]: mean 2.5142857142857147,
   * std(ddof=1) 1.6334305121722312, median 2.0 */
  r = fix_run(e, "summary", "{\"field\":\"x\",\"range\":[0,5]}", "{\"fields\":[\"x\",\"c\"]}", &err);
  CHECK_MEMBER(r, "rows", "7");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "columns")) == 2);
  x = col(r, 0);
  CHECK(NUM(x, "count") == 7 && NUM(x, "missing") == 0 && NUM(x, "distinct") == 6);
  CHECK_NEAR(NUM(x, "mean"), 2.5142857142857147, 1e-15);
  CHECK_NEAR(NUM(x, "std"), 1.6334305121722312, 1e-15);
  CHECK(NUM(x, "median") == 2.0 && NUM(x, "min") == 0.1 && NUM(x, "max") == 5);
  CHECK_MEMBER(col(r, 1), "top", "[{\"value\":\"a\",\"count\":2},{\"value\":\"b\",\"count\":2},{\"value\":\"c\",\"count\":2}]");
  cJSON_Delete(r);

  /* one value: std null; none: everything null; even count: median of the middle two */
  r = fix_run(e, "summary", "{\"rows\":[3]}", "{\"fields\":[\"x\"]}", &err);
  x = col(r, 0);
  CHECK(NUM(x, "mean") == 4 && NUM(x, "median") == 4 && cJSON_IsNull(cJSON_GetObjectItem(x, "std")));
  cJSON_Delete(r);
  r = fix_run(e, "summary", "{\"rows\":[2]}", "{\"fields\":[\"x\"]}", &err);
  x = col(r, 0);
  CHECK(NUM(x, "count") == 0 && NUM(x, "missing") == 1 && NUM(x, "distinct") == 0);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(x, "mean")) && cJSON_IsNull(cJSON_GetObjectItem(x, "min")) &&
        cJSON_IsNull(cJSON_GetObjectItem(x, "median")));
  cJSON_Delete(r);
  r = fix_run(e, "summary", "{\"rows\":[0,3,6,7]}", "{\"fields\":[\"x\"]}", &err);
  CHECK(NUM(col(r, 0), "median") == 2.75); /* np.median([1.5, 4, -1, 10]) */
  cJSON_Delete(r);

  /* accuracy with a large offset: numpy on 1e9 + 0.1*i, i = 1..7:
   * mean 1000000000.4, std(ddof=1) 0.21602469546525258 */
  u = sf_table_new();
  u->nrows = 7;
  sf_table_add_column(u, "b", SF_NUMBER, 7, &c, NULL);
  fix_numbers(c, big, 7);
  eu = fix_wrap(u);
  r = fix_run(eu, "summary", NULL, NULL, &err);
  CHECK_NEAR(NUM(col(r, 0), "mean"), 1000000000.4, 1e-9 * 1000000000.4);
  CHECK_NEAR(NUM(col(r, 0), "std"), 0.21602469546525258, 1e-9 * 0.216);
  cJSON_Delete(r);
  sf_close(eu);

  /* errors */
  r = fix_run(e, "summary", NULL, "{\"fields\":[\"x\",\"nope\"]}", &err);
  CHECK(r == NULL);
  CHECK_STR(err.msg, "config.fields[1]: no column named 'nope'");
  r = fix_run(e, "summary", NULL, "{\"fields\":\"x\"}", &err);
  CHECK_STR(err.msg, "config.fields: must be an array");
  r = fix_run(e, "summary", NULL, "{\"field\":\"x\"}", &err);
  CHECK_STR(err.msg, "config.field: unknown key (allowed: fields)");

  /* out of memory at every allocation: an error, no crash, no leak */
  fix_oom_sweep(e, "summary", "{\"field\":\"c\",\"in\":[\"a\",\"b\"]}", NULL);

  sf_close(e);
  return test_report("test_summary");
}
