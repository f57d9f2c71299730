/* spec.c — a spec (DESIGN.md "The spec") parsed strictly and checked without data.
 * A spec is untrusted input: unknown keys, wrong types, reserved names
 * (__proto__, constructor, prototype), oversize values and deep nesting are
 * errors naming the path. The page (web/spec.js validate()) checks the same
 * spec the same way: the same mistake gets the same message, byte for byte,
 * with the same path and in the same order of checks:
 *   1. a version newer than this build (before anything else: a newer spec may
 *      hold keys this build does not know);
 *   2. the guards (sf_json_guard, as sanitize());
 *   3. the shape, web/spec.schema.json (embedded as sf_spec_schema), with
 *      schema.c, as check();
 *   4. what a schema cannot say: data.url and data.delimiter, component ids and
 *      each component against its schema.json, the filters' predicates and
 *      sources, the named slices' names and filters, the layout's references.
 * Column names are checked when the spec meets a table (sf_view_set). */
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define SPEC_MAX_DEPTH 64
#define PATH_CAP 1024
#define ID_RULE "1 to 64 letters, digits, \"_\" or \"-\""

static int fail(sf_error *err, const char *path, const char *msg) {
  if (!*path) return sf_fail(err, SF_EINPUT, 0, 0, "%s", msg);
  return sf_fail(err, SF_EINPUT, 0, 0, "%s: %s", path, msg);
}

/* A component id: 1 to 64 of [A-Za-z0-9_-]. */
static int valid_id(const char *s) {
  size_t n = 0;
  for (; s[n]; n++) {
    char c = s[n];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return 0;
  }
  return n >= 1 && n <= 64;
}

/* A delimiter the reader takes (web/spec.js isDelimiter): one ASCII character,
 * not a quote or a line end. */
static int valid_delimiter(const char *d) {
  return strlen(d) == 1 && (unsigned char)d[0] < 0x80 && d[0] != '"' && d[0] != '\r' && d[0] != '\n';
}

/* What the schema cannot say about data: the URL's scheme and the delimiter rule. */
static int check_data(const cJSON *data, sf_error *err) {
  const cJSON *url = cJSON_GetObjectItemCaseSensitive(data, "url");
  const cJSON *delim = cJSON_GetObjectItemCaseSensitive(data, "delimiter");
  if (cJSON_IsString(url) && strncmp(url->valuestring, "https://", 8) != 0)
    return fail(err, "data.url", "must be an https: URL");
  if (cJSON_IsString(delim) && !valid_delimiter(delim->valuestring))
    return fail(err, "data.delimiter",
                "must be one ASCII character (such as \",\", \";\", \"|\" or a tab), not a quote or a line end");
  return SF_OK;
}

/* A predicate's keys other than "source" (when allowed) must all be in allowed;
 * the first one that is not, in JavaScript's key order, is named. */
static int only(const cJSON *p, const char *path, int allow_source, const char *const *allowed, size_t nallowed,
                sf_error *err) {
  const cJSON **members = NULL;
  char sub[PATH_CAP], msg[200];
  size_t i, k, n = 0, len;
  int rc;
  if ((rc = sf_js_members(p, &members, &n, err))) return rc;
  for (i = 0; i < n && !rc; i++) {
    const char *key = members[i]->string;
    if (allow_source && !strcmp(key, "source")) continue;
    for (k = 0; k < nallowed && strcmp(key, allowed[k]); k++) {}
    if (k < nallowed) continue;
    len = (size_t)snprintf(msg, sizeof msg, "unknown key (allowed: ");
    for (k = 0; k < nallowed && len < sizeof msg; k++)
      len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", k ? ", " : "", allowed[k]);
    if (len < sizeof msg) snprintf(msg + len, sizeof msg - len, ")");
    sf_js_join(sub, sizeof sub, path, key, 0);
    rc = fail(err, sub, msg);
  }
  sf_free((void *)members);
  return rc;
}

static int check_predicate(const cJSON *p, const char *path, int allow_source, sf_error *err);

/* before + JSON.stringify(s) + after, as a message. */
static void quoted(char *msg, size_t cap, const char *before, const char *s, const char *after) {
  size_t len = (size_t)snprintf(msg, cap, "%s", before);
  if (len >= cap) return;
  len = sf_js_quote(msg, len, cap, s);
  if (len < cap) snprintf(msg + len, cap - len, "%s", after);
}

/* {"and": [...]} / {"or": [...]}: an array of predicates (which carry no source). */
static int check_list(const cJSON *p, const char *path, int allow_source, const char *op, sf_error *err) {
  const cJSON *list = cJSON_GetObjectItemCaseSensitive(p, op), *q;
  char sub[PATH_CAP], item[PATH_CAP];
  size_t i = 0;
  int rc;
  if ((rc = only(p, path, allow_source, &op, 1, err))) return rc;
  sf_js_join(sub, sizeof sub, path, op, 0);
  if (!cJSON_IsArray(list)) return fail(err, sub, "must be an array of predicates");
  for (q = list->child; q; q = q->next, i++) {
    sf_js_join(item, sizeof item, sub, NULL, i);
    if ((rc = check_predicate(q, item, 0, err))) return rc;
  }
  return SF_OK;
}

/* {"rows": [ids]}: integers of at least 0. */
static int check_rows(const cJSON *p, const char *path, int allow_source, sf_error *err) {
  static const char *const allowed[] = {"rows"};
  const cJSON *rows = cJSON_GetObjectItemCaseSensitive(p, "rows"), *v;
  char sub[PATH_CAP], item[PATH_CAP];
  size_t i = 0;
  int rc;
  if ((rc = only(p, path, allow_source, allowed, 1, err))) return rc;
  sf_js_join(sub, sizeof sub, path, "rows", 0);
  if (!cJSON_IsArray(rows)) return fail(err, sub, "must be an array of row ids");
  for (v = rows->child; v; v = v->next, i++) {
    if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) && v->valuedouble >= 0) continue;
    sf_js_join(item, sizeof item, sub, NULL, i);
    return fail(err, item, "must be a row id (an integer of at least 0)");
  }
  return SF_OK;
}

/* {"field", "in"} or {"field", "range"}. */
static int check_field(const cJSON *p, const char *path, int allow_source, sf_error *err) {
  static const char *const with_in[] = {"field", "in"}, *const with_range[] = {"field", "range"};
  const cJSON *field = cJSON_GetObjectItemCaseSensitive(p, "field");
  const cJSON *in = cJSON_GetObjectItemCaseSensitive(p, "in");
  const cJSON *range = cJSON_GetObjectItemCaseSensitive(p, "range"), *v;
  char sub[PATH_CAP], item[PATH_CAP];
  size_t i = 0;
  int rc;
  if (!cJSON_IsString(field) || !field->valuestring[0]) {
    sf_js_join(sub, sizeof sub, path, "field", 0);
    return fail(err, sub, "must be a column name");
  }
  if (in) {
    if ((rc = only(p, path, allow_source, with_in, 2, err))) return rc;
    sf_js_join(sub, sizeof sub, path, "in", 0);
    if (!cJSON_IsArray(in)) return fail(err, sub, "must be an array of values");
    for (v = in->child; v; v = v->next, i++) {
      if (cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v) || cJSON_IsNull(v)) continue;
      sf_js_join(item, sizeof item, sub, NULL, i);
      return fail(err, item, "must be a string, number, boolean or null");
    }
    return SF_OK;
  }
  if (range) {
    if ((rc = only(p, path, allow_source, with_range, 2, err))) return rc;
    sf_js_join(sub, sizeof sub, path, "range", 0);
    if (!cJSON_IsArray(range) || cJSON_GetArraySize(range) != 2 || !cJSON_IsNumber(range->child) ||
        !cJSON_IsNumber(range->child->next))
      return fail(err, sub, "must be [low, high], two numbers");
    if (range->child->valuedouble > range->child->next->valuedouble)
      return fail(err, sub, "must be [low, high] with low \xe2\x89\xa4 high");
    return SF_OK;
  }
  return fail(err, path, "a predicate on a field needs \"in\" or \"range\"");
}

/* A predicate tree (the filter language of DESIGN.md), as web/spec.js
 * checkPredicate(): its kind is chosen by and/or, then not, rows, field. */
static int check_predicate(const cJSON *p, const char *path, int allow_source, sf_error *err) {
  static const char *const not_[] = {"not"};
  const cJSON *source;
  char sub[PATH_CAP];
  int rc;
  if (!cJSON_IsObject(p)) return fail(err, path, "must be an object (a predicate)");
  source = allow_source ? cJSON_GetObjectItemCaseSensitive(p, "source") : NULL;
  if (source && (!cJSON_IsString(source) || !valid_id(source->valuestring))) {
    sf_js_join(sub, sizeof sub, path, "source", 0);
    return fail(err, sub, "must be a component id (" ID_RULE ")");
  }
  if (cJSON_GetObjectItemCaseSensitive(p, "and")) return check_list(p, path, allow_source, "and", err);
  if (cJSON_GetObjectItemCaseSensitive(p, "or")) return check_list(p, path, allow_source, "or", err);
  if (cJSON_GetObjectItemCaseSensitive(p, "not")) {
    if ((rc = only(p, path, allow_source, not_, 1, err))) return rc;
    sf_js_join(sub, sizeof sub, path, "not", 0);
    return check_predicate(cJSON_GetObjectItemCaseSensitive(p, "not"), sub, 0, err);
  }
  if (cJSON_GetObjectItemCaseSensitive(p, "rows")) return check_rows(p, path, allow_source, err);
  if (cJSON_GetObjectItemCaseSensitive(p, "field")) return check_field(p, path, allow_source, err);
  return fail(err, path, "must be a predicate: one of {field, in}, {field, range}, {and}, {or}, {not}, {rows}");
}

/* Each filter is a predicate that may name the component that made it. */
static int check_filters(const cJSON *filters, const cJSON *comps, sf_error *err) {
  const cJSON *f, *src;
  char path[32], sub[64], msg[200];
  size_t i = 0;
  int rc;
  for (f = filters->child; f; f = f->next, i++) {
    snprintf(path, sizeof path, "filters[%zu]", i);
    if ((rc = check_predicate(f, path, 1, err))) return rc;
    src = cJSON_GetObjectItemCaseSensitive(f, "source");
    if (src && !cJSON_GetObjectItemCaseSensitive(comps, src->valuestring)) {
      snprintf(sub, sizeof sub, "%s.source", path);
      quoted(msg, sizeof msg, "names no component (", src->valuestring, ")");
      return fail(err, sub, msg);
    }
  }
  return SF_OK;
}

/* Each named slice: a name that is not empty and not an earlier slice's, then its
 * filter, a predicate without "source" (the schema has said the rest). */
static int check_slices(const cJSON *slices, sf_error *err) {
  const cJSON *s, *t;
  char path[40], sub[64], tail[80], msg[600];
  size_t i = 0, j;
  int rc;
  for (s = slices->child; s; s = s->next, i++) {
    const char *name = cJSON_GetObjectItemCaseSensitive(s, "name")->valuestring;
    snprintf(path, sizeof path, "slices[%zu]", i);
    snprintf(sub, sizeof sub, "%s.name", path);
    if (!*name) return fail(err, sub, "must not be empty");
    for (t = slices->child, j = 0; t != s; t = t->next, j++) {
      if (strcmp(cJSON_GetObjectItemCaseSensitive(t, "name")->valuestring, name)) continue;
      snprintf(tail, sizeof tail, " is the name of slices[%zu] too; slice names are unique", j);
      quoted(msg, sizeof msg, "", name, tail);
      return fail(err, sub, msg);
    }
    snprintf(sub, sizeof sub, "%s.filter", path);
    if ((rc = check_predicate(cJSON_GetObjectItemCaseSensitive(s, "filter"), sub, 0, err))) return rc;
  }
  return SF_OK;
}

/* Each component: its id, then its config against its schema.json (schema.c). */
static int check_components(const cJSON *comps, sf_error *err) {
  const cJSON **members = NULL;
  char path[PATH_CAP];
  size_t i, n = 0;
  int rc;
  if ((rc = sf_js_members(comps, &members, &n, err))) return rc;
  for (i = 0; i < n && !rc; i++) {
    sf_js_join(path, sizeof path, "components", members[i]->string, 0);
    if (!valid_id(members[i]->string))
      rc = fail(err, path, "a component id is " ID_RULE);
    else
      rc = sf_component_check(members[i], path, NULL, err);
  }
  sf_free((void *)members);
  return rc;
}

/* Does the layout name at's id before at? (At most 100 rows of 12: a scan is fine.) */
static int seen_before(const cJSON *rows, const cJSON *at) {
  const cJSON *row, *col;
  for (row = rows->child; row; row = row->next)
    for (col = cJSON_GetObjectItemCaseSensitive(row, "columns")->child; col; col = col->next) {
      if (col == at) return 0;
      if (!strcmp(col->valuestring, at->valuestring)) return 1;
    }
  return 0;
}

/* Every id in the layout names a component, once. */
static int check_layout(const cJSON *layout, const cJSON *comps, sf_error *err) {
  const cJSON *rows = cJSON_GetObjectItemCaseSensitive(layout, "rows"), *row, *col;
  char path[64], msg[600];
  size_t r = 0, c;
  for (row = rows->child; row; row = row->next, r++) {
    for (col = cJSON_GetObjectItemCaseSensitive(row, "columns")->child, c = 0; col; col = col->next, c++) {
      snprintf(path, sizeof path, "layout.rows[%zu].columns[%zu]", r, c);
      if (!cJSON_GetObjectItemCaseSensitive(comps, col->valuestring)) {
        quoted(msg, sizeof msg, "names no component (", col->valuestring, ")");
        return fail(err, path, msg);
      }
      if (seen_before(rows, col)) {
        quoted(msg, sizeof msg, "", col->valuestring, " appears twice in the layout");
        return fail(err, path, msg);
      }
    }
  }
  return SF_OK;
}

int sf_spec_check(const cJSON *spec, sf_error *err) {
  cJSON *schema = sf_json_parse_strict(sf_spec_schema, strlen(sf_spec_schema), SPEC_MAX_DEPTH, err);
  const cJSON *version, *v, *comps;
  char num[40];
  int rc = SF_OK;
  if (!schema) return err->code; /* only a build that embedded a broken spec.schema.json */
  version = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(schema, "properties"), "sinfonia"), "const");
  /* Said first: a newer spec may hold keys this build does not know. */
  v = cJSON_IsObject(spec) ? cJSON_GetObjectItemCaseSensitive(spec, "sinfonia") : NULL;
  if (cJSON_IsNumber(v) && cJSON_IsNumber(version) && v->valuedouble > version->valuedouble) {
    sf_js_number(v->valuedouble, num, sizeof num);
    rc = sf_fail(err, SF_EINPUT, 0, 0,
                 "this view was made by a newer Sinfonia (spec version %s); open it with a newer Sinfonia", num);
    goto end;
  }
  if ((rc = sf_json_guard(spec, "", err))) goto end;
  if (!cJSON_IsObject(spec)) { rc = fail(err, "", "a view must be a JSON object"); goto end; }
  if ((rc = sf_schema_check(spec, schema, "", err))) goto end;
  comps = cJSON_GetObjectItemCaseSensitive(spec, "components");
  if ((v = cJSON_GetObjectItemCaseSensitive(spec, "data")) && (rc = check_data(v, err))) goto end;
  if ((rc = check_components(comps, err))) goto end;
  if ((v = cJSON_GetObjectItemCaseSensitive(spec, "filters")) && (rc = check_filters(v, comps, err))) goto end;
  if ((v = cJSON_GetObjectItemCaseSensitive(spec, "slices")) && (rc = check_slices(v, err))) goto end;
  if ((v = cJSON_GetObjectItemCaseSensitive(spec, "layout")) && (rc = check_layout(v, comps, err))) goto end;
end:
  cJSON_Delete(schema);
  return rc;
}

cJSON *sf_spec_parse(const char *text, size_t len, sf_error *err) {
  cJSON *spec = sf_json_parse_strict(text, len, SPEC_MAX_DEPTH, err);
  if (spec && sf_spec_check(spec, err)) {
    cJSON_Delete(spec);
    spec = NULL;
  }
  return spec;
}
