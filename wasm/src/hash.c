/* hash.c — the content hash of a file: XXH64 with seed 0 (the xxHash
 * specification), fed in chunks of any size: a partial 32-byte stripe carries
 * over to the next chunk, so every chunking of the same bytes gives one hash. */
#include "internal.h"
#include <string.h>


#define XP1 0x9E3779B185EBCA87u
#define XP2 0xC2B2AE3D27D4EB4Fu
#define XP3 0x165667B19E3779F9u
#define XP4 0x85EBCA77C2B2AE63u
#define XP5 0x27D4EB2F165667C5u

static uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t read64(const uint8_t *p) { /* little-endian */
  return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
         (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static uint64_t xxh_round(uint64_t acc, uint64_t in) { return rotl64(acc + in * XP2, 31) * XP1; }

void sf_hash_init(sf_hash *hs) {
  hs->v[0] = XP1 + XP2;
  hs->v[1] = XP2;
  hs->v[2] = 0;
  hs->v[3] = 0 - XP1;
  hs->n = 0;
  hs->nbuf = 0;
}

/* Whole 32-byte stripes of p[0..n), n a multiple of 32. */
static void hash_stripes(sf_hash *hs, const uint8_t *p, size_t n) {
  uint64_t v0 = hs->v[0], v1 = hs->v[1], v2 = hs->v[2], v3 = hs->v[3];
  size_t i;
  for (i = 0; i < n; i += 32) {
    v0 = xxh_round(v0, read64(p + i));
    v1 = xxh_round(v1, read64(p + i + 8));
    v2 = xxh_round(v2, read64(p + i + 16));
    v3 = xxh_round(v3, read64(p + i + 24));
  }
  hs->v[0] = v0; hs->v[1] = v1; hs->v[2] = v2; hs->v[3] = v3;
}

void sf_hash_update(sf_hash *hs, const uint8_t *p, size_t n) {
  size_t whole;
  hs->n += n;
  if (hs->nbuf) {
    size_t take = 32 - hs->nbuf < n ? 32 - hs->nbuf : n;
    memcpy(hs->buf + hs->nbuf, p, take);
    hs->nbuf += take;
    p += take;
    n -= take;
    if (hs->nbuf < 32) return;
    hash_stripes(hs, hs->buf, 32);
    hs->nbuf = 0;
  }
  whole = n & ~(size_t)31;
  hash_stripes(hs, p, whole);
  if (n > whole) memcpy(hs->buf, p + whole, n - whole);
  hs->nbuf = n - whole;
}

static uint64_t xxh_merge(uint64_t h, uint64_t v) { return (h ^ xxh_round(0, v)) * XP1 + XP4; }

uint64_t sf_hash_final(const sf_hash *hs) {
  const uint64_t *v = hs->v;
  const uint8_t *p = hs->buf;
  size_t n = hs->nbuf;
  uint64_t h;
  if (hs->n >= 32) {
    h = rotl64(v[0], 1) + rotl64(v[1], 7) + rotl64(v[2], 12) + rotl64(v[3], 18);
    h = xxh_merge(xxh_merge(xxh_merge(xxh_merge(h, v[0]), v[1]), v[2]), v[3]);
  } else {
    h = XP5;
  }
  h += hs->n;
  for (; n >= 8; p += 8, n -= 8) h = rotl64(h ^ xxh_round(0, read64(p)), 27) * XP1 + XP4;
  if (n >= 4) {
    uint64_t w = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
    h = rotl64(h ^ w * XP1, 23) * XP2 + XP3;
    p += 4;
    n -= 4;
  }
  for (; n; p++, n--) h = rotl64(h ^ *p * XP5, 11) * XP1;
  h ^= h >> 33;
  h *= XP2;
  h ^= h >> 29;
  h *= XP3;
  h ^= h >> 32;
  return h;
}
