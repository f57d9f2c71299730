/* engine_text.h — an engine call's text for a check: the string it returned (freed
 * here), or "ERR: " + sf_last_error when it returned NULL. The text lives in one
 * static buffer until the next call. */
#ifndef SF_ENGINE_TEXT_H
#define SF_ENGINE_TEXT_H
#include "sinfonia.h"
#include <stdio.h>

static const char *engine_text(sf_engine *e, char *r) {
  static char buf[8192];
  if (r) snprintf(buf, sizeof buf, "%s", r);
  else snprintf(buf, sizeof buf, "ERR: %s", sf_last_error(e));
  sf_free(r);
  return buf;
}
#endif
