/* kernel_fixture.h — a hand-built table (no ingest) and a helper that runs a
 * kernel the way sf_run does: select, run, print. Shared by the kernel tests. */
#ifndef SF_KERNEL_FIXTURE_H
#define SF_KERNEL_FIXTURE_H
#include "internal.h"
#include "../../components/kernels.h"
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
  c->role = c->inferred_role = SF_ROLE_LABEL;
  sf_table_add_column(t, "p", SF_CATEGORY, FIX_ROWS, &c, NULL);
  fix_strings(c, fix_p, FIX_ROWS);
  c->role = c->inferred_role = SF_ROLE_PREDICTION;
  sf_table_add_column(t, "yn", SF_NUMBER, FIX_ROWS, &c, NULL);
  fix_numbers(c, fix_yn, FIX_ROWS);
  sf_table_add_column(t, "pn", SF_NUMBER, FIX_ROWS, &c, NULL);
  fix_numbers(c, fix_pn, FIX_ROWS);
  return t;
}

/* Run kernel fn over the rows selected by filter (JSON text or NULL) with config
 * (JSON text or NULL). Returns the parsed result (caller deletes) or NULL with err set. */
static cJSON *fix_run(sf_kernel_fn fn, const sf_table *t, const char *filter, const char *config,
                      sf_error *err) {
  cJSON *f = filter ? cJSON_Parse(filter) : NULL, *cfg = config ? cJSON_Parse(config) : NULL;
  cJSON *out = NULL, *res = NULL;
  sf_bitmap rows = {0};
  char *text = NULL;
  memset(err, 0, sizeof *err);
  if (sf_select(t, f, &rows, err)) goto end;
  out = cJSON_CreateObject();
  if (fn(t, &rows, cfg, out, err)) goto end;
  text = sf_json_print(out);
  res = cJSON_Parse(text);
end:
  sf_free(text);
  sf_bitmap_free(&rows);
  cJSON_Delete(out);
  cJSON_Delete(f);
  cJSON_Delete(cfg);
  return res;
}

/* Make the 1st, 2nd, ... allocation of select + kernel + print fail until the run
 * succeeds: every failure must be SF_ENOMEM with a message (no crash; ASan checks
 * leaks). Returns the number of allocations the run needed. */
static int fix_oom_sweep(sf_kernel_fn fn, const sf_table *t, const char *filter, const char *config) {
  cJSON *f = filter ? cJSON_Parse(filter) : NULL, *cfg = config ? cJSON_Parse(config) : NULL;
  int n, done = 0;
  for (n = 0; n < 100000 && !done; n++) {
    sf_bitmap rows = {0};
    sf_error err = {0};
    cJSON *out = NULL;
    char *text = NULL;
    int rc;
    sf_alloc_fail_after(n);
    rc = sf_select(t, f, &rows, &err);
    if (!rc) {
      out = cJSON_CreateObject();
      rc = out ? fn(t, &rows, cfg, out, &err) : sf_oom(&err);
    }
    if (!rc && !(text = sf_json_print(out))) rc = sf_oom(&err);
    sf_alloc_fail_after(-1);
    if (rc) {
      CHECK(rc == SF_ENOMEM && err.code == SF_ENOMEM && err.msg[0]);
    } else {
      done = 1;
    }
    sf_free(text);
    sf_bitmap_free(&rows);
    cJSON_Delete(out);
  }
  cJSON_Delete(f);
  cJSON_Delete(cfg);
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
