/* rawcols.c — the raw column store: every column's field text as read, kept
 * until the whole column is seen and its type decided (infer.c). The layout of
 * the bytes is described in internal.h. */
#include "internal.h"
#include <string.h>

int sf_rawcols_intern(sf_rawcols *rc, const char *name, size_t len, size_t *idx, int *is_new,
                      sf_error *err) {
  int32_t code;
  sf_rawcol *c;
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
  if (rc->nrows) {
    int r = sf_rawcol_reserve(c, rc->nrows, NULL, err);
    if (r) return r;
    memset(c->buf, SF_RAW_MISSING_BYTE, rc->nrows);
    c->len = c->n = rc->nrows;
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
  if (size < keep + extra + 1) size = keep + extra + 1;
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

int sf_rawcol_push(sf_rawcol *c, size_t *start, int kind, sf_error *err) {
  int rc;
  if (kind == SF_RAW_MISSING) c->len = *start;
  if (c->len == c->cap && (rc = sf_rawcol_reserve(c, 1, start, err))) return rc;
  c->buf[c->len++] = kind == SF_RAW_MISSING ? (char)SF_RAW_MISSING_BYTE : 0;
  c->n++;
  return SF_OK;
}

void sf_rawcol_free_buf(sf_rawcol *c) {
  size_t i;
  for (i = 0; i < c->nblocks; i++) sf_free(c->blocks[i]);
  sf_free(c->blocks);
  sf_free(c->buf);
  c->blocks = NULL;
  c->buf = NULL;
  c->nblocks = c->capblocks = c->len = c->cap = 0;
}

int sf_rawcols_end_row(sf_rawcols *rc, sf_error *err) {
  size_t i;
  for (i = 0; i < rc->ncols; i++) {
    sf_rawcol *c = &rc->cols[i];
    if (c->n <= rc->nrows) {
      size_t start = c->len;
      int r = sf_rawcol_push(c, &start, SF_RAW_MISSING, err);
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
