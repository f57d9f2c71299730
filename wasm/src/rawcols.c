/* rawcols.c — the column store while streaming: each value typed as it arrives
 * while its column's type is still open (a number column keeps doubles, not text),
 * with an exact fallback to interned text; the layout is described in internal.h
 * and the decision at finish is in infer.c. */
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define ROWS_FIRST 1024u

/* Make room for row `need - 1` in the column's arrays. Without a size hint they
 * double; with one (the input's byte count), the first growth reserves the rows the
 * whole input should hold at the bytes per row seen so far (2% over), so a column
 * is allocated about once instead of doubling through a 4 GB heap; a short estimate
 * grows by at least an eighth, still geometric. */
static int grow_rows(sf_rawcols *rc, sf_rawcol *c, size_t need, sf_error *err) {
  size_t cap = c->caprows, want = cap ? (cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2) : ROWS_FIRST;
  int tried_estimate = 0;
  if (need <= cap) return SF_OK;
  if (rc->size_hint && rc->consumed && *rc->consumed >= 4096 && rc->nrows >= 64) {
    double est = (double)rc->nrows * ((double)rc->size_hint / (double)*rc->consumed) * 1.02 + 64;
    size_t floor = cap + cap / 8 + 64;
    if (est < (double)(SIZE_MAX / 16)) {
      want = (size_t)est > floor ? (size_t)est : floor;
      tried_estimate = 1;
    }
  }
  for (;;) {
    if (want < need) want = need;
    if (c->mode == SF_MODE_NUM) {
      double *num = sf_realloc_array(c->num, want, sizeof *num);
      uint8_t *fmt = NULL;
      if (num) c->num = num;
      if (num && !c->fmt) break;
      fmt = num ? sf_realloc_array(c->fmt, want, 1) : NULL;
      if (fmt) { c->fmt = fmt; break; }
      /* num may be larger than caprows now: harmless, it is only ever read to caprows */
    } else {
      int32_t *codes = sf_realloc_array(c->codes, want, sizeof *codes);
      if (codes) { c->codes = codes; break; }
    }
    if (!tried_estimate || want == need) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory reading column '%s'", c->name);
    tried_estimate = 0; /* a hint too large for the memory: grow as without one */
    want = cap ? cap * 2 : ROWS_FIRST;
  }
  c->caprows = want;
  return SF_OK;
}

int sf_rawcols_intern(sf_rawcols *rc, const char *name, size_t len, size_t *idx, int *is_new,
                      sf_error *err) {
  int32_t code;
  sf_rawcol *c;
  size_t i;
  int rcode = sf_dict_intern(&rc->names, name, len, &code, err);
  if (rcode) return rcode;
  *idx = (size_t)code;
  *is_new = (size_t)code == rc->ncols;
  if (!*is_new) return SF_OK;
  if (rc->ncols == rc->capcols) {
    size_t cap = rc->capcols ? rc->capcols * 2 : 16;
    sf_rawcol *cols = sf_realloc_array(rc->cols, cap, sizeof *cols);
    if (!cols) goto oom;
    rc->cols = cols;
    rc->capcols = cap;
  }
  c = &rc->cols[rc->ncols];
  memset(c, 0, sizeof *c);
  c->name = rc->names.strs[code]; /* borrowed from the dictionary */
  rc->ncols++;
  if (rc->overrides) {
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(rc->overrides, c->name);
    const cJSON *ty = o ? cJSON_GetObjectItemCaseSensitive(o, "type") : NULL;
    if (cJSON_IsString(ty) && sf_type_parse(ty->valuestring, &c->forced_type) == 0) c->forced = 1;
  }
  c->mode = c->forced && c->forced_type != SF_NUMBER ? SF_MODE_CODES : SF_MODE_NUM;
  c->fmt1 = -1;
  c->boolish = 1;
  if (rc->nrows) { /* missing in the rows so far */
    int r = grow_rows(rc, c, rc->nrows, err);
    if (r) return r;
    for (i = 0; i < rc->nrows; i++) {
      if (c->mode == SF_MODE_NUM) c->num[i] = NAN;
      else c->codes[i] = -1;
    }
    c->n = rc->nrows;
  }
  return SF_OK;
oom:
  return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory adding a column");
}

#define RAW_BLOCK_FIRST 256u
#define RAW_BLOCK_MAX ((size_t)4 << 20)

int sf_rawcol_reserve(sf_rawcol *c, size_t extra, size_t *start, sf_error *err) {
  size_t from = start ? *start : c->len, keep = c->len - from, size;
  char *b;
  if (c->cap - c->len >= extra) return SF_OK;
  if (extra > SIZE_MAX / 4 - keep) goto oom;
  /* blocks double up to RAW_BLOCK_MAX, and hold at least the value */
  size = c->buf ? (c->cap + 1 < RAW_BLOCK_MAX ? (c->cap + 1) * 2 : RAW_BLOCK_MAX) : RAW_BLOCK_FIRST;
  /* a value longer than a block: half as much again, so a 100 MB field is copied
   * a bounded number of times (linear), not once per chunk */
  if (size < keep + extra + 1) size = keep + extra + 1 + keep / 2;
  if (c->buf && from == 0) { /* the block holds only the value begun: grow it in place */
    if (!(b = sf_realloc(c->buf, size))) goto oom;
    c->buf = b;
    c->cap = size - 1;
    return SF_OK;
  }
  if (c->buf && c->nblocks == c->capblocks) {
    size_t cap = c->capblocks ? c->capblocks * 2 : 16;
    char **blocks = sf_realloc_array(c->blocks, cap, sizeof *blocks);
    if (!blocks) goto oom;
    c->blocks = blocks;
    c->capblocks = cap;
  }
  if (!(b = sf_malloc(size))) goto oom;
  if (c->buf) {
    if (keep) memcpy(b, c->buf + from, keep);
    c->buf[from] = (char)SF_RAW_BLOCK_END; /* buf[cap] is kept for this */
    c->blocks[c->nblocks++] = c->buf;
  }
  c->buf = b;
  c->len = keep;
  c->cap = size - 1;
  if (start) *start = 0;
  return SF_OK;
oom:
  return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory reading column '%s'", c->name);
}

/* Keep s[0..len) (a number whose text is not its format's) in the text stream:
 * in place when it is the staged value, else copied. */
static int keep_text(sf_rawcol *c, const char *s, size_t len, size_t *staged, sf_error *err) {
  int r;
  if (staged) { c->len = *staged + len + 1; return SF_OK; }
  if ((r = sf_rawcol_reserve(c, len + 1, NULL, err))) return r;
  memcpy(c->buf + c->len, s, len);
  c->buf[c->len + len] = 0;
  c->len += len + 1;
  return SF_OK;
}

static int put_code(sf_rawcols *rc, sf_rawcol *c, const char *s, size_t len, int kind, sf_error *err) {
  int r, b;
  if (c->n == c->caprows && (r = grow_rows(rc, c, c->n + 1, err))) return r;
  if (!s) { c->codes[c->n++] = -1; return SF_OK; }
  if ((r = sf_dict_intern(&c->dict, s, len, &c->codes[c->n], err))) return r;
  c->n++;
  c->nonmiss++;
  c->total += len;
  /* a bool column is all true/false (any case) or JSON booleans; a number is none */
  if (c->boolish && !(kind == SF_RAW_BOOL || (kind == SF_RAW_TEXT && sf_bool_text(s, len, &b)))) c->boolish = 0;
  return SF_OK;
}

/* The text a number value had: from its format, or the stream (cursor *blk, *p). */
static const char *number_text(const sf_rawcol *c, size_t row, char *tmp, size_t cap, size_t *blk, const char **p) {
  const char *s;
  int f = c->fmt ? c->fmt[row] : c->fmt1;
  if (f == SF_FMT_JSON) { sf_format_number(c->num[row], tmp, cap); return tmp; }
  if (f <= SF_FMT_MAXSCALE) { snprintf(tmp, cap, "%.*f", f, c->num[row]); return tmp; }
  while ((uint8_t)**p == SF_RAW_BLOCK_END) {
    ++*blk;
    *p = *blk < c->nblocks ? c->blocks[*blk] : c->buf;
  }
  s = *p;
  *p += strlen(s) + 1;
  return s;
}

/* The first value that is not a number: the column is text from now on. Every
 * value so far is interned by its text again (as typing all the text at the end
 * would), in row order. The staged value, if any, stays at the end of c->buf. */
static int to_codes(sf_rawcols *rc, sf_rawcol *c, sf_error *err) {
  size_t n = c->n, i, blk = 0;
  const char *p = c->nblocks ? c->blocks[0] : c->buf;
  double *num = c->num;
  uint8_t *fmt = c->fmt;
  char tmp[256];
  int r = SF_OK;
  c->mode = SF_MODE_CODES;
  c->codes = NULL;
  c->caprows = 0;
  c->n = 0;
  c->nonmiss = c->total = 0;
  c->boolish = 1;
  if (n && (r = grow_rows(rc, c, n > ROWS_FIRST ? n : ROWS_FIRST, err))) goto end;
  c->num = num; /* number_text reads them */
  c->fmt = fmt;
  for (i = 0; i < n; i++) {
    const char *s = isnan(num[i]) ? NULL : number_text(c, i, tmp, sizeof tmp, &blk, &p);
    if ((r = put_code(rc, c, s, s ? strlen(s) : 0, SF_RAW_NUMBER, err))) goto end;
  }
  for (i = 0; i < c->nblocks; i++) sf_free(c->blocks[i]); /* the texts are interned */
  c->nblocks = 0;
end:
  sf_free(num);
  sf_free(fmt);
  c->num = NULL;
  c->fmt = NULL;
  return r;
}

int sf_rawcol_missing(sf_rawcols *rc, sf_rawcol *c, sf_error *err) {
  int r;
  if (c->mode == SF_MODE_CODES) return put_code(rc, c, NULL, 0, SF_RAW_MISSING, err);
  if (c->n == c->caprows && (r = grow_rows(rc, c, c->n + 1, err))) return r;
  if (c->fmt) c->fmt[c->n] = SF_FMT_MISSING;
  c->num[c->n++] = NAN;
  return SF_OK;
}

int sf_rawcol_put_number(sf_rawcols *rc, sf_rawcol *c, double v, int fmt, sf_error *err) {
  int r;
  if (c->n == c->caprows && (r = grow_rows(rc, c, c->n + 1, err))) return r;
  if (!c->fmt && fmt != c->fmt1) {
    if (c->fmt1 < 0) {
      c->fmt1 = fmt; /* the first number's: the others' too, until one differs */
    } else { /* they differ: a byte a row from now on */
      if (!(c->fmt = sf_malloc(c->caprows))) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory reading column '%s'", c->name);
      memset(c->fmt, c->fmt1, c->n);
    }
  }
  if (c->fmt) c->fmt[c->n] = (uint8_t)fmt;
  c->num[c->n++] = v;
  c->nonmiss++;
  return SF_OK;
}

int sf_rawcol_text(sf_rawcols *rc, sf_rawcol *c, const char *s, size_t len, int kind, size_t *staged,
                   long line, long col, sf_error *err) {
  int r = SF_OK, fmt;
  double v;
  if (c->forced) {
    char tmp[128];
    const char *z = s;
    if (!staged && len < sizeof tmp) { memcpy(tmp, s, len); tmp[len] = 0; z = tmp; }
    if ((r = sf_check_forced(c, z, kind, line, col, err))) return r;
  }
  if (c->mode == SF_MODE_NUM) {
    /* a forced number takes JSON strings that read as numbers too */
    if ((kind == SF_RAW_TEXT || kind == SF_RAW_NUMBER || (c->forced && kind != SF_RAW_BOOL)) &&
        sf_number_text(s, len, &v, &fmt)) {
      if (fmt == SF_FMT_TEXT && !c->forced && (r = keep_text(c, s, len, staged, err))) return r;
      if (staged && (fmt != SF_FMT_TEXT || c->forced)) c->len = *staged;
      return sf_rawcol_put_number(rc, c, v, fmt, err);
    }
    if ((r = to_codes(rc, c, err))) return r;
  }
  r = put_code(rc, c, s, len, kind, err);
  if (staged) c->len = *staged;
  return r;
}

int sf_rawcol_number(sf_rawcols *rc, sf_rawcol *c, double v, long line, long col, sf_error *err) {
  char text[40];
  if (c->mode == SF_MODE_NUM && isfinite(v) && (!c->forced || c->forced_type == SF_NUMBER))
    return sf_rawcol_put_number(rc, c, v, SF_FMT_JSON, err);
  sf_format_number(v, text, sizeof text);
  return sf_rawcol_text(rc, c, text, strlen(text), SF_RAW_NUMBER, NULL, line, col, err);
}

void sf_rawcol_free_buf(sf_rawcol *c) {
  size_t i;
  for (i = 0; i < c->nblocks; i++) sf_free(c->blocks[i]);
  sf_free(c->blocks);
  sf_free(c->buf);
  sf_free(c->num);
  sf_free(c->fmt);
  sf_free(c->codes);
  sf_dict_free(&c->dict);
  sf_free(c->cache);
  c->cache = NULL;
  c->blocks = NULL;
  c->buf = NULL;
  c->num = NULL;
  c->fmt = NULL;
  c->codes = NULL;
  c->nblocks = c->capblocks = c->len = c->cap = c->caprows = 0;
}

int sf_rawcols_end_row(sf_rawcols *rc, sf_error *err) {
  size_t i;
  for (i = 0; i < rc->ncols; i++) {
    sf_rawcol *c = &rc->cols[i];
    if (c->n <= rc->nrows) {
      int r = sf_rawcol_missing(rc, c, err);
      if (r) return r;
    }
  }
  rc->nrows++;
  return SF_OK;
}

void sf_rawcols_free(sf_rawcols *rc) {
  size_t i;
  for (i = 0; i < rc->ncols; i++) sf_rawcol_free_buf(&rc->cols[i]);
  sf_free(rc->cols);
  sf_dict_free(&rc->names);
  memset(rc, 0, sizeof *rc);
}
