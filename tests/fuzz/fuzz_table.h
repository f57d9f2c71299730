/* fuzz_table.h — the small table the request and view harnesses load once:
 * a label, a prediction, two class scores, a number, a category and a bool, with
 * missing values. */
#ifndef SF_FUZZ_TABLE_H
#define SF_FUZZ_TABLE_H
#include "sinfonia.h"
#include <stdlib.h>

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

#endif
