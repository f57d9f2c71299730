/* colindex.c — indexes over a loaded table's columns, built on first use and
 * kept with the table (freed with it), so that a kernel run per brush costs one
 * pass over the rows instead of a sort (as Falcon and Mosaic keep per-column
 * indexes to answer a brush in tens of milliseconds).
 *
 * A numeric column gets one of two indexes, each giving the selected values in
 * exactly sf_sort_doubles' order (by the doubles' bits: -0 before 0), the very
 * sequence a kernel's plain path (copy, then sf_sort_doubles) makes, so every
 * number is the same:
 * - few distinct values (at most RANKS_MAX): its ranks, each row's value as its
 *   place among the distinct values, so a kernel counts the selected rows per rank
 *   in one sequential pass and reads the values off in order (a counting sort);
 * - many: its order, the rows of its non-missing values ascending (ties in row
 *   order), which a kernel walks keeping the selected rows.
 * An index is only a faster road: when one cannot be built (out of memory, more
 * than 2^32 - 1 rows) the getter returns NULL and the kernel takes its plain path.
 *
 * The holder belongs to one table (its owner); a view's table made by a
 * threshold shares its file's holder (sf_colindex_attach), and its own derived
 * column, absent from the holder, has no index. */
#include "internal.h"
#include <math.h>
#include <string.h>

#define DIGIT_BITS 11
#define BUCKETS (1u << DIGIT_BITS)
#define PASSES 6 /* ceil(64 / 11) */
/* At most this many distinct values: ranks (their counts fit a core's cache). */
#define RANKS_MAX 65536

typedef struct colindex_entry {
  const double *num;   /* the column's values this index was built from */
  uint32_t *rows;      /* the order, or NULL */
  size_t n;            /* non-missing values */
  sf_column_ranks ranks; /* ranks.rank NULL: none */
  int built, failed;   /* failed: could not be built, never tried again */
} colindex_entry;

struct sf_colindex {
  const sf_table *owner;
  size_t ncols;        /* the owner's columns when the holder was made */
  colindex_entry *e;
};

static int mode = SF_INDEX_AUTO; /* a test hook */

void sf_colindex_mode(int m) { mode = m; }


/* The non-missing rows of num[0..nrows) in ascending key order, stably: an LSD
 * radix sort on 11-bit digits carrying 32-bit rows (sort.c's, with rows instead of
 * positions). *out (n entries) and *keys_out (their keys, sorted) are the caller's
 * to free. */
static int build_order(const double *num, size_t nrows, uint32_t **out, uint64_t **keys_out, size_t *nout) {
  uint64_t *a = NULL, *b = NULL, *src, *dst;
  uint32_t *ia = NULL, *ib = NULL, *isrc, *idst;
  size_t (*count)[BUCKETS] = NULL, i, n = 0;
  int p, rc = SF_ENOMEM;
  for (i = 0; i < nrows; i++) n += !isnan(num[i]);
  a = sf_malloc(n ? n * sizeof *a : 1);
  b = sf_malloc(n ? n * sizeof *b : 1);
  ia = sf_malloc(n ? n * sizeof *ia : 1);
  ib = sf_malloc(n ? n * sizeof *ib : 1);
  count = sf_calloc(PASSES, sizeof *count);
  if (!a || !b || !ia || !ib || !count) goto end;
  for (i = 0, n = 0; i < nrows; i++)
    if (!isnan(num[i])) {
      a[n] = sf_order_key(num[i]);
      ia[n++] = (uint32_t)i;
    }
  for (i = 0; i < n; i++)
    for (p = 0; p < PASSES; p++) count[p][(a[i] >> (p * DIGIT_BITS)) & (BUCKETS - 1)]++;
  src = a, dst = b, isrc = ia, idst = ib;
  for (p = 0; p < PASSES && n > 1; p++) {
    size_t sum = 0, j, *c = count[p];
    int shift = p * DIGIT_BITS;
    if (c[(src[0] >> shift) & (BUCKETS - 1)] == n) continue; /* every key has this digit */
    for (j = 0; j < BUCKETS; j++) {
      size_t x = c[j];
      c[j] = sum;
      sum += x;
    }
    for (i = 0; i < n; i++) {
      size_t at = c[(src[i] >> shift) & (BUCKETS - 1)]++;
      dst[at] = src[i];
      idst[at] = isrc[i];
    }
    { uint64_t *t = src; src = dst; dst = t; }
    { uint32_t *t = isrc; isrc = idst; idst = t; }
  }
  *out = isrc; /* the sorted rows and keys: keep those buffers, free the others */
  *keys_out = src;
  *nout = n;
  if (isrc == ia) ia = NULL;
  else ib = NULL;
  if (src == a) a = NULL;
  else b = NULL;
  rc = SF_OK;
end:
  sf_free(a);
  sf_free(b);
  sf_free(ia);
  sf_free(ib);
  sf_free(count);
  return rc;
}

/* With few distinct values, turn e's order (keys: its values' keys) into ranks (the order is freed). */
static int to_ranks(colindex_entry *e, const uint64_t *keys, size_t nrows) {
  size_t i, d = 0;
  uint32_t *rank;
  double *values;
  for (i = 0; i < e->n && d <= RANKS_MAX; i++) d += i == 0 || keys[i] != keys[i - 1];
  if (d > RANKS_MAX || mode == SF_INDEX_ORDERS) return SF_OK; /* many values: keep the order */
  rank = sf_calloc(nrows ? nrows : 1, sizeof *rank); /* 0: missing */
  values = sf_malloc(d ? d * sizeof *values : 1);
  if (!rank || !values) {
    sf_free(rank);
    sf_free(values);
    return SF_ENOMEM;
  }
  for (i = 0, d = 0; i < e->n; i++) {
    if (i == 0 || keys[i] != keys[i - 1]) values[d++] = sf_key_double(keys[i]);
    rank[e->rows[i]] = (uint32_t)d;
  }
  sf_free(e->rows);
  e->rows = NULL;
  e->ranks.rank = rank;
  e->ranks.values = values;
  e->ranks.nvalues = d;
  return SF_OK;
}

/* The table's holder, made when missing; NULL when out of memory. */
static sf_colindex *holder(const sf_table *t) {
  sf_colindex *ix = t->indexes;
  if (ix) return ix;
  if (!(ix = sf_calloc(1, sizeof *ix)) || !(ix->e = sf_calloc(t->ncols ? t->ncols : 1, sizeof *ix->e))) {
    sf_free(ix);
    return NULL;
  }
  ix->owner = t;
  ix->ncols = t->ncols;
  ((sf_table *)t)->indexes = ix; /* a cache: the table's values never change */
  return ix;
}

void sf_colindex_attach(const sf_table *t) { (void)holder(t); }

void sf_colindex_release(sf_table *t) {
  sf_colindex *ix = t ? t->indexes : NULL;
  size_t i;
  if (!ix) return;
  t->indexes = NULL;
  if (ix->owner != t) return; /* shared from the file's table */
  for (i = 0; i < ix->ncols; i++) {
    sf_free(ix->e[i].rows);
    sf_free((void *)ix->e[i].ranks.rank);
    sf_free((void *)ix->e[i].ranks.values);
  }
  sf_free(ix->e);
  sf_free(ix);
}

/* Column col's index, built on first use; NULL when there is none. */
static colindex_entry *entry(const sf_table *t, int col) {
  const sf_column *c;
  colindex_entry *en;
  sf_colindex *ix;
  if (mode == SF_INDEX_NONE || col < 0 || (size_t)col >= t->ncols || t->nrows >= UINT32_MAX) return NULL;
  c = &t->cols[col];
  if (c->type != SF_NUMBER || !c->num || !(ix = holder(t))) return NULL;
  if ((size_t)col >= ix->ncols || (ix->e[col].num && ix->e[col].num != c->num)) return NULL;
  en = &ix->e[col];
  if (!en->built && !en->failed) {
    uint64_t *keys = NULL;
    en->num = c->num;
    if (build_order(c->num, t->nrows, &en->rows, &keys, &en->n) || to_ranks(en, keys, t->nrows)) {
      sf_free(en->rows);
      en->rows = NULL;
      en->failed = 1;
    } else {
      en->built = 1;
    }
    sf_free(keys);
  }
  return en->built ? en : NULL;
}

const uint32_t *sf_column_order(const sf_table *t, int col, size_t *n) {
  colindex_entry *en = entry(t, col);
  *n = en && en->rows ? en->n : 0;
  return en ? en->rows : NULL;
}

const sf_column_ranks *sf_column_ranks_of(const sf_table *t, int col) {
  colindex_entry *en = entry(t, col);
  return en && en->ranks.rank ? &en->ranks : NULL;
}
