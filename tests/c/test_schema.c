/* test_schema.c — wasm/src/schema.c: each kind of config mistake gets web/validate.js's
 * message, path and order of checks; the component checks (id, type, common keys)
 * and the guards every spec value gets (sanitize()). */
#include "internal.h"
#include "test.h"
#include "component_folders.h"
#include <stdlib.h>

/* "ok" or the message of sf_schema_check(value, schema, path). */

/* The message for an unknown type "pie" in component `id`: every folder is named. */
static const char *unknown_pie(const char *id) {
  static char msg[2048];
  char known[1024];
  component_folders(known, sizeof known);
  snprintf(msg, sizeof msg, "components.%s.type: unknown component type \"pie\" (known: %s)", id, known);
  return msg;
}

static const char *check(const char *value, const char *schema, const char *path) {
  static char buf[600];
  sf_error err = {0};
  cJSON *v = cJSON_Parse(value), *s = cJSON_Parse(schema);
  snprintf(buf, sizeof buf, "%s", sf_schema_check(v, s, path, &err) ? err.msg : "ok");
  cJSON_Delete(v);
  cJSON_Delete(s);
  return buf;
}

/* "ok" or the message of sf_component_check on a spec's component object. */
static const char *comp(const char *value) {
  static char buf[600];
  sf_error err = {0};
  cJSON *v = cJSON_Parse(value);
  snprintf(buf, sizeof buf, "%s", sf_component_check(v, "components.c1", NULL, &err) ? err.msg : "ok");
  cJSON_Delete(v);
  return buf;
}

static const char *guard(const char *value) {
  static char buf[600];
  sf_error err = {0};
  cJSON *v = cJSON_Parse(value);
  snprintf(buf, sizeof buf, "%s", sf_json_guard(v, "", &err) ? err.msg : "ok");
  cJSON_Delete(v);
  return buf;
}

static void test_check(void) {
  /* type: one, several, numbers described with their range */
  CHECK_STR(check("1", "{\"type\":\"string\"}", "a"), "a: must be a string");
  CHECK_STR(check("\"x\"", "{\"type\":[\"string\",\"number\"]}", "a"), "ok");
  CHECK_STR(check("true", "{\"type\":[\"string\",\"number\"]}", "a"), "a: must be a string or a number");
  CHECK_STR(check("{}", "{\"type\":[\"array\",\"integer\"]}", "a"), "a: must be an array or an integer");
  CHECK_STR(check("2.5", "{\"type\":\"integer\",\"minimum\":1,\"maximum\":1000}", "b"), "b: must be an integer from 1 to 1000");
  CHECK_STR(check("\"9\"", "{\"type\":\"integer\",\"minimum\":1}", "b"), "b: must be an integer of at least 1");
  CHECK_STR(check("2.0", "{\"type\":\"integer\"}", "b"), "ok"); /* 2.0 is 2 in JavaScript */
  /* range: integer when the value is one and the schema allows integers */
  CHECK_STR(check("0", "{\"type\":\"integer\",\"minimum\":1,\"maximum\":1000}", "b"), "b: must be an integer from 1 to 1000");
  CHECK_STR(check("-0.5", "{\"type\":\"number\",\"maximum\":0.25}", "b"), "ok");
  CHECK_STR(check("0.5", "{\"type\":\"number\",\"maximum\":0.25}", "b"), "b: must be a number of at most 0.25");
  CHECK_STR(check("1e30", "{\"type\":\"number\",\"maximum\":1e21}", "b"), "b: must be a number of at most 1e+21");
  CHECK_STR(check("0.5", "{\"minimum\":1e-7}", "b"), "ok");
  CHECK_STR(check("1e-8", "{\"minimum\":1e-7}", "b"), "b: must be a number of at least 1e-7");
  /* const and enum come first, written as JSON */
  CHECK_STR(check("1", "{\"const\":\"histogram\",\"type\":\"integer\"}", "t"), "t: must be \"histogram\"");
  CHECK_STR(check("\"d\"", "{\"enum\":[\"a\",1,true,null]}", "e"), "e: must be one of \"a\", 1, true, null");
  CHECK_STR(check("1", "{\"enum\":[\"a\",1,true,null]}", "e"), "ok");
  /* strings count UTF-16 code units, as JavaScript does */
  CHECK_STR(check("\"ab\"", "{\"maxLength\":1}", "s"), "s: must be at most 1 characters");
  CHECK_STR(check("\"\xc3\xa9\xe2\x82\xac\"", "{\"maxLength\":2}", "s"), "ok");
  CHECK_STR(check("\"\xf0\x9f\x98\x80\"", "{\"maxLength\":1}", "s"), "s: must be at most 1 characters");
  /* arrays: sizes, then each item with its index */
  CHECK_STR(check("[]", "{\"minItems\":1}", "l"), "l: must have at least 1 items");
  CHECK_STR(check("[1,2,3]", "{\"maxItems\":2,\"items\":{\"type\":\"string\"}}", "l"), "l: must have at most 2 items");
  CHECK_STR(check("[\"a\",\"b\",3]", "{\"items\":{\"type\":\"string\"}}", "c.fields"), "c.fields[2]: must be a string");
  /* objects: required first, then members in JavaScript's order */
  CHECK_STR(check("{\"b\":1}", "{\"required\":[\"a\"],\"properties\":{\"a\":{},\"b\":{\"type\":\"string\"}}}", "o"),
            "o.a: is required");
  CHECK_STR(check("{\"b\":1,\"x\":2}", "{\"properties\":{\"a\":{},\"b\":{\"type\":\"string\"}},\"additionalProperties\":false}", "o"),
            "o.b: must be a string");
  CHECK_STR(check("{\"x\":2,\"1\":3}", "{\"properties\":{\"a\":{},\"b\":{}},\"additionalProperties\":false}", "o"),
            "o.\"1\": unknown key (allowed: a, b)"); /* "1" is an array index: JavaScript lists it first */
  CHECK_STR(check("{\"x\":2}", "{\"additionalProperties\":false}", "o"), "o.x: unknown key");
  CHECK_STR(check("{\"x\":2}", "{\"additionalProperties\":{\"type\":\"string\"}}", "o"), "o.x: must be a string");
  CHECK_STR(check("{\"s\":{\"desc\":1}}", "{\"properties\":{\"s\":{\"properties\":{\"desc\":{\"type\":\"boolean\"}}}}}", "t"),
            "t.s.desc: must be a boolean");
  /* odd keys are quoted in paths as join() quotes them */
  CHECK_STR(check("{\"a b\":1,\"c\\\"\":2}", "{\"additionalProperties\":{\"type\":\"string\"}}", "o"),
            "o.\"a b\": must be a string");
  CHECK_STR(check("{\"c\\\"\\n\":2}", "{\"additionalProperties\":{\"type\":\"string\"}}", ""),
            "\"c\\\"\\n\": must be a string");
  CHECK_STR(check("{\"_a-1\":2}", "{\"additionalProperties\":{\"type\":\"string\"}}", "o"), "o._a-1: must be a string");
}

static void test_components(void) {
  CHECK_STR(comp("{\"type\":\"histogram\",\"field\":\"x\"}"), "ok");
  CHECK_STR(comp("[]"), "components.c1: must be an object with a \"type\"");
  CHECK_STR(comp("{\"field\":\"x\"}"), "components.c1.type: is required (the component type)");
  CHECK_STR(comp("{\"type\":3}"), "components.c1.type: is required (the component type)");
  CHECK_STR(comp("{\"type\":\"pie\"}"),
            unknown_pie("c1"));
  /* the common keys: title (at most 200 characters) and note (at most 10000), before the config */
  CHECK_STR(comp("{\"type\":\"histogram\",\"bins\":0,\"title\":5}"), "components.c1.title: must be a string");
  CHECK_STR(comp("{\"type\":\"histogram\",\"note\":null}"), "components.c1.note: must be a string");
  {
    char big[400];
    snprintf(big, sizeof big, "{\"type\":\"summary\",\"title\":\"%0201d\"}", 0);
    CHECK_STR(comp(big), "components.c1.title: must be at most 200 characters");
    snprintf(big, sizeof big, "{\"type\":\"summary\",\"title\":\"%0200d\"}", 0);
    CHECK_STR(comp(big), "ok");
  }
  /* the config against the component's schema.json */
  CHECK_STR(comp("{\"type\":\"histogram\",\"title\":\"t\",\"note\":\"n\"}"), "components.c1.field: is required");
  CHECK_STR(comp("{\"type\":\"histogram\",\"field\":\"x\",\"bins\":1001}"),
            "components.c1.bins: must be an integer from 1 to 1000");
  CHECK_STR(comp("{\"type\":\"table\",\"sort\":{\"field\":\"x\",\"up\":true}}"),
            "components.c1.sort.up: unknown key (allowed: field, desc)");
  CHECK_STR(comp("{\"type\":\"table\",\"sort\":{}}"), "components.c1.sort.field: is required");
  CHECK_STR(comp("{\"type\":\"confusion-matrix\",\"labels\":[\"a\",{}]}"),
            "components.c1.labels[1]: must be a string or a number");
  CHECK_STR(comp("{\"type\":\"summary\",\"fields\":[\"a\",1]}"), "components.c1.fields[1]: must be a string");
}

static void test_guard(void) {
  char *big = malloc(10010);
  CHECK_STR(guard("{\"a\":[1,{\"b\":\"x\"}]}"), "ok");
  CHECK_STR(guard("{\"a\":[1,{\"__proto__\":1}]}"), "a[1].__proto__: the key \"__proto__\" is not allowed");
  CHECK_STR(guard("{\"components\":{\"constructor\":{}}}"), "components.constructor: the key \"constructor\" is not allowed");
  memset(big, 'x', 10010);
  memcpy(big, "{\"n\":\"", 6);
  memcpy(big + 10007, "\"}", 3);
  CHECK_STR(guard(big), "n: string is longer than 10000 characters");
  free(big);
}

int main(void) {
  sf_json_init();
  test_check();
  test_components();
  test_guard();
  return test_report("test_schema");
}
