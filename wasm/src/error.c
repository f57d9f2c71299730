/* error.c — messages that say what and where. */
#include "internal.h"
#include <stdio.h>
#include <string.h>

int sf_fail(sf_error *err, int code, long line, long col, const char *fmt, ...) {
  va_list ap;
  if (!err) return code;
  err->code = code;
  err->line = line;
  err->col = col;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  return code;
}

void sf_error_prefix(sf_error *err, const char *path) {
  char tmp[sizeof err->msg];
  size_t plen;
  if (!err || !path || !*path) return;
  plen = strlen(path);
  if (plen > sizeof tmp / 2) plen = sizeof tmp / 2;
  /* The message keeps what fits after the path; the path is never cut whole. */
  snprintf(tmp, sizeof tmp, "%.*s: %.*s", (int)plen, path, (int)(sizeof tmp - plen - 3), err->msg);
  memcpy(err->msg, tmp, sizeof tmp);
}

void sf_error_format(const sf_error *err, char *buf, size_t cap) {
  if (!cap) return;
  if (err->line > 0)
    snprintf(buf, cap, "%ld:%ld: %s", err->line, err->col > 0 ? err->col : 1, err->msg);
  else
    snprintf(buf, cap, "%s", err->msg);
}

int sf_oom(sf_error *err) { return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory"); }
