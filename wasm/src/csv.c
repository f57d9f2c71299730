/* csv.c — a streaming RFC 4180 tokenizer for CSV and TSV (any one-byte delimiter).
 *
 * Quoted fields may hold delimiters, line ends and doubled quotes (""); a quote
 * inside an unquoted field is kept as is. Records end at CRLF, LF or CR; empty
 * lines are skipped. A chunk may end anywhere: the state below carries over,
 * and a field's bytes go straight into its column's buffer as they are scanned.
 * The first record names the columns unless header is off (then column_1..n);
 * empty names become column_<n>, repeated names get .1, .2 (as pandas). A short
 * row is padded with missing values; a long row is an error at its first extra
 * field. Positions are 1-based lines and 1-based byte columns within the line. */
#include "internal.h"
#include <stdio.h>
#include <string.h>

enum { S_REC, S_CR, S_FIELD, S_UNQ, S_Q, S_QCR, S_QQ };

struct sf_csv {
  sf_rawcols *rc;
  sf_textpos *pos;
  uint8_t delim;
  int header;        /* the current/next record is the header */
  int named;         /* the file has a header */
  int fixed;         /* the column count is known */
  int numfast;       /* numbers are read straight from the chunk (the delimiter is no part of one) */
  int state;
  size_t field;      /* index of the current field in its record */
  sf_rawcol *dst;    /* the current field's column; NULL in the header or past the last */
  size_t start;      /* where the current field began in dst->buf */
  char *names;       /* header names, each NUL-terminated */
  size_t nlen, ncap, nnames;
  long fline, fcol;  /* where the current field began (its opening quote if quoted) */
  long xline, xcol;  /* the record's first extra field, xline 0 = none */
  long rows_line;    /* the line after the header, where the rows begin */
  uint8_t unq[256];  /* bytes that end a run in an unquoted field */
  uint8_t quo[256];  /* ... in a quoted field */
};

int sf_csv_new(uint8_t delim, int header, sf_rawcols *rc, sf_textpos *pos, sf_csv **out,
               sf_error *err) {
  sf_csv *p = sf_calloc(1, sizeof *p);
  *out = NULL;
  if (!p) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory starting the CSV reader");
  p->rc = rc;
  p->pos = pos;
  p->delim = delim;
  p->header = p->named = header;
  p->state = S_REC;
  p->numfast = !strchr("0123456789.eE+-", delim);
  p->unq[delim] = p->unq['\r'] = p->unq['\n'] = 1;
  p->quo['"'] = p->quo['\r'] = p->quo['\n'] = 1;
  *out = p;
  return SF_OK;
}

void sf_csv_free(sf_csv *p) {
  if (!p) return;
  sf_free(p->names);
  sf_free(p);
}

static int names_put(sf_csv *p, const uint8_t *s, size_t n, sf_error *err) {
  if (sf_grow(&p->names, &p->ncap, p->nlen, n, 256))
    return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory reading the header");
  memcpy(p->names + p->nlen, s, n);
  p->nlen += n;
  return SF_OK;
}

/* Append field bytes to wherever the current field goes. */
static int put(sf_csv *p, const uint8_t *s, size_t n, sf_error *err) {
  if (!n) return SF_OK;
  if (p->dst) {
    sf_rawcol *c = p->dst;
    if (c->cap - c->len < n) {
      int rc = sf_rawcol_reserve(c, n, &p->start, err);
      if (rc) return rc;
    }
    memcpy(c->buf + c->len, s, n);
    c->len += n;
    return SF_OK;
  }
  return p->header ? names_put(p, s, n, err) : SF_OK;
}

static int begin_field(sf_csv *p, long line, long col, sf_error *err) {
  p->fline = line;
  p->fcol = col;
  p->dst = NULL;
  if (p->header) return SF_OK;
  if (p->field >= p->rc->ncols && !p->fixed) { /* no header: the first row makes the columns */
    char name[32];
    size_t idx;
    int is_new, rc;
    snprintf(name, sizeof name, "column_%zu", p->field + 1);
    if ((rc = sf_rawcols_intern(p->rc, name, strlen(name), &idx, &is_new, err))) return rc;
  }
  if (p->field < p->rc->ncols) {
    p->dst = &p->rc->cols[p->field];
    p->start = p->dst->len;
  } else if (!p->xline) {
    p->xline = line;
    p->xcol = col;
  }
  return SF_OK;
}

static int end_field(sf_csv *p, sf_error *err) {
  sf_rawcol *c = p->dst;
  size_t len;
  int rc;
  p->field++;
  if (p->header) { p->nnames++; return names_put(p, (const uint8_t *)"", 1, err); }
  if (!c) return SF_OK;
  p->dst = NULL;
  len = c->len - p->start;
  /* An empty field is missing (and may have no buffer behind it yet). */
  if (!len || (len <= 4 && sf_is_missing_token(c->buf + p->start, len))) {
    c->len = p->start;
    return sf_rawcol_missing(p->rc, c, err);
  }
  if (c->len == c->cap && (rc = sf_rawcol_reserve(c, 1, &p->start, err))) return rc;
  c->buf[c->len] = 0;
  return sf_rawcol_text(p->rc, c, c->buf + p->start, len, SF_RAW_TEXT, &p->start, p->fline, p->fcol, err);
}

/* Name the columns from the header: empty -> column_<n>, repeats -> name.1, .2 */
static int make_columns(sf_csv *p, sf_error *err) {
  const char *s = p->names;
  size_t k, idx;
  int rc = SF_OK, is_new;
  char *base = NULL, *cand = NULL;
  for (k = 0; k < p->nnames; k++) {
    size_t len = strlen(s);
    unsigned long dup = 0;
    sf_free(base);
    sf_free(cand);
    base = sf_malloc(len + 32);
    cand = sf_malloc(len + 64);
    if (!base || !cand) { rc = sf_fail(err, SF_ENOMEM, 0, 0, "out of memory naming columns"); goto end; }
    if (len) memcpy(base, s, len + 1);
    else snprintf(base, 32, "column_%zu", k + 1);
    memcpy(cand, base, strlen(base) + 1);
    for (;;) {
      if ((rc = sf_rawcols_intern(p->rc, cand, strlen(cand), &idx, &is_new, err))) goto end;
      if (is_new) break;
      snprintf(cand, len + 64, "%s.%lu", base, ++dup);
    }
    s += len + 1;
  }
end:
  sf_free(base);
  sf_free(cand);
  return rc;
}

static int end_record(sf_csv *p, sf_error *err) {
  int rc;
  size_t nfields = p->field;
  p->field = 0;
  if (p->header) {
    p->header = 0;
    p->fixed = 1;
    /* a line end ending the header has been counted already (S_REC, S_CR) */
    p->rows_line = p->pos->line + (p->state == S_REC || p->state == S_CR ? 0 : 1);
    rc = make_columns(p, err);
    sf_free(p->names);
    p->names = NULL;
    p->nlen = p->ncap = 0;
    return rc;
  }
  if (p->xline) {
    long l = p->xline, c = p->xcol;
    p->xline = 0;
    return sf_fail(err, SF_EINPUT, l, c, "row has %zu fields, the %s has %zu", nfields,
                   p->named ? "header" : "first row", p->rc->ncols);
  }
  p->fixed = 1;
  if (nfields == p->rc->ncols) { p->rc->nrows++; return SF_OK; } /* every column has its value */
  return sf_rawcols_end_row(p->rc, err);
}

#define ONES 0x0101010101010101u
#define HIGHS 0x8080808080808080u

/* 8 bytes as a little-endian word (compilers make this one load). */
static uint64_t load64(const uint8_t *p) {
  return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
         (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

/* The high bit of each zero byte of x; the lowest one set is exactly the first zero
 * byte (a borrow only starts at a zero byte, so false hits are only above it). */
static uint64_t zero_bytes(uint64_t x) { return (x - ONES) & ~x & HIGHS; }

/* Index of the first byte of b[i..n) that is CR, LF or the byte repeated in `stop`
 * (the delimiter, or the quote inside quotes), or n; `ends` marks the same three
 * bytes. 8 bytes at a time. */
static size_t scan_run(const uint8_t *b, size_t i, size_t n, uint64_t stop, const uint8_t *ends) {
  for (; i + 8 <= n; i += 8) {
    uint64_t w = load64(b + i);
    uint64_t m = zero_bytes(w ^ stop) | zero_bytes(w ^ (ONES * '\r')) | zero_bytes(w ^ (ONES * '\n'));
    if (m) return i + (size_t)(__builtin_ctzll(m) >> 3);
  }
  while (i < n && !ends[b[i]]) i++;
  return i;
}

int sf_csv_feed(sf_csv *p, const uint8_t *b, size_t n, uint64_t base, sf_error *err) {
  sf_textpos *pos = p->pos;
  const uint8_t *unq = p->unq, *quo = p->quo;
  const uint64_t delims = ONES * p->delim;
  size_t i = 0, j;
  int rc = SF_OK;
  uint8_t c;
  while (i < n) {
    switch (p->state) {
    case S_CR: /* a CR ended the line; an LF right after belongs to it */
      if (b[i] == '\n') { i++; pos->line_start = base + i; }
      p->state = S_REC;
      break;
    case S_REC: /* between records: skip blank lines */
      c = b[i];
      if (c == '\n' || c == '\r') {
        i++;
        pos->line++;
        pos->line_start = base + i;
        if (c == '\r') p->state = S_CR;
        break;
      }
      p->state = S_FIELD;
      break;
    case S_FIELD:
      if (p->fixed && !p->header) { /* fast path: whole unquoted data fields in this chunk */
        /* locals, not p's fields: the byte stores below may alias anything */
        sf_rawcol *const cols = p->rc->cols;
        const size_t ncols = p->rc->ncols;
        const uint8_t delim = p->delim;
        const int numfast = p->numfast;
        const char *const lim = (const char *)b + n;
        size_t field = p->field;
        int line_end = 0;
        while (i < n && b[i] != '"' && field < ncols) {
          sf_rawcol *col = &cols[field];
          size_t len;
          if (numfast && col->mode == SF_MODE_NUM && !col->forced) {
            /* a number column: the number is the whole field when a delimiter or line
             * end follows it (else the field is read as text below) */
            double v;
            int fmt;
            const char *q = sf_number_at((const char *)b + i, lim, &v, &fmt);
            if (q && q < lim && unq[(uint8_t)*q] && fmt != SF_FMT_TEXT) {
              size_t r = col->n;
              uint8_t *f = col->fmt;
              if (r < col->caprows && (f || fmt == col->fmt1)) {
                double *num = col->num;
                col->n = r + 1;
                col->nonmiss++;
                num[r] = v;
                if (f) f[r] = (uint8_t)fmt;
              } else if ((rc = sf_rawcol_put_number(p->rc, col, v, fmt, err))) {
                return rc;
              }
              j = (size_t)(q - (const char *)b);
              goto next_field;
            }
          }
          j = scan_run(b, i, n, delims, unq);
          if (j == n) break; /* the field goes on in the next chunk */
          len = j - i;
          if (len <= 4 && (len == 0 || (b[i] | 0x20) == 'n') && sf_is_missing_token((const char *)b + i, len)) {
            rc = sf_rawcol_missing(p->rc, col, err);
          } else if (len <= 8 && n - i >= 8 && col->mode == SF_MODE_CODES && !col->forced && col->n >= 256 &&
                     col->n < col->caprows && (col->cache || (col->cache = sf_calloc(1, sizeof *col->cache)))) {
            /* a short value of a category column: its code from the cache, else interned
             * and cached (a cached value was seen, so the counts' bool flag stands) */
            sf_codecache *cc = col->cache;
            uint64_t key = load64(b + i) & (len == 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * len)) - 1);
            unsigned h = (unsigned)((key * 0x9E3779B97F4A7C15u) >> 59);
            if (cc->len[h] == len && cc->key[h] == key) {
              col->codes[col->n++] = cc->code[h];
              col->nonmiss++;
              col->total += len;
            } else if (!(rc = sf_rawcol_text(p->rc, col, (const char *)b + i, len, SF_RAW_TEXT, NULL, pos->line,
                                             (long)(base + i - pos->line_start) + 1, err))) {
              cc->key[h] = key;
              cc->len[h] = (uint8_t)len;
              cc->code[h] = col->codes[col->n - 1];
            }
          } else if (len < 128) { /* parsed or interned from the chunk */
            rc = sf_rawcol_text(p->rc, col, (const char *)b + i, len, SF_RAW_TEXT, NULL, pos->line,
                                (long)(base + i - pos->line_start) + 1, err);
          } else { /* staged, NUL-terminated */
            size_t st;
            if ((rc = sf_rawcol_reserve(col, len + 1, NULL, err))) return rc;
            st = col->len;
            memcpy(col->buf + st, b + i, len);
            col->buf[st + len] = 0;
            col->len = st + len;
            rc = sf_rawcol_text(p->rc, col, col->buf + st, len, SF_RAW_TEXT, &st, pos->line,
                                (long)(base + i - pos->line_start) + 1, err);
          }
          if (rc) return rc;
        next_field:
          field++;
          i = j + 1;
          if (b[j] != delim) { line_end = 1; break; }
        }
        p->field = field;
        if (line_end) {
          pos->line++;
          pos->line_start = base + i;
          p->state = b[i - 1] == '\r' ? S_CR : S_REC;
          if ((rc = end_record(p, err))) return rc;
          break;
        }
        if (i == n) break;
      }
      if ((rc = begin_field(p, pos->line, (long)(base + i - pos->line_start) + 1, err))) return rc;
      if (b[i] == '"') { i++; p->state = S_Q; } else p->state = S_UNQ;
      break;
    case S_UNQ:
      j = scan_run(b, i, n, delims, unq);
      if ((rc = put(p, b + i, j - i, err))) return rc;
      i = j;
      if (i == n) break;
      c = b[i++];
      if ((rc = end_field(p, err))) return rc;
      if (c == p->delim) { p->state = S_FIELD; break; }
      pos->line++;
      pos->line_start = base + i;
      p->state = c == '\r' ? S_CR : S_REC;
      if ((rc = end_record(p, err))) return rc;
      break;
    case S_Q:
      j = scan_run(b, i, n, ONES * '"', quo);
      if ((rc = put(p, b + i, j - i, err))) return rc;
      i = j;
      if (i == n) break;
      c = b[i++];
      if (c == '"') { p->state = S_QQ; break; }
      if ((rc = put(p, &c, 1, err))) return rc;
      pos->line++;
      pos->line_start = base + i;
      if (c == '\r') p->state = S_QCR;
      break;
    case S_QCR: /* CR inside quotes: an LF right after is part of the same line end */
      if (b[i] == '\n') {
        if ((rc = put(p, b + i, 1, err))) return rc;
        i++;
        pos->line_start = base + i;
      }
      p->state = S_Q;
      break;
    case S_QQ: /* after a quote inside a quoted field */
      c = b[i];
      if (c == '"') {
        if ((rc = put(p, &c, 1, err))) return rc;
        i++;
        p->state = S_Q;
        break;
      }
      if (c != p->delim && c != '\n' && c != '\r') {
        long col = (long)(base + i - pos->line_start) + 1;
        if (c >= 0x20 && c < 0x7f)
          return sf_fail(err, SF_EINPUT, pos->line, col,
                         "unexpected character '%c' after a closing quote (write a quote inside a quoted field as \"\")", c);
        return sf_fail(err, SF_EINPUT, pos->line, col, "unexpected byte 0x%02X after a closing quote", c);
      }
      p->state = S_UNQ; /* the delimiter or line end is handled there */
      break;
    }
  }
  return rc;
}

int sf_csv_finish(sf_csv *p, uint64_t end, sf_error *err) {
  int rc;
  (void)end;
  switch (p->state) {
  case S_Q:
  case S_QCR:
    return sf_fail(err, SF_EINPUT, p->fline, p->fcol, "unterminated quoted field (the file ends inside quotes)");
  case S_FIELD:
    if ((rc = begin_field(p, p->pos->line, (long)(end - p->pos->line_start) + 1, err))) return rc;
    /* fall through */
  case S_UNQ:
  case S_QQ:
    if ((rc = end_field(p, err))) return rc;
    if ((rc = end_record(p, err))) return rc;
    break;
  default:
    break;
  }
  p->state = S_REC;
  /* A header and nothing after it is not a table: say so where the rows should be. */
  if (p->named && !p->header && p->rc->nrows == 0)
    return sf_fail(err, SF_EINPUT, p->rows_line, 1, "the file has a header but no rows");
  return SF_OK;
}
