/* test_spec.c — wasm/src/spec.c: a spec parsed strictly and checked for shape. */
#include "internal.h"
#include "test.h"

/* "ok" or the error as "LINE:COL: message" / "message". */
static const char *spec(const char *text) {
  static char buf[700];
  sf_error err = {0};
  cJSON *s = sf_spec_parse(text, strlen(text), &err);
  if (s) snprintf(buf, sizeof buf, "ok");
  else sf_error_format(&err, buf, sizeof buf);
  cJSON_Delete(s);
  return buf;
}

int main(void) {
  sf_json_init();
  CHECK_STR(spec("{\"sinfonia\": 1}"), "ok");
  CHECK_STR(spec("{\"sinfonia\": 1, \"data\": {\"name\": \"p.csv\", \"rows\": 3, \"fingerprint\": \"x\"},"
                 " \"columns\": {\"species\": {\"role\": \"label\"}, \"p_A\": {\"role\": \"score\", \"class\": \"A\"},"
                 "  \"n\": {\"type\": \"category\"}},"
                 " \"filters\": [{\"field\": \"island\", \"in\": [\"Biscoe\"], \"source\": \"h1\"},"
                 "  {\"not\": {\"field\": \"x\", \"range\": [0, 1]}}],"
                 " \"components\": {\"cm\": {\"type\": \"confusion-matrix\"},"
                 "  \"h1\": {\"type\": \"histogram\", \"field\": \"bill\", \"bins\": 30, \"title\": \"Bills\"}},"
                 " \"layout\": {\"rows\": [{\"columns\": [\"cm\", \"h1\"]}]}}"),
            "ok");
  /* version */
  CHECK_STR(spec("{}"), "sinfonia: missing (a spec starts with \"sinfonia\": 1)");
  CHECK_STR(spec("{\"sinfonia\": 2}"),
            "sinfonia: this spec is version 2, newer than this build of Sinfonia (which reads version 1); "
            "open it with a newer Sinfonia");
  CHECK_STR(spec("{\"sinfonia\": \"1\"}"), "sinfonia: must be the spec version, 1");
  CHECK_STR(spec("{\"sinfonia\": 0.5}"), "sinfonia: must be the spec version, 1");
  /* shape */
  CHECK_STR(spec("[]"), "spec: must be a JSON object");
  CHECK_STR(spec("{\"sinfonia\": 1, \"vega\": {}}"),
            "vega: unknown key (a spec has sinfonia, data, columns, filters, components, layout)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"data\": 3}"), "data: must be an object");
  CHECK_STR(spec("{\"sinfonia\": 1, \"layout\": []}"), "layout: must be an object");
  CHECK_STR(spec("{\"sinfonia\": 1, \"columns\": {\"a\": {\"role\": \"boss\"}}}"),
            "columns.a.role: must be one of \"feature\", \"id\", \"label\", \"prediction\", \"score\", \"embedding\", \"text\", \"image\", \"group\", \"split\", \"time\"");
  CHECK_STR(spec("{\"sinfonia\": 1, \"columns\": {\"a\": {\"type\": \"date\"}}}"),
            "columns.a.type: must be one of \"number\", \"category\", \"text\", \"bool\"");
  CHECK_STR(spec("{\"sinfonia\": 1, \"columns\": {\"a\": {\"colour\": 1}}}"),
            "columns.a.colour: unknown key (allowed: type, role, class)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"columns\": {\"__proto__\": {}}}"), "columns.__proto__: the key \"__proto__\" is not allowed");
  CHECK_STR(spec("{\"sinfonia\": 1, \"filters\": {}}"), "filters: must be an array of predicates");
  CHECK_STR(spec("{\"sinfonia\": 1, \"filters\": [{\"field\": \"a\", \"in\": 3}]}"), "filters[0].in: must be an array of values");
  CHECK_STR(spec("{\"sinfonia\": 1, \"filters\": [{\"rows\": [0]}, {\"and\": [{\"rows\": [0], \"x\": 1}]}]}"),
            "filters[1].and[0].x: unknown key");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"h 1\": {\"type\": \"histogram\"}}}"),
            "components.\"h 1\": a component id is 1 to 64 letters, digits, \"_\" or \"-\"");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"constructor\": {\"type\": \"histogram\"}}}"),
            "components.constructor: the key \"constructor\" is not allowed");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"h1\": {\"field\": \"x\"}}}"),
            "components.h1.type: is required (the component type)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"h1\": {\"type\": \"pie\"}}}"),
            "components.h1.type: unknown component type \"pie\" (known: confusion-matrix, histogram, summary, table)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"h1\": []}}"), "components.h1: must be an object with a \"type\"");
  /* strict syntax, with positions */
  CHECK(strncmp(spec("{\"sinfonia\": 1,\n \"sinfonia\": 1}"), "2:2: ", 5) == 0);
  CHECK(strncmp(spec("{\"sinfonia\": 1,\n  }"), "2:3: ", 5) == 0);
  {
    char deep[300];
    int i, n = snprintf(deep, sizeof deep, "{\"sinfonia\": 1, \"layout\": ");
    for (i = 0; i < 70; i++) deep[n++] = '[';
    for (i = 0; i < 70; i++) deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = 0;
    CHECK(strcmp(spec(deep), "ok") != 0);
  }
  return test_report("test_spec");
}
