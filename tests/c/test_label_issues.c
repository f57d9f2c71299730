/* test_label_issues.c — components/label-issues/kernel.c on small tables worked by hand
 * with cleanlab's definitions (tests/reference/make_label_issues.py restates them and
 * holds the CLI to them on real and planted data).
 *
 * Three classes a, b, c (scores p_c, p_a, p_b in file order):
 *   row  0   1   2   3   4   5   6   7   8   9    10   11
 *   y    a   a   a   b   b   b   c   c   c   NULL a    d
 *   p_a .8  .7  .1  .1  .2  .1  .1  .2  .7  .3   NaN  .3
 *   p_b .1  .2  .8  .8  .7  .6  .1  .1  .2  .3   .5   .3
 *   p_c .1  .1  .1  .1  .1  .3  .8  .7  .1  .4   .5   .4
 * Missing: 9 (label), 10 (a score); unscored: 11 (d). n = 9, three rows a class.
 * Thresholds t_a = 1.6/3, t_b = 2.1/3 = .7, t_c = 1.6/3. Confident (p >= t - 1e-6):
 * rows 0, 1 of a; 2 of b only (given a); 3, 4 of b (.7 >= .7 - 1e-6); 5 of none (.6 < .7);
 * 6, 7 of c; 8 of a only (given c). C = [[2,1,0],[0,2,0],[1,0,2]]; calibrated, row b
 * (sum 2, 3 rows) becomes [0,3,0]: [[2,1,0],[0,3,0],[1,0,2]]. Prune counts (given,
 * true): 1 of (a, b): among rows 0-2 the largest p_b - p_a is row 2; 1 of (c, a): among
 * 6-8 the largest p_a - p_c is row 8. Both keep a top class other than the given one.
 * Scores (self-confidence) tie at .1: row order, 2 then 8.
 *
 * Binary with one score column p_pos (label neg/pos): p = [1 - p_pos, p_pos] with neg,
 * the label's unscored value, as class 0:
 *   y     neg neg neg pos pos pos    p_pos .1 .2 .9 .8 .9 .7
 * t_neg = 1.8/3 = .6, t_pos = 2.4/3. Confident: 0, 1 neg; 2 pos (given neg); 3, 4 pos;
 * 5 none. C = [[2,1],[0,2]], calibrated [[2,1],[0,3]]: one issue, row 2 (neg given,
 * pos suggested, score 1 - .9). */
#include "kernel_fixture.h"
#include <math.h>

#define MC_ROWS 12
static const char *const mc_y[MC_ROWS] = {"a", "a", "a", "b", "b", "b", "c", "c", "c", NULL, "a", "d"};
static const double mc_p[3][MC_ROWS] = {
  {.8, .7, .1, .1, .2, .1, .1, .2, .7, .3, NAN, .3},
  {.1, .2, .8, .8, .7, .6, .1, .1, .2, .3, .5, .3},
  {.1, .1, .1, .1, .1, .3, .8, .7, .1, .4, .5, .4}};

#define BIN_ROWS 6
static const char *const bin_y[BIN_ROWS] = {"neg", "neg", "neg", "pos", "pos", "pos"};
static const double bin_p[BIN_ROWS] = {.1, .2, .9, .8, .9, .7};

static void add_score(sf_table *t, const char *name, const char *cls, const double *v, size_t n) {
  sf_column *c;
  sf_table_add_column(t, name, SF_NUMBER, n, &c, NULL);
  fix_numbers(c, v, n);
  c->role = SF_ROLE_SCORE;
  c->score_class = sf_strdup(cls);
}

static sf_engine *label_engine(const char *const *y, size_t n) {
  sf_table *t = sf_table_new();
  sf_column *c;
  t->nrows = n;
  sf_table_add_column(t, "y", SF_CATEGORY, n, &c, NULL);
  fix_strings(c, y, n);
  c->role = SF_ROLE_LABEL;
  return fix_wrap(t);
}

static sf_engine *multi_engine(void) {
  sf_engine *e = label_engine(mc_y, MC_ROWS);
  add_score(e->table, "p_c", "c", mc_p[2], MC_ROWS);
  add_score(e->table, "p_a", "a", mc_p[0], MC_ROWS);
  add_score(e->table, "p_b", "b", mc_p[1], MC_ROWS);
  return e;
}

static double item_num(const cJSON *arr, int i) { return cJSON_GetArrayItem(arr, i)->valuedouble; }

int main(void) {
  sf_error err;
  sf_engine *e = multi_engine();
  cJSON *r = fix_run(e, "label-issues", NULL, NULL, &err);
  const cJSON *thr;
  CHECK(r != NULL);
  CHECK_MEMBER(r, "label", "\"y\"");
  CHECK_MEMBER(r, "scores", "[\"p_a\",\"p_b\",\"p_c\"]");
  CHECK_MEMBER(r, "classes", "[\"a\",\"b\",\"c\"]");
  CHECK_MEMBER(r, "rows", "9");
  CHECK_MEMBER(r, "missing", "2");
  CHECK_MEMBER(r, "unscored", "1");
  thr = cJSON_GetObjectItem(r, "thresholds");
  CHECK(fabs(item_num(thr, 0) - 1.6 / 3) < 1e-15);
  CHECK(fabs(item_num(thr, 1) - 0.7) < 1e-15);
  CHECK(fabs(item_num(thr, 2) - 1.6 / 3) < 1e-15);
  CHECK_MEMBER(r, "confident_joint", "[[2,1,0],[0,3,0],[1,0,2]]");
  CHECK_MEMBER(r, "prune_counts", "[[2,1,0],[0,3,0],[1,0,2]]");
  CHECK_MEMBER(r, "pairs", "[[0,1,0],[0,0,0],[1,0,0]]");
  CHECK_MEMBER(r, "count", "2");
  CHECK_MEMBER(r, "issues",
               "[{\"row\":2,\"given\":\"a\",\"suggested\":\"b\",\"score\":0.1},"
               "{\"row\":8,\"given\":\"c\",\"suggested\":\"a\",\"score\":0.1}]");
  cJSON_Delete(r);

  /* limit caps the list, not the count. */
  r = fix_run(e, "label-issues", NULL, "{\"limit\":1}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "2");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "issues")) == 1);
  cJSON_Delete(r);

  /* Rows 0-5 only: no row of c, whose threshold is 2 (nothing is confident of it);
   * row 2 is still an issue (C = [[2,1,0],[0,2,0],[0,0,1]], calibrated, b: [0,3,0]). */
  r = fix_run(e, "label-issues", "{\"rows\":[0,1,2,3,4,5]}", NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "rows", "6");
  CHECK(item_num(cJSON_GetObjectItem(r, "thresholds"), 2) == 2);
  CHECK_MEMBER(r, "issues", "[{\"row\":2,\"given\":\"a\",\"suggested\":\"b\",\"score\":0.1}]");
  cJSON_Delete(r);

  /* No rows: empty tables, no issues. */
  r = fix_run(e, "label-issues", "{\"rows\":[9,10,11]}", NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "rows", "0");
  CHECK_MEMBER(r, "missing", "2");
  CHECK_MEMBER(r, "confident_joint", "[]");
  CHECK_MEMBER(r, "count", "0");
  CHECK_MEMBER(r, "issues", "[]");
  cJSON_Delete(r);

  fix_oom_sweep(e, "label-issues", NULL, NULL);
  fix_oom_sweep(e, "label-issues", "{\"rows\":[9,10,11]}", "{\"limit\":1}");
  sf_close(e);

  /* Binary, one score column: [1 - p, p]. */
  e = label_engine(bin_y, BIN_ROWS);
  add_score(e->table, "p_pos", "pos", bin_p, BIN_ROWS);
  r = fix_run(e, "label-issues", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "scores", "[\"p_pos\"]");
  CHECK_MEMBER(r, "classes", "[\"neg\",\"pos\"]");
  CHECK_MEMBER(r, "confident_joint", "[[2,1],[0,3]]");
  CHECK_MEMBER(r, "count", "1");
  {
    const cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "issues"), 0);
    CHECK(NUM(it, "row") == 2);
    CHECK_STR(cJSON_GetObjectItem(it, "given")->valuestring, "neg");
    CHECK_STR(cJSON_GetObjectItem(it, "suggested")->valuestring, "pos");
    CHECK(NUM(it, "score") == 1 - .9);
  }
  cJSON_Delete(r);
  fix_oom_sweep(e, "label-issues", NULL, NULL);
  sf_close(e);

  /* One score column but three label values: an error that says what to do. */
  {
    static const char *const y3[4] = {"neg", "pos", "mid", "pos"};
    static const double p3[4] = {.1, .9, .5, .8};
    e = label_engine(y3, 4);
    add_score(e->table, "p_pos", "pos", p3, 4);
    r = fix_run(e, "label-issues", NULL, NULL, &err);
    CHECK(r == NULL);
    CHECK(strstr(err.msg, "one score column scores 'pos' but the label 'y' has more than two classes") != NULL);
    sf_close(e);
  }
  return test_report("test_label_issues");
}
