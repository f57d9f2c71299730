/* view.c — the view: a spec resolved once against the loaded table, and its
 * components run over their composed filters.
 *
 * sf_view_set validates the whole spec (spec.c, schema.c), resolves the roles
 * once (roles.c) and every component's config (config.c); the table is never
 * changed. sf_view_run runs one component over the AND of every spec filter
 * whose "source" is not that component (Mosaic's cross-filtering: a component
 * never sees its own selection), or over every row with "unfiltered". */
#include "internal.h"
#include <stdio.h>
#include <string.h>

#define OPTIONS_MAX_DEPTH 64

void sf_view_free(sf_view *v) {
  size_t i;
  if (!v) return;
  for (i = 0; i < v->ncomps; i++) sf_config_free(&v->comps[i].config);
  for (i = 0; i < v->nclauses; i++) sf_bitmap_free(&v->clause_rows[i]);
  sf_free(v->comps);
  sf_free((void *)v->clauses);
  sf_free(v->clause_rows);
  sf_roles_free(&v->roles);
  sf_threshold_free_table(v->owned, v->base_ncols);
  cJSON_Delete(v->spec);
  sf_free(v);
}

static int build(const sf_table *t, sf_view *v, sf_error *err) {
  const cJSON *comps = cJSON_GetObjectItemCaseSensitive(v->spec, "components"), *it;
  const cJSON *filters = cJSON_GetObjectItemCaseSensitive(v->spec, "filters");
  char path[128];
  size_t n = 0;
  int rc;
  v->table = t;
  v->base_ncols = t->ncols;
  if ((rc = sf_roles_resolve(t, cJSON_GetObjectItemCaseSensitive(v->spec, "columns"), &v->roles, err))) return rc;
  if (cJSON_GetObjectItemCaseSensitive(v->spec, "threshold")) {
    if ((rc = sf_threshold_apply(t, v->spec, &v->roles, &v->owned, err))) return rc;
    t = v->table = v->owned;
  }
  n = (size_t)cJSON_GetArraySize(filters);
  v->comps = sf_calloc((size_t)cJSON_GetArraySize(comps), sizeof *v->comps);
  v->clauses = sf_calloc(n, sizeof *v->clauses);
  v->clause_rows = sf_calloc(n, sizeof *v->clause_rows);
  if (!v->comps || !v->clauses || !v->clause_rows) return sf_oom(err);
  v->nclauses = n;
  n = 0;
  cJSON_ArrayForEach(it, filters) v->clauses[n++] = it;
  cJSON_ArrayForEach(it, comps) {
    sf_view_comp *vc = &v->comps[v->ncomps];
    sf_js_join(path, sizeof path, "components", it->string, 0);
    if ((rc = sf_config_build(it, path, t, &v->roles, &vc->comp, &vc->config, err))) return rc;
    vc->id = it->string;
    vc->spec = it;
    v->ncomps++;
  }
  return SF_OK;
}

/* {"columns": [{"name", "type", "role", "class"?}], "embedding"?: {"name", "dim",
 * "columns"} (when the view has one), "components": {"<id>": config}}; a
 * prediction derived by a threshold is listed last with "derived", "score", "threshold". */
static char *view_json(const sf_table *t, const sf_view *v) {
  cJSON *root = cJSON_CreateObject(), *cols, *comps, *c;
  char *out = NULL;
  size_t i;
  if (!(cols = sf_json_put(root, "columns", cJSON_CreateArray()))) goto end;
  for (i = 0; i < t->ncols; i++) {
    const char *cls = v->roles.cls[i];
    if (!(c = sf_json_put(cols, NULL, cJSON_CreateObject())) ||
        !sf_json_put(c, "name", cJSON_CreateString(t->cols[i].name)) ||
        !sf_json_put(c, "type", cJSON_CreateString(sf_type_name(t->cols[i].type))) ||
        !sf_json_put(c, "role", cJSON_CreateString(sf_role_name(v->roles.role[i]))) ||
        (v->roles.role[i] == SF_ROLE_SCORE && cls && !sf_json_put(c, "class", cJSON_CreateString(cls))))
      goto end;
    if (i >= v->base_ncols && /* the prediction the threshold derived */
        (!sf_json_put(c, "derived", cJSON_CreateTrue()) ||
         !sf_json_put(c, "score", cJSON_CreateString(t->cols[v->roles.thr_score].name)) ||
         !sf_json_put(c, "threshold", cJSON_CreateNumber(v->roles.thr_value))))
      goto end;
  }
  if (v->roles.emb.dim && !sf_json_put(root, "embedding", sf_embedding_json(t, &v->roles.emb))) goto end;
  if (!(comps = sf_json_put(root, "components", cJSON_CreateObject()))) goto end;
  for (i = 0; i < v->ncomps; i++)
    if (!sf_json_put(comps, v->comps[i].id, cJSON_Duplicate(v->comps[i].config.json, 1))) goto end;
  out = sf_json_print(root);
end:
  cJSON_Delete(root);
  return out;
}

char *sf_view_set(sf_engine *e, const char *spec_json) {
  sf_error err = {0};
  sf_view *v = NULL;
  char *out = NULL;
  if (!e) return NULL;
  e->error[0] = 0;
  if (!spec_json) { sf_fail(&err, SF_EINPUT, 0, 0, "spec: missing"); goto end; }
  if (!e->table) { sf_fail(&err, SF_ESTATE, 0, 0, "no table is loaded; load a file before setting a view"); goto end; }
  if (!(v = sf_calloc(1, sizeof *v))) { sf_oom(&err); goto end; }
  if (!(v->spec = sf_spec_parse(spec_json, strlen(spec_json), &err)) || build(e->table, v, &err)) goto end;
  if (!(out = view_json(v->table, v))) { sf_fail(&err, SF_ENOMEM, 0, 0, "out of memory printing the view"); goto end; }
  sf_view_free(e->view); /* only a view that is whole replaces the current one */
  e->view = v;
  v = NULL;
end:
  if (!out) sf_engine_set_error(e, &err);
  sf_view_free(v);
  return out;
}

/* rows = every row, ANDed with every spec clause whose source is not id (each
 * clause's rows evaluated once per view and kept). */
static int compose(sf_engine *e, const char *id, int unfiltered, sf_bitmap *rows, sf_error *err) {
  sf_view *v = e->view;
  char path[32];
  size_t i;
  int rc;
  if ((rc = sf_bitmap_init(rows, e->table->nrows, 1, err))) return rc;
  for (i = 0; i < v->nclauses && !unfiltered; i++) {
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(v->clauses[i], "source");
    if (cJSON_IsString(src) && !strcmp(src->valuestring, id)) continue; /* its own selection */
    if (!v->clause_rows[i].words) {
      snprintf(path, sizeof path, "filters[%zu]", i);
      if ((rc = sf_select_at(v->table, v->clauses[i], path, &v->clause_rows[i], err))) return rc;
    }
    sf_bitmap_and(rows, &v->clause_rows[i]);
  }
  return SF_OK;
}

/* RFC 7396: null removes a key, objects merge, anything else replaces. */
static int merge_patch(cJSON *target, const cJSON *patch) {
  const cJSON *p;
  cJSON_ArrayForEach(p, patch) {
    cJSON *t = cJSON_GetObjectItemCaseSensitive(target, p->string), *copy;
    if (cJSON_IsNull(p)) { cJSON_DeleteItemFromObjectCaseSensitive(target, p->string); continue; }
    if (cJSON_IsObject(p) && cJSON_IsObject(t)) {
      if (merge_patch(t, p)) return SF_ENOMEM;
      continue;
    }
    if (!(copy = cJSON_Duplicate(p, 1))) return SF_ENOMEM;
    if (t ? !cJSON_ReplaceItemViaPointer(target, t, copy) : !cJSON_AddItemToObject(target, p->string, copy)) {
      cJSON_Delete(copy);
      return SF_ENOMEM;
    }
  }
  return SF_OK;
}

static int check_options(const cJSON *o, sf_error *err) {
  const cJSON *it;
  if (!cJSON_IsObject(o)) return sf_fail(err, SF_EINPUT, 0, 0, "options: must be an object");
  cJSON_ArrayForEach(it, o) {
    if (!strcmp(it->string, "config")) {
      if (!cJSON_IsObject(it)) return sf_fail(err, SF_EINPUT, 0, 0, "options.config: must be an object");
    } else if (!strcmp(it->string, "unfiltered")) {
      if (!cJSON_IsBool(it)) return sf_fail(err, SF_EINPUT, 0, 0, "options.unfiltered: must be true or false");
    } else {
      return sf_fail(err, SF_EINPUT, 0, 0, "options.%.100s: unknown key (allowed: config, unfiltered)", it->string);
    }
  }
  return SF_OK;
}

char *sf_view_run(sf_engine *e, const char *id, const char *options_json) {
  sf_error err = {0};
  cJSON *opts = NULL, *patched = NULL;
  const cJSON *patch;
  const sf_view_comp *vc = NULL;
  sf_config cfg = {0};
  sf_bitmap rows = {0};
  char *result = NULL, path[128];
  size_t i;
  if (!e) return NULL;
  e->error[0] = 0;
  if (!e->view) { sf_fail(&err, SF_ESTATE, 0, 0, "no view is set; call sf_view_set first"); goto end; }
  for (i = 0; id && i < e->view->ncomps && !vc; i++)
    if (!strcmp(e->view->comps[i].id, id)) vc = &e->view->comps[i];
  if (!vc) { sf_fail(&err, SF_EINPUT, 0, 0, "components: the view has no component '%.100s'", id ? id : ""); goto end; }
  if (options_json && *options_json &&
      (!(opts = sf_json_parse_strict(options_json, strlen(options_json), OPTIONS_MAX_DEPTH, &err)) ||
       check_options(opts, &err)))
    goto end;
  sf_js_join(path, sizeof path, "components", vc->id, 0);
  if ((patch = cJSON_GetObjectItemCaseSensitive(opts, "config"))) {
    /* the patch over the spec's config, validated as the spec's was; the type stays */
    if (!(patched = cJSON_Duplicate(vc->spec, 1)) || merge_patch(patched, patch) ||
        (cJSON_DeleteItemFromObjectCaseSensitive(patched, "type"),
         !sf_json_put(patched, "type", cJSON_CreateString(vc->comp->name)))) {
      sf_oom(&err);
      goto end;
    }
    if (sf_config_build(patched, path, e->view->table, &e->view->roles, NULL, &cfg, &err)) goto end;
  }
  if (compose(e, vc->id, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(opts, "unfiltered")), &rows, &err)) goto end;
  sf_run_kernel(vc->comp, e->view->table, &rows, patch ? &cfg : &vc->config, &e->view->roles,
                cJSON_GetObjectItemCaseSensitive(e->view->spec, "slices"), path, &result, &err);
end:
  if (!result) sf_engine_set_error(e, &err);
  sf_bitmap_free(&rows);
  sf_config_free(&cfg);
  cJSON_Delete(patched);
  cJSON_Delete(opts);
  return result;
}
