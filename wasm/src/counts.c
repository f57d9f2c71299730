/* counts.c — how a coded column's values spread over the selected rows: the
 * most frequent values first (count descending, then value ascending byte-wise),
 * shared by the histogram of a category and the summary's top values. */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

static int code_counts(const sf_column *c, const sf_bitmap *rows, size_t **counts, size_t *missing,
                       sf_error *err) {
  size_t i, nwords = (rows->nbits + 63) / 64, *n;
  *missing = 0;
  *counts = n = sf_calloc(c->dict.n, sizeof **counts);
  if (!n) return sf_oom(err);
  for (i = 0; i < nwords; i++) /* the selected rows: the set bits, lowest first */
    for (uint64_t w = rows->words[i]; w; w &= w - 1) {
      int32_t code = c->codes[i * 64 + (size_t)__builtin_ctzll(w)];
      if (code < 0) (*missing)++;
      else n[code]++;
    }
  return SF_OK;
}

typedef struct { size_t count; const char *s; int32_t code; } count_item;

static int cmp_count(const void *a, const void *b) {
  const count_item *x = a, *y = b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return strcmp(x->s, y->s);
}

int sf_top_values(const sf_column *c, const sf_bitmap *rows, size_t top, cJSON *list,
                  sf_value_counts *vc, sf_error *err) {
  size_t *counts = NULL, i, k = 0;
  count_item *items = NULL;
  int rc;
  memset(vc, 0, sizeof *vc);
  if ((rc = code_counts(c, rows, &counts, &vc->missing, err))) goto end;
  if (!(items = sf_calloc(c->dict.n, sizeof *items))) { rc = sf_oom(err); goto end; }
  for (i = 0; i < c->dict.n; i++)
    if (counts[i]) {
      items[k].count = counts[i];
      items[k].s = c->dict.strs[i];
      items[k++].code = (int32_t)i;
      vc->total += counts[i];
    }
  qsort(items, k, sizeof *items, cmp_count);
  vc->distinct = k;
  for (i = 0; i < k; i++) {
    cJSON *e;
    if (i >= top) { vc->other += items[i].count; continue; }
    if (!(e = sf_json_put(list, NULL, cJSON_CreateObject())) ||
        !sf_json_put(e, "value", sf_json_code(c, items[i].code)) ||
        !sf_json_put(e, "count", cJSON_CreateNumber((double)items[i].count))) {
      rc = sf_oom(err);
      goto end;
    }
  }
end:
  sf_free(counts);
  sf_free(items);
  return rc;
}
