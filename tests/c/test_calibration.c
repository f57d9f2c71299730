/* test_calibration.c — components/calibration/kernel.c on small tables checked by hand
 * and against scikit-learn 1.2.1 (brier_score_loss, log_loss with eps="auto").
 *
 * Binary table, 10 bins (edges numpy.linspace(0, 1, 11)):
 *   y     = pos  neg  pos  neg  pos   neg  NULL pos  neg  pos
 *   p_pos = 0.1  0.2  1.0  0.0  0.95  0.3  0.5  NaN  1.5  -0.2
 * Rows 6 and 7 are missing (label, score), rows 8 and 9 invalid (outside [0, 1]).
 * 0.1 and 0.2 sit exactly on inner edges: they go to the upper bins (1 and 2; scikit-
 * learn's calibration_curve would put them in 0 and 1); 0.3 is below the edge
 * 0.30000000000000004, so bin 2; 1.0 goes to the last bin. Bins: 0 {0.0 neg},
 * 1 {0.1 pos}, 2 {0.2 neg, 0.3 neg}, 9 {1.0 pos, 0.95 pos}, the rest empty.
 * ECE = (1/6)(0) + (1/6)(0.9) + (2/6)(0.25) + (2/6)(0.025) = 1.45 / 6.
 * sklearn on the 6 rows: brier_score_loss 0.15708333333333335,
 * log_loss(labels=[0, 1]) 0.48894948043908987 (0.0 and 1.0 clipped to eps, 1 - eps). */
#include "kernel_fixture.h"

#define BIN_ROWS 10
static const char *const bin_y[BIN_ROWS] = {"pos", "neg", "pos", "neg", "pos", "neg", NULL, "pos", "neg", "pos"};
static const double bin_p[BIN_ROWS] = {0.1, 0.2, 1.0, 0.0, 0.95, 0.3, 0.5, NAN, 1.5, -0.2};

/* Top-label table, classes a, b, c (scores p_a, p_b, p_c), 4 bins (0, .25, .5, .75, 1):
 *   row  0    1    2    3    4    5    6    7    8    9    10    11   12
 *   y    a    b    c    a    b    c    a    d    b    c    a     NULL b
 *   p_a .7   .3   .2   .5   .5   .1   .3   .2   0    .2   .45   .3   NaN
 *   p_b .2   .4   .2   .5   .3   .1   .6   .3   0    .3   .45   .3   .5
 *   p_c .1   .3   .6   0    .2   .8   .1   .5   0    1.2  .2    .4   .5
 * Missing: 11 (label), 12 (a score). Invalid: 7 (label d has no score), 8 (all 0),
 * 9 (1.2). Rows 3 and 10 tie: the first class (a) is the top, so both are correct.
 * Confidence / correct: .7 T, .4 T, .6 T, .5 T (edge: bin 2), .5 F, .8 T, .6 F, .45 T.
 * Bins: 1 {.4, .45} mean 0.425 frac 1; 2 {.7, .6, .5, .5, .6} mean .58 frac .6; 3 {.8}.
 * ECE = (2/8)(.575) + (5/8)(.02) + (1/8)(.2) = 0.18125. numpy / sklearn: multi-class
 * Brier (scores over their row sum) 0.458698347107438; log_loss(labels=[a, b, c])
 * 0.7502306895158752 (row 10 sums to 1.1: renormalized). */
#define MC_ROWS 13
static const char *const mc_y[MC_ROWS] = {"a", "b", "c", "a", "b", "c", "a", "d", "b", "c", "a", NULL, "b"};
static const double mc_p[3][MC_ROWS] = {
  {.7, .3, .2, .5, .5, .1, .3, .2, 0, .2, .45, .3, NAN},
  {.2, .4, .2, .5, .3, .1, .6, .3, 0, .3, .45, .3, .5},
  {.1, .3, .6, 0, .2, .8, .1, .5, 0, 1.2, .2, .4, .5}};

static void add_score(sf_table *t, const char *name, const char *cls, const double *v, size_t n) {
  sf_column *c;
  sf_table_add_column(t, name, SF_NUMBER, n, &c, NULL);
  fix_numbers(c, v, n);
  c->role = SF_ROLE_SCORE;
  c->score_class = sf_strdup(cls);
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
  add_score(t, "p_c", "c", mc_p[2], MC_ROWS); /* out of class order: the classes come out sorted */
  add_score(t, "p_a", "a", mc_p[0], MC_ROWS);
  add_score(t, "p_b", "b", mc_p[1], MC_ROWS);
  return fix_wrap(t);
}

/* Bin i of r: count, and mean score / fraction positive within 1e-15 (NAN: null). */
static void check_bin(const cJSON *r, int i, double count, double mean, double frac) {
  const cJSON *b = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "bins"), i);
  const cJSON *m = cJSON_GetObjectItem(b, "mean_score"), *f = cJSON_GetObjectItem(b, "frac_positive");
  CHECK(b != NULL && NUM(b, "count") == count);
  if (isnan(mean)) CHECK(cJSON_IsNull(m) && cJSON_IsNull(f));
  else CHECK(cJSON_IsNumber(m) && fabs(m->valuedouble - mean) <= 1e-15 && cJSON_IsNumber(f) &&
             fabs(f->valuedouble - frac) <= 1e-15);
}

static const char *err_of(sf_engine *e, const char *filter, const char *config) {
  static char buf[600];
  sf_error err;
  cJSON *r = fix_run(e, "calibration", filter, config, &err);
  snprintf(buf, sizeof buf, "%s", r ? "ok" : err.msg);
  cJSON_Delete(r);
  return buf;
}

int main(void) {
  sf_engine *e = binary_engine();
  sf_error err;
  cJSON *r, *bins;
  int i;

  /* Binary, defaults: positive = the last scored class in label order ("pos"), 10 bins. */
  r = fix_run(e, "calibration", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "label", "\"y\"");
  CHECK_MEMBER(r, "scores", "[\"p_pos\"]");
  CHECK_MEMBER(r, "positive", "\"pos\"");
  CHECK(cJSON_GetObjectItem(r, "mode") == NULL);
  CHECK_MEMBER(r, "count", "6");
  CHECK_MEMBER(r, "missing", "2");
  CHECK_MEMBER(r, "invalid", "2");
  bins = cJSON_GetObjectItem(r, "bins");
  CHECK(cJSON_GetArraySize(bins) == 10);
  CHECK(NUM(cJSON_GetArrayItem(bins, 3), "hi") == 0.4 && NUM(cJSON_GetArrayItem(bins, 9), "hi") == 1);
  check_bin(r, 0, 1, 0, 0);
  check_bin(r, 1, 1, 0.1, 1);       /* 0.1 on the edge: the upper bin */
  check_bin(r, 2, 2, 0.25, 0);      /* 0.2 on the edge, 0.3 below its edge */
  check_bin(r, 9, 2, 0.975, 1);     /* 1.0 in the last bin */
  for (i = 3; i < 9; i++) check_bin(r, i, 0, NAN, NAN); /* empty bins: count 0, null means */
  CHECK_NEAR(NUM(r, "ece"), 0.24166666666666667, 1e-15);
  CHECK_NEAR(NUM(r, "brier"), 0.15708333333333335, 1e-15);
  CHECK_NEAR(NUM(r, "log_loss"), 0.48894948043908987, 1e-15);
  cJSON_Delete(r);

  /* One bin: every score, [0, 1]; ECE = |frac - mean| over all rows (3/6 - 2.55/6). */
  r = fix_run(e, "calibration", NULL, "{\"bins\":1}", &err);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "bins")) == 1);
  check_bin(r, 0, 6, 2.55 / 6, 0.5);
  CHECK_NEAR(NUM(r, "ece"), 0.45 / 6, 1e-15);
  cJSON_Delete(r);

  /* The other class: its own column (1 - p), rows positive when neg; 1 - 1.5 and 1 + 0.2
   * are still outside [0, 1]. */
  r = fix_run(e, "calibration", NULL, "{\"positive\":\"neg\"}", &err);
  CHECK_MEMBER(r, "scores", "[\"p_neg\"]");
  CHECK_MEMBER(r, "positive", "\"neg\"");
  CHECK_MEMBER(r, "invalid", "2");
  check_bin(r, 0, 2, 0.025, 0); /* 1 - 1.0 = 0 and 1 - 0.95 */
  CHECK_NEAR(NUM(r, "brier"), 0.15708333333333335, 1e-15);
  cJSON_Delete(r);

  /* No rows used: every bin empty, the three numbers null. */
  r = fix_run(e, "calibration", "{\"field\":\"y\",\"in\":[null]}", NULL, &err);
  CHECK_MEMBER(r, "count", "0");
  CHECK_MEMBER(r, "missing", "1");
  for (i = 0; i < 10; i++) check_bin(r, i, 0, NAN, NAN);
  CHECK_MEMBER(r, "ece", "null");
  CHECK_MEMBER(r, "brier", "null");
  CHECK_MEMBER(r, "log_loss", "null");
  cJSON_Delete(r);

  /* Config mistakes: a class no score column scores; bins out of range. */
  CHECK_STR(err_of(e, NULL, "{\"positive\":\"cat\"}"),
            "config.positive: no score column scores the class 'cat' (the scores are of 'neg', 'pos')");
  CHECK(strstr(err_of(e, NULL, "{\"bins\":0}"), "bins") != NULL);
  CHECK(strstr(err_of(e, NULL, "{\"bins\":101}"), "bins") != NULL);

  fix_oom_sweep(e, "calibration", NULL, NULL);
  fix_oom_sweep(e, "calibration", "{\"field\":\"y\",\"in\":[null]}", "{\"positive\":\"neg\",\"bins\":3}");
  sf_close(e);

  /* Top-label: every class's score, the largest one's class against the label. */
  e = multi_engine();
  r = fix_run(e, "calibration", NULL, "{\"bins\":4}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "scores", "[\"p_a\",\"p_b\",\"p_c\"]");
  CHECK_MEMBER(r, "mode", "\"top-label\"");
  CHECK(cJSON_GetObjectItem(r, "positive") == NULL);
  CHECK_MEMBER(r, "count", "8");
  CHECK_MEMBER(r, "missing", "2");
  CHECK_MEMBER(r, "invalid", "3");
  check_bin(r, 0, 0, NAN, NAN);
  check_bin(r, 1, 2, 0.425, 1);
  check_bin(r, 2, 5, 0.58, 0.6);
  check_bin(r, 3, 1, 0.8, 1);
  CHECK_NEAR(NUM(r, "ece"), 0.18125, 1e-15);
  CHECK_NEAR(NUM(r, "brier"), 0.458698347107438, 1e-15);
  CHECK_NEAR(NUM(r, "log_loss"), 0.7502306895158752, 1e-15);
  cJSON_Delete(r);
  /* "positive" makes it binary: b's score against label == b (rows 7 and 8 count now). */
  r = fix_run(e, "calibration", NULL, "{\"positive\":\"b\"}", &err);
  CHECK_MEMBER(r, "scores", "[\"p_b\"]");
  CHECK_MEMBER(r, "positive", "\"b\"");
  CHECK_MEMBER(r, "count", "12");
  CHECK_MEMBER(r, "missing", "1");
  CHECK_MEMBER(r, "invalid", "0");
  cJSON_Delete(r);
  fix_oom_sweep(e, "calibration", NULL, NULL);
  sf_close(e);

  /* A numeric label: the class "1" of p_1 is the number 1. Rows (y, p): (0, .2) (1, .7)
   * (1, .4) (0, .4) (NaN, .9) (1, .9): bins of 2 split at 0.5. */
  {
    static const double y[6] = {0, 1, 1, 0, NAN, 1}, p[6] = {0.2, 0.7, 0.4, 0.4, 0.9, 0.9};
    sf_table *t = sf_table_new();
    sf_column *c;
    t->nrows = 6;
    sf_table_add_column(t, "target", SF_NUMBER, 6, &c, NULL);
    fix_numbers(c, y, 6);
    c->role = SF_ROLE_LABEL;
    add_score(t, "p_1", "1", p, 6);
    e = fix_wrap(t);
  }
  r = fix_run(e, "calibration", NULL, "{\"bins\":2}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "positive", "1");
  CHECK_MEMBER(r, "count", "5");
  check_bin(r, 0, 3, (0.2 + 0.4 + 0.4) / 3, 1.0 / 3);
  check_bin(r, 1, 2, 0.8, 1);
  cJSON_Delete(r);
  sf_close(e);

  /* No score column: the error says how to get one. */
  e = fix_engine();
  CHECK_STR(err_of(e, NULL, NULL),
            "config: no column has the role score; name the scores p_<class> or set them in the spec's columns "
            "(role score, with the class they score)");
  sf_close(e);
  return test_report("test_calibration");
}
