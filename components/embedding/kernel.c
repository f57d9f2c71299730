/* embedding: the selected rows mapped to two dimensions by PCA, as points or a density.
 * config (schema.json): {"fields" (numbers; default below), "color" ("label" |
 *          "prediction" | "error" | "none": the columns with those roles in the view),
 *          "max_points" (5000), "grid" (50), "box" (see put_box)}
 * result: {"method": "pca", "fields", "embedding"?, "count", "missing", "explained_variance_ratio",
 *          "components", "color", and either "rows", "points", "values" (at most
 *          max_points used rows) or "density": {"x", "y", "grid", "cells": [{"i", "j",
 *          "count", "top", "top_count" | "errors", "judged"}]}}; with config "box", also
 *          "box_rows", "box_count" (put_box)
 * Fields by default: the view's embedding (sf_call_embedding: a vector column, the
 * numeric columns the spec gives the role embedding, or the inferred group of
 * numbered features such as px00..px63; "fields" names its columns and "embedding"
 * its name), else every numeric plain feature.
 * As sklearn.decomposition.PCA(svd_solver="full") fit on the selected rows with every
 * field present (the others left out and counted in "missing"): centred, not scaled;
 * explained_variance_ratio_ (all min(n, d)), components_[:2] and transform()[:, :2].
 * The eigenvectors of the covariance are sklearn's right singular vectors up to sign;
 * the sign is sklearn 1.2's svd_flip (u_based_decision=True): on each component the
 * used row with the largest |score| (the first of equals) gets a positive score.
 * "values": each point's label or prediction, or for "error" whether they differ as
 * text (null when either is missing). The density is numpy.histogram2d of the
 * coordinates over their extents; a cell's "top" is its most frequent colour value
 * (ties to the smallest, numbers by value, text byte-wise; none when the column has
 * more than 64 values among the used rows).
 * O(n d^2) for the covariance (a mergeable sum of outer products), O(d^3) for the
 * eigen-decomposition, O(n d) for the projection. */
#include "sinfonia_component.h"
#include <math.h>
#include <string.h>

#define MAX_CLASSES 64
#define MAX_FIELDS 256 /* as schema.json's maxItems */

/* A column that may join a default map: numbers and a plain feature. */
static int mappable(const sf_call *call, int col) {
  return call->table->cols[col].type == SF_NUMBER && sf_call_role(call, col) == SF_ROLE_FEATURE;
}

/* The points' coordinates, *x[a][row] for a < *d (allocated): the config's fields,
 * else the view's embedding (sf_call_embedding: a vector column, or numbered
 * columns such as px00..px63), else every plain numeric feature. Adds "fields"
 * (the columns read) and, from the embedding, "embedding" (its name) to out. */
static int gather(const sf_call *call, const double ***x, size_t *d, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  sf_embedding emb;
  size_t n = 0, i, a;
  const int *f = sf_config_columns(call, "fields", &n);
  int *own = NULL, from_emb = !f && sf_call_embedding(call, &emb), rc = SF_OK;
  cJSON *list;
  if (!f && !from_emb) {
    if (!(own = sf_calloc(t->ncols ? t->ncols : 1, sizeof *own))) return sf_oom(err);
    for (i = 0; i < t->ncols; i++)
      if (mappable(call, (int)i)) own[n++] = (int)i;
    f = own;
  }
  *d = from_emb ? emb.dim : n;
  if (!from_emb && n < 2) { rc = sf_fail(err, SF_EINPUT, 0, 0, "embedding: needs at least two numeric columns (config fields)"); goto end; }
  /* the eigen-decomposition is O(d^3) per sweep and the covariance O(n d^2): 256 at most */
  if (*d > MAX_FIELDS) {
    rc = from_emb ? sf_fail(err, SF_EINPUT, 0, 0, "embedding: the embedding '%s' has %zu dimensions; at most %d can be mapped",
                            emb.name, *d, MAX_FIELDS)
                  : sf_fail(err, SF_EINPUT, 0, 0, "embedding: %zu columns by default; at most %d can be mapped (set fields)", *d,
                            MAX_FIELDS);
    goto end;
  }
  if (!(*x = sf_calloc(*d ? *d : 1, sizeof **x))) goto oom;
  for (a = 0; a < *d; a++) (*x)[a] = from_emb ? emb.values[a] : t->cols[f[a]].num;
  if (!(list = sf_json_put(out, "fields", cJSON_CreateArray()))) goto oom;
  for (i = 0; i < (from_emb ? emb.ncols : n); i++)
    if (!sf_json_put(list, NULL, cJSON_CreateString(t->cols[from_emb ? emb.cols[i] : f[i]].name))) goto oom;
  if (from_emb && !sf_json_put(out, "embedding", cJSON_CreateString(emb.name))) goto oom;
  goto end;
oom:
  rc = sf_oom(err);
end:
  sf_free(own);
  return rc;
}

/* The per-row colour: a small class index for a column, or the error flag. */
typedef struct colouring {
  const sf_column *by;             /* the label or prediction column, or NULL */
  const sf_column *label, *pred;   /* for "error" */
  int32_t *pred_to_label;          /* both coded: each prediction code's label code, or -1 */
  double keys[MAX_CLASSES];        /* distinct values (numbers) or codes, sorted */
  size_t nkeys;
  int too_many;
} colouring;

/* 1 when the row's label and prediction differ as text, 0 when equal, -1 when either is missing. */
static int row_error(const colouring *k, size_t row) {
  const sf_column *a = k->label, *b = k->pred;
  char ba[32], bb[32];
  const char *sa, *sb;
  if (sf_column_is_missing(a, row) || sf_column_is_missing(b, row)) return -1;
  if (a->type == SF_NUMBER && b->type == SF_NUMBER) return a->num[row] != b->num[row];
  if (k->pred_to_label) return k->pred_to_label[b->codes[row]] != a->codes[row];
  sf_column_label(a, row, ba, sizeof ba, &sa);
  sf_column_label(b, row, bb, sizeof bb, &sb);
  return strcmp(sa, sb) != 0;
}

static double row_key(const sf_column *c, size_t row) {
  return c->type == SF_NUMBER ? c->num[row] : (double)c->codes[row];
}

/* The class of a row: its key's place among the sorted keys, or -1 (missing, too many). */
static int row_class(const colouring *k, size_t row) {
  size_t lo = 0, hi = k->nkeys;
  double key;
  if (!k->by || k->too_many || sf_column_is_missing(k->by, row)) return -1;
  key = row_key(k->by, row);
  if (k->by->type != SF_NUMBER) { /* codes are sorted by their text: a linear look-up */
    for (lo = 0; lo < k->nkeys; lo++)
      if (k->keys[lo] == key) return (int)lo;
    return -1;
  }
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (k->keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < k->nkeys && k->keys[lo] == key ? (int)lo : -1;
}

static int key_less(const sf_column *c, double a, double b) {
  return c->type == SF_NUMBER ? a < b : strcmp(c->dict.strs[(int)a], c->dict.strs[(int)b]) < 0;
}

/* The distinct colour values among the used rows (up to MAX_CLASSES), sorted. */
static void collect_classes(colouring *k, const unsigned char *used, size_t nrows) {
  size_t i, j;
  for (i = 0; i < nrows && !k->too_many; i++) {
    double key;
    if (!used[i] || sf_column_is_missing(k->by, i)) continue;
    key = row_key(k->by, i);
    for (j = 0; j < k->nkeys && k->keys[j] != key; j++) {}
    if (j < k->nkeys) continue;
    if (k->nkeys == MAX_CLASSES) k->too_many = 1;
    else k->keys[k->nkeys++] = key;
  }
  for (i = 1; i < k->nkeys; i++) /* insertion sort: at most 64 */
    for (j = i; j > 0 && key_less(k->by, k->keys[j], k->keys[j - 1]); j--) {
      double tmp = k->keys[j]; k->keys[j] = k->keys[j - 1]; k->keys[j - 1] = tmp;
    }
}

/* A number with -0 written as 0 (a flipped zero loading; JSON readers differ on -0). */
static cJSON *number(double v) { return cJSON_CreateNumber(v + 0.0); }

static cJSON *pair(double a, double b) {
  cJSON *arr = cJSON_CreateArray();
  if (arr && sf_json_put(arr, NULL, number(a)) && sf_json_put(arr, NULL, number(b))) return arr;
  cJSON_Delete(arr);
  return NULL;
}

/* The coordinate of row `row` on the unit vector v (entries per field): the centred dot product. */
static double project(const double *const *f, size_t d, const double *mean, const double *v, size_t row) {
  double s = 0;
  size_t a;
  for (a = 0; a < d; a++) s += (f[a][row] - mean[a]) * v[a];
  return s;
}

/* The first column with this role in the view, or -1: colour is optional, so a file
 * without a label still maps (a schema "x-role" key would make the label required). */
static int role_column(const sf_call *call, sf_role role) {
  size_t i;
  for (i = 0; i < call->table->ncols; i++)
    if (sf_call_role(call, (int)i) == role) return (int)i;
  return -1;
}

/* Colour setup: which column (or the pair, for "error") each row is coloured by;
 * *name is the colouring in effect ("none" when its columns are absent). */
static int colouring_init(colouring *k, const sf_call *call, const unsigned char *used, const char **name, sf_error *err) {
  const sf_table *t = call->table;
  int lab = role_column(call, SF_ROLE_LABEL), pre = role_column(call, SF_ROLE_PREDICTION);
  size_t i, j;
  if (strcmp(*name, "label") == 0 && lab >= 0) k->by = &t->cols[lab];
  else if (strcmp(*name, "prediction") == 0 && pre >= 0) k->by = &t->cols[pre];
  else if (strcmp(*name, "error") == 0 && lab >= 0 && pre >= 0) {
    k->label = &t->cols[lab];
    k->pred = &t->cols[pre];
    /* both coded with small dictionaries: compare codes through a map, not text per row */
    if (k->label->type != SF_NUMBER && k->pred->type != SF_NUMBER && k->pred->dict.n &&
        k->pred->dict.n <= 4096 && k->label->dict.n <= 4096) {
      if (!(k->pred_to_label = sf_calloc(k->pred->dict.n, sizeof *k->pred_to_label))) return sf_oom(err);
      for (i = 0; i < k->pred->dict.n; i++) {
        k->pred_to_label[i] = -1;
        for (j = 0; j < k->label->dict.n; j++)
          if (strcmp(k->pred->dict.strs[i], k->label->dict.strs[j]) == 0) k->pred_to_label[i] = (int32_t)j;
      }
    }
  } else *name = "none";
  if (k->by) collect_classes(k, used, t->nrows);
  return SF_OK;
}

/* A point's colour value: the column's value, or whether it is an error (null: unknown). */
static cJSON *colour_json(const colouring *k, size_t row) {
  int e;
  if (k->by) return sf_json_cell(k->by, row);
  e = row_error(k, row);
  return e < 0 ? cJSON_CreateNull() : cJSON_CreateBool(e);
}

/* Sign and extents of the two coordinates over the used rows (sklearn 1.2's svd_flip:
 * the row with the largest |score| on a component, the first of equals, is positive). */
static void orient(const sf_table *t, const double *const *f, size_t d, const double *mean, double *v[2], const unsigned char *used,
                   double lo[2], double hi[2]) {
  double big[2] = {-1, -1}, at[2] = {0, 0};
  size_t i, c, a;
  for (c = 0; c < 2; c++) { lo[c] = INFINITY; hi[c] = -INFINITY; }
  for (i = 0; i < t->nrows; i++) {
    if (!used[i]) continue;
    for (c = 0; c < 2; c++) {
      double s = project(f, d, mean, v[c], i);
      if (fabs(s) > big[c]) { big[c] = fabs(s); at[c] = s; }
      if (s < lo[c]) lo[c] = s;
      if (s > hi[c]) hi[c] = s;
    }
  }
  for (c = 0; c < 2; c++) {
    double l = lo[c];
    if (at[c] >= 0) continue;
    for (a = 0; a < d; a++) v[c][a] = -v[c][a];
    lo[c] = -hi[c]; /* negating v negates each sum exactly */
    hi[c] = -l;
  }
}

static int put_points(const sf_call *call, const double *const *f, size_t d, const double *mean, double *v[2],
                      const unsigned char *used, const colouring *k, int coloured, cJSON *out) {
  const sf_table *t = call->table;
  cJSON *rows, *points, *values = NULL;
  size_t i;
  if (!(rows = sf_json_put(out, "rows", cJSON_CreateArray())) || !(points = sf_json_put(out, "points", cJSON_CreateArray())) ||
      (coloured && !(values = sf_json_put(out, "values", cJSON_CreateArray()))))
    return SF_ENOMEM;
  for (i = 0; i < t->nrows; i++) {
    if (!used[i]) continue;
    if (!sf_json_put(rows, NULL, cJSON_CreateNumber((double)i)) ||
        !sf_json_put(points, NULL, pair(project(f, d, mean, v[0], i), project(f, d, mean, v[1], i))) ||
        (values && !sf_json_put(values, NULL, colour_json(k, i))))
      return SF_ENOMEM;
  }
  return SF_OK;
}

/* numpy.histogram2d of the coordinates over grid x grid cells; per cell the count and
 * the colour's classes (or errors and judged rows). */
static int put_density(const sf_call *call, const double *const *f, size_t d, const double *mean, double *v[2],
                       const unsigned char *used, const colouring *k, const double lo[2], const double hi[2], cJSON *out,
                       sf_error *err) {
  const sf_table *t = call->table;
  size_t grid = (size_t)sf_config_int(call, "grid"), cells = grid * grid, i, c;
  size_t per = k->by && !k->too_many ? k->nkeys : k->label ? 2 : 0; /* per-cell tallies */
  sf_bins bx = {0, 0, 0, 0, NULL}, by = {0, 0, 0, 0, NULL};
  uint32_t *count = NULL, *tally = NULL;
  cJSON *den, *list;
  int rc;
  if ((rc = sf_bins_init(&bx, grid, lo[0], hi[0], err)) || (rc = sf_bins_init(&by, grid, lo[1], hi[1], err))) goto end;
  if (!(count = sf_calloc(cells, sizeof *count)) || (per && !(tally = sf_calloc(cells * per, sizeof *tally)))) {
    rc = sf_oom(err); /* grid <= 200 and per <= 64: no overflow */
    goto end;
  }
  for (i = 0; i < t->nrows; i++) {
    size_t a, b, cell;
    int cls;
    if (!used[i]) continue;
    a = sf_bins_index(&bx, project(f, d, mean, v[0], i));
    b = sf_bins_index(&by, project(f, d, mean, v[1], i));
    if (a >= grid || b >= grid) continue; /* cannot happen: the extents are the data's */
    count[cell = a * grid + b]++;
    if (!per) continue;
    cls = k->by ? row_class(k, i) : row_error(k, i);
    if (cls >= 0) tally[cell * per + (size_t)cls]++;
  }
  if (!(den = sf_json_put(out, "density", cJSON_CreateObject())) || !sf_json_put(den, "x", pair(bx.lo, bx.hi)) ||
      !sf_json_put(den, "y", pair(by.lo, by.hi)) || !sf_json_put(den, "grid", cJSON_CreateNumber((double)grid)) ||
      !(list = sf_json_put(den, "cells", cJSON_CreateArray())))
    goto oom;
  for (c = 0; c < cells; c++) {
    cJSON *cell;
    const uint32_t *tl = tally ? tally + c * per : NULL;
    if (!count[c]) continue;
    if (!(cell = sf_json_put(list, NULL, cJSON_CreateObject())) ||
        !sf_json_put(cell, "i", cJSON_CreateNumber((double)(c / grid))) ||
        !sf_json_put(cell, "j", cJSON_CreateNumber((double)(c % grid))) ||
        !sf_json_put(cell, "count", cJSON_CreateNumber((double)count[c])))
      goto oom;
    if (tl && k->by) {
      size_t best = 0, j;
      for (j = 1; j < per; j++)
        if (tl[j] > tl[best]) best = j; /* the first of the largest: the smallest value */
      if (tl[best] && (!sf_json_put(cell, "top", k->by->type == SF_NUMBER ? cJSON_CreateNumber(k->keys[best])
                                                                           : sf_json_code(k->by, (int32_t)k->keys[best])) ||
                       !sf_json_put(cell, "top_count", cJSON_CreateNumber((double)tl[best]))))
        goto oom;
    } else if (tl && (!sf_json_put(cell, "errors", cJSON_CreateNumber((double)tl[1])) ||
                      !sf_json_put(cell, "judged", cJSON_CreateNumber((double)(tl[0] + tl[1]))))) {
      goto oom;
    }
  }
  goto end;
oom:
  rc = sf_oom(err);
end:
  sf_bins_free(&bx);
  sf_bins_free(&by);
  sf_free(count);
  sf_free(tally);
  return rc;
}

/* With config "box" ({"x": [lo, hi], "y": [lo, hi]}, closed): the used rows whose
 * coordinates fall inside, "box_rows" (ascending; none when more than BOX_ROWS, so a
 * selection of them stays small) and "box_count". How a brush on the density
 * becomes a selection the engine evaluates ({"rows": [...]}). */
#define BOX_ROWS 20000
static int put_box(const sf_call *call, const double *const *f, size_t d, const double *mean, double *v[2],
                   const unsigned char *used, cJSON *out) {
  const sf_table *t = call->table;
  const cJSON *box = sf_config_get(call, "box"), *bx, *by;
  double x0, x1, y0, y1;
  size_t i, count = 0;
  cJSON *rows;
  if (!box) return SF_OK;
  bx = cJSON_GetObjectItemCaseSensitive(box, "x");
  by = cJSON_GetObjectItemCaseSensitive(box, "y");
  x0 = cJSON_GetArrayItem(bx, 0)->valuedouble, x1 = cJSON_GetArrayItem(bx, 1)->valuedouble;
  y0 = cJSON_GetArrayItem(by, 0)->valuedouble, y1 = cJSON_GetArrayItem(by, 1)->valuedouble;
  if (!(rows = sf_json_put(out, "box_rows", cJSON_CreateArray()))) return SF_ENOMEM;
  for (i = 0; i < t->nrows; i++) {
    double x, y;
    if (!used[i]) continue;
    x = project(f, d, mean, v[0], i);
    y = project(f, d, mean, v[1], i);
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    if (++count <= BOX_ROWS && !sf_json_put(rows, NULL, cJSON_CreateNumber((double)i))) return SF_ENOMEM;
  }
  if (count > BOX_ROWS) cJSON_DeleteItemFromObjectCaseSensitive(out, "box_rows");
  if (count > BOX_ROWS && !sf_json_put(out, "box_rows", cJSON_CreateNull())) return SF_ENOMEM;
  return sf_json_put(out, "box_count", cJSON_CreateNumber((double)count)) ? SF_OK : SF_ENOMEM;
}

/* With config "lasso" ([[x, y], ...], a closed polygon): the used rows inside it by the
 * even-odd rule (a point exactly on an edge may fall either side, the same way in the
 * view's own test), "lasso_rows" (none above BOX_ROWS) and "lasso_count". */
static int put_lasso(const sf_call *call, const double *const *f, size_t d, const double *mean, double *v[2],
                     const unsigned char *used, cJSON *out) {
  const sf_table *t = call->table;
  const cJSON *poly = sf_config_get(call, "lasso");
  double px[200], py[200];
  size_t i, count = 0, m = 0, a, b;
  cJSON *rows;
  const cJSON *corner;
  if (!poly) return SF_OK;
  cJSON_ArrayForEach(corner, poly) {
    if (m == 200) break; /* schema: at most 200 */
    px[m] = cJSON_GetArrayItem(corner, 0)->valuedouble;
    py[m++] = cJSON_GetArrayItem(corner, 1)->valuedouble;
  }
  if (!(rows = sf_json_put(out, "lasso_rows", cJSON_CreateArray()))) return SF_ENOMEM;
  for (i = 0; i < t->nrows; i++) {
    double x, y;
    int in = 0;
    if (!used[i]) continue;
    x = project(f, d, mean, v[0], i);
    y = project(f, d, mean, v[1], i);
    for (a = 0, b = m - 1; a < m; b = a++)
      if ((py[a] > y) != (py[b] > y) && x < (px[b] - px[a]) * (y - py[a]) / (py[b] - py[a]) + px[a]) in = !in;
    if (in && ++count <= BOX_ROWS && !sf_json_put(rows, NULL, cJSON_CreateNumber((double)i))) return SF_ENOMEM;
  }
  if (count > BOX_ROWS) cJSON_DeleteItemFromObjectCaseSensitive(out, "lasso_rows");
  if (count > BOX_ROWS && !sf_json_put(out, "lasso_rows", cJSON_CreateNull())) return SF_ENOMEM;
  return sf_json_put(out, "lasso_count", cJSON_CreateNumber((double)count)) ? SF_OK : SF_ENOMEM;
}

/* The used rows (selected, every field present), their count and the fields' means. */
static void pass_means(const sf_call *call, const double *const *f, size_t d, unsigned char *used, sf_sum *sums, size_t *n,
                       size_t *missing) {
  const sf_table *t = call->table;
  size_t i, a;
  for (i = 0; i < t->nrows; i++) {
    if (!sf_bitmap_get(call->rows, i)) continue;
    for (a = 0; a < d && isfinite(f[a][i]); a++) {}
    if (a < d) { (*missing)++; continue; }
    used[i] = 1;
    (*n)++;
    for (a = 0; a < d; a++) sf_sum_add(&sums[a], f[a][i]);
  }
}

/* The upper triangle of the sum of outer products of the centred rows (a mergeable
 * partial state: partial sums over chunks of rows add up). */
static void pass_scatter(const sf_table *t, const double *const *f, size_t d, const unsigned char *used, const double *mean,
                         double *row, double *cov) {
  size_t i, a, b;
  for (i = 0; i < t->nrows; i++) {
    if (!used[i]) continue;
    for (a = 0; a < d; a++) row[a] = f[a][i] - mean[a];
    for (a = 0; a < d; a++) {
      double ra = row[a], *ca = cov + a * d;
      for (b = a; b < d; b++) ca[b] += ra * row[b];
    }
  }
}

#include "umap.h" /* method "umap" */

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  size_t d = 0, n = 0, missing = 0, a, b, ncomp, c;
  const double **f = NULL;
  int rc = SF_OK;
  const char *colour = sf_config_string(call, "color"), *method = sf_config_string(call, "method");
  int umap = strcmp(method, "umap") == 0;
  unsigned char *used = NULL;
  sf_sum *sums = NULL;
  double *mean = NULL, *cov = NULL, *vals = NULL, *vecs = NULL, *vc = NULL, *row = NULL, total = 0, lo[2], hi[2];
  double *v[2];
  colouring k;
  cJSON *list;
  memset(&k, 0, sizeof k);
  if (!sf_json_put(out, "method", cJSON_CreateString(method))) goto oom;
  if ((rc = gather(call, &f, &d, out, err))) goto end;
  if (!(used = sf_calloc(t->nrows ? t->nrows : 1, 1)) || !(sums = sf_calloc(d, sizeof *sums)) ||
      !(mean = sf_calloc(d, sizeof *mean)) || !(cov = sf_calloc(d * d, sizeof *cov)) ||
      !(vals = sf_calloc(d, sizeof *vals)) || !(vecs = sf_calloc(d * d, sizeof *vecs)) ||
      !(vc = sf_calloc(2 * d, sizeof *vc)) || !(row = sf_calloc(d, sizeof *row)))
    goto oom;
  pass_means(call, f, d, used, sums, &n, &missing);
  if ((!umap || n < 2) && (!sf_json_put(out, "count", cJSON_CreateNumber((double)n)) ||
                            !sf_json_put(out, "missing", cJSON_CreateNumber((double)missing))))
    goto oom;
  if (n < 2) { /* no spread to decompose (sklearn's variance divides by n - 1); no map either */
    if ((!umap && (!sf_json_put(out, "explained_variance_ratio", cJSON_CreateArray()) ||
                   !sf_json_put(out, "components", cJSON_CreateArray()))) ||
        !sf_json_put(out, "color", cJSON_CreateString("none")) ||
        !sf_json_put(out, "rows", cJSON_CreateArray()) || !sf_json_put(out, "points", cJSON_CreateArray()))
      goto oom;
    goto end;
  }
  for (a = 0; a < d; a++) mean[a] = sf_sum_total(&sums[a]) / (double)n;
  pass_scatter(t, f, d, used, mean, row, cov);
  for (a = 0; a < d; a++)
    for (b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];
  if ((rc = sf_eigen_symmetric(cov, d, vals, vecs, err))) goto end;
  v[0] = vc;
  v[1] = vc + d;
  for (a = 0; a < d; a++) {
    v[0][a] = vecs[a * d];
    v[1][a] = vecs[a * d + 1];
  }
  orient(t, f, d, mean, v, used, lo, hi);
  if (umap) { /* PC1 and PC2 start the map */
    rc = umap_run(call, f, d, mean, v, used, n, missing, out, err);
    goto end;
  }
  /* sklearn keeps min(n, d) components; a rounding-level negative eigenvalue is 0 */
  ncomp = n < d ? n : d;
  for (c = 0; c < ncomp; c++) total += vals[c] > 0 ? vals[c] : 0;
  if (!(list = sf_json_put(out, "explained_variance_ratio", cJSON_CreateArray()))) goto oom;
  for (c = 0; c < ncomp; c++)
    if (!sf_json_put(list, NULL, sf_json_num((vals[c] > 0 ? vals[c] : 0) / total))) goto oom;
  if (!(list = sf_json_put(out, "components", cJSON_CreateArray()))) goto oom;
  for (c = 0; c < 2; c++) {
    cJSON *comp = sf_json_put(list, NULL, cJSON_CreateArray());
    if (!comp) goto oom;
    for (a = 0; a < d; a++)
      if (!sf_json_put(comp, NULL, number(v[c][a]))) goto oom;
  }
  if ((rc = colouring_init(&k, call, used, &colour, err))) goto end;
  if (!sf_json_put(out, "color", cJSON_CreateString(colour))) goto oom;
  if (n <= (size_t)sf_config_int(call, "max_points")) {
    if (put_points(call, f, d, mean, v, used, &k, strcmp(colour, "none") != 0, out)) goto oom;
  } else {
    if ((rc = put_density(call, f, d, mean, v, used, &k, lo, hi, out, err))) goto end;
  }
  if (put_box(call, f, d, mean, v, used, out) || put_lasso(call, f, d, mean, v, used, out)) goto oom;
  goto end;
oom:
  rc = sf_oom(err);
end:
  sf_free((void *)f);
  sf_free(used);
  sf_free(sums);
  sf_free(mean);
  sf_free(cov);
  sf_free(vals);
  sf_free(vecs);
  sf_free(vc);
  sf_free(row);
  sf_free(k.pred_to_label);
  return rc;
}
SF_COMPONENT(run);
