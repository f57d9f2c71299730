/* fuzz_request.c — libFuzzer: any request or spec text against a small loaded
 * table must give a result or an error with a message; never crash or leak.
 * Covers the strict JSON parser, predicates and every kernel's config checks. */
#include "sinfonia.h"
#include "internal.h"
#include <stdlib.h>
#include <string.h>

static const char table_csv[] =
  "id,label,pred,p_a,p_b,x,g,flag\n"
  "0,a,a,0.9,0.1,1.5,u,true\n"
  "1,b,a,0.6,0.4,,v,false\n"
  "2,b,b,0.2,0.8,-3,u,\n"
  "3,a,b,0.4,0.6,7e3,,true\n";

static sf_engine *engine;

static sf_engine *loaded(void) {
  char *schema;
  if (engine) return engine;
  engine = sf_open();
  if (!engine || sf_ingest_begin(engine, "{}") ||
      sf_ingest_chunk(engine, (const uint8_t *)table_csv, sizeof table_csv - 1) ||
      !(schema = sf_ingest_end(engine)))
    abort();
  sf_free(schema);
  return engine;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sf_engine *e = loaded();
  char *text = malloc(size + 1), *out;
  sf_error err = {0};
  cJSON *spec;
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = 0;
  out = sf_run(e, text);
  if (!out && !*sf_last_error(e)) abort(); /* a failure always says why */
  sf_free(out);
  spec = sf_spec_parse(text, size, &err);
  if (spec) {
    (void)sf_spec_check(spec, &err);
    cJSON_Delete(spec);
  } else if (!err.msg[0]) {
    abort();
  }
  free(text);
  return 0;
}
