/* test_error.c — wasm/src/error.c: a message too long for sf_error ends in "…" at a
 * character boundary, so the engine never hands out a cut UTF-8 sequence. */
#include "internal.h"
#include "test.h"

/* Whether s is valid UTF-8 (structure only: lead bytes and their continuations). */
static int valid_utf8(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    int k = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
    if (k < 0) return 0;
    for (p++; k > 0; k--, p++)
      if ((*p & 0xC0) != 0x80) return 0;
  }
  return 1;
}

static int ends_with(const char *s, const char *tail) {
  size_t a = strlen(s), b = strlen(tail);
  return a >= b && strcmp(s + a - b, tail) == 0;
}

int main(void) {
  sf_error err;
  char name[2000], path[1200], out[300];
  size_t i;
  int shift;
  /* "é" is 2 bytes: every byte offset of the cut is tried by shifting one ASCII byte in front. */
  for (shift = 0; shift < 4; shift++) {
    size_t n = 0;
    for (i = 0; i < (size_t)shift; i++) name[n++] = 'a';
    while (n + 3 < sizeof name) { name[n++] = (char)0xC3; name[n++] = (char)0xA9; }
    name[n] = 0;
    sf_fail(&err, SF_EINPUT, 0, 0, "no column named '%s'", name);
    CHECK(strlen(err.msg) < sizeof err.msg);
    CHECK(valid_utf8(err.msg));
    CHECK(ends_with(err.msg, "\xE2\x80\xA6"));
    CHECK(strncmp(err.msg, "no column named '", 17) == 0);

    /* a spec path of non-ASCII text in front of it */
    for (i = 0; i + 4 < sizeof path; i += 3) memcpy(path + i, "\xE6\x9D\xB1", 3);
    path[i] = 0;
    sf_error_prefix(&err, path);
    CHECK(valid_utf8(err.msg));
    CHECK(strlen(err.msg) < sizeof err.msg);

    err.line = 12; err.col = 7;
    sf_error_format(&err, out, sizeof out - (size_t)shift);
    CHECK(valid_utf8(out));
    CHECK(strncmp(out, "12:7: ", 6) == 0);
    CHECK(ends_with(out, "\xE2\x80\xA6"));
  }
  /* a message that fits is left as it is */
  sf_fail(&err, SF_EINPUT, 3, 4, "columns.%s: must be a string", "größe");
  CHECK_STR(err.msg, "columns.größe: must be a string");
  sf_error_prefix(&err, "spec");
  CHECK_STR(err.msg, "spec: columns.größe: must be a string");
  sf_error_format(&err, out, sizeof out);
  CHECK_STR(out, "3:4: spec: columns.größe: must be a string");
  return test_report("error");
}
