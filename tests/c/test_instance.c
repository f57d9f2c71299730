/* test_instance.c — components/instance/kernel.c on a small hand-built table:
 * paging over the selected rows (file order), every field's value, the image-role
 * columns named, pixel groups found (or refused) and gathered per row with their
 * range over the whole table, config errors, and allocation failure. */
#include "kernel_fixture.h"

#define IROWS 5
static const double iid[IROWS] = {0, 1, 2, 3, 4};
static const char *const iname[IROWS] = {"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", NULL, "d", "e"};
static const char *const iimg[IROWS] = {"https://example.org/a.png", "javascript:alert(1)", NULL, "data:image/png;base64,AA", "http://x/y.png"};
/* px0..px3 (a 2x2 group); row 4 holds the table's extremes; row 2 misses px1 */
static const double ipx[4][IROWS] = {{0, 1, 2, 3, -7}, {4, 5, NAN, 7, 8}, {1, 1, 1, 1, 1}, {2, 2, 2, 2, 99}};

/* Columns: id, name (text), img (text, role image), px0..px3, pixel_1..pixel_5 (5: not a
 * square), gap0 gap2 (a gap), p_0..p_3 (role score: never a picture), emb_0..emb_3
 * (a square, but not named as pixels). */
static sf_engine *inst_engine(void) {
  sf_table *t = sf_table_new();
  sf_column *c;
  char name[16];
  int k;
  t->nrows = IROWS;
  sf_table_add_column(t, "id", SF_NUMBER, IROWS, &c, NULL);
  fix_numbers(c, iid, IROWS);
  c->role = SF_ROLE_ID;
  sf_table_add_column(t, "name", SF_TEXT, IROWS, &c, NULL);
  fix_strings(c, iname, IROWS);
  sf_table_add_column(t, "img", SF_TEXT, IROWS, &c, NULL);
  fix_strings(c, iimg, IROWS);
  c->role = SF_ROLE_IMAGE;
  for (k = 0; k < 4; k++) {
    snprintf(name, sizeof name, "px%d", k);
    sf_table_add_column(t, name, SF_NUMBER, IROWS, &c, NULL);
    fix_numbers(c, ipx[k], IROWS);
  }
  for (k = 1; k <= 5; k++) {
    snprintf(name, sizeof name, "pixel_%d", k);
    sf_table_add_column(t, name, SF_NUMBER, IROWS, &c, NULL);
    fix_numbers(c, ipx[k % 4], IROWS);
  }
  for (k = 0; k <= 2; k += 2) {
    snprintf(name, sizeof name, "gap%d", k);
    sf_table_add_column(t, name, SF_NUMBER, IROWS, &c, NULL);
    fix_numbers(c, iid, IROWS);
  }
  for (k = 0; k < 4; k++) {
    snprintf(name, sizeof name, "p_%d", k);
    sf_table_add_column(t, name, SF_NUMBER, IROWS, &c, NULL);
    fix_numbers(c, ipx[2], IROWS);
    c->role = SF_ROLE_SCORE;
  }
  for (k = 0; k < 4; k++) {
    snprintf(name, sizeof name, "emb_%d", k);
    sf_table_add_column(t, name, SF_NUMBER, IROWS, &c, NULL);
    fix_numbers(c, ipx[k], IROWS);
  }
  return fix_wrap(t);
}

static const char *err_of(sf_engine *e, const char *config) {
  static char buf[600];
  sf_error err;
  cJSON *r = fix_run(e, "instance", NULL, config, &err);
  snprintf(buf, sizeof buf, "%s", r ? "ok" : err.msg);
  cJSON_Delete(r);
  return buf;
}

int main(void) {
  sf_engine *e = inst_engine();
  sf_error err;
  cJSON *r;

  /* default: the first selected row, every field; px0..px3 found as 2x2 with the range
   * over every row (row 4's -7 and 99); the other groups are not pictures by default */
  r = fix_run(e, "instance", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "5");
  CHECK_MEMBER(r, "offset", "0");
  CHECK_MEMBER(r, "fields", "[\"id\",\"name\",\"img\",\"px0\",\"px1\",\"px2\",\"px3\",\"pixel_1\",\"pixel_2\","
                            "\"pixel_3\",\"pixel_4\",\"pixel_5\",\"gap0\",\"gap2\",\"p_0\",\"p_1\",\"p_2\",\"p_3\","
                            "\"emb_0\",\"emb_1\",\"emb_2\",\"emb_3\"]");
  CHECK_MEMBER(r, "images", "[\"img\"]");
  CHECK_MEMBER(r, "pixels", "[{\"prefix\":\"px\",\"fields\":[\"px0\",\"px1\",\"px2\",\"px3\"],\"width\":2,"
                            "\"height\":2,\"min\":-7,\"max\":99}]");
  CHECK_MEMBER(r, "rows", "[{\"row\":0,\"values\":[0,\"<script>alert(1)</script>\",\"https://example.org/a.png\","
                          "0,4,1,2,4,1,2,0,4,0,0,1,1,1,1,0,4,1,2],\"pixels\":[[0,4,1,2]]}]");
  cJSON_Delete(r);

  /* a page of the selected rows in file order: rows 1, 2, 4 selected; offset 1, limit 2;
   * a missing pixel is null; a missing text is null */
  r = fix_run(e, "instance", "{\"rows\":[4,1,2]}", "{\"offset\":1,\"limit\":2}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "3");
  CHECK_MEMBER(r, "offset", "1");
  CHECK_MEMBER(r, "rows", "[{\"row\":2,\"values\":[2,null,null,2,null,1,2,null,1,2,2,null,2,2,1,1,1,1,2,null,1,2],"
                          "\"pixels\":[[2,null,1,2]]},"
                          "{\"row\":4,\"values\":[4,\"e\",\"http://x/y.png\",-7,8,1,99,8,1,99,-7,8,4,4,1,1,1,1,-7,8,1,99],"
                          "\"pixels\":[[-7,8,1,99]]}]");
  cJSON_Delete(r);
  /* past the end: no rows, the count still said */
  r = fix_run(e, "instance", "{\"rows\":[0,1]}", "{\"offset\":2}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "2");
  CHECK_MEMBER(r, "rows", "[]");
  cJSON_Delete(r);
  r = fix_run(e, "instance", "{\"not\":{\"rows\":[0,1,2,3,4]}}", NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "0");
  CHECK_MEMBER(r, "rows", "[]");
  cJSON_Delete(r);

  /* a chosen group: pixel_1..pixel_5 (numbered from 1) as 5 wide; emb_ (not named as
   * pixels) as a square when asked; the auto group is then not drawn */
  r = fix_run(e, "instance", NULL, "{\"pixels\":{\"prefix\":\"pixel_\",\"width\":5}}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "pixels", "[{\"prefix\":\"pixel_\",\"fields\":[\"pixel_1\",\"pixel_2\",\"pixel_3\",\"pixel_4\","
                            "\"pixel_5\"],\"width\":5,\"height\":1,\"min\":-7,\"max\":99}]");
  CHECK_MEMBER(r, "rows", "[{\"row\":0,\"values\":[0,\"<script>alert(1)</script>\",\"https://example.org/a.png\","
                          "0,4,1,2,4,1,2,0,4,0,0,1,1,1,1,0,4,1,2],\"pixels\":[[4,1,2,0,4]]}]");
  cJSON_Delete(r);
  r = fix_run(e, "instance", NULL, "{\"pixels\":{\"prefix\":\"emb_\"}}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "pixels", "[{\"prefix\":\"emb_\",\"fields\":[\"emb_0\",\"emb_1\",\"emb_2\",\"emb_3\"],"
                            "\"width\":2,\"height\":2,\"min\":-7,\"max\":99}]");
  cJSON_Delete(r);

  /* a renamed role: px columns as scores are not a picture */
  e->table->cols[3].role = SF_ROLE_SCORE;
  r = fix_run(e, "instance", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "pixels", "[]");
  cJSON_Delete(r);
  e->table->cols[3].role = SF_ROLE_FEATURE;

  /* what cannot be drawn says why, naming the key */
  CHECK_STR(err_of(e, "{\"pixels\":{\"prefix\":\"pixel_\"}}"),
            "config.pixels.width: 5 columns 'pixel_<n>' are not a square; give the width");
  CHECK_STR(err_of(e, "{\"pixels\":{\"prefix\":\"pixel_\",\"width\":2}}"),
            "config.pixels.width: 5 columns 'pixel_<n>' do not fill rows of 2");
  CHECK_STR(err_of(e, "{\"pixels\":{\"prefix\":\"gap\"}}"),
            "config.pixels.prefix: the columns 'gap<n>' must be numbered 0, 1, 2, ... (or from 1) without gaps or repeats");
  CHECK_STR(err_of(e, "{\"pixels\":{\"prefix\":\"p_\"}}"),
            "config.pixels.prefix: no numeric feature columns are named 'p_' followed by a number");
  CHECK_STR(err_of(e, "{\"pixels\":{\"prefix\":\"name\"}}"),
            "config.pixels.prefix: no numeric feature columns are named 'name' followed by a number");
  CHECK_STR(err_of(e, "{\"limit\":0}"), "config.limit: must be an integer from 1 to 50");
  CHECK_STR(err_of(e, "{\"limit\":51}"), "config.limit: must be an integer from 1 to 50");
  CHECK_STR(err_of(e, "{\"pixels\":{\"width\":2}}"), "config.pixels.prefix: is required");

  /* out of memory at every allocation: an error, no crash, no leak (ASan) */
  CHECK(fix_oom_sweep(e, "instance", NULL, "{\"limit\":3}") > 10);
  fix_oom_sweep(e, "instance", "{\"rows\":[1,3]}", "{\"pixels\":{\"prefix\":\"pixel_\",\"width\":5}}");
  sf_close(e);
  return test_report("test_instance");
}
