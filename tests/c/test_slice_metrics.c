/* test_slice_metrics.c — components/slice-metrics/kernel.c on the fixture table
 * (kernel_fixture.h), checked by hand and against scikit-learn 1.2.1, numpy 1.24,
 * pandas 1.5 and statsmodels 0.13.5 (the numbers quoted below); the example files are
 * held to make_slice_metrics.py's references by tests/js.
 *
 *   row:  0    1    2    3    4    5    6    7    8    9
 *   c     a    b    a    NULL c    b    a    b    a    c
 *   x     1.5  2    NaN  4    5    2    -1   10   0.1  3
 *   y     cat  dog  cat  bird dog  cat  dog  bird cat  dog    (label)
 *   p     cat  cat  cat  bird dog  dog  dog  cat  NULL dog    (prediction)
 * Row 8 lacks a prediction: 9 rows used, 6 correct. By c: a = rows 0 2 6 (+8 missing),
 * all right; b = 1 5 7, all wrong; c = 4 9, right; missing c = row 3, right. */
#include "kernel_fixture.h"

static const cJSON *group_at(const cJSON *r, int i) {
  return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "groups"), i);
}
static int ngroups(const cJSON *r) { return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "groups")); }
static double ci(const cJSON *o, int i) {
  return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "accuracy_ci"), i)->valuedouble;
}

static void test_by_category(void) {
  sf_engine *e = fix_engine();
  sf_error err;
  cJSON *r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"c\"}", &err);
  const cJSON *all, *g;
  CHECK(r != NULL);
  if (!r) { fprintf(stderr, "%s\n", err.msg); sf_close(e); return; }
  CHECK_MEMBER(r, "source", "\"field\"");
  CHECK_MEMBER(r, "field", "\"c\"");
  CHECK_MEMBER(r, "label", "\"y\"");
  CHECK_MEMBER(r, "prediction", "\"p\"");
  CHECK(NUM(r, "count") == 9 && NUM(r, "missing") == 1 && NUM(r, "values") == 3);
  all = cJSON_GetObjectItemCaseSensitive(r, "overall");
  CHECK_NEAR(NUM(all, "accuracy"), 6.0 / 9, 1e-15);
  /* sklearn precision_recall_fscore_support(average='macro', zero_division=0) over the 9 rows */
  CHECK_NEAR(NUM(all, "precision"), 0.75, 1e-15);
  CHECK_NEAR(NUM(all, "recall"), 0.6388888888888888, 1e-15);
  CHECK_NEAR(NUM(all, "f1"), 0.6626984126984127, 1e-15);
  CHECK_NEAR(NUM(all, "error_rate"), 3.0 / 9, 1e-15);
  /* statsmodels proportion_confint(6, 9, method='wilson') */
  CHECK_NEAR(ci(all, 0), 0.3542021355803961, 1e-15);
  CHECK_NEAR(ci(all, 1), 0.879416181613089, 1e-15);
  /* by gap: b (-2/3) first; a, c and missing tie at +1/3 and go by count: 3, 2, 1 */
  CHECK(ngroups(r) == 4);
  g = group_at(r, 0);
  CHECK_MEMBER(g, "value", "\"b\"");
  CHECK(NUM(g, "count") == 3 && NUM(g, "accuracy") == 0 && NUM(g, "error_rate") == 1);
  CHECK(NUM(g, "precision") == 0 && NUM(g, "recall") == 0 && NUM(g, "f1") == 0); /* bird, cat, dog: none right */
  CHECK_NEAR(NUM(g, "gap"), -6.0 / 9, 1e-15);
  CHECK(ci(g, 0) == 0); /* proportion_confint(0, 3): (0.0, 0.5614970317550455) */
  CHECK_NEAR(ci(g, 1), 0.5614970317550455, 1e-15);
  g = group_at(r, 1);
  CHECK_MEMBER(g, "value", "\"a\"");
  CHECK(NUM(g, "count") == 3 && NUM(g, "missing") == 1 && NUM(g, "accuracy") == 1);
  CHECK(NUM(g, "precision") == 1 && NUM(g, "f1") == 1); /* the macro is over a's own classes: cat, dog */
  CHECK_NEAR(ci(g, 0), 0.43850296824495444, 1e-15);
  CHECK_NEAR(ci(g, 1), 1.0, 1e-15);
  CHECK_NEAR(NUM(g, "gap"), 3.0 / 9, 1e-15);
  CHECK_MEMBER(group_at(r, 2), "value", "\"c\"");
  g = group_at(r, 3);
  CHECK_MEMBER(g, "value", "null"); /* the rows where c is missing */
  CHECK(NUM(g, "count") == 1);
  CHECK_NEAR(ci(g, 0), 0.2065493143772374, 1e-15);
  cJSON_Delete(r);

  /* top 1: a stays (4 selected rows); b and c are one slice, other: rows 1 5 7 4 9, 2 right */
  r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"c\",\"top\":1,\"sort\":\"value\"}", &err);
  CHECK(r && ngroups(r) == 3);
  if (r) {
    CHECK_MEMBER(group_at(r, 0), "value", "\"a\"");
    g = group_at(r, 1);
    CHECK(NUM(g, "other") == 2 && NUM(g, "count") == 5 && NUM(g, "accuracy") == 0.4);
    CHECK_NEAR(ci(g, 0), 0.11762077423264788, 1e-15); /* proportion_confint(2, 5) */
    CHECK_MEMBER(group_at(r, 2), "value", "null");
  }
  cJSON_Delete(r);

  /* sort by count: a, b (3 each, by value), c, missing */
  r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"c\",\"sort\":\"count\"}", &err);
  CHECK(r && ngroups(r) == 4);
  if (r) {
    CHECK_MEMBER(group_at(r, 0), "value", "\"a\"");
    CHECK_MEMBER(group_at(r, 1), "value", "\"b\"");
    CHECK_MEMBER(group_at(r, 3), "value", "null");
  }
  cJSON_Delete(r);

  /* a selection: only the slices with selected rows are listed; a slice whose rows all
   * lack a prediction has count 0 and null metrics */
  r = fix_run(e, "slice-metrics", "{\"rows\":[8,1]}", "{\"field\":\"c\",\"sort\":\"value\"}", &err);
  CHECK(r && ngroups(r) == 2);
  if (r) {
    g = group_at(r, 0);
    CHECK(NUM(g, "count") == 0 && NUM(g, "missing") == 1);
    CHECK_MEMBER(g, "accuracy", "null");
    CHECK_MEMBER(g, "accuracy_ci", "null");
    CHECK_MEMBER(g, "gap", "null");
    CHECK(NUM(group_at(r, 1), "count") == 1);
  }
  cJSON_Delete(r);
  sf_close(e);
}

/* Bins of x over the whole column: -1 0.1 1.5 2 2 3 4 5 10 (and one NaN). */
static void test_by_number(void) {
  sf_engine *e = fix_engine();
  sf_error err;
  cJSON *r;
  const cJSON *g;
  int i;
  /* equal-width, 11 bins of width 1 from -1: 2 lies on an edge, in [2, 3) with the other 2;
   * 10 is in the last bin, closed */
  r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"x\",\"bins\":11,\"sort\":\"value\"}", &err);
  CHECK(r != NULL);
  if (r) {
    CHECK_MEMBER(r, "binning", "\"equal-width\"");
    CHECK(ngroups(r) == 9); /* 8 bins with rows and the missing x */
    g = group_at(r, 3);
    CHECK(NUM(g, "lo") == 2 && NUM(g, "hi") == 3 && NUM(g, "count") == 2); /* rows 1 and 5 */
    g = group_at(r, 7);
    CHECK(NUM(g, "lo") == 9 && NUM(g, "hi") == 10 && NUM(g, "count") == 1);
    CHECK_MEMBER(group_at(r, 8), "value", "null");
    CHECK(NUM(group_at(r, 8), "count") == 1); /* row 2 */
  }
  cJSON_Delete(r);
  /* quantile, 4 bins: numpy.quantile edges -1 1.5 2 4 10; pandas.qcut bins are right-closed
   * (the first closed): [-1, 1.5] = rows 0 6 8, (1.5, 2] = rows 1 5, (2, 4] = 3 9, (4, 10] = 4 7 */
  r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"x\",\"binning\":\"quantile\",\"bins\":4,\"sort\":\"value\"}", &err);
  CHECK(r && ngroups(r) == 5);
  if (r) {
    static const double lo[4] = {-1, 1.5, 2, 4}, hi[4] = {1.5, 2, 4, 10};
    static const double used[4] = {2, 2, 2, 2}, missing[4] = {1, 0, 0, 0};
    CHECK_MEMBER(r, "binning", "\"quantile\"");
    for (i = 0; i < 4; i++) {
      g = group_at(r, i);
      CHECK(NUM(g, "lo") == lo[i] && NUM(g, "hi") == hi[i]);
      CHECK(NUM(g, "count") == used[i] && NUM(g, "missing") == missing[i]);
    }
  }
  cJSON_Delete(r);
  /* 3 bins interpolate: numpy.quantile(x, [0, 1/3, 2/3, 1]) = -1, 1.8333333333333333, 3.333333333333333, 10 */
  r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"x\",\"binning\":\"quantile\",\"bins\":3,\"sort\":\"value\"}", &err);
  CHECK(r && ngroups(r) == 4);
  if (r) {
    CHECK(NUM(group_at(r, 0), "hi") == 1.8333333333333333);
    CHECK(NUM(group_at(r, 1), "hi") == 3.333333333333333);
  }
  cJSON_Delete(r);
  /* 8 bins: the edges are the 9 values, 2 twice: equal edges merge, 7 bins */
  r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"x\",\"binning\":\"quantile\",\"bins\":8,\"sort\":\"value\"}", &err);
  CHECK(r && ngroups(r) == 8);
  if (r) {
    g = group_at(r, 2);
    CHECK(NUM(g, "lo") == 1.5 && NUM(g, "hi") == 2 && NUM(g, "count") == 2);
    CHECK(NUM(group_at(r, 3), "lo") == 2 && NUM(group_at(r, 3), "hi") == 3);
  }
  cJSON_Delete(r);
  sf_close(e);
}

/* Numeric labels compare as numbers; the macro is over the slice's own classes. */
static void test_numeric_labels(void) {
  sf_engine *e = fix_engine();
  sf_error err;
  /* yn = 0 1 2 1 0 2 1 1 0 2, pn = 0 2 2 1 0 1 1 1 0 0; c = a: rows 0 2 6 8: (0,0) (2,2) (1,1) (0,0) */
  cJSON *r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"c\",\"label\":\"yn\",\"prediction\":\"pn\",\"sort\":\"value\"}", &err);
  CHECK(r != NULL);
  if (r) {
    const cJSON *b = group_at(r, 1); /* b: rows 1 5 7: (1,2) (2,1) (1,1): classes 1, 2 */
    CHECK(NUM(r, "count") == 10 && NUM(group_at(r, 0), "accuracy") == 1);
    CHECK_NEAR(NUM(b, "accuracy"), 1.0 / 3, 1e-15);
    /* class 1: tp 1, predicted 2, true 2: p = r = 1/2; class 2: 0 -> macro 1/4 each */
    CHECK_NEAR(NUM(b, "precision"), 0.25, 1e-15);
    CHECK_NEAR(NUM(b, "recall"), 0.25, 1e-15);
    CHECK_NEAR(NUM(b, "f1"), 0.25, 1e-15);
  }
  cJSON_Delete(r);
  sf_close(e);
}

static void test_errors_and_memory(void) {
  sf_engine *e = fix_engine();
  sf_error err;
  cJSON *r = fix_run(e, "slice-metrics", NULL, NULL, &err);
  CHECK(r == NULL);
  CHECK_STR(err.msg, "config.field: is required when source is \"field\" (the column to slice by)");
  r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"c\",\"binning\":\"deciles\"}", &err);
  CHECK(r == NULL && strstr(err.msg, "config.binning: must be one of") == err.msg);
  fix_oom_sweep(e, "slice-metrics", NULL, "{\"field\":\"c\"}");
  fix_oom_sweep(e, "slice-metrics", "{\"field\":\"c\",\"in\":[\"a\",\"b\"]}", "{\"field\":\"x\",\"binning\":\"quantile\"}");
  fix_oom_sweep(e, "slice-metrics", NULL, "{\"field\":\"s\",\"label\":\"yn\",\"prediction\":\"p\"}");
  sf_close(e);
}

/* Dense per-slice per-class counts are bounded: 1000 values x 3000 classes is refused. */
static void test_too_many_pairs(void) {
  enum { N = 3000 };
  sf_table *t = sf_table_new();
  sf_column *f, *y, *p;
  sf_engine *e;
  sf_error err;
  char buf[16];
  cJSON *r;
  size_t i;
  t->nrows = N;
  sf_table_add_column(t, "f", SF_TEXT, N, &f, NULL);
  sf_table_add_column(t, "y", SF_CATEGORY, N, &y, NULL);
  sf_table_add_column(t, "p", SF_CATEGORY, N, &p, NULL);
  y->role = SF_ROLE_LABEL;
  p->role = SF_ROLE_PREDICTION;
  for (i = 0; i < N; i++) {
    snprintf(buf, sizeof buf, "v%zu", i);
    sf_dict_intern(&f->dict, buf, strlen(buf), &f->codes[i], NULL);
    sf_dict_intern(&y->dict, buf, strlen(buf), &y->codes[i], NULL);
    sf_dict_intern(&p->dict, buf, strlen(buf), &p->codes[i], NULL);
  }
  e = fix_wrap(t);
  r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"f\",\"top\":1000}", &err);
  CHECK(r == NULL);
  CHECK_STR(err.msg, "config: 1002 slices x 3000 classes are too many to count (at most 2097152 pairs); "
                     "show fewer values (top) or bins");
  r = fix_run(e, "slice-metrics", NULL, "{\"field\":\"f\",\"top\":50}", &err);
  CHECK(r && ngroups(r) == 51 && NUM(group_at(r, 0), "other") == 2950); /* all right: by count */
  cJSON_Delete(r);
  sf_close(e);
}

/* Named slices (the spec's "slices"): each over its filter AND the filter the
 * component sees (here c in a, b from another component: rows 0 1 2 5 6 7 8). */
static void test_named(void) {
  static const char *spec =
      "{\"sinfonia\":1,\"filters\":[{\"field\":\"c\",\"in\":[\"a\",\"b\"],\"source\":\"h\"}],"
      "\"slices\":[{\"name\":\"a\",\"filter\":{\"field\":\"c\",\"in\":[\"a\"]}},"
      "{\"name\":\"x big\",\"filter\":{\"field\":\"x\",\"range\":[2,10]}},"
      "{\"name\":\"bad\",\"filter\":{\"field\":\"nope\",\"in\":[1]}},"
      "{\"name\":\"none\",\"filter\":{\"rows\":[]}}],"
      "\"components\":{\"n\":{\"type\":\"slice-metrics\",\"source\":\"named\"},\"h\":{\"type\":\"histogram\",\"field\":\"c\"},"
      "\"f\":{\"type\":\"slice-metrics\",\"field\":\"c\"}}}";
  sf_engine *e = fix_engine();
  char *view = sf_view_set(e, spec), *text;
  cJSON *r;
  const cJSON *g;
  CHECK(view != NULL);
  sf_free(view);
  text = sf_view_run(e, "n", NULL);
  r = text ? cJSON_Parse(text) : NULL;
  CHECK(r != NULL);
  if (r) {
    CHECK_MEMBER(r, "source", "\"named\"");
    CHECK(cJSON_GetObjectItemCaseSensitive(r, "field") == NULL);
    CHECK(NUM(r, "count") == 6 && NUM(r, "missing") == 1); /* rows 0 1 2 5 6 7 (+8) */
    CHECK(NUM(cJSON_GetObjectItemCaseSensitive(r, "overall"), "accuracy") == 0.5);
    CHECK(ngroups(r) == 4);
    g = group_at(r, 0); /* x big: rows 1 5 7 among those, all wrong: gap -0.5 */
    CHECK_MEMBER(g, "name", "\"x big\"");
    CHECK_MEMBER(g, "filter", "{\"field\":\"x\",\"range\":[2,10]}");
    CHECK(NUM(g, "count") == 3 && NUM(g, "accuracy") == 0 && NUM(g, "gap") == -0.5);
    g = group_at(r, 1); /* a: rows 0 2 6 right, 8 without a prediction */
    CHECK_MEMBER(g, "name", "\"a\"");
    CHECK(NUM(g, "count") == 3 && NUM(g, "missing") == 1 && NUM(g, "accuracy") == 1 && NUM(g, "gap") == 0.5);
    g = group_at(r, 2); /* no gap: by spec order, so bad, then none */
    CHECK_MEMBER(g, "name", "\"bad\"");
    CHECK_MEMBER(g, "error", "\"slices[2].filter.field: no column named 'nope'\"");
    CHECK(cJSON_GetObjectItemCaseSensitive(g, "count") == NULL);
    g = group_at(r, 3);
    CHECK_MEMBER(g, "name", "\"none\"");
    CHECK(NUM(g, "count") == 0);
    CHECK_MEMBER(g, "accuracy", "null");
  }
  cJSON_Delete(r);
  sf_free(text);
  /* ad-hoc runs see the view's slices too: every allocation may fail */
  fix_oom_sweep(e, "slice-metrics", "{\"field\":\"c\",\"in\":[\"a\",\"c\"]}", "{\"source\":\"named\"}");
  sf_close(e);
  /* without a view there are no named slices: an empty list */
  e = fix_engine();
  {
    sf_error err;
    r = fix_run(e, "slice-metrics", NULL, "{\"source\":\"named\"}", &err);
    CHECK(r && ngroups(r) == 0 && NUM(r, "count") == 9);
    cJSON_Delete(r);
  }
  sf_close(e);
}

int main(void) {
  test_by_category();
  test_by_number();
  test_numeric_labels();
  test_errors_and_memory();
  test_too_many_pairs();
  test_named();
  return test_report("test_slice_metrics");
}
