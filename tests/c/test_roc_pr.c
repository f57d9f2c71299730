/* test_roc_pr.c — components/roc-pr/kernel.c on small tables checked by hand and
 * against scikit-learn 1.2.1 (roc_curve, precision_recall_curve, roc_auc_score,
 * average_precision_score, roc_auc_score(multi_class="ovr")).
 *
 * Binary table (rows 7 and 8 are left out: a missing label, a missing score):
 *   y     = pos  neg  pos  neg  pos  neg  neg   NULL pos
 *   p_pos = 0.9  0.8  0.8  0.4  0.4  0.1  0.35 0.5  NaN
 *   p_neg = 1 - p_pos (0.5 and NaN alike)
 * Distinct thresholds, highest first, with (tp, fp) at or above them: 0.9 (1,0),
 * 0.8 (2,1), 0.4 (3,2), 0.35 (3,3), 0.1 (3,4). The ROC drops 0.8 and 0.35 (collinear),
 * so roc = (0,0) (0,1/3) (1/2,1) (1,1) and AUC = 1/2 * (1/3 + 1)/2 + 1/2 * 1 = 5/6;
 * AP = 1/3 * 1 + 1/3 * 2/3 + 1/3 * 3/5 = 34/45 = 0.7555... */
#include "kernel_fixture.h"

#define BIN_ROWS 9
static const char *const bin_y[BIN_ROWS] = {"pos", "neg", "pos", "neg", "pos", "neg", "neg", NULL, "pos"};
static const double bin_p[BIN_ROWS] = {0.9, 0.8, 0.8, 0.4, 0.4, 0.1, 0.35, 0.5, NAN};

/* Multi-class: 8 rows, classes a, b, c, scores p_a, p_b, p_c (rows sum to 1). sklearn:
 * per-class AUC 0.8666666666666667, 0.7, 1.0; AP 0.7555555555555555,
 * 0.5333333333333333, 1.0; macro (ovr) 0.8555555555555555. */
#define MC_ROWS 8
static const char *const mc_y[MC_ROWS] = {"a", "b", "c", "a", "b", "c", "a", "b"};
static const double mc_p[3][MC_ROWS] = {
  {.7, .3, .2, .5, .5, .1, .3, .2}, {.2, .4, .2, .4, .3, .1, .6, .5}, {.1, .3, .6, .1, .2, .8, .1, .3}};

static sf_column *add_score(sf_table *t, const char *name, const char *cls, const double *v, size_t n) {
  sf_column *c;
  sf_table_add_column(t, name, SF_NUMBER, n, &c, NULL);
  fix_numbers(c, v, n);
  c->role = SF_ROLE_SCORE;
  c->score_class = sf_strdup(cls);
  return c;
}

static sf_engine *binary_engine(void) {
  sf_table *t = sf_table_new();
  sf_column *c;
  double neg[BIN_ROWS];
  size_t i;
  t->nrows = BIN_ROWS;
  sf_table_add_column(t, "y", SF_CATEGORY, BIN_ROWS, &c, NULL);
  fix_strings(c, bin_y, BIN_ROWS);
  c->role = SF_ROLE_LABEL;
  for (i = 0; i < BIN_ROWS; i++) neg[i] = 1 - bin_p[i];
  add_score(t, "p_pos", "pos", bin_p, BIN_ROWS);
  add_score(t, "p_neg", "neg", neg, BIN_ROWS);
  return fix_wrap(t);
}

static sf_engine *multi_engine(void) {
  sf_table *t = sf_table_new();
  sf_column *c;
  t->nrows = MC_ROWS;
  sf_table_add_column(t, "y", SF_CATEGORY, MC_ROWS, &c, NULL);
  fix_strings(c, mc_y, MC_ROWS);
  c->role = SF_ROLE_LABEL;
  /* columns out of class order: the classes come out sorted */
  add_score(t, "p_c", "c", mc_p[2], MC_ROWS);
  add_score(t, "p_a", "a", mc_p[0], MC_ROWS);
  add_score(t, "p_b", "b", mc_p[1], MC_ROWS);
  return fix_wrap(t);
}

/* A numeric 0/1 label with the score of class 1 only. */
static sf_engine *numeric_engine(void) {
  static const double y[6] = {0, 1, 1, 0, NAN, 1}, p[6] = {0.2, 0.7, 0.4, 0.4, 0.9, 0.9};
  sf_table *t = sf_table_new();
  sf_column *c;
  t->nrows = 6;
  sf_table_add_column(t, "target", SF_NUMBER, 6, &c, NULL);
  fix_numbers(c, y, 6);
  c->role = SF_ROLE_LABEL;
  add_score(t, "p_1", "1", p, 6);
  return fix_wrap(t);
}

/* A curve's points: each {k1, k2, "threshold"} within 1e-15 of want (NAN: null). */
static void check_curve(const cJSON *r, const char *curve, const char *k1, const char *k2, const double (*want)[3],
                        int n) {
  const char *keys[3];
  const cJSON *arr = cJSON_GetObjectItem(r, curve);
  int i, j;
  keys[0] = k1;
  keys[1] = k2;
  keys[2] = "threshold";
  CHECK(cJSON_GetArraySize(arr) == n);
  for (i = 0; i < n && i < cJSON_GetArraySize(arr); i++)
    for (j = 0; j < 3; j++) {
      const cJSON *v = cJSON_GetObjectItem(cJSON_GetArrayItem(arr, i), keys[j]);
      if (isnan(want[i][j])) CHECK(cJSON_IsNull(v));
      else CHECK(cJSON_IsNumber(v) && fabs(v->valuedouble - want[i][j]) <= 1e-15);
    }
}

static const char *err_of(sf_engine *e, const char *filter, const char *config) {
  static char buf[600];
  sf_error err;
  cJSON *r = fix_run(e, "roc-pr", filter, config, &err);
  snprintf(buf, sizeof buf, "%s", r ? "ok" : err.msg);
  cJSON_Delete(r);
  return buf;
}

int main(void) {
  sf_engine *e = binary_engine();
  sf_error err;
  cJSON *r, *cls;
  /* sklearn: roc_curve and precision_recall_curve of the binary table (thresholds:
   * sklearn's first ROC threshold, max + 1 = 1.9, is null here; so is the last PR point's) */
  static const double roc_want[4][3] = {{0, 0, NAN}, {0, 1.0 / 3, 0.9}, {0.5, 1, 0.4}, {1, 1, 0.1}};
  static const double pr_want[6][3] = {{3.0 / 7, 1, 0.1}, {0.5, 1, 0.35}, {0.6, 1, 0.4}, {2.0 / 3, 2.0 / 3, 0.8},
                                       {1, 1.0 / 3, 0.9}, {1, 0, NAN}};
  static const double pr_thin[3][3] = {{3.0 / 7, 1, 0.1}, {2.0 / 3, 2.0 / 3, 0.8}, {1, 0, NAN}};
  /* rows 0, 2, 4 (pos: .9, .8, .4): no negatives, fpr nan; .8 is collinear and dropped */
  static const double one_class[3][3] = {{NAN, 0, NAN}, {NAN, 1.0 / 3, 0.9}, {NAN, 1, 0.4}};

  /* Binary, defaults: positive = the last scored class in label order ("pos"). */
  r = fix_run(e, "roc-pr", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "label", "\"y\"");
  CHECK_MEMBER(r, "scores", "[\"p_pos\"]");
  CHECK_MEMBER(r, "positive", "\"pos\"");
  CHECK_MEMBER(r, "count", "7");
  CHECK_MEMBER(r, "missing", "2");
  CHECK_MEMBER(r, "positives", "3");
  CHECK_NEAR(NUM(r, "roc_auc"), 0.8333333333333333, 1e-15);
  CHECK_NEAR(NUM(r, "average_precision"), 0.7555555555555555, 1e-15);
  CHECK_MEMBER(r, "roc_points", "4");
  CHECK_MEMBER(r, "pr_points", "6");
  check_curve(r, "roc", "fpr", "tpr", roc_want, 4);
  check_curve(r, "pr", "precision", "recall", pr_want, 6);
  cJSON_Delete(r);

  /* The other class: its own score column (1 - p), the same ranking reversed.
   * sklearn: roc_auc_score = 0.8333333333333334, average_precision_score = 0.8541666666666666 for
   * y=[0,1,0,1,0,1,1], s=[.1,.2,.2,.6,.6,.9,.65] -> thresholds .9 .65 .6 .2 .1:
   * (tp, fp) (1,0) (2,0) (3,1) (4,2) (4,3): AP = 1/4 + 1/4 + 1/4*3/4 + 1/4*4/6 */
  r = fix_run(e, "roc-pr", NULL, "{\"positive\":\"neg\"}", &err);
  CHECK_MEMBER(r, "scores", "[\"p_neg\"]");
  CHECK_MEMBER(r, "positive", "\"neg\"");
  CHECK_MEMBER(r, "positives", "4");
  CHECK_NEAR(NUM(r, "roc_auc"), 0.8333333333333334, 1e-15);
  CHECK_NEAR(NUM(r, "average_precision"), 0.8541666666666666, 1e-15);
  cJSON_Delete(r);

  /* One class only among the rows: sklearn raises for the AUC (null here), gives nan
   * false-positive rates (null) and AP 1 (every threshold has precision 1). */
  r = fix_run(e, "roc-pr", "{\"field\":\"y\",\"in\":[\"pos\"]}", NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "3");
  CHECK_MEMBER(r, "missing", "1");
  CHECK_MEMBER(r, "roc_auc", "null");
  CHECK_MEMBER(r, "average_precision", "1");
  check_curve(r, "roc", "fpr", "tpr", one_class, 3);
  cJSON_Delete(r);

  /* No rows: no curve and no numbers (sklearn refuses empty input). */
  r = fix_run(e, "roc-pr", "{\"field\":\"y\",\"in\":[\"none\"]}", NULL, &err);
  CHECK_MEMBER(r, "count", "0");
  CHECK_MEMBER(r, "roc_auc", "null");
  CHECK_MEMBER(r, "average_precision", "null");
  CHECK_MEMBER(r, "roc", "[]");
  CHECK_MEMBER(r, "pr", "[]");
  cJSON_Delete(r);

  /* Thinning: two points, the first and the last; AUC and AP unchanged. Three of six
   * PR points: indices (i * 5 + 1) / 2 = 0, 3, 5. */
  r = fix_run(e, "roc-pr", NULL, "{\"max_points\":2}", &err);
  CHECK_MEMBER(r, "roc", "[{\"fpr\":0,\"tpr\":0,\"threshold\":null},{\"fpr\":1,\"tpr\":1,\"threshold\":0.1}]");
  CHECK_MEMBER(r, "roc_points", "4");
  CHECK_NEAR(NUM(r, "roc_auc"), 0.8333333333333333, 1e-15);
  cJSON_Delete(r);
  r = fix_run(e, "roc-pr", NULL, "{\"max_points\":3}", &err);
  check_curve(r, "pr", "precision", "recall", pr_thin, 3);
  CHECK_NEAR(NUM(r, "average_precision"), 0.7555555555555555, 1e-15);
  cJSON_Delete(r);

  /* Config mistakes: a class no score column scores; max_points out of range. */
  CHECK_STR(err_of(e, NULL, "{\"positive\":\"cat\"}"),
            "config.positive: no score column scores the class 'cat' (the scores are of 'neg', 'pos')");
  CHECK(strstr(err_of(e, NULL, "{\"max_points\":1}"), "max_points") != NULL);

  fix_oom_sweep(e, "roc-pr", NULL, NULL);
  fix_oom_sweep(e, "roc-pr", NULL, "{\"positive\":\"neg\",\"max_points\":3}");
  sf_close(e);

  /* Multi-class: one-vs-rest per class in sorted order, each with its score column. */
  e = multi_engine();
  r = fix_run(e, "roc-pr", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "scores", "[\"p_a\",\"p_b\",\"p_c\"]");
  CHECK(cJSON_GetObjectItem(r, "positive") == NULL);
  CHECK_MEMBER(r, "count", "8");
  cls = cJSON_GetObjectItem(r, "classes");
  CHECK(cJSON_GetArraySize(cls) == 3);
  CHECK_MEMBER(cJSON_GetArrayItem(cls, 1), "positive", "\"b\"");
  CHECK_MEMBER(cJSON_GetArrayItem(cls, 1), "score", "\"p_b\"");
  CHECK_NEAR(NUM(cJSON_GetArrayItem(cls, 0), "roc_auc"), 0.8666666666666667, 1e-15);
  CHECK_NEAR(NUM(cJSON_GetArrayItem(cls, 1), "roc_auc"), 0.7, 1e-15);
  CHECK_NEAR(NUM(cJSON_GetArrayItem(cls, 2), "roc_auc"), 1.0, 1e-15);
  CHECK_NEAR(NUM(cJSON_GetArrayItem(cls, 0), "average_precision"), 0.7555555555555555, 1e-15);
  CHECK_NEAR(NUM(cJSON_GetArrayItem(cls, 1), "average_precision"), 0.5333333333333333, 1e-15);
  CHECK_NEAR(NUM(r, "macro_roc_auc"), 0.8555555555555555, 1e-15);
  cJSON_Delete(r);
  /* A class with no rows in the selection: its AUC is undefined, and so is the macro. */
  r = fix_run(e, "roc-pr", "{\"field\":\"y\",\"in\":[\"a\",\"b\"]}", NULL, &err);
  CHECK_MEMBER(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "classes"), 2), "roc_auc", "null");
  CHECK_MEMBER(r, "macro_roc_auc", "null");
  cJSON_Delete(r);
  /* "positive" makes it binary: that class against the rest. */
  r = fix_run(e, "roc-pr", NULL, "{\"positive\":\"b\"}", &err);
  CHECK_MEMBER(r, "scores", "[\"p_b\"]");
  CHECK_NEAR(NUM(r, "roc_auc"), 0.7, 1e-15);
  cJSON_Delete(r);
  fix_oom_sweep(e, "roc-pr", NULL, NULL);
  sf_close(e);

  /* A numeric label: the class "1" of p_1 is the number 1 (positive names it as text). sklearn on y=[0,1,1,0,1], s=[.2,.7,.4,.4,.9]: AUC 0.9166666666666666. */
  e = numeric_engine();
  r = fix_run(e, "roc-pr", NULL, "{\"positive\":\"1\"}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "positive", "1");
  CHECK_MEMBER(r, "count", "5");
  CHECK_MEMBER(r, "missing", "1");
  CHECK_NEAR(NUM(r, "roc_auc"), 0.9166666666666666, 1e-15);
  cJSON_Delete(r);
  sf_close(e);

  /* No score column: the error says how to get one. */
  e = fix_engine();
  CHECK_STR(err_of(e, NULL, NULL),
            "config: no column has the role score; name the scores p_<class> or set them in the spec's columns "
            "(role score, with the class they score)");
  sf_close(e);
  return test_report("test_roc_pr");
}
