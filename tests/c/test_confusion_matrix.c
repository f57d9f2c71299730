/* test_confusion_matrix.c — components/confusion-matrix/kernel.c against scikit-learn.
 * References made with scikit-learn 1.2.1 (confusion_matrix, accuracy_score,
 * precision_recall_fscore_support(zero_division=0)) on the fixture's columns:
 *   y = cat,dog,cat,bird,dog,cat,dog,bird,cat,dog   p = cat,cat,cat,bird,dog,dog,dog,cat,NULL,dog
 *   (row 8 dropped: its prediction is missing)
 *   yn = [0,1,2,1,0,2,1,1,0,2]                       pn = [0,2,2,1,0,1,1,1,0,0] */
#include "kernel_fixture.h"

static void check_prf(const cJSON *o, double p, double r, double f) {
  CHECK_NEAR(NUM(o, "precision"), p, 1e-12);
  CHECK_NEAR(NUM(o, "recall"), r, 1e-12);
  CHECK_NEAR(NUM(o, "f1"), f, 1e-12);
}

static void check_class(const cJSON *r, int i, double p, double rec, double f, double support) {
  const cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "per_class"), i);
  check_prf(o, p, rec, f);
  CHECK(NUM(o, "support") == support);
}

static const char *err_of(sf_engine *e, const char *config) {
  static char buf[600];
  sf_error err;
  cJSON *r = fix_run(e, "confusion-matrix", NULL, config, &err);
  snprintf(buf, sizeof buf, "%s", r ? "ok" : err.msg);
  cJSON_Delete(r);
  return buf;
}

int main(void) {
  sf_engine *e;
  sf_table *t;
  sf_error err;
  cJSON *r;
  e = fix_engine();
  t = e->table;

  /* Strings, columns found by role. */
  r = fix_run(e, "confusion-matrix", NULL, "{\"type\":\"confusion-matrix\"}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "labels", "[\"bird\",\"cat\",\"dog\"]");
  CHECK_MEMBER(r, "matrix", "[[1,1,0],[0,2,1],[0,1,3]]");
  CHECK_NEAR(NUM(r, "accuracy"), 0.6666666666666666, 1e-12);
  check_class(r, 0, 1.0, 0.5, 0.6666666666666666, 2);
  check_class(r, 1, 0.5, 0.6666666666666666, 0.5714285714285715, 3);
  check_class(r, 2, 0.75, 0.75, 0.75, 4);
  CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "per_class"), 1), "label")->valuestring, "cat");
  check_prf(cJSON_GetObjectItem(r, "macro"), 0.75, 0.6388888888888888, 0.6626984126984127);
  check_prf(cJSON_GetObjectItem(r, "weighted"), 0.7222222222222222, 0.6666666666666666, 0.671957671957672);
  CHECK_MEMBER(r, "count", "9");
  CHECK_MEMBER(r, "missing", "1");
  cJSON_Delete(r);

  /* A labels order (and subset): confusion_matrix(labels=["dog","cat"]) = [[3,1],[1,2]];
   * prf(labels=...): precision [0.75, 0.5], recall [0.75, 0.6666666666666666],
   * f1 [0.75, 0.5714285714285715], support [4, 3]; macro (0.625, 0.7083333333333333,
   * 0.6607142857142858); weighted (0.6428571428571429, 0.7142857142857143, 0.673469387755102);
   * accuracy_score ignores labels: 0.6666666666666666 */
  r = fix_run(e, "confusion-matrix", NULL, "{\"labels\":[\"dog\",\"cat\"]}", &err);
  CHECK_MEMBER(r, "labels", "[\"dog\",\"cat\"]");
  CHECK_MEMBER(r, "matrix", "[[3,1],[1,2]]");
  CHECK_NEAR(NUM(r, "accuracy"), 0.6666666666666666, 1e-12);
  check_class(r, 0, 0.75, 0.75, 0.75, 4);
  check_class(r, 1, 0.5, 0.6666666666666666, 0.5714285714285715, 3);
  check_prf(cJSON_GetObjectItem(r, "macro"), 0.625, 0.7083333333333333, 0.6607142857142858);
  check_prf(cJSON_GetObjectItem(r, "weighted"), 0.6428571428571429, 0.7142857142857143, 0.673469387755102);
  cJSON_Delete(r);

  /* Numbers: labels stay numbers. cm = [[3,0,0],[0,3,1],[1,1,1]], accuracy 0.7;
   * precision [0.75, 0.75, 0.5], recall [1.0, 0.75, 0.3333333333333333],
   * f1 [0.8571428571428571, 0.75, 0.4]; macro (0.6666666666666666, 0.6944444444444445,
   * 0.669047619047619); weighted (0.675, 0.7, 0.6771428571428572) */
  r = fix_run(e, "confusion-matrix", NULL, "{\"label\":\"yn\",\"prediction\":\"pn\"}", &err);
  CHECK_MEMBER(r, "labels", "[0,1,2]");
  CHECK_MEMBER(r, "matrix", "[[3,0,0],[0,3,1],[1,1,1]]");
  CHECK_NEAR(NUM(r, "accuracy"), 0.7, 1e-12);
  check_class(r, 0, 0.75, 1.0, 0.8571428571428571, 3);
  check_class(r, 2, 0.5, 0.3333333333333333, 0.4, 3);
  check_prf(cJSON_GetObjectItem(r, "macro"), 0.6666666666666666, 0.6944444444444445, 0.669047619047619);
  check_prf(cJSON_GetObjectItem(r, "weighted"), 0.675, 0.7, 0.6771428571428572);
  cJSON_Delete(r);
  r = fix_run(e, "confusion-matrix", NULL, "{\"label\":\"yn\",\"prediction\":\"pn\",\"labels\":[2,0]}", &err);
  CHECK_MEMBER(r, "labels", "[2,0]");
  CHECK_MEMBER(r, "matrix", "[[1,1],[0,3]]");
  cJSON_Delete(r);
  /* Mixed number and category: compared as strings ("0", "1", "2" vs "bird", ...) */
  r = fix_run(e, "confusion-matrix", "{\"rows\":[0,1]}", "{\"label\":\"yn\"}", &err);
  CHECK_MEMBER(r, "labels", "[\"0\",\"1\",\"cat\"]");
  CHECK_MEMBER(r, "matrix", "[[0,0,1],[0,0,1],[0,0,0]]");
  CHECK(NUM(r, "accuracy") == 0);
  cJSON_Delete(r);
  /* Under a filter; zero division gives 0; no rows: accuracy null */
  r = fix_run(e, "confusion-matrix", "{\"field\":\"y\",\"in\":[\"bird\"]}", NULL, &err);
  CHECK_MEMBER(r, "labels", "[\"bird\",\"cat\"]");
  CHECK_MEMBER(r, "matrix", "[[1,1],[0,0]]");
  check_class(r, 1, 0, 0, 0, 0);
  cJSON_Delete(r);
  r = fix_run(e, "confusion-matrix", "{\"rows\":[8]}", NULL, &err);
  CHECK_MEMBER(r, "labels", "[]");
  CHECK_MEMBER(r, "accuracy", "null");
  CHECK_MEMBER(r, "count", "0");
  CHECK_MEMBER(r, "missing", "1");
  cJSON_Delete(r);

  /* normalize: confusion_matrix(y, p, normalize="true" | "pred" | "all") on the rows used:
   * true [[.5,.5,0],[0,2/3,1/3],[0,.25,.75]], pred [[1,.25,0],[0,.5,.25],[0,.25,.75]], all cm/9.
   * The counts stay; the grid (no groups, 3 <= top) is the same matrix. */
  r = fix_run(e, "confusion-matrix", NULL, "{\"normalize\":\"row\"}", &err);
  CHECK_MEMBER(r, "matrix", "[[1,1,0],[0,2,1],[0,1,3]]");
  CHECK_MEMBER(r, "normalized", "[[0.5,0.5,0],[0,0.66666666666666663,0.33333333333333331],[0,0.25,0.75]]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "counts", "[[1,1,0],[0,2,1],[0,1,3]]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "values", "[[0.5,0.5,0],[0,0.66666666666666663,0.33333333333333331],[0,0.25,0.75]]");
  cJSON_Delete(r);
  r = fix_run(e, "confusion-matrix", NULL, "{\"normalize\":\"column\"}", &err);
  CHECK_MEMBER(r, "normalized", "[[1,0.25,0],[0,0.5,0.25],[0,0.25,0.75]]");
  cJSON_Delete(r);
  r = fix_run(e, "confusion-matrix", NULL, "{\"normalize\":\"all\"}", &err);
  CHECK_NEAR(cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "normalized"), 2), 2)->valuedouble, 3.0 / 9, 1e-15);
  cJSON_Delete(r);
  r = fix_run(e, "confusion-matrix", NULL, NULL, &err); /* none: no normalised matrix */
  CHECK(cJSON_GetObjectItem(r, "normalized") == NULL && cJSON_GetObjectItem(cJSON_GetObjectItem(r, "grid"), "values") == NULL);
  cJSON_Delete(r);
  /* empty row or column: 0, as sklearn's nan_to_num (only bird rows: cat's row is empty) */
  r = fix_run(e, "confusion-matrix", "{\"field\":\"y\",\"in\":[\"bird\"]}", "{\"normalize\":\"row\"}", &err);
  CHECK_MEMBER(r, "normalized", "[[0.5,0.5],[0,0]]");
  cJSON_Delete(r);

  /* order "confusion": w(bird,cat) = 1, w(cat,dog) = 2, w(bird,dog) = 0; errors bird 1,
   * cat 3, dog 2: cat first, then dog (most confused with cat), then bird. Labels, matrix
   * and per_class follow (confusion_matrix(labels=[cat, dog, bird])). */
  r = fix_run(e, "confusion-matrix", NULL, "{\"order\":\"confusion\"}", &err);
  CHECK_MEMBER(r, "labels", "[\"cat\",\"dog\",\"bird\"]");
  CHECK_MEMBER(r, "matrix", "[[2,1,0],[1,3,0],[1,0,1]]");
  check_class(r, 2, 1.0, 0.5, 0.6666666666666666, 2);
  cJSON_Delete(r);
  /* order "count": support dog 4, cat 3, bird 2 */
  r = fix_run(e, "confusion-matrix", NULL, "{\"order\":\"count\"}", &err);
  CHECK_MEMBER(r, "labels", "[\"dog\",\"cat\",\"bird\"]");
  cJSON_Delete(r);

  /* groups: pets = cat + dog, collapsed (summed cells), then expanded in place */
  r = fix_run(e, "confusion-matrix", NULL, "{\"groups\":{\"pets\":[\"cat\",\"dog\",\"fish\"]},\"normalize\":\"row\"}", &err);
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "entries",
               "[{\"kind\":\"class\",\"label\":\"bird\"},{\"kind\":\"group\",\"name\":\"pets\",\"classes\":[\"cat\",\"dog\"]}]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "counts", "[[1,1],[0,7]]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "values", "[[0.5,0.5],[0,1]]");
  CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "per_class"), 2), "group")->valuestring, "pets");
  CHECK_MEMBER(r, "matrix", "[[1,1,0],[0,2,1],[0,1,3]]");
  cJSON_Delete(r);
  r = fix_run(e, "confusion-matrix", NULL, "{\"groups\":{\"pets\":[\"cat\",\"dog\"]},\"expanded\":[\"pets\",\"none\"]}", &err);
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "entries",
               "[{\"kind\":\"class\",\"label\":\"bird\"},{\"kind\":\"class\",\"label\":\"cat\",\"group\":\"pets\"},"
               "{\"kind\":\"class\",\"label\":\"dog\",\"group\":\"pets\"}]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "counts", "[[1,1,0],[0,2,1],[0,1,3]]");
  cJSON_Delete(r);
  /* a separator of two characters: "cat" -> group "c"; "at" at the start would not group */
  r = fix_run(e, "confusion-matrix", NULL, "{\"group_separator\":\"at\"}", &err);
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "entries",
               "[{\"kind\":\"class\",\"label\":\"bird\"},{\"kind\":\"group\",\"name\":\"c\",\"classes\":[\"cat\"]},"
               "{\"kind\":\"class\",\"label\":\"dog\"}]");
  cJSON_Delete(r);
  /* numbers: groups name them as numbers or text; cm [[3,0,0],[0,3,1],[1,1,1]] -> [[6,1],[2,1]] */
  r = fix_run(e, "confusion-matrix", NULL, "{\"label\":\"yn\",\"prediction\":\"pn\",\"groups\":{\"low\":[0,\"1\"]}}", &err);
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "entries",
               "[{\"kind\":\"group\",\"name\":\"low\",\"classes\":[0,1]},{\"kind\":\"class\",\"label\":2}]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "counts", "[[6,1],[2,1]]");
  cJSON_Delete(r);
  /* top 2 of 3: errors (row + column off the diagonal) bird 1, cat 3, dog 2: cat and dog
   * stay in order, bird is summed as other, last */
  r = fix_run(e, "confusion-matrix", NULL, "{\"top\":2}", &err);
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "entries",
               "[{\"kind\":\"class\",\"label\":\"cat\"},{\"kind\":\"class\",\"label\":\"dog\"},"
               "{\"kind\":\"other\",\"classes\":[\"bird\"]}]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "grid"), "counts", "[[2,1,0],[1,3,0],[1,0,1]]");
  CHECK_MEMBER(r, "labels", "[\"bird\",\"cat\",\"dog\"]");
  cJSON_Delete(r);

  /* errors */
  CHECK_STR(err_of(e, "{\"labels\":[\"a\",\"a\"]}"), "config.labels[1]: 'a' is listed twice");
  CHECK_STR(err_of(e, "{\"labels\":[]}"), "config.labels: must have at least 1 items");
  CHECK_STR(err_of(e, "{\"label\":\"yn\",\"prediction\":\"pn\",\"labels\":[\"0\"]}"),
            "config.labels[0]: must be a number (the label and prediction columns hold numbers)");
  CHECK_STR(err_of(e, "{\"label\":\"zz\"}"), "config.label: no column named 'zz'");
  CHECK_STR(err_of(e, "{\"groups\":{\"a\":[\"cat\"],\"b\":[\"dog\",\"cat\"]}}"), "config.groups: 'cat' is in two groups ('a' and 'b')");
  CHECK_STR(err_of(e, "{\"normalize\":\"true\"}"), "config.normalize: must be one of \"none\", \"row\", \"column\", \"all\"");
  CHECK_STR(err_of(e, "{\"top\":1}"), "config.top: must be an integer from 2 to 150");
  CHECK_STR(err_of(e, "{\"average\":\"macro\"}"), "config.average: unknown key (allowed: label, prediction, labels, normalize, order, group_separator, groups, expanded, top)");
  /* out of memory at every allocation: an error, no crash, no leak */
  fix_oom_sweep(e, "confusion-matrix", NULL, NULL);
  fix_oom_sweep(e, "confusion-matrix", NULL, "{\"labels\":[\"dog\",\"cat\"]}");
  fix_oom_sweep(e, "confusion-matrix", NULL, "{\"label\":\"yn\",\"prediction\":\"pn\"}");
  fix_oom_sweep(e, "confusion-matrix", NULL, "{\"label\":\"yn\"}");
  fix_oom_sweep(e, "confusion-matrix", NULL, "{\"order\":\"confusion\",\"normalize\":\"row\",\"top\":2,\"groups\":{\"p\":[\"cat\"]}}");
  fix_oom_sweep(e, "confusion-matrix", NULL, "{\"order\":\"count\",\"group_separator\":\"i\",\"expanded\":[\"b\"]}");
  t->cols[5].role = SF_ROLE_FEATURE;
  CHECK_STR(err_of(e, NULL), "config.prediction: no column has the role prediction; set one in the spec's columns or in this component's config");
  t->cols[4].role = SF_ROLE_FEATURE;
  CHECK_STR(err_of(e, NULL), "config.label: no column has the role label; set one in the spec's columns or in this component's config");

  sf_close(e);

  /* 250 classes: no 250 x 250 "matrix" (null); per_class has each class; the grid is the
   * 40 classes with most errors plus "other" (41 x 41), whose cells still sum to every row. */
  {
    enum { K = 250 };
    static char names[K][8];
    const char *y[K], *p[K];
    sf_column *c;
    const cJSON *grid, *row;
    double sum = 0;
    size_t i;
    t = sf_table_new();
    t->nrows = K;
    for (i = 0; i < K; i++) snprintf(names[i], sizeof names[i], "c%03zu", i);
    for (i = 0; i < K; i++) { y[i] = names[i]; p[i] = names[i < 45 ? (i + 1) % 45 : i]; }
    sf_table_add_column(t, "y", SF_CATEGORY, K, &c, NULL);
    fix_strings(c, y, K);
    c->role = SF_ROLE_LABEL;
    sf_table_add_column(t, "p", SF_CATEGORY, K, &c, NULL);
    fix_strings(c, p, K);
    c->role = SF_ROLE_PREDICTION;
    e = fix_wrap(t);
    r = fix_run(e, "confusion-matrix", NULL, "{\"normalize\":\"row\"}", &err);
    CHECK(r != NULL);
    CHECK_MEMBER(r, "matrix", "null");
    CHECK_MEMBER(r, "normalized", "null");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "per_class")) == K);
    grid = cJSON_GetObjectItem(r, "grid");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(grid, "entries")) == 41);
    /* c000..c044 are confused in a ring: 40 of them stay, the other 5 and 205 right ones are other */
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(grid, "entries"), 40), "classes")) == 210);
    CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(grid, "entries"), 0), "label")->valuestring, "c000");
    cJSON_ArrayForEach(row, cJSON_GetObjectItem(grid, "counts")) {
      const cJSON *v;
      CHECK(cJSON_GetArraySize(row) == 41);
      cJSON_ArrayForEach(v, row) sum += v->valuedouble;
    }
    CHECK(sum == K);
    cJSON_Delete(r);
    sf_close(e);
  }
  return test_report("test_confusion_matrix");
}
