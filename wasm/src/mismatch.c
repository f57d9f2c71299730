/* mismatch.c — whether a row's prediction differs from its label, one rule for the
 * kernels that search where the model errs (slice-finder, error-tree): as numbers
 * when both columns hold numbers, as codes when both are coded (a prediction's code
 * mapped once to the label's code of the same text), else as the text each shows
 * ("1" and 1 agree). */
#include "sinfonia_component.h"
#include <stdlib.h>
#include <string.h>

/* The code of each label text, by text, to map the prediction's codes in n log n. */
typedef struct coded { const char *s; int32_t code; } coded;
static int by_text(const void *a, const void *b) { return strcmp(((const coded *)a)->s, ((const coded *)b)->s); }

int sf_mismatch_init(sf_mismatch *m, const sf_column *label, const sf_column *pred, sf_error *err) {
  coded *labels = NULL;
  size_t c;
  int rc = SF_OK;
  memset(m, 0, sizeof *m);
  m->label = label;
  m->pred = pred;
  m->numeric = label->type == SF_NUMBER && pred->type == SF_NUMBER;
  if (label->type == SF_NUMBER || pred->type == SF_NUMBER) return SF_OK;
  if (!(m->map = sf_calloc(pred->dict.n + 1, sizeof *m->map)) ||
      !(labels = sf_calloc(label->dict.n + 1, sizeof *labels))) {
    rc = sf_oom(err);
    goto end;
  }
  for (c = 0; c < label->dict.n; c++) {
    labels[c].s = label->dict.strs[c];
    labels[c].code = (int32_t)c;
  }
  qsort(labels, label->dict.n, sizeof *labels, by_text);
  for (c = 0; c < pred->dict.n; c++) {
    coded key, *hit;
    key.s = pred->dict.strs[c];
    hit = label->dict.n ? bsearch(&key, labels, label->dict.n, sizeof *labels, by_text) : NULL;
    m->map[c] = hit ? hit->code : -1;
  }
end:
  sf_free(labels);
  if (rc) sf_mismatch_free(m);
  return rc;
}

int sf_mismatch_row(const sf_mismatch *m, size_t row) {
  char x[40], y[40];
  const char *s, *t;
  if (sf_column_is_missing(m->label, row) || sf_column_is_missing(m->pred, row)) return -1;
  if (m->numeric) return m->label->num[row] != m->pred->num[row];
  if (m->map) return m->map[m->pred->codes[row]] != m->label->codes[row];
  sf_column_label(m->label, row, x, sizeof x, &s);
  sf_column_label(m->pred, row, y, sizeof y, &t);
  return strcmp(s, t) != 0;
}

void sf_mismatch_free(sf_mismatch *m) {
  sf_free(m->map);
  m->map = NULL;
}
