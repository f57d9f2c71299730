/* error-tree: a shallow decision tree fit on "the prediction is wrong", so the
 * regions where the model errs read as a few splits (a CART tree with the gini
 * criterion, as scikit-learn's DecisionTreeClassifier).
 * config (schema.json): {"features" (default: the feature and group columns that
 *   are not text), "label", "prediction", "max_depth" (3), "min_samples_leaf" (0:
 *   max(20, ceil(n / 100))), "min_impurity_decrease" (0)}
 * result: {"label", "prediction", "features", "max_depth", "min_samples_leaf",
 *   "min_impurity_decrease", "count", "missing", "errors", "error_rate",
 *   "nodes": [{"id", "parent", "depth", "children", "count", "errors", "error_rate",
 *              "gini", "split", "predicate", "filter"}]}   (depth-first, left first)
 *
 * Rows used: selected, with a label and a prediction; the other selected rows are
 * counted in "missing". A row's error is 1 when the prediction differs from the
 * label (as numbers when both columns hold numbers, else as text), as slice-finder's.
 * The tree, as DecisionTreeClassifier(criterion="gini") grows it depth first:
 * - a node is split when its depth < max_depth, it has at least 2 * min_samples_leaf
 *   rows (and 2), it holds errors and correct rows (gini > 0), a split leaves each
 *   side at least min_samples_leaf rows, and the best split's weighted impurity
 *   decrease (N_t / N) * (gini - N_L / N_t * gini_L - N_R / N_t * gini_R) plus
 *   DBL_EPSILON is at least min_impurity_decrease;
 * - the best split minimises N_L * gini_L + N_R * gini_R, compared exactly (integer
 *   arithmetic); on a tie the first found wins: features in config order, then the
 *   lowest threshold (numbers) or the shortest left set (categories);
 * - a number splits at x <= t, t the midpoint of two consecutive distinct values of
 *   the node (prev / 2 + next / 2; prev when that rounds to next, as scikit-learn);
 *   a row whose value is missing or not finite goes right (x > t or missing), and
 *   when the node has such rows, "every finite value left" (t = the node's largest
 *   value) is one more candidate, the last;
 * - a category (text, bool) splits by Breiman's ordering: its values in the node,
 *   missing one of them, sorted by error rate (then byte-wise, missing last); the
 *   left side is a prefix of that order, which is the best subset for gini with a
 *   binary target (Breiman et al. 1984, 4.2.2).
 * A node's filter is the AND of the clauses on its path: x <= t is {"field",
 * "range": [the column's least finite value, t]}, the right side its "not"; a
 * category side is {"field", "in": S} or its "not", S the smaller side.
 * Cost: one sort per numeric feature (O(n)), then per level one pass over each
 * feature's rows in sorted order (numbers) or in row order (categories):
 * O(n * features * max_depth). Memory: one 32-bit row order per numeric feature. */
#include "sinfonia_component.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES 63 /* 2^(5 + 1) - 1: max_depth is at most 5 */
#define MAX_ACTIVE 16 /* nodes split at one level: 2^(max_depth - 1) */
#define MAX_VALUES 100000 /* distinct values of a category feature */
#define IDLE 0xFF     /* a row in no node being split */
#define NEW_VALUE 0x80000000u /* in a sorted order: the row's value is above the one before */

__extension__ typedef unsigned __int128 u128;

/* A feature: a number (sorted rows) or a category (codes, byte-wise ranks). */
typedef struct feature {
  const sf_column *col;
  int numeric;
  uint32_t *order; /* numbers: used rows with a finite value, ascending; NEW_VALUE marks a rise */
  size_t m;        /* how many */
  double least;    /* numbers: the whole column's least finite value */
  int32_t *rank;   /* categories: code -> byte-wise rank */
  int32_t *byrank; /* categories: byte-wise rank -> code */
} feature;

typedef struct node {
  int parent, depth, left, right; /* breadth-first indices, -1 none */
  size_t n, e;
  int feature;        /* the split's feature, -1: a leaf */
  double threshold;   /* numbers */
  uint8_t *side;      /* categories: per code + 1 (slot 0: missing): 1 left, 2 right, 0 no rows */
  size_t nslots;
  size_t missing;     /* numbers: rows of the node without a finite value (sent right) */
  double improvement;
  int id;             /* depth-first id */
} node;

/* The best split found so far for an active node. */
typedef struct best {
  int feature;
  size_t nl, el;
  double w;          /* N_L gini_L + N_R gini_R, halved, as a double */
  uint32_t below, above; /* numbers: the rows either side of the threshold (above: UINT32_MAX, missing) */
  int32_t *cats;     /* categories: slots in Breiman order, the first ncut go left */
  size_t ncats, ncut, cap;
} best;

typedef struct grower {
  const sf_table *t;
  feature *f;
  size_t nf, n, e, msl;
  uint8_t *at;       /* per row: its active node at this level << 1 | 1 when wrong; IDLE: none */
  node nodes[MAX_NODES];
  int nnodes, max_depth, exact;
  int active[MAX_ACTIVE];
  int nactive;
  best b[MAX_ACTIVE];
  double min_decrease;
} grower;

/* ---- errors --------------------------------------------------------------- */

/* at[row] = the root (0) and the row's error for the used rows, IDLE for the others;
 * "missing" counts the selected rows without a label or prediction. */
static int errors_of(grower *g, const sf_bitmap *rows, const sf_column *lc, const sf_column *pc, size_t *missing,
                     sf_error *err) {
  size_t i, nrows = g->t->nrows;
  sf_mismatch mm;
  int rc;
  if ((rc = sf_mismatch_init(&mm, lc, pc, err))) return rc;
  for (i = 0; i < nrows; i++) {
    int e;
    g->at[i] = IDLE;
    if (!sf_bitmap_get(rows, i)) continue;
    if ((e = sf_mismatch_row(&mm, i)) < 0) { (*missing)++; continue; }
    g->at[i] = (uint8_t)e;
    g->n++;
    g->e += (size_t)e;
  }
  sf_mismatch_free(&mm);
  return SF_OK;
}

/* ---- features ------------------------------------------------------------- */

typedef struct text_code { const char *s; int32_t code; } text_code;
static int by_text(const void *a, const void *b) { return strcmp(((const text_code *)a)->s, ((const text_code *)b)->s); }

/* A number: its used rows with a finite value in ascending order, and the column's
 * least finite value. A category: its codes' byte-wise ranks. */
static int prepare(grower *g, feature *f, sf_error *err) {
  size_t i, m = 0, nrows = g->t->nrows;
  double *keys = NULL, prev;
  size_t *order = NULL;
  uint32_t *rowid = NULL;
  int rc = SF_OK;
  if (!f->numeric) {
    size_t d = f->col->dict.n;
    text_code *tc;
    if (d > MAX_VALUES) /* a count per node and value: bounded memory */
      return sf_fail(err, SF_EINPUT, 0, 0, "error-tree: feature '%s' has %zu distinct values; a category may have at most %d",
                     f->col->name, d, MAX_VALUES);
    tc = sf_calloc(d + 1, sizeof *tc);
    if (!tc || !(f->rank = sf_calloc(d + 1, sizeof *f->rank)) || !(f->byrank = sf_calloc(d + 1, sizeof *f->byrank))) {
      sf_free(tc);
      return sf_oom(err);
    }
    for (i = 0; i < d; i++) { tc[i].s = f->col->dict.strs[i]; tc[i].code = (int32_t)i; }
    qsort(tc, d, sizeof *tc, by_text);
    for (i = 0; i < d; i++) { f->rank[tc[i].code] = (int32_t)i; f->byrank[i] = tc[i].code; }
    sf_free(tc);
    return SF_OK;
  }
  f->least = INFINITY;
  for (i = 0; i < nrows; i++) {
    double x = f->col->num[i];
    if (isfinite(x) && x < f->least) f->least = x;
    if (g->at[i] != IDLE && isfinite(x)) m++;
  }
  if (!(keys = sf_calloc(m + 1, sizeof *keys)) || !(order = sf_calloc(m + 1, sizeof *order)) ||
      !(rowid = sf_calloc(m + 1, sizeof *rowid)) || !(f->order = sf_calloc(m + 1, sizeof *f->order))) {
    rc = sf_oom(err);
    goto end;
  }
  for (m = 0, i = 0; i < nrows; i++)
    if (g->at[i] != IDLE && isfinite(f->col->num[i])) { keys[m] = f->col->num[i]; rowid[m++] = (uint32_t)i; }
  if ((rc = sf_sort_order(keys, m, order, err))) goto end;
  for (prev = 0, i = 0; i < m; i++) { /* one gather of the keys in order */
    double x = keys[order[i]];
    f->order[i] = rowid[order[i]] | (i && x > prev ? NEW_VALUE : 0);
    prev = x;
  }
  f->m = m;
end:
  sf_free(keys);
  sf_free(order);
  sf_free(rowid);
  return rc;
}

/* ---- splits ----------------------------------------------------------------- */

/* sum over the sides of e (n - e) / n, i.e. (N_L gini_L + N_R gini_R) / 2, as p / q exactly */
static void exact_w(size_t n, size_t e, size_t nl, size_t el, u128 *p, u128 *q) {
  size_t nr = n - nl, er = e - el;
  *p = (u128)el * (nl - el) * nr + (u128)er * (nr - er) * nl;
  *q = (u128)nl * nr;
}

/* Offer the split (nl, el) of active node a: kept when it leaves min_samples_leaf on
 * each side and its N_L gini_L + N_R gini_R is below the best's (doubles decide when
 * they differ by more than their rounding; else integers). Returns 1 if kept. */
static int offer(grower *g, int a, int fi, size_t nl, size_t el, uint32_t below, uint32_t above) {
  const node *nd = &g->nodes[g->active[a]];
  best *b = &g->b[a];
  size_t nr = nd->n - nl, er = nd->e - el;
  double w;
  if (nl < g->msl || nr < g->msl || !nl || !nr) return 0;
  w = (double)el * (double)(nl - el) / (double)nl + (double)er * (double)(nr - er) / (double)nr;
  if (b->feature >= 0) {
    if (w > b->w * (1 + 1e-12)) return 0;
    if (!(w < b->w * (1 - 1e-12))) { /* too close for doubles */
      u128 p, q, bp, bq;
      if (!g->exact) {
        if (!(w < b->w)) return 0;
      } else {
        exact_w(nd->n, nd->e, nl, el, &p, &q);
        exact_w(nd->n, nd->e, b->nl, b->el, &bp, &bq);
        if (!(p * bq < bp * q)) return 0;
      }
    }
  }
  b->feature = fi;
  b->nl = nl;
  b->el = el;
  b->w = w;
  b->below = below;
  b->above = above;
  return 1;
}

/* Every split of number fi at this level: one pass over its rows in order, each
 * node's rows counted as they come; a rise in value (NEW_VALUE) since the node's last
 * row is a threshold. */
static void number_splits(grower *g, int fi) {
  const feature *f = &g->f[fi];
  size_t nl[MAX_ACTIVE], el[MAX_ACTIVE], i, rises = 0, seen[MAX_ACTIVE];
  uint32_t last[MAX_ACTIVE];
  int a;
  for (a = 0; a < g->nactive; a++) { nl[a] = el[a] = seen[a] = 0; last[a] = 0; }
  for (i = 0; i < f->m; i++) {
    uint32_t w = f->order[i], r = w & ~NEW_VALUE;
    uint8_t at;
    rises += w >> 31;
    if ((at = g->at[r]) == IDLE) continue;
    a = at >> 1;
    if (nl[a] && rises != seen[a]) offer(g, a, fi, nl[a], el[a], last[a], r);
    nl[a]++;
    el[a] += at & 1;
    seen[a] = rises;
    last[a] = r;
  }
  for (a = 0; a < g->nactive; a++) /* rows without a value: every finite value left */
    if (nl[a] && nl[a] < g->nodes[g->active[a]].n) offer(g, a, fi, nl[a], el[a], last[a], UINT32_MAX);
}

/* The threshold between two rows' values: scikit-learn's midpoint, prev when it
 * rounds to next; the largest value when the rows above are the missing ones. */
static double threshold_of(const feature *f, uint32_t below, uint32_t above) {
  double lo = f->col->num[below], hi, t;
  if (above == UINT32_MAX) return lo;
  hi = f->col->num[above];
  t = lo / 2.0 + hi / 2.0;
  return t == hi || isinf(t) ? lo : t;
}

typedef struct cat_count { int32_t slot, rank; size_t n, e; } cat_count;

/* Breiman's order: error rate ascending, then byte-wise (missing last). */
static int by_rate(const void *pa, const void *pb) {
  const cat_count *a = pa, *b = pb;
  u128 x = (u128)a->e * b->n, y = (u128)b->e * a->n;
  if (x != y) return x < y ? -1 : 1;
  return a->rank < b->rank ? -1 : a->rank > b->rank;
}

/* Every prefix split of category fi in Breiman's order, per active node. counts
 * holds nactive * (dict + 1) cells. */
static int category_splits(grower *g, int fi, cat_count *counts, sf_error *err) {
  const feature *f = &g->f[fi];
  size_t slots = f->col->dict.n + 1, i, s, k;
  int a;
  for (i = 0; i < (size_t)g->nactive * slots; i++) {
    counts[i].slot = (int32_t)(i % slots);
    counts[i].rank = counts[i].slot ? f->rank[counts[i].slot - 1] : (int32_t)slots;
    counts[i].n = counts[i].e = 0;
  }
  for (i = 0; i < g->t->nrows; i++) {
    int32_t code = f->col->codes[i];
    uint8_t at = g->at[i];
    if (at == IDLE) continue;
    counts[(size_t)(at >> 1) * slots + (size_t)(code + 1)].n++;
    counts[(size_t)(at >> 1) * slots + (size_t)(code + 1)].e += at & 1;
  }
  for (a = 0; a < g->nactive; a++) {
    cat_count *c = counts + (size_t)a * slots;
    best *b = &g->b[a];
    size_t nv = 0, nl = 0, el = 0, cut = 0;
    for (s = 0; s < slots; s++)
      if (c[s].n) c[nv++] = c[s];
    qsort(c, nv, sizeof *c, by_rate);
    for (k = 1; k < nv; k++) {
      nl += c[k - 1].n;
      el += c[k - 1].e;
      if (offer(g, a, fi, nl, el, 0, 0)) cut = k;
    }
    if (!cut) continue;
    if (b->cap < nv) {
      sf_free(b->cats);
      b->cap = 0;
      if (!(b->cats = sf_calloc(nv, sizeof *b->cats))) return sf_oom(err);
      b->cap = nv;
    }
    for (k = 0; k < nv; k++) b->cats[k] = c[k].slot;
    b->ncats = nv;
    b->ncut = cut;
  }
  return SF_OK;
}

static int splittable(const grower *g, const node *nd) {
  return nd->depth < g->max_depth && nd->n >= 2 && nd->n >= 2 * g->msl && nd->e > 0 && nd->e < nd->n;
}

static double gini(size_t n, size_t e) {
  double p = n ? (double)e / (double)n : 0;
  return 1 - p * p - (1 - p) * (1 - p);
}

static int add_node(grower *g, int parent, size_t n, size_t e) {
  node *nd = &g->nodes[g->nnodes];
  memset(nd, 0, sizeof *nd);
  nd->parent = parent;
  nd->depth = parent < 0 ? 0 : g->nodes[parent].depth + 1;
  nd->left = nd->right = nd->feature = -1;
  nd->n = n;
  nd->e = e;
  return g->nnodes++;
}

/* Whether row r goes left at node nd's split (the clause's rule). */
static int goes_left(const grower *g, const node *nd, size_t r) {
  const feature *f = &g->f[nd->feature];
  if (f->numeric) {
    double x = f->col->num[r];
    return isfinite(x) && x <= nd->threshold;
  }
  return nd->side[f->col->codes[r] + 1] == 1;
}

/* Split the active nodes by their best splits; the children that can split are
 * the next level's active nodes. */
static int apply_splits(grower *g, sf_error *err) {
  int a, next[MAX_ACTIVE], nnext = 0, child_at[MAX_ACTIVE][2];
  size_t r, k;
  for (a = 0; a < g->nactive; a++) {
    node *nd = &g->nodes[g->active[a]];
    const best *b = &g->b[a];
    double nt = (double)nd->n, nl = (double)b->nl, nr = (double)(nd->n - b->nl), imp;
    child_at[a][0] = child_at[a][1] = -1;
    if (b->feature < 0) continue;
    imp = nt / (double)g->n *
          (gini(nd->n, nd->e) - nr / nt * gini(nd->n - b->nl, nd->e - b->el) - nl / nt * gini(b->nl, b->el));
    if (imp + DBL_EPSILON < g->min_decrease) continue;
    nd->feature = b->feature;
    if (g->f[b->feature].numeric) nd->threshold = threshold_of(&g->f[b->feature], b->below, b->above);
    nd->improvement = imp;
    if (!g->f[b->feature].numeric) {
      nd->nslots = g->f[b->feature].col->dict.n + 1;
      if (!(nd->side = sf_calloc(nd->nslots, 1))) return sf_oom(err);
      for (k = 0; k < b->ncats; k++) nd->side[b->cats[k]] = k < b->ncut ? 1 : 2;
    } else {
      nd->missing = nd->n; /* less the finite rows, counted below */
    }
    nd->left = add_node(g, g->active[a], b->nl, b->el);
    nd->right = add_node(g, g->active[a], nd->n - b->nl, nd->e - b->el);
    if (splittable(g, &g->nodes[nd->left])) { child_at[a][0] = nnext; next[nnext++] = nd->left; }
    if (splittable(g, &g->nodes[nd->right])) { child_at[a][1] = nnext; next[nnext++] = nd->right; }
  }
  for (r = 0; r < g->t->nrows; r++) {
    uint8_t at = g->at[r];
    node *nd;
    int child;
    if (at == IDLE) continue;
    nd = &g->nodes[g->active[at >> 1]];
    if (nd->feature < 0) { g->at[r] = IDLE; continue; }
    if (g->f[nd->feature].numeric && isfinite(g->f[nd->feature].col->num[r])) nd->missing--;
    child = child_at[at >> 1][goes_left(g, nd, r) ? 0 : 1];
    g->at[r] = (uint8_t)(child < 0 ? IDLE : child << 1 | (at & 1));
  }
  memcpy(g->active, next, sizeof next);
  g->nactive = nnext;
  return SF_OK;
}

static int grow(grower *g, sf_error *err) {
  size_t cells = 0, i;
  cat_count *counts = NULL;
  int rc = SF_OK, a, fi;
  for (i = 0; i < g->nf; i++)
    if (!g->f[i].numeric && g->f[i].col->dict.n + 1 > cells) cells = g->f[i].col->dict.n + 1;
  if (cells && cells > SIZE_MAX / MAX_ACTIVE / sizeof *counts) return sf_oom(err);
  if (cells && !(counts = sf_calloc(cells * MAX_ACTIVE, sizeof *counts))) return sf_oom(err);
  add_node(g, -1, g->n, g->e);
  g->nactive = 0;
  if (splittable(g, &g->nodes[0]) && g->nf) g->active[g->nactive++] = 0;
  else
    for (i = 0; i < g->t->nrows; i++) g->at[i] = IDLE;
  while (g->nactive && !rc) {
    for (a = 0; a < g->nactive; a++) g->b[a].feature = -1;
    for (fi = 0; fi < (int)g->nf && !rc; fi++) {
      if (g->f[fi].numeric) number_splits(g, fi);
      else rc = category_splits(g, fi, counts, err);
    }
    if (!rc) rc = apply_splits(g, err);
  }
  sf_free(counts);
  return rc;
}

/* ---- the result --------------------------------------------------------------- */

/* The values of category f's slots on side v (1 left, 2 right) of a split: byte-wise,
 * missing (null) last. */
static cJSON *values_of(const feature *f, const uint8_t *side, uint8_t v) {
  cJSON *arr = cJSON_CreateArray();
  size_t r;
  if (!arr) return NULL;
  for (r = 0; r < f->col->dict.n; r++)
    if (side[f->byrank[r] + 1] == v && !sf_json_put(arr, NULL, sf_json_code(f->col, f->byrank[r]))) goto fail;
  if (side[0] == v && !sf_json_put(arr, NULL, cJSON_CreateNull())) goto fail;
  return arr;
fail:
  cJSON_Delete(arr);
  return NULL;
  return arr;
}

/* The clause of the edge from split node p to its side (0 left, 1 right), and the
 * predicate for people. */
static int edge_of(const grower *g, const node *p, int side, cJSON **clause, cJSON **pred) {
  const feature *f = &g->f[p->feature];
  const char *name = f->col->name;
  cJSON *o = NULL, *a, *inner;
  int negate = side;
  *clause = *pred = NULL;
  if (!(*pred = cJSON_CreateObject()) || !sf_json_put(*pred, "field", cJSON_CreateString(name))) goto fail;
  if (!(o = cJSON_CreateObject()) || !sf_json_put(o, "field", cJSON_CreateString(name))) goto fail;
  if (f->numeric) {
    if (!sf_json_put(*pred, "op", cJSON_CreateString(side ? ">" : "<=")) ||
        !sf_json_put(*pred, "value", cJSON_CreateNumber(p->threshold)) ||
        (side && p->missing && !sf_json_put(*pred, "missing", cJSON_CreateNumber((double)p->missing))) ||
        !(a = sf_json_put(o, "range", cJSON_CreateArray())) || !sf_json_put(a, NULL, cJSON_CreateNumber(f->least)) ||
        !sf_json_put(a, NULL, cJSON_CreateNumber(p->threshold)))
      goto fail;
  } else {
    size_t s, n[3] = {0, 0, 0};
    uint8_t small;
    for (s = 0; s < p->nslots; s++) n[p->side[s]]++;
    small = n[1] <= n[2] ? 1 : 2; /* the clause names the smaller side's values */
    negate = small != side + 1;
    if (!sf_json_put(*pred, "in", values_of(f, p->side, (uint8_t)(side + 1))) ||
        !sf_json_put(o, "in", values_of(f, p->side, small)))
      goto fail;
  }
  if (!negate) { *clause = o; return SF_OK; }
  if (!(inner = cJSON_CreateObject())) goto fail;
  if (!sf_json_put(inner, "not", o)) { cJSON_Delete(inner); o = NULL; goto fail; }
  *clause = inner;
  return SF_OK;
fail:
  cJSON_Delete(o);
  cJSON_Delete(*pred);
  *pred = NULL;
  return SF_ENOMEM;
}

/* Depth-first ids, left first (scikit-learn's node order). */
static void number_nodes(grower *g, int at, int *next) {
  g->nodes[at].id = (*next)++;
  if (g->nodes[at].left >= 0) {
    number_nodes(g, g->nodes[at].left, next);
    number_nodes(g, g->nodes[at].right, next);
  }
}

static int put_nodes(grower *g, cJSON *out, sf_error *err) {
  cJSON *arr = sf_json_put(out, "nodes", cJSON_CreateArray());
  cJSON *clause[MAX_NODES], *pred[MAX_NODES];
  int order[MAX_NODES], k, next = 0, rc = SF_OK;
  memset(clause, 0, sizeof clause);
  memset(pred, 0, sizeof pred);
  if (!arr) return sf_oom(err);
  number_nodes(g, 0, &next);
  for (k = 0; k < g->nnodes; k++) order[g->nodes[k].id] = k;
  for (k = 1; k < g->nnodes; k++) {
    const node *p = &g->nodes[g->nodes[k].parent];
    if (edge_of(g, p, p->right == k, &clause[k], &pred[k])) { rc = sf_oom(err); goto end; }
  }
  for (k = 0; k < g->nnodes; k++) {
    const node *nd = &g->nodes[order[k]];
    cJSON *o = sf_json_put(arr, NULL, cJSON_CreateObject()), *a, *filter;
    int path[8], depth = 0, at, i;
    if (!o || !sf_json_put(o, "id", cJSON_CreateNumber(k)) ||
        !sf_json_put(o, "parent", nd->parent < 0 ? cJSON_CreateNull() : cJSON_CreateNumber(g->nodes[nd->parent].id)) ||
        !sf_json_put(o, "depth", cJSON_CreateNumber(nd->depth)) || !(a = sf_json_put(o, "children", cJSON_CreateArray())) ||
        (nd->left >= 0 && (!sf_json_put(a, NULL, cJSON_CreateNumber(g->nodes[nd->left].id)) ||
                           !sf_json_put(a, NULL, cJSON_CreateNumber(g->nodes[nd->right].id)))) ||
        !sf_json_put(o, "count", cJSON_CreateNumber((double)nd->n)) ||
        !sf_json_put(o, "errors", cJSON_CreateNumber((double)nd->e)) ||
        !sf_json_put(o, "error_rate", sf_json_num(nd->n ? (double)nd->e / (double)nd->n : NAN)) ||
        !sf_json_put(o, "gini", sf_json_num(nd->n ? gini(nd->n, nd->e) : NAN)))
      goto oom;
    if (nd->feature < 0) {
      if (!sf_json_put(o, "split", cJSON_CreateNull())) goto oom;
    } else if (!(a = sf_json_put(o, "split", cJSON_CreateObject())) ||
               !sf_json_put(a, "field", cJSON_CreateString(g->f[nd->feature].col->name)) ||
               (g->f[nd->feature].numeric && !sf_json_put(a, "threshold", cJSON_CreateNumber(nd->threshold))) ||
               !sf_json_put(a, "improvement", sf_json_num(nd->improvement)))
      goto oom;
    for (at = order[k]; at > 0; at = g->nodes[at].parent) path[depth++] = at;
    if (!depth) {
      if (!sf_json_put(o, "predicate", cJSON_CreateNull()) || !sf_json_put(o, "filter", cJSON_CreateNull())) goto oom;
      continue;
    }
    if (!sf_json_put(o, "predicate", cJSON_Duplicate(pred[order[k]], 1))) goto oom;
    if (depth == 1) {
      if (!sf_json_put(o, "filter", cJSON_Duplicate(clause[order[k]], 1))) goto oom;
      continue;
    }
    if (!(filter = sf_json_put(o, "filter", cJSON_CreateObject())) || !(a = sf_json_put(filter, "and", cJSON_CreateArray())))
      goto oom;
    for (i = depth - 1; i >= 0; i--) /* root first */
      if (!sf_json_put(a, NULL, cJSON_Duplicate(clause[path[i]], 1))) goto oom;
  }
  goto end;
oom:
  rc = sf_oom(err);
end:
  for (k = 0; k < MAX_NODES; k++) { cJSON_Delete(clause[k]); cJSON_Delete(pred[k]); }
  return rc;
}

/* ---- run -------------------------------------------------------------------- */

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  int lcol = sf_config_column(call, "label"), pcol = sf_config_column(call, "prediction");
  const sf_column *lc = &t->cols[lcol], *pc = &t->cols[pcol];
  long msl = sf_config_int(call, "min_samples_leaf");
  size_t i, nf = 0, missing = 0;
  const int *chosen = sf_config_columns(call, "features", &nf);
  int rc = SF_OK;
  cJSON *arr;
  grower g;
  memset(&g, 0, sizeof g);
  g.t = t;
  g.max_depth = (int)sf_config_int(call, "max_depth");
  g.min_decrease = sf_config_number(call, "min_impurity_decrease");
  if (t->nrows >= NEW_VALUE) return sf_fail(err, SF_EINPUT, 0, 0, "error-tree: more than 2^31 rows");
  if (!(g.f = sf_calloc(t->ncols + 1, sizeof *g.f)) || !(g.at = sf_calloc(t->nrows + 1, sizeof *g.at))) {
    rc = sf_oom(err);
    goto end;
  }
  if (chosen) {
    for (i = 0; i < nf; i++) g.f[i].col = &t->cols[chosen[i]];
  } else {
    for (i = 0; i < t->ncols; i++) {
      sf_role role = sf_call_role(call, (int)i);
      if ((int)i != lcol && (int)i != pcol && t->cols[i].type != SF_TEXT &&
          (role == SF_ROLE_FEATURE || role == SF_ROLE_GROUP))
        g.f[nf++].col = &t->cols[i];
    }
  }
  g.nf = nf;
  if ((rc = errors_of(&g, call->rows, lc, pc, &missing, err))) goto end;
  g.exact = g.n <= ((size_t)1 << 25);
  g.msl = msl > 0 ? (size_t)msl : (g.n + 99) / 100 > 20 ? (g.n + 99) / 100 : 20;
  for (i = 0; i < nf && !rc; i++) {
    g.f[i].numeric = g.f[i].col->type == SF_NUMBER;
    rc = prepare(&g, &g.f[i], err);
  }
  if (rc || (rc = grow(&g, err))) goto end;
  if (!sf_json_put(out, "label", cJSON_CreateString(lc->name)) ||
      !sf_json_put(out, "prediction", cJSON_CreateString(pc->name)) ||
      !(arr = sf_json_put(out, "features", cJSON_CreateArray())))
    goto oom;
  for (i = 0; i < nf; i++)
    if (!sf_json_put(arr, NULL, cJSON_CreateString(g.f[i].col->name))) goto oom;
  if (!sf_json_put(out, "max_depth", cJSON_CreateNumber(g.max_depth)) ||
      !sf_json_put(out, "min_samples_leaf", cJSON_CreateNumber((double)g.msl)) ||
      !sf_json_put(out, "min_impurity_decrease", cJSON_CreateNumber(g.min_decrease)) ||
      !sf_json_put(out, "count", cJSON_CreateNumber((double)g.n)) ||
      !sf_json_put(out, "missing", cJSON_CreateNumber((double)missing)) ||
      !sf_json_put(out, "errors", cJSON_CreateNumber((double)g.e)) ||
      !sf_json_put(out, "error_rate", sf_json_num(g.n ? (double)g.e / (double)g.n : NAN)))
    goto oom;
  rc = put_nodes(&g, out, err);
  goto end;
oom:
  rc = sf_oom(err);
end:
  for (i = 0; g.f && i < nf; i++) { sf_free(g.f[i].order); sf_free(g.f[i].rank); sf_free(g.f[i].byrank); }
  for (i = 0; i < MAX_ACTIVE; i++) sf_free(g.b[i].cats);
  for (i = 0; i < (size_t)g.nnodes; i++) sf_free(g.nodes[i].side);
  sf_free(g.f);
  sf_free(g.at);
  return rc;
}
SF_COMPONENT(run);
