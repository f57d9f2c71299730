/* test_jstext.c — wasm/src/jstext.c: numbers, strings, paths and key order
 * written exactly as JavaScript writes them. */
#include "internal.h"
#include "test.h"

static const char *num(double v) {
  static char buf[40];
  sf_js_number(v, buf, sizeof buf);
  return buf;
}

int main(void) {
  char buf[200];
  const cJSON **m = NULL;
  size_t n = 0;
  sf_error err = {0};
  cJSON *o;
  sf_json_init();
  /* String(v) */
  CHECK_STR(num(0), "0");
  CHECK_STR(num(-0.0), "0");
  CHECK_STR(num(1000), "1000");
  CHECK_STR(num(2147483647), "2147483647");
  CHECK_STR(num(-1.5), "-1.5");
  CHECK_STR(num(0.1), "0.1");
  CHECK_STR(num(0.30000000000000004), "0.30000000000000004");
  CHECK_STR(num(1e21), "1e+21");
  CHECK_STR(num(123456789012345680000.0), "123456789012345680000");
  CHECK_STR(num(1.5e300), "1.5e+300");
  CHECK_STR(num(0.000001), "0.000001");
  CHECK_STR(num(1e-7), "1e-7");
  CHECK_STR(num(-2.5e-8), "-2.5e-8");
  /* JSON.stringify(s) */
  sf_js_quote(buf, 0, sizeof buf, "a\"b\\c\n\t\x01\xc3\xa9");
  CHECK_STR(buf, "\"a\\\"b\\\\c\\n\\t\\u0001\xc3\xa9\"");
  /* join() */
  sf_js_join(buf, sizeof buf, "components", "h1", 0);
  CHECK_STR(buf, "components.h1");
  sf_js_join(buf, sizeof buf, "components.t", "a b", 0);
  CHECK_STR(buf, "components.t.\"a b\"");
  sf_js_join(buf, sizeof buf, "", "1x", 0);
  CHECK_STR(buf, "\"1x\"");
  sf_js_join(buf, sizeof buf, "", "", 0);
  CHECK_STR(buf, "\"\"");
  sf_js_join(buf, sizeof buf, "components.t.fields", NULL, 2);
  CHECK_STR(buf, "components.t.fields[2]");
  /* UTF-16 length */
  CHECK(sf_js_length("ab") == 2 && sf_js_length("\xc3\xa9") == 1 && sf_js_length("\xf0\x9f\x98\x80") == 2);
  /* Object.keys order: array indices ascending, then the rest as written */
  o = cJSON_Parse("{\"b\":1,\"10\":2,\"a\":3,\"2\":4,\"01\":5,\"4294967295\":6,\"0\":7}");
  CHECK(sf_js_members(o, &m, &n, &err) == SF_OK && n == 7);
  if (n == 7) {
    const char *want[] = {"0", "2", "10", "b", "a", "01", "4294967295"};
    size_t i;
    for (i = 0; i < 7; i++) CHECK_STR(m[i]->string, want[i]);
  }
  sf_free((void *)m);
  cJSON_Delete(o);
  return test_report("test_jstext");
}
