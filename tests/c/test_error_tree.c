/* test_error_tree.c — components/error-tree/kernel.c on the fixture table
 * (kernel_fixture.h), worked by hand; penguins, breast cancer and titanic are held to
 * tests/reference/make_error_tree.py (and through it to scikit-learn) by tests/js.
 *
 *   row:  0    1    2    3    4    5    6    7    8    9
 *   c     a    b    a    NULL c    b    a    b    a    c
 *   x     1.5  2    NaN  4    5    2    -1   10   0.1  3
 *   f     1    0    NULL 1    1    0    0    1    0    1
 *   y     cat  dog  cat  bird dog  cat  dog  bird cat  dog    (label)
 *   p     cat  cat  cat  bird dog  dog  dog  cat  NULL dog    (prediction)
 * Row 8 lacks a prediction: 9 rows used, errors at rows 1, 5, 7.
 * W = sum over the sides of e (n - e) / n (half of N_L gini_L + N_R gini_R).
 * x sorted: -1 1.5 2* 2* 3 4 5 10* (row 2 missing): x <= 1.75 leaves 2 | 7 rows with
 * 0 | 3 errors, W = 12/7, the least (x <= 2.5: 1.8; x <= 7.5: 13/7; finite | missing: 1.875).
 * c: a 3 rows, c 2, missing 1 (no errors), b 3 (all errors): Breiman's order a c null b,
 * the cut before b is pure. f: missing 1 row (0 errors), true 5 (1), false 3 (2): the cut
 * {null, true} | {false} has W = 5/6 + 2/3 = 1.5 < 12/7, so f splits first. */
#include "kernel_fixture.h"

static const cJSON *node_at(const cJSON *r, int i) {
  return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "nodes"), i);
}
static int nnodes(const cJSON *r) { return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "nodes")); }

int main(void) {
  sf_engine *e = fix_engine();
  sf_error err;
  cJSON *r;
  const cJSON *n;

  /* One number, one split: the lowest W; the missing row goes right (counted). */
  r = fix_run(e, "error-tree", NULL, "{\"features\":[\"x\"],\"min_samples_leaf\":1,\"max_depth\":1}", &err);
  CHECK(r != NULL);
  if (!r) { fprintf(stderr, "%s\n", err.msg); sf_close(e); return test_report("error-tree"); }
  CHECK_MEMBER(r, "count", "9");
  CHECK_MEMBER(r, "missing", "1");
  CHECK_MEMBER(r, "errors", "3");
  CHECK_MEMBER(r, "features", "[\"x\"]");
  CHECK(nnodes(r) == 3);
  n = node_at(r, 0);
  CHECK_MEMBER(n, "parent", "null");
  CHECK_MEMBER(n, "children", "[1,2]");
  CHECK_MEMBER(n, "filter", "null");
  CHECK_NEAR(NUM(n, "gini"), 4.0 / 9, 1e-15);
  CHECK_NEAR(NUM(cJSON_GetObjectItemCaseSensitive(n, "split"), "threshold"), 1.75, 0);
  /* improvement: 1 * (4/9 - 7/9 * gini(7, 3) - 2/9 * 0) */
  CHECK_NEAR(NUM(cJSON_GetObjectItemCaseSensitive(n, "split"), "improvement"), 4.0 / 9 - 7.0 / 9 * (24.0 / 49), 1e-15);
  n = node_at(r, 1);
  CHECK_MEMBER(n, "count", "2");
  CHECK_MEMBER(n, "errors", "0");
  CHECK_MEMBER(n, "split", "null");
  CHECK_MEMBER(n, "predicate", "{\"field\":\"x\",\"op\":\"<=\",\"value\":1.75}");
  CHECK_MEMBER(n, "filter", "{\"field\":\"x\",\"range\":[-1,1.75]}");
  n = node_at(r, 2);
  CHECK_MEMBER(n, "count", "7");
  CHECK_MEMBER(n, "errors", "3");
  CHECK_MEMBER(n, "depth", "1");
  CHECK_MEMBER(n, "parent", "0");
  CHECK_MEMBER(n, "predicate", "{\"field\":\"x\",\"op\":\">\",\"value\":1.75,\"missing\":1}");
  CHECK_MEMBER(n, "filter", "{\"not\":{\"field\":\"x\",\"range\":[-1,1.75]}}");
  cJSON_Delete(r);

  /* At least 4 rows a side: x <= 2.5 (W 1.8) beats x <= 3.5 (1.95). */
  r = fix_run(e, "error-tree", NULL, "{\"features\":[\"x\"],\"min_samples_leaf\":4,\"max_depth\":1}", &err);
  CHECK(r != NULL && nnodes(r) == 3);
  CHECK_NEAR(NUM(cJSON_GetObjectItemCaseSensitive(node_at(r, 0), "split"), "threshold"), 2.5, 0);
  CHECK_MEMBER(node_at(r, 1), "count", "4");
  CHECK_MEMBER(node_at(r, 1), "errors", "2");
  cJSON_Delete(r);

  /* A category: Breiman's order, the pure cut; the clause names the smaller side. */
  r = fix_run(e, "error-tree", NULL, "{\"features\":[\"c\"],\"min_samples_leaf\":1}", &err);
  CHECK(r != NULL && nnodes(r) == 3); /* both children are pure: leaves */
  CHECK_MEMBER(cJSON_GetObjectItemCaseSensitive(node_at(r, 0), "split"), "field", "\"c\"");
  CHECK_NEAR(NUM(cJSON_GetObjectItemCaseSensitive(node_at(r, 0), "split"), "improvement"), 4.0 / 9, 1e-15);
  CHECK_MEMBER(node_at(r, 1), "predicate", "{\"field\":\"c\",\"in\":[\"a\",\"c\",null]}");
  CHECK_MEMBER(node_at(r, 1), "filter", "{\"not\":{\"field\":\"c\",\"in\":[\"b\"]}}");
  CHECK_MEMBER(node_at(r, 1), "count", "6");
  CHECK_MEMBER(node_at(r, 1), "errors", "0");
  CHECK_MEMBER(node_at(r, 2), "predicate", "{\"field\":\"c\",\"in\":[\"b\"]}");
  CHECK_MEMBER(node_at(r, 2), "filter", "{\"field\":\"c\",\"in\":[\"b\"]}");
  CHECK_MEMBER(node_at(r, 2), "error_rate", "1");
  cJSON_Delete(r);

  /* min_impurity_decrease: the split decreases 4/9; asking 0.45 keeps the root a leaf. */
  r = fix_run(e, "error-tree", NULL, "{\"features\":[\"c\"],\"min_samples_leaf\":1,\"min_impurity_decrease\":0.45}", &err);
  CHECK(r != NULL && nnodes(r) == 1);
  CHECK_MEMBER(node_at(r, 0), "split", "null");
  cJSON_Delete(r);
  r = fix_run(e, "error-tree", NULL, "{\"features\":[\"c\"],\"min_samples_leaf\":1,\"min_impurity_decrease\":0.44}", &err);
  CHECK(r != NULL && nnodes(r) == 3);
  cJSON_Delete(r);

  /* Two levels: f first (W 1.5), then x on each side; ids depth first, left first. */
  r = fix_run(e, "error-tree", NULL, "{\"features\":[\"x\",\"f\"],\"min_samples_leaf\":1,\"max_depth\":2}", &err);
  CHECK(r != NULL && nnodes(r) == 7);
  CHECK_MEMBER(node_at(r, 0), "children", "[1,4]");
  CHECK_MEMBER(node_at(r, 1), "predicate", "{\"field\":\"f\",\"in\":[true,null]}");
  CHECK_MEMBER(node_at(r, 1), "filter", "{\"not\":{\"field\":\"f\",\"in\":[false]}}");
  CHECK_MEMBER(node_at(r, 1), "count", "6");
  CHECK_MEMBER(node_at(r, 1), "children", "[2,3]");
  CHECK_NEAR(NUM(cJSON_GetObjectItemCaseSensitive(node_at(r, 1), "split"), "threshold"), 7.5, 0);
  CHECK_MEMBER(node_at(r, 2), "count", "4");
  CHECK_MEMBER(node_at(r, 2), "errors", "0");
  CHECK_MEMBER(node_at(r, 3), "count", "2");
  CHECK_MEMBER(node_at(r, 3), "errors", "1");
  CHECK_MEMBER(node_at(r, 3), "depth", "2");
  CHECK_MEMBER(node_at(r, 3), "filter",
               "{\"and\":[{\"not\":{\"field\":\"f\",\"in\":[false]}},{\"not\":{\"field\":\"x\",\"range\":[-1,7.5]}}]}");
  CHECK_MEMBER(node_at(r, 4), "predicate", "{\"field\":\"f\",\"in\":[false]}");
  CHECK_MEMBER(node_at(r, 4), "children", "[5,6]");
  CHECK_NEAR(NUM(cJSON_GetObjectItemCaseSensitive(node_at(r, 4), "split"), "threshold"), 0.5, 0);
  CHECK_MEMBER(node_at(r, 5), "filter", "{\"and\":[{\"field\":\"f\",\"in\":[false]},{\"field\":\"x\",\"range\":[-1,0.5]}]}");
  CHECK_MEMBER(node_at(r, 6), "count", "2");
  CHECK_MEMBER(node_at(r, 6), "error_rate", "1");
  cJSON_Delete(r);

  /* Defaults: the non-text feature columns, at least 20 rows a leaf: too few rows, the root alone. */
  r = fix_run(e, "error-tree", NULL, NULL, &err);
  CHECK(r != NULL && nnodes(r) == 1);
  CHECK_MEMBER(r, "features", "[\"x\",\"c\",\"f\",\"yn\",\"pn\"]");
  CHECK_MEMBER(r, "min_samples_leaf", "20");
  CHECK_MEMBER(r, "max_depth", "3");
  cJSON_Delete(r);

  /* Under a filter: c in {a, b}: rows 0 1 2 5 6 7 (+8 without a prediction). */
  r = fix_run(e, "error-tree", "{\"field\":\"c\",\"in\":[\"a\",\"b\"]}", "{\"features\":[\"c\"],\"min_samples_leaf\":1}", &err);
  CHECK_MEMBER(r, "count", "6");
  CHECK_MEMBER(r, "missing", "1");
  CHECK_MEMBER(node_at(r, 1), "predicate", "{\"field\":\"c\",\"in\":[\"a\"]}");
  CHECK_MEMBER(node_at(r, 1), "filter", "{\"field\":\"c\",\"in\":[\"a\"]}"); /* sides of one value each: the left named */
  CHECK_MEMBER(node_at(r, 2), "filter", "{\"not\":{\"field\":\"c\",\"in\":[\"a\"]}}");
  cJSON_Delete(r);

  /* Numeric label and prediction: compared as numbers (rows 1, 5, 9 differ); no error: one node. */
  r = fix_run(e, "error-tree", NULL, "{\"features\":[\"c\"],\"label\":\"yn\",\"prediction\":\"pn\",\"min_samples_leaf\":1}", &err);
  CHECK_MEMBER(r, "count", "10");
  CHECK_MEMBER(r, "errors", "3");
  cJSON_Delete(r);
  r = fix_run(e, "error-tree", NULL, "{\"features\":[\"x\"],\"label\":\"yn\",\"prediction\":\"yn\",\"min_samples_leaf\":1}", &err);
  CHECK(r != NULL && nnodes(r) == 1);
  CHECK_MEMBER(r, "errors", "0");
  CHECK_MEMBER(node_at(r, 0), "gini", "0");
  cJSON_Delete(r);
  /* No feature: the root alone. */
  r = fix_run(e, "error-tree", NULL, "{\"features\":[],\"min_samples_leaf\":1}", &err);
  CHECK(r != NULL && nnodes(r) == 1);
  cJSON_Delete(r);
  /* A filter with no rows: the root with nothing, numbers null. */
  r = fix_run(e, "error-tree", "{\"field\":\"c\",\"in\":[\"zzz\"]}", "{\"features\":[\"x\"]}", &err);
  CHECK(r != NULL && nnodes(r) == 1);
  CHECK_MEMBER(r, "error_rate", "null");
  CHECK_MEMBER(node_at(r, 0), "count", "0");
  cJSON_Delete(r);

  /* Every allocation failure is "out of memory", nothing leaks (the sanitizer build). */
  fix_oom_sweep(e, "error-tree", NULL, "{\"features\":[\"x\",\"f\",\"c\"],\"min_samples_leaf\":1,\"max_depth\":3}");
  fix_oom_sweep(e, "error-tree", NULL, "{\"features\":[\"c\",\"s\",\"x\"],\"min_samples_leaf\":1,\"max_depth\":2}");
  fix_oom_sweep(e, "error-tree", NULL, NULL);
  sf_close(e);
  return test_report("error-tree");
}
