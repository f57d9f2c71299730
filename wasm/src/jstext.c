/* jstext.c — text written exactly as web/validate.js writes it, so the engine
 * and the page give byte-identical messages: String(number), JSON.stringify of a
 * string, join() of a path, a string's length in UTF-16 code units, and the order
 * Object.keys() gives an object's members. */
#include "internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* String(v): the shortest digits that read back as v, laid out by
 * ECMAScript's Number::toString (plain from 1e-6 up to 1e21, else exponent). */
void sf_js_number(double v, char *buf, size_t cap) {
  char tmp[40], digits[24];
  int lo = 1, hi = 17, exp10, k = 0, n, i;
  const char *p;
  size_t len = 0;
  if (v == 0) { snprintf(buf, cap, "0"); return; }
  if (v > -9007199254740992.0 && v < 9007199254740992.0 && v == (double)(long long)v) {
    /* an integer below 2^53: its own digits are the shortest (a printf of a double
     * is slow in WebAssembly, and results are mostly counts) */
    unsigned long long u = (unsigned long long)(v < 0 ? -v : v);
    if (v < 0) tmp[k++] = '-';
    snprintf(tmp + k, sizeof tmp - (size_t)k, "%llu", u);
    k = 0;
    for (n = v < 0; tmp[n]; n++) digits[k++] = tmp[n];
    exp10 = k - 1;
    while (k > 1 && digits[k - 1] == '0') k--;
    digits[k] = 0;
    if (v < 0 && len + 1 < cap) buf[len++] = '-';
  } else {
    /* The fewest digits that read back as v, by halving 1..17 (17 always do): if p
     * digits read back, so do more, the nearest longer decimal being no farther. */
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      snprintf(tmp, sizeof tmp, "%.*e", mid - 1, v);
      if (strtod(tmp, NULL) == v) hi = mid;
      else lo = mid + 1;
    }
    snprintf(tmp, sizeof tmp, "%.*e", lo - 1, v);
    p = tmp;
    if (*p == '-') { if (len + 1 < cap) buf[len++] = '-'; p++; }
    for (; *p && *p != 'e'; p++)
      if (*p >= '0' && *p <= '9') digits[k++] = *p;
    while (k > 1 && digits[k - 1] == '0') k--;
    digits[k] = 0;
    exp10 = atoi(p + 1);
  }
  n = exp10 + 1; /* the decimal point sits after n digits */
#define PUT(c) do { if (len + 1 < cap) buf[len++] = (c); } while (0)
  if (k <= n && n <= 21) {
    for (i = 0; i < k; i++) PUT(digits[i]);
    for (i = k; i < n; i++) PUT('0');
  } else if (0 < n && n <= 21) {
    for (i = 0; i < k; i++) { if (i == n) PUT('.'); PUT(digits[i]); }
  } else if (-6 < n && n <= 0) {
    PUT('0'); PUT('.');
    for (i = 0; i < -n; i++) PUT('0');
    for (i = 0; i < k; i++) PUT(digits[i]);
  } else {
    char e[16];
    PUT(digits[0]);
    if (k > 1) PUT('.');
    for (i = 1; i < k; i++) PUT(digits[i]);
    snprintf(e, sizeof e, "e%c%d", n - 1 < 0 ? '-' : '+', n - 1 < 0 ? 1 - n : n - 1);
    for (i = 0; e[i]; i++) PUT(e[i]);
  }
#undef PUT
  if (cap) buf[len < cap ? len : cap - 1] = 0;
}

size_t sf_js_quote(char *buf, size_t len, size_t cap, const char *s) {
  char esc[8];
#define ADD(str) do { const char *a_ = (str); for (; *a_; a_++) if (len + 1 < cap) buf[len++] = *a_; } while (0)
  ADD("\"");
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"') ADD("\\\"");
    else if (c == '\\') ADD("\\\\");
    else if (c == '\b') ADD("\\b");
    else if (c == '\f') ADD("\\f");
    else if (c == '\n') ADD("\\n");
    else if (c == '\r') ADD("\\r");
    else if (c == '\t') ADD("\\t");
    else if (c < 0x20) { snprintf(esc, sizeof esc, "\\u%04x", c); ADD(esc); }
    else { esc[0] = (char)c; esc[1] = 0; ADD(esc); }
  }
  ADD("\"");
#undef ADD
  if (cap) buf[len < cap ? len : cap - 1] = 0;
  return len;
}

/* A key written bare in a path: [A-Za-z_][A-Za-z0-9_-]* */
static int bare(const char *k) {
  const char *p = k;
  if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_')) return 0;
  for (p++; *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
          *p == '-'))
      return 0;
  return 1;
}

void sf_js_join(char *buf, size_t cap, const char *path, const char *key, size_t index) {
  size_t len;
  if (!cap) return;
  if (!key) { snprintf(buf, cap, "%s[%zu]", path, index); return; }
  len = (size_t)snprintf(buf, cap, "%s%s", path, *path ? "." : "");
  if (len >= cap) return;
  if (bare(key)) snprintf(buf + len, cap - len, "%s", key);
  else sf_js_quote(buf, len, cap, key);
}

size_t sf_js_length(const char *s) {
  size_t n = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c & 0xC0) == 0x80) continue;  /* a continuation byte */
    n += c >= 0xF0 ? 2 : 1;            /* beyond the BMP: a surrogate pair */
  }
  return n;
}

/* An array index key: "0" or [1-9][0-9]* below 2^32 - 1. */
static int index_key(const char *k, double *v) {
  const char *p = k;
  if (!*p || (*p == '0' && p[1]) || strlen(k) > 10) return 0;
  for (; *p; p++)
    if (*p < '0' || *p > '9') return 0;
  *v = strtod(k, NULL);
  return *v < 4294967295.0;
}

typedef struct { double v; size_t at; } idx_item;
static int cmp_idx(const void *a, const void *b) {
  double x = ((const idx_item *)a)->v, y = ((const idx_item *)b)->v;
  return (x > y) - (x < y);
}

int sf_js_members(const cJSON *obj, const cJSON ***out, size_t *n, sf_error *err) {
  const cJSON *it;
  size_t count = 0, k = 0, i = 0, nidx = 0;
  idx_item *idx = NULL;
  int rc = SF_OK;
  for (it = obj->child; it; it = it->next) count++;
  *n = 0;
  *out = sf_calloc(count, sizeof **out);
  idx = sf_calloc(count, sizeof *idx);
  if (!*out || !idx) { rc = sf_oom(err); goto end; }
  for (it = obj->child, i = 0; it; it = it->next, i++) {
    double v;
    if (index_key(it->string, &v)) { idx[nidx].v = v; idx[nidx++].at = i; }
  }
  qsort(idx, nidx, sizeof *idx, cmp_idx);
  for (i = 0; i < nidx; i++) (*out)[k++] = cJSON_GetArrayItem(obj, (int)idx[i].at);
  for (it = obj->child; it; it = it->next) {
    double v;
    if (!index_key(it->string, &v)) (*out)[k++] = it;
  }
  *n = count;
end:
  sf_free(idx);
  if (rc) { sf_free((void *)*out); *out = NULL; }
  return rc;
}
