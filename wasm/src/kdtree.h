/* kdtree.h — an exact k-d tree over n points of dimension d (row-major doubles),
 * for knn.c's exact search (moved here from components/duplicates): the k nearest
 * points to each point within a radius, exact (Euclidean) in any dimension.
 * Built by median splits on the axis of widest spread (3-way quickselect, so ties
 * cost no more than distinct values): O(n d log n). A query descends to the near
 * side first and visits the far side only when the splitting plane is closer than
 * the best (or the radius): O(log n) per query for data of low intrinsic
 * dimension; it degrades towards a scan as the intrinsic dimension grows. The tree
 * is implicit: node [lo, hi) holds its splitting point at mid = lo + (hi - lo) / 2
 * and its children are [lo, mid) and [mid + 1, hi); axis[mid] is its axis. */
#ifndef SF_KDTREE_H
#define SF_KDTREE_H
#include "sinfonia_component.h"
#include <string.h>

#define KD_LEAF 8

typedef struct kdtree {
  const double *pts; /* n * d, the caller's order */
  size_t n, d;
  size_t *perm;      /* perm[pos]: the caller's index of the point at tree position pos */
  double *tp;        /* the points in tree order (n * d), so a leaf is contiguous in memory */
  uint32_t *axis;    /* axis[mid] of each inner node */
} kdtree;

static double kd_coord(const kdtree *t, size_t pos, size_t axis) { return t->pts[t->perm[pos] * t->d + axis]; }

/* Put the point of rank k (by the axis) at position k of perm[lo, hi), smaller
 * ones before and larger ones after: 3-way quickselect, median-of-three pivot. */
static void kd_select(kdtree *t, size_t lo, size_t hi, size_t k, size_t axis) {
  while (hi - lo > 1) {
    size_t a = lo, b = lo, c = hi, mid = lo + (hi - lo) / 2, tmp;
    double x = kd_coord(t, lo, axis), y = kd_coord(t, mid, axis), z = kd_coord(t, hi - 1, axis), pv;
    pv = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    /* [lo, a) < pv, [a, b) == pv, [c, hi) > pv */
    while (b < c) {
      double v = kd_coord(t, b, axis);
      if (v < pv) { tmp = t->perm[a]; t->perm[a++] = t->perm[b]; t->perm[b++] = tmp; }
      else if (v > pv) { tmp = t->perm[--c]; t->perm[c] = t->perm[b]; t->perm[b] = tmp; }
      else b++;
    }
    if (k < a) hi = a;
    else if (k >= c) lo = c;
    else return;
  }
}

static void kd_build_range(kdtree *t, size_t lo, size_t hi) {
  while (hi - lo > KD_LEAF) {
    size_t mid = lo + (hi - lo) / 2, j, i, best = 0;
    double spread = -1;
    for (j = 0; j < t->d; j++) {
      double mn = kd_coord(t, lo, j), mx = mn;
      for (i = lo + 1; i < hi; i++) {
        double v = kd_coord(t, i, j);
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      if (mx - mn > spread) { spread = mx - mn; best = j; }
    }
    t->axis[mid] = (uint32_t)best;
    kd_select(t, lo, hi, mid, best);
    kd_build_range(t, lo, mid);
    lo = mid + 1;
  }
}

static int kd_build(kdtree *t, const double *pts, size_t n, size_t d, sf_error *err) {
  size_t i;
  t->pts = pts;
  t->n = n;
  t->d = d;
  t->perm = sf_calloc(n ? n : 1, sizeof *t->perm);
  t->axis = sf_calloc(n ? n : 1, sizeof *t->axis);
  t->tp = sf_calloc(n && d ? n * d : 1, sizeof *t->tp); /* the caller checked n * d */
  if (!t->perm || !t->axis || !t->tp) return sf_oom(err);
  for (i = 0; i < n; i++) t->perm[i] = i;
  kd_build_range(t, 0, n);
  for (i = 0; i < n; i++) memcpy(t->tp + i * d, pts + t->perm[i] * d, d * sizeof *pts);
  return SF_OK;
}

static void kd_free(kdtree *t) {
  sf_free(t->perm);
  sf_free(t->axis);
  sf_free(t->tp);
  t->tp = NULL;
  t->perm = NULL;
  t->axis = NULL;
}

static double kd_dist2(const double *a, const double *b, size_t d) {
  double s = 0;
  size_t j;
  for (j = 0; j < d; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

/* Queries prune by the squared distance rd from the query to a node's cell, kept
 * incrementally (Arya & Mount): off[a] is the query's offset from the cell along
 * axis a (0 inside); a far child changes one offset. off starts all 0 and is left so. */

/* A found neighbour: its tree position (or index) and squared distance. */
typedef struct kd_hit { size_t who; double d2; } kd_hit;

/* The k nearest within a radius: a max-heap of at most k hits by (d2, caller's index). */
typedef struct kd_best { kd_hit *v; size_t n, k; double r2; } kd_best;

static int kd_worse(const kdtree *t, const kd_hit *a, const kd_hit *b) {
  return a->d2 != b->d2 ? a->d2 > b->d2 : t->perm[a->who] > t->perm[b->who];
}

static void kd_best_offer(const kdtree *t, kd_best *b, size_t who, double d2) {
  kd_hit h;
  size_t i = 0;
  h.who = who;
  h.d2 = d2;
  if (d2 > b->r2) return;
  if (b->n < b->k) { /* sift up */
    i = b->n++;
    while (i && kd_worse(t, &h, &b->v[(i - 1) / 2])) { b->v[i] = b->v[(i - 1) / 2]; i = (i - 1) / 2; }
    b->v[i] = h;
    return;
  }
  if (!kd_worse(t, &b->v[0], &h)) return;
  for (;;) { /* replace the worst, sift down */
    size_t c = 2 * i + 1;
    if (c >= b->n) break;
    if (c + 1 < b->n && kd_worse(t, &b->v[c + 1], &b->v[c])) c++;
    if (!kd_worse(t, &b->v[c], &h)) break;
    b->v[i] = b->v[c];
    i = c;
  }
  b->v[i] = h;
}

/* The bound a subtree must beat: the radius, or the k-th best once k are found. */
static double kd_bound(const kd_best *b) { return b->n < b->k ? b->r2 : b->v[0].d2; }

/* The k points nearest to the one at tree position q (itself excluded) within squared
 * distance r2 of it, into b: the work of a k-nearest search, however dense the data. */
static void kd_knn_within(const kdtree *t, size_t lo, size_t hi, size_t q, double *off, double rd, kd_best *b) {
  const double *qp = t->tp + q * t->d;
  size_t mid, ax, p;
  double diff, old;
  if (hi - lo <= KD_LEAF) {
    for (p = lo; p < hi; p++)
      if (p != q) kd_best_offer(t, b, p, kd_dist2(qp, t->tp + p * t->d, t->d));
    return;
  }
  mid = lo + (hi - lo) / 2;
  ax = t->axis[mid];
  if (mid != q) kd_best_offer(t, b, mid, kd_dist2(qp, t->tp + mid * t->d, t->d));
  diff = qp[ax] - t->tp[mid * t->d + ax];
  if (diff < 0) kd_knn_within(t, lo, mid, q, off, rd, b);
  else kd_knn_within(t, mid + 1, hi, q, off, rd, b);
  old = off[ax];
  rd += diff * diff - old * old;
  if (rd > kd_bound(b)) return;
  off[ax] = diff;
  if (diff < 0) kd_knn_within(t, mid + 1, hi, q, off, rd, b);
  else kd_knn_within(t, lo, mid, q, off, rd, b);
  off[ax] = old;
}

#endif
