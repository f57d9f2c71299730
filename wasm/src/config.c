/* config.c — a component's config made ready for its kernel: checked against
 * its schema.json (schema.c), defaults filled, column names ("x-field") resolved
 * to column indices, and role defaults ("x-role") filled in from the view's
 * roles; then read by the kernel through accessors that cannot fail. */
#include "internal.h"
#include <stdio.h>
#include <string.h>

#define PATH_CAP 512

void sf_config_free(sf_config *c) {
  size_t i;
  for (i = 0; i < c->ncols; i++) {
    sf_free(c->cols[i].key);
    sf_free(c->cols[i].cols);
  }
  sf_free(c->cols);
  cJSON_Delete(c->json);
  memset(c, 0, sizeof *c);
}

/* Fill the schema's defaults into obj, and into the nested objects it holds. */
static int fill_defaults(cJSON *obj, const cJSON *schema) {
  const cJSON *prop, *def;
  cJSON_ArrayForEach(prop, cJSON_GetObjectItemCaseSensitive(schema, "properties")) {
    cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, prop->string);
    if (!v && (def = cJSON_GetObjectItemCaseSensitive(prop, "default"))) {
      cJSON *copy = cJSON_Duplicate(def, 1);
      if (!copy || !cJSON_AddItemToObject(obj, prop->string, copy)) { cJSON_Delete(copy); return SF_ENOMEM; }
    } else if (cJSON_IsObject(v) && fill_defaults(v, prop)) {
      return SF_ENOMEM;
    }
  }
  return SF_OK;
}

/* Record the columns a key resolved to. */
static int add_cols(sf_config *c, const char *key, size_t n, int **cols) {
  sf_config_cols *grown = sf_realloc_array(c->cols, c->ncols + 1, sizeof *c->cols);
  if (!grown) return SF_ENOMEM;
  c->cols = grown;
  memset(&c->cols[c->ncols], 0, sizeof *c->cols);
  if (!(c->cols[c->ncols].key = sf_strdup(key)) || !(c->cols[c->ncols].cols = sf_calloc(n ? n : 1, sizeof(int)))) {
    sf_free(c->cols[c->ncols].key);
    return SF_ENOMEM;
  }
  c->cols[c->ncols].n = n;
  *cols = c->cols[c->ncols++].cols;
  return SF_OK;
}

/* The column a name in the config names, of the kind its "x-field" asks: "number",
 * "category" (not numbers), "any" (one value per row: not a vector), "vector", or
 * "any-or-vector". */
static int find_column(const sf_table *t, const cJSON *v, const char *want, const char *path, int *col,
                       sf_error *err) {
  int vec;
  *col = sf_table_find(t, v->valuestring);
  if (*col < 0) return sf_fail(err, SF_EINPUT, 0, 0, "%s: no column named '%s'", path, v->valuestring);
  vec = t->cols[*col].type == SF_VECTOR;
  if (want && !strcmp(want, "vector") && !vec)
    return sf_fail(err, SF_EINPUT, 0, 0, "%s: must name a vector column ('%s' holds %s)", path, v->valuestring,
                   sf_type_name(t->cols[*col].type));
  if (vec && (!want || (strcmp(want, "vector") && strcmp(want, "any-or-vector"))))
    return sf_fail(err, SF_EINPUT, 0, 0, "%s: '%s' holds vectors (%zu numbers a row); name a column of single values",
                   path, v->valuestring, t->cols[*col].dim);
  if (want && !strcmp(want, "number") && t->cols[*col].type != SF_NUMBER)
    return sf_fail(err, SF_EINPUT, 0, 0, "%s: must name a number column ('%s' holds %s)", path, v->valuestring,
                   sf_type_name(t->cols[*col].type));
  if (want && !strcmp(want, "category") && t->cols[*col].type == SF_NUMBER)
    return sf_fail(err, SF_EINPUT, 0, 0, "%s: must name a column of categories ('%s' holds numbers)", path,
                   v->valuestring);
  return SF_OK;
}

static const char *xfield(const cJSON *prop) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(prop, "x-field");
  return cJSON_IsString(x) ? x->valuestring : NULL;
}

typedef struct resolver {
  const sf_table *t;
  const sf_roles *roles;
  sf_config *cfg;
  sf_error *err;
} resolver;

/* Resolve the column-valued keys of obj (at path, its keys named prefix + key). */
static int resolve(resolver *r, cJSON *obj, const cJSON *schema, const char *path, const char *prefix) {
  const cJSON *prop, *it;
  char sub[PATH_CAP], key[PATH_CAP], item[PATH_CAP];
  int rc = SF_OK, *cols;
  cJSON_ArrayForEach(prop, cJSON_GetObjectItemCaseSensitive(schema, "properties")) {
    cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, prop->string);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(prop, "items"), *role = cJSON_GetObjectItemCaseSensitive(prop, "x-role");
    const char *want = xfield(prop);
    size_t i = 0;
    sf_js_join(sub, sizeof sub, path, prop->string, 0);
    snprintf(key, sizeof key, "%s%s", prefix, prop->string);
    if ((!v || cJSON_IsNull(v)) && cJSON_IsString(role)) { /* the column with this role */
      sf_role want_role;
      int col = sf_role_parse(role->valuestring, &want_role) ? -1 : sf_roles_find(r->roles, want_role);
      cJSON *name;
      if (col < 0)
        return sf_fail(r->err, SF_EINPUT, 0, 0,
                       "%s: no column has the role %s; set one in the spec's columns or in this component's config",
                       sub, role->valuestring);
      if (!(name = cJSON_CreateString(r->t->cols[col].name))) return sf_oom(r->err);
      if (v ? !cJSON_ReplaceItemViaPointer(obj, v, name) : !cJSON_AddItemToObject(obj, prop->string, name)) {
        cJSON_Delete(name);
        return sf_oom(r->err);
      }
      v = name;
    }
    if (!v) continue;
    if (cJSON_IsString(v) && want) {
      if (add_cols(r->cfg, key, 1, &cols)) return sf_oom(r->err);
      if ((rc = find_column(r->t, v, want, sub, &cols[0], r->err))) return rc;
    } else if (cJSON_IsArray(v) && (want || xfield(items))) {
      if (add_cols(r->cfg, key, (size_t)cJSON_GetArraySize(v), &cols)) return sf_oom(r->err);
      for (it = v->child; it; it = it->next, i++) {
        sf_js_join(item, sizeof item, sub, NULL, i);
        if ((rc = find_column(r->t, it, xfield(items) ? xfield(items) : want, item, &cols[i], r->err))) return rc;
      }
    } else if (cJSON_IsObject(v)) {
      snprintf(key, sizeof key, "%s%s.", prefix, prop->string);
      if ((rc = resolve(r, v, prop, sub, key))) return rc;
    }
  }
  return SF_OK;
}

int sf_config_build(const cJSON *comp, const char *path, const sf_table *t, const sf_roles *roles,
                    const sf_component **comp_out, sf_config *out, sf_error *err) {
  cJSON *schema = NULL;
  resolver r;
  int rc;
  memset(out, 0, sizeof *out);
  if ((rc = sf_component_check_schema(comp, path, comp_out, &schema, err))) goto end;
  if (!(out->json = cJSON_Duplicate(comp, 1)) || fill_defaults(out->json, schema)) { rc = sf_oom(err); goto end; }
  r.t = t;
  r.roles = roles;
  r.cfg = out;
  r.err = err;
  rc = resolve(&r, out->json, schema, path, "");
end:
  cJSON_Delete(schema);
  if (rc) sf_config_free(out);
  return rc;
}

/* ---- accessors ----------------------------------------------------------- */

static const cJSON *lookup(const sf_call *call, const char *key) {
  const cJSON *v = call->config ? call->config->json : NULL;
  char part[128];
  while (v && *key) {
    size_t n = strcspn(key, ".");
    snprintf(part, sizeof part, "%.*s", (int)n, key);
    v = cJSON_GetObjectItemCaseSensitive(v, part);
    key += n + (key[n] == '.');
  }
  return v && !cJSON_IsNull(v) ? v : NULL;
}

const cJSON *sf_config_get(const sf_call *call, const char *key) { return lookup(call, key); }

long sf_config_int(const sf_call *call, const char *key) {
  const cJSON *v = lookup(call, key);
  return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

double sf_config_number(const sf_call *call, const char *key) {
  const cJSON *v = lookup(call, key);
  return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

int sf_config_bool(const sf_call *call, const char *key) { return cJSON_IsTrue(lookup(call, key)); }

const char *sf_config_string(const sf_call *call, const char *key) {
  const cJSON *v = lookup(call, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const sf_config_cols *cols_of(const sf_call *call, const char *key) {
  size_t i;
  if (!call->config) return NULL;
  for (i = 0; i < call->config->ncols; i++)
    if (!strcmp(call->config->cols[i].key, key)) return &call->config->cols[i];
  return NULL;
}

int sf_config_column(const sf_call *call, const char *key) {
  const sf_config_cols *c = cols_of(call, key);
  return c && c->n == 1 ? c->cols[0] : -1;
}

const int *sf_config_columns(const sf_call *call, const char *key, size_t *n) {
  const sf_config_cols *c = cols_of(call, key);
  *n = c ? c->n : 0;
  return c ? c->cols : NULL;
}

sf_role sf_call_role(const sf_call *call, int col) {
  return call->roles && call->roles->role ? call->roles->role[col] : call->table->cols[col].role;
}

const char *sf_call_class(const sf_call *call, int col) {
  return call->roles && call->roles->cls ? call->roles->cls[col] : call->table->cols[col].score_class;
}

int sf_call_threshold(const sf_call *call, int *score, double *value) {
  if (!call->roles || !call->roles->thr_set) return 0;
  *score = call->roles->thr_score;
  *value = call->roles->thr_value;
  return 1;
}
