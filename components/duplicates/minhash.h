/* minhash.h — near-duplicate texts for the duplicates kernel: MinHash signatures,
 * LSH banding for candidates (no all-pairs scan), and the exact Jaccard of each
 * candidate pair's shingle sets, so every pair reported and its value are exact.
 *
 * Text: ASCII letters lower-cased, runs of ASCII whitespace (space, \t \n \v \f \r)
 * made one space, the ends trimmed; other bytes (UTF-8) kept as they are. An empty
 * result is left out, as a missing text is.
 * Shingles: MH_CHARS, the character 5-grams (characters are code points, counted by
 * UTF-8 lead bytes), or MH_WORDS, the word 3-grams (words split at the single
 * spaces, punctuation part of a word); a text shorter than one shingle is one
 * shingle, itself. A shingle is its 64-bit hash (FNV-1a, then murmur3's fmix64),
 * and a set is its sorted distinct hashes (two shingles merge only if their hashes
 * collide: about n^2 / 2^65 for n distinct shingles).
 * MinHash: num_perm bijections of the 64-bit hashes, h_i(x) = a_i x + b_i mod 2^64
 * (a_i odd), a_i and b_i drawn from splitmix64 seeded with MH_SEED: the same on
 * every platform. Banding as datasketch's MinHashLSH (lsh.py _optimal_param): of
 * every b bands of r rows with b r <= num_perm, the (b, r) that minimises
 * (1 - w) * (false positive area: integral over [0, t] of 1 - (1 - s^r)^b) + w *
 * (false negative area: integral over [t, 1] of (1 - s^r)^b), the first in (b, r)
 * order on a tie; w is the false-negative weight (datasketch's default 0.5; the
 * kernel's 0.9, since a false positive costs one exact check and a false negative
 * loses a pair). Two texts are candidates when their r values agree in a band.
 * Texts with one shingle set (equal once normalized) are one class, bucketed and
 * compared once; a pair is near when one text is among the other's k most similar
 * (cleanlab's k, as the numeric rule; ties to the lower index) with Jaccard >= t.
 * Cost: O(total text length * num_perm) for the signatures, O(n b log n) for the
 * buckets, per candidate pair the shingling of both texts, and per text its class's
 * near classes times k. A bucket of m distinct texts gives m (m - 1) / 2 candidates:
 * many distinct texts that all share a band are quadratic (copies of one are not). */
#ifndef SF_DUP_MINHASH_H
#define SF_DUP_MINHASH_H
#include "sinfonia_component.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MH_CHAR_N 5
#define MH_WORD_N 3
#define MH_SEED 0x73696e666f6e6961ULL /* "sinfonia" */

typedef enum { MH_CHARS = 0, MH_WORDS = 1 } mh_kind;

/* FNV-1a, 64 bits. */
static uint64_t mh_fnv1a(const unsigned char *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  size_t i;
  for (i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

/* murmur3's 64-bit finaliser (a bijection). */
static uint64_t mh_fmix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

static uint64_t mh_hash(const char *p, size_t n) { return mh_fmix(mh_fnv1a((const unsigned char *)p, n)); }

static uint64_t mh_splitmix(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static int mh_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* The text as compared, into out (room for strlen(s) + 1); its length. */
static size_t mh_normalize(const char *s, char *out) {
  size_t n = 0;
  int gap = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (mh_space(c)) { gap = n > 0; continue; }
    if (gap) out[n++] = ' ';
    gap = 0;
    out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  out[n] = 0;
  return n;
}

typedef struct mh_u64s { uint64_t *v; size_t n, cap; } mh_u64s;

static int mh_push(mh_u64s *b, uint64_t x) {
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    uint64_t *v = cap > b->cap ? sf_calloc(cap, sizeof *v) : NULL;
    if (!v) return SF_ENOMEM;
    if (b->n) memcpy(v, b->v, b->n * sizeof *v);
    sf_free(b->v);
    b->v = v;
    b->cap = cap;
  }
  b->v[b->n++] = x;
  return SF_OK;
}

/* The shingle hashes of a normalized text t of n bytes, appended to set (with repeats). */
static int mh_shingle(const char *t, size_t n, mh_kind kind, mh_u64s *set) {
  size_t ring[MH_CHAR_N + 1], i, marks = 0, want = kind == MH_WORDS ? MH_WORD_N : MH_CHAR_N;
  if (!n) return SF_OK;
  /* marks: code point starts (chars) or word starts (words), plus the end; a
   * shingle runs from the mark want back to here (words: less the space). */
  for (i = 0; i <= n; i++) {
    int mark = kind == MH_WORDS ? (i == n || t[i] == ' ') : (i == n || ((unsigned char)t[i] & 0xC0) != 0x80);
    size_t at = kind == MH_WORDS ? i + 1 : i; /* words: the next word starts after the space */
    if (!mark) continue;
    if (kind == MH_WORDS && !marks) ring[marks++ % (MH_CHAR_N + 1)] = 0; /* the first word's start */
    ring[marks % (MH_CHAR_N + 1)] = at;
    marks++;
    if (marks > want) {
      size_t from = ring[(marks - 1 - want) % (MH_CHAR_N + 1)];
      if (mh_push(set, mh_hash(t + from, i - from))) return SF_ENOMEM;
    }
  }
  /* marks - 1 chars or words in all: fewer than one shingle's worth is one shingle */
  if (marks - 1 < want && mh_push(set, mh_hash(t, n))) return SF_ENOMEM;
  return SF_OK;
}

static int mh_cmp_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return a < b ? -1 : a > b;
}

/* A text's shingle set, sorted and distinct, into set (emptied first); norm has room
 * for the text. Empty when the text is empty after normalizing. */
static int mh_shingle_set(const char *s, mh_kind kind, char *norm, mh_u64s *set) {
  size_t n = mh_normalize(s, norm), i, j;
  set->n = 0;
  if (mh_shingle(norm, n, kind, set)) return SF_ENOMEM;
  if (set->n > 32) qsort(set->v, set->n, sizeof *set->v, mh_cmp_u64);
  for (i = 1; set->n <= 32 && i < set->n; i++) { /* short texts: insertion sort */
    uint64_t x = set->v[i];
    for (j = i; j > 0 && set->v[j - 1] > x; j--) set->v[j] = set->v[j - 1];
    set->v[j] = x;
  }
  for (i = j = 0; i < set->n; i++)
    if (!j || set->v[j - 1] != set->v[i]) set->v[j++] = set->v[i];
  set->n = j;
  return SF_OK;
}

/* |A and B| / |A or B| of two sorted distinct sets (not both empty). */
static double mh_jaccard(const mh_u64s *a, const mh_u64s *b) {
  size_t i = 0, j = 0, both = 0;
  while (i < a->n && j < b->n) {
    if (a->v[i] == b->v[j]) { both++; i++; j++; }
    else if (a->v[i] < b->v[j]) i++;
    else j++;
  }
  return (double)both / (double)(a->n + b->n - both);
}

/* The integral of (1 - s^r)^b over [lo, hi] (or of 1 minus it, when ones), by
 * 8-point Gauss-Legendre on 64 equal pieces: the integrand is a polynomial of
 * degree r b <= num_perm, and this is well inside 1e-12 of it for num_perm <= 1024. */
static double mh_area(double lo, double hi, double b, double r, int ones) {
  static const double x[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
  static const double w[4] = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
  double sum = 0, h = (hi - lo) / 64;
  int p, k, sgn;
  for (p = 0; p < 64; p++) {
    double mid = lo + (p + 0.5) * h;
    for (k = 0; k < 4; k++)
      for (sgn = -1; sgn <= 1; sgn += 2) {
        double s = mid + sgn * x[k] * h / 2, f = pow(1 - pow(s, r), b);
        sum += w[k] * (ones ? 1 - f : f);
      }
  }
  return sum * h / 2;
}

/* datasketch's bands and rows for threshold t, num_perm and weights (1 - w, w). */
static void mh_optimal_bands(double t, size_t num_perm, double w, size_t *bands, size_t *rows) {
  double best = INFINITY;
  size_t b, r;
  *bands = *rows = 0;
  for (b = 1; b <= num_perm; b++)
    for (r = 1; r <= num_perm / b; r++) {
      double fp = mh_area(0, t, (double)b, (double)r, 1), fn = mh_area(t, 1, (double)b, (double)r, 0);
      double e = fp * (1 - w) + fn * w;
      if (e < best) { best = e; *bands = b; *rows = r; }
    }
}

typedef struct mh_pair { size_t a, b; double jaccard; } mh_pair;

typedef struct mh_result {
  mh_pair *v;            /* by (a, b), a < b: indices into the caller's texts */
  size_t n, cap;
  size_t bands, rows;    /* the banding used */
  size_t used, left_out; /* texts compared; missing or empty */
  size_t distinct;       /* distinct shingle sets among them */
  size_t candidates;     /* distinct pairs of distinct sets that shared a bucket */
} mh_result;

static int mh_add(mh_pair **v, size_t *n, size_t *cap, size_t a, size_t b, double j) {
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 64;
    mh_pair *w = c > *cap ? sf_calloc(c, sizeof *w) : NULL;
    if (!w) return SF_ENOMEM;
    if (*n) memcpy(w, *v, *n * sizeof *w);
    sf_free(*v);
    *v = w;
    *cap = c;
  }
  (*v)[*n].a = a;
  (*v)[*n].b = b;
  (*v)[(*n)++].jaccard = j;
  return SF_OK;
}

static int mh_cmp_pair(const void *x, const void *y) {
  const mh_pair *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return p->b < q->b ? -1 : p->b > q->b;
}

/* most similar first, then by the other row (b) */
static int mh_cmp_similar(const void *x, const void *y) {
  const mh_pair *p = x, *q = y;
  if (p->jaccard != q->jaccard) return p->jaccard > q->jaccard ? -1 : 1;
  return p->b < q->b ? -1 : p->b > q->b;
}

typedef struct mh_keyed { uint64_t key; size_t i; } mh_keyed;

static int mh_keyed_before(const mh_keyed *p, const mh_keyed *q) {
  return p->key != q->key ? p->key < q->key : p->i < q->i;
}

/* Order v[0..n) (given by ascending i; tmp has room for n) so that equal keys are
 * adjacent, by ascending i: by the key's low 32 bits (a stable radix sort, 4 passes
 * of 8), then within a run of one low half (rare, but for equal keys) by the key and
 * i, by insertion. O(n), the same on every platform (a C library's qsort is far
 * slower in wasm). */
static void mh_sort_keyed(mh_keyed *v, mh_keyed *tmp, size_t n) {
  size_t count[256], i, j, pass;
  for (pass = 0; pass < 4; pass++) {
    unsigned shift = (unsigned)(8 * pass);
    size_t at = 0;
    memset(count, 0, sizeof count);
    for (i = 0; i < n; i++) count[(v[i].key >> shift) & 0xff]++;
    for (i = 0; i < 256; i++) {
      size_t c = count[i];
      count[i] = at;
      at += c;
    }
    for (i = 0; i < n; i++) tmp[count[(v[i].key >> shift) & 0xff]++] = v[i];
    memcpy(v, tmp, n * sizeof *v);
  }
  for (i = 1; i < n; i++) { /* within a run of one low half: by the high half, then i */
    mh_keyed x = v[i];
    for (j = i; j > 0 && (uint32_t)v[j - 1].key == (uint32_t)x.key && mh_keyed_before(&x, &v[j - 1]); j--) v[j] = v[j - 1];
    v[j] = x;
  }
}

/* Texts with one shingle set are one class: the LSH buckets and the Jaccard run
 * over the classes (a text repeated m times is one signature in the buckets, not
 * m^2 pairs); a text's neighbours are the rest of its class (Jaccard 1) and the
 * classes verified near its own. */
typedef struct mh_classes {
  size_t n;
  size_t *of;      /* per text: its class, or (size_t)-1 when left out */
  size_t *members; /* class c's texts, ascending: members[start[c] .. start[c + 1]) */
  size_t *start;
  mh_pair *adj;    /* class c's near classes (b) and their Jaccard: adj[astart[c] .. astart[c + 1]), most similar first */
  size_t *astart;
} mh_classes;

/* Each text's signature, kept as its band keys, and the hash of its shingle set. */
static int mh_signatures(const char *const *texts, size_t n, mh_kind kind, size_t num_perm, char *norm,
                         mh_result *res, uint64_t *keys, mh_keyed *byset, size_t *nset) {
  uint64_t *a = sf_calloc(num_perm, sizeof *a), *b = sf_calloc(num_perm, sizeof *b), *sig = sf_calloc(num_perm, sizeof *sig);
  uint64_t seed = MH_SEED;
  size_t i, j, k, p;
  mh_u64s set = {NULL, 0, 0};
  int rc = SF_OK;
  if (!a || !b || !sig) { rc = SF_ENOMEM; goto end; }
  for (k = 0; k < num_perm; k++) {
    a[k] = mh_splitmix(&seed) | 1;
    b[k] = mh_splitmix(&seed);
  }
  for (i = 0; i < n; i++) {
    uint64_t whole = MH_SEED;
    if (!texts[i]) { res->left_out++; continue; }
    if ((rc = mh_shingle_set(texts[i], kind, norm, &set))) goto end;
    if (!set.n) { res->left_out++; continue; }
    res->used++;
    for (p = 0; p < set.n; p++) whole = mh_fmix(whole ^ set.v[p]);
    for (k = 0; k < num_perm; k++) { /* the least image of the set under permutation k */
      uint64_t least = UINT64_MAX, ak = a[k], bk = b[k];
      for (p = 0; p < set.n; p++) {
        uint64_t v = ak * set.v[p] + bk;
        least = v < least ? v : least;
      }
      sig[k] = least;
    }
    for (j = 0; j < res->bands; j++) {
      uint64_t key = mh_fmix(MH_SEED + j);
      for (k = j * res->rows; k < (j + 1) * res->rows; k++) key = mh_fmix(key ^ sig[k]) + 0x9e3779b97f4a7c15ULL;
      keys[i * res->bands + j] = key;
    }
    byset[*nset].key = whole;
    byset[(*nset)++].i = i;
  }
end:
  sf_free(a);
  sf_free(b);
  sf_free(sig);
  sf_free(set.v);
  return rc;
}

/* The classes: runs of one set hash (byset sorted by hash, then text). */
static int mh_make_classes(mh_keyed *byset, mh_keyed *tmp, size_t m, size_t n, mh_classes *cl) {
  size_t i, j;
  cl->of = sf_calloc(n + 1, sizeof *cl->of);
  cl->members = sf_calloc(m + 1, sizeof *cl->members);
  cl->start = sf_calloc(m + 1, sizeof *cl->start);
  if (!cl->of || !cl->members || !cl->start) return SF_ENOMEM;
  for (i = 0; i < n; i++) cl->of[i] = (size_t)-1;
  mh_sort_keyed(byset, tmp, m);
  for (i = 0; i < m; i = j) {
    cl->start[cl->n] = i;
    for (j = i; j < m && byset[j].key == byset[i].key; j++) {
      cl->members[j] = byset[j].i;
      cl->of[byset[j].i] = cl->n;
    }
    cl->n++;
  }
  cl->start[cl->n] = m;
  return SF_OK;
}

/* Candidates: pairs of classes whose first texts share a band's key; each kept
 * (both ways, in adj) when its exact Jaccard is >= threshold. */
static int mh_near_classes(const char *const *texts, const uint64_t *keys, mh_kind kind, double threshold, char *norm,
                           mh_keyed *tmp, mh_result *res, mh_classes *cl) {
  mh_keyed *bucket = sf_calloc(cl->n + 1, sizeof *bucket);
  mh_pair *cand = NULL, *edge = NULL;
  mh_u64s set = {NULL, 0, 0}, other = {NULL, 0, 0};
  size_t i, j, k, ncand = 0, capcand = 0, nedge = 0, capedge = 0;
  int rc = SF_OK;
  cl->astart = sf_calloc(cl->n + 2, sizeof *cl->astart);
  if (!bucket || !cl->astart) { rc = SF_ENOMEM; goto end; }
  for (j = 0; j < res->bands; j++) {
    for (i = 0; i < cl->n; i++) {
      bucket[i].key = keys[cl->members[cl->start[i]] * res->bands + j];
      bucket[i].i = i;
    }
    mh_sort_keyed(bucket, tmp, cl->n);
    for (i = 0; i < cl->n; i = k) {
      size_t x, y;
      for (k = i + 1; k < cl->n && bucket[k].key == bucket[i].key; k++) {}
      for (x = i; x < k; x++)
        for (y = x + 1; y < k; y++)
          if ((rc = mh_add(&cand, &ncand, &capcand, bucket[x].i, bucket[y].i, 0))) goto end;
    }
  }
  if (ncand) qsort(cand, ncand, sizeof *cand, mh_cmp_pair);
  for (i = j = 0; i < ncand; i++)
    if (!j || mh_cmp_pair(&cand[j - 1], &cand[i])) cand[j++] = cand[i];
  res->candidates = ncand = j;
  for (i = 0; i < ncand; i++) { /* by class a: a's set is made once */
    if ((!i || cand[i].a != cand[i - 1].a) &&
        (rc = mh_shingle_set(texts[cl->members[cl->start[cand[i].a]]], kind, norm, &set)))
      goto end;
    if ((rc = mh_shingle_set(texts[cl->members[cl->start[cand[i].b]]], kind, norm, &other))) goto end;
    cand[i].jaccard = mh_jaccard(&set, &other);
    if (cand[i].jaccard >= threshold) {
      if ((rc = mh_add(&edge, &nedge, &capedge, cand[i].a, cand[i].b, cand[i].jaccard)) ||
          (rc = mh_add(&edge, &nedge, &capedge, cand[i].b, cand[i].a, cand[i].jaccard)))
        goto end;
    }
  }
  /* adjacency: the edges by class, most similar first */
  for (i = 0; i < nedge; i++) cl->astart[edge[i].a + 2]++;
  for (i = 0; i < cl->n; i++) cl->astart[i + 2] += cl->astart[i + 1];
  if (!(cl->adj = sf_calloc(nedge + 1, sizeof *cl->adj))) { rc = SF_ENOMEM; goto end; }
  for (i = 0; i < nedge; i++) cl->adj[cl->astart[edge[i].a + 1]++] = edge[i];
  for (i = 0; i < cl->n; i++)
    if (cl->astart[i + 1] > cl->astart[i])
      qsort(cl->adj + cl->astart[i], cl->astart[i + 1] - cl->astart[i], sizeof *cl->adj, mh_cmp_similar);
end:
  sf_free(bucket);
  sf_free(cand);
  sf_free(edge);
  sf_free(set.v);
  sf_free(other.v);
  return rc;
}

/* Text t's k most similar other texts (Jaccard descending, then text ascending),
 * among its class and the classes near it, appended to res as pairs (a < b). */
static int mh_neighbours(const mh_classes *cl, size_t t, size_t k, const long *group, mh_pair **tmp, size_t *cap,
                         mh_result *res) {
  size_t c = cl->of[t], e, i, n = 0;
  for (e = cl->astart[c]; e <= cl->astart[c + 1]; e++) { /* its own class (Jaccard 1), then the near ones */
    size_t d = e < cl->astart[c + 1] ? cl->adj[e].b : c, taken = 0;
    double jac = e < cl->astart[c + 1] ? cl->adj[e].jaccard : 1;
    for (i = cl->start[d]; i < cl->start[d + 1] && taken < k; i++) {
      if (cl->members[i] == t) continue;
      if (mh_add(tmp, &n, cap, t, cl->members[i], jac)) return SF_ENOMEM;
      taken++;
    }
  }
  if (n) qsort(*tmp, n, sizeof **tmp, mh_cmp_similar);
  for (i = 0; i < n && i < k; i++) {
    size_t u = (*tmp)[i].b, a = t < u ? t : u, b = t < u ? u : t;
    if (group && group[t] >= 0 && group[t] == group[u]) continue; /* of one exact group: not near */
    if (mh_add(&res->v, &res->n, &res->cap, a, b, (*tmp)[i].jaccard)) return SF_ENOMEM;
  }
  return SF_OK;
}

/* The near pairs of texts[0..n) (NULL: missing): a pair is near when one text is
 * among the other's k most similar (ties to the lower index) and the exact Jaccard
 * of their shingle sets is >= threshold — among the candidates the LSH banding
 * (chosen with false-negative weight fn_weight) finds; pairs of one group >= 0 (group
 * may be NULL) are then dropped. Sorted by (a, b). Free res->v after, also after a
 * failure. */
static int mh_near(const char *const *texts, const long *group, size_t n, mh_kind kind, size_t num_perm,
                   double threshold, double fn_weight, size_t k, mh_result *res, sf_error *err) {
  uint64_t *keys = NULL;
  mh_keyed *byset = NULL, *tmp_keyed = NULL;
  mh_classes cl;
  mh_pair *tmp = NULL;
  char *norm = NULL;
  size_t i, j, m = 0, captmp = 0, longest = 0;
  int rc = SF_OK;
  memset(&cl, 0, sizeof cl);
  mh_optimal_bands(threshold, num_perm, fn_weight, &res->bands, &res->rows);
  if (res->bands && n > (size_t)-1 / sizeof *keys / res->bands) return sf_oom(err);
  for (i = 0; i < n; i++)
    if (texts[i] && strlen(texts[i]) > longest) longest = strlen(texts[i]);
  keys = sf_calloc(n * res->bands + 1, sizeof *keys);
  byset = sf_calloc(n + 1, sizeof *byset);
  tmp_keyed = sf_calloc(n + 1, sizeof *tmp_keyed);
  norm = longest < (size_t)-1 ? sf_malloc(longest + 1) : NULL; /* a text as compared */
  if (!keys || !byset || !tmp_keyed || !norm || mh_signatures(texts, n, kind, num_perm, norm, res, keys, byset, &m) ||
      mh_make_classes(byset, tmp_keyed, m, n, &cl) ||
      mh_near_classes(texts, keys, kind, threshold, norm, tmp_keyed, res, &cl)) {
    rc = sf_oom(err);
    goto end;
  }
  res->distinct = cl.n;
  for (i = 0; i < n; i++)
    if (cl.of[i] != (size_t)-1 && mh_neighbours(&cl, i, k, group, &tmp, &captmp, res)) { rc = sf_oom(err); goto end; }
  if (res->n) qsort(res->v, res->n, sizeof *res->v, mh_cmp_pair);
  for (i = j = 0; i < res->n; i++)
    if (!j || mh_cmp_pair(&res->v[j - 1], &res->v[i])) res->v[j++] = res->v[i];
  res->n = j;
end:
  sf_free(keys);
  sf_free(byset);
  sf_free(tmp_keyed);
  sf_free(norm);
  sf_free(tmp);
  sf_free(cl.of);
  sf_free(cl.members);
  sf_free(cl.start);
  sf_free(cl.adj);
  sf_free(cl.astart);
  return rc;
}

#endif
