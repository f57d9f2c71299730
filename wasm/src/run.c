/* run.c — a component's kernel run over a set of rows (shared by the view and
 * ad-hoc requests), and sf_run: one ad-hoc request over the loaded table.
 *
 * request: {"component": "<type>", "config": {...}, "filter": <predicate>|null}
 * It uses the current view's roles (the inferred ones when no view is set) and
 * never changes the table. Errors name the request path ("config.bins: must be
 * an integer from 1 to 1000", "filter.or[0].field: no column named 'x'"). */
#include "internal.h"
#include <stdio.h>
#include <string.h>

#define REQUEST_MAX_DEPTH 64

/* A kernel's "key: message" -> "path.key: message"; "message" -> "path: message". */
static void name_path(sf_error *err, const char *path) {
  char msg[sizeof err->msg];
  size_t key = strcspn(err->msg, " :");
  memcpy(msg, err->msg, sizeof msg);
  if (key > 0 && err->msg[key] == ':')
    snprintf(err->msg, sizeof err->msg, "%.200s.%.300s", path, msg);
  else
    snprintf(err->msg, sizeof err->msg, "%.200s: %.300s", path, msg);
}

int sf_run_kernel(const sf_component *comp, const sf_table *t, const sf_bitmap *rows,
                  const sf_config *cfg, const sf_roles *roles, const cJSON *slices, const char *path,
                  char **result, sf_error *err) {
  sf_call call;
  cJSON *out = cJSON_CreateObject();
  int rc;
  *result = NULL;
  if (!out) return sf_oom(err);
  call.table = t;
  call.rows = rows;
  call.config = cfg;
  call.roles = roles;
  call.slices = slices;
  if ((rc = comp->run(&call, out, err))) {
    if (rc == SF_EINPUT) name_path(err, path);
    goto end;
  }
  if (!(*result = sf_json_print(out))) rc = sf_fail(err, SF_ENOMEM, 0, 0, "out of memory printing the result");
end:
  cJSON_Delete(out);
  return rc;
}

static int check_request(const cJSON *req, sf_error *err) {
  static const char *const keys[] = {"component", "config", "filter"};
  const cJSON *it, *v;
  size_t i;
  if (!cJSON_IsObject(req)) return sf_fail(err, SF_EINPUT, 0, 0, "request: must be an object");
  for (it = req->child; it; it = it->next) {
    for (i = 0; i < sizeof keys / sizeof *keys; i++)
      if (strcmp(it->string, keys[i]) == 0) break;
    if (i == sizeof keys / sizeof *keys)
      return sf_fail(err, SF_EINPUT, 0, 0, "%.100s: unknown key in the request (a request has component, config, filter)",
                     it->string);
  }
  v = cJSON_GetObjectItemCaseSensitive(req, "component");
  if (!cJSON_IsString(v)) return sf_fail(err, SF_EINPUT, 0, 0, "component: must be a component type (a string)");
  if (!sf_component_find(v->valuestring))
    return sf_fail(err, SF_EINPUT, 0, 0, "component: unknown component type '%.100s'", v->valuestring);
  v = cJSON_GetObjectItemCaseSensitive(req, "config");
  if (v && !cJSON_IsObject(v) && !cJSON_IsNull(v))
    return sf_fail(err, SF_EINPUT, 0, 0, "config: must be an object");
  return SF_OK;
}

/* The request's config as a component object: {"type": component, ...config}. */
static cJSON *as_component(const cJSON *req) {
  const cJSON *config = cJSON_GetObjectItemCaseSensitive(req, "config");
  const char *type = cJSON_GetObjectItemCaseSensitive(req, "component")->valuestring;
  cJSON *comp = cJSON_IsObject(config) ? cJSON_Duplicate(config, 1) : cJSON_CreateObject(), *t;
  if (!comp) return NULL;
  cJSON_DeleteItemFromObjectCaseSensitive(comp, "type");
  if (!(t = cJSON_CreateString(type)) || !cJSON_AddItemToObject(comp, "type", t)) {
    cJSON_Delete(t);
    cJSON_Delete(comp);
    return NULL;
  }
  return comp;
}

char *sf_run(sf_engine *e, const char *request_json) {
  sf_error err = {0};
  cJSON *req = NULL, *comp = NULL;
  const sf_component *c;
  sf_config cfg = {0};
  sf_roles inferred = {0};
  sf_bitmap rows = {0};
  const sf_table *t;
  char *result = NULL;
  if (!e) return NULL;
  e->error[0] = 0;
  if (!request_json) { sf_fail(&err, SF_EINPUT, 0, 0, "request: missing"); goto end; }
  req = sf_json_parse_strict(request_json, strlen(request_json), REQUEST_MAX_DEPTH, &err);
  if (!req || check_request(req, &err)) goto end;
  if (!e->table) {
    sf_fail(&err, SF_ESTATE, 0, 0, "no table is loaded; load a file before running a component");
    goto end;
  }
  /* the view's roles and table (a threshold's prediction included) when a view is set */
  t = e->view ? e->view->table : e->table;
  if (!e->view && sf_roles_resolve(t, NULL, &inferred, &err)) goto end; /* the inferred roles and embedding */
  if (!(comp = as_component(req))) { sf_oom(&err); goto end; }
  if (sf_config_build(comp, "config", t, e->view ? &e->view->roles : &inferred, &c, &cfg, &err) ||
      sf_select(t, cJSON_GetObjectItemCaseSensitive(req, "filter"), &rows, &err))
    goto end;
  /* the view's roles and named slices, when a view is set */
  sf_run_kernel(c, t, &rows, &cfg, e->view ? &e->view->roles : &inferred,
                e->view ? cJSON_GetObjectItemCaseSensitive(e->view->spec, "slices") : NULL, "config", &result, &err);
end:
  if (!result) sf_engine_set_error(e, &err);
  sf_bitmap_free(&rows);
  sf_config_free(&cfg);
  sf_roles_free(&inferred);
  cJSON_Delete(comp);
  cJSON_Delete(req);
  return result;
}
