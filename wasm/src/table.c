/* table.c — typed columns and interned strings. The table owns everything. */
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *type_names[] = {"number", "category", "text", "bool", "vector"};
static const char *role_names[] = {"feature", "id",        "label", "prediction",
                                   "score",   "embedding", "text",  "image",
                                   "group",   "split",     "time"};

const char *sf_type_name(sf_type t) { return type_names[t]; }
const char *sf_role_name(sf_role r) { return role_names[r]; }

int sf_type_parse(const char *s, sf_type *out) {
  int i;
  for (i = 0; i < (int)(sizeof type_names / sizeof *type_names); i++)
    if (strcmp(s, type_names[i]) == 0) { *out = (sf_type)i; return 0; }
  return -1;
}

int sf_role_parse(const char *s, sf_role *out) {
  int i;
  for (i = 0; i < (int)(sizeof role_names / sizeof *role_names); i++)
    if (strcmp(s, role_names[i]) == 0) { *out = (sf_role)i; return 0; }
  return -1;
}

/* ---- dictionary ---- */

static uint32_t hash_bytes(const char *s, size_t len) {
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h;
}

/* A slot: the code + 1 in the low half (0 = empty), the string's hash in the high
 * half, so a probe compares strings only when the hashes agree. */
static int dict_grow_index(sf_dict *d, sf_error *err) {
  size_t i, n = d->nslots ? d->nslots * 2 : 64;
  uint64_t *slots = sf_calloc(n, sizeof *slots);
  if (!slots) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory interning strings");
  for (i = 0; i < d->n; i++) {
    uint32_t h = hash_bytes(d->strs[i], strlen(d->strs[i]));
    size_t j = h & (n - 1);
    while (slots[j]) j = (j + 1) & (n - 1);
    slots[j] = (uint64_t)h << 32 | (uint32_t)(i + 1);
  }
  sf_free(d->slots);
  d->slots = slots;
  d->nslots = n;
  return SF_OK;
}

/* t (NUL-terminated) is exactly s[0..len) (s holds no NUL). */
static int same_text(const char *t, const char *s, size_t len) {
  size_t k = 0;
  while (k < len && t[k] == s[k]) k++;
  return k == len && t[len] == 0;
}

int sf_dict_intern(sf_dict *d, const char *s, size_t len, int32_t *code, sf_error *err) {
  size_t j;
  uint32_t h;
  char *copy;
  if ((d->n + 1) * 2 > d->nslots) {
    int rc = dict_grow_index(d, err);
    if (rc) return rc;
  }
  h = hash_bytes(s, len);
  j = h & (d->nslots - 1);
  while (d->slots[j]) {
    uint64_t slot = d->slots[j];
    if ((uint32_t)(slot >> 32) == h && same_text(d->strs[(uint32_t)slot - 1], s, len)) {
      *code = (int32_t)((uint32_t)slot - 1);
      return SF_OK;
    }
    j = (j + 1) & (d->nslots - 1);
  }
  if (d->n >= (size_t)INT32_MAX) return sf_fail(err, SF_ENOMEM, 0, 0, "too many distinct strings");
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 16;
    char **strs = sf_realloc_array(d->strs, cap, sizeof *strs);
    if (!strs) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory interning strings");
    d->strs = strs;
    d->cap = cap;
  }
  copy = sf_strndup(s, len);
  if (!copy) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory interning strings");
  d->strs[d->n] = copy;
  d->slots[j] = (uint64_t)h << 32 | (uint32_t)(d->n + 1);
  *code = (int32_t)d->n++;
  return SF_OK;
}

void sf_dict_free(sf_dict *d) {
  size_t i;
  for (i = 0; i < d->n; i++) sf_free(d->strs[i]);
  sf_free(d->strs);
  sf_free(d->slots);
  memset(d, 0, sizeof *d);
}

/* ---- table ---- */

sf_table *sf_table_new(void) {
  sf_table *t = sf_calloc(1, sizeof *t);
  if (t) t->delimiter = ',';
  return t;
}

static void column_free(sf_column *c) {
  sf_free(c->name);
  sf_free(c->score_class);
  sf_free(c->num);
  sf_free(c->codes);
  sf_dict_free(&c->dict);
}

void sf_table_free(sf_table *t) {
  size_t i;
  if (!t) return;
  for (i = 0; i < t->ncols; i++) column_free(&t->cols[i]);
  sf_free(t->cols);
  sf_free(t->group);
  sf_free(t->group_name);
  sf_free(t->name_slots);
  sf_colindex_release(t);
  sf_free(t);
}

static void index_column(sf_table *t, size_t col);

int sf_table_adopt_column(sf_table *t, const char *name, sf_type type, size_t nrows, double *num,
                          int32_t *codes, size_t missing, sf_column **out, sf_error *err) {
  sf_column *c;
  if (t->ncols == t->capcols) {
    size_t cap = t->capcols ? t->capcols * 2 : 8;
    sf_column *cols = sf_realloc_array(t->cols, cap, sizeof *cols);
    if (!cols) {
      sf_free(num);
      sf_free(codes);
      return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory adding column '%s'", name);
    }
    t->cols = cols;
    t->capcols = cap;
  }
  c = &t->cols[t->ncols];
  memset(c, 0, sizeof *c);
  c->type = type;
  c->num = num;
  c->codes = codes;
  if (type == SF_NUMBER || type == SF_VECTOR ? !num : !codes) goto oom;
  if (!(c->name = sf_strdup(name))) goto oom;
  if (type == SF_BOOL) {
    int32_t code;
    if (sf_dict_intern(&c->dict, "false", 5, &code, err) || sf_dict_intern(&c->dict, "true", 4, &code, err)) goto oom;
  }
  c->missing = missing;
  index_column(t, t->ncols);
  t->ncols++;
  if (out) *out = c;
  return SF_OK;
oom:
  column_free(c);
  return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory adding column '%s' of %zu rows", name, nrows);
}

int sf_table_add_column(sf_table *t, const char *name, sf_type type, size_t nrows,
                        sf_column **out, sf_error *err) {
  double *num = NULL;
  int32_t *codes = NULL;
  size_t i;
  if (type == SF_NUMBER) {
    if ((num = sf_realloc_array(NULL, nrows, sizeof *num)))
      for (i = 0; i < nrows; i++) num[i] = NAN;
  } else if ((codes = sf_realloc_array(NULL, nrows, sizeof *codes))) {
    for (i = 0; i < nrows; i++) codes[i] = -1;
  }
  return sf_table_adopt_column(t, name, type, nrows, num, codes, nrows, out, err);
}

void sf_column_count_missing(sf_column *c, size_t nrows) {
  size_t i, m = 0;
  for (i = 0; i < nrows; i++) m += (size_t)sf_column_is_missing(c, i);
  c->missing = m;
}

static size_t name_hash(const char *s) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* Put column col in the index; grow it (a rebuild) past half full. Without memory
 * the index is dropped: sf_table_find searches linearly, no answer changes. */
static void index_column(sf_table *t, size_t col) {
  size_t at, c;
  if (!t->name_slots || 2 * (col + 1) > t->nslots) {
    size_t n = 64;
    while (n < 4 * (col + 1)) n *= 2;
    sf_free(t->name_slots);
    t->nslots = 0;
    if (!(t->name_slots = sf_calloc(n, sizeof *t->name_slots))) return;
    t->nslots = n;
    for (c = 0; c < col; c++) index_column(t, c);
  }
  for (at = name_hash(t->cols[col].name) & (t->nslots - 1); t->name_slots[at]; at = (at + 1) & (t->nslots - 1))
    if (!strcmp(t->cols[t->name_slots[at] - 1].name, t->cols[col].name)) return; /* the first keeps the name */
  t->name_slots[at] = (uint32_t)col + 1;
}

int sf_table_find(const sf_table *t, const char *name) {
  size_t i;
  if (t->name_slots) {
    for (i = name_hash(name) & (t->nslots - 1); t->name_slots[i]; i = (i + 1) & (t->nslots - 1))
      if (!strcmp(t->cols[t->name_slots[i] - 1].name, name)) return (int)t->name_slots[i] - 1;
    return -1;
  }
  for (i = 0; i < t->ncols; i++)
    if (strcmp(t->cols[i].name, name) == 0) return (int)i;
  return -1;
}

const char *sf_column_str(const sf_column *c, size_t row) {
  int32_t code;
  if (c->type == SF_NUMBER || c->type == SF_VECTOR) return NULL;
  code = c->codes[row];
  return code < 0 ? NULL : c->dict.strs[code];
}

int sf_column_label(const sf_column *c, size_t row, char *buf, size_t cap, const char **out) {
  if (sf_column_is_missing(c, row)) return 0;
  if (c->type == SF_NUMBER) {
    sf_format_number(c->num[row], buf, cap);
    *out = buf;
  } else if (c->type == SF_VECTOR) {
    sf_vector_text(c, row, buf, cap);
    *out = buf;
  } else {
    *out = c->dict.strs[c->codes[row]];
  }
  return 1;
}

/* At most the first 6 numbers of the vector, then how many there are when that is
 * not all: "[0, 0.5, 13, 15, 2, 0, \xe2\x80\xa6 64 numbers]" (cut to fit buf). */
void sf_vector_text(const sf_column *c, size_t row, char *buf, size_t cap) {
  char num[32];
  size_t a, len = 0, shown = c->dim < 6 ? c->dim : 6;
  if (cap < 2) return;
  buf[len++] = '[';
  buf[len] = 0;
  for (a = 0; a < shown && len < cap; a++) {
    sf_format_number(c->num[a * c->nrows + row], num, sizeof num);
    len += (size_t)snprintf(buf + len, cap - len, "%s%s", a ? ", " : "", num);
  }
  if (len >= cap) return;
  if (shown < c->dim) snprintf(buf + len, cap - len, ", \xe2\x80\xa6 %zu numbers]", c->dim);
  else snprintf(buf + len, cap - len, "]");
}
