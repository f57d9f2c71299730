/* selection.c — a filter (predicate tree) evaluated into a row bitmap.
 *
 *   {"field": f, "in": [v...]}     number: numeric equality; category/text: string
 *                                  equality; bool: true/false or "true"/"false";
 *                                  null in the list matches missing
 *   {"field": f, "range": [lo, hi]} numbers only, lo <= x <= hi; missing never matches
 *   {"rows": [ids]}                 0-based row ids; out of range is an error
 *   {"and": [p...]} {"or": [p...]} {"not": p}
 *   NULL or JSON null               every row
 *
 * Strict: unknown keys, wrong types and unknown fields are errors naming the path
 * ("filter.and[1].field: no column named 'x'"). The top-level predicate, and the
 * clauses of a top-level "and", may carry "source" (a component id), ignored here.
 * With t == NULL only the shape is checked (used to validate a spec before data). */
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64
#define PATH_CAP 1024

typedef struct sel {
  const sf_table *t;    /* NULL: check the shape only */
  sf_error *err;
  char path[PATH_CAP];
} sel;

static int fail(sel *s, const char *fmt, const char *a, const char *b) {
  char msg[400];
  snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
  return sf_fail(s->err, SF_EINPUT, 0, 0, "%s: %s", s->path, msg);
}

/* Append a path segment; returns the old length to restore with pop(). */
static size_t push(sel *s, const char *fmt, const char *key, size_t index) {
  size_t n = strlen(s->path);
  if (key) snprintf(s->path + n, PATH_CAP - n, fmt, key);
  else snprintf(s->path + n, PATH_CAP - n, fmt, index);
  return n;
}
static void pop(sel *s, size_t n) { s->path[n] = 0; }

static int eval(sel *s, const cJSON *p, int depth, int allow_source, sf_bitmap *out);

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* {"field", "in"}: out gets the rows whose value is one of the list's. */
static int eval_in(sel *s, const sf_column *c, const cJSON *list, sf_bitmap *out) {
  const cJSON *v;
  double *nums = NULL;
  uint8_t *mask = NULL;
  size_t nn = 0, i, k, n0 = push(s, ".in", NULL, 0);
  int rc = SF_OK, match_missing = 0;
  if (!cJSON_IsArray(list)) { rc = fail(s, "must be an array of values", 0, 0); goto end; }
  if (c && c->type == SF_VECTOR) {
    rc = fail(s, "column '%s' holds vectors; select its rows instead (a brush on the embedding map)", c->name, 0);
    goto end;
  }
  for (v = list->child, k = 0; v; v = v->next, k++) { /* shape, for any column */
    size_t n1 = push(s, "[%zu]", NULL, k);
    if (!cJSON_IsNull(v) && !cJSON_IsNumber(v) && !cJSON_IsString(v) && !cJSON_IsBool(v))
      rc = fail(s, "must be a number, string, boolean or null", 0, 0);
    else if (c && c->type == SF_NUMBER && !cJSON_IsNull(v) && !cJSON_IsNumber(v))
      rc = fail(s, "must be a number or null (column '%s' holds numbers)", c->name, 0);
    else if (c && (c->type == SF_CATEGORY || c->type == SF_TEXT) && !cJSON_IsNull(v) && !cJSON_IsString(v))
      rc = fail(s, "must be a string or null (column '%s' holds %s)", c->name, sf_type_name(c->type));
    else if (c && c->type == SF_BOOL && !cJSON_IsNull(v) && !cJSON_IsBool(v) &&
             !(cJSON_IsString(v) && (!strcmp(v->valuestring, "true") || !strcmp(v->valuestring, "false"))))
      rc = fail(s, "must be true, false or null (column '%s' holds booleans)", c->name, 0);
    pop(s, n1);
    if (rc) goto end;
  }
  if (!c || !out) goto end;
  if (c->type == SF_NUMBER) {
    nums = sf_calloc(k, sizeof *nums);
    if (!nums) { rc = sf_fail(s->err, SF_ENOMEM, 0, 0, "out of memory evaluating a filter"); goto end; }
    for (v = list->child; v; v = v->next) {
      if (cJSON_IsNull(v)) match_missing = 1;
      else nums[nn++] = v->valuedouble;
    }
    qsort(nums, nn, sizeof *nums, cmp_double);
    for (i = 0; i < out->nbits; i++) {
      double x = c->num[i];
      if (isnan(x) ? match_missing : bsearch(&x, nums, nn, sizeof *nums, cmp_double) != NULL)
        sf_bitmap_set(out, i);
    }
  } else {
    mask = sf_calloc(c->dict.n, 1);
    if (!mask) { rc = sf_fail(s->err, SF_ENOMEM, 0, 0, "out of memory evaluating a filter"); goto end; }
    for (v = list->child; v; v = v->next) {
      const char *str;
      if (cJSON_IsNull(v)) { match_missing = 1; continue; }
      str = cJSON_IsBool(v) ? (cJSON_IsTrue(v) ? "true" : "false") : v->valuestring;
      for (i = 0; i < c->dict.n; i++) /* the list is short; a scan is fine */
        if (strcmp(c->dict.strs[i], str) == 0) { mask[i] = 1; break; }
    }
    for (i = 0; i < out->nbits; i++) {
      int32_t code = c->codes[i];
      if (code < 0 ? match_missing : mask[code]) sf_bitmap_set(out, i);
    }
  }
end:
  pop(s, n0);
  sf_free(nums);
  sf_free(mask);
  return rc;
}

static int eval_range(sel *s, const sf_column *c, const cJSON *r, sf_bitmap *out) {
  size_t i, n0 = push(s, ".range", NULL, 0);
  double lo, hi;
  int rc = SF_OK;
  if (!cJSON_IsArray(r) || cJSON_GetArraySize(r) != 2 || !cJSON_IsNumber(r->child) ||
      !cJSON_IsNumber(r->child->next)) {
    rc = fail(s, "must be [lo, hi], two numbers", 0, 0);
    goto end;
  }
  lo = r->child->valuedouble;
  hi = r->child->next->valuedouble;
  if (lo > hi) { rc = fail(s, "lo must not be greater than hi", 0, 0); goto end; }
  if (c && c->type == SF_VECTOR) {
    rc = fail(s, "column '%s' holds vectors; select its rows instead (a brush on the embedding map)", c->name, 0);
    goto end;
  }
  if (c && c->type != SF_NUMBER) {
    rc = fail(s, "column '%s' holds %s; a range needs numbers", c->name, sf_type_name(c->type));
    goto end;
  }
  if (!c || !out) goto end;
  for (i = 0; i < out->nbits; i++)
    if (c->num[i] >= lo && c->num[i] <= hi) sf_bitmap_set(out, i); /* NaN compares false */
end:
  pop(s, n0);
  return rc;
}

static int eval_rows(sel *s, const cJSON *ids, sf_bitmap *out) {
  const cJSON *v;
  size_t k, n0 = push(s, ".rows", NULL, 0);
  int rc = SF_OK;
  if (!cJSON_IsArray(ids)) { rc = fail(s, "must be an array of row ids", 0, 0); goto end; }
  for (v = ids->child, k = 0; v; v = v->next, k++) {
    size_t n1 = push(s, "[%zu]", NULL, k);
    double d = v->valuedouble;
    if (!cJSON_IsNumber(v) || d != floor(d) || d < 0 || d > 9007199254740992.0) {
      rc = fail(s, "must be a row id (an integer from 0)", 0, 0);
    } else if (s->t && d >= (double)s->t->nrows) {
      char a[32], b[32];
      snprintf(a, sizeof a, "%.0f", d);
      snprintf(b, sizeof b, "%zu", s->t->nrows);
      rc = fail(s, "row %s is out of range (the table has %s rows)", a, b);
    } else if (out) {
      sf_bitmap_set(out, (size_t)d);
    }
    pop(s, n1);
    if (rc) goto end;
  }
end:
  pop(s, n0);
  return rc;
}

/* and / or: combine the children's bitmaps. */
static int eval_list(sel *s, const char *op, const cJSON *list, int depth, int allow_source,
                     sf_bitmap *out) {
  sf_bitmap tmp = {0};
  const cJSON *v;
  size_t k, n0 = push(s, ".%s", op, 0);
  int rc = SF_OK, is_and = op[0] == 'a';
  if (!cJSON_IsArray(list)) { rc = fail(s, "must be an array of predicates", 0, 0); goto end; }
  if (out && is_and) sf_bitmap_not(out); /* out starts empty: an empty "and" is every row */
  for (v = list->child, k = 0; v; v = v->next, k++) {
    size_t n1 = push(s, "[%zu]", NULL, k);
    if (out && (rc = sf_bitmap_init(&tmp, out->nbits, 0, s->err))) goto end;
    rc = eval(s, v, depth + 1, allow_source, out ? &tmp : NULL);
    if (!rc && out) {
      if (is_and) sf_bitmap_and(out, &tmp);
      else sf_bitmap_or(out, &tmp);
    }
    sf_bitmap_free(&tmp);
    pop(s, n1);
    if (rc) goto end;
  }
end:
  sf_bitmap_free(&tmp);
  pop(s, n0);
  return rc;
}

static const char *const keys[] = {"field", "in", "range", "rows", "and", "or", "not", "source"};

/* Evaluate p into out (which is all zero on entry), or check p's shape when out is NULL. */
static int eval(sel *s, const cJSON *p, int depth, int allow_source, sf_bitmap *out) {
  const cJSON *it, *field, *in, *range, *rows, *and_, *or_, *not_, *source;
  const sf_column *c = NULL;
  int rc = SF_OK, kinds;
  size_t i, n0;
  if (depth > MAX_DEPTH) return fail(s, "filter nested deeper than 64 levels", 0, 0);
  if (cJSON_IsNull(p) && depth == 0) {
    if (out) sf_bitmap_not(out);
    return SF_OK;
  }
  if (!cJSON_IsObject(p)) return fail(s, "must be a predicate object", 0, 0);
  for (it = p->child; it; it = it->next) {
    for (i = 0; i < sizeof keys / sizeof *keys; i++)
      if (strcmp(it->string, keys[i]) == 0) break;
    if (i == sizeof keys / sizeof *keys || (i == 7 && !allow_source)) {
      n0 = push(s, ".%s", it->string, 0);
      rc = fail(s, "unknown key", 0, 0);
      pop(s, n0);
      return rc;
    }
  }
  field = cJSON_GetObjectItemCaseSensitive(p, "field");
  in = cJSON_GetObjectItemCaseSensitive(p, "in");
  range = cJSON_GetObjectItemCaseSensitive(p, "range");
  rows = cJSON_GetObjectItemCaseSensitive(p, "rows");
  and_ = cJSON_GetObjectItemCaseSensitive(p, "and");
  or_ = cJSON_GetObjectItemCaseSensitive(p, "or");
  not_ = cJSON_GetObjectItemCaseSensitive(p, "not");
  source = cJSON_GetObjectItemCaseSensitive(p, "source");
  if (source && !cJSON_IsString(source)) {
    n0 = push(s, ".source", NULL, 0);
    rc = fail(s, "must be a component id (a string)", 0, 0);
    pop(s, n0);
    return rc;
  }
  kinds = !!(in || range) + !!rows + !!and_ + !!or_ + !!not_;
  if (kinds != 1 || (in && range) || (!!field != !!(in || range)))
    return fail(s, "must be exactly one of {\"field\", \"in\"}, {\"field\", \"range\"}, "
                   "{\"rows\"}, {\"and\"}, {\"or\"}, {\"not\"}", 0, 0);
  if (field) {
    n0 = push(s, ".field", NULL, 0);
    if (!cJSON_IsString(field)) rc = fail(s, "must be a column name (a string)", 0, 0);
    else if (s->t) {
      int j = sf_table_find(s->t, field->valuestring);
      if (j < 0) rc = fail(s, "no column named '%s'", field->valuestring, 0);
      else c = &s->t->cols[j];
    }
    pop(s, n0);
    if (rc) return rc;
    return in ? eval_in(s, c, in, out) : eval_range(s, c, range, out);
  }
  if (rows) return eval_rows(s, rows, out);
  /* Clauses of a top-level "and" may name their source, as the top level may. */
  if (and_) return eval_list(s, "and", and_, depth, depth == 0, out);
  if (or_) return eval_list(s, "or", or_, depth, 0, out);
  n0 = push(s, ".not", NULL, 0);
  rc = eval(s, not_, depth + 1, 0, out);
  if (!rc && out) sf_bitmap_not(out);
  pop(s, n0);
  return rc;
}

static int run(const sf_table *t, const cJSON *pred, const char *path, sf_bitmap *out, sf_error *err) {
  sel *s = sf_calloc(1, sizeof *s);
  int rc;
  if (!s) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory evaluating a filter");
  s->t = t;
  s->err = err;
  snprintf(s->path, sizeof s->path, "%s", path);
  rc = eval(s, pred, 0, 1, out);
  sf_free(s);
  return rc;
}

int sf_select_at(const sf_table *t, const cJSON *pred, const char *path, sf_bitmap *out, sf_error *err) {
  int rc;
  out->words = NULL;
  if ((rc = sf_bitmap_init(out, t->nrows, pred == NULL, err))) return rc;
  if (pred && (rc = run(t, pred, path, out, err))) sf_bitmap_free(out);
  return rc;
}

int sf_select(const sf_table *t, const cJSON *pred, sf_bitmap *out, sf_error *err) {
  return sf_select_at(t, pred, "filter", out, err);
}

int sf_predicate_check(const cJSON *pred, const char *path, sf_error *err) {
  return run(NULL, pred, path, NULL, err);
}
