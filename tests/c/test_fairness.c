/* test_fairness.c — components/fairness/kernel.c on a small table checked by hand and
 * with tests/reference/make_fairness.py's fairness() (fairlearn's definitions):
 *
 *   row  g     gn   gb     y    p     yn   pn
 *   0    a     1    true   yes  yes   1    1
 *   1    a     1    true   yes  no    1    0
 *   2    a     1    true   no   yes   0    1
 *   3    a     1    true   no   no    0    0
 *   4    b     2    false  no   no    0    0
 *   5    b     2    false  no   yes   0    1
 *   6    b     2    false  no   no    0    0
 *   7    NULL  NaN  NULL   yes  yes   1    1     missing group
 *   8    c     3    false  NULL yes   NaN  1     missing label: left out
 *   9    b     2    false  yes  NULL  1    NaN   missing prediction: left out
 *
 * Positive yes (the second of no, yes). Group a: 4 rows, 2 positives, 2 predicted,
 * tp 1, fp 1: selection rate 1/2, tpr 1/2, fpr 1/2. Group b: 3 rows, no positive,
 * 1 predicted (a false positive): 1/3, tpr 0 (fairlearn: 0/0 is 0), fpr 1/3. Group c
 * has no usable row, so it is not a group. Differences: DP 1/2 - 1/3 = 1/6, ratio 2/3;
 * tpr 1/2 - 0, fpr 1/2 - 1/3: EO difference 1/2; tpr ratio 0, fpr ratio 2/3: EO ratio 0.
 * Overall (a and b): 3/7, 1/2, 2/5. The missing group (row 7): 1, 1, 0 (no negative). */
#include "kernel_fixture.h"

#define N 10
static const char *const t_g[N] = {"a", "a", "a", "a", "b", "b", "b", NULL, "c", "b"};
static const double t_gn[N] = {1, 1, 1, 1, 2, 2, 2, NAN, 3, 2};
static const int t_gb[N] = {1, 1, 1, 1, 0, 0, 0, -1, 0, 0};
static const char *const t_y[N] = {"yes", "yes", "no", "no", "no", "no", "no", "yes", NULL, "yes"};
static const char *const t_p[N] = {"yes", "no", "yes", "no", "no", "yes", "no", "yes", "yes", NULL};
static const double t_yn[N] = {1, 1, 0, 0, 0, 0, 0, 1, NAN, 1};
static const double t_pn[N] = {1, 0, 1, 0, 0, 1, 0, 1, 1, NAN};

static sf_column *add(sf_table *t, const char *name, sf_type type, sf_role role) {
  sf_column *c;
  sf_table_add_column(t, name, type, t->nrows, &c, NULL);
  c->role = role;
  return c;
}

static sf_engine *engine(void) {
  sf_table *t = sf_table_new();
  sf_column *c;
  int32_t code;
  size_t i;
  t->nrows = N;
  fix_strings(add(t, "g", SF_CATEGORY, SF_ROLE_GROUP), t_g, N);
  fix_numbers(add(t, "gn", SF_NUMBER, SF_ROLE_FEATURE), t_gn, N);
  c = add(t, "gb", SF_BOOL, SF_ROLE_FEATURE);
  sf_dict_intern(&c->dict, "false", 5, &code, NULL); /* code 0 */
  sf_dict_intern(&c->dict, "true", 4, &code, NULL);  /* code 1 */
  for (i = 0; i < N; i++) c->codes[i] = t_gb[i];
  sf_column_count_missing(c, N);
  fix_strings(add(t, "y", SF_CATEGORY, SF_ROLE_LABEL), t_y, N);
  fix_strings(add(t, "p", SF_CATEGORY, SF_ROLE_PREDICTION), t_p, N);
  fix_numbers(add(t, "yn", SF_NUMBER, SF_ROLE_FEATURE), t_yn, N);
  fix_numbers(add(t, "pn", SF_NUMBER, SF_ROLE_FEATURE), t_pn, N);
  return fix_wrap(t);
}

/* groups[i] has value (JSON text) and rates (within 1e-15). */
static void check_group(const cJSON *r, int i, const char *value, double count, double sr, double tpr, double fpr) {
  const cJSON *g = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "groups"), i);
  CHECK(g != NULL);
  if (!g) return;
  CHECK_MEMBER(g, "value", value);
  CHECK(NUM(g, "count") == count);
  CHECK_NEAR(NUM(g, "selection_rate"), sr, 1e-15);
  CHECK_NEAR(NUM(g, "tpr"), tpr, 1e-15);
  CHECK_NEAR(NUM(g, "fpr"), fpr, 1e-15);
}

/* The four summary numbers; NAN means null. */
static void check_summary(const cJSON *r, double dpd, double dpr, double eod, double eor) {
  const char *keys[4] = {"demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference",
                         "equalized_odds_ratio"};
  double want[4];
  int i;
  want[0] = dpd;
  want[1] = dpr;
  want[2] = eod;
  want[3] = eor;
  for (i = 0; i < 4; i++) {
    const cJSON *v = cJSON_GetObjectItem(r, keys[i]);
    if (isnan(want[i])) CHECK(cJSON_IsNull(v));
    else CHECK(cJSON_IsNumber(v) && fabs(v->valuedouble - want[i]) <= 1e-15);
  }
}

static const char *err_of(sf_engine *e, const char *filter, const char *config) {
  static char buf[600];
  sf_error err;
  cJSON *r = fix_run(e, "fairness", filter, config, &err);
  snprintf(buf, sizeof buf, "%s", r ? "ok" : err.msg);
  cJSON_Delete(r);
  return buf;
}

/* The same rows grouped by column `group`: the same groups under other values. */
static void check_grouped_by(sf_engine *e, const char *config, const char *va, const char *vb, int b_first) {
  sf_error err;
  cJSON *r = fix_run(e, "fairness", NULL, config, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "7");
  CHECK_MEMBER(r, "missing_group", "1");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "groups")) == 2);
  check_group(r, b_first ? 1 : 0, va, 4, 0.5, 0.5, 0.5);
  check_group(r, b_first ? 0 : 1, vb, 3, 1.0 / 3, 0, 1.0 / 3);
  check_summary(r, 0.5 - 1.0 / 3, (1.0 / 3) / 0.5, 0.5, 0);
  cJSON_Delete(r);
}

int main(void) {
  sf_engine *e = engine();
  sf_error err;
  cJSON *r;
  const cJSON *o;

  /* Defaults: group g (its role), positive yes. */
  r = fix_run(e, "fairness", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "group", "\"g\"");
  CHECK_MEMBER(r, "label", "\"y\"");
  CHECK_MEMBER(r, "prediction", "\"p\"");
  CHECK_MEMBER(r, "positive", "\"yes\"");
  CHECK_MEMBER(r, "count", "7");
  CHECK_MEMBER(r, "missing", "2");
  CHECK_MEMBER(r, "missing_group", "1");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "groups")) == 2);
  check_group(r, 0, "\"a\"", 4, 0.5, 0.5, 0.5);
  check_group(r, 1, "\"b\"", 3, 1.0 / 3, 0, 1.0 / 3); /* no positive: tpr 0, as fairlearn */
  CHECK_MEMBER(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "groups"), 1), "positives", "0");
  CHECK_MEMBER(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "groups"), 1), "predicted_positive", "1");
  check_summary(r, 0.5 - 1.0 / 3, (1.0 / 3) / 0.5, 0.5, 0);
  o = cJSON_GetObjectItem(r, "overall");
  CHECK_NEAR(NUM(o, "selection_rate"), 3.0 / 7, 1e-15);
  CHECK_NEAR(NUM(o, "tpr"), 0.5, 1e-15);
  CHECK_NEAR(NUM(o, "fpr"), 0.4, 1e-15);
  CHECK_MEMBER(r, "missing_group_stats",
               "{\"count\":1,\"positives\":1,\"predicted_positive\":1,\"selection_rate\":1,\"tpr\":1,\"fpr\":0}");
  CHECK_MEMBER(o, "count", "7");
  CHECK_MEMBER(o, "positives", "2");
  cJSON_Delete(r);

  /* One group: no difference, ratio 1. */
  r = fix_run(e, "fairness", "{\"field\":\"g\",\"in\":[\"a\"]}", NULL, &err);
  CHECK_MEMBER(r, "count", "4");
  CHECK_MEMBER(r, "missing_group", "0");
  CHECK_MEMBER(r, "missing_group_stats", "null");
  check_summary(r, 0, 1, 0, 1);
  cJSON_Delete(r);
  /* Group b alone: its tpr is 0, the largest tpr is 0, so the tpr ratio is NaN and the
   * equalized odds ratio null (fairlearn's min(Series[nan, 1]) is nan). */
  r = fix_run(e, "fairness", "{\"field\":\"g\",\"in\":[\"b\"]}", NULL, &err);
  check_summary(r, 0, 1, 0, NAN);
  cJSON_Delete(r);
  /* Positive "no" over b alone: fpr 0 in every group (b has no negative), the fpr ratio
   * is NaN but the tpr ratio 1 comes first: min(Series[1, nan]) is 1. */
  r = fix_run(e, "fairness", "{\"field\":\"g\",\"in\":[\"b\"]}", "{\"positive\":\"no\"}", &err);
  CHECK_MEMBER(r, "positive", "\"no\"");
  check_group(r, 0, "\"b\"", 3, 2.0 / 3, 2.0 / 3, 0);
  check_summary(r, 0, 1, 0, 1);
  cJSON_Delete(r);
  /* Positive "no" over every row: a (1/2, 1/2, 1/2), b (2/3, 2/3, 0). */
  r = fix_run(e, "fairness", NULL, "{\"positive\":\"no\"}", &err);
  check_group(r, 0, "\"a\"", 4, 0.5, 0.5, 0.5);
  check_group(r, 1, "\"b\"", 3, 2.0 / 3, 2.0 / 3, 0);
  check_summary(r, 2.0 / 3 - 0.5, 0.5 / (2.0 / 3), 0.5, 0);
  cJSON_Delete(r);
  /* Only the row without a group: no group, all four null; counted apart. */
  r = fix_run(e, "fairness", "{\"field\":\"g\",\"in\":[null]}", NULL, &err);
  CHECK_MEMBER(r, "count", "0");
  CHECK_MEMBER(r, "groups", "[]");
  CHECK_MEMBER(r, "missing_group", "1");
  CHECK_MEMBER(r, "overall", "null");
  check_summary(r, NAN, NAN, NAN, NAN);
  cJSON_Delete(r);
  /* No rows at all. */
  r = fix_run(e, "fairness", "{\"field\":\"g\",\"in\":[\"zz\"]}", NULL, &err);
  CHECK_MEMBER(r, "count", "0");
  CHECK_MEMBER(r, "missing", "0");
  check_summary(r, NAN, NAN, NAN, NAN);
  cJSON_Delete(r);

  /* The same groups as numbers (by value) and as bools (false first). */
  check_grouped_by(e, "{\"group\":\"gn\"}", "1", "2", 0);
  check_grouped_by(e, "{\"group\":\"gb\"}", "true", "false", 1);
  /* A numeric label and prediction: the classes 0 and 1, positive the number 1. */
  r = fix_run(e, "fairness", NULL, "{\"label\":\"yn\",\"prediction\":\"pn\"}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "positive", "1");
  check_group(r, 0, "\"a\"", 4, 0.5, 0.5, 0.5);
  check_summary(r, 0.5 - 1.0 / 3, (1.0 / 3) / 0.5, 0.5, 0);
  cJSON_Delete(r);
  /* A number label against a category prediction: compared as the class's text. */
  r = fix_run(e, "fairness", NULL, "{\"label\":\"yn\",\"positive\":\"1.0\"}", &err);
  CHECK_MEMBER(r, "positive", "1");
  CHECK_MEMBER(r, "count", "7");
  check_group(r, 0, "\"a\"", 4, 0, 0, 0); /* the prediction is never "1.0": nothing predicted positive */
  cJSON_Delete(r);
  CHECK_STR(err_of(e, NULL, "{\"label\":\"yn\",\"positive\":\"maybe\"}"),
            "config.positive: no row of 'yn' or 'p' holds the class 'maybe'");

  /* Mistakes. */
  CHECK_STR(err_of(e, NULL, "{\"positive\":\"Yes\"}"), "config.positive: no row of 'y' or 'p' holds the class 'Yes'");
  CHECK_STR(err_of(e, NULL, "{\"label\":\"y\",\"prediction\":\"g\"}"),
            "config.positive: 'y' and 'g' hold more than 3 classes ('a', 'b', 'no', ...); set positive to the class to "
            "compare with the rest");
  CHECK_STR(err_of(e, NULL, "{\"label\":\"g\",\"prediction\":\"g\"}"),
            "config.positive: 'g' and 'g' hold 3 classes ('a', 'b', 'c'); set positive to the class to compare with the rest");
  CHECK_STR(err_of(e, NULL, "{\"label\":\"p\",\"prediction\":\"p\",\"group\":\"gb\"}"), "ok");
  CHECK_STR(err_of(e, NULL, "{\"group\":\"nope\"}"), "config.group: no column named 'nope'");

  fix_oom_sweep(e, "fairness", NULL, NULL);
  fix_oom_sweep(e, "fairness", NULL, "{\"group\":\"gn\",\"positive\":\"no\"}");
  sf_close(e);

  /* One class in label and prediction; no column with the group role. */
  {
    static const char *const one[3] = {"x", "x", "x"};
    sf_table *t = sf_table_new();
    t->nrows = 3;
    fix_strings(add(t, "y", SF_CATEGORY, SF_ROLE_LABEL), one, 3);
    fix_strings(add(t, "p", SF_CATEGORY, SF_ROLE_PREDICTION), one, 3);
    fix_strings(add(t, "g", SF_CATEGORY, SF_ROLE_FEATURE), one, 3);
    e = fix_wrap(t);
    CHECK_STR(err_of(e, NULL, NULL),
              "config.group: no column has the role group; set one in the spec's columns or in this component's config");
    CHECK_STR(err_of(e, NULL, "{\"group\":\"g\"}"),
              "config.positive: 'y' and 'p' hold one class ('x'); set positive to the class to compare");
    r = fix_run(e, "fairness", NULL, "{\"group\":\"g\",\"positive\":\"x\"}", &err);
    check_group(r, 0, "\"x\"", 3, 1, 1, 0);
    cJSON_Delete(r);
    sf_close(e);
  }

  /* More than 200 distinct group values: refused, numbers and categories alike. */
  {
    enum { M = 201 };
    static double v[M], v200[M];
    static const char *lab[M], *names[M];
    static char buf[M][8];
    sf_table *t = sf_table_new();
    int i;
    for (i = 0; i < M; i++) {
      v[i] = i;
      v200[i] = i % 200;
      lab[i] = i % 2 ? "yes" : "no";
      snprintf(buf[i], sizeof buf[i], "n%d", i);
      names[i] = buf[i];
    }
    t->nrows = M;
    fix_numbers(add(t, "id", SF_NUMBER, SF_ROLE_GROUP), v, M);
    fix_numbers(add(t, "k", SF_NUMBER, SF_ROLE_FEATURE), v200, M);
    fix_strings(add(t, "name", SF_CATEGORY, SF_ROLE_FEATURE), names, M);
    fix_strings(add(t, "y", SF_CATEGORY, SF_ROLE_LABEL), lab, M);
    fix_strings(add(t, "p", SF_CATEGORY, SF_ROLE_PREDICTION), lab, M);
    e = fix_wrap(t);
    CHECK_STR(err_of(e, NULL, NULL),
              "config.group: 'id' has more than 200 distinct values; choose a column of a few groups");
    CHECK_STR(err_of(e, NULL, "{\"group\":\"name\"}"),
              "config.group: 'name' has more than 200 distinct values; choose a column of a few groups");
    /* A filter does not change it: the whole column counts. 200 values are fine. */
    CHECK_STR(err_of(e, "{\"field\":\"id\",\"range\":[0,10]}", NULL),
              "config.group: 'id' has more than 200 distinct values; choose a column of a few groups");
    r = fix_run(e, "fairness", NULL, "{\"group\":\"k\"}", &err);
    CHECK(r != NULL && cJSON_GetArraySize(cJSON_GetObjectItem(r, "groups")) == 200);
    cJSON_Delete(r);
    sf_close(e);
  }
  return test_report("test_fairness");
}
