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
  if (!err || !path || !*path) return;
  snprintf(tmp, sizeof tmp, "%s: %s", path, err->msg);
  memcpy(err->msg, tmp, sizeof tmp);
}

void sf_error_format(const sf_error *err, char *buf, size_t cap) {
  if (!cap) return;
  if (err->line > 0)
    snprintf(buf, cap, "%ld:%ld: %s", err->line, err->col > 0 ? err->col : 1, err->msg);
  else
    snprintf(buf, cap, "%s", err->msg);
}
