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

/* Reads s as a number: spaces/tabs, then strtod's decimal grammar
 * [+-]? (D+ (. D*)? | . D+) ([eE] [+-]? D+)?, then spaces/tabs up to the NUL; hex,
 * inf and nan are not numbers, nor is an infinite value. Returns the address of
 * the NUL (so callers need no strlen), or NULL when s is not a number.
 * The value is always strtod's: when the significant digits form an integer
 * m <= 2^53 (at most 19 digits) and the power of ten e is within +-22, m and 10^|e|
 * are exact doubles and one IEEE multiply or divide rounds correctly (Clinger's
 * fast path), otherwise strtod computes it. */
static const char *parse_number(const char *s, double *out) {
  const char *p = s, *num, *end;
  uint64_t m = 0;
  long e10 = 0, ex = 0;
  int nd = 0, digits = 0, neg = 0, exact = 1, eneg = 0;
  unsigned d;
  double v;
  while (*p == ' ' || *p == '\t') p++;
  num = p;
  if (*p == '-' || *p == '+') neg = *p++ == '-';
  for (; (d = (unsigned)(uint8_t)*p - '0') < 10; p++, digits++) {
    if (!m && !d) continue; /* leading zero */
    if (nd < 19) { m = m * 10 + d; nd++; }
    else { exact = 0; }
  }
  if (*p == '.') {
    for (p++; (d = (unsigned)(uint8_t)*p - '0') < 10; p++, digits++) {
      if (nd >= 19) { exact = 0; continue; }
      if (m || d) { m = m * 10 + d; nd++; }
      if (--e10 < -400) exact = 0;
    }
  }
  if (!digits) return NULL;
  if (*p == 'e' || *p == 'E') {
    const char *q = p + 1;
    if (*q == '-' || *q == '+') eneg = *q++ == '-';
    if ((unsigned)(uint8_t)*q - '0' >= 10) return NULL; /* strtod would stop before the 'e' */
    for (; (d = (unsigned)(uint8_t)*q - '0') < 10; q++) {
      if (ex < 100000) ex = ex * 10 + d;
      else exact = 0;
    }
    e10 += eneg ? -ex : ex;
    p = q;
  }
  end = p;
  while (*p == ' ' || *p == '\t') p++;
  if (*p) return NULL;
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
  if (exact && (!m || (m <= ((uint64_t)1 << 53) && e10 >= -22 && e10 <= 22))) {
    v = (double)m;
    if (!m) {}
    else if (e10 < 0) v /= pow10s[-e10];
    else if (e10 > 0) v *= pow10s[e10];
    *out = neg ? -v : v;
    return p;
  }
#endif
  {
    char *e;
    v = strtod(num, &e);
    if (e != end || !isfinite(v)) return NULL;
  }
  *out = v;
  return p;
}

int sf_parse_number(const char *s, double *out) { return parse_number(s, out) != NULL; }

void sf_format_number(double v, char *buf, size_t cap) {
  int prec;
  for (prec = 15; prec <= 17; prec++) {
    snprintf(buf, cap, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) return;
  }
}

static int bool_text(const char *s, int *val) {
  if (sf_ieq(s, "true")) { *val = 1; return 1; }
  if (sf_ieq(s, "false")) { *val = 0; return 1; }
  return 0;
}

/* One number of a vector's text, from s up to the ',' or ']' that ends it. */
static const char *vector_number(const char *s, double *v) {
  char tok[400];
  size_t n = strcspn(s, ",]");
  if (!s[n] || n >= sizeof tok) return NULL;
  memcpy(tok, s, n);
  tok[n] = 0;
  return parse_number(tok, v) ? s + n : NULL;
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

/* ---- typing ---- */

/* A reading position in a raw column's stream (see internal.h). */
typedef struct rawcur {
  const sf_rawcol *r;
  const char *p;
  size_t blk;       /* index of p's block; nblocks is the current block */
} rawcur;

static void cur_init(rawcur *c, const sf_rawcol *r) {
  c->r = r;
  c->blk = 0;
  c->p = r->nblocks ? r->blocks[0] : r->buf;
}

/* The lead byte of the next value, after stepping over block ends. */
static uint8_t cur_lead(rawcur *c) {
  uint8_t b;
  while ((b = (uint8_t)*c->p) == SF_RAW_BLOCK_END) {
    c->blk++;
    c->p = c->blk < c->r->nblocks ? c->r->blocks[c->blk] : c->r->buf;
  }
  return b;
}

/* The next value: NULL when missing; sets *kind and *len and moves past it. */
static const char *next_value(rawcur *cur, int *kind, size_t *len) {
  uint8_t b = cur_lead(cur);
  const char *p = cur->p;
  if (b == SF_RAW_MISSING_BYTE) {
    cur->p = p + 1;
    *kind = SF_RAW_MISSING;
    return NULL;
  }
  *kind = SF_RAW_TEXT;
  if (b >= 0xFC) { *kind = b - 0xFC + SF_RAW_NUMBER; p++; }
  *len = strlen(p);
  cur->p = p + *len + 1;
  return p;
}

/* The inferred type. For a number column every row of num is set on the way (NaN
 * when missing) and *nonmiss is its count of values; otherwise num is garbage. */
static sf_type infer_type(const sf_rawcol *r, size_t nrows, double *num, size_t *nonmiss) {
  rawcur cur;
  const char *s, *e;
  size_t i, n = 0;
  int num_ok = 1, bool_ok = 1, b, k;
  cur_init(&cur, r);
  for (i = 0; i < nrows && (num_ok || bool_ok); i++) {
    uint8_t lead = (uint8_t)*cur.p;
    if (lead == SF_RAW_BLOCK_END) lead = cur_lead(&cur);
    if (lead == SF_RAW_MISSING_BYTE) { num[i] = NAN; cur.p++; continue; }
    n++;
    s = cur.p;
    k = SF_RAW_TEXT;
    if (lead >= 0xFC) { k = lead - 0xFC + SF_RAW_NUMBER; s++; }
    /* a number is never a bool: past the first value only one check goes on */
    if (num_ok && (k == SF_RAW_NUMBER || k == SF_RAW_TEXT) && (e = parse_number(s, &num[i]))) {
      bool_ok = 0;
      cur.p = e + 1;
      continue;
    }
    num_ok = 0;
    if (bool_ok && !(k == SF_RAW_BOOL || (k == SF_RAW_TEXT && bool_text(s, &b)))) bool_ok = 0;
    cur.p = s + strlen(s) + 1;
  }
  *nonmiss = n;
  return !n ? SF_CATEGORY : num_ok ? SF_NUMBER : bool_ok ? SF_BOOL : SF_CATEGORY;
}

/* Forced number: every value was checked while streaming. */
static int parse_forced_numbers(const sf_rawcol *r, size_t nrows, double *num, size_t *nonmiss, sf_error *err) {
  rawcur cur;
  const char *s;
  size_t i, n = 0, len;
  int k;
  cur_init(&cur, r);
  for (i = 0; i < nrows; i++) {
    if (!(s = next_value(&cur, &k, &len))) { num[i] = NAN; continue; }
    n++;
    if (!parse_number(s, &num[i]))
      return sf_fail(err, SF_EINPUT, 0, 0, "'%.60s' is not a number in column '%s'", s, r->name);
  }
  *nonmiss = n;
  return SF_OK;
}

/* The column as a vector (see sf_column) when every non-missing value is one of a
 * single length: 1 with *out added to t, 0 when it is not one (nothing added). */
static int build_vector(const sf_rawcol *r, size_t nrows, sf_table *t, int *added, sf_error *err) {
  rawcur cur;
  const char *s;
  size_t i, a, dim = 0, missing = 0, len;
  double *num = NULL;
  sf_column *c;
  int k, rc;
  *added = 0;
  cur_init(&cur, r);
  for (i = 0; i < nrows && !dim; i++) /* the length: the first value's */
    if ((s = next_value(&cur, &k, &len)) && !(dim = sf_parse_vector(s, NULL, 0, 0))) return SF_OK;
  if (!dim) return SF_OK;
  if (nrows > SIZE_MAX / sizeof *num / dim || !(num = sf_realloc_array(NULL, nrows * dim, sizeof *num)))
    return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory typing column '%s'", r->name);
  cur_init(&cur, r);
  for (i = 0; i < nrows; i++) {
    if (!(s = next_value(&cur, &k, &len))) {
      for (a = 0; a < dim; a++) num[a * nrows + i] = NAN;
      missing++;
    } else if (sf_parse_vector(s, num + i, nrows, dim) != dim) {
      sf_free(num); /* not one length, or not numbers: not a vector */
      return r->forced ? sf_fail(err, SF_EINPUT, 0, 0, "'%.60s' is not a vector of %zu numbers in column '%s'", s, dim, r->name)
                       : SF_OK;
    }
  }
  if ((rc = sf_table_adopt_column(t, r->name, SF_VECTOR, nrows, num, NULL, missing, &c, err))) return rc;
  c->dim = dim;
  c->nrows = nrows;
  *added = 1;
  return SF_OK;
}

static int build_column(sf_rawcol *r, size_t nrows, sf_table *t, sf_error *err) {
  sf_type type;
  sf_column *c;
  rawcur cur;
  size_t i, nonmiss = 0, total = 0, len;
  double *num = NULL;
  int32_t *codes = NULL;
  int rc = SF_OK, b, k;
  if (!r->forced || r->forced_type == SF_NUMBER) {
    if (!(num = sf_realloc_array(NULL, nrows, sizeof *num))) goto oom;
    if (r->forced) {
      type = SF_NUMBER;
      if ((rc = parse_forced_numbers(r, nrows, num, &nonmiss, err))) goto end;
    } else {
      type = infer_type(r, nrows, num, &nonmiss);
    }
    if (type == SF_NUMBER) {
      rc = sf_table_adopt_column(t, r->name, SF_NUMBER, nrows, num, NULL, nrows - nonmiss, &c, err);
      num = NULL; /* the column owns it, or it is freed */
      goto end;
    }
    sf_free(num);
    num = NULL;
  } else {
    type = r->forced_type;
  }
  if (type == SF_CATEGORY || type == SF_VECTOR) {
    int added = 0;
    if (!r->forced || type == SF_VECTOR) {
      if ((rc = build_vector(r, nrows, t, &added, err))) goto end;
      if (added) goto end;
    }
    if (type == SF_VECTOR) { /* forced, and every value missing */
      if (!(num = sf_realloc_array(NULL, nrows ? nrows : 1, sizeof *num))) goto oom;
      for (i = 0; i < nrows; i++) num[i] = NAN;
      rc = sf_table_adopt_column(t, r->name, SF_VECTOR, nrows, num, NULL, nrows, &c, err);
      num = NULL;
      if (!rc) { c->dim = 1; c->nrows = nrows; }
      goto end;
    }
  }
  if (!(codes = sf_realloc_array(NULL, nrows, sizeof *codes))) goto oom;
  rc = sf_table_adopt_column(t, r->name, type == SF_TEXT ? SF_CATEGORY : type, nrows, NULL, codes, 0, &c, err);
  codes = NULL;
  if (rc) goto end;
  nonmiss = 0;
  cur_init(&cur, r);
  for (i = 0; i < nrows; i++) {
    const char *s = next_value(&cur, &k, &len);
    if (!s) { c->codes[i] = -1; continue; }
    nonmiss++;
    if (type == SF_BOOL) {
      if (!bool_text(s, &b)) { rc = sf_fail(err, SF_EINPUT, 0, 0, "'%.60s' is not a bool in column '%s'", s, r->name); goto end; }
      c->codes[i] = b;
    } else {
      total += len;
      if ((rc = sf_dict_intern(&c->dict, s, len, &c->codes[i], err))) goto end;
    }
  }
  if (type == SF_TEXT) c->type = SF_TEXT;
  else if (type == SF_CATEGORY && !r->forced && c->dict.n * 2 > nonmiss &&
           (c->dict.n > 50 || total >= 40 * nonmiss))
    c->type = SF_TEXT;
  c->missing = nrows - nonmiss;
end:
  sf_free(num);
  return rc;
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
