/* run.c — sf_run: one component's result for the loaded table.
 *
 * request: {"component": "<type>", "config": {...}, "filter": <predicate>|null,
 *           "columns": {"<name>": {"role", "class"}}}
 * Roles are reset to the inferred ones and then overridden by "columns", so each
 * request sees exactly the roles it names. Errors name the request path
 * ("config.bins: must be an integer from 1 to 1000"). */
#include "internal.h"
#include <stdio.h>
#include <string.h>

#define REQUEST_MAX_DEPTH 64

static int reset_roles(sf_table *t, sf_error *err) {
  size_t i;
  for (i = 0; i < t->ncols; i++) {
    sf_column *c = &t->cols[i];
    char *cls = NULL;
    if (c->inferred_class && !(cls = sf_strdup(c->inferred_class)))
      return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory");
    sf_free(c->score_class);
    c->score_class = cls;
    c->role = c->inferred_role;
  }
  return SF_OK;
}

/* "bins: ..." -> "config.bins: ..."; "must be ..." -> "config: must be ...". */
static void prefix_path(sf_error *err, const char *path) {
  char msg[sizeof err->msg];
  size_t key = strcspn(err->msg, " :");
  memcpy(msg, err->msg, sizeof msg);
  if (key > 0 && err->msg[key] == ':')
    snprintf(err->msg, sizeof err->msg, "%s.%.*s", path, (int)(sizeof msg - 80), msg);
  else
    snprintf(err->msg, sizeof err->msg, "%s: %.*s", path, (int)(sizeof msg - 80), msg);
}

static int check_request(const cJSON *req, sf_error *err) {
  static const char *const keys[] = {"component", "config", "filter", "columns"};
  const cJSON *it, *v;
  size_t i;
  if (!cJSON_IsObject(req)) return sf_fail(err, SF_EINPUT, 0, 0, "request: must be an object");
  for (it = req->child; it; it = it->next) {
    for (i = 0; i < sizeof keys / sizeof *keys; i++)
      if (strcmp(it->string, keys[i]) == 0) break;
    if (i == sizeof keys / sizeof *keys)
      return sf_fail(err, SF_EINPUT, 0, 0, "%s: unknown key in the request", it->string);
  }
  v = cJSON_GetObjectItemCaseSensitive(req, "component");
  if (!cJSON_IsString(v)) return sf_fail(err, SF_EINPUT, 0, 0, "component: must be a component type (a string)");
  if (!sf_component_find(v->valuestring))
    return sf_fail(err, SF_EINPUT, 0, 0, "component: unknown component type '%s'", v->valuestring);
  v = cJSON_GetObjectItemCaseSensitive(req, "config");
  if (v && !cJSON_IsObject(v) && !cJSON_IsNull(v))
    return sf_fail(err, SF_EINPUT, 0, 0, "config: must be an object");
  v = cJSON_GetObjectItemCaseSensitive(req, "columns");
  if (v && !cJSON_IsObject(v) && !cJSON_IsNull(v))
    return sf_fail(err, SF_EINPUT, 0, 0, "columns: must be an object");
  return SF_OK;
}

char *sf_run(sf_engine *e, const char *request_json) {
  sf_error err = {0};
  cJSON *req = NULL, *out = NULL;
  const cJSON *config, *filter, *columns;
  const sf_component *comp;
  sf_bitmap rows = {0};
  char *result = NULL;
  int rc;
  if (!e) return NULL;
  e->error[0] = 0;
  if (!request_json) { sf_fail(&err, SF_EINPUT, 0, 0, "request: missing"); goto end; }
  req = sf_json_parse_strict(request_json, strlen(request_json), REQUEST_MAX_DEPTH, &err);
  if (!req) goto end;
  if (check_request(req, &err)) goto end;
  if (!e->table) {
    sf_fail(&err, SF_ESTATE, 0, 0, "no table is loaded; load a file before running a component");
    goto end;
  }
  comp = sf_component_find(cJSON_GetObjectItemCaseSensitive(req, "component")->valuestring);
  config = cJSON_GetObjectItemCaseSensitive(req, "config");
  filter = cJSON_GetObjectItemCaseSensitive(req, "filter");
  columns = cJSON_GetObjectItemCaseSensitive(req, "columns");
  if (reset_roles(e->table, &err)) goto end;
  if (columns && !cJSON_IsNull(columns) && (rc = sf_apply_column_overrides(e->table, columns, &err))) {
    if (rc == SF_EINPUT && strncmp(err.msg, "columns", 7)) prefix_path(&err, "columns");
    goto end;
  }
  if (sf_select(e->table, filter, &rows, &err)) goto end;
  if (!(out = cJSON_CreateObject())) { sf_fail(&err, SF_ENOMEM, 0, 0, "out of memory"); goto end; }
  rc = comp->run(e->table, &rows, cJSON_IsNull(config) ? NULL : config, out, &err);
  if (rc) {
    if (rc == SF_EINPUT) prefix_path(&err, "config");
    goto end;
  }
  if (!(result = sf_json_print(out))) sf_fail(&err, SF_ENOMEM, 0, 0, "out of memory printing the result");
end:
  if (!result) sf_engine_set_error(e, &err);
  sf_bitmap_free(&rows);
  cJSON_Delete(out);
  cJSON_Delete(req);
  return result;
}
