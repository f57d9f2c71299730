/* kdtree.h — an exact k-d tree over n points of dimension d (row-major doubles),
 * for the duplicates kernel: the nearest neighbour of each point and the points
 * within a radius of it, both exact (Euclidean) in any dimension.
 * Built by median splits on the axis of widest spread (3-way quickselect, so ties
 * cost no more than distinct values): O(n d log n). A query descends to the near
 * side first and visits the far side only when the splitting plane is closer than
 * the best (or the radius): O(log n) per query for data of low intrinsic
 * dimension; it degrades towards a scan as the intrinsic dimension grows. The tree
 * is implicit: node [lo, hi) holds its splitting point at mid = lo + (hi - lo) / 2
 * and its children are [lo, mid) and [mid + 1, hi); axis[mid] is its axis. */
#ifndef SF_DUP_KDTREE_H
#define SF_DUP_KDTREE_H
#include "sinfonia_component.h"
#include <string.h>

#define KD_LEAF 8

typedef struct kdtree {
  const double *pts; /* n * d */
  size_t n, d;
  size_t *perm;      /* the points in tree order */
  unsigned char *axis; /* axis[mid] of each inner node (d <= 255) */
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
    t->axis[mid] = (unsigned char)best;
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
  t->axis = sf_calloc(n ? n : 1, 1);
  if (!t->perm || !t->axis) return sf_oom(err);
  for (i = 0; i < n; i++) t->perm[i] = i;
  kd_build_range(t, 0, n);
  return SF_OK;
}

static void kd_free(kdtree *t) {
  sf_free(t->perm);
  sf_free(t->axis);
  t->perm = NULL;
  t->axis = NULL;
}

static double kd_dist2(const double *a, const double *b, size_t d) {
  double s = 0;
  size_t j;
  for (j = 0; j < d; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

/* The nearest point to point q other than q itself (*best: its squared distance,
 * start at INFINITY; *who: its index; ties keep the first found). */
static void kd_nearest(const kdtree *t, size_t lo, size_t hi, size_t q, double *best, size_t *who) {
  const double *qp = t->pts + q * t->d;
  while (hi > lo) {
    size_t mid, ax, p;
    double diff, d2;
    if (hi - lo <= KD_LEAF) {
      for (; lo < hi; lo++) {
        p = t->perm[lo];
        if (p != q && (d2 = kd_dist2(qp, t->pts + p * t->d, t->d)) < *best) { *best = d2; *who = p; }
      }
      return;
    }
    mid = lo + (hi - lo) / 2;
    ax = t->axis[mid];
    p = t->perm[mid];
    if (p != q && (d2 = kd_dist2(qp, t->pts + p * t->d, t->d)) < *best) { *best = d2; *who = p; }
    diff = qp[ax] - t->pts[p * t->d + ax];
    if (diff < 0) {
      kd_nearest(t, lo, mid, q, best, who);
      if (diff * diff >= *best) return;
      lo = mid + 1;
    } else {
      kd_nearest(t, mid + 1, hi, q, best, who);
      if (diff * diff >= *best) return;
      hi = mid;
    }
  }
}

/* A found neighbour: its index and squared distance. */
typedef struct kd_hit { size_t who; double d2; } kd_hit;
typedef struct kd_hits { kd_hit *v; size_t n, cap; int oom; } kd_hits;

static void kd_hits_add(kd_hits *h, size_t who, double d2) {
  if (h->n == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 16;
    kd_hit *v = sf_calloc(cap, sizeof *v);
    if (!v) { h->oom = 1; return; }
    if (h->n) memcpy(v, h->v, h->n * sizeof *v);
    sf_free(h->v);
    h->v = v;
    h->cap = cap;
  }
  h->v[h->n].who = who;
  h->v[h->n++].d2 = d2;
}

/* Every point other than q within squared distance r2 of point q (<= r2), appended to h. */
static void kd_within(const kdtree *t, size_t lo, size_t hi, size_t q, double r2, kd_hits *h) {
  const double *qp = t->pts + q * t->d;
  while (hi > lo && !h->oom) {
    size_t mid, ax, p;
    double diff, d2;
    if (hi - lo <= KD_LEAF) {
      for (; lo < hi; lo++) {
        p = t->perm[lo];
        if (p != q && (d2 = kd_dist2(qp, t->pts + p * t->d, t->d)) <= r2) kd_hits_add(h, p, d2);
      }
      return;
    }
    mid = lo + (hi - lo) / 2;
    ax = t->axis[mid];
    p = t->perm[mid];
    if (p != q && (d2 = kd_dist2(qp, t->pts + p * t->d, t->d)) <= r2) kd_hits_add(h, p, d2);
    diff = qp[ax] - t->pts[p * t->d + ax];
    if (diff < 0) {
      kd_within(t, lo, mid, q, r2, h);
      if (diff * diff > r2) return;
      lo = mid + 1;
    } else {
      kd_within(t, mid + 1, hi, q, r2, h);
      if (diff * diff > r2) return;
      hi = mid;
    }
  }
}

#endif
