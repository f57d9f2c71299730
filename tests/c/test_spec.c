/* test_spec.c — wasm/src/spec.c: a spec parsed strictly and checked for shape. */
#include "internal.h"
#include "test.h"
#include "component_folders.h"

/* "ok" or the error as "LINE:COL: message" / "message". */

/* The message for an unknown type "pie" in component `id`: every folder is named. */
static const char *unknown_pie(const char *id) {
  static char msg[2048];
  char known[1024];
  component_folders(known, sizeof known);
  snprintf(msg, sizeof msg, "components.%s.type: unknown component type \"pie\" (known: %s)", id, known);
  return msg;
}

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
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}}"), "ok");
  CHECK_STR(spec("{\"sinfonia\": 1}"), "components: is required");
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
  CHECK_STR(spec("{}"), "sinfonia: is required");
  /* a newer version is named before anything else: its keys may be new */
  CHECK_STR(spec("{\"sinfonia\": 2, \"views\": [], \"__proto__\": 1}"),
            "this view was made by a newer Sinfonia (spec version 2); open it with a newer Sinfonia");
  CHECK_STR(spec("{\"sinfonia\": 2.5}"),
            "this view was made by a newer Sinfonia (spec version 2.5); open it with a newer Sinfonia");
  CHECK_STR(spec("{\"sinfonia\": \"1\", \"components\": {}}"), "sinfonia: must be 1");
  CHECK_STR(spec("{\"sinfonia\": 0.5, \"components\": {}}"), "sinfonia: must be 1");
  /* shape */
  CHECK_STR(spec("[]"), "a view must be a JSON object");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"vega\": {}}"),
            "vega: unknown key (allowed: sinfonia, data, columns, threshold, filters, slices, components, layout)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"data\": 3}"), "data: must be an object");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"layout\": []}"), "layout: must be an object");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"columns\": {\"a\": {\"role\": \"boss\"}}}"),
            "columns.a.role: must be one of \"feature\", \"id\", \"label\", \"prediction\", \"score\", \"embedding\", \"text\", \"image\", \"group\", \"split\", \"time\"");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"columns\": {\"a\": {\"type\": \"date\"}}}"),
            "columns.a.type: must be one of \"number\", \"category\", \"text\", \"bool\", \"vector\"");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"columns\": {\"a\": {\"colour\": 1}}}"),
            "columns.a.colour: unknown key (allowed: type, role, class)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"columns\": {\"__proto__\": {}}}"), "columns.__proto__: the key \"__proto__\" is not allowed");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": {}}"), "filters: must be an array");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": [{\"field\": \"a\", \"in\": 3}]}"), "filters[0].in: must be an array of values");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": [{\"rows\": [0]}, {\"and\": [{\"rows\": [0], \"x\": 1}]}]}"),
            "filters[1].and[0].x: unknown key (allowed: rows)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"h 1\": {\"type\": \"histogram\"}}}"),
            "components.\"h 1\": a component id is 1 to 64 letters, digits, \"_\" or \"-\"");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"constructor\": {\"type\": \"histogram\"}}}"),
            "components.constructor: the key \"constructor\" is not allowed");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"h1\": {\"field\": \"x\"}}}"),
            "components.h1.type: is required (the component type)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"h1\": {\"type\": \"pie\"}}}"),
            unknown_pie("h1"));
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"h1\": []}}"), "components.h1: must be an object with a \"type\"");
  /* data: what the schema cannot say */
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"data\": {\"url\": \"http://x.org/a.csv\"}}"),
            "data.url: must be an https: URL");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"data\": {\"delimiter\": \"\\\"\"}}"),
            "data.delimiter: must be one ASCII character (such as \",\", \";\", \"|\" or a tab), not a quote or a line end");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"data\": {\"delimiter\": \"\\t\", \"url\": \"https://x.org/a\"}}"),
            "ok");
  /* predicates */
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": [3]}"), "filters[0]: must be an object (a predicate)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": [{\"field\": \"a\", \"range\": [2, 1]}]}"),
            "filters[0].range: must be [low, high] with low \xe2\x89\xa4 high");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": [{\"field\": \"a\", \"range\": [1]}]}"),
            "filters[0].range: must be [low, high], two numbers");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": [{\"field\": \"a\"}]}"),
            "filters[0]: a predicate on a field needs \"in\" or \"range\"");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": [{\"not\": {\"rows\": [-1]}}]}"),
            "filters[0].not.rows[0]: must be a row id (an integer of at least 0)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": [{\"or\": [{\"field\": \"a\", \"in\": [1], \"source\": \"t\"}]}]}"),
            "filters[0].or[0].source: unknown key (allowed: field, in)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": [{\"field\": \"a\", \"in\": [1], \"source\": \"a b\"}]}"),
            "filters[0].source: must be a component id (1 to 64 letters, digits, \"_\" or \"-\")");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"filters\": [{\"eval\": 1}]}"),
            "filters[0]: must be a predicate: one of {field, in}, {field, range}, {and}, {or}, {not}, {rows}");
  /* named slices: the shape, a name (not empty, unique), a filter without a source */
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"slices\": [{\"name\": \"a\", \"filter\": {\"field\": \"x\", \"in\": [1]}},"
                 " {\"name\": \"b\", \"filter\": {\"not\": {\"rows\": [1]}}}]}"), "ok");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"slices\": [{\"name\": \"a\", \"filter\": {\"rows\": []}, \"x\": 1}]}"),
            "slices[0].x: unknown key (allowed: name, filter)");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"slices\": [{\"name\": \"\", \"filter\": {\"rows\": []}}]}"),
            "slices[0].name: must not be empty");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"slices\": [{\"name\": \"a\", \"filter\": {\"rows\": []}},"
                 " {\"name\": \"b\", \"filter\": {\"rows\": []}}, {\"name\": \"a\", \"filter\": {\"rows\": []}}]}"),
            "slices[2].name: \"a\" is the name of slices[0] too; slice names are unique");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"slices\": [{\"name\": \"a\", \"filter\": {\"field\": \"x\", \"in\": [1], \"source\": \"t\"}}]}"),
            "slices[0].filter.source: unknown key (allowed: field, in)");
  /* layout: its shape, then every id names a component, once */
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"t\": {\"type\": \"table\"}}, \"layout\": {\"rows\": [{\"columns\": [\"t\", \"q\"]}]}}"),
            "layout.rows[0].columns[1]: names no component (\"q\")");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {\"t\": {\"type\": \"table\"}}, \"layout\": {\"rows\": [{\"columns\": [\"t\"]}, {\"columns\": [\"t\"]}]}}"),
            "layout.rows[1].columns[0]: \"t\" appears twice in the layout");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"layout\": {}}"), "layout.rows: is required");
  CHECK_STR(spec("{\"sinfonia\": 1, \"components\": {}, \"layout\": {\"rows\": [{\"columns\": [1]}]}}"),
            "layout.rows[0].columns[0]: must be a string");
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
