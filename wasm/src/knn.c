/* knn.c — the k nearest neighbours of every point (Euclidean), for the components
 * that need a neighbour graph (duplicates' near rule, the nonlinear embedding map).
 *
 * Which search (sf_knn_build, SF_KNN_AUTO): exact when n * n * d <= KNN_EXACT_WORK
 * (2^33: the exact search's worst case, a scan per point, is then a few seconds) or
 * d <= KNN_EXACT_DIMS (3: a k-d tree stays O(log n) per query in so few dimensions);
 * else approximate. So the digits file (1797 x 64) and a 5000 x 20 file are exact,
 * 100k rows x 8 numeric columns approximate.
 *
 * Exact: the k-d tree of kdtree.h (median splits on the widest axis, pruning by the
 * distance to a node's cell), each point's k nearest, ties by lower index.
 *
 * Approximate (as PyNNDescent: Dong, Moses & Li, "Efficient k-nearest neighbor graph
 * construction for generic similarity measures", WWW 2011, initialised from random
 * projection trees as Annoy): KNN_TREES random projection trees, each splitting a node
 * by the hyperplane halfway between two of its points drawn at random, down to leaves
 * of at most KNN_LEAF points; every pair within a leaf is offered to both points'
 * lists. Then NN-descent rounds: each point's new and old neighbours, forward and
 * reverse (at most KNN_CANDIDATES of each, kept by a random priority), are joined
 * pairwise (new with new, new with old) and each pair offered to both lists; a
 * neighbour taken as new is old afterwards. It stops when a round changes fewer than
 * KNN_DELTA * n * k list entries, or after KNN_ROUNDS rounds. O(n log n) in n.
 *
 * Deterministic from the seed: one PRNG (splitmix64, written here) drawn in a fixed
 * order, every loop in a fixed order, lists ordered by (squared distance, index), and
 * only + - * / sqrt on the numbers that decide anything, so native and wasm builds give
 * the same lists bit for bit. */
#include "internal.h"
#include "kdtree.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KNN_EXACT_WORK 8589934592.0 /* 2^33 */
#define KNN_EXACT_DIMS 3
#define KNN_TREES 8
#define KNN_LEAF 24
#define KNN_CANDIDATES 20
#define KNN_ROUNDS 12
#define KNN_DELTA 0.001
#define KNN_EMPTY UINT32_MAX

/* ---- the PRNG: splitmix64 (Steele, Lea & Flood, OOPSLA 2014) ----------------- */

static uint64_t rng_next(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static size_t rng_below(uint64_t *s, size_t n) { return (size_t)(rng_next(s) % (uint64_t)n); }

static double dist2(const double *a, const double *b, size_t d) {
  double s = 0;
  size_t j;
  for (j = 0; j < d; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

/* Whether (da, ia) ranks after (db, ib): farther, or as far with a higher index. */
static int worse(double da, uint32_t ia, double db, uint32_t ib) { return da != db ? da > db : ia > ib; }

/* ---- the exact search ------------------------------------------------------- */

static int cmp_hit(const void *x, const void *y) {
  const kd_hit *p = x, *q = y;
  if (p->d2 != q->d2) return p->d2 < q->d2 ? -1 : 1;
  return p->who < q->who ? -1 : p->who > q->who;
}

static int knn_exact(const double *pts, size_t n, size_t d, sf_knn *out, sf_error *err) {
  kdtree tree = {NULL, 0, 0, NULL, NULL, NULL};
  kd_best best = {NULL, 0, 0, INFINITY};
  double *off = sf_calloc(d ? d : 1, sizeof *off); /* kdtree.h's offsets, all 0 */
  size_t q, j, k = out->k;
  int rc = SF_OK;
  best.k = k;
  if (!off || !(best.v = sf_calloc(k, sizeof *best.v))) { rc = sf_oom(err); goto end; }
  if ((rc = kd_build(&tree, pts, n, d, err))) goto end;
  for (q = 0; q < n; q++) { /* q: a tree position (memory is read in tree order) */
    size_t row = tree.perm[q];
    best.n = 0;
    kd_knn_within(&tree, 0, n, q, off, 0, &best);
    for (j = 0; j < best.n; j++) best.v[j].who = tree.perm[best.v[j].who];
    qsort(best.v, best.n, sizeof *best.v, cmp_hit);
    for (j = 0; j < k; j++) {
      out->idx[row * k + j] = (uint32_t)best.v[j].who;
      out->dist[row * k + j] = sqrt(best.v[j].d2);
    }
  }
  out->exact = 1;
end:
  kd_free(&tree);
  sf_free(best.v);
  sf_free(off);
  return rc;
}

/* ---- the approximate search ---------------------------------------------------- */

typedef struct knn_work {
  const double *pts;
  size_t n, d, k;
  uint32_t *idx;        /* n * k: each point's list, a max-heap by (d2, index) */
  double *d2;
  unsigned char *fresh; /* 1 while an entry has not been joined yet (NN-descent's "new") */
  uint64_t rng;
} knn_work;

/* Offer point j at squared distance d2 to point i's list: 1 when it entered. */
static int offer(knn_work *w, size_t i, uint32_t j, double d2) {
  uint32_t *I = w->idx + i * w->k;
  double *D = w->d2 + i * w->k;
  unsigned char *F = w->fresh + i * w->k;
  size_t t, pos = 0, k = w->k;
  if (!worse(D[0], I[0], d2, j)) return 0;
  for (t = 0; t < k; t++)
    if (I[t] == j) return 0;
  for (;;) { /* replace the worst (the root) and sift down */
    size_t c = 2 * pos + 1;
    if (c >= k) break;
    if (c + 1 < k && worse(D[c + 1], I[c + 1], D[c], I[c])) c++;
    if (!worse(D[c], I[c], d2, j)) break;
    I[pos] = I[c];
    D[pos] = D[c];
    F[pos] = F[c];
    pos = c;
  }
  I[pos] = j;
  D[pos] = d2;
  F[pos] = 1;
  return 1;
}

static size_t offer_pair(knn_work *w, uint32_t a, uint32_t b) {
  double d2;
  if (a == b) return 0;
  d2 = dist2(w->pts + (size_t)a * w->d, w->pts + (size_t)b * w->d, w->d);
  return (size_t)offer(w, a, b, d2) + (size_t)offer(w, b, a, d2);
}

/* Split perm[lo, hi) by random hyperplanes down to leaves of at most KNN_LEAF points,
 * offering every pair of a leaf when `pairs`. tmp: d doubles. */
static void rp_split(knn_work *w, uint32_t *perm, size_t lo, size_t hi, double *tmp, int depth, int pairs) {
  while (hi - lo > KNN_LEAF) {
    size_t a = lo + rng_below(&w->rng, hi - lo), b = lo + rng_below(&w->rng, hi - lo - 1), i, j, mid, d = w->d;
    const double *pa, *pb;
    double off = 0;
    if (b >= a) b++;
    pa = w->pts + (size_t)perm[a] * d;
    pb = w->pts + (size_t)perm[b] * d;
    for (j = 0; j < d; j++) { /* normal pa - pb through the midpoint: x.n > off goes left */
      tmp[j] = pa[j] - pb[j];
      off += tmp[j] * (pa[j] + pb[j]) / 2;
    }
    i = lo;
    j = hi;
    while (i < j) {
      const double *p = w->pts + (size_t)perm[i] * d;
      double m = -off;
      size_t t;
      int left;
      for (t = 0; t < d; t++) m += tmp[t] * p[t];
      left = m > 0 ? 1 : m < 0 ? 0 : (int)(rng_next(&w->rng) & 1);
      if (left) i++;
      else {
        uint32_t s = perm[i];
        perm[i] = perm[--j];
        perm[j] = s;
      }
    }
    mid = i;
    if (mid == lo || mid == hi || depth > 200) mid = lo + (hi - lo) / 2; /* equal points: halve */
    rp_split(w, perm, lo, mid, tmp, depth + 1, pairs);
    lo = mid;
    depth++;
  }
  if (pairs) {
    size_t i, j;
    for (i = lo; i < hi; i++)
      for (j = i + 1; j < hi; j++) offer_pair(w, perm[i], perm[j]);
  }
}

/* A point's candidates: at most KNN_CANDIDATES ids, a max-heap by random priority. */
typedef struct cands { uint32_t *id; uint32_t *pri; unsigned char *n; } cands;

static void cand_push(cands *c, size_t i, uint32_t j, uint32_t pri) {
  uint32_t *I = c->id + i * KNN_CANDIDATES;
  uint32_t *P = c->pri + i * KNN_CANDIDATES;
  size_t pos, t;
  for (t = 0; t < c->n[i]; t++)
    if (I[t] == j) return;
  if (c->n[i] < KNN_CANDIDATES) { /* sift up */
    pos = c->n[i]++;
    while (pos && P[(pos - 1) / 2] < pri) {
      I[pos] = I[(pos - 1) / 2];
      P[pos] = P[(pos - 1) / 2];
      pos = (pos - 1) / 2;
    }
  } else {
    if (pri >= P[0]) return;
    pos = 0;
    for (;;) {
      size_t ch = 2 * pos + 1;
      if (ch >= KNN_CANDIDATES) break;
      if (ch + 1 < KNN_CANDIDATES && P[ch + 1] > P[ch]) ch++;
      if (P[ch] <= pri) break;
      I[pos] = I[ch];
      P[pos] = P[ch];
      pos = ch;
    }
  }
  I[pos] = j;
  P[pos] = pri;
}

static int in_cands(const cands *c, size_t i, uint32_t j) {
  size_t t;
  for (t = 0; t < c->n[i]; t++)
    if (c->id[i * KNN_CANDIDATES + t] == j) return 1;
  return 0;
}

/* NN-descent rounds over the lists. */
static int nn_descent(knn_work *w, sf_error *err) {
  size_t n = w->n, k = w->k, round, i, t, a, b;
  cands nw = {NULL, NULL, NULL}, old = {NULL, NULL, NULL};
  int rc = SF_OK;
  if (n > (size_t)-1 / sizeof(uint32_t) / KNN_CANDIDATES) return sf_oom(err);
  nw.id = sf_calloc(n * KNN_CANDIDATES, sizeof *nw.id);
  nw.pri = sf_calloc(n * KNN_CANDIDATES, sizeof *nw.pri);
  nw.n = sf_calloc(n, 1);
  old.id = sf_calloc(n * KNN_CANDIDATES, sizeof *old.id);
  old.pri = sf_calloc(n * KNN_CANDIDATES, sizeof *old.pri);
  old.n = sf_calloc(n, 1);
  if (!nw.id || !nw.pri || !nw.n || !old.id || !old.pri || !old.n) { rc = sf_oom(err); goto end; }
  for (round = 0; round < KNN_ROUNDS; round++) {
    size_t changed = 0;
    memset(nw.n, 0, n);
    memset(old.n, 0, n);
    for (i = 0; i < n; i++)
      for (t = 0; t < k; t++) {
        uint32_t j = w->idx[i * k + t];
        uint32_t pri = (uint32_t)(rng_next(&w->rng) >> 32);
        cands *c = w->fresh[i * k + t] ? &nw : &old;
        if (j == KNN_EMPTY) continue;
        cand_push(c, i, j, pri);
        cand_push(c, j, (uint32_t)i, pri);
      }
    for (i = 0; i < n; i++) /* a neighbour taken as new is old from now on */
      for (t = 0; t < k; t++)
        if (w->fresh[i * k + t] && in_cands(&nw, i, w->idx[i * k + t])) w->fresh[i * k + t] = 0;
    for (i = 0; i < n; i++) {
      const uint32_t *N = nw.id + i * KNN_CANDIDATES, *O = old.id + i * KNN_CANDIDATES;
      for (a = 0; a < nw.n[i]; a++) {
        for (b = a + 1; b < nw.n[i]; b++) changed += offer_pair(w, N[a], N[b]);
        for (b = 0; b < old.n[i]; b++) changed += offer_pair(w, N[a], O[b]);
      }
    }
    if ((double)changed <= KNN_DELTA * (double)n * (double)k) break;
  }
end:
  sf_free(nw.id);
  sf_free(nw.pri);
  sf_free(nw.n);
  sf_free(old.id);
  sf_free(old.pri);
  sf_free(old.n);
  return rc;
}

typedef struct ranked { double d2; uint32_t j; } ranked;

static int cmp_ranked(const void *x, const void *y) {
  const ranked *p = x, *q = y;
  if (p->d2 != q->d2) return p->d2 < q->d2 ? -1 : 1;
  return p->j < q->j ? -1 : p->j > q->j;
}

/* The search runs over a copy of the points in the leaf order of a first tree (so
 * points near in space are mostly near in memory; perm[i]: the caller's index of
 * copy i), then maps the lists back, nearest first by (distance, caller's index). */
static int knn_approx(const double *pts, size_t n, size_t d, uint64_t seed, sf_knn *out, sf_error *err) {
  knn_work w;
  uint32_t *perm = NULL, *order = NULL;
  double *tmp = NULL, *copy = NULL;
  ranked *row = NULL;
  size_t i, t, k = out->k, tree;
  int rc = SF_OK;
  memset(&w, 0, sizeof w);
  w.n = n;
  w.d = d;
  w.k = k;
  w.rng = seed;
  w.pts = pts;
  w.idx = sf_calloc(n * k, sizeof *w.idx);
  w.d2 = sf_calloc(n * k, sizeof *w.d2);
  w.fresh = sf_calloc(n * k, 1);
  perm = sf_calloc(n, sizeof *perm);
  order = sf_calloc(n, sizeof *order);
  copy = sf_calloc(n * d, sizeof *copy); /* the caller checked n * d */
  tmp = sf_calloc(d, sizeof *tmp);
  row = sf_calloc(k, sizeof *row);
  if (!w.idx || !w.d2 || !w.fresh || !perm || !order || !copy || !tmp || !row) { rc = sf_oom(err); goto end; }
  for (i = 0; i < n; i++) order[i] = (uint32_t)i;
  rp_split(&w, order, 0, n, tmp, 0, 0);
  for (i = 0; i < n; i++) memcpy(copy + i * d, pts + (size_t)order[i] * d, d * sizeof *copy);
  w.pts = copy;
  for (i = 0; i < n * k; i++) {
    w.idx[i] = KNN_EMPTY;
    w.d2[i] = INFINITY;
  }
  for (tree = 0; tree < KNN_TREES; tree++) {
    for (i = 0; i < n; i++) perm[i] = (uint32_t)i;
    rp_split(&w, perm, 0, n, tmp, 0, 1);
  }
  for (i = 0; i < n; i++) /* a list the trees left short: random points (n > k) */
    while (w.idx[i * k] == KNN_EMPTY) offer_pair(&w, (uint32_t)i, (uint32_t)rng_below(&w.rng, n));
  if ((rc = nn_descent(&w, err))) goto end;
  for (i = 0; i < n; i++) { /* each heap, nearest first, into the caller's row */
    size_t r = order[i];
    for (t = 0; t < k; t++) {
      row[t].d2 = w.d2[i * k + t];
      row[t].j = order[w.idx[i * k + t]];
    }
    qsort(row, k, sizeof *row, cmp_ranked);
    for (t = 0; t < k; t++) {
      out->idx[r * k + t] = row[t].j;
      out->dist[r * k + t] = sqrt(row[t].d2);
    }
  }
  out->exact = 0;
end:
  sf_free(w.idx);
  sf_free(w.d2);
  sf_free(w.fresh);
  sf_free(perm);
  sf_free(order);
  sf_free(copy);
  sf_free(tmp);
  sf_free(row);
  return rc;
}

/* ---- the API ------------------------------------------------------------------ */

int sf_knn_exact_rule(size_t n, size_t d) {
  return d <= KNN_EXACT_DIMS || (double)n * (double)n * (double)d <= KNN_EXACT_WORK;
}

int sf_knn_build_mode(const double *points, size_t n, size_t d, size_t k, uint64_t seed, sf_knn_mode mode,
                      sf_knn *out, sf_error *err) {
  int rc;
  memset(out, 0, sizeof *out);
  if (n >= KNN_EMPTY) return sf_fail(err, SF_EINPUT, 0, 0, "knn: too many points (%zu)", n);
  if (!d && n) return sf_fail(err, SF_EINPUT, 0, 0, "knn: points of no dimension");
  out->n = n;
  out->k = n ? (k < n - 1 ? k : n - 1) : 0;
  out->exact = 1;
  if (!out->k) return SF_OK;
  if (n > (size_t)-1 / sizeof(double) / out->k || (d && n > (size_t)-1 / sizeof(double) / d)) return sf_oom(err);
  out->idx = sf_calloc(n * out->k, sizeof *out->idx);
  out->dist = sf_calloc(n * out->k, sizeof *out->dist);
  if (!out->idx || !out->dist) { rc = sf_oom(err); goto fail; }
  if (mode == SF_KNN_AUTO) mode = sf_knn_exact_rule(n, d) ? SF_KNN_EXACT : SF_KNN_APPROX;
  rc = mode == SF_KNN_EXACT ? knn_exact(points, n, d, out, err) : knn_approx(points, n, d, seed, out, err);
  if (!rc) return SF_OK;
fail:
  sf_knn_free(out);
  return rc;
}

int sf_knn_build(const double *points, size_t n, size_t d, size_t k, uint64_t seed, sf_knn *out, sf_error *err) {
  return sf_knn_build_mode(points, n, d, k, seed, SF_KNN_AUTO, out, err);
}

void sf_knn_free(sf_knn *knn) {
  sf_free(knn->idx);
  sf_free(knn->dist);
  knn->idx = NULL;
  knn->dist = NULL;
  knn->n = knn->k = 0;
}
