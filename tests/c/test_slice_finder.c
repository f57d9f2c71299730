/* test_slice_finder.c — components/slice-finder/kernel.c on the fixture table
 * (kernel_fixture.h), worked by hand; the planted data and penguins are held to the
 * brute force of tests/reference/make_slice_finder.py by tests/js.
 *
 *   row:  0    1    2    3    4    5    6    7    8    9
 *   c     a    b    a    NULL c    b    a    b    a    c
 *   x     1.5  2    NaN  4    5    2    -1   10   0.1  3
 *   f     1    0    NULL 1    1    0    0    1    0    1
 *   y     cat  dog  cat  bird dog  cat  dog  bird cat  dog    (label)
 *   p     cat  cat  cat  bird dog  dog  dog  cat  NULL dog    (prediction)
 * Row 8 lacks a prediction: n = 9 rows used, errors at rows 1, 5, 7: mean 1/3.
 * Score (alpha 0.95): 0.95 * ((se / ss) / (1/3) - 1) - 0.05 * (9 / ss - 1).
 * x in 2 equal-width bins over [-1, 10]: [-1, 4.5) rows 0 1 3 5 6 9 (se 2),
 * [4.5, 10] rows 4 7 (se 1): scores -0.025 and 0.3. f = false rows 1 5 6 (se 2): 0.85;
 * f = true rows 0 3 4 7 9 (se 1): < 0. x bin 0 AND f = false: rows 1 5 6, the rows
 * of f = false; x bin 1 AND f = true: rows 4 7, those of x bin 1 (neither listed). */
#include "kernel_fixture.h"

static const cJSON *slice_at(const cJSON *r, int i) {
  return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "slices"), i);
}
static int nslices(const cJSON *r) { return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "slices")); }

int main(void) {
  sf_engine *e = fix_engine();
  sf_error err;
  cJSON *r;
  const cJSON *s;

  /* One category: only c = b (3 rows, all wrong) scores above 0. */
  r = fix_run(e, "slice-finder", NULL, "{\"features\":[\"c\"],\"min_support\":2}", &err);
  CHECK(r != NULL);
  if (!r) { fprintf(stderr, "%s\n", err.msg); sf_close(e); return test_report("slice-finder"); }
  CHECK_MEMBER(r, "count", "9");
  CHECK_MEMBER(r, "missing", "1");
  CHECK_MEMBER(r, "errors", "3");
  CHECK_NEAR(NUM(r, "error_rate"), 1.0 / 3, 1e-15);
  CHECK_MEMBER(r, "features", "[\"c\"]");
  CHECK(nslices(r) == 1);
  s = slice_at(r, 0);
  CHECK_MEMBER(s, "predicates", "[{\"field\":\"c\",\"in\":[\"b\"]}]");
  CHECK_MEMBER(s, "filter", "{\"field\":\"c\",\"in\":[\"b\"]}");
  CHECK_MEMBER(s, "count", "3");
  CHECK_MEMBER(s, "error_rate", "1");
  CHECK_NEAR(NUM(s, "score"), 0.95 * 2 - 0.05 * 2, 1e-12);
  cJSON_Delete(r);

  /* A number and a bool, two levels. x < 4.5 AND f = false holds the rows of f = false
   * (3), and x >= 4.5 AND f = true those of x >= 4.5: the same slices written longer,
   * so neither is listed. */
  r = fix_run(e, "slice-finder", NULL, "{\"features\":[\"x\",\"f\"],\"min_support\":2,\"bins\":2,\"max_level\":2}", &err);
  CHECK(r != NULL && nslices(r) == 2);
  CHECK_MEMBER(slice_at(r, 0), "predicates", "[{\"field\":\"f\",\"in\":[false]}]");
  CHECK_MEMBER(slice_at(r, 0), "count", "3");
  CHECK_MEMBER(slice_at(r, 1), "predicates", "[{\"field\":\"x\",\"range\":[4.5,10],\"closed\":\"both\"}]");
  CHECK_MEMBER(slice_at(r, 1), "filter", "{\"field\":\"x\",\"range\":[4.5,10]}");
  CHECK_NEAR(NUM(slice_at(r, 0), "score"), 0.85, 1e-12);
  CHECK_NEAR(NUM(slice_at(r, 1), "score"), 0.3, 1e-12);
  cJSON_Delete(r);

  /* x < 4.5 AND c = b: rows 1 5 (se 2), 0.95 * 2 - 0.05 * 3.5 = 1.725, after c = b
   * alone (rows 1 5 7, 1.8); its filter leaves out the upper bin's edge 4.5. */
  r = fix_run(e, "slice-finder", NULL, "{\"features\":[\"x\",\"c\"],\"min_support\":2,\"bins\":2,\"max_level\":2,\"k\":2}", &err);
  CHECK(r != NULL && nslices(r) == 2);
  CHECK_MEMBER(slice_at(r, 0), "predicates", "[{\"field\":\"c\",\"in\":[\"b\"]}]");
  CHECK_NEAR(NUM(slice_at(r, 0), "score"), 1.8, 1e-12);
  CHECK_MEMBER(slice_at(r, 1), "predicates",
               "[{\"field\":\"x\",\"range\":[-1,4.5],\"closed\":\"left\"},{\"field\":\"c\",\"in\":[\"b\"]}]");
  CHECK_MEMBER(slice_at(r, 1), "filter",
               "{\"and\":[{\"and\":[{\"field\":\"x\",\"range\":[-1,4.5]},{\"not\":{\"field\":\"x\",\"in\":[4.5]}}]},"
               "{\"field\":\"c\",\"in\":[\"b\"]}]}");
  CHECK_MEMBER(slice_at(r, 1), "count", "2");
  CHECK_NEAR(NUM(slice_at(r, 1), "score"), 1.725, 1e-12);
  cJSON_Delete(r);

  /* k = 1: f = false alone. */
  r = fix_run(e, "slice-finder", NULL, "{\"features\":[\"x\",\"f\"],\"min_support\":2,\"bins\":2,\"k\":1}", &err);
  CHECK(r != NULL && nslices(r) == 1);
  CHECK_MEMBER(slice_at(r, 0), "predicates", "[{\"field\":\"f\",\"in\":[false]}]");
  cJSON_Delete(r);

  /* Minimum support 4: c = b (3 rows) is too small; the default is 32 rows. */
  r = fix_run(e, "slice-finder", NULL, "{\"features\":[\"c\"],\"min_support\":4}", &err);
  CHECK(r != NULL && nslices(r) == 0);
  cJSON_Delete(r);
  r = fix_run(e, "slice-finder", NULL, NULL, &err);
  CHECK(r != NULL && nslices(r) == 0);
  CHECK_MEMBER(r, "min_support", "32");
  cJSON_Delete(r);

  /* Under a filter: c in {a, b}: rows 0 1 2 5 6 7 (+8 without a prediction). */
  r = fix_run(e, "slice-finder", "{\"field\":\"c\",\"in\":[\"a\",\"b\"]}", "{\"features\":[\"c\"],\"min_support\":2}", &err);
  CHECK_MEMBER(r, "count", "6");
  CHECK_MEMBER(r, "missing", "1");
  CHECK_MEMBER(slice_at(r, 0), "count", "3");
  cJSON_Delete(r);

  /* Squared error over the numeric label yn and prediction pn: squared errors 0 1 0 0 0 1 0 0 0 4 (all 10 rows). */
  r = fix_run(e, "slice-finder", NULL,
              "{\"features\":[\"c\"],\"label\":\"yn\",\"prediction\":\"pn\",\"error\":\"squared\",\"min_support\":2}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "errors", "6");
  CHECK_MEMBER(r, "count", "10");
  CHECK_MEMBER(slice_at(r, 0), "predicates", "[{\"field\":\"c\",\"in\":[\"c\"]}]"); /* rows 4 9: se 4, 2 rows */
  CHECK_MEMBER(slice_at(r, 0), "error_rate", "2");
  cJSON_Delete(r);
  r = fix_run(e, "slice-finder", NULL, "{\"error\":\"squared\"}", &err);
  CHECK(r == NULL && strstr(err.msg, "numeric") != NULL);
  cJSON_Delete(r);

  /* Every allocation failure is "out of memory", nothing leaks (the sanitizer build). */
  fix_oom_sweep(e, "slice-finder", NULL, "{\"features\":[\"x\",\"f\",\"c\"],\"min_support\":2,\"bins\":2}");
  fix_oom_sweep(e, "slice-finder", NULL, "{\"features\":[\"x\",\"c\"],\"min_support\":1,\"binning\":\"quantile\",\"bins\":3}");
  fix_oom_sweep(e, "slice-finder", NULL,
                "{\"features\":[\"c\",\"x\"],\"label\":\"yn\",\"prediction\":\"pn\",\"error\":\"squared\",\"min_support\":1}");
  sf_close(e);
  return test_report("slice-finder");
}
