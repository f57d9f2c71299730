/* schema.c — a component's config checked against its schema.json, the subset
 * web/validate.js supports (type, properties, required, additionalProperties
 * false, enum, const, minimum, maximum, items, minItems, maxItems, maxLength;
 * default, x-field and x-role are used by config.c). The same mistake gets the
 * same message as web/validate.js check() / validateComponent() / sanitize(),
 * byte for byte, with the same path and in the same order of checks. */
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PATH_CAP 512
#define GUARD_DEPTH 64
#define GUARD_STRING 10000
#define GUARD_ARRAY 100000
#define GUARD_KEYS 1000

static int fail(sf_error *err, const char *path, const char *msg) {
  if (!*path) return sf_fail(err, SF_EINPUT, 0, 0, "%s", msg);
  return sf_fail(err, SF_EINPUT, 0, 0, "%s: %s", path, msg);
}

/* JSON.stringify(v) for a schema's const or enum value. */
static void stringify(const cJSON *v, char *buf, size_t cap) {
  char *s;
  if (cJSON_IsString(v)) { sf_js_quote(buf, 0, cap, v->valuestring); return; }
  if (cJSON_IsNumber(v)) { sf_js_number(v->valuedouble, buf, cap); return; }
  if (cJSON_IsBool(v)) { snprintf(buf, cap, "%s", cJSON_IsTrue(v) ? "true" : "false"); return; }
  if (cJSON_IsNull(v)) { snprintf(buf, cap, "null"); return; }
  s = sf_json_print(v);
  snprintf(buf, cap, "%s", s ? s : "?");
  sf_free(s);
}

/* JavaScript's === on JSON values: objects and arrays are never equal. */
static int strict_equal(const cJSON *a, const cJSON *b) {
  if (cJSON_IsNumber(a) && cJSON_IsNumber(b)) return a->valuedouble == b->valuedouble;
  if (cJSON_IsString(a) && cJSON_IsString(b)) return strcmp(a->valuestring, b->valuestring) == 0;
  if (cJSON_IsBool(a) && cJSON_IsBool(b)) return cJSON_IsTrue(a) == cJSON_IsTrue(b);
  return cJSON_IsNull(a) && cJSON_IsNull(b);
}

static int is_integer(const cJSON *v) {
  return cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble == floor(v->valuedouble);
}

static int has_type(const cJSON *v, const char *t) {
  if (!strcmp(t, "number")) return cJSON_IsNumber(v);
  if (!strcmp(t, "integer")) return is_integer(v);
  if (!strcmp(t, "string")) return cJSON_IsString(v);
  if (!strcmp(t, "boolean")) return cJSON_IsBool(v);
  if (!strcmp(t, "null")) return cJSON_IsNull(v);
  if (!strcmp(t, "array")) return cJSON_IsArray(v);
  if (!strcmp(t, "object")) return cJSON_IsObject(v);
  return 0;
}

static const char *article(const char *t) { return strchr("aeiou", t[0]) && t[0] ? "an" : "a"; }

/* "must be an integer from 1 to 1000", "must be a number of at least 0", ... */
static int describe_number(const cJSON *s, const char *kind, const char *path, sf_error *err) {
  const cJSON *mn = cJSON_GetObjectItemCaseSensitive(s, "minimum");
  const cJSON *mx = cJSON_GetObjectItemCaseSensitive(s, "maximum");
  char a[40], b[40], msg[200];
  if (mn) sf_js_number(mn->valuedouble, a, sizeof a);
  if (mx) sf_js_number(mx->valuedouble, b, sizeof b);
  if (mn && mx) snprintf(msg, sizeof msg, "must be %s %s from %s to %s", article(kind), kind, a, b);
  else if (mn) snprintf(msg, sizeof msg, "must be %s %s of at least %s", article(kind), kind, a);
  else if (mx) snprintf(msg, sizeof msg, "must be %s %s of at most %s", article(kind), kind, b);
  else snprintf(msg, sizeof msg, "must be %s %s", article(kind), kind);
  return fail(err, path, msg);
}

static int check(const cJSON *v, const cJSON *s, const char *path, int skip_common, sf_error *err);

static int check_type(const cJSON *v, const cJSON *s, const char *path, int *has_integer, sf_error *err) {
  const cJSON *type = cJSON_GetObjectItemCaseSensitive(s, "type"), *t;
  const char *numeric = NULL;
  char msg[300];
  size_t len, n = 0;
  int ok = 0;
  *has_integer = 0;
  if (!type) return SF_OK; /* one type or a list of them */
  for (t = cJSON_IsArray(type) ? type->child : type; t; t = cJSON_IsArray(type) ? t->next : NULL) {
    if (!cJSON_IsString(t)) continue;
    n++;
    ok |= has_type(v, t->valuestring);
    if (!strcmp(t->valuestring, "integer")) *has_integer = 1;
    if (!numeric && (!strcmp(t->valuestring, "integer") || !strcmp(t->valuestring, "number"))) numeric = t->valuestring;
  }
  if (!n || ok) return SF_OK;
  if (numeric && n == 1) return describe_number(s, numeric, path, err);
  len = (size_t)snprintf(msg, sizeof msg, "must be");
  for (t = cJSON_IsArray(type) ? type->child : type, n = 0; t; t = cJSON_IsArray(type) ? t->next : NULL) {
    if (!cJSON_IsString(t)) continue;
    if (len < sizeof msg)
      len += (size_t)snprintf(msg + len, sizeof msg - len, "%s %s %s", n++ ? " or" : "", article(t->valuestring),
                              t->valuestring);
  }
  return fail(err, path, msg);
}

static int check_array(const cJSON *v, const cJSON *s, const char *path, sf_error *err) {
  const cJSON *mn = cJSON_GetObjectItemCaseSensitive(s, "minItems");
  const cJSON *mx = cJSON_GetObjectItemCaseSensitive(s, "maxItems");
  const cJSON *items = cJSON_GetObjectItemCaseSensitive(s, "items"), *it;
  double n = (double)cJSON_GetArraySize(v);
  char msg[100], sub[PATH_CAP], num[40];
  size_t i = 0;
  int rc;
  if (cJSON_IsNumber(mn) && n < mn->valuedouble) {
    sf_js_number(mn->valuedouble, num, sizeof num);
    snprintf(msg, sizeof msg, "must have at least %s items", num);
    return fail(err, path, msg);
  }
  if (cJSON_IsNumber(mx) && n > mx->valuedouble) {
    sf_js_number(mx->valuedouble, num, sizeof num);
    snprintf(msg, sizeof msg, "must have at most %s items", num);
    return fail(err, path, msg);
  }
  if (!items) return SF_OK;
  for (it = v->child; it; it = it->next, i++) {
    sf_js_join(sub, sizeof sub, path, NULL, i);
    if ((rc = check(it, items, sub, 0, err))) return rc;
  }
  return SF_OK;
}

static int common_key(const char *k) { return !strcmp(k, "type") || !strcmp(k, "title") || !strcmp(k, "note"); }

/* Required keys first (in the schema's order), then each member in JS order. */
static int check_object(const cJSON *v, const cJSON *s, const char *path, int skip_common, sf_error *err) {
  const cJSON *props = cJSON_GetObjectItemCaseSensitive(s, "properties");
  const cJSON *addl = cJSON_GetObjectItemCaseSensitive(s, "additionalProperties"), *it, **members = NULL;
  char sub[PATH_CAP], msg[PATH_CAP];
  size_t i, n = 0, len;
  int rc = SF_OK;
  cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(s, "required")) {
    if (!cJSON_IsString(it) || cJSON_GetObjectItemCaseSensitive(v, it->valuestring)) continue;
    sf_js_join(sub, sizeof sub, path, it->valuestring, 0);
    return fail(err, sub, "is required");
  }
  if ((rc = sf_js_members(v, &members, &n, err))) return rc;
  for (i = 0; i < n && !rc; i++) {
    const cJSON *m = members[i], *prop = cJSON_GetObjectItemCaseSensitive(props, m->string);
    if (skip_common && common_key(m->string) && !(prop && strcmp(m->string, "type"))) continue;
    sf_js_join(sub, sizeof sub, path, m->string, 0);
    if (prop) {
      rc = check(m, prop, sub, 0, err);
    } else if (cJSON_IsFalse(addl)) {
      len = (size_t)snprintf(msg, sizeof msg, "unknown key");
      cJSON_ArrayForEach(it, props)
        if (len < sizeof msg)
          len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", it == props->child ? " (allowed: " : ", ", it->string);
      if (props && props->child && len < sizeof msg) snprintf(msg + len, sizeof msg - len, ")");
      rc = fail(err, sub, msg);
    } else if (cJSON_IsObject(addl)) {
      rc = check(m, addl, sub, 0, err);
    }
  }
  sf_free((void *)members);
  return rc;
}

static int check(const cJSON *v, const cJSON *s, const char *path, int skip_common, sf_error *err) {
  const cJSON *cst, *en, *it, *mn, *mx, *ml;
  char msg[PATH_CAP], val[200];
  size_t len;
  int rc, has_integer;
  if (!cJSON_IsObject(s)) return SF_OK;
  if ((cst = cJSON_GetObjectItemCaseSensitive(s, "const")) && !strict_equal(v, cst)) {
    stringify(cst, val, sizeof val);
    snprintf(msg, sizeof msg, "must be %s", val);
    return fail(err, path, msg);
  }
  if (cJSON_IsArray(en = cJSON_GetObjectItemCaseSensitive(s, "enum"))) {
    int found = 0;
    cJSON_ArrayForEach(it, en) found |= strict_equal(v, it);
    if (!found) {
      len = (size_t)snprintf(msg, sizeof msg, "must be one of ");
      cJSON_ArrayForEach(it, en) {
        stringify(it, val, sizeof val);
        if (len < sizeof msg) len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", it == en->child ? "" : ", ", val);
      }
      return fail(err, path, msg);
    }
  }
  if ((rc = check_type(v, s, path, &has_integer, err))) return rc;
  mn = cJSON_GetObjectItemCaseSensitive(s, "minimum");
  mx = cJSON_GetObjectItemCaseSensitive(s, "maximum");
  if (cJSON_IsNumber(v) && ((cJSON_IsNumber(mn) && v->valuedouble < mn->valuedouble) ||
                            (cJSON_IsNumber(mx) && v->valuedouble > mx->valuedouble)))
    return describe_number(s, is_integer(v) && has_integer ? "integer" : "number", path, err);
  ml = cJSON_GetObjectItemCaseSensitive(s, "maxLength");
  if (cJSON_IsString(v) && cJSON_IsNumber(ml) && (double)sf_js_length(v->valuestring) > ml->valuedouble) {
    sf_js_number(ml->valuedouble, val, sizeof val);
    snprintf(msg, sizeof msg, "must be at most %s characters", val);
    return fail(err, path, msg);
  }
  if (cJSON_IsArray(v)) return check_array(v, s, path, err);
  if (cJSON_IsObject(v)) return check_object(v, s, path, skip_common, err);
  return SF_OK;
}

int sf_schema_check(const cJSON *value, const cJSON *schema, const char *path, sf_error *err) {
  return check(value, schema, path, 0, err);
}

/* The keys every component has: a string of at most max characters. */
static int check_common(const cJSON *comp, const cJSON *props, const char *key, double max, const char *path,
                        sf_error *err) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(comp, key);
  char sub[PATH_CAP], msg[80];
  if (!v || cJSON_GetObjectItemCaseSensitive(props, key)) return SF_OK;
  sf_js_join(sub, sizeof sub, path, key, 0);
  if (!cJSON_IsString(v)) return fail(err, sub, "must be a string");
  if ((double)sf_js_length(v->valuestring) > max) {
    snprintf(msg, sizeof msg, "must be at most %.0f characters", max);
    return fail(err, sub, msg);
  }
  return SF_OK;
}

int sf_component_check_schema(const cJSON *comp, const char *path, const sf_component **comp_out,
                              cJSON **schema_out, sf_error *err) {
  const cJSON *type = cJSON_GetObjectItemCaseSensitive(comp, "type");
  const sf_component *c;
  cJSON *schema = NULL;
  char sub[PATH_CAP], msg[PATH_CAP];
  size_t i, len;
  int rc = SF_OK;
  if (comp_out) *comp_out = NULL;
  if (schema_out) *schema_out = NULL;
  if (!cJSON_IsObject(comp)) return fail(err, path, "must be an object with a \"type\"");
  sf_js_join(sub, sizeof sub, path, "type", 0);
  if (!cJSON_IsString(type)) return fail(err, sub, "is required (the component type)");
  if (!(c = sf_component_find(type->valuestring))) {
    len = (size_t)snprintf(msg, sizeof msg, "unknown component type ");
    len = sf_js_quote(msg, len, sizeof msg, type->valuestring);
    for (i = 0; i < sf_ncomponents && len < sizeof msg; i++)
      len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", i ? ", " : " (known: ", sf_components[i].name);
    if (len < sizeof msg) snprintf(msg + len, sizeof msg - len, ")");
    return fail(err, sub, msg);
  }
  if (!(schema = sf_component_schema(c, err))) return err->code;
  {
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
    if ((rc = check_common(comp, props, "title", 200, path, err)) ||
        (rc = check_common(comp, props, "note", 10000, path, err)))
      goto end;
  }
  /* the config: the component without its common keys, as an object */
  if ((rc = check_object(comp, schema, path, 1, err))) goto end;
  if (comp_out) *comp_out = c;
  if (schema_out) { *schema_out = schema; schema = NULL; }
end:
  cJSON_Delete(schema);
  return rc;
}

int sf_component_check(const cJSON *comp, const char *path, const sf_component **comp_out, sf_error *err) {
  return sf_component_check_schema(comp, path, comp_out, NULL, err);
}

/* web/validate.js sanitize(): depth, sizes and reserved keys, in document order. */
static int guard(const cJSON *v, const char *path, int depth, sf_error *err) {
  const cJSON **members = NULL, *it;
  char sub[PATH_CAP], msg[120];
  size_t i, n = 0;
  int rc = SF_OK;
  if (depth > GUARD_DEPTH) {
    snprintf(msg, sizeof msg, "nested deeper than %d levels", GUARD_DEPTH);
    return fail(err, path, msg);
  }
  if (cJSON_IsString(v) && sf_js_length(v->valuestring) > GUARD_STRING) {
    snprintf(msg, sizeof msg, "string is longer than %d characters", GUARD_STRING);
    return fail(err, path, msg);
  }
  if (cJSON_IsArray(v)) {
    if (cJSON_GetArraySize(v) > GUARD_ARRAY) {
      snprintf(msg, sizeof msg, "array has more than %d items", GUARD_ARRAY);
      return fail(err, path, msg);
    }
    for (it = v->child, i = 0; it && !rc; it = it->next, i++) {
      sf_js_join(sub, sizeof sub, path, NULL, i);
      rc = guard(it, sub, depth + 1, err);
    }
    return rc;
  }
  if (!cJSON_IsObject(v)) return SF_OK;
  if (cJSON_GetArraySize(v) > GUARD_KEYS) {
    snprintf(msg, sizeof msg, "object has more than %d keys", GUARD_KEYS);
    return fail(err, path, msg);
  }
  if ((rc = sf_js_members(v, &members, &n, err))) return rc;
  for (i = 0; i < n && !rc; i++) {
    const char *k = members[i]->string;
    sf_js_join(sub, sizeof sub, path, k, 0);
    if (!strcmp(k, "__proto__") || !strcmp(k, "constructor") || !strcmp(k, "prototype")) {
      snprintf(msg, sizeof msg, "the key \"%s\" is not allowed", k);
      rc = fail(err, sub, msg);
    } else {
      rc = guard(members[i], sub, depth + 1, err);
    }
  }
  sf_free((void *)members);
  return rc;
}

int sf_json_guard(const cJSON *v, const char *path, sf_error *err) { return guard(v, path, 1, err); }
