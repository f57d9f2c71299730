/* alloc.c — the engine's only allocator, with a failure hook for tests.
 * Sizes are checked before multiplying: wasm32 has a 32-bit size_t. */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

static long fail_after = -1; /* test hook only; -1 = never fail */

void sf_alloc_fail_after(long n) { fail_after = n; }

static int should_fail(void) {
  if (fail_after < 0) return 0;
  if (fail_after == 0) return 1;
  fail_after--;
  return 0;
}

void *sf_malloc(size_t n) {
  if (should_fail()) return NULL;
  return malloc(n ? n : 1);
}

void *sf_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  if (should_fail()) return NULL;
  return calloc(count ? count : 1, size ? size : 1);
}

void *sf_realloc(void *p, size_t n) {
  if (should_fail()) return NULL;
  return realloc(p, n ? n : 1);
}

void *sf_realloc_array(void *p, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  return sf_realloc(p, count * size);
}

int sf_grow(char **buf, size_t *cap, size_t len, size_t extra, size_t first) {
  size_t c;
  char *b;
  if (*cap - len >= extra) return 0;
  if (extra > SIZE_MAX / 2 - len) return -1;
  c = *cap ? *cap : first;
  while (c - len < extra) c *= 2;
  if (!(b = sf_realloc(*buf, c))) return -1;
  *buf = b;
  *cap = c;
  return 0;
}

char *sf_strndup(const char *s, size_t n) {
  char *d;
  if (n == SIZE_MAX) return NULL;
  d = sf_malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

char *sf_strdup(const char *s) { return sf_strndup(s, strlen(s)); }

void sf_free(void *p) { free(p); }

static void *json_malloc(size_t n) { return sf_malloc(n); }

void sf_json_init(void) {
  cJSON_Hooks hooks = {json_malloc, free};
  cJSON_InitHooks(&hooks);
}
