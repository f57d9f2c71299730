/* fuzz_ingest.c — libFuzzer: any bytes, fed as a file in chunks whose sizes come
 * from the input itself, must load or fail with a message; never crash, leak or
 * differ from the same bytes fed whole. The first byte picks the format option. */
#include "sinfonia.h"
#include <stdlib.h>
#include <string.h>

static const char *const options[] = {
  "{}", "{\"format\":\"csv\"}", "{\"format\":\"tsv\"}", "{\"format\":\"json\"}",
  "{\"format\":\"jsonl\"}", "{\"header\":false}", "{\"format\":\"csv\",\"delimiter\":\";\"}",
  "{\"columns\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"bool\"},\"c\":{\"type\":\"vector\"}}}",
};

static char *load(const uint8_t *data, size_t size, const char *opt, size_t step, char **error) {
  sf_engine *e = sf_open();
  char *schema = NULL;
  size_t at = 0;
  *error = NULL;
  if (!e) return NULL;
  if (sf_ingest_begin(e, opt) == 0) {
    int rc = 0;
    while (at < size && rc == 0) {
      size_t n = size - at < step ? size - at : step;
      rc = sf_ingest_chunk(e, data + at, n);
      at += n;
    }
    if (rc == 0) schema = sf_ingest_end(e);
  }
  if (!schema) *error = strdup(sf_last_error(e));
  sf_close(e);
  return schema;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *opt;
  char *whole, *chunked, *err1, *err2;
  size_t step;
  if (size < 2) return 0;
  opt = options[data[0] % (sizeof options / sizeof *options)];
  step = (size_t)data[1] % 13 + 1;
  data += 2;
  size -= 2;
  whole = load(data, size, opt, size ? size : 1, &err1);
  chunked = load(data, size, opt, step, &err2);
  /* Chunk boundaries never change the outcome. */
  if ((whole == NULL) != (chunked == NULL)) abort();
  if (whole && strcmp(whole, chunked) != 0) abort();
  if (!whole && strcmp(err1, err2) != 0) abort();
  sf_free(whole);
  sf_free(chunked);
  free(err1);
  free(err2);
  return 0;
}
