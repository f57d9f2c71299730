/* embed.c — the embedding of a table and of a view (DESIGN.md "Roles": embedding).
 *
 * An embedding is a vector per row: a vector column (a JSON array per row), or
 * number columns read together. At load, sf_infer_group finds the group of plain
 * numeric features that names one: a common prefix of letters (then '_' or '-'
 * allowed, e.g. "px", "emb_") followed by the numbers 0..n-1 or 1..n, each once,
 * with n >= SF_GROUP_MIN (px00..px63, emb_0..emb_15; never x, y, or p_cat/p_dog,
 * and not a handful of numbered features such as x1..x5). The view's embedding
 * (sf_roles_embedding) is, in order: a vector column whose role is embedding
 * (one named embedding/embeddings/emb/embs first); the number columns whose role
 * the spec sets to embedding (two or more); the inferred group while all of its
 * columns are still plain features. Kernels read it with sf_call_embedding. */
#include "internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SF_GROUP_MIN 8

typedef struct candidate {
  int col;
  size_t plen;     /* the prefix's length */
  long index;      /* the number after it */
  const char *name;
} candidate;

static int cmp_candidate(const void *pa, const void *pb) {
  const candidate *a = pa, *b = pb;
  size_t n = a->plen < b->plen ? a->plen : b->plen;
  int c = memcmp(a->name, b->name, n);
  if (c) return c;
  if (a->plen != b->plen) return a->plen < b->plen ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

static int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* name = letters ('_' or '-' after the first) + 1..6 digits: the prefix length and number. */
static int split(const char *name, size_t *plen, long *index) {
  size_t n = strlen(name), p = n, i;
  while (p > 0 && name[p - 1] >= '0' && name[p - 1] <= '9') p--;
  if (p == 0 || p == n || n - p > 6 || !is_letter(name[0])) return 0;
  for (i = 1; i < p; i++)
    if (!is_letter(name[i]) && name[i] != '_' && name[i] != '-') return 0;
  *plen = p;
  *index = strtol(name + p, NULL, 10);
  return 1;
}

void sf_infer_group(sf_table *t) {
  candidate *cand;
  size_t i, n = 0, first, best = 0, best_first = 0;
  int best_col = -1;
  sf_free(t->group);
  sf_free(t->group_name);
  t->group = NULL;
  t->group_name = NULL;
  t->ngroup = 0;
  if (!(cand = sf_calloc(t->ncols + 1, sizeof *cand))) return; /* inference is a hint */
  for (i = 0; i < t->ncols; i++) {
    const sf_column *c = &t->cols[i];
    if (c->type != SF_NUMBER || c->role != SF_ROLE_FEATURE || !split(c->name, &cand[n].plen, &cand[n].index)) continue;
    cand[n].col = (int)i;
    cand[n++].name = c->name;
  }
  qsort(cand, n, sizeof *cand, cmp_candidate);
  for (first = 0; first < n; first = i) {
    const candidate *h = &cand[first];
    int ok = h->index == 0 || h->index == 1, lowest = h->col;
    for (i = first + 1; i < n && cand[i].plen == h->plen && !memcmp(cand[i].name, h->name, h->plen); i++) {
      if (cand[i].index != h->index + (long)(i - first)) ok = 0; /* a gap or a repeat */
      if (cand[i].col < lowest) lowest = cand[i].col;
    }
    /* the largest group; of equal ones the one whose first column comes first */
    if (ok && i - first >= SF_GROUP_MIN && (i - first > best || (i - first == best && lowest < best_col))) {
      best = i - first;
      best_first = first;
      best_col = lowest;
    }
  }
  if (best && (t->group = sf_calloc(best, sizeof *t->group)) && (t->group_name = sf_strndup(cand[best_first].name, cand[best_first].plen))) {
    for (i = 0; i < best; i++) t->group[i] = cand[best_first + i].col;
    t->ngroup = best;
  } else {
    sf_free(t->group);
    t->group = NULL;
  }
  sf_free(cand);
}

static int is_embedding_name(const char *name) {
  static const char *const names[] = {"embedding", "embeddings", "emb", "embs", NULL};
  size_t k;
  for (k = 0; names[k]; k++)
    if (sf_ieq(name, names[k])) return 1;
  return 0;
}

/* Set r->emb from the columns cols[0..n) (numbers), or the vector column cols[0]. */
static int set_embedding(sf_roles *r, const char *name, const int *cols, size_t n) {
  const sf_table *t = r->table;
  const sf_column *c = &t->cols[cols[0]];
  size_t a, dim = c->type == SF_VECTOR ? c->dim : n;
  const double **values = sf_calloc(dim, sizeof *values);
  int *own = sf_calloc(n, sizeof *own);
  if (!values || !own) {
    sf_free((void *)values);
    sf_free(own);
    return SF_ENOMEM;
  }
  for (a = 0; a < dim; a++) values[a] = c->type == SF_VECTOR ? c->num + a * t->nrows : t->cols[cols[a]].num;
  memcpy(own, cols, n * sizeof *own);
  r->emb.name = name;
  r->emb.dim = dim;
  r->emb.values = values;
  r->emb.cols = own;
  r->emb.ncols = n;
  return SF_OK;
}

int sf_roles_embedding(sf_roles *r) {
  const sf_table *t = r->table;
  int vec = -1, *nums = NULL, rc;
  size_t i, n = 0;
  for (i = 0; i < t->ncols; i++) {
    if (r->role[i] != SF_ROLE_EMBEDDING || t->cols[i].type != SF_VECTOR) continue;
    if (vec < 0 || (is_embedding_name(t->cols[i].name) && !is_embedding_name(t->cols[vec].name))) vec = (int)i;
  }
  if (vec >= 0) return set_embedding(r, t->cols[vec].name, &vec, 1);
  if (!(nums = sf_calloc(t->ncols + 1, sizeof *nums))) return SF_ENOMEM;
  for (i = 0; i < t->ncols; i++)
    if (r->role[i] == SF_ROLE_EMBEDDING && t->cols[i].type == SF_NUMBER) nums[n++] = (int)i;
  if (n >= 2) {
    rc = set_embedding(r, "embedding", nums, n);
  } else {
    for (i = 0; i < t->ngroup && r->role[t->group[i]] == SF_ROLE_FEATURE; i++) {}
    rc = t->ngroup && i == t->ngroup ? set_embedding(r, t->group_name, t->group, t->ngroup) : SF_OK;
  }
  sf_free(nums);
  return rc;
}

void sf_embedding_free(sf_embedding *emb) {
  sf_free((void *)emb->values);
  sf_free((void *)emb->cols);
  memset(emb, 0, sizeof *emb);
}

cJSON *sf_embedding_json(const sf_table *t, const sf_embedding *emb) {
  cJSON *o, *cols;
  size_t i;
  if (!emb->dim) return cJSON_CreateNull();
  if (!(o = cJSON_CreateObject())) return NULL;
  if (!sf_json_put(o, "name", cJSON_CreateString(emb->name)) || !sf_json_put(o, "dim", cJSON_CreateNumber((double)emb->dim)) ||
      !(cols = sf_json_put(o, "columns", cJSON_CreateArray())))
    goto fail;
  for (i = 0; i < emb->ncols; i++)
    if (!sf_json_put(cols, NULL, cJSON_CreateString(t->cols[emb->cols[i]].name))) goto fail;
  return o;
fail:
  cJSON_Delete(o);
  return NULL;
}

cJSON *sf_group_json(const sf_table *t) {
  const sf_embedding none = {NULL, 0, NULL, NULL, 0};
  sf_roles r;
  cJSON *out;
  size_t i;
  /* the embedding a view without overrides would have */
  memset(&r, 0, sizeof r);
  r.table = t;
  if (!(r.role = sf_calloc(t->ncols + 1, sizeof *r.role))) return NULL;
  for (i = 0; i < t->ncols; i++) r.role[i] = t->cols[i].role;
  out = sf_roles_embedding(&r) ? NULL : sf_embedding_json(t, r.emb.dim ? &r.emb : &none);
  sf_embedding_free(&r.emb);
  sf_free(r.role);
  return out;
}

int sf_call_embedding(const sf_call *call, sf_embedding *emb) {
  if (!call->roles || !call->roles->emb.dim) {
    memset(emb, 0, sizeof *emb);
    return 0;
  }
  *emb = call->roles->emb;
  return 1;
}

int sf_embedding_row(const sf_embedding *emb, size_t row, double *buf) {
  size_t a;
  int ok = 1;
  for (a = 0; a < emb->dim; a++) {
    buf[a] = emb->values[a][row];
    ok &= isfinite(buf[a]) != 0;
  }
  return ok;
}
