/* kernel_fixture.h — a hand-built table (no ingest) in an engine, and helpers
 * that run a component through sf_run (config validated against its schema.json,
 * rows selected, kernel run, result printed). Shared by the kernel tests. */
#ifndef SF_KERNEL_FIXTURE_H
#define SF_KERNEL_FIXTURE_H
#include "internal.h"
#include "test.h"
#include <stdlib.h>

#define FIX_ROWS 10
static const double fix_x[FIX_ROWS] = {1.5, 2, NAN, 4, 5, 2, -1, 10, 0.1, 3};
static const char *const fix_c[FIX_ROWS] = {"a", "b", "a", NULL, "c", "b", "a", "b", "a", "c"};
static const int fix_f[FIX_ROWS] = {1, 0, -1, 1, 1, 0, 0, 1, 0, 1};
static const char *const fix_s[FIX_ROWS] = {"t0", "t1", "t2", "t3", NULL, "t5", "t6", "t7", "t8", "t9"};
static const char *const fix_y[FIX_ROWS] = {"cat", "dog", "cat", "bird", "dog", "cat", "dog", "bird", "cat", "dog"};
static const char *const fix_p[FIX_ROWS] = {"cat", "cat", "cat", "bird", "dog", "dog", "dog", "cat", NULL, "dog"};
static const double fix_yn[FIX_ROWS] = {0, 1, 2, 1, 0, 2, 1, 1, 0, 2};
static const double fix_pn[FIX_ROWS] = {0, 2, 2, 1, 0, 1, 1, 1, 0, 0};

static void fix_strings(sf_column *c, const char *const *v, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (v[i]) sf_dict_intern(&c->dict, v[i], strlen(v[i]), &c->codes[i], NULL);
  sf_column_count_missing(c, n);
}

static void fix_numbers(sf_column *c, const double *v, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) c->num[i] = v[i];
  sf_column_count_missing(c, n);
}

/* Columns: x (number), c (category), f (bool), s (text), y (category, role label),
 * p (category, role prediction), yn, pn (numbers). */
static sf_table *fix_table(void) {
  sf_table *t = sf_table_new();
  sf_column *c;
  size_t i;
  t->nrows = FIX_ROWS;
  sf_table_add_column(t, "x", SF_NUMBER, FIX_ROWS, &c, NULL);
  fix_numbers(c, fix_x, FIX_ROWS);
  sf_table_add_column(t, "c", SF_CATEGORY, FIX_ROWS, &c, NULL);
  fix_strings(c, fix_c, FIX_ROWS);
  sf_table_add_column(t, "f", SF_BOOL, FIX_ROWS, &c, NULL);
  for (i = 0; i < FIX_ROWS; i++) c->codes[i] = fix_f[i];
  sf_column_count_missing(c, FIX_ROWS);
  sf_table_add_column(t, "s", SF_TEXT, FIX_ROWS, &c, NULL);
  fix_strings(c, fix_s, FIX_ROWS);
  sf_table_add_column(t, "y", SF_CATEGORY, FIX_ROWS, &c, NULL);
  fix_strings(c, fix_y, FIX_ROWS);
  c->role = SF_ROLE_LABEL;
  sf_table_add_column(t, "p", SF_CATEGORY, FIX_ROWS, &c, NULL);
  fix_strings(c, fix_p, FIX_ROWS);
  c->role = SF_ROLE_PREDICTION;
  sf_table_add_column(t, "yn", SF_NUMBER, FIX_ROWS, &c, NULL);
  fix_numbers(c, fix_yn, FIX_ROWS);
  sf_table_add_column(t, "pn", SF_NUMBER, FIX_ROWS, &c, NULL);
  fix_numbers(c, fix_pn, FIX_ROWS);
  return t;
}

/* An engine holding table t (sf_close frees both). */
static sf_engine *fix_wrap(sf_table *t) {
  sf_engine *e = sf_open();
  e->table = t;
  return e;
}
static sf_engine *fix_engine(void) { return fix_wrap(fix_table()); }

/* The sf_run request for component type over filter (JSON text or NULL) with
 * config (JSON text or NULL); malloc'd. */
static char *fix_request(const char *type, const char *filter, const char *config) {
  size_t n = strlen(type) + (filter ? strlen(filter) : 4) + (config ? strlen(config) : 4) + 64;
  char *req = malloc(n);
  snprintf(req, n, "{\"component\":\"%s\",\"filter\":%s,\"config\":%s}", type, filter ? filter : "null",
           config ? config : "null");
  return req;
}

/* Run component type; returns the parsed result (caller deletes) or NULL with
 * err->msg = sf_last_error. */
static cJSON *fix_run(sf_engine *e, const char *type, const char *filter, const char *config, sf_error *err) {
  char *req = fix_request(type, filter, config), *text = sf_run(e, req);
  cJSON *res = text ? cJSON_Parse(text) : NULL;
  memset(err, 0, sizeof *err);
  if (!text) snprintf(err->msg, sizeof err->msg, "%s", sf_last_error(e));
  sf_free(text);
  free(req);
  return res;
}

/* Make the 1st, 2nd, ... allocation of the run fail until it succeeds: every
 * failure must say "out of memory" (no crash; ASan checks leaks). Returns the
 * number of allocations the run needed. */
static int fix_oom_sweep(sf_engine *e, const char *type, const char *filter, const char *config) {
  char *req = fix_request(type, filter, config);
  int n, done = 0;
  for (n = 0; n < 100000 && !done; n++) {
    char *text;
    sf_alloc_fail_after(n);
    text = sf_run(e, req);
    sf_alloc_fail_after(-1);
    if (text) done = 1;
    else CHECK(strstr(sf_last_error(e), "out of memory") != NULL);
    sf_free(text);
  }
  free(req);
  CHECK(done);
  return n;
}

/* The printed form of a result member, for compact whole-value checks. */
static char *fix_print(const cJSON *root, const char *key) {
  return cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(root, key));
}
#define CHECK_MEMBER(root, key, expected) \
  do { char *s_ = fix_print(root, key); CHECK_STR(s_, expected); free(s_); } while (0)
#define NUM(obj, key) (cJSON_GetObjectItemCaseSensitive(obj, key)->valuedouble)

#endif
