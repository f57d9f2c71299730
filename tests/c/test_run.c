/* test_run.c — sf_run (wasm/src/run.c): ad-hoc requests over a loaded table, with
 * the view's roles (the inferred ones when no view is set). */
#include "internal.h"
#include "test.h"
#include "engine_text.h"
#include <stdlib.h>

static const char *CSV = "id,x,label,pred,group\n"
                         "0,1.5,cat,cat,a\n"
                         "1,2,dog,cat,b\n"
                         "2,,cat,cat,a\n"
                         "3,4,bird,bird,\n";

static const char *run(sf_engine *e, const char *req) { return engine_text(e, sf_run(e, req)); }

int main(void) {
  sf_engine *e = sf_open();
  char *schema;
  CHECK_STR(run(e, "{\"component\":\"summary\"}"), "ERR: no table is loaded; load a file before running a component");
  CHECK(sf_ingest_begin(e, NULL) == SF_OK);
  CHECK(sf_ingest_chunk(e, (const uint8_t *)CSV, strlen(CSV)) == SF_OK);
  schema = sf_ingest_end(e);
  CHECK(schema != NULL);
  sf_free(schema);

  CHECK_STR(run(e, "{\"component\":\"histogram\",\"config\":{\"field\":\"group\"},\"filter\":null}"),
            "{\"field\":\"group\",\"values\":[{\"value\":\"a\",\"count\":2},{\"value\":\"b\",\"count\":1}],"
            "\"other\":0,\"missing\":1}");
  CHECK_STR(run(e, "{\"component\":\"histogram\",\"config\":{\"field\":\"group\"},"
                   "\"filter\":{\"and\":[{\"field\":\"x\",\"range\":[0,3],\"source\":\"h2\"}]}}"),
            "{\"field\":\"group\",\"values\":[{\"value\":\"a\",\"count\":1},{\"value\":\"b\",\"count\":1}],"
            "\"other\":0,\"missing\":0}");
  CHECK_STR(run(e, "{\"component\":\"confusion-matrix\",\"filter\":{\"rows\":[0,1]}}"),
            "{\"label\":\"label\",\"prediction\":\"pred\",\"labels\":[\"cat\",\"dog\"],\"matrix\":[[1,0],[1,0]],\"accuracy\":0.5,"
            "\"per_class\":[{\"label\":\"cat\",\"precision\":0.5,\"recall\":1,\"f1\":0.6666666666666666,\"support\":1},"
            "{\"label\":\"dog\",\"precision\":0,\"recall\":0,\"f1\":0,\"support\":1}],"
            "\"macro\":{\"precision\":0.25,\"recall\":0.5,\"f1\":0.3333333333333333},"
            "\"weighted\":{\"precision\":0.25,\"recall\":0.5,\"f1\":0.3333333333333333},\"count\":2,\"missing\":0,"
            "\"grid\":{\"entries\":[{\"kind\":\"class\",\"label\":\"cat\"},{\"kind\":\"class\",\"label\":\"dog\"}],"
            "\"counts\":[[1,0],[1,0]]}}");
  /* the inferred roles while no view is set; the view's roles once one is */
  CHECK(strstr(run(e, "{\"component\":\"confusion-matrix\"}"), "\"labels\":[\"bird\",\"cat\",\"dog\"]") != NULL);
  CHECK(strstr(run(e, "{\"component\":\"summary\",\"config\":{\"fields\":[\"group\"]}}"), "\"role\":\"feature\"") != NULL);
  {
    char *v = sf_view_set(e, "{\"sinfonia\":1,\"columns\":{\"group\":{\"role\":\"group\"},\"label\":{\"role\":\"feature\"}},"
                             "\"components\":{}}");
    CHECK(v != NULL);
    sf_free(v);
  }
  CHECK(strstr(run(e, "{\"component\":\"summary\",\"config\":{\"fields\":[\"group\"]}}"), "\"role\":\"group\"") != NULL);
  CHECK_STR(run(e, "{\"component\":\"confusion-matrix\"}"),
            "ERR: config.label: no column has the role label; set one in the spec's columns or in this component's config");
  CHECK(strstr(run(e, "{\"component\":\"confusion-matrix\",\"config\":{\"label\":\"group\"}}"), "\"label\":\"group\"") != NULL);
  /* "columns" is no longer a request key: roles come from the view */
  CHECK_STR(run(e, "{\"component\":\"summary\",\"columns\":{}}"),
            "ERR: columns: unknown key in the request (a request has component, config, filter)");

  /* errors name the request path */
  CHECK_STR(run(e, "{\"component\":\"histogram\",\"config\":{\"field\":\"x\",\"bins\":0}}"),
            "ERR: config.bins: must be an integer from 1 to 1000");
  CHECK_STR(run(e, "{\"component\":\"table\",\"config\":{\"sort\":{\"field\":\"q\"}}}"),
            "ERR: config.sort.field: no column named 'q'");
  CHECK_STR(run(e, "{\"component\":\"table\",\"config\":[]}"), "ERR: config: must be an object");
  CHECK_STR(run(e, "{\"component\":\"table\",\"config\":{\"type\":\"histogram\",\"title\":7}}"),
            "ERR: config.title: must be a string");
  CHECK_STR(run(e, "{\"component\":\"summary\",\"filter\":{\"or\":[{\"field\":\"nope\",\"in\":[1]}]}}"),
            "ERR: filter.or[0].field: no column named 'nope'");
  CHECK_STR(run(e, "{\"component\":\"pie\"}"), "ERR: component: unknown component type 'pie'");
  CHECK_STR(run(e, "{\"config\":{}}"), "ERR: component: must be a component type (a string)");
  CHECK_STR(run(e, "{\"component\":\"summary\",\"colour\":1}"),
            "ERR: colour: unknown key in the request (a request has component, config, filter)");
  CHECK(strncmp(run(e, "{\"component\":\"summary\",\n\"component\":\"table\"}"), "ERR: 2:", 7) == 0);
  CHECK(strncmp(run(e, "{\"component\":"), "ERR: 1:", 7) == 0);
  CHECK(sf_run(NULL, "{}") == NULL);

  /* out of memory anywhere in a request: an error, never a crash or a leak */
  {
    long n;
    int done = 0;
    for (n = 0; n < 100000 && !done; n++) {
      char *r;
      sf_alloc_fail_after(n);
      r = sf_run(e, "{\"component\":\"confusion-matrix\",\"filter\":{\"not\":{\"rows\":[3]}},"
                    "\"config\":{\"label\":\"group\"}}");
      sf_alloc_fail_after(-1);
      if (r) done = 1;
      else CHECK(sf_last_error(e)[0] != 0);
      sf_free(r);
    }
    CHECK(done);
  }
  sf_close(e);
  return test_report("test_run");
}
