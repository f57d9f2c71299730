/* spec.c — a spec (DESIGN.md "The spec") parsed strictly and checked without data.
 * A spec is untrusted input: unknown keys, wrong types, reserved names
 * (__proto__, constructor, prototype), oversize values and deep nesting are
 * errors naming the path. Each component is checked against its schema.json
 * (schema.c) with web/validate.js's messages; column names are checked when the
 * spec meets a table (sf_view_set). */
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define SPEC_VERSION 1
#define SPEC_MAX_DEPTH 64

static int valid_id(const char *s) {
  size_t n = 0;
  for (; s[n]; n++) {
    char c = s[n];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return 0;
  }
  return n >= 1 && n <= 64;
}

/* The data block names the file the view was made with and how it was read:
 * {"name", "rows", "fingerprint", "url", "format", "delimiter", "header"}. */
static int check_data(const cJSON *data, sf_error *err) {
  const cJSON *it;
  if (!cJSON_IsObject(data)) return sf_fail(err, SF_EINPUT, 0, 0, "data: must be an object");
  for (it = data->child; it; it = it->next) {
    const char *k = it->string, *s = cJSON_IsString(it) ? it->valuestring : NULL;
    if (!strcmp(k, "name") || !strcmp(k, "fingerprint") || !strcmp(k, "url")) {
      if (!s) return sf_fail(err, SF_EINPUT, 0, 0, "data.%s: must be a string", k);
    } else if (!strcmp(k, "rows")) {
      if (!cJSON_IsNumber(it) || it->valuedouble < 0 || it->valuedouble != floor(it->valuedouble))
        return sf_fail(err, SF_EINPUT, 0, 0, "data.rows: must be a whole number");
    } else if (!strcmp(k, "format")) {
      if (!s || (strcmp(s, "auto") && strcmp(s, "csv") && strcmp(s, "tsv") && strcmp(s, "json") && strcmp(s, "jsonl")))
        return sf_fail(err, SF_EINPUT, 0, 0, "data.format: must be one of auto, csv, tsv, json, jsonl");
    } else if (!strcmp(k, "delimiter")) {
      if (!s || strlen(s) != 1 || (unsigned char)s[0] >= 0x80 || s[0] == '"' || s[0] == '\r' || s[0] == '\n')
        return sf_fail(err, SF_EINPUT, 0, 0, "data.delimiter: must be one ASCII character other than a quote or line end");
    } else if (!strcmp(k, "header")) {
      if (!cJSON_IsBool(it)) return sf_fail(err, SF_EINPUT, 0, 0, "data.header: must be true or false");
    } else {
      return sf_fail(err, SF_EINPUT, 0, 0,
                     "data.%s: unknown key (data has name, rows, fingerprint, url, format, delimiter, header)", k);
    }
  }
  return SF_OK;
}

/* The spec's "columns" as web/spec.js's COLUMN_SCHEMA says, with its messages. */
static const char columns_schema[] =
    "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"object\",\"additionalProperties\":false,"
    "\"properties\":{\"type\":{\"enum\":[\"number\",\"category\",\"text\",\"bool\"]},"
    "\"role\":{\"enum\":[\"feature\",\"id\",\"label\",\"prediction\",\"score\",\"embedding\",\"text\",\"image\","
    "\"group\",\"split\",\"time\"]},\"class\":{\"type\":[\"string\",\"number\"],\"maxLength\":1000}}}}";

static int check_columns(const cJSON *cols, sf_error *err) {
  cJSON *schema = sf_json_parse_strict(columns_schema, sizeof columns_schema - 1, 8, err);
  int rc = schema ? sf_schema_check(cols, schema, "columns", err) : err->code;
  cJSON_Delete(schema);
  return rc;
}

static int check_filters(const cJSON *filters, const cJSON *comps, sf_error *err) {
  const cJSON *f, *src;
  size_t i = 0;
  char path[32];
  int rc;
  if (!cJSON_IsArray(filters)) return sf_fail(err, SF_EINPUT, 0, 0, "filters: must be an array of predicates");
  for (f = filters->child; f; f = f->next, i++) {
    snprintf(path, sizeof path, "filters[%zu]", i);
    if (!cJSON_IsObject(f)) return sf_fail(err, SF_EINPUT, 0, 0, "%s: must be a predicate object", path);
    if ((rc = sf_predicate_check(f, path, err))) return rc;
    src = cJSON_GetObjectItemCaseSensitive(f, "source");
    if (cJSON_IsString(src) && !cJSON_GetObjectItemCaseSensitive(comps, src->valuestring)) {
      char name[200];
      sf_js_quote(name, 0, sizeof name, src->valuestring);
      return sf_fail(err, SF_EINPUT, 0, 0, "%s.source: names no component (%s)", path, name);
    }
  }
  return SF_OK;
}

/* Each component as web/validate.js checks it: its id, then validateComponent. */
static int check_components(const cJSON *comps, sf_error *err) {
  const cJSON **members = NULL;
  char path[256];
  size_t i, n = 0;
  int rc;
  if (!cJSON_IsObject(comps)) return sf_fail(err, SF_EINPUT, 0, 0, "components: must be an object");
  if ((rc = sf_js_members(comps, &members, &n, err))) return rc;
  for (i = 0; i < n && !rc; i++) {
    sf_js_join(path, sizeof path, "components", members[i]->string, 0);
    if (!valid_id(members[i]->string))
      rc = sf_fail(err, SF_EINPUT, 0, 0, "%s: a component id is 1 to 64 letters, digits, \"_\" or \"-\"", path);
    else
      rc = sf_component_check(members[i], path, NULL, err);
  }
  sf_free((void *)members);
  return rc;
}

int sf_spec_check(const cJSON *spec, sf_error *err) {
  static const char *const keys[] = {"sinfonia", "data", "columns", "filters", "components", "layout"};
  const cJSON *it, *v;
  size_t i;
  int rc;
  if (!cJSON_IsObject(spec)) return sf_fail(err, SF_EINPUT, 0, 0, "spec: must be a JSON object");
  if ((rc = sf_json_guard(spec, "", err))) return rc;
  for (it = spec->child; it; it = it->next) {
    for (i = 0; i < sizeof keys / sizeof *keys; i++)
      if (!strcmp(it->string, keys[i])) break;
    if (i == sizeof keys / sizeof *keys)
      return sf_fail(err, SF_EINPUT, 0, 0,
                     "%s: unknown key (a spec has sinfonia, data, columns, filters, components, layout)", it->string);
  }
  v = cJSON_GetObjectItemCaseSensitive(spec, "sinfonia");
  if (!v) return sf_fail(err, SF_EINPUT, 0, 0, "sinfonia: missing (a spec starts with \"sinfonia\": 1)");
  if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < 1)
    return sf_fail(err, SF_EINPUT, 0, 0, "sinfonia: must be the spec version, 1");
  if (v->valuedouble > SPEC_VERSION)
    return sf_fail(err, SF_EINPUT, 0, 0,
                   "sinfonia: this spec is version %.0f, newer than this build of Sinfonia (which reads "
                   "version %d); open it with a newer Sinfonia", v->valuedouble, SPEC_VERSION);
  if ((v = cJSON_GetObjectItemCaseSensitive(spec, "data")) && (rc = check_data(v, err))) return rc;
  if ((v = cJSON_GetObjectItemCaseSensitive(spec, "columns")) && (rc = check_columns(v, err))) return rc;
  if ((v = cJSON_GetObjectItemCaseSensitive(spec, "components")) && (rc = check_components(v, err))) return rc;
  if ((v = cJSON_GetObjectItemCaseSensitive(spec, "filters")) &&
      (rc = check_filters(v, cJSON_GetObjectItemCaseSensitive(spec, "components"), err)))
    return rc;
  if ((v = cJSON_GetObjectItemCaseSensitive(spec, "layout")) && !cJSON_IsObject(v))
    return sf_fail(err, SF_EINPUT, 0, 0, "layout: must be an object");
  return SF_OK;
}

cJSON *sf_spec_parse(const char *text, size_t len, sf_error *err) {
  cJSON *spec = sf_json_parse_strict(text, len, SPEC_MAX_DEPTH, err);
  if (spec && sf_spec_check(spec, err)) {
    cJSON_Delete(spec);
    spec = NULL;
  }
  return spec;
}
