/* error.c — messages that say what and where. */
#include "internal.h"
#include <stdio.h>
#include <string.h>

/* A message that did not fit ends in "…" at a character boundary, so it stays valid
 * UTF-8 (a column name or a file's text cut in the middle of a character would not).
 * n is what vsnprintf/snprintf returned for s of capacity cap. */
static void end_cut_message(char *s, size_t cap, int n) {
  size_t len;
  if (n < 0 || (size_t)n < cap || cap < 4) return;
  len = cap - 4;
  while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) len--;
  memcpy(s + len, "\xE2\x80\xA6", 4);
}

int sf_fail(sf_error *err, int code, long line, long col, const char *fmt, ...) {
  va_list ap;
  int n;
  if (!err) return code;
  err->code = code;
  err->line = line;
  err->col = col;
  va_start(ap, fmt);
  n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  end_cut_message(err->msg, sizeof err->msg, n);
  return code;
}

void sf_error_prefix(sf_error *err, const char *path) {
  char tmp[sizeof err->msg];
  size_t plen;
  int n;
  if (!err || !path || !*path) return;
  plen = strlen(path);
  if (plen > sizeof tmp / 2) {
    plen = sizeof tmp / 2;
    while (plen > 0 && ((unsigned char)path[plen] & 0xC0) == 0x80) plen--;
  }
  /* The message keeps what fits after the path; the path is never cut whole. */
  n = snprintf(tmp, sizeof tmp, "%.*s: %s", (int)plen, path, err->msg);
  end_cut_message(tmp, sizeof tmp, n);
  memcpy(err->msg, tmp, sizeof tmp);
}

void sf_error_format(const sf_error *err, char *buf, size_t cap) {
  int n;
  if (!cap) return;
  if (err->line > 0)
    n = snprintf(buf, cap, "%ld:%ld: %s", err->line, err->col > 0 ? err->col : 1, err->msg);
  else
    n = snprintf(buf, cap, "%s", err->msg);
  end_cut_message(buf, cap, n);
}

int sf_oom(sf_error *err) { return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory"); }
