/* slice-finder: the slices where the model errs most, by SliceLine (Sagadeeva &
 * Boehm, "SliceLine: Fast, Linear-Algebra-based Slice Finding for ML Model
 * Debugging", SIGMOD 2021), restated over row bitmaps.
 * config (schema.json): {"features" (default: the feature columns), "label",
 *   "prediction", "error": "mismatch" | "squared", "binning", "bins" (10),
 *   "alpha" (0.95), "min_support" (0: max(32, ceil(n / 100))), "max_level" (3), "k" (10)}
 * result: {"label", "prediction", "error", "features", "binning", "bins", "alpha",
 *   "min_support", "max_level", "k", "count", "missing", "errors", "error_rate",
 *   "levels": [{"level", "candidates", "valid"}],
 *   "slices": [{"predicates": [{"field", "in": [v]} | {"field", "range": [lo, hi],
 *               "closed"}], "filter", "count", "errors", "error_rate", "score"}]}
 *
 * Rows used: selected, with a label and a prediction (squared: both finite numbers);
 * the other selected rows are counted in "missing". A row's error e is 1 when the
 * prediction differs from the label (compared as numbers when both columns hold
 * numbers, else as text), 0 otherwise; or (label - prediction)^2.
 * A basic slice is one value of a category or one bin of a number (bins over the
 * whole column's finite values, as slice-metrics: equal-width [lo, hi) the last
 * closed, as numpy.histogram; quantile (lo, hi] the first closed, edges
 * numpy.quantile(linear) made unique, as pandas.qcut); a missing value is in no
 * slice. A slice is a conjunction of basic slices of distinct features. With n rows,
 * total error E and mean error m = E / n, a slice S of |S| rows and error se scores
 *   sc = alpha * ((se / |S|) / m - 1) - (1 - alpha) * (n / |S| - 1).
 * A slice as big as one of its parents (the slice with one predicate fewer) holds
 * exactly that parent's rows: it is the same slice written longer, so it is
 * neither offered nor extended (a constant column's bin would else repeat every
 * slice with one more predicate).
 * The top k are the slices with sc > 0 and |S| >= sigma, ordered by score
 * descending, then fewer predicates, then their items in order (features in
 * order, values: bins in order, categories byte-wise).
 * Enumeration as the paper's: level 1 the basic slices; a slice joins the next
 * level when |S| >= sigma and se > 0 ("valid"); a level-L candidate is the union of
 * two valid (L-1)-slices sharing L-2 items, kept only when all its L parents are
 * valid and the upper bound of its score from the parents' minimum size, error and
 * maximum error (scoreUB, probed at sigma, max(se/sm, sigma) and |S|) exceeds 0
 * and the k-th score found so far. (SystemDS's sliceLine.dml passes the one-hot
 * width instead of n to scoreUB; here n, the paper's. Ties at the k-th score are
 * safe to prune: a later level ranks after an earlier one at equal score.)
 * Cost: two passes over the rows per feature, then per candidate one pass over its
 * last item's bitmap (n / 64 words) against its parent's rows, made a chunk at a
 * time once per parent; squared error also visits the candidate's erring rows. */
#include "sinfonia_component.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS ((size_t)1 << 20)

/* A basic slice: a feature's value or bin, with its rows. */
typedef struct item {
  size_t feature;   /* index into the features */
  int32_t value;    /* a bin, or a dictionary code */
  uint64_t *rows;   /* used rows in the slice */
} item;

/* A slice: 1..3 items, ascending. */
typedef struct slice {
  uint32_t it[3];
  int level;
  double ss, se, sm, score;
} slice;

typedef struct list { slice *v; size_t n, cap; } list;

typedef struct finder {
  const sf_table *t;
  size_t nf, nwords, n;        /* features, bitmap words, rows used */
  const int *cols;             /* the features' columns */
  double *edges;               /* per feature: bins + 1 edges (numbers) */
  int32_t **rank;              /* per feature: a category's code -> byte-wise rank */
  size_t *nedges;              /* per feature: bins of a number (0: a category) */
  int squared, quantile;
  long bins;
  double *e;                   /* per row: its error (used rows) */
  uint64_t *used, *erred;      /* used rows; rows with e > 0 */
  item *items;
  size_t nitems, basics;         /* valid basic slices; values with rows */
  double total, mean, alpha, sigma;
  slice *top;
  size_t ntop, k;
} finder;

static int push(list *l, const slice *s, sf_error *err) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 64;
    slice *v = sf_calloc(cap, sizeof *v);
    if (!v) return sf_oom(err);
    if (l->n) memcpy(v, l->v, l->n * sizeof *v);
    sf_free(l->v);
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = *s;
  return SF_OK;
}

/* ---- rows and errors ------------------------------------------------------ */

/* Each used row's error; "missing" counts the selected rows without one. */
static int errors_of(finder *f, const sf_bitmap *rows, const sf_column *lc, const sf_column *pc, size_t *missing,
                     sf_error *err) {
  size_t i, n = f->t->nrows;
  sf_mismatch mm;
  int rc;
  if (f->squared && !(lc->type == SF_NUMBER && pc->type == SF_NUMBER))
    return sf_fail(err, SF_EINPUT, 0, 0, "error: \"squared\" needs numeric label and prediction columns ('%s', '%s')",
                   lc->name, pc->name);
  if (!(f->e = sf_calloc(n ? n : 1, sizeof *f->e)) || !(f->used = sf_calloc(f->nwords, sizeof *f->used)) ||
      !(f->erred = sf_calloc(f->nwords, sizeof *f->erred)))
    return sf_oom(err);
  if ((rc = sf_mismatch_init(&mm, lc, pc, err))) return rc;
  for (i = 0; i < n; i++) {
    double e;
    int wrong;
    if (!sf_bitmap_get(rows, i)) continue;
    wrong = sf_mismatch_row(&mm, i);
    if (wrong < 0 || (f->squared && (!isfinite(lc->num[i]) || !isfinite(pc->num[i])))) {
      (*missing)++;
      continue;
    }
    e = f->squared ? (lc->num[i] - pc->num[i]) * (lc->num[i] - pc->num[i]) : wrong;
    f->e[i] = e;
    f->used[i >> 6] |= (uint64_t)1 << (i & 63);
    if (e > 0) f->erred[i >> 6] |= (uint64_t)1 << (i & 63);
    f->n++;
    f->total += e;
  }
  sf_mismatch_free(&mm);
  return SF_OK;
}

/* ---- basic slices ----------------------------------------------------------- */

/* A number's edges: equal-width as numpy.histogram, or numpy.quantile (linear)
 * at linspace(0, 1, bins + 1), equal edges merged; one value: [v, v]. */
static int number_edges(finder *f, size_t j, double *edges, size_t *nb, sf_error *err) {
  const double *x = f->t->cols[f->cols[j]].num;
  size_t i, n = 0, m = 0, bins = (size_t)f->bins;
  double lo = INFINITY, hi = -INFINITY, *v = NULL;
  sf_bins b = {0, 0, 0, 0, NULL};
  int rc;
  if (!f->quantile) {
    for (i = 0; i < f->t->nrows; i++)
      if (isfinite(x[i])) { lo = x[i] < lo ? x[i] : lo; hi = x[i] > hi ? x[i] : hi; }
    if ((rc = sf_bins_init(&b, bins, lo, hi, err))) return rc;
    memcpy(edges, b.edges, (bins + 1) * sizeof *edges);
    sf_bins_free(&b);
    *nb = bins;
    return SF_OK;
  }
  if (!(v = sf_calloc(f->t->nrows + 1, sizeof *v))) return sf_oom(err);
  for (i = 0; i < f->t->nrows; i++)
    if (isfinite(x[i])) v[n++] = x[i];
  if ((rc = sf_sort_doubles(v, n, err)) || (rc = sf_bins_init(&b, bins, 0, 1, err))) goto end;
  for (i = 0; i <= bins && n; i++) {
    double at = (double)(n - 1) * b.edges[i], e;
    if (at >= (double)(n - 1)) e = v[n - 1];
    else {
      size_t lo_i = (size_t)floor(at);
      double g = at - floor(at), a = v[lo_i], d = v[lo_i + 1] - a;
      e = g >= 0.5 ? v[lo_i + 1] - d * (1 - g) : a + d * g; /* numpy's _lerp */
    }
    if (m == 0 || e != edges[m - 1]) edges[m++] = e;
  }
  if (m == 1) edges[m++] = edges[0];
  *nb = m ? m - 1 : 0;
end:
  sf_bins_free(&b);
  sf_free(v);
  return rc;
}

/* The bin of x: equal-width [lo, hi) (the last closed), quantile (lo, hi] (the
 * first closed); -1 outside or not finite. */
static int32_t bin_of(const finder *f, const double *edges, size_t nb, double x) {
  size_t lo = 0, hi = nb;
  if (!nb || !isfinite(x) || x < edges[0] || x > edges[nb]) return -1;
  if (f->quantile) {
    if (x == edges[0]) return 0;
    while (lo < hi) { size_t mid = (lo + hi) / 2; if (edges[mid + 1] < x) lo = mid + 1; else hi = mid; }
    return (int32_t)lo; /* the first bin whose upper edge is >= x */
  }
  if (x == edges[nb]) return (int32_t)nb - 1;
  while (lo < hi) { size_t mid = (lo + hi) / 2; if (edges[mid + 1] <= x) lo = mid + 1; else hi = mid; }
  return (int32_t)lo; /* the first bin whose upper edge is > x */
}

typedef struct text_code { const char *s; int32_t code; } text_code;
static int by_text(const void *a, const void *b) { return strcmp(((const text_code *)a)->s, ((const text_code *)b)->s); }

/* A category's values in byte-wise order: rank[code]. */
static int category_ranks(finder *f, size_t j, sf_error *err) {
  const sf_column *c = &f->t->cols[f->cols[j]];
  size_t i, d = c->dict.n;
  text_code *tc = sf_calloc(d + 1, sizeof *tc);
  if (!tc || !(f->rank[j] = sf_calloc(d + 1, sizeof **f->rank))) { sf_free(tc); return sf_oom(err); }
  for (i = 0; i < d; i++) { tc[i].s = c->dict.strs[i]; tc[i].code = (int32_t)i; }
  qsort(tc, d, sizeof *tc, by_text);
  for (i = 0; i < d; i++) f->rank[j][tc[i].code] = (int32_t)i;
  sf_free(tc);
  return SF_OK;
}

static double score_of(const finder *f, double ss, double se) {
  double sc = f->alpha * ((se / ss) / f->mean - 1) - (1 - f->alpha) * ((double)f->n / ss - 1);
  return isnan(sc) ? -INFINITY : sc;
}

/* ---- the top k -------------------------------------------------------------- */

/* a before b: score descending, fewer items, items ascending. */
static int ranks_before(const slice *a, const slice *b) {
  int i;
  if (a->score != b->score) return a->score > b->score;
  if (a->level != b->level) return a->level < b->level;
  for (i = 0; i < a->level; i++)
    if (a->it[i] != b->it[i]) return a->it[i] < b->it[i];
  return 0;
}

static void offer(finder *f, const slice *s) {
  size_t at;
  if (!(s->score > 0) || s->ss < f->sigma) return;
  if (f->ntop == f->k && !ranks_before(s, &f->top[f->k - 1])) return;
  at = f->ntop < f->k ? f->ntop++ : f->k - 1;
  while (at > 0 && ranks_before(s, &f->top[at - 1])) { f->top[at] = f->top[at - 1]; at--; }
  f->top[at] = *s;
}

/* The least score a new slice must beat (ties lose: it has more items). */
static double bar(const finder *f) { return f->ntop == f->k ? f->top[f->k - 1].score : 0; }

/* The paper's scoreUB: the best score of a slice of size in [sigma, ss] with error
 * at most se and each row's error at most sm. */
static double upper_bound(const finder *f, double ss, double se, double sm) {
  double probe[3], best = -INFINITY;
  int i;
  probe[0] = f->sigma;
  probe[1] = se / sm > f->sigma ? se / sm : f->sigma;
  probe[2] = ss;
  for (i = 0; i < 3; i++) {
    double s = probe[i], ex = s * sm < se ? s * sm : se;
    double sc = f->alpha * ((ex / s) / f->mean - 1) - (1 - f->alpha) * ((double)f->n / s - 1);
    if (sc > best) best = sc;
  }
  return best;
}

/* ---- evaluation --------------------------------------------------------------- */

#define CHUNK 256 /* words of a parent's rows kept in cache while its candidates are counted */

/* Count the candidates batch[0..nb) of one parent (items it[0..level-1), the last
 * differing): the parent's rows and erring rows are made a chunk at a time and
 * each candidate's last item read once, so a candidate costs one pass over its
 * item's bitmap. */
static void evaluate_batch(finder *f, const slice *parent, slice *batch, size_t nb, size_t *ss, double *se, double *sm) {
  uint64_t rows[CHUNK], erred[CHUNK];
  size_t w0, w, c, l;
  for (c = 0; c < nb; c++) { ss[c] = 0; se[c] = 0; sm[c] = 0; }
  for (w0 = 0; w0 < f->nwords; w0 += CHUNK) {
    size_t nw = f->nwords - w0 < CHUNK ? f->nwords - w0 : CHUNK;
    int any = 0;
    for (w = 0; w < nw; w++) {
      uint64_t m = f->items[parent->it[0]].rows[w0 + w];
      for (l = 1; l < (size_t)parent->level; l++) m &= f->items[parent->it[l]].rows[w0 + w];
      rows[w] = m;
      erred[w] = m & f->erred[w0 + w];
      any |= m != 0;
    }
    if (!any) continue;
    for (c = 0; c < nb; c++) {
      const uint64_t *b = f->items[batch[c].it[parent->level]].rows + w0;
      size_t n = 0, errs = 0;
      uint64_t m;
      for (w = 0; w < nw; w++) {
        n += (size_t)__builtin_popcountll(rows[w] & b[w]);
        errs += (size_t)__builtin_popcountll(erred[w] & b[w]);
      }
      ss[c] += n;
      if (!f->squared) { se[c] += (double)errs; continue; }
      for (w = 0; w < nw && errs; w++)
        for (m = erred[w] & b[w]; m; m &= m - 1) {
          double e = f->e[(w0 + w) * 64 + (size_t)__builtin_ctzll(m)];
          se[c] += e;
          if (e > sm[c]) sm[c] = e;
        }
    }
  }
  for (c = 0; c < nb; c++) {
    batch[c].ss = (double)ss[c];
    batch[c].se = se[c];
    batch[c].sm = f->squared ? sm[c] : se[c] > 0;
    batch[c].score = score_of(f, batch[c].ss, se[c]);
  }
}

/* Level 1: per feature, each value's rows; the valid ones become items. */
static int basic_slices(finder *f, list *valid, int32_t *code, sf_error *err) {
  size_t j, i, v, nrows = f->t->nrows;
  double *ss = NULL, *se = NULL, *sm = NULL;
  int rc = SF_OK;
  for (j = 0; j < f->nf && !rc; j++) {
    const sf_column *c = &f->t->cols[f->cols[j]];
    size_t nv;
    if (c->type == SF_NUMBER) {
      double *edges = &f->edges[j * ((size_t)f->bins + 1)];
      if ((rc = number_edges(f, j, edges, &f->nedges[j], err))) break;
      nv = f->nedges[j];
      for (i = 0; i < nrows; i++) code[i] = bin_of(f, edges, nv, c->num[i]);
    } else {
      if ((rc = category_ranks(f, j, err))) break;
      nv = c->dict.n;
      for (i = 0; i < nrows; i++) code[i] = c->codes[i] < 0 ? -1 : f->rank[j][c->codes[i]];
    }
    if (!(ss = sf_calloc(nv + 1, sizeof *ss)) || !(se = sf_calloc(nv + 1, sizeof *se)) ||
        !(sm = sf_calloc(nv + 1, sizeof *sm))) {
      rc = sf_oom(err);
      break;
    }
    for (i = 0; i < nrows; i++)
      if (code[i] >= 0 && ((f->used[i >> 6] >> (i & 63)) & 1)) {
        ss[code[i]]++;
        se[code[i]] += f->e[i];
        if (f->e[i] > sm[code[i]]) sm[code[i]] = f->e[i];
      }
    for (v = 0; v < nv && !rc; v++) {
      slice s;
      item *it;
      if (ss[v] > 0) f->basics++;
      if (ss[v] < f->sigma || !(se[v] > 0)) continue; /* not valid: no child can be */
      if (f->nitems == MAX_ITEMS) { rc = sf_fail(err, SF_EINPUT, 0, 0, "too many basic slices"); break; }
      it = &f->items[f->nitems];
      it->feature = j;
      it->value = (int32_t)v;
      if (!(it->rows = sf_calloc(f->nwords, sizeof *it->rows))) { rc = sf_oom(err); break; }
      memset(&s, 0, sizeof s);
      s.it[0] = (uint32_t)f->nitems++;
      s.level = 1;
      s.ss = ss[v];
      s.se = se[v];
      s.sm = sm[v];
      s.score = score_of(f, ss[v], se[v]);
      offer(f, &s);
      rc = push(valid, &s, err);
      ss[v] = -(double)s.it[0] - 1; /* from here: the value's item, negated */
    }
    for (i = 0; i < nrows && !rc; i++) /* the rows of this feature's items */
      if (code[i] >= 0 && ((f->used[i >> 6] >> (i & 63)) & 1) && ss[code[i]] < 0) {
        size_t at = (size_t)(-ss[code[i]] - 1);
        f->items[at].rows[i >> 6] |= (uint64_t)1 << (i & 63);
      }
    sf_free(ss); sf_free(se); sf_free(sm);
    ss = se = sm = NULL;
  }
  sf_free(ss); sf_free(se); sf_free(sm);
  return rc;
}

static int slice_cmp(const slice *a, const slice *b, int n) {
  int i;
  for (i = 0; i < n; i++)
    if (a->it[i] != b->it[i]) return a->it[i] < b->it[i] ? -1 : 1;
  return 0;
}

/* The valid slice of prev (sorted) with items it[..level], or NULL. */
static const slice *find(const list *prev, const uint32_t *it, int level) {
  size_t lo = 0, hi = prev->n;
  slice key;
  memset(&key, 0, sizeof key);
  memcpy(key.it, it, (size_t)level * sizeof *it);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = slice_cmp(&prev->v[mid], &key, level);
    if (!c) return &prev->v[mid];
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  return NULL;
}

/* Level L from the valid slices of level L - 1 (sorted by items): candidates
 * pruned by their parents' bounds, counted per parent (the first), offered; the
 * valid ones into next, sorted (a parent's candidates follow its order). */
static int next_level(finder *f, const list *prev, int level, list *next, size_t *ncand, sf_error *err) {
  size_t i, j, nb, c, *ss = NULL;
  double *se = NULL, *sm = NULL, *smallest = NULL;
  slice *batch = NULL;
  int rc = SF_OK;
  if (!(batch = sf_calloc(prev->n + 1, sizeof *batch)) || !(ss = sf_calloc(prev->n + 1, sizeof *ss)) ||
      !(se = sf_calloc(prev->n + 1, sizeof *se)) || !(sm = sf_calloc(prev->n + 1, sizeof *sm)) ||
      !(smallest = sf_calloc(prev->n + 1, sizeof *smallest))) {
    rc = sf_oom(err);
    goto end;
  }
  for (i = 0; i < prev->n && !rc; i++) {
    const slice *a = &prev->v[i];
    double least = bar(f);
    for (nb = 0, j = i + 1; j < prev->n; j++) {
      const slice *b = &prev->v[j];
      uint32_t last_a = a->it[level - 2], last_b = b->it[level - 2];
      slice s;
      int p, ok = 1;
      if (slice_cmp(a, b, level - 2)) break; /* sorted: no later slice shares the prefix */
      if (f->items[last_a].feature == f->items[last_b].feature) continue;
      memset(&s, 0, sizeof s);
      memcpy(s.it, a->it, sizeof s.it);
      s.it[level - 1] = last_b;
      s.level = level;
      s.ss = a->ss < b->ss ? a->ss : b->ss;
      s.se = a->se < b->se ? a->se : b->se;
      s.sm = a->sm < b->sm ? a->sm : b->sm;
      for (p = 0; p < level - 2 && ok; p++) { /* the other parents: one item left out */
        uint32_t par[3];
        int q, m = 0;
        const slice *o;
        for (q = 0; q < level; q++)
          if (q != p) par[m++] = s.it[q];
        if (!(o = find(prev, par, level - 1))) { ok = 0; break; }
        if (o->ss < s.ss) s.ss = o->ss;
        if (o->se < s.se) s.se = o->se;
        if (o->sm < s.sm) s.sm = o->sm;
      }
      if (!ok || s.ss < f->sigma) continue;
      { double ub = upper_bound(f, s.ss, s.se, s.sm); if (!(ub > 0) || !(ub > least)) continue; }
      smallest[nb] = s.ss;
      batch[nb++] = s;
    }
    if (!nb) continue;
    *ncand += nb;
    evaluate_batch(f, a, batch, nb, ss, se, sm);
    for (c = 0; c < nb && !rc; c++) {
      if (batch[c].ss == smallest[c]) continue; /* the rows of its smallest parent: not a new slice */
      offer(f, &batch[c]);
      if (batch[c].ss >= f->sigma && batch[c].se > 0) rc = push(next, &batch[c], err);
    }
  }
end:
  sf_free(batch);
  sf_free(ss);
  sf_free(se);
  sf_free(sm);
  sf_free(smallest);
  return rc;
}

/* ---- the result --------------------------------------------------------------- */

static cJSON *predicate_of(const finder *f, const item *it, int exact) {
  const sf_column *c = &f->t->cols[f->cols[it->feature]];
  cJSON *o = cJSON_CreateObject(), *a, *and, *not;
  if (!o || !sf_json_put(o, "field", cJSON_CreateString(c->name))) goto fail;
  if (c->type != SF_NUMBER) {
    int32_t code = 0;
    while ((size_t)code < c->dict.n && f->rank[it->feature][code] != it->value) code++;
    if (!(a = sf_json_put(o, "in", cJSON_CreateArray())) || !sf_json_put(a, NULL, sf_json_code(c, code))) goto fail;
    return o;
  } else {
    const double *e = &f->edges[it->feature * ((size_t)f->bins + 1)];
    size_t nb = f->nedges[it->feature], v = (size_t)it->value;
    int first = v == 0, last = v + 1 == nb, shut_lo = f->quantile ? first : 1, shut_hi = f->quantile ? 1 : last;
    double open_edge = shut_lo ? e[v + 1] : e[v];
    if (!(a = sf_json_put(o, "range", cJSON_CreateArray())) || !sf_json_put(a, NULL, cJSON_CreateNumber(e[v])) ||
        !sf_json_put(a, NULL, cJSON_CreateNumber(e[v + 1])))
      goto fail;
    if (!exact) {
      if (!sf_json_put(o, "closed", cJSON_CreateString(shut_lo && shut_hi ? "both" : shut_lo ? "left" : "right"))) goto fail;
      return o;
    }
    if (shut_lo && shut_hi) return o;
    /* exactly the bin's rows: the closed range less the edge of the next bin */
    if (!(and = cJSON_CreateObject())) goto fail;
    if (!(a = sf_json_put(and, "and", cJSON_CreateArray()))) { cJSON_Delete(and); goto fail; }
    if (!sf_json_put(a, NULL, o)) { cJSON_Delete(and); return NULL; } /* o deleted */
    if (!(not = sf_json_put(a, NULL, cJSON_CreateObject())) || !(o = sf_json_put(not, "not", cJSON_CreateObject())) ||
        !sf_json_put(o, "field", cJSON_CreateString(c->name)) || !(o = sf_json_put(o, "in", cJSON_CreateArray())) ||
        !sf_json_put(o, NULL, cJSON_CreateNumber(open_edge))) {
      cJSON_Delete(and);
      return NULL;
    }
    return and;
  }
fail:
  cJSON_Delete(o);
  return NULL;
}

static int put_slices(const finder *f, cJSON *out, sf_error *err) {
  cJSON *arr = sf_json_put(out, "slices", cJSON_CreateArray());
  size_t i;
  int l;
  if (!arr) return sf_oom(err);
  for (i = 0; i < f->ntop; i++) {
    const slice *s = &f->top[i];
    cJSON *o = sf_json_put(arr, NULL, cJSON_CreateObject()), *preds, *filter;
    if (!o || !(preds = sf_json_put(o, "predicates", cJSON_CreateArray()))) return sf_oom(err);
    for (l = 0; l < s->level; l++)
      if (!sf_json_put(preds, NULL, predicate_of(f, &f->items[s->it[l]], 0))) return sf_oom(err);
    if (s->level == 1) filter = sf_json_put(o, "filter", predicate_of(f, &f->items[s->it[0]], 1));
    else {
      cJSON *all;
      if (!(filter = sf_json_put(o, "filter", cJSON_CreateObject())) || !(all = sf_json_put(filter, "and", cJSON_CreateArray())))
        return sf_oom(err);
      for (l = 0; l < s->level; l++)
        if (!sf_json_put(all, NULL, predicate_of(f, &f->items[s->it[l]], 1))) return sf_oom(err);
    }
    if (!filter || !sf_json_put(o, "count", cJSON_CreateNumber(s->ss)) ||
        !sf_json_put(o, "errors", cJSON_CreateNumber(s->se)) ||
        !sf_json_put(o, "error_rate", cJSON_CreateNumber(s->se / s->ss)) ||
        !sf_json_put(o, "score", sf_json_num(s->score)))
      return sf_oom(err);
  }
  return SF_OK;
}

/* ---- run -------------------------------------------------------------------- */

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  const sf_column *lc = &t->cols[sf_config_column(call, "label")], *pc = &t->cols[sf_config_column(call, "prediction")];
  int lcol = sf_config_column(call, "label"), pcol = sf_config_column(call, "prediction");
  long max_level = sf_config_int(call, "max_level"), support = sf_config_int(call, "min_support");
  size_t i, nf = 0, missing = 0, cap = 0, ncand = 0;
  int *cols = NULL, level, rc = SF_OK;
  const int *chosen = sf_config_columns(call, "features", &nf);
  int32_t *code = NULL;
  list lists[2] = {{NULL, 0, 0}, {NULL, 0, 0}};
  cJSON *arr, *levels, *o;
  finder f;
  memset(&f, 0, sizeof f);
  f.t = t;
  f.squared = !strcmp(sf_config_string(call, "error"), "squared");
  f.quantile = !strcmp(sf_config_string(call, "binning"), "quantile");
  f.bins = sf_config_int(call, "bins");
  f.alpha = sf_config_number(call, "alpha");
  f.k = (size_t)sf_config_int(call, "k");
  f.nwords = (t->nrows + 63) / 64 + 1;
  if (!(cols = sf_calloc(t->ncols + 1, sizeof *cols))) return sf_oom(err);
  if (chosen) {
    for (i = 0; i < nf; i++) cols[i] = chosen[i];
  } else {
    for (i = 0; i < t->ncols; i++)
      if ((int)i != lcol && (int)i != pcol && sf_call_role(call, (int)i) == SF_ROLE_FEATURE &&
          t->cols[i].type != SF_VECTOR) /* a vector has no predicates */
        cols[nf++] = (int)i;
  }
  f.cols = cols;
  f.nf = nf;
  if ((size_t)f.bins + 1 > SIZE_MAX / (nf + 1) / sizeof(double)) { rc = sf_oom(err); goto end; }
  if (!(f.edges = sf_calloc((nf + 1) * ((size_t)f.bins + 1), sizeof *f.edges)) ||
      !(f.nedges = sf_calloc(nf + 1, sizeof *f.nedges)) || !(f.rank = sf_calloc(nf + 1, sizeof *f.rank)) ||
      !(f.top = sf_calloc(f.k, sizeof *f.top)) || !(code = sf_calloc(t->nrows + 1, sizeof *code))) {
    rc = sf_oom(err);
    goto end;
  }
  if ((rc = errors_of(&f, call->rows, lc, pc, &missing, err))) goto end;
  f.mean = f.n ? f.total / (double)f.n : 0;
  f.sigma = support > 0 ? (double)support : (f.n + 99) / 100 > 32 ? (double)((f.n + 99) / 100) : 32;
  for (i = 0; i < nf; i++) {
    const sf_column *c = &t->cols[cols[i]];
    cap += c->type == SF_NUMBER ? (size_t)f.bins : c->dict.n;
  }
  if (!(f.items = sf_calloc(cap + 1, sizeof *f.items))) { rc = sf_oom(err); goto end; }
  if (!sf_json_put(out, "label", cJSON_CreateString(lc->name)) ||
      !sf_json_put(out, "prediction", cJSON_CreateString(pc->name)) ||
      !sf_json_put(out, "error", cJSON_CreateString(f.squared ? "squared" : "mismatch")) ||
      !(arr = sf_json_put(out, "features", cJSON_CreateArray())))
    goto oom;
  for (i = 0; i < nf; i++)
    if (!sf_json_put(arr, NULL, cJSON_CreateString(t->cols[cols[i]].name))) goto oom;
  if (!sf_json_put(out, "binning", cJSON_CreateString(f.quantile ? "quantile" : "equal-width")) ||
      !sf_json_put(out, "bins", cJSON_CreateNumber((double)f.bins)) ||
      !sf_json_put(out, "alpha", cJSON_CreateNumber(f.alpha)) ||
      !sf_json_put(out, "min_support", cJSON_CreateNumber(f.sigma)) ||
      !sf_json_put(out, "max_level", cJSON_CreateNumber((double)max_level)) ||
      !sf_json_put(out, "k", cJSON_CreateNumber((double)f.k)) ||
      !sf_json_put(out, "count", cJSON_CreateNumber((double)f.n)) ||
      !sf_json_put(out, "missing", cJSON_CreateNumber((double)missing)) ||
      !sf_json_put(out, "errors", cJSON_CreateNumber(f.total)) ||
      !sf_json_put(out, "error_rate", sf_json_num(f.n ? f.mean : NAN)) ||
      !(levels = sf_json_put(out, "levels", cJSON_CreateArray())))
    goto oom;
  if (f.total > 0) { /* no error: no slice scores (the mean error divides) */
    if ((rc = basic_slices(&f, &lists[0], code, err))) goto end;
    if (!(o = sf_json_put(levels, NULL, cJSON_CreateObject())) || !sf_json_put(o, "level", cJSON_CreateNumber(1)) ||
        !sf_json_put(o, "candidates", cJSON_CreateNumber((double)f.basics)) ||
        !sf_json_put(o, "valid", cJSON_CreateNumber((double)lists[0].n)))
      goto oom;
    for (level = 2; level <= max_level && lists[(level - 2) & 1].n; level++) {
      list *prev = &lists[(level - 2) & 1], *next = &lists[(level - 1) & 1];
      next->n = 0;
      ncand = 0;
      if ((rc = next_level(&f, prev, level, next, &ncand, err))) goto end;
      if (!(o = sf_json_put(levels, NULL, cJSON_CreateObject())) ||
          !sf_json_put(o, "level", cJSON_CreateNumber(level)) ||
          !sf_json_put(o, "candidates", cJSON_CreateNumber((double)ncand)) ||
          !sf_json_put(o, "valid", cJSON_CreateNumber((double)next->n)))
        goto oom;
    }
  }
  rc = put_slices(&f, out, err);
  goto end;
oom:
  rc = sf_oom(err);
end:
  for (i = 0; f.items && i < f.nitems; i++) sf_free(f.items[i].rows);
  for (i = 0; f.rank && i < nf; i++) sf_free(f.rank[i]);
  sf_free(f.items);
  sf_free(f.rank);
  sf_free(f.edges);
  sf_free(f.nedges);
  sf_free(f.top);
  sf_free(f.e);
  sf_free(f.used);
  sf_free(f.erred);
  sf_free(lists[0].v);
  sf_free(lists[1].v);
  sf_free(code);
  sf_free(cols);
  return rc;
}
SF_COMPONENT(run);
