/* duplicates: exact and near duplicate rows among the selected rows.
 * config (schema.json): {"fields" (default: every column whose role is feature, and
 *          the vector columns whose role is embedding),
 *          "label", "split" (default: the columns with those roles, if any),
 *          "near" (true), "threshold" (0.13), "k" (10), "search" ("auto"), "limit" (100), and
 *          for a text column "text" (default: the role text), "shingle", "jaccard",
 *          "num_perm", "false_negative_weight": its near pairs by MinHash instead (minhash.h)}
 * result: {"fields", "label", "split", "rows" (selected), "exact": [[row ids]],
 *          "exact_flags": [{"label_conflict", "leakage"}], "exact_values": [[values]],
 *          "near": [{"rows": [a, b], "distance", "label_conflict", "leakage"}],
 *          "near_info": {"fields", "embedding" (its name or null), "metric", "k", "threshold", "median_nn_distance",
 *          "radius", "used", "left_out", "exact"} or null, "counts": {...}, "limit"}
 * Exact: rows equal in every field (a missing value equals a missing value), as
 * pandas' duplicated(subset=fields, keep=False); groups by their first row, rows
 * ascending. O(n log n): each row hashed once, rows sorted by (hash, row), equal
 * hashes checked value by value.
 * Near: cleanlab's Datalab near_duplicate rule (issue_manager/duplicate.py) over the
 * numeric fields, or without "fields" in the config over the view's embedding when
 * it has one (a vector column, or numbered columns such as px00..px63): metric "cosine" when there are more than 3 of them, else
 * "euclidean" (cleanlab's decide_default_metric); each row's k = 10 nearest
 * neighbours; median = max(median of the nearest-neighbour distances, 1e-6); a pair
 * is near when one is among the other's k nearest and its distance is below
 * threshold * median. Rows missing a numeric field (and, for cosine, all-zero rows)
 * are left out and counted. Pairs of one exact group are not listed as near.
 * Nearest neighbours by sf_knn_build (wasm/src/knn.c): exact (a k-d tree) when
 * rows^2 x fields <= 2^31, else approximate and said so in
 * near_info.exact (config "search" forces either); cosine distance is |u - v|^2 / 2
 * of the unit vectors, so both metrics search in Euclidean space.
 * Flags: label_conflict when a group's non-missing labels differ, leakage when its
 * non-missing split values differ. Lists are capped at "limit" (totals in counts). */
#include "sinfonia_component.h"
#include "minhash.h"
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
static uint64_t number_key(double v) {
  uint64_t b;
  if (isnan(v)) return 0x7ff8000000000001ULL;
  if (v == 0) v = 0;
  memcpy(&b, &v, sizeof b);
  return b;
}

/* A vector's entries run by run: entry e of row r at num[e * nrows + r] (sf_column). */
static uint64_t value_key(const sf_column *c, size_t row) {
  uint64_t h = 0;
  size_t e;
  if (c->type == SF_VECTOR) {
    for (e = 0; e < c->dim; e++) h = mix(h, number_key(c->num[e * c->nrows + row]));
    return h;
  }
  if (c->type != SF_NUMBER) return (uint64_t)(int64_t)c->codes[row];
  return number_key(c->num[row]);
}

static int same_number(double x, double y) { return x == y || (isnan(x) && isnan(y)); }

static int same_value(const sf_column *c, size_t a, size_t b) {
  size_t e;
  if (c->type == SF_VECTOR) {
    for (e = 0; e < c->dim; e++)
      if (!same_number(c->num[e * c->nrows + a], c->num[e * c->nrows + b])) return 0;
    return 1;
  }
  if (c->type != SF_NUMBER) return c->codes[a] == c->codes[b];
  return same_number(c->num[a], c->num[b]);
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
  int *cols;            /* the columns read (ncols): numbers, or the embedding's */
  size_t ncols;
  const double **vals;  /* the points' coordinates: vals[f][row], f < d */
  const char *emb;      /* the embedding's name when the points are its vectors, else NULL */
  int *match;           /* the category and bool fields a near pair must share (nmatch) */
  size_t nmatch;
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

/* The points: the numeric fields, or by default (no "fields" in the config) the
 * view's embedding when it has one (sf_call_embedding: a vector column, or
 * numbered columns such as px00..px63). Sets no->cols, ncols, vals, d, emb. */
static int near_source(const dup_ctx *x, near_out *no, sf_error *err) {
  sf_embedding emb;
  size_t f, n;
  int from_emb = !sf_config_get(x->call, "fields") && sf_call_embedding(x->call, &emb);
  n = from_emb ? (emb.ncols > emb.dim ? emb.ncols : emb.dim) : x->nf;
  no->cols = sf_calloc(n ? n : 1, sizeof *no->cols);
  no->vals = sf_calloc(n ? n : 1, sizeof *no->vals);
  if (!no->cols || !no->vals) return sf_oom(err);
  if (from_emb) {
    memcpy(no->cols, emb.cols, emb.ncols * sizeof *no->cols);
    no->ncols = emb.ncols;
    for (f = 0; f < emb.dim; f++) no->vals[f] = emb.values[f];
    no->d = emb.dim;
    no->emb = emb.name;
    return SF_OK;
  }
  for (f = 0; f < x->nf; f++)
    if (x->t->cols[x->fields[f]].type == SF_NUMBER) {
      no->vals[no->d++] = x->t->cols[x->fields[f]].num;
      no->cols[no->ncols++] = x->fields[f];
    }
  if (no->d < 2) no->d = no->ncols = 0; /* one number (an age) ties too often to say "near" */
  return SF_OK;
}

/* The category and bool fields: a near pair shares their values, as rows one-hot
 * encoded apart are never within the radius in cleanlab's features. Text (a name,
 * a free note) may differ: MinHash compares a text. */
static int near_match(const dup_ctx *x, near_out *no, sf_error *err) {
  size_t f;
  if (!(no->match = sf_calloc(x->nf ? x->nf : 1, sizeof *no->match))) return sf_oom(err);
  for (f = 0; f < x->nf; f++) {
    sf_type ty = x->t->cols[x->fields[f]].type;
    if (ty == SF_CATEGORY || ty == SF_BOOL) no->match[no->nmatch++] = x->fields[f];
  }
  return SF_OK;
}

static int share_matched(const dup_ctx *x, const near_out *no, size_t a, size_t b) {
  size_t f;
  for (f = 0; f < no->nmatch; f++)
    if (!same_value(&x->t->cols[no->match[f]], a, b)) return 0;
  return 1;
}

static int near_pairs(dup_ctx *x, double threshold, size_t kk, sf_knn_mode mode, near_out *no, sf_error *err) {
  double *pts = NULL, *nn = NULL;
  size_t *id = NULL, i, j, m = 0, f;
  sf_knn knn = {0, 0, NULL, NULL, 0};
  int rc = SF_OK;
  if ((rc = near_source(x, no, err)) || !no->d || (rc = near_match(x, no, err))) return rc;
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
      p[f] = no->vals[f][x->sel[i]];
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
  /* the k nearest, kept when below the radius; pairs of one exact group are not near;
   * a pair in both rows' lists is taken from the lower row's */
  for (i = 0; i < m; i++)
    for (j = 0; j < knn.k; j++) {
      size_t o = knn.idx[i * knn.k + j], a = id[i], b = id[o], t;
      double dd = metric_dist(pts, no->d, no->cosine, i, o);
      if (!(dd < no->radius)) continue;
      if (o < i) {
        for (t = 0; t < knn.k && knn.idx[o * knn.k + t] != i; t++) {}
        if (t < knn.k) continue;
      }
      if (x->group_of[a] >= 0 && x->group_of[a] == x->group_of[b]) continue;
      if (!share_matched(x, no, a, b)) continue;
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

/* Count a group's flags (bit 0: label conflict, bit 1: leakage). */
static int count_flags(const dup_ctx *x, const size_t *rows, size_t n, size_t *conflicts, size_t *leaks) {
  int lc = values_differ(x, x->label, rows, n), lk = values_differ(x, x->split, rows, n);
  *conflicts += (size_t)lc;
  *leaks += (size_t)lk;
  return lc | lk << 1;
}

/* Count a listed group's flags and make its {"label_conflict", "leakage"}. */
static cJSON *flags(const dup_ctx *x, const size_t *rows, size_t n, size_t *conflicts, size_t *leaks) {
  cJSON *o = cJSON_CreateObject();
  int f = count_flags(x, rows, n, conflicts, leaks), lc = f & 1, lk = f >> 1;
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
    cJSON *o, *v;
    if (g >= limit) { count_flags(x, rows, n, &conflicts, &leaks); continue; }
    if (!(o = flags(x, rows, n, &conflicts, &leaks))) return SF_ENOMEM;
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
    if (i >= limit) { count_flags(x, rows, 2, &conflicts, &leaks); continue; }
    if (!(o = flags(x, rows, 2, &conflicts, &leaks))) return SF_ENOMEM;
    if (!sf_json_put(list, NULL, o) || !sf_json_put(o, "rows", row_list(rows, 2)) ||
        !sf_json_put(o, "distance", cJSON_CreateNumber(no->found.v[i].d)))
      return SF_ENOMEM;
  }
  if (!(info = sf_json_put(out, "near_info", cJSON_CreateObject())) ||
      !(cols = sf_json_put(info, "fields", cJSON_CreateArray())))
    return SF_ENOMEM;
  for (i = 0; i < no->ncols; i++)
    if (!sf_json_put(cols, NULL, cJSON_CreateString(x->t->cols[no->cols[i]].name))) return SF_ENOMEM;
  if (!sf_json_put(info, "embedding", no->emb ? cJSON_CreateString(no->emb) : cJSON_CreateNull()) ||
      !(cols = sf_json_put(info, "match", cJSON_CreateArray())))
    return SF_ENOMEM;
  for (i = 0; i < no->nmatch; i++)
    if (!sf_json_put(cols, NULL, cJSON_CreateString(x->t->cols[no->match[i]].name))) return SF_ENOMEM;
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

/* ---- near duplicates of a text column (minhash.h) ------------------------ */

#define TEXT_SHOWN 1000 /* bytes of a pair's texts in the result, cut at a character */

typedef struct text_near { int col; mh_kind kind; size_t num_perm, k; double jaccard, fn_weight; mh_result r; } text_near;

/* The text column: the config's "text", else the view's column with the role text
 * when the config's "fields" (if any) name it (-1: none); a column of numbers is an
 * error. */
static int text_column(const sf_call *call, int *col, sf_error *err) {
  size_t nf = 0, f;
  const int *fields = sf_config_columns(call, "fields", &nf);
  *col = role_column(call, "text", SF_ROLE_TEXT);
  if (*col >= 0 && sf_config_column(call, "text") < 0 && fields) {
    for (f = 0; f < nf && fields[f] != *col; f++) {}
    if (f == nf) *col = -1; /* fields without the text: the numeric rule */
  }
  if (*col >= 0 && call->table->cols[*col].type == SF_NUMBER)
    return sf_fail(err, SF_EINPUT, 0, 0, "text: column '%s' holds numbers, not text", call->table->cols[*col].name);
  return SF_OK;
}

/* MinHash near pairs of the selected rows' texts; pairs of one exact group skipped. */
static int text_near_pairs(const dup_ctx *x, text_near *tn, sf_error *err) {
  const sf_column *c = &x->t->cols[tn->col];
  const char **texts = sf_calloc(x->n ? x->n : 1, sizeof *texts);
  long *group = sf_calloc(x->n ? x->n : 1, sizeof *group);
  size_t i;
  int rc = SF_OK;
  if (!texts || !group) { rc = sf_oom(err); goto end; }
  for (i = 0; i < x->n; i++) {
    texts[i] = sf_column_str(c, x->sel[i]);
    group[i] = x->group_of[x->sel[i]];
  }
  rc = mh_near(texts, group, x->n, tn->kind, tn->num_perm, tn->jaccard, tn->fn_weight, tn->k, &tn->r, err);
  for (i = 0; i < tn->r.n; i++) { /* indices of the selection to row ids */
    tn->r.v[i].a = x->sel[tn->r.v[i].a];
    tn->r.v[i].b = x->sel[tn->r.v[i].b];
  }
end:
  sf_free(texts);
  sf_free(group);
  return rc;
}

/* A row's text, at most TEXT_SHOWN bytes, cut before a UTF-8 continuation byte. */
static cJSON *text_shown(const sf_column *c, size_t row) {
  const char *s = sf_column_str(c, row);
  size_t n = strlen(s);
  char *cut;
  cJSON *v;
  if (n <= TEXT_SHOWN) return cJSON_CreateString(s);
  for (n = TEXT_SHOWN; n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80; n--) {}
  if (!(cut = sf_malloc(n + 1))) return NULL;
  memcpy(cut, s, n);
  cut[n] = 0;
  v = cJSON_CreateString(cut);
  sf_free(cut);
  return v;
}

static int put_text_near(const dup_ctx *x, const text_near *tn, int on, size_t limit, cJSON *out, cJSON *counts) {
  const sf_column *c = &x->t->cols[tn->col];
  cJSON *list, *info;
  size_t i, conflicts = 0, leaks = 0;
  if (!(list = sf_json_put(out, "near", cJSON_CreateArray()))) return SF_ENOMEM;
  if (!on) return sf_json_put(out, "near_info", cJSON_CreateNull()) ? SF_OK : SF_ENOMEM;
  for (i = 0; i < tn->r.n; i++) {
    size_t rows[2];
    cJSON *o, *texts;
    rows[0] = tn->r.v[i].a;
    rows[1] = tn->r.v[i].b;
    if (!(o = flags(x, rows, 2, &conflicts, &leaks))) return SF_ENOMEM;
    if (i >= limit) { cJSON_Delete(o); continue; }
    if (!sf_json_put(list, NULL, o) || !sf_json_put(o, "rows", row_list(rows, 2)) ||
        !sf_json_put(o, "distance", cJSON_CreateNumber(1 - tn->r.v[i].jaccard)) ||
        !sf_json_put(o, "jaccard", cJSON_CreateNumber(tn->r.v[i].jaccard)) ||
        !(texts = sf_json_put(o, "texts", cJSON_CreateArray())) ||
        !sf_json_put(texts, NULL, text_shown(c, rows[0])) || !sf_json_put(texts, NULL, text_shown(c, rows[1])))
      return SF_ENOMEM;
  }
  if (!(info = sf_json_put(out, "near_info", cJSON_CreateObject())) ||
      !sf_json_put(info, "method", cJSON_CreateString("minhash")) ||
      !sf_json_put(info, "text", cJSON_CreateString(c->name)) ||
      !sf_json_put(info, "shingle", cJSON_CreateString(tn->kind == MH_WORDS ? "word3" : "char5")) ||
      !sf_json_put(info, "num_perm", cJSON_CreateNumber((double)tn->num_perm)) ||
      !sf_json_put(info, "bands", cJSON_CreateNumber((double)tn->r.bands)) ||
      !sf_json_put(info, "rows_per_band", cJSON_CreateNumber((double)tn->r.rows)) ||
      !sf_json_put(info, "threshold", cJSON_CreateNumber(tn->jaccard)) ||
      !sf_json_put(info, "false_negative_weight", cJSON_CreateNumber(tn->fn_weight)) ||
      !sf_json_put(info, "k", cJSON_CreateNumber((double)tn->k)) ||
      !sf_json_put(info, "candidates", cJSON_CreateNumber((double)tn->r.candidates)) ||
      !sf_json_put(info, "used", cJSON_CreateNumber((double)tn->r.used)) ||
      !sf_json_put(info, "left_out", cJSON_CreateNumber((double)tn->r.left_out)) ||
      !sf_json_put(info, "distinct", cJSON_CreateNumber((double)tn->r.distinct)) ||
      !sf_json_put(counts, "near_pairs", cJSON_CreateNumber((double)tn->r.n)) ||
      !sf_json_put(counts, "near_label_conflict", cJSON_CreateNumber((double)conflicts)) ||
      !sf_json_put(counts, "near_leakage", cJSON_CreateNumber((double)leaks)))
    return SF_ENOMEM;
  return SF_OK;
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
  text_near tn;
  int *feat = NULL, on = sf_config_bool(call, "near");
  double threshold = sf_config_number(call, "threshold");
  size_t i, kk = (size_t)sf_config_int(call, "k"), limit = (size_t)sf_config_int(call, "limit");
  cJSON *names, *counts;
  int rc = SF_OK;
  memset(&x, 0, sizeof x);
  memset(&no, 0, sizeof no);
  memset(&tn, 0, sizeof tn);
  if ((rc = text_column(call, &tn.col, err))) return rc;
  tn.kind = !strcmp(sf_config_string(call, "shingle"), "word3") ? MH_WORDS : MH_CHARS;
  tn.num_perm = (size_t)sf_config_int(call, "num_perm");
  tn.jaccard = sf_config_number(call, "jaccard");
  tn.fn_weight = sf_config_number(call, "false_negative_weight");
  tn.k = (size_t)sf_config_int(call, "k");
  x.call = call;
  x.t = t;
  x.fields = sf_config_columns(call, "fields", &x.nf);
  if (!x.fields) { /* default: the view's feature columns and vector embeddings */
    if (!(feat = sf_calloc(t->ncols ? t->ncols : 1, sizeof *feat))) return sf_oom(err);
    for (i = 0; i < t->ncols; i++)
      if (sf_call_role(call, (int)i) == SF_ROLE_FEATURE ||
          (sf_call_role(call, (int)i) == SF_ROLE_EMBEDDING && t->cols[i].type == SF_VECTOR))
        feat[x.nf++] = (int)i;
    if (tn.col >= 0 && sf_call_role(call, tn.col) != SF_ROLE_FEATURE) feat[x.nf++] = tn.col; /* and the text */
    x.fields = feat;
  }
  if (!x.nf) { rc = sf_fail(err, SF_EINPUT, 0, 0, "fields: no columns to compare (no column has the role feature)"); goto end; }
  x.label = role_column(call, "label", SF_ROLE_LABEL);
  x.split = role_column(call, "split", SF_ROLE_SPLIT);
  if (!(x.sel = sf_calloc(t->nrows ? t->nrows : 1, sizeof *x.sel))) { rc = sf_oom(err); goto end; }
  for (i = 0; i < t->nrows; i++)
    if (sf_bitmap_get(call->rows, i)) x.sel[x.n++] = i;
  if ((rc = exact_groups(&x, err))) goto end;
  if (on && (rc = tn.col >= 0 ? text_near_pairs(&x, &tn, err) : near_pairs(&x, threshold, kk, search_mode(call), &no, err))) goto end;
  if (!(names = sf_json_put(out, "fields", cJSON_CreateArray()))) { rc = sf_oom(err); goto end; }
  for (i = 0; i < x.nf; i++)
    if (!sf_json_put(names, NULL, cJSON_CreateString(t->cols[x.fields[i]].name))) { rc = sf_oom(err); goto end; }
  if (!sf_json_put(out, "label", name_or_null(t, x.label)) || !sf_json_put(out, "split", name_or_null(t, x.split)) ||
      !sf_json_put(out, "rows", cJSON_CreateNumber((double)x.n)) ||
      !sf_json_put(out, "limit", cJSON_CreateNumber((double)limit)) ||
      !(counts = sf_json_put(out, "counts", cJSON_CreateObject())) || put_exact(&x, limit, out, counts) ||
      (tn.col >= 0 ? put_text_near(&x, &tn, on, limit, out, counts) : put_near(&x, &no, on, threshold, kk, limit, out, counts)))
    rc = sf_oom(err);
end:
  sf_free(feat);
  sf_free(x.sel);
  sf_free(x.members);
  sf_free(x.start);
  sf_free(x.group_of);
  sf_free(no.cols);
  sf_free(no.match);
  sf_free((void *)no.vals);
  sf_free(no.found.v);
  sf_free(tn.r.v);
  return rc;
}
SF_COMPONENT(run);
