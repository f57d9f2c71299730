/* test_table_kernel.c — components/table/kernel.c: paging, sorting, values. */
#include "kernel_fixture.h"

static char *rows_of(const cJSON *r) { return cJSON_PrintUnformatted(cJSON_GetObjectItem(r, "rows")); }

/* The row ids of a result, "3,1,0". */
static const char *ids(const cJSON *r) {
  static char buf[200];
  const cJSON *o;
  size_t n = 0;
  buf[0] = 0;
  cJSON_ArrayForEach(o, cJSON_GetObjectItem(r, "rows"))
    n += (size_t)snprintf(buf + n, sizeof buf - n, n ? ",%g" : "%g", NUM(o, "row"));
  return buf;
}

int main(void) {
  sf_engine *e;
  sf_table *t;
  sf_error err;
  cJSON *r;
  char *s;
  e = fix_engine();
  t = e->table;

  r = fix_run(e, "table", "{\"field\":\"c\",\"in\":[\"a\",null]}", "{\"fields\":[\"x\",\"c\",\"f\",\"s\"]}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "count", "5");
  CHECK_MEMBER(r, "offset", "0");
  CHECK_MEMBER(r, "fields", "[\"x\",\"c\",\"f\",\"s\"]");
  s = rows_of(r);
  CHECK_STR(s, "[{\"row\":0,\"values\":[1.5,\"a\",true,\"t0\"]},{\"row\":2,\"values\":[null,\"a\",null,\"t2\"]},"
               "{\"row\":3,\"values\":[4,null,true,\"t3\"]},{\"row\":6,\"values\":[-1,\"a\",false,\"t6\"]},"
               "{\"row\":8,\"values\":[0.1,\"a\",false,\"t8\"]}]");
  free(s);
  cJSON_Delete(r);

  /* default: all fields, 100 rows; offset/limit page through the selection */
  r = fix_run(e, "table", NULL, NULL, &err);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "fields")) == 8);
  CHECK_STR(ids(r), "0,1,2,3,4,5,6,7,8,9");
  cJSON_Delete(r);
  r = fix_run(e, "table", "{\"not\":{\"rows\":[1]}}", "{\"offset\":2,\"limit\":3,\"fields\":[]}", &err);
  CHECK_MEMBER(r, "count", "9");
  CHECK_MEMBER(r, "offset", "2");
  CHECK_STR(ids(r), "3,4,5");
  cJSON_Delete(r);
  r = fix_run(e, "table", NULL, "{\"offset\":20}", &err);
  CHECK_STR(ids(r), "");
  cJSON_Delete(r);

  /* sort: numbers, missing last either way, ties in file order */
  r = fix_run(e, "table", NULL, "{\"sort\":{\"field\":\"x\"},\"fields\":[\"x\"]}", &err);
  CHECK_STR(ids(r), "6,8,0,1,5,9,3,4,7,2");
  cJSON_Delete(r);
  r = fix_run(e, "table", NULL, "{\"sort\":{\"field\":\"x\",\"desc\":true},\"fields\":[\"x\"],\"limit\":4}", &err);
  CHECK_STR(ids(r), "7,4,3,9");
  cJSON_Delete(r);
  r = fix_run(e, "table", NULL, "{\"sort\":{\"field\":\"x\",\"desc\":true},\"offset\":8}", &err);
  CHECK_STR(ids(r), "6,2");
  cJSON_Delete(r);
  /* strings byte-wise, bools false < true */
  r = fix_run(e, "table", NULL, "{\"sort\":{\"field\":\"c\",\"desc\":true}}", &err);
  CHECK_STR(ids(r), "4,9,1,5,7,0,2,6,8,3");
  cJSON_Delete(r);
  r = fix_run(e, "table", "{\"rows\":[0,1,2,3]}", "{\"sort\":{\"field\":\"f\"}}", &err);
  CHECK_STR(ids(r), "1,0,3,2");
  cJSON_Delete(r);

  /* errors */
  r = fix_run(e, "table", NULL, "{\"limit\":1001}", &err);
  CHECK(r == NULL);
  CHECK_STR(err.msg, "config.limit: must be an integer from 0 to 1000");
  fix_run(e, "table", NULL, "{\"offset\":-1}", &err);
  CHECK_STR(err.msg, "config.offset: must be an integer from 0 to 2147483647");
  fix_run(e, "table", NULL, "{\"sort\":{\"field\":\"nope\"}}", &err);
  CHECK_STR(err.msg, "config.sort.field: no column named 'nope'");
  fix_run(e, "table", NULL, "{\"sort\":{\"desc\":true}}", &err);
  CHECK_STR(err.msg, "config.sort.field: is required");
  fix_run(e, "table", NULL, "{\"sort\":{\"field\":\"x\",\"order\":1}}", &err);
  CHECK_STR(err.msg, "config.sort.order: unknown key (allowed: field, desc)");
  fix_run(e, "table", NULL, "{\"sort\":{\"field\":\"x\",\"desc\":1}}", &err);
  CHECK_STR(err.msg, "config.sort.desc: must be a boolean");
  fix_run(e, "table", NULL, "{\"fields\":[\"x\",3]}", &err);
  CHECK_STR(err.msg, "config.fields[1]: must be a string");
  fix_run(e, "table", NULL, "{\"rows\":3}", &err);
  CHECK_STR(err.msg, "config.rows: unknown key (allowed: fields, offset, limit, sort)");

  /* out of memory at every allocation: an error, no crash, no leak */
  fix_oom_sweep(e, "table", "{\"or\":[{\"rows\":[1,2]},{\"field\":\"x\",\"range\":[0,3]}]}", "{\"sort\":{\"field\":\"c\"}}");
  fix_oom_sweep(e, "table", NULL, "{\"limit\":3}");

  sf_close(e);
  return test_report("test_table_kernel");
}
