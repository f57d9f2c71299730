/* ingest_util.h — helpers shared by the ingest tests: load bytes through the
 * public API in chunks of a given size and dump the table as text, so different
 * chunkings can be compared value by value. Include test.h first. */
#ifndef SF_INGEST_UTIL_H
#define SF_INGEST_UTIL_H
#include "internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { char *s; size_t n, cap; } dbuf;

static void dputs(dbuf *b, const char *s) {
  size_t n = strlen(s);
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->s = realloc(b->s, b->cap);
  }
  memcpy(b->s + b->n, s, n + 1);
  b->n += n;
}

/* Every column's name, type, role, class, missing count and every value. */
static char *table_dump(const sf_table *t) {
  dbuf b = {0, 0, 0};
  char tmp[64];
  size_t i, r;
  dputs(&b, "");
  snprintf(tmp, sizeof tmp, "format=%s delim=%d header=%d rows=%zu\n", t->format, t->delimiter, t->header, t->nrows);
  dputs(&b, tmp);
  for (i = 0; i < t->ncols; i++) {
    const sf_column *c = &t->cols[i];
    dputs(&b, c->name);
    snprintf(tmp, sizeof tmp, " %s %s missing=%zu", sf_type_name(c->type), sf_role_name(c->role), c->missing);
    dputs(&b, tmp);
    if (c->score_class) { dputs(&b, " class="); dputs(&b, c->score_class); }
    dputs(&b, ":");
    for (r = 0; r < t->nrows; r++) {
      const char *s;
      char lb[64];
      dputs(&b, " [");
      dputs(&b, sf_column_label(c, r, lb, sizeof lb, &s) ? s : "<NA>");
      dputs(&b, "]");
    }
    dputs(&b, "\n");
  }
  return b.s;
}

/* Load data in chunks of `chunk` bytes. Returns "schema\ndump" or "ERROR: msg",
 * malloc'd. If keep is non-NULL the engine is returned there (caller closes). */
static char *load_chunked(const char *opts, const void *data, size_t n, size_t chunk, sf_engine **keep) {
  sf_engine *e = sf_open();
  const uint8_t *p = data;
  size_t off = 0;
  char *schema, *out;
  dbuf b = {0, 0, 0};
  if (sf_ingest_begin(e, opts) != SF_OK) goto fail;
  while (off < n) {
    size_t k = n - off < chunk ? n - off : chunk;
    if (sf_ingest_chunk(e, p + off, k) != SF_OK) break;
    off += k;
  }
  schema = sf_ingest_end(e);
  if (!schema) goto fail;
  dputs(&b, schema);
  dputs(&b, "\n");
  sf_free(schema);
  out = table_dump(e->table);
  dputs(&b, out);
  free(out);
  if (keep) *keep = e; else sf_close(e);
  return b.s;
fail:
  dputs(&b, "ERROR: ");
  dputs(&b, sf_last_error(e));
  if (keep) *keep = e; else sf_close(e);
  return b.s;
}

static char *load(const char *opts, const char *data) { return load_chunked(opts, data, strlen(data), 1 << 20, NULL); }

/* The error text of loading data, or "" when it loads. */
static char *load_error(const char *opts, const char *data) {
  char *s = load(opts, data);
  if (strncmp(s, "ERROR: ", 7) == 0) memmove(s, s + 7, strlen(s + 7) + 1);
  else s[0] = 0;
  return s;
}

/* 1 when chunks of 1, 2, 3, 7 and 64 KiB bytes all give what one chunk gives. */
static int chunk_independent(const char *opts, const void *data, size_t n) {
  static const size_t sizes[] = {1, 2, 3, 7, 65536};
  char *ref = load_chunked(opts, data, n, n ? n : 1, NULL);
  int ok = 1;
  size_t i;
  for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    char *got = load_chunked(opts, data, n, sizes[i], NULL);
    if (strcmp(got, ref) != 0) {
      fprintf(stderr, "chunk size %zu differs:\n--- one chunk:\n%s\n--- chunked:\n%s\n", sizes[i], ref, got);
      ok = 0;
    }
    free(got);
  }
  free(ref);
  return ok;
}

/* A column by name (NULL if absent). */
/* The error loading data gives is `want`, whatever the chunking (needs test.h). */
static void check_error(const char *opts, const char *data, const char *want) {
  char *got = load_error(opts, data);
  CHECK_STR(got, want);
  CHECK(chunk_independent(opts, data, strlen(data)));
  free(got);
}

static const sf_column *col_named(const sf_engine *e, const char *name) {
  int i = e->table ? sf_table_find(e->table, name) : -1;
  return i < 0 ? NULL : &e->table->cols[i];
}
#endif
