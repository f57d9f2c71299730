/* duplicates: exact and near duplicate rows among the selected rows.
 * config (schema.json): {"fields" (default: every column whose role is feature),
 *          "label", "split" (default: the columns with those roles, if any),
 *          "near" (true), "threshold" (0.13), "k" (10), "limit" (100)}
 * result: {"fields", "label", "split", "rows" (selected), "exact": [[row ids]],
 *          "exact_flags": [{"label_conflict", "leakage"}], "exact_values": [[values]],
 *          "near": [{"rows": [a, b], "distance", "label_conflict", "leakage"}],
 *          "near_info": {"fields", "metric", "k", "threshold", "median_nn_distance",
 *          "radius", "used", "left_out"} or null, "counts": {...}, "limit"}
 * Exact: rows equal in every field (a missing value equals a missing value), as
 * pandas' duplicated(subset=fields, keep=False); groups by their first row, rows
 * ascending. O(n log n): each row hashed once, rows sorted by (hash, row), equal
 * hashes checked value by value.
 * Near: cleanlab's Datalab near_duplicate rule (issue_manager/duplicate.py) over the
 * numeric fields: metric "cosine" when there are more than 3 of them, else
 * "euclidean" (cleanlab's decide_default_metric); each row's k = 10 nearest
 * neighbours; median = max(median of the nearest-neighbour distances, 1e-6); a pair
 * is near when one is among the other's k nearest and its distance is below
 * threshold * median. Rows missing a numeric field (and, for cosine, all-zero rows)
 * are left out and counted. Pairs of one exact group are not listed as near.
 * Exact nearest neighbours by a k-d tree (kdtree.h): cosine distance is
 * |u - v|^2 / 2 of the unit vectors, so both metrics search in Euclidean space.
 * Flags: label_conflict when a group's non-missing labels differ, leakage when its
 * non-missing split values differ. Lists are capped at "limit" (totals in counts). */
#include "sinfonia_component.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS_MEDIAN 1e-6 /* cleanlab.internal.constants.EPSILON */
#define VALUES_SHOWN 4  /* field values of a group's first row in the result */
#define KNN_SEED 0x5eedULL /* the approximate neighbour search's seed: results repeat */

typedef struct keyed { uint64_t h; size_t row; } keyed;

static int cmp_keyed(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  if (x->h != y->h) return x->h < y->h ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

static uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

/* A value's hash key: a number's bits (-0 as 0, every NaN alike), a coded value's code. */
static uint64_t value_key(const sf_column *c, size_t row) {
  double v;
  uint64_t b;
  if (c->type != SF_NUMBER) return (uint64_t)(int64_t)c->codes[row];
  v = c->num[row];
  if (isnan(v)) return 0x7ff8000000000001ULL;
  if (v == 0) v = 0;
  memcpy(&b, &v, sizeof b);
  return b;
}

static int same_value(const sf_column *c, size_t a, size_t b) {
  if (c->type != SF_NUMBER) return c->codes[a] == c->codes[b];
  return c->num[a] == c->num[b] || (isnan(c->num[a]) && isnan(c->num[b]));
}

typedef struct dup_ctx {
  const sf_call *call;
  const sf_table *t;
  const int *fields;
  size_t nf;
  int label, split;   /* columns, or -1 */
  size_t *sel, n;     /* the selected rows */
  /* exact groups: members[start[g] .. start[g + 1]) ascending, groups by first row */
  size_t *members, *start, ngroups;
  long *group_of;     /* per table row: its group, or -1 */
} dup_ctx;

static int same_row(const dup_ctx *x, size_t a, size_t b) {
  size_t f;
  for (f = 0; f < x->nf; f++)
    if (!same_value(&x->t->cols[x->fields[f]], a, b)) return 0;
  return 1;
}

/* Whether the rows' non-missing values of column col differ (col -1: no). */
static int values_differ(const dup_ctx *x, int col, const size_t *rows, size_t n) {
  const sf_column *c;
  size_t i, first = (size_t)-1;
  if (col < 0) return 0;
  c = &x->t->cols[col];
  for (i = 0; i < n; i++) {
    if (sf_column_is_missing(c, rows[i])) continue;
    if (first == (size_t)-1) first = rows[i];
    else if (!same_value(c, first, rows[i])) return 1;
  }
  return 0;
}

/* Group the selected rows by equal values over the fields. */
static int exact_groups(dup_ctx *x, sf_error *err) {
  keyed *k = sf_calloc(x->n ? x->n : 1, sizeof *k);
  size_t *found = sf_calloc(x->n ? x->n : 1, sizeof *found), *fstart = sf_calloc(x->n / 2 + 2, sizeof *fstart);
  size_t i, j, f, nm = 0, g, o = 0;
  int rc = SF_OK;
  x->members = sf_calloc(x->n ? x->n : 1, sizeof *x->members);
  x->start = sf_calloc(x->n / 2 + 2, sizeof *x->start);
  x->group_of = sf_calloc(x->t->nrows ? x->t->nrows : 1, sizeof *x->group_of);
  if (!k || !found || !fstart || !x->members || !x->start || !x->group_of) { rc = sf_oom(err); goto end; }
  for (i = 0; i < x->t->nrows; i++) x->group_of[i] = -1;
  for (i = 0; i < x->n; i++) {
    uint64_t h = 0x243f6a8885a308d3ULL;
    for (f = 0; f < x->nf; f++) h = mix(h, value_key(&x->t->cols[x->fields[f]], x->sel[i]));
    k[i].h = h;
    k[i].row = x->sel[i];
  }
  qsort(k, x->n, sizeof *k, cmp_keyed);
  /* Within a run of one hash, each row not yet placed heads the class of the rows
   * equal to it (a run is almost always one class; a collision splits it). The run
   * is ordered by row, so a class's rows come out ascending. */
  for (i = 0; i < x->n; i = j) {
    size_t a;
    for (j = i + 1; j < x->n && k[j].h == k[i].h; j++) {}
    if (j - i < 2) continue;
    for (a = i; a < j; a++) {
      size_t b, s = nm, head = k[a].row;
      if (head == (size_t)-1) continue;
      for (b = a; b < j; b++)
        if (k[b].row != (size_t)-1 && (b == a || same_row(x, head, k[b].row))) {
          found[nm++] = k[b].row;
          k[b].row = (size_t)-1;
        }
      if (nm - s < 2) { nm = s; continue; }
      fstart[x->ngroups++] = s;
    }
  }
  fstart[x->ngroups] = nm;
  /* the groups by their first row: sort (first row, group) and copy them in that order */
  for (g = 0; g < x->ngroups; g++) {
    k[g].h = found[fstart[g]];
    k[g].row = g;
  }
  qsort(k, x->ngroups, sizeof *k, cmp_keyed);
  for (g = 0; g < x->ngroups; g++) {
    size_t src = k[g].row;
    x->start[g] = o;
    for (i = fstart[src]; i < fstart[src + 1]; i++) {
      x->group_of[found[i]] = (long)g;
      x->members[o++] = found[i];
    }
  }
  x->start[x->ngroups] = o;
end:
  sf_free(k);
  sf_free(found);
  sf_free(fstart);
  return rc;
}

typedef struct pair { size_t a, b; double d; } pair;
typedef struct pairs { pair *v; size_t n, cap; } pairs;

static int pairs_add(pairs *p, size_t a, size_t b, double d) {
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 64;
    pair *v = sf_calloc(cap, sizeof *v);
    if (!v) return SF_ENOMEM;
    if (p->n) memcpy(v, p->v, p->n * sizeof *v);
    sf_free(p->v);
    p->v = v;
    p->cap = cap;
  }
  p->v[p->n].a = a < b ? a : b;
  p->v[p->n].b = a < b ? b : a;
  p->v[p->n++].d = d;
  return SF_OK;
}

static int cmp_pair(const void *x, const void *y) {
  const pair *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return p->b < q->b ? -1 : p->b > q->b;
}

/* What the near search used and found. */
typedef struct near_out {
  int *cols;
  size_t d, used, left_out;
  int cosine, exact_knn;
  double median, radius;
  pairs found; /* by (a, b), table row ids, exact-group pairs removed */
} near_out;

/* The metric's distance between points i and j (cosine: 1 - u.v of the unit
 * vectors, clipped at 0 as sklearn's cosine_distances). */
static double metric_dist(const double *pts, size_t d, int cosine, size_t i, size_t j) {
  const double *a = pts + i * d, *b = pts + j * d;
  double s = 0;
  size_t k;
  if (!cosine) {
    for (k = 0; k < d; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
    return sqrt(s);
  }
  for (k = 0; k < d; k++) s += a[k] * b[k];
  return s >= 1 ? 0 : 1 - s;
}

static int near_pairs(dup_ctx *x, double threshold, size_t kk, sf_knn_mode mode, near_out *no, sf_error *err) {
  double *pts = NULL, *nn = NULL;
  size_t *id = NULL, i, j, m = 0, f;
  sf_knn knn = {0, 0, NULL, NULL, 0};
  int rc = SF_OK;
  no->cols = sf_calloc(x->nf ? x->nf : 1, sizeof *no->cols);
  if (!no->cols) return sf_oom(err);
  for (f = 0; f < x->nf; f++)
    if (x->t->cols[x->fields[f]].type == SF_NUMBER) no->cols[no->d++] = x->fields[f];
  if (!no->d) return SF_OK;
  no->cosine = no->d > 3; /* cleanlab's HIGH_DIMENSION_CUTOFF */
  if (x->n > (size_t)-1 / sizeof(double) / no->d) return sf_oom(err);
  pts = sf_calloc(x->n * no->d, sizeof *pts);
  id = sf_calloc(x->n ? x->n : 1, sizeof *id);
  nn = sf_calloc(x->n ? x->n : 1, sizeof *nn);
  if (!pts || !id || !nn) { rc = sf_oom(err); goto end; }
  for (i = 0; i < x->n; i++) {
    double *p = pts + m * no->d, norm = 0;
    int ok = 1;
    for (f = 0; f < no->d && ok; f++) {
      p[f] = x->t->cols[no->cols[f]].num[x->sel[i]];
      ok = isfinite(p[f]);
      norm += p[f] * p[f];
    }
    if (ok && no->cosine) {
      norm = sqrt(norm);
      ok = norm > 0;
      for (f = 0; f < no->d && ok; f++) p[f] /= norm;
    }
    if (!ok) { no->left_out++; continue; }
    id[m++] = x->sel[i];
  }
  no->used = m;
  no->exact_knn = 1;
  if (m < 2) goto end;
  /* each row's k nearest (sf_knn, knn.c): cosine distance is |u - v|^2 / 2 of the
   * unit vectors, so both metrics search in Euclidean space */
  if ((rc = sf_knn_build_mode(pts, m, no->d, kk, KNN_SEED, mode, &knn, err))) goto end;
  no->exact_knn = knn.exact;
  for (i = 0; i < m; i++) nn[i] = metric_dist(pts, no->d, no->cosine, i, knn.idx[i * knn.k]);
  if ((rc = sf_sort_doubles(nn, m, err))) goto end;
  no->median = m % 2 ? nn[m / 2] : (nn[m / 2 - 1] + nn[m / 2]) / 2;
  no->radius = threshold * (no->median > EPS_MEDIAN ? no->median : EPS_MEDIAN);
  /* the k nearest, kept when below the radius; pairs of one exact group are not near */
  for (i = 0; i < m; i++)
    for (j = 0; j < knn.k; j++) {
      size_t a = id[i], b = id[knn.idx[i * knn.k + j]];
      double dd = metric_dist(pts, no->d, no->cosine, i, knn.idx[i * knn.k + j]);
      if (!(dd < no->radius)) continue;
      if (x->group_of[a] >= 0 && x->group_of[a] == x->group_of[b]) continue;
      if (pairs_add(&no->found, a, b, dd)) { rc = sf_oom(err); goto end; }
    }
  if (no->found.n) qsort(no->found.v, no->found.n, sizeof *no->found.v, cmp_pair);
  for (i = j = 0; i < no->found.n; i++)
    if (!j || cmp_pair(&no->found.v[j - 1], &no->found.v[i])) no->found.v[j++] = no->found.v[i];
  no->found.n = j;
end:
  sf_knn_free(&knn);
  sf_free(pts);
  sf_free(id);
  sf_free(nn);
  return rc;
}

static cJSON *row_list(const size_t *rows, size_t n) {
  cJSON *a = cJSON_CreateArray();
  size_t i;
  for (i = 0; a && i < n; i++)
    if (!sf_json_put(a, NULL, cJSON_CreateNumber((double)rows[i]))) {
      cJSON_Delete(a);
      return NULL;
    }
  return a;
}

static cJSON *name_or_null(const sf_table *t, int col) {
  return col < 0 ? cJSON_CreateNull() : cJSON_CreateString(t->cols[col].name);
}

static cJSON *flags(const dup_ctx *x, const size_t *rows, size_t n, size_t *conflicts, size_t *leaks) {
  cJSON *o = cJSON_CreateObject();
  int lc = values_differ(x, x->label, rows, n), lk = values_differ(x, x->split, rows, n);
  *conflicts += (size_t)lc;
  *leaks += (size_t)lk;
  if (o && sf_json_put(o, "label_conflict", cJSON_CreateBool(lc)) && sf_json_put(o, "leakage", cJSON_CreateBool(lk)))
    return o;
  cJSON_Delete(o);
  return NULL;
}

static int put_exact(const dup_ctx *x, size_t limit, cJSON *out, cJSON *counts) {
  cJSON *ex, *fl, *vals;
  size_t g, f, conflicts = 0, leaks = 0;
  if (!(ex = sf_json_put(out, "exact", cJSON_CreateArray())) ||
      !(fl = sf_json_put(out, "exact_flags", cJSON_CreateArray())) ||
      !(vals = sf_json_put(out, "exact_values", cJSON_CreateArray())))
    return SF_ENOMEM;
  for (g = 0; g < x->ngroups; g++) {
    const size_t *rows = x->members + x->start[g], n = x->start[g + 1] - x->start[g];
    cJSON *o = flags(x, rows, n, &conflicts, &leaks), *v;
    if (!o) return SF_ENOMEM;
    if (g >= limit) { cJSON_Delete(o); continue; }
    if (!sf_json_put(fl, NULL, o) || !sf_json_put(ex, NULL, row_list(rows, n)) ||
        !(v = sf_json_put(vals, NULL, cJSON_CreateArray())))
      return SF_ENOMEM;
    for (f = 0; f < x->nf && f < VALUES_SHOWN; f++)
      if (!sf_json_put(v, NULL, sf_json_cell(&x->t->cols[x->fields[f]], rows[0]))) return SF_ENOMEM;
  }
  if (!sf_json_put(counts, "exact_groups", cJSON_CreateNumber((double)x->ngroups)) ||
      !sf_json_put(counts, "exact_rows", cJSON_CreateNumber((double)x->start[x->ngroups])) ||
      !sf_json_put(counts, "exact_label_conflict", cJSON_CreateNumber((double)conflicts)) ||
      !sf_json_put(counts, "exact_leakage", cJSON_CreateNumber((double)leaks)))
    return SF_ENOMEM;
  return SF_OK;
}

static int put_near(const dup_ctx *x, const near_out *no, int on, double threshold, size_t kk, size_t limit,
                    cJSON *out, cJSON *counts) {
  cJSON *list, *info, *cols;
  size_t i, conflicts = 0, leaks = 0;
  if (!(list = sf_json_put(out, "near", cJSON_CreateArray()))) return SF_ENOMEM;
  if (!on || !no->d) return sf_json_put(out, "near_info", cJSON_CreateNull()) ? SF_OK : SF_ENOMEM;
  for (i = 0; i < no->found.n; i++) {
    size_t rows[2];
    cJSON *o;
    rows[0] = no->found.v[i].a;
    rows[1] = no->found.v[i].b;
    if (!(o = flags(x, rows, 2, &conflicts, &leaks))) return SF_ENOMEM;
    if (i >= limit) { cJSON_Delete(o); continue; }
    if (!sf_json_put(list, NULL, o) || !sf_json_put(o, "rows", row_list(rows, 2)) ||
        !sf_json_put(o, "distance", cJSON_CreateNumber(no->found.v[i].d)))
      return SF_ENOMEM;
  }
  if (!(info = sf_json_put(out, "near_info", cJSON_CreateObject())) ||
      !(cols = sf_json_put(info, "fields", cJSON_CreateArray())))
    return SF_ENOMEM;
  for (i = 0; i < no->d; i++)
    if (!sf_json_put(cols, NULL, cJSON_CreateString(x->t->cols[no->cols[i]].name))) return SF_ENOMEM;
  if (!sf_json_put(info, "metric", cJSON_CreateString(no->cosine ? "cosine" : "euclidean")) ||
      !sf_json_put(info, "k", cJSON_CreateNumber((double)kk)) ||
      !sf_json_put(info, "threshold", cJSON_CreateNumber(threshold)) ||
      !sf_json_put(info, "median_nn_distance", no->used >= 2 ? cJSON_CreateNumber(no->median) : cJSON_CreateNull()) ||
      !sf_json_put(info, "radius", no->used >= 2 ? cJSON_CreateNumber(no->radius) : cJSON_CreateNull()) ||
      !sf_json_put(info, "used", cJSON_CreateNumber((double)no->used)) ||
      !sf_json_put(info, "left_out", cJSON_CreateNumber((double)no->left_out)) ||
      !sf_json_put(info, "exact", cJSON_CreateBool(no->exact_knn)) ||
      !sf_json_put(counts, "near_pairs", cJSON_CreateNumber((double)no->found.n)) ||
      !sf_json_put(counts, "near_label_conflict", cJSON_CreateNumber((double)conflicts)) ||
      !sf_json_put(counts, "near_leakage", cJSON_CreateNumber((double)leaks)))
    return SF_ENOMEM;
  return SF_OK;
}

/* The config's column for key, else the view's column with the role (or -1). */
static int role_column(const sf_call *call, const char *key, sf_role role) {
  int col = sf_config_column(call, key), i;
  for (i = 0; col < 0 && i < (int)call->table->ncols; i++)
    if (sf_call_role(call, i) == role) col = i;
  return col;
}

/* The config's "search": auto (sf_knn_build's rule), exact or approximate. */
static sf_knn_mode search_mode(const sf_call *call) {
  const char *s = sf_config_string(call, "search");
  if (s && !strcmp(s, "exact")) return SF_KNN_EXACT;
  if (s && !strcmp(s, "approximate")) return SF_KNN_APPROX;
  return SF_KNN_AUTO;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  dup_ctx x;
  near_out no;
  int *feat = NULL, on = sf_config_bool(call, "near");
  double threshold = sf_config_number(call, "threshold");
  size_t i, kk = (size_t)sf_config_int(call, "k"), limit = (size_t)sf_config_int(call, "limit");
  cJSON *names, *counts;
  int rc = SF_OK;
  memset(&x, 0, sizeof x);
  memset(&no, 0, sizeof no);
  x.call = call;
  x.t = t;
  x.fields = sf_config_columns(call, "fields", &x.nf);
  if (!x.fields) { /* default: the view's feature columns */
    if (!(feat = sf_calloc(t->ncols ? t->ncols : 1, sizeof *feat))) return sf_oom(err);
    for (i = 0; i < t->ncols; i++)
      if (sf_call_role(call, (int)i) == SF_ROLE_FEATURE) feat[x.nf++] = (int)i;
    x.fields = feat;
  }
  if (!x.nf) { rc = sf_fail(err, SF_EINPUT, 0, 0, "fields: no columns to compare (no column has the role feature)"); goto end; }
  x.label = role_column(call, "label", SF_ROLE_LABEL);
  x.split = role_column(call, "split", SF_ROLE_SPLIT);
  if (!(x.sel = sf_calloc(t->nrows ? t->nrows : 1, sizeof *x.sel))) { rc = sf_oom(err); goto end; }
  for (i = 0; i < t->nrows; i++)
    if (sf_bitmap_get(call->rows, i)) x.sel[x.n++] = i;
  if ((rc = exact_groups(&x, err))) goto end;
  if (on && (rc = near_pairs(&x, threshold, kk, search_mode(call), &no, err))) goto end;
  if (!(names = sf_json_put(out, "fields", cJSON_CreateArray()))) { rc = sf_oom(err); goto end; }
  for (i = 0; i < x.nf; i++)
    if (!sf_json_put(names, NULL, cJSON_CreateString(t->cols[x.fields[i]].name))) { rc = sf_oom(err); goto end; }
  if (!sf_json_put(out, "label", name_or_null(t, x.label)) || !sf_json_put(out, "split", name_or_null(t, x.split)) ||
      !sf_json_put(out, "rows", cJSON_CreateNumber((double)x.n)) ||
      !sf_json_put(out, "limit", cJSON_CreateNumber((double)limit)) ||
      !(counts = sf_json_put(out, "counts", cJSON_CreateObject())) || put_exact(&x, limit, out, counts) ||
      put_near(&x, &no, on, threshold, kk, limit, out, counts))
    rc = sf_oom(err);
end:
  sf_free(feat);
  sf_free(x.sel);
  sf_free(x.members);
  sf_free(x.start);
  sf_free(x.group_of);
  sf_free(no.cols);
  sf_free(no.found.v);
  return rc;
}
SF_COMPONENT(run);
