/* test_selection.c — predicate trees into row bitmaps (wasm/src/selection.c). */
#include "kernel_fixture.h"

/* The selected row ids as "0,2,6", or "ERR: message". */
static const char *sel(const sf_table *t, const char *filter) {
  static char buf[600];
  cJSON *f = filter ? cJSON_Parse(filter) : NULL;
  sf_bitmap b = {0};
  sf_error err = {0};
  size_t i, n = 0;
  buf[0] = 0;
  if (filter && !f) return "ERR: test filter is not JSON";
  if (sf_select(t, f, &b, &err)) {
    snprintf(buf, sizeof buf, "ERR: %s", err.msg);
  } else {
    for (i = 0; i < b.nbits; i++)
      if (sf_bitmap_get(&b, i)) n += (size_t)snprintf(buf + n, sizeof buf - n, n ? ",%zu" : "%zu", i);
  }
  sf_bitmap_free(&b);
  cJSON_Delete(f);
  return buf;
}

static const char *check(const char *pred) {
  static char buf[600];
  cJSON *f = cJSON_Parse(pred);
  sf_error err = {0};
  snprintf(buf, sizeof buf, "%s", sf_predicate_check(f, "filters[0]", &err) ? err.msg : "ok");
  cJSON_Delete(f);
  return buf;
}

int main(void) {
  sf_table *t;
  char deep[1024];
  int i, n = 0;
  sf_json_init();
  t = fix_table();

  /* in: strings, numbers, bools, null = missing */
  CHECK_STR(sel(t, NULL), "0,1,2,3,4,5,6,7,8,9");
  CHECK_STR(sel(t, "null"), "0,1,2,3,4,5,6,7,8,9");
  CHECK_STR(sel(t, "{\"field\":\"c\",\"in\":[\"a\"]}"), "0,2,6,8");
  CHECK_STR(sel(t, "{\"field\":\"c\",\"in\":[\"a\",null]}"), "0,2,3,6,8");
  CHECK_STR(sel(t, "{\"field\":\"c\",\"in\":[\"zzz\"]}"), "");
  CHECK_STR(sel(t, "{\"field\":\"c\",\"in\":[]}"), "");
  CHECK_STR(sel(t, "{\"field\":\"x\",\"in\":[2,10]}"), "1,5,7");
  CHECK_STR(sel(t, "{\"field\":\"x\",\"in\":[null]}"), "2");
  CHECK_STR(sel(t, "{\"field\":\"f\",\"in\":[true]}"), "0,3,4,7,9");
  CHECK_STR(sel(t, "{\"field\":\"f\",\"in\":[\"false\",null]}"), "1,2,5,6,8");
  CHECK_STR(sel(t, "{\"field\":\"s\",\"in\":[\"t5\",\"t9\"]}"), "5,9");
  /* range: closed, numbers, missing never matches */
  CHECK_STR(sel(t, "{\"field\":\"x\",\"range\":[2,4]}"), "1,3,5,9");
  CHECK_STR(sel(t, "{\"field\":\"x\",\"range\":[-1e308,1e308]}"), "0,1,3,4,5,6,7,8,9");
  /* rows, and, or, not */
  CHECK_STR(sel(t, "{\"rows\":[9,0,3,0]}"), "0,3,9");
  CHECK_STR(sel(t, "{\"and\":[{\"field\":\"x\",\"range\":[0,5]},{\"not\":{\"field\":\"c\",\"in\":[\"b\"]}}]}"),
            "0,3,4,8,9");
  CHECK_STR(sel(t, "{\"or\":[{\"rows\":[7]},{\"field\":\"s\",\"in\":[\"t0\"]}]}"), "0,7");
  CHECK_STR(sel(t, "{\"and\":[]}"), "0,1,2,3,4,5,6,7,8,9");
  CHECK_STR(sel(t, "{\"or\":[]}"), "");
  CHECK_STR(sel(t, "{\"not\":{\"rows\":[0,1,2,3,4,5,6,7,8]}}"), "9");
  /* "source" is allowed at the top and on a top-level and's clauses only */
  CHECK_STR(sel(t, "{\"field\":\"c\",\"in\":[\"a\"],\"source\":\"h1\"}"), "0,2,6,8");
  CHECK_STR(sel(t, "{\"and\":[{\"field\":\"c\",\"in\":[\"a\"],\"source\":\"h1\"},{\"rows\":[0,1]}]}"), "0");
  CHECK_STR(sel(t, "{\"not\":{\"field\":\"c\",\"in\":[\"a\"],\"source\":\"h1\"}}"),
            "ERR: filter.not.source: unknown key");

  /* errors name the path */
  CHECK_STR(sel(t, "{\"and\":[{\"rows\":[0]},{\"field\":\"zz\",\"in\":[1]}]}"),
            "ERR: filter.and[1].field: no column named 'zz'");
  CHECK_STR(sel(t, "{\"field\":\"x\",\"in\":[1,\"a\"]}"),
            "ERR: filter.in[1]: must be a number or null (column 'x' holds numbers)");
  CHECK_STR(sel(t, "{\"field\":\"c\",\"in\":[1]}"),
            "ERR: filter.in[0]: must be a string or null (column 'c' holds category)");
  CHECK_STR(sel(t, "{\"field\":\"f\",\"in\":[\"yes\"]}"),
            "ERR: filter.in[0]: must be true, false or null (column 'f' holds booleans)");
  CHECK_STR(sel(t, "{\"field\":\"c\",\"range\":[0,1]}"),
            "ERR: filter.range: column 'c' holds category; a range needs numbers");
  CHECK_STR(sel(t, "{\"field\":\"x\",\"range\":[3,1]}"), "ERR: filter.range: lo must not be greater than hi");
  CHECK_STR(sel(t, "{\"field\":\"x\",\"range\":[1]}"), "ERR: filter.range: must be [lo, hi], two numbers");
  CHECK_STR(sel(t, "{\"or\":[{\"rows\":[10]}]}"), "ERR: filter.or[0].rows[0]: row 10 is out of range (the table has 10 rows)");
  CHECK_STR(sel(t, "{\"rows\":[1.5]}"), "ERR: filter.rows[0]: must be a row id (an integer from 0)");
  CHECK_STR(sel(t, "{\"field\":\"x\",\"in\":[1],\"bogus\":1}"), "ERR: filter.bogus: unknown key");
  CHECK(strstr(sel(t, "{\"field\":\"x\"}"), "ERR: filter: must be exactly one of") != NULL);
  CHECK(strstr(sel(t, "{\"rows\":[1],\"not\":{\"rows\":[1]}}"), "ERR: filter: must be exactly one of") != NULL);
  CHECK_STR(sel(t, "{\"and\":{}}"), "ERR: filter.and: must be an array of predicates");
  CHECK_STR(sel(t, "{\"and\":[null]}"), "ERR: filter.and[0]: must be a predicate object");
  CHECK_STR(sel(t, "[1]"), "ERR: filter: must be a predicate object");
  /* depth limit: 64 levels are fine, 65 are not */
  for (i = 0; i < 64; i++) n += snprintf(deep + n, sizeof deep - (size_t)n, "{\"not\":");
  n += snprintf(deep + n, sizeof deep - (size_t)n, "{\"rows\":[1]}");
  for (i = 0; i < 64; i++) n += snprintf(deep + n, sizeof deep - (size_t)n, "}");
  CHECK_STR(sel(t, deep), "1");
  memmove(deep + 7, deep, strlen(deep) + 1);
  memcpy(deep, "{\"not\":", 7);
  strcat(deep, "}");
  CHECK(strstr(sel(t, deep), "filter nested deeper than 64 levels") != NULL);

  /* shape checks without a table (spec validation) */
  CHECK_STR(check("{\"field\":\"anything\",\"in\":[1,\"a\",null],\"source\":\"cm\"}"), "ok");
  CHECK_STR(check("{\"field\":1,\"in\":[1]}"), "filters[0].field: must be a column name (a string)");
  CHECK_STR(check("{\"field\":\"a\",\"in\":[[1]]}"), "filters[0].in[0]: must be a number, string, boolean or null");
  CHECK_STR(check("{\"field\":\"a\",\"range\":[0,1],\"source\":7}"), "filters[0].source: must be a component id (a string)");

  sf_table_free(t);
  return test_report("test_selection");
}
