/* bitmap.c — row sets: one bit per row, bits past nbits always zero. */
#include "internal.h"
#include <string.h>

static size_t nwords(size_t nbits) { return nbits / 64 + (nbits % 64 != 0); }

static void trim(sf_bitmap *b) {
  if (b->nbits % 64) b->words[b->nbits / 64] &= ((uint64_t)1 << (b->nbits % 64)) - 1;
}

int sf_bitmap_init(sf_bitmap *b, size_t nbits, int fill, sf_error *err) {
  size_t n = nwords(nbits);
  b->nbits = nbits;
  b->words = sf_calloc(n ? n : 1, sizeof(uint64_t));
  if (!b->words) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory for a selection of %zu rows", nbits);
  if (fill) {
    memset(b->words, 0xff, n * sizeof(uint64_t));
    trim(b);
  }
  return SF_OK;
}

void sf_bitmap_free(sf_bitmap *b) {
  sf_free(b->words);
  b->words = NULL;
  b->nbits = 0;
}

size_t sf_bitmap_count(const sf_bitmap *b) {
  size_t i, n = nwords(b->nbits), c = 0;
  for (i = 0; i < n; i++) c += (size_t)__builtin_popcountll(b->words[i]);
  return c;
}

void sf_bitmap_and(sf_bitmap *dst, const sf_bitmap *src) {
  size_t i, n = nwords(dst->nbits);
  for (i = 0; i < n; i++) dst->words[i] &= src->words[i];
}

void sf_bitmap_or(sf_bitmap *dst, const sf_bitmap *src) {
  size_t i, n = nwords(dst->nbits);
  for (i = 0; i < n; i++) dst->words[i] |= src->words[i];
}

void sf_bitmap_not(sf_bitmap *b) {
  size_t i, n = nwords(b->nbits);
  for (i = 0; i < n; i++) b->words[i] = ~b->words[i];
  trim(b);
}
