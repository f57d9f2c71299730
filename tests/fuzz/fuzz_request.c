/* fuzz_request.c — libFuzzer: any request or spec text against a small loaded
 * table must give a result or an error with a message; never crash or leak.
 * Covers the strict JSON parser, predicates and every kernel's config checks. */
#include "sinfonia.h"
#include "internal.h"
#include <stdlib.h>
#include <string.h>

#include "fuzz_table.h"

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
