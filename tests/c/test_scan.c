/* test_scan.c — wasm/src/scan.c: sf_scan, the bench's plain-scan baseline: each
 * named column read over every row, summed, its missing values counted; the view's
 * table (a threshold's derived prediction) once a view is set. */
#include "internal.h"
#include "test.h"
#include "engine_text.h"
#include <stdlib.h>

static const char *CSV = "id,x,label,pred,p_dog,flag\n"
                         "0,1.5,cat,dog,0.8,true\n"
                         "1,,cat,cat,0.3,false\n"
                         "2,-4,dog,cat,0.1,\n"
                         "3,2.25,,dog,0.6,true\n"
                         "4,10,dog,dog,,false\n";

static const char *scan(sf_engine *e, const char *req) { return engine_text(e, sf_scan(e, req)); }

int main(void) {
  sf_engine *e = sf_open();
  char *schema, *view;
  char many[1024];
  size_t i, len;
  CHECK_STR(scan(e, "{\"columns\":[\"x\"]}"), "ERR: no table is loaded; load a file before a scan");
  CHECK(sf_ingest_begin(e, NULL) == SF_OK);
  CHECK(sf_ingest_chunk(e, (const uint8_t *)CSV, strlen(CSV)) == SF_OK);
  CHECK((schema = sf_ingest_end(e)) != NULL);
  sf_free(schema);

  /* numbers: the sum of the present values (1.5 - 4 + 2.25 + 10); one missing */
  CHECK_STR(scan(e, "{\"columns\":[\"x\"]}"), "{\"rows\":5,\"columns\":[\"x\"],\"sums\":[9.75],\"missing\":[1]}");
  /* coded columns: the codes summed (cat 0, dog 1 in order of first appearance; a
   * bool's false 0, true 1), missing ones left out; columns in the order asked */
  CHECK_STR(scan(e, "{\"columns\":[\"label\",\"flag\",\"p_dog\",\"id\"]}"),
            "{\"rows\":5,\"columns\":[\"label\",\"flag\",\"p_dog\",\"id\"],\"sums\":[2,2,1.8000000000000003,10],\"missing\":[1,1,1,0]}");
  /* a column asked twice is read twice */
  CHECK_STR(scan(e, "{\"columns\":[\"pred\",\"pred\"]}"),
            "{\"rows\":5,\"columns\":[\"pred\",\"pred\"],\"sums\":[2,2],\"missing\":[0,0]}");

  /* the view's table: the threshold's derived prediction (p_dog >= 0.5: dog, code 1
   * in the label's dictionary order as threshold.c writes it) can be scanned */
  view = sf_view_set(e, "{\"sinfonia\":1,\"threshold\":{\"value\":0.5},\"components\":{}}");
  CHECK(view != NULL);
  sf_free(view);
  CHECK(strstr(scan(e, "{\"columns\":[\"p_dog \xE2\x89\xA5 threshold\",\"x\"]}"),
               "\"sums\":[2,9.75],\"missing\":[1,1]}") != NULL);

  /* bad requests name what and where */
  CHECK_STR(scan(e, "{\"columns\":[\"x\",\"nope\"]}"), "ERR: columns[1]: no column named 'nope'");
  CHECK_STR(scan(e, "{\"columns\":[\"x\",3]}"), "ERR: columns[1]: must be a column name (a string)");
  CHECK_STR(scan(e, "{\"columns\":[]}"), "ERR: columns: must be an array of 1 to 64 column names");
  CHECK_STR(scan(e, "{\"columns\":\"x\"}"), "ERR: columns: must be an array of 1 to 64 column names");
  CHECK_STR(scan(e, "{\"columns\":[\"x\"],\"filter\":null}"),
            "ERR: filter: unknown key in the request (a scan has columns)");
  CHECK_STR(scan(e, "[]"), "ERR: request: must be an object");
  CHECK(strncmp(scan(e, "{\"columns\":[\"x\"],\"columns\":[\"id\"]}"), "ERR: 1:", 7) == 0);
  len = (size_t)snprintf(many, sizeof many, "{\"columns\":[");
  for (i = 0; i < 65; i++) len += (size_t)snprintf(many + len, sizeof many - len, "%s\"x\"", i ? "," : "");
  snprintf(many + len, sizeof many - len, "]}");
  CHECK_STR(scan(e, many), "ERR: columns: must be an array of 1 to 64 column names");
  CHECK(sf_scan(e, NULL) == NULL);
  CHECK(sf_scan(NULL, "{}") == NULL);

  /* sf_count_newlines: every '\n' byte, none else ('\r', a quoted newline's bytes
   * are bytes too), over the whole range; nothing for NULL or an empty range */
  CHECK(sf_count_newlines((const uint8_t *)CSV, strlen(CSV)) == 6);
  CHECK(sf_count_newlines((const uint8_t *)"a\r\nb\n\"c\nd\"", 10) == 3);
  CHECK(sf_count_newlines((const uint8_t *)"\n\n", 1) == 1);
  CHECK(sf_count_newlines((const uint8_t *)"abc", 0) == 0);
  CHECK(sf_count_newlines(NULL, 5) == 0);
  sf_close(e);
  return test_report("test_scan");
}
