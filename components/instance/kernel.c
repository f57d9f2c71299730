/* instance: the selected rows a page at a time (file order), every field, with the
 * image-role columns named and groups of pixel columns gathered into arrays.
 * config (schema.json): {"offset", "limit" (1..50), "pixels": {"prefix", "width"}}
 * result: {"count", "offset", "fields", "images": [names],
 *          "pixels": [{"prefix", "fields", "width", "height", "min", "max"}],
 *          "rows": [{"row", "values": [...], "pixels": [[...] per group]}]}
 * A pixel group is the numeric feature columns <prefix><n> numbered 0.. (or 1..)
 * without gaps; min and max are over every row of the table (so the grey scale
 * does not change with the selection). Without config, a group whose prefix is
 * px, pix, pixel or pixels (then an optional _ or -) and whose size is a square
 * (at least 2×2) is drawn; a score of p_0..p_3 is never a picture. A vector column
 * whose length is a square (at least 2×2) is drawn too, after the groups, as a group
 * {"prefix": its name, "fields": [its name]}; its "values" entry is short text.
 * With config "pixels", only the group or vector column it names. */
#include "sinfonia_component.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int col;
  size_t prefix_len; /* the name's bytes before its trailing digits */
  long index;        /* the trailing digits' value */
  const char *name;
} member;

typedef struct {
  size_t first, n, width; /* members[first .. first + n), or for a vector: column first, n = dim */
  int vector;
} group;

static int cmp_member(const void *pa, const void *pb) {
  const member *a = pa, *b = pb;
  size_t n = a->prefix_len < b->prefix_len ? a->prefix_len : b->prefix_len;
  int c = memcmp(a->name, b->name, n);
  if (c) return c;
  if (a->prefix_len != b->prefix_len) return a->prefix_len < b->prefix_len ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

/* name = prefix + 1..9 digits with a non-empty prefix: its prefix length and index. */
static int split_name(const char *name, size_t *prefix_len, long *index) {
  size_t n = strlen(name), p = n;
  while (p > 0 && name[p - 1] >= '0' && name[p - 1] <= '9') p--;
  if (p == 0 || p == n || n - p > 9) return 0;
  *prefix_len = p;
  *index = strtol(name + p, NULL, 10);
  return 1;
}

/* px, pix, pixel, pixels, then an optional '_' or '-', in any case. */
static int is_pixel_prefix(const char *name, size_t len) {
  static const char *const names[] = {"px", "pix", "pixel", "pixels", NULL};
  size_t i, k;
  if (len > 0 && (name[len - 1] == '_' || name[len - 1] == '-')) len--;
  for (k = 0; names[k]; k++) {
    if (strlen(names[k]) != len) continue;
    for (i = 0; i < len && (name[i] | 0x20) == names[k][i]; i++) {}
    if (i == len) return 1;
  }
  return 0;
}

static size_t square_side(size_t n) {
  size_t s = (size_t)sqrt((double)n);
  while (s * s > n) s--;
  while ((s + 1) * (s + 1) <= n) s++;
  return s * s == n ? s : 0;
}

/* Check the run members[first..first+n) and decide its width (0: not a group). */
static int group_width(const member *m, size_t n, const char *want, long want_width, size_t *width,
                       sf_error *err) {
  size_t j;
  int numbered = m[0].index == 0 || m[0].index == 1;
  for (j = 1; numbered && j < n; j++) numbered = m[j].index == m[0].index + (long)j;
  *width = 0;
  if (!want) {
    if (numbered && is_pixel_prefix(m[0].name, m[0].prefix_len) && square_side(n) >= 2) *width = square_side(n);
    return SF_OK;
  }
  if (!numbered)
    return sf_fail(err, SF_EINPUT, 0, 0, "pixels.prefix: the columns '%s<n>' must be numbered 0, 1, 2, ... (or from 1) without gaps or repeats", want);
  if (want_width > 0) {
    if (n % (size_t)want_width)
      return sf_fail(err, SF_EINPUT, 0, 0, "pixels.width: %zu columns '%s<n>' do not fill rows of %ld", n, want, want_width);
    *width = (size_t)want_width;
  } else if (!(*width = square_side(n))) {
    return sf_fail(err, SF_EINPUT, 0, 0, "pixels.width: %zu columns '%s<n>' are not a square; give the width", n, want);
  }
  return SF_OK;
}

static int vector_named(const sf_table *t, const char *name) {
  size_t i;
  for (i = 0; i < t->ncols; i++)
    if (t->cols[i].type == SF_VECTOR && !strcmp(t->cols[i].name, name)) return 1;
  return 0;
}

/* The pixel groups: *groups (n_groups of them) over *members, sorted by prefix and index. */
static int find_groups(const sf_call *call, member **members, group **groups, size_t *n_groups, sf_error *err) {
  const sf_table *t = call->table;
  const char *want = sf_config_string(call, "pixels.prefix");
  long want_width = sf_config_int(call, "pixels.width");
  size_t i, n = 0, first;
  int rc = SF_OK;
  *n_groups = 0;
  *members = sf_calloc(t->ncols + 1, sizeof **members);
  *groups = sf_calloc(2 * t->ncols + 1, sizeof **groups); /* groups of numbers, then vectors */
  if (!*members || !*groups) return sf_oom(err);
  for (i = 0; i < t->ncols; i++) {
    member *m = &(*members)[n];
    sf_role role = sf_call_role(call, (int)i);
    if (t->cols[i].type != SF_NUMBER || (role != SF_ROLE_FEATURE && role != SF_ROLE_EMBEDDING)) continue;
    if (!split_name(t->cols[i].name, &m->prefix_len, &m->index)) continue;
    if (want && (strlen(want) != m->prefix_len || memcmp(want, t->cols[i].name, m->prefix_len))) continue;
    m->col = (int)i;
    m->name = t->cols[i].name;
    n++;
  }
  if (want && n == 0 && !vector_named(t, want))
    return sf_fail(err, SF_EINPUT, 0, 0, "pixels.prefix: no numeric feature columns are named '%s' followed by a number", want);
  qsort(*members, n, sizeof **members, cmp_member);
  for (first = 0; first < n; first = i) {
    size_t width;
    const member *head = *members + first;
    for (i = first + 1; i < n && (*members)[i].prefix_len == head->prefix_len &&
                        !memcmp((*members)[i].name, head->name, head->prefix_len);
         i++) {}
    if ((rc = group_width(*members + first, i - first, want, want_width, &width, err))) return rc;
    if (!width) continue;
    (*groups)[*n_groups].first = first;
    (*groups)[*n_groups].n = i - first;
    (*groups)[(*n_groups)++].width = width;
  }
  for (i = 0; i < t->ncols; i++) { /* vector columns of a square length */
    const sf_column *c = &t->cols[i];
    size_t width = c->dim;
    if (c->type != SF_VECTOR || (want && strcmp(want, c->name))) continue;
    if (want && want_width > 0) {
      if (c->dim % (size_t)want_width)
        return sf_fail(err, SF_EINPUT, 0, 0, "pixels.width: vectors of %zu numbers do not fill rows of %ld", c->dim, want_width);
      width = (size_t)want_width;
    } else if ((width = square_side(c->dim)) < (want ? 1u : 2u)) {
      if (!want) continue;
      return sf_fail(err, SF_EINPUT, 0, 0, "pixels.width: vectors of %zu numbers are not a square; give the width", c->dim);
    }
    (*groups)[*n_groups].first = i;
    (*groups)[*n_groups].n = c->dim;
    (*groups)[*n_groups].vector = 1;
    (*groups)[(*n_groups)++].width = width;
  }
  return SF_OK;
}

/* Pixel j of a group in a row. */
static double pixel(const sf_table *t, const member *m, const group *g, size_t j, size_t row) {
  return g->vector ? t->cols[g->first].num[j * t->nrows + row] : t->cols[m[g->first + j].col].num[row];
}

/* A group's description, with its value range over every row of the table. */
static cJSON *group_json(const sf_table *t, const member *m, const group *g) {
  cJSON *obj = cJSON_CreateObject(), *fields;
  double lo = INFINITY, hi = -INFINITY, v;
  size_t j, r, plen = g->vector ? strlen(t->cols[g->first].name) : m[g->first].prefix_len;
  char *prefix = sf_malloc(plen + 1);
  if (!obj || !prefix) goto fail;
  memcpy(prefix, g->vector ? t->cols[g->first].name : m[g->first].name, plen);
  prefix[plen] = '\0';
  for (j = 0; j < g->n; j++)
    for (r = 0; r < t->nrows; r++) {
      v = pixel(t, m, g, j, r);
      if (v < lo) lo = v; /* NaN compares false: missing values are left out */
      if (v > hi) hi = v;
    }
  if (!sf_json_put(obj, "prefix", cJSON_CreateString(prefix)) || !(fields = sf_json_put(obj, "fields", cJSON_CreateArray())))
    goto fail;
  for (j = 0; j < (g->vector ? 1 : g->n); j++)
    if (!sf_json_put(fields, NULL, cJSON_CreateString(g->vector ? prefix : m[g->first + j].name))) goto fail;
  if (!sf_json_put(obj, "width", cJSON_CreateNumber((double)g->width)) ||
      !sf_json_put(obj, "height", cJSON_CreateNumber((double)(g->n / g->width))) ||
      !sf_json_put(obj, "min", sf_json_num(lo)) || !sf_json_put(obj, "max", sf_json_num(hi)))
    goto fail;
  sf_free(prefix);
  return obj;
fail:
  sf_free(prefix);
  cJSON_Delete(obj);
  return NULL;
}

static int add_row(const sf_table *t, const member *m, const group *groups, size_t n_groups, size_t row, cJSON *list) {
  cJSON *obj = sf_json_put(list, NULL, cJSON_CreateObject()), *values, *pixels, *arr;
  size_t j, g;
  if (!obj || !sf_json_put(obj, "row", cJSON_CreateNumber((double)row)) ||
      !(values = sf_json_put(obj, "values", cJSON_CreateArray())) ||
      !(pixels = sf_json_put(obj, "pixels", cJSON_CreateArray())))
    return SF_ENOMEM;
  for (j = 0; j < t->ncols; j++)
    if (!sf_json_put(values, NULL, sf_json_cell(&t->cols[j], row))) return SF_ENOMEM;
  for (g = 0; g < n_groups; g++) {
    if (!(arr = sf_json_put(pixels, NULL, cJSON_CreateArray()))) return SF_ENOMEM;
    for (j = 0; j < groups[g].n; j++)
      if (!sf_json_put(arr, NULL, sf_json_num(pixel(t, m, &groups[g], j, row)))) return SF_ENOMEM;
  }
  return SF_OK;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  size_t count = sf_bitmap_count(call->rows), i, k, n_groups = 0;
  size_t offset = (size_t)sf_config_int(call, "offset"), limit = (size_t)sf_config_int(call, "limit");
  member *members = NULL;
  group *groups = NULL;
  cJSON *fields, *images, *pixels, *list, *g;
  int rc;
  if ((rc = find_groups(call, &members, &groups, &n_groups, err))) goto end;
  if (!sf_json_put(out, "count", cJSON_CreateNumber((double)count)) ||
      !sf_json_put(out, "offset", cJSON_CreateNumber((double)offset)) ||
      !(fields = sf_json_put(out, "fields", cJSON_CreateArray())) ||
      !(images = sf_json_put(out, "images", cJSON_CreateArray())) ||
      !(pixels = sf_json_put(out, "pixels", cJSON_CreateArray())) ||
      !(list = sf_json_put(out, "rows", cJSON_CreateArray())))
    goto oom;
  for (i = 0; i < t->ncols; i++) {
    if (!sf_json_put(fields, NULL, cJSON_CreateString(t->cols[i].name))) goto oom;
    if (sf_call_role(call, (int)i) == SF_ROLE_IMAGE && !sf_json_put(images, NULL, cJSON_CreateString(t->cols[i].name)))
      goto oom;
  }
  for (i = 0; i < n_groups; i++) {
    if (!(g = group_json(t, members, &groups[i]))) goto oom;
    if (!sf_json_put(pixels, NULL, g)) goto oom;
  }
  for (i = 0, k = 0; i < t->nrows && k < offset + limit; i++) {
    if (!sf_bitmap_get(call->rows, i)) continue;
    if (k++ >= offset && add_row(t, members, groups, n_groups, i, list)) goto oom;
  }
  goto end;
oom:
  rc = sf_oom(err);
end:
  sf_free(members);
  sf_free(groups);
  return rc;
}
SF_COMPONENT(run);
