/* components.c — the components the build found (one per components/<name>/
 * folder, listed in the generated sf_components.c with each schema.json's text). */
#include "internal.h"
#include <string.h>

const sf_component *sf_component_find(const char *name) {
  size_t i;
  if (!name) return NULL;
  for (i = 0; i < sf_ncomponents; i++)
    if (strcmp(sf_components[i].name, name) == 0) return &sf_components[i];
  return NULL;
}

cJSON *sf_component_schema(const sf_component *c, sf_error *err) {
  cJSON *s = sf_json_parse_strict(c->schema, strlen(c->schema), 64, err);
  char msg[sizeof err->msg];
  if (!s && err->code != SF_ENOMEM) { /* a build that embedded a broken schema.json */
    memcpy(msg, err->msg, sizeof msg);
    sf_fail(err, SF_EINPUT, 0, 0, "components/%s/schema.json: %.400s", c->name, msg);
  }
  return s;
}
