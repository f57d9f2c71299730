/* infer.c — typing raw columns over all their values (roles are in roles.c).
 *
 * Types: number when every non-missing value is a finite decimal number (a JSON
 * number, or CSV text strtod reads fully in the C locale, spaces around allowed);
 * bool when every one is true/false (any case; JSON true/false); otherwise text when
 * the values are mostly distinct (distinct > half the non-missing values) and either
 * many (distinct > 50) or long (mean length >= 40 bytes), else category. A column
 * with only missing values is a category. JSON values of mixed kinds widen to
 * category/text with numbers in shortest round-trip form.
 * A column that is none of number and bool is a vector when every non-missing
 * value is an array of finite numbers "[x, y, ...]" (a JSON array, or CSV text in
 * that syntax) and all have one length; anything else leaves it category/text. */
#include "internal.h"
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Missing in CSV: the empty field and exactly these tokens (the reference scripts
 * use the same list). */
int sf_is_missing_token(const char *s, size_t n) {
  switch (n) {
  case 0: return 1;
  case 2: return memcmp(s, "NA", 2) == 0;
  case 3: return memcmp(s, "N/A", 3) == 0 || memcmp(s, "NaN", 3) == 0 || memcmp(s, "nan", 3) == 0;
  case 4: return memcmp(s, "null", 4) == 0 || memcmp(s, "NULL", 4) == 0;
  default: return 0;
  }
}

/* 10^k is an exact double for k <= 22 (5^22 < 2^53). */
static const double pow10s[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Reads s[0..lim) as a number: spaces/tabs, then strtod's decimal grammar
 * [+-]? (D+ (. D*)? | . D+) ([eE] [+-]? D+)?, then spaces/tabs up to lim; hex, inf
 * and nan are not numbers, nor is an infinite value. Returns 1 when it is one.
 * The text never holds a NUL, so the end is read as one. The value is always
 * strtod's: when the significant digits form an integer m <= 2^53 (at most 19
 * digits) and the power of ten e is within +-22, m and 10^|e| are exact doubles and
 * one IEEE multiply or divide rounds correctly (Clinger's fast path), otherwise
 * strtod computes it (over a NUL-terminated copy when the text is short, else over s,
 * which is then NUL-terminated at lim).
 * *fmt (see sf_rawcol): the number of decimals when the text is exactly
 * -?(0|[1-9]D*)(.D+)? with at most 15 significant digits (so "%.*f" writes it back:
 * the double is within 2^-53 relative of the decimal, far inside half a unit of its
 * last place), else SF_FMT_TEXT. */
#define CH(p) ((p) < lim ? (unsigned)(uint8_t)*(p) : 0u)
/* The number that starts at s (no spaces before it), read up to lim at most: the
 * address after it, or NULL when there is none. With in_place, a long number that
 * strtod must read is read where it is (s is NUL-terminated past it, after spaces
 * at most); without, NULL is returned for it. *fmt as for a text that ends there. */
static uint64_t load_le64(const char *p) {
  const uint8_t *b = (const uint8_t *)p;
  return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24 |
         (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 | (uint64_t)b[7] << 56;
}

/* How many of the 8 bytes of w (the first in the low byte) are digits before the
 * first that is not. Input is UTF-8, so no byte is 0xFA or more and adding 6 to a
 * byte never carries into the next. */
static unsigned leading_digits(uint64_t w) {
  const uint64_t hi = 0xF0F0F0F0F0F0F0F0u, threes = 0x3030303030303030u, low7 = 0x7F7F7F7F7F7F7F7Fu;
  uint64_t nz = ((w & hi) ^ threes) | (((w + 0x0606060606060606u) & hi) ^ threes); /* 0 byte: a digit */
  uint64_t t = (nz | ((nz & low7) + low7)) & 0x8080808080808080u;
  return t ? (unsigned)__builtin_ctzll(t) >> 3 : 8;
}

/* The value of the k (1..7) digits at the start of w (the first the most
 * significant): shifted to the top as if after leading zeros, then pairs, then
 * fours, then the eight (the usual SWAR reduction). */
static uint64_t digits_value(uint64_t w, unsigned k) {
  uint64_t d = (w - 0x3030303030303030u) << (8 * (8 - k)); /* a borrow only reaches bytes past the digits */
  d = d * 10 + (d >> 8);
  return (((d & 0x000000FF000000FFu) * (100 + (1000000ull << 32))) +
          (((d >> 16) & 0x000000FF000000FFu) * (1 + (10000ull << 32)))) >> 32;
}

static const char *number_at(const char *s, const char *lim, double *out, int *fmt, int in_place) {
  const char *p = s, *end, *intd;
  uint64_t m = 0;
  long e10 = 0, ex = 0, fd = -1;
  int nd = 0, digits = 0, neg = 0, exact = 1, eneg = 0, canon;
  unsigned d;
  double v;
  if (lim - s >= 24) { /* the common short decimal, D{1,7}(.D{1,7})?, 8 bytes at a time */
    const char *q = s + (*s == '-');
    unsigned k = leading_digits(load_le64(q)), f;
    if (k && k < 8 && (*q != '0' || k == 1)) {
      uint64_t ip = digits_value(load_le64(q), k);
      q += k;
      if (*q == '.') {
        uint64_t w = load_le64(q + 1);
        f = leading_digits(w);
        if (f && f < 8 && (q[1 + f] | 0x20) != 'e') {
          /* at most 14 digits: m < 2^53 and 10^f exact, one division rounds right */
          v = (double)(ip * (uint64_t)pow10s[f] + digits_value(w, f)) / pow10s[f];
          *out = *s == '-' ? -v : v;
          *fmt = (int)f;
          return q + 1 + f;
        }
      } else if ((*q | 0x20) != 'e') {
        v = (double)ip;
        *out = *s == '-' ? -v : v;
        *fmt = 0;
        return q;
      }
    }
  }
  if (CH(p) == '-' || CH(p) == '+') neg = *p++ == '-';
  intd = p;
  for (; (d = CH(p) - '0') < 10; p++, digits++) {
    if (!m && !d) continue; /* leading zero */
    if (nd < 19) { m = m * 10 + d; nd++; }
    else { exact = 0; }
  }
  canon = CH(s) != '+' && p > intd && (p == intd + 1 || *intd != '0');
  if (CH(p) == '.') {
    for (p++, fd = 0; (d = CH(p) - '0') < 10; p++, digits++, fd++) {
      if (nd >= 19) { exact = 0; continue; }
      if (m || d) { m = m * 10 + d; nd++; }
      if (--e10 < -400) exact = 0;
    }
    canon = canon && fd > 0;
  }
  if (!digits) return NULL;
  if (CH(p) == 'e' || CH(p) == 'E') {
    const char *q = p + 1;
    if (CH(q) == '-' || CH(q) == '+') eneg = *q++ == '-';
    if (CH(q) - '0' >= 10) return NULL; /* strtod would stop before the 'e' */
    for (; (d = CH(q) - '0') < 10; q++) {
      if (ex < 100000) ex = ex * 10 + d;
      else exact = 0;
    }
    e10 += eneg ? -ex : ex;
    p = q;
    canon = 0;
  }
  end = p;
  *fmt = canon && nd <= 15 && fd <= SF_FMT_MAXSCALE ? (int)(fd < 0 ? 0 : fd) : SF_FMT_TEXT;
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
  if (exact && (!m || (m <= ((uint64_t)1 << 53) && e10 >= -22 && e10 <= 22))) {
    v = (double)m;
    if (!m) {}
    else if (e10 < 0) v /= pow10s[-e10];
    else if (e10 > 0) v *= pow10s[e10];
    *out = neg ? -v : v;
    return end;
  }
#endif
  *fmt = SF_FMT_TEXT;
  {
    char tmp[128], *e;
    size_t n = (size_t)(end - s);
    if (n < sizeof tmp) {
      memcpy(tmp, s, n);
      tmp[n] = 0;
      v = strtod(tmp, &e);
      if (e != tmp + n || !isfinite(v)) return NULL;
    } else {
      if (!in_place) return NULL;
      v = strtod(s, &e);
      if (e != end || !isfinite(v)) return NULL;
    }
  }
  *out = v;
  return end;
}

static int parse_num(const char *s, const char *lim, double *out, int *fmt) {
  const char *p = s, *end;
  while (CH(p) == ' ' || CH(p) == '\t') p++;
  if (!(end = number_at(p, lim, out, fmt, 1))) return 0;
  if (p != s || end != lim) *fmt = SF_FMT_TEXT; /* spaces around: not the format's text */
  for (p = end; CH(p) == ' ' || CH(p) == '\t';) p++;
  return p == lim;
}
#undef CH

const char *sf_number_at(const char *s, const char *lim, double *out, int *fmt) {
  return number_at(s, lim, out, fmt, 0);
}

int sf_number_text(const char *s, size_t len, double *out, int *fmt) { return parse_num(s, s + len, out, fmt); }

int sf_parse_number(const char *s, double *out) {
  int fmt;
  return parse_num(s, s + strlen(s), out, &fmt);
}

void sf_format_number(double v, char *buf, size_t cap) {
  int prec;
  for (prec = 15; prec <= 17; prec++) {
    snprintf(buf, cap, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) return;
  }
}

static int ieq_n(const char *s, size_t len, const char *lower) {
  size_t i;
  for (i = 0; i < len; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != lower[i]) return 0;
  }
  return lower[len] == 0;
}

int sf_bool_text(const char *s, size_t len, int *val) {
  if (len == 4 && ieq_n(s, len, "true")) { *val = 1; return 1; }
  if (len == 5 && ieq_n(s, len, "false")) { *val = 0; return 1; }
  return 0;
}

static int bool_text(const char *s, int *val) { return sf_bool_text(s, strlen(s), val); }

/* One number of a vector's text, from s up to the ',' or ']' that ends it. */
static const char *vector_number(const char *s, double *v) {
  char tok[400];
  size_t n = strcspn(s, ",]");
  if (!s[n] || n >= sizeof tok) return NULL;
  int fmt;
  memcpy(tok, s, n);
  tok[n] = 0;
  return parse_num(tok, tok + n, v, &fmt) ? s + n : NULL;
}

size_t sf_parse_vector(const char *s, double *out, size_t stride, size_t max) {
  size_t n = 0;
  double v;
  while (*s == ' ' || *s == '\t') s++;
  if (*s++ != '[') return 0;
  for (;;) {
    if (!(s = vector_number(s, &v))) return 0;
    if (out) {
      if (n == max) return 0;
      out[n * stride] = v;
    }
    n++;
    if (*s++ == ']') break;
  }
  while (*s == ' ' || *s == '\t') s++;
  return *s ? 0 : n;
}

int sf_check_forced(sf_rawcol *c, const char *s, int kind, long line, long col, sf_error *err) {
  double v;
  int b;
  size_t dim;
  if (c->forced_type == SF_NUMBER && kind != SF_RAW_BOOL && sf_parse_number(s, &v)) return SF_OK;
  if (c->forced_type == SF_BOOL && bool_text(s, &b)) return SF_OK;
  if (c->forced_type == SF_CATEGORY || c->forced_type == SF_TEXT) return SF_OK;
  if (c->forced_type == SF_VECTOR) {
    if (!(dim = sf_parse_vector(s, NULL, 0, 0)))
      return sf_fail(err, SF_EINPUT, line, col, "'%.60s' is not a vector (an array of numbers) in column '%s'", s, c->name);
    if (c->forced_dim && dim != c->forced_dim)
      return sf_fail(err, SF_EINPUT, line, col, "'%.60s' holds %zu numbers where column '%s' has %zu", s, dim, c->name,
                     c->forced_dim);
    c->forced_dim = dim;
    return SF_OK;
  }
  return sf_fail(err, SF_EINPUT, line, col, "'%.60s' is not a %s in column '%s'", s,
                 c->forced_type == SF_NUMBER ? "number" : "bool (true or false)", c->name);
}

/* ---- typing ----
 * The decision over a column's values, made from what streaming kept (rawcols.c):
 * a column still in SF_MODE_NUM saw only numbers and missing values; in
 * SF_MODE_CODES its distinct texts, their counts and whether all were bools. */

/* The array p of cap elements of `size` cut to nrows (at least 1, allocated when
 * there is none); a failed cut keeps it whole, NULL only when none could be had. */
static void *fit_rows(void *p, size_t cap, size_t nrows, size_t size) {
  void *q;
  if (!nrows) nrows = 1;
  if (p && nrows >= cap) return p;
  q = sf_realloc_array(p, nrows, size);
  return q ? q : p;
}

/* A number column of every row: the values as read (NaN = missing). */
static int adopt_numbers(sf_rawcol *r, size_t nrows, sf_table *t, sf_error *err) {
  double *num = fit_rows(r->num, r->caprows, nrows, sizeof *num);
  r->num = NULL; /* the table owns it now (or freed it) */
  return sf_table_adopt_column(t, r->name, SF_NUMBER, nrows, num, NULL, nrows - r->nonmiss, NULL, err);
}

/* The column as a vector (see sf_column) when every distinct text is one of a
 * single length (the first's): 1 in *added with the column added to t, 0 when it
 * is not one (nothing added). */
static int build_vector(sf_rawcol *r, size_t nrows, sf_table *t, int *added, sf_error *err) {
  size_t i, a, dim, k;
  double *num = NULL;
  sf_column *c;
  int rc;
  *added = 0;
  if (!r->dict.n || !(dim = sf_parse_vector(r->dict.strs[0], NULL, 0, 0))) return SF_OK;
  for (k = 1; k < r->dict.n; k++)
    if (sf_parse_vector(r->dict.strs[k], NULL, 0, 0) != dim) {
      if (r->forced)
        return sf_fail(err, SF_EINPUT, 0, 0, "'%.60s' is not a vector of %zu numbers in column '%s'", r->dict.strs[k], dim, r->name);
      return SF_OK;
    }
  if (nrows > SIZE_MAX / sizeof *num / dim || !(num = sf_realloc_array(NULL, nrows * dim, sizeof *num)))
    return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory typing column '%s'", r->name);
  for (i = 0; i < nrows; i++) {
    if (r->codes[i] < 0) {
      for (a = 0; a < dim; a++) num[a * nrows + i] = NAN;
    } else {
      sf_parse_vector(r->dict.strs[r->codes[i]], num + i, nrows, dim);
    }
  }
  if ((rc = sf_table_adopt_column(t, r->name, SF_VECTOR, nrows, num, NULL, nrows - r->nonmiss, &c, err))) return rc;
  c->dim = dim;
  c->nrows = nrows;
  *added = 1;
  return SF_OK;
}

static int build_column(sf_rawcol *r, size_t nrows, sf_table *t, sf_error *err) {
  sf_type type;
  sf_column *c;
  size_t i;
  double *num;
  int32_t *codes;
  int rc = SF_OK, b;
  if (r->mode == SF_MODE_NUM && (r->forced || r->nonmiss)) return adopt_numbers(r, nrows, t, err);
  if (r->mode == SF_MODE_NUM) { /* only missing values: a category */
    sf_free(r->num);
    sf_free(r->fmt);
    r->num = NULL;
    r->fmt = NULL;
    if (!(codes = sf_realloc_array(NULL, nrows ? nrows : 1, sizeof *codes))) goto oom;
    for (i = 0; i < nrows; i++) codes[i] = -1;
    return sf_table_adopt_column(t, r->name, SF_CATEGORY, nrows, NULL, codes, nrows, NULL, err);
  }
  type = r->forced ? r->forced_type : r->boolish ? SF_BOOL : SF_CATEGORY;
  if (type == SF_CATEGORY || type == SF_VECTOR) {
    int added = 0;
    if (!r->forced || type == SF_VECTOR) {
      if ((rc = build_vector(r, nrows, t, &added, err))) return rc;
      if (added) return SF_OK;
    }
    if (type == SF_VECTOR) { /* forced, and every value missing */
      if (!(num = sf_realloc_array(NULL, nrows ? nrows : 1, sizeof *num))) goto oom;
      for (i = 0; i < nrows; i++) num[i] = NAN;
      rc = sf_table_adopt_column(t, r->name, SF_VECTOR, nrows, num, NULL, nrows, &c, err);
      if (!rc) { c->dim = 1; c->nrows = nrows; }
      return rc;
    }
  }
  codes = fit_rows(r->codes, r->caprows, nrows, sizeof *codes);
  r->codes = NULL; /* the table owns it now (or freed it) */
  if (!codes) goto oom;
  if (type == SF_BOOL) { /* each distinct text to its value */
    for (i = 0; i < nrows; i++) {
      if (codes[i] < 0) continue;
      if (!bool_text(r->dict.strs[codes[i]], &b)) {
        rc = sf_fail(err, SF_EINPUT, 0, 0, "'%.60s' is not a bool in column '%s'", r->dict.strs[codes[i]], r->name);
        sf_free(codes);
        return rc;
      }
      codes[i] = b;
    }
  }
  rc = sf_table_adopt_column(t, r->name, type == SF_TEXT ? SF_CATEGORY : type, nrows, NULL, codes, nrows - r->nonmiss, &c, err);
  if (rc || type == SF_BOOL) return rc;
  c->dict = r->dict; /* the distinct texts in order of first appearance, as the codes */
  memset(&r->dict, 0, sizeof r->dict);
  if (type == SF_TEXT) c->type = SF_TEXT;
  else if (type == SF_CATEGORY && !r->forced && c->dict.n * 2 > r->nonmiss &&
           (c->dict.n > 50 || r->total >= 40 * r->nonmiss))
    c->type = SF_TEXT;
  return SF_OK;
oom:
  return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory typing column '%s'", r->name);
}

int sf_infer_table(sf_rawcols *rc, sf_table *t, sf_error *err) {
  size_t k;
  for (k = 0; k < rc->ncols; k++) {
    sf_rawcol *r = &rc->cols[k];
    int code = build_column(r, rc->nrows, t, err);
    if (code) return code;
    sf_rawcol_free_buf(r);
  }
  t->nrows = rc->nrows;
  return SF_OK;
}
