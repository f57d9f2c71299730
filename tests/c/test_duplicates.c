/* test_duplicates.c — components/duplicates/kernel.c on a small hand-checked table.
 * a (number): [0, -0, 10, 10.25, 20, 30, 40, NaN, 60, 60.5, NaN]; c (category): "u"
 * on rows 7 and 10, else "x"; y (label), s (split); b (number) 0 everywhere, so that
 * the near search has its two numbers and a's distances.
 * Exact over (a, c, b): {0, 1} (-0 equals 0) and {7, 10} (missing equals missing).
 * Near over a, b (two numeric fields: euclidean), rows 7 and 10 left out (no a): nearest
 * distances 0, 0, .25, .25, 9.75, 10, 10, .5, .5 -> median .5. threshold .13: radius
 * .065, only (0, 1), which is exact: no near pair. 1.2: radius .6: (2, 3) at .25 and
 * (8, 9) at .5. 30 (radius 15) with k = 1: each row's nearest only, a tie (row 5 is 10
 * from rows 4 and 6) to the lower row: (2, 3), (3, 4), (4, 5), (5, 6), (8, 9); labels
 * differ in all but (2, 3), splits in (2, 3), (3, 4), (5, 6). */
#include "kernel_fixture.h"

static const double da[] = {0, -0.0, 10, 10.25, 20, 30, 40, NAN, 60, 60.5, NAN};
static const char *const dc[] = {"x", "x", "x", "x", "x", "x", "x", "u", "x", "x", "u"};
static const char *const dy[] = {"cat", "dog", "cat", "cat", "dog", "cat", "dog", "cat", "cat", "dog", "cat"};
static const double db[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const char *const ds[] = {"train", "train", "train", "test", "train", "train", "test", "train", "test", "test", "test"};
#define DROWS (sizeof da / sizeof *da)

static sf_engine *dup_engine(void) {
  sf_table *t = sf_table_new();
  sf_column *c;
  t->nrows = DROWS;
  sf_table_add_column(t, "a", SF_NUMBER, DROWS, &c, NULL);
  fix_numbers(c, da, DROWS);
  sf_table_add_column(t, "c", SF_CATEGORY, DROWS, &c, NULL);
  fix_strings(c, dc, DROWS);
  sf_table_add_column(t, "y", SF_CATEGORY, DROWS, &c, NULL);
  fix_strings(c, dy, DROWS);
  c->role = SF_ROLE_LABEL;
  sf_table_add_column(t, "s", SF_CATEGORY, DROWS, &c, NULL);
  fix_strings(c, ds, DROWS);
  c->role = SF_ROLE_SPLIT;
  sf_table_add_column(t, "b", SF_NUMBER, DROWS, &c, NULL);
  fix_numbers(c, db, DROWS);
  return fix_wrap(t);
}

static const char *err_of(sf_engine *e, const char *config) {
  static char buf[600];
  sf_error err;
  cJSON *r = fix_run(e, "duplicates", NULL, config, &err);
  snprintf(buf, sizeof buf, "%s", r ? "ok" : err.msg);
  cJSON_Delete(r);
  return buf;
}

int main(void) {
  sf_engine *e = dup_engine();
  sf_error err;
  cJSON *r, *info;

  /* defaults: the feature columns a, c and b, the label y, the split s */
  r = fix_run(e, "duplicates", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "fields", "[\"a\",\"c\",\"b\"]");
  CHECK_MEMBER(r, "label", "\"y\"");
  CHECK_MEMBER(r, "split", "\"s\"");
  CHECK_MEMBER(r, "rows", "11");
  CHECK_MEMBER(r, "exact", "[[0,1],[7,10]]");
  CHECK_MEMBER(r, "exact_flags", "[{\"label_conflict\":true,\"leakage\":false},{\"label_conflict\":false,\"leakage\":true}]");
  CHECK_MEMBER(r, "exact_values", "[[0,\"x\",0],[null,\"u\",0]]");
  CHECK_MEMBER(r, "near", "[]");
  info = cJSON_GetObjectItem(r, "near_info");
  CHECK_MEMBER(info, "fields", "[\"a\",\"b\"]");
  CHECK_MEMBER(info, "match", "[\"c\"]");
  CHECK_MEMBER(info, "metric", "\"euclidean\"");
  CHECK_MEMBER(info, "used", "9");
  CHECK_MEMBER(info, "left_out", "2");
  CHECK_NEAR(NUM(info, "median_nn_distance"), 0.5, 1e-15);
  CHECK_NEAR(NUM(info, "radius"), 0.065, 1e-15);
  CHECK_MEMBER(r, "counts", "{\"exact_groups\":2,\"exact_rows\":4,\"exact_label_conflict\":1,\"exact_leakage\":1,"
                            "\"near_pairs\":0,\"near_label_conflict\":0,\"near_leakage\":0}");
  cJSON_Delete(r);

  /* a wider threshold: (2, 3) crosses the split, (8, 9) has two labels and one split */
  r = fix_run(e, "duplicates", NULL, "{\"threshold\":1.2}", &err);
  CHECK_MEMBER(r, "near", "[{\"label_conflict\":false,\"leakage\":true,\"rows\":[2,3],\"distance\":0.25},"
                          "{\"label_conflict\":true,\"leakage\":false,\"rows\":[8,9],\"distance\":0.5}]");
  cJSON_Delete(r);

  /* k = 1: each row's nearest only; a tie goes to the lower row */
  r = fix_run(e, "duplicates", NULL, "{\"threshold\":30,\"k\":1}", &err);
  CHECK_MEMBER(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "near"), 2), "rows", "[4,5]");
  CHECK_MEMBER(r, "counts", "{\"exact_groups\":2,\"exact_rows\":4,\"exact_label_conflict\":1,\"exact_leakage\":1,"
                            "\"near_pairs\":5,\"near_label_conflict\":4,\"near_leakage\":3}");
  cJSON_Delete(r);

  /* a near pair shares the category fields: with the label y among them, (8, 9) (cat,
   * dog) is not near, (2, 3) (cat, cat) is */
  r = fix_run(e, "duplicates", NULL, "{\"fields\":[\"a\",\"b\",\"y\"],\"threshold\":1.2}", &err);
  CHECK_MEMBER(r, "near", "[{\"label_conflict\":false,\"leakage\":true,\"rows\":[2,3],\"distance\":0.25}]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "near_info"), "match", "[\"y\"]");
  cJSON_Delete(r);

  /* one number alone ties too often to call rows near: no near search */
  r = fix_run(e, "duplicates", NULL, "{\"fields\":[\"a\"],\"threshold\":1.2}", &err);
  CHECK_MEMBER(r, "near_info", "null");
  CHECK_MEMBER(r, "near", "[]");
  cJSON_Delete(r);

  /* a category only: one large group, no near search; the limit lists 1 of 2 */
  r = fix_run(e, "duplicates", NULL, "{\"fields\":[\"c\"],\"limit\":1}", &err);
  CHECK_MEMBER(r, "exact", "[[0,1,2,3,4,5,6,8,9]]");
  CHECK_MEMBER(r, "near_info", "null");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "counts"), "exact_groups", "2");
  cJSON_Delete(r);

  /* near off; and under a filter only the selected rows count */
  r = fix_run(e, "duplicates", NULL, "{\"near\":false}", &err);
  CHECK_MEMBER(r, "near_info", "null");
  cJSON_Delete(r);
  r = fix_run(e, "duplicates", "{\"rows\":[0,2,3,7]}", "{\"threshold\":1.2}", &err);
  CHECK_MEMBER(r, "rows", "4");
  CHECK_MEMBER(r, "exact", "[]");
  /* nearest: 10, .25, .25 -> median .25, radius .3: (2, 3) */
  CHECK_NEAR(NUM(cJSON_GetObjectItem(r, "near_info"), "median_nn_distance"), 0.25, 1e-15);
  CHECK_MEMBER(cJSON_GetObjectItem(r, "counts"), "near_pairs", "1");
  cJSON_Delete(r);

  /* no label, no split column: no flags raised */
  e->table->cols[2].role = SF_ROLE_FEATURE;
  e->table->cols[3].role = SF_ROLE_FEATURE;
  r = fix_run(e, "duplicates", NULL, "{\"fields\":[\"a\",\"c\"]}", &err);
  CHECK_MEMBER(r, "label", "null");
  CHECK_MEMBER(r, "exact_flags", "[{\"label_conflict\":false,\"leakage\":false},{\"label_conflict\":false,\"leakage\":false}]");
  cJSON_Delete(r);
  e->table->cols[2].role = SF_ROLE_LABEL;
  e->table->cols[3].role = SF_ROLE_SPLIT;

  CHECK_STR(err_of(e, "{\"threshold\":-1}"), "config.threshold: must be a number from 0 to 1000");
  CHECK_STR(err_of(e, "{\"fields\":[\"zz\"]}"), "config.fields[0]: no column named 'zz'");

  /* out of memory at every allocation: an error, no crash, no leak (ASan) */
  CHECK(fix_oom_sweep(e, "duplicates", NULL, "{\"threshold\":30,\"k\":1}") > 10);
  fix_oom_sweep(e, "duplicates", NULL, "{\"fields\":[\"c\"]}");
  sf_close(e);
  return test_report("test_duplicates");
}
