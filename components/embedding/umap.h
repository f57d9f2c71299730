/* umap.h — the "umap" method of components/embedding, included by kernel.c after its PCA
 * and output helpers (put_points, put_density, put_box read a map through project()).
 * UMAP as McInnes, Healy & Melville (2018) define it and umap-learn 0.5 implements it
 * (umap_.py: smooth_knn_dist, compute_membership_strengths, fuzzy_simplicial_set,
 * simplicial_set_embedding, make_epochs_per_sample, find_ab_params; layouts.py:
 * optimize_layout_euclidean), restated here from those definitions:
 *  - the kNN graph (k = n_neighbors, counting the row itself) from sf_knn_build;
 *  - per row rho = the distance to the nearest other row at a distance > 0 and sigma by
 *    binary search (64 steps, tolerance 1e-5) so that sum_j exp(-(d_j - rho) / sigma)
 *    = log2(k), clamped below by 1e-3 x the mean distance;
 *  - membership w_ij = exp(-(d_ij - rho_i) / sigma_i) (1 when d_ij <= rho_i), then the
 *    fuzzy union W + W^T - W o W^T; edges below max / epochs dropped;
 *  - initialisation: the map's own PCA (PC1, PC2, as method "pca" gives them) scaled so
 *    the largest |coordinate| is 10, plus noise, then each axis scaled to [0, 10];
 *  - SGD over the edges in row-major order, each sampled every max_w / w epochs, with 5
 *    negative samples per positive one, gradients clipped to [-4, 4], learning rate
 *    1 - epoch / epochs, a and b fitted to min_dist (spread 1) as find_ab_params.
 * Differences from umap-learn (README.md): double precision throughout (umap-learn keeps
 * the graph and the map in float32), PCA initialisation (umap-learn's default is spectral),
 * uniform noise of +-1e-4 (umap-learn: normal, sd 1e-4), a PRNG of ours (splitmix64) and
 * one sequential pass (umap-learn's parallel SGD races), exp and log of our own.
 * Determinism: only + - * / and integer operations in anything iterative (um_exp,
 * um_log below), so the CLI and the page give the same bits.
 * Cost: the kNN (sf_knn_build), O(n k) for the graph, O(epochs x (edges + 5 x samples))
 * for the SGD. More than max_rows complete rows are sampled down to max_rows (Knuth's
 * selection sampling, in row order); "sampled_out" says how many were left out. */

/* ---- arithmetic with the same bits natively and in wasm ------------------------ */

#define UM_LN2_HI 6.93147180369123816490e-01
#define UM_LN2_LO 1.90821492927058770002e-10
#define UM_LOG2E 1.44269504088896338700e+00
#define UM_SQRT2 1.41421356237309504880

static double um_bits(uint64_t b) { double x; memcpy(&x, &b, sizeof x); return x; }

/* e^x to ~1 ulp: x = k ln2 + r, |r| <= ln2 / 2, Taylor to r^13, times 2^k. */
static double um_exp(double x) {
  static const double c[14] = {1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
                               1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0};
  double kf, r, p;
  int k, i;
  if (x != x) return x;
  if (x > 709) return INFINITY;
  if (x < -708) return 0; /* below the normal range: nothing here needs it */
  kf = x * UM_LOG2E;
  k = (int)(kf < 0 ? kf - 0.5 : kf + 0.5);
  r = (x - k * UM_LN2_HI) - k * UM_LN2_LO;
  for (p = c[13], i = 12; i >= 0; i--) p = p * r + c[i];
  return p * um_bits((uint64_t)(k + 1023) << 52);
}

/* ln x for x > 0 (0 gives -inf): x = 2^e m, m in [1/sqrt2, sqrt2], s = (m-1)/(m+1),
 * ln m = 2 (s + s^3/3 + ... + s^21/21). */
static double um_log(double x) {
  uint64_t b;
  int e;
  double m, s, s2, q;
  int j;
  if (x != x || x < 0) return NAN;
  if (x == 0) return -INFINITY;
  if (x == INFINITY) return x;
  e = 0;
  if (x < 2.2250738585072014e-308) { x *= 18014398509481984.0; e = -54; } /* subnormal: times 2^54 */
  memcpy(&b, &x, sizeof b);
  e += (int)((b >> 52) & 0x7ff) - 1023;
  m = um_bits((b & 0x000fffffffffffffull) | 0x3ff0000000000000ull);
  if (m > UM_SQRT2) { m *= 0.5; e++; }
  s = (m - 1) / (m + 1);
  s2 = s * s;
  for (q = 1.0 / 21, j = 19; j >= 1; j -= 2) q = q * s2 + 1.0 / j;
  return e * UM_LN2_HI + (2 * s * q + e * UM_LN2_LO);
}

/* x^y for x >= 0 (0^y = 0 for y > 0). */
static double um_pow(double x, double y) {
  if (x == 0) return y > 0 ? 0 : y == 0 ? 1 : INFINITY;
  return um_exp(y * um_log(x));
}

/* x^b for the SGD, from tables (x = 2^e m, m in [1, 2)): 2^(e b) per binary exponent
 * and m^b at 1024 steps of m, interpolated linearly (relative error below
 * 1.2e-7 |b (b - 1)|: 1.1e-8 for the default b; the curve's own fit is looser). Five times cheaper than um_pow, which is the
 * layout's cost: one call per positive and per negative sample. */
#define UM_STEPS 1024
typedef struct um_powtab {
  double b, by_exp[2046], by_mant[UM_STEPS + 1];
} um_powtab;

static void um_powtab_init(um_powtab *p, double b) {
  int i;
  p->b = b;
  for (i = 0; i < 2046; i++) p->by_exp[i] = um_exp(b * (i - 1022) * (UM_LN2_HI + UM_LN2_LO));
  for (i = 0; i <= UM_STEPS; i++) p->by_mant[i] = um_pow(1 + (double)i / UM_STEPS, b);
}

static double um_pow_fast(const um_powtab *p, double x) {
  uint64_t bits;
  int e;
  size_t j;
  double frac;
  if (!(x >= 2.2250738585072014e-308) || x == INFINITY) return um_pow(x, p->b); /* 0, subnormal, inf */
  memcpy(&bits, &x, sizeof bits);
  e = (int)(bits >> 52) - 1023;
  j = (size_t)((bits >> 42) & (UM_STEPS - 1));
  frac = (double)(bits & ((1ull << 42) - 1)) * (1.0 / 4398046511104.0);
  return p->by_exp[e + 1022] * (p->by_mant[j] + (p->by_mant[j + 1] - p->by_mant[j]) * frac);
}

/* splitmix64 (Steele, Lea & Flood 2014): the seed's stream. */
typedef struct um_rng { uint64_t s; } um_rng;
static uint64_t um_next(um_rng *r) {
  uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
/* Uniform in [0, n), n < 2^32 (the top 32 bits scaled). */
static size_t um_below(um_rng *r, size_t n) { return (size_t)(((um_next(r) >> 32) * (uint64_t)n) >> 32); }
/* Uniform in [0, 1). */
static double um_unit(um_rng *r) { return (double)(um_next(r) >> 11) * (1.0 / 9007199254740992.0); }

/* ---- a and b: 1 / (1 + a x^(2b)) fitted to the offset exponential ---------------- */

/* find_ab_params(spread=1, min_dist): least squares over x = linspace(0, 3, 300) of
 * 1 / (1 + a x^(2b)) against 1 (x < min_dist) or exp(-(x - min_dist)); Levenberg-
 * Marquardt from (1, 1) as scipy's curve_fit, run to convergence. */
static double um_ab_cost(double a, double b, double min_dist, double *jtj, double *jtr) {
  double cost = 0;
  int i;
  if (jtj) jtj[0] = jtj[1] = jtj[2] = jtr[0] = jtr[1] = 0;
  for (i = 0; i < 300; i++) {
    double x = i == 299 ? 3.0 : i * (3.0 / 299), y = x < min_dist ? 1 : um_exp(-(x - min_dist));
    double lx = x > 0 ? um_log(x) : 0, u = x > 0 ? um_exp(2 * b * lx) : 0, den = 1 + a * u, r = 1 / den - y;
    double ja = -u / (den * den), jb = -a * u * 2 * lx / (den * den);
    cost += r * r;
    if (!jtj) continue;
    jtj[0] += ja * ja; jtj[1] += ja * jb; jtj[2] += jb * jb;
    jtr[0] += ja * r; jtr[1] += jb * r;
  }
  return cost;
}

static void um_fit_ab(double min_dist, double *a, double *b) {
  double pa = 1, pb = 1, lambda = 1e-3, jtj[3], jtr[2];
  double cost = um_ab_cost(pa, pb, min_dist, jtj, jtr);
  int it;
  for (it = 0; it < 500 && lambda < 1e16; it++) {
    double m0 = jtj[0] * (1 + lambda), m2 = jtj[2] * (1 + lambda), det = m0 * m2 - jtj[1] * jtj[1];
    double da = -(m2 * jtr[0] - jtj[1] * jtr[1]) / det, db = -(m0 * jtr[1] - jtj[1] * jtr[0]) / det;
    double na = pa + da, nb = pb + db, nc;
    if (!(det > 0) || na <= 0 || nb <= 0 || !((nc = um_ab_cost(na, nb, min_dist, NULL, NULL)) <= cost)) {
      lambda *= 10;
      continue;
    }
    pa = na;
    pb = nb;
    if (nc == cost || (fabs(da) <= 1e-15 * pa && fabs(db) <= 1e-15 * pb)) break;
    cost = um_ab_cost(pa, pb, min_dist, jtj, jtr);
    lambda = lambda > 1e-12 ? lambda * 0.1 : lambda;
  }
  *a = pa;
  *b = pb;
}

/* ---- the fuzzy simplicial set ------------------------------------------------------ */

/* The weighted graph in row-major order (scipy's COO of the symmetric CSR). */
typedef struct um_graph {
  size_t edges;
  uint32_t *head, *tail;
  double *w;
} um_graph;

static void um_graph_free(um_graph *g) {
  sf_free(g->head);
  sf_free(g->tail);
  sf_free(g->w);
  memset(g, 0, sizeof *g);
}

/* smooth_knn_dist for one row: ds[0] = 0 (the row itself), ds[1..kk-1] ascending; the
 * target is log2(k). Returns sigma; *rho the first distance > 0. */
static double um_sigma(const double *ds, size_t kk, double target, double mean_all, double *rho) {
  double lo = 0, hi = INFINITY, mid = 1, mean = 0;
  size_t j;
  int it;
  *rho = 0;
  for (j = 0; j < kk; j++)
    if (ds[j] > 0) { *rho = ds[j]; break; }
  for (it = 0; it < 64; it++) {
    double psum = 0;
    for (j = 1; j < kk; j++) {
      double t = ds[j] - *rho;
      psum += t > 0 ? um_exp(-(t / mid)) : 1.0;
    }
    if (fabs(psum - target) < 1e-5) break;
    if (psum > target) {
      hi = mid;
      mid = (lo + hi) / 2;
    } else {
      lo = mid;
      mid = hi == INFINITY ? mid * 2 : (lo + hi) / 2;
    }
  }
  for (j = 0; j < kk; j++) mean += ds[j];
  mean /= (double)kk;
  if (*rho > 0) return mid < 1e-3 * mean ? 1e-3 * mean : mid;
  return mid < 1e-3 * mean_all ? 1e-3 * mean_all : mid;
}

/* The fuzzy simplicial set of the kNN (knn rows may or may not list the row itself:
 * row i keeps itself first, then its first kk - 1 other neighbours). kk <= knn->k + 1. */
static int um_build_graph(const sf_knn *knn, size_t kk, double target, um_graph *g, sf_error *err) {
  size_t n = knn->n, i, j, c, e, per = kk - 1, total;
  double *ds = NULL, *fw = NULL, *tw = NULL, mean_all = 0, rho, sigma;
  uint32_t *fc = NULL, *tc = NULL;
  size_t *tstart = NULL, *tfill = NULL;
  int rc = SF_OK;
  if (per == 0 || n > SIZE_MAX / 2 / per) return sf_fail(err, SF_EINPUT, 0, 0, "embedding: the graph is too large");
  total = n * per;
  if (!(ds = sf_calloc(kk, sizeof *ds)) || !(fw = sf_calloc(total, sizeof *fw)) || !(fc = sf_calloc(total, sizeof *fc)) ||
      !(tw = sf_calloc(total, sizeof *tw)) || !(tc = sf_calloc(total, sizeof *tc)) ||
      !(tstart = sf_calloc(n + 1, sizeof *tstart)) || !(tfill = sf_calloc(n, sizeof *tfill)))
    goto oom;
  /* row i's neighbours (itself excluded, at most per of them) into fc/fw, distances first */
  for (i = 0; i < n; i++) {
    for (c = 0, j = 0; j < knn->k && c < per; j++) {
      uint32_t to = knn->idx[i * knn->k + j];
      if (to == i || to >= n) continue;
      fc[i * per + c] = to;
      fw[i * per + c++] = knn->dist[i * knn->k + j];
    }
    for (; c < per; c++) { fc[i * per + c] = (uint32_t)i; fw[i * per + c] = 0; } /* none: marked by to == i */
    for (c = 0; c < per; c++) mean_all += fc[i * per + c] == i ? 0 : fw[i * per + c];
  }
  mean_all /= (double)n * (double)kk; /* np.mean(knn_dists), the self column's zeros included */
  for (i = 0; i < n; i++) {
    size_t have = 0;
    ds[0] = 0;
    for (c = 0; c < per && fc[i * per + c] != i; c++) ds[1 + have++] = fw[i * per + c];
    sigma = um_sigma(ds, have + 1, target, mean_all, &rho);
    for (c = 0; c < have; c++) {
      double t = fw[i * per + c] - rho;
      fw[i * per + c] = t <= 0 || sigma == 0 ? 1.0 : um_exp(-(t / sigma));
    }
    /* sort row i by column (insertion: k <= 101), so the union below merges sorted rows */
    for (c = 1; c < have; c++)
      for (j = i * per + c; j > i * per && fc[j - 1] > fc[j]; j--) {
        uint32_t tcv = fc[j]; double twv = fw[j];
        fc[j] = fc[j - 1]; fw[j] = fw[j - 1]; fc[j - 1] = tcv; fw[j - 1] = twv;
      }
  }
  /* the transpose, by counting: scanning rows in order keeps each column's list sorted */
  for (i = 0; i < total; i++)
    if (fc[i] != i / per && fw[i] > 0) tstart[fc[i] + 1]++;
  for (i = 0; i < n; i++) tstart[i + 1] += tstart[i];
  for (i = 0; i < total; i++) {
    size_t to = fc[i], at;
    if (to == i / per || !(fw[i] > 0)) continue;
    at = tstart[to] + tfill[to]++;
    tc[at] = (uint32_t)(i / per);
    tw[at] = fw[i];
  }
  /* the fuzzy union, row by row: (a + b) - a b over the merged sorted rows */
  if (!(g->head = sf_calloc(2 * total, sizeof *g->head)) || !(g->tail = sf_calloc(2 * total, sizeof *g->tail)) ||
      !(g->w = sf_calloc(2 * total, sizeof *g->w)))
    goto oom;
  for (e = 0, i = 0; i < n; i++) {
    size_t p = i * per, pe = p, q = tstart[i], qe = tstart[i + 1];
    while (pe < i * per + per && fc[pe] != i) pe++;
    while (p < pe || q < qe) {
      double a = 0, b = 0, v;
      uint32_t col;
      if (q >= qe || (p < pe && fc[p] < tc[q])) { col = fc[p]; a = fw[p++]; }
      else if (p >= pe || tc[q] < fc[p]) { col = tc[q]; b = tw[q++]; }
      else { col = fc[p]; a = fw[p++]; b = tw[q++]; }
      while (p < pe && fc[p] == col) a += fw[p++]; /* a repeated neighbour sums (sum_duplicates) */
      while (q < qe && tc[q] == col) b += tw[q++];
      v = (a + b) - a * b;
      if (!(v > 0)) continue;
      g->head[e] = (uint32_t)i;
      g->tail[e] = col;
      g->w[e++] = v;
    }
  }
  g->edges = e;
  goto end;
oom:
  rc = sf_oom(err);
end:
  sf_free(ds);
  sf_free(fw);
  sf_free(fc);
  sf_free(tw);
  sf_free(tc);
  sf_free(tstart);
  sf_free(tfill);
  return rc;
}

/* ---- the layout --------------------------------------------------------------------- */

static double um_clip(double v) { return v > 4 ? 4 : v < -4 ? -4 : v; }

/* Drop the edges below max / epochs (umap-learn: the default epochs when epochs <= 10);
 * *total is the weight left. */
static void um_prune(um_graph *g, long epochs, long default_epochs, double *total) {
  double wmax = 0, floor;
  size_t e, kept;
  for (e = 0; e < g->edges; e++)
    if (g->w[e] > wmax) wmax = g->w[e];
  floor = wmax / (double)(epochs > 10 ? epochs : default_epochs);
  for (*total = 0, kept = 0, e = 0; e < g->edges; e++) {
    if (g->w[e] < floor) continue;
    g->head[kept] = g->head[e];
    g->tail[kept] = g->tail[e];
    *total += g->w[e];
    g->w[kept++] = g->w[e];
  }
  g->edges = kept;
}

/* optimize_layout_euclidean (move_other, gamma 1, 5 negative samples, alpha from 1):
 * y holds n points (x, y interleaved). */
static int um_optimize(um_graph *g, double *y, size_t n, long epochs, double a, double b, um_rng *rng, sf_error *err) {
  double *eps = NULL, *next = NULL, *nextneg = NULL, wmax = 0, alpha = 1;
  um_powtab *pt = NULL;
  size_t e, kept;
  long ep;
  int rc = SF_OK;
  kept = g->edges;
  for (e = 0; e < kept; e++)
    if (g->w[e] > wmax) wmax = g->w[e];
  if (!(eps = sf_calloc(kept, sizeof *eps)) || !(next = sf_calloc(kept, sizeof *next)) ||
      !(nextneg = sf_calloc(kept, sizeof *nextneg)) || !(pt = sf_calloc(1, sizeof *pt))) {
    rc = sf_oom(err);
    goto end;
  }
  um_powtab_init(pt, b);
  for (e = 0; e < kept; e++) {
    eps[e] = (double)epochs / ((double)epochs * (g->w[e] / wmax)); /* make_epochs_per_sample */
    next[e] = eps[e];
    nextneg[e] = eps[e] / 5;
  }
  for (ep = 0; ep < epochs; ep++) {
    for (e = 0; e < kept; e++) {
      double *cur, *oth, dx, dy, d2, coef, gx, gy, eneg = eps[e] / 5;
      size_t j, p;
      long nneg;
      if (next[e] > (double)ep) continue;
      j = g->head[e];
      cur = y + 2 * j;
      oth = y + 2 * (size_t)g->tail[e];
      dx = cur[0] - oth[0];
      dy = cur[1] - oth[1];
      d2 = dx * dx + dy * dy;
      coef = 0;
      if (d2 > 0) {
        double pb = um_pow_fast(pt, d2);
        coef = -2.0 * a * b * (pb / d2) / (a * pb + 1.0);
      }
      gx = um_clip(coef * dx);
      gy = um_clip(coef * dy);
      cur[0] += gx * alpha;
      cur[1] += gy * alpha;
      oth[0] -= gx * alpha;
      oth[1] -= gy * alpha;
      next[e] += eps[e];
      nneg = (long)(((double)ep - nextneg[e]) / eneg);
      /* the negative samples of this positive one, each from the same position, applied
       * together: independent, so the CPU overlaps them (sequential updates chain a
       * division per sample; umap-learn's own parallel epochs do not keep that order) */
      gx = gy = 0;
      for (p = 0; nneg > 0 && p < (size_t)nneg; p++) {
        size_t kq = um_below(rng, n);
        oth = y + 2 * kq;
        dx = cur[0] - oth[0];
        dy = cur[1] - oth[1];
        d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          coef = 2.0 * b / ((0.001 + d2) * (a * um_pow_fast(pt, d2) + 1));
          gx += um_clip(coef * dx) * alpha;
          gy += um_clip(coef * dy) * alpha;
        }
      }
      cur[0] += gx;
      cur[1] += gy;
      if (nneg > 0) nextneg[e] += (double)nneg * eneg;
    }
    alpha = 1.0 - (double)ep / (double)epochs;
  }
end:
  sf_free(eps);
  sf_free(next);
  sf_free(nextneg);
  sf_free(pt);
  return rc;
}

/* The initial map: PC1, PC2 of the used rows scaled so the largest |coordinate| is 10,
 * noise uniform in +-1e-4, then each axis scaled to [0, 10] (a flat axis stays at 0). */
static void um_init(const double *const *f, size_t d, const double *mean, double *v[2], const size_t *ids,
                    size_t m, double *y, um_rng *rng) {
  double big = 0, lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  size_t i, c;
  for (i = 0; i < m; i++)
    for (c = 0; c < 2; c++) {
      y[2 * i + c] = project(f, d, mean, v[c], ids[i]);
      if (fabs(y[2 * i + c]) > big) big = fabs(y[2 * i + c]);
    }
  for (i = 0; i < 2 * m; i++) {
    y[i] = (big > 0 ? y[i] * (10 / big) : 0) + (um_unit(rng) * 2 - 1) * 1e-4;
    if (y[i] < lo[i % 2]) lo[i % 2] = y[i];
    if (y[i] > hi[i % 2]) hi[i % 2] = y[i];
  }
  for (i = 0; i < 2 * m; i++) {
    c = i % 2;
    y[i] = hi[c] > lo[c] ? 10.0 * (y[i] - lo[c]) / (hi[c] - lo[c]) : 0;
  }
}

/* ---- the last map, for the view's box and lasso questions ---------------------------- */

/* A run whose config asks about a box or a lasso reuses the last map when its inputs
 * (every used row's values and id, the fields, the layout's config) hash the same, so
 * a brush on a density does not lay the map out again. Other runs always compute. */
static struct {
  uint64_t key;
  size_t nrows, edges;
  double *x, *y, a, b, weight;
  long epochs;
  int exact;
} um_last;

static uint64_t um_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdull;
}

static uint64_t um_key(const sf_call *call, const double *const *f, size_t d, const unsigned char *used) {
  const sf_table *t = call->table;
  uint64_t h = um_mix(0, t->nrows), bits;
  size_t i, a;
  double md = sf_config_number(call, "min_dist");
  memcpy(&bits, &md, sizeof bits);
  h = um_mix(um_mix(um_mix(h, (uint64_t)sf_config_int(call, "n_neighbors")), bits), (uint64_t)sf_config_int(call, "epochs"));
  h = um_mix(um_mix(h, (uint64_t)sf_config_int(call, "seed")), (uint64_t)sf_config_int(call, "max_rows"));
  for (i = 0; i < t->nrows; i++) {
    if (!used[i]) continue;
    h = um_mix(h, i);
    for (a = 0; a < d; a++) {
      memcpy(&bits, &f[a][i], sizeof bits);
      h = um_mix(h, bits);
    }
  }
  return h;
}

/* ---- the method --------------------------------------------------------------------- */

/* Lay out the m rows ids[] (x, y of row ids[i] into xs, ys, indexed by row). */
static int um_layout(const sf_call *call, const double *const *f, size_t d, const double *mean, double *v[2], const size_t *ids,
                     size_t m, double *xs, double *ys, um_rng *rng, long *epochs, double ab[2], size_t *edges, double *weight,
                     int *exact, sf_error *err) {
  size_t kk = (size_t)sf_config_int(call, "n_neighbors"), i, a;
  double *pts = NULL, *y = NULL;
  sf_knn knn;
  um_graph g;
  int rc = SF_OK;
  memset(&knn, 0, sizeof knn);
  memset(&g, 0, sizeof g);
  long default_epochs = m <= 10000 ? 500 : 200;
  um_fit_ab(sf_config_number(call, "min_dist"), &ab[0], &ab[1]);
  if (!*epochs) *epochs = default_epochs;
  if (kk >= m) kk = m - 1; /* umap-learn: n_neighbors = n - 1 on fewer rows */
  if (m > SIZE_MAX / sizeof(double) / d || !(pts = sf_calloc(m * d, sizeof *pts)) || !(y = sf_calloc(2 * m, sizeof *y))) {
    rc = sf_oom(err);
    goto end;
  }
  for (i = 0; i < m; i++)
    for (a = 0; a < d; a++) pts[i * d + a] = f[a][ids[i]];
  um_init(f, d, mean, v, ids, m, y, rng);
  if (kk >= 2) {
    if ((rc = sf_knn_build(pts, m, d, kk < m - 1 ? kk : m - 1, (uint64_t)sf_config_int(call, "seed"), &knn, err))) goto end;
    *exact = knn.exact;
    sf_free(pts);
    pts = NULL;
    if ((rc = um_build_graph(&knn, kk, um_log((double)kk) / um_log(2.0), &g, err))) goto end;
    sf_knn_free(&knn);
    um_prune(&g, *epochs, default_epochs, weight);
    if (g.edges && (rc = um_optimize(&g, y, m, *epochs, ab[0], ab[1], rng, err))) goto end;
    *edges = g.edges;
  }
  for (i = 0; i < m; i++) {
    xs[ids[i]] = y[2 * i];
    ys[ids[i]] = y[2 * i + 1];
  }
end:
  sf_knn_free(&knn);
  um_graph_free(&g);
  sf_free(pts);
  sf_free(y);
  return rc;
}

/* Keep at most max_rows of the n used rows (selection sampling, Knuth's Algorithm S):
 * the others are unmarked. Returns how many stay. */
static size_t um_sample(unsigned char *used, size_t nrows, size_t n, size_t cap, um_rng *rng) {
  size_t i, seen = 0, kept = 0;
  if (n <= cap) return n;
  for (i = 0; i < nrows; i++) {
    if (!used[i]) continue;
    if ((double)(n - seen++) * um_unit(rng) >= (double)(cap - kept)) used[i] = 0;
    else kept++;
  }
  return kept;
}

static int umap_run(const sf_call *call, const double *const *f, size_t d, const double *mean, double *v[2], unsigned char *used,
                    size_t n, size_t missing, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  size_t cap = (size_t)sf_config_int(call, "max_rows"), m, i, *ids = NULL, edges = 0;
  long epochs = sf_config_int(call, "epochs");
  double *xs = NULL, *ys = NULL, ab[2] = {0, 0}, weight = 0, lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  double zero[2] = {0, 0}, e0[2] = {1, 0}, e1[2] = {0, 1}, *unit[2];
  const char *colour = sf_config_string(call, "color");
  int rc = SF_OK, exact = 1;
  uint64_t key = 0;
  um_rng rng;
  colouring k;
  const double *xy[2];
  cJSON *info;
  memset(&k, 0, sizeof k);
  rng.s = (uint64_t)sf_config_int(call, "seed");
  m = um_sample(used, t->nrows, n, cap, &rng);
  if (!sf_json_put(out, "count", cJSON_CreateNumber((double)m)) ||
      !sf_json_put(out, "missing", cJSON_CreateNumber((double)missing)) ||
      !sf_json_put(out, "sampled_out", cJSON_CreateNumber((double)(n - m))))
    goto oom;
  if (!(ids = sf_calloc(m, sizeof *ids))) goto oom;
  for (m = 0, i = 0; i < t->nrows; i++)
    if (used[i]) ids[m++] = i;
  if (sf_config_get(call, "box") || sf_config_get(call, "lasso")) key = um_key(call, f, d, used);
  if (key && um_last.x && um_last.key == key && um_last.nrows == t->nrows) {
    xs = um_last.x;
    ys = um_last.y;
    um_last.x = um_last.y = NULL; /* taken; put back below */
    epochs = um_last.epochs;
    ab[0] = um_last.a;
    ab[1] = um_last.b;
    edges = um_last.edges;
    weight = um_last.weight;
    exact = um_last.exact;
  } else {
    if (!(xs = sf_calloc(t->nrows, sizeof *xs)) || !(ys = sf_calloc(t->nrows, sizeof *ys))) goto oom;
    if ((rc = um_layout(call, f, d, mean, v, ids, m, xs, ys, &rng, &epochs, ab, &edges, &weight, &exact, err))) goto end;
    if (!key) key = um_key(call, f, d, used);
  }
  for (i = 0; i < m; i++) {
    double p[2];
    size_t c;
    p[0] = xs[ids[i]];
    p[1] = ys[ids[i]];
    for (c = 0; c < 2; c++) {
      if (p[c] < lo[c]) lo[c] = p[c];
      if (p[c] > hi[c]) hi[c] = p[c];
    }
  }
  if (!(info = sf_json_put(out, "umap", cJSON_CreateObject())) ||
      !sf_json_put(info, "n_neighbors", cJSON_CreateNumber((double)sf_config_int(call, "n_neighbors"))) ||
      !sf_json_put(info, "min_dist", cJSON_CreateNumber(sf_config_number(call, "min_dist"))) ||
      !sf_json_put(info, "a", sf_json_num(ab[0])) || !sf_json_put(info, "b", sf_json_num(ab[1])) ||
      !sf_json_put(info, "epochs", cJSON_CreateNumber((double)epochs)) ||
      !sf_json_put(info, "seed", cJSON_CreateNumber((double)sf_config_int(call, "seed"))) ||
      !sf_json_put(info, "init", cJSON_CreateString("pca")) ||
      !sf_json_put(info, "edges", cJSON_CreateNumber((double)edges)) ||
      !sf_json_put(info, "graph_weight", sf_json_num(weight)) ||
      !sf_json_put(info, "knn_exact", cJSON_CreateBool(exact)))
    goto oom;
  if ((rc = colouring_init(&k, call, used, &colour, err))) goto end;
  if (!sf_json_put(out, "color", cJSON_CreateString(colour))) goto oom;
  /* the map as two fields of the rows, read by the PCA's output through project() */
  xy[0] = xs;
  xy[1] = ys;
  unit[0] = e0;
  unit[1] = e1;
  if (m <= (size_t)sf_config_int(call, "max_points")) {
    if (put_points(call, xy, 2, zero, unit, used, &k, strcmp(colour, "none") != 0, out)) goto oom;
  } else if ((rc = put_density(call, xy, 2, zero, unit, used, &k, lo, hi, out, err))) {
    goto end;
  }
  if (put_box(call, xy, 2, zero, unit, used, out) || put_lasso(call, xy, 2, zero, unit, used, out)) goto oom;
  /* keep this map for the next question about it */
  sf_free(um_last.x);
  sf_free(um_last.y);
  um_last.key = key;
  um_last.nrows = t->nrows;
  um_last.x = xs;
  um_last.y = ys;
  um_last.a = ab[0];
  um_last.b = ab[1];
  um_last.epochs = epochs;
  um_last.edges = edges;
  um_last.weight = weight;
  um_last.exact = exact;
  xs = ys = NULL;
  goto end;
oom:
  rc = sf_oom(err);
end:
  sf_free(ids);
  sf_free(xs);
  sf_free(ys);
  sf_free(k.pred_to_label);
  return rc;
}
