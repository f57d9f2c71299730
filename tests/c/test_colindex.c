/* test_colindex.c — wasm/src/colindex.c: a numeric column's order index, and the
 * kernels that read it giving exactly (byte for byte) what their plain paths give,
 * on random data with missing values, ties, -0 and 0, under random filters. */
#include "kernel_fixture.h"

#define ROWS 3000
#define NCOLS 6

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void) { /* xorshift64 */
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}
static double uniform(void) { return (double)(next() >> 11) / 9007199254740992.0; }

/* Column k's value for one row: few distinct values with many ties (k 0), -0 and 0
 * (k 1), continuous (k 2), huge and tiny magnitudes (k 3), all missing (k 4),
 * one value (k 5); about 1 in 8 missing except k 5. */
static double value(int k) {
  double u = uniform();
  if (k == 4 || (k != 5 && u < 0.125)) return NAN;
  switch (k) {
    case 0: return (double)(next() % 7) - 3;
    case 1: return next() % 2 ? -0.0 : (next() % 3 ? 0.0 : 1.5);
    case 2: return uniform() * 200 - 100;
    case 3: return (next() % 2 ? 1e300 : 1e-300) * (uniform() - 0.5);
    case 5: return 42;
  }
  return 0;
}

static sf_table *random_table(void) {
  sf_table *t = sf_table_new();
  sf_column *c;
  char name[8];
  int k;
  size_t i;
  t->nrows = ROWS;
  for (k = 0; k < NCOLS; k++) {
    snprintf(name, sizeof name, "n%d", k);
    sf_table_add_column(t, name, SF_NUMBER, ROWS, &c, NULL);
    for (i = 0; i < ROWS; i++) c->num[i] = value(k);
    sf_column_count_missing(c, ROWS);
  }
  sf_table_add_column(t, "g", SF_CATEGORY, ROWS, &c, NULL);
  for (i = 0; i < ROWS; i++) {
    static const char *const g[] = {"a", "b", "c"};
    if (next() % 10) sf_dict_intern(&c->dict, g[next() % 3], 1, &c->codes[i], NULL);
  }
  sf_column_count_missing(c, ROWS);
  /* a label of classes a, b, c and their scores: few values with ties, one with -0 and 0 */
  sf_table_add_column(t, "y", SF_CATEGORY, ROWS, &c, NULL);
  for (i = 0; i < ROWS; i++) {
    static const char *const y[] = {"a", "b", "c"};
    if (next() % 20) sf_dict_intern(&c->dict, y[next() % 3], 1, &c->codes[i], NULL);
  }
  sf_column_count_missing(c, ROWS);
  c->role = SF_ROLE_LABEL;
  for (k = 0; k < 3; k++) {
    snprintf(name, sizeof name, "p_%c", 'a' + k);
    sf_table_add_column(t, name, SF_NUMBER, ROWS, &c, NULL);
    for (i = 0; i < ROWS; i++)
      c->num[i] = next() % 25 == 0 ? NAN : k == 2 && next() % 9 == 0 ? (next() % 2 ? -0.0 : 0.0)
                                                                      : (double)(next() % (k ? 1000 : 40)) / 1000;
    sf_column_count_missing(c, ROWS);
    c->role = SF_ROLE_SCORE;
    c->score_class = sf_strdup(name + 2);
  }
  return t;
}

/* Orders: each covers every non-missing row once, ascending by value, -0 before 0, ties by row. */
static void test_orders(const sf_table *t) {
  int k;
  for (k = 0; k < NCOLS; k++) {
    const sf_column *c = &t->cols[k];
    size_t n, i, valid = 0, ok = 1;
    const uint32_t *order = sf_column_order(t, k, &n);
    unsigned char *seen = calloc(ROWS, 1);
    CHECK(order != NULL || k == 4);
    for (i = 0; i < ROWS; i++) valid += !isnan(c->num[i]);
    CHECK(n == valid);
    for (i = 0; i < n && ok; i++) {
      double a = c->num[order[i]];
      ok = !isnan(a) && !seen[order[i]]++;
      if (i > 0) {
        double b = c->num[order[i - 1]];
        int neg_a = signbit(a) != 0, neg_b = signbit(b) != 0;
        ok = ok && (b < a || (b == a && (neg_b > neg_a || (neg_b == neg_a && order[i - 1] < order[i]))));
      }
    }
    CHECK(ok);
    CHECK(sf_column_order(t, k, &i) == order); /* built once, kept */
    CHECK(sf_column_ranks_of(t, k) == NULL);
    free(seen);
  }
  CHECK(sf_column_order(t, NCOLS, &t->cols[0].nrows) == NULL); /* a category has none */
}

/* Ranks: the distinct values ascending by key (-0 before 0), each row's rank its value's place. */
static void test_ranks(const sf_table *t) {
  int k;
  for (k = 0; k < NCOLS; k++) {
    const sf_column *c = &t->cols[k];
    const sf_column_ranks *rk = sf_column_ranks_of(t, k);
    size_t i, n, ok = 1;
    CHECK(rk != NULL);
    if (!rk) continue;
    CHECK(sf_column_order(t, k, &n) == NULL && n == 0);
    for (i = 1; i < rk->nvalues && ok; i++) {
      double a = rk->values[i - 1], b = rk->values[i];
      ok = a < b || (a == b && signbit(a) && !signbit(b));
    }
    for (i = 0; i < ROWS && ok; i++)
      ok = isnan(c->num[i]) ? rk->rank[i] == 0
                            : rk->rank[i] >= 1 && rk->rank[i] <= rk->nvalues &&
                                  memcmp(&rk->values[rk->rank[i] - 1], &c->num[i], sizeof(double)) == 0;
    CHECK(ok);
    CHECK(sf_column_ranks_of(t, k) == rk);
  }
  CHECK(sf_column_ranks_of(t, 1)->nvalues == 3); /* -0, 0 and 1.5 */
  CHECK(sf_column_ranks_of(t, 4)->nvalues == 0); /* all missing */
}

/* A random filter: a range on a numeric column, values of g, their and / not, or none. */
static void random_filter(char *buf, size_t cap) {
  double a = uniform() * 8 - 4, b = a + uniform() * 4;
  int k = (int)(next() % NCOLS);
  switch (next() % 5) {
    case 0: snprintf(buf, cap, "null"); break;
    case 1: snprintf(buf, cap, "{\"field\":\"n%d\",\"range\":[%.17g,%.17g]}", k, k == 2 ? a * 25 : a, k == 2 ? b * 25 : b); break;
    case 2: snprintf(buf, cap, "{\"field\":\"g\",\"in\":[\"a\",null]}"); break;
    case 3: snprintf(buf, cap, "{\"and\":[{\"field\":\"n0\",\"range\":[%.17g,%.17g]},{\"not\":{\"field\":\"g\",\"in\":[\"b\"]}}]}", a, b); break;
    default: snprintf(buf, cap, "{\"field\":\"n1\",\"in\":[0]}"); break;
  }
}

/* The indexes built for the table under test: AUTO (ranks here), or ORDERS. */
static int index_mode = SF_INDEX_AUTO;

/* sf_run's text for a request, with or without the indexes. */
static char *run_text(sf_engine *e, const char *type, const char *filter, const char *config, int indexed) {
  char *req = fix_request(type, filter, config), *text;
  sf_colindex_mode(indexed ? index_mode : SF_INDEX_NONE);
  text = sf_run(e, req);
  sf_colindex_mode(index_mode);
  free(req);
  return text;
}

/* Every kernel that reads an index: summary, roc-pr one-vs-rest and binary (p_c holds -0 and 0). */
static void test_same_results(sf_engine *e) {
  static const char *const kernels[][2] = {{"summary", NULL}, {"roc-pr", "{\"max_points\":10000}"},
                                           {"roc-pr", "{\"positive\":\"b\"}"}, {"roc-pr", "{\"positive\":\"c\"}"}};
  char filter[256];
  int i, same = 0, runs = 120;
  for (i = 0; i < runs; i++) {
    const char *const *kernel = kernels[i % 4];
    char *fast, *plain;
    random_filter(filter, sizeof filter);
    fast = run_text(e, kernel[0], filter, kernel[1], 1);
    plain = run_text(e, kernel[0], filter, kernel[1], 0);
    CHECK(fast != NULL && plain != NULL);
    if (fast && plain && strcmp(fast, plain) == 0) same++;
    else fprintf(stderr, "%s over %s:\n  indexed %s\n  plain   %s\n  (%s)\n", kernel[0], filter, fast, plain, sf_last_error(e));
    sf_free(fast);
    sf_free(plain);
  }
  CHECK(same == runs);
}

/* A threshold view's table shares the file's indexes and frees none of them (ASan). */
static void test_threshold_view(void) {
  static const char *csv = "label,p_yes,x\nyes,0.9,1\nno,0.2,-0\nyes,0.6,0\nno,0.4,\nyes,0.7,3\n";
  static const char *spec = "{\"sinfonia\":1,\"threshold\":{\"value\":0.5},\"components\":{\"s\":{\"type\":\"summary\"}}}";
  sf_engine *e = sf_open();
  char *out;
  sf_ingest_begin(e, NULL);
  sf_ingest_chunk(e, (const uint8_t *)csv, strlen(csv));
  sf_free(sf_ingest_end(e));
  CHECK((out = sf_view_set(e, spec)) != NULL);
  sf_free(out);
  CHECK(e->view && e->view->owned && e->view->owned->indexes == e->table->indexes);
  out = sf_view_run(e, "s", NULL); /* x: 1, -0, 0, 3 and a missing one (-0 and 0 are one value) */
  CHECK(out && strstr(out, "\"name\":\"x\",\"type\":\"number\",\"role\":\"feature\",\"count\":4,\"missing\":1,"
                          "\"distinct\":3,\"mean\":1,\"std\":1.4142135623730951,\"min\":0,\"max\":3,\"median\":0.5"));
  sf_free(out);
  CHECK((out = sf_view_set(e, spec)) != NULL); /* a new view: the old one's table goes, the indexes stay */
  sf_free(out);
  out = sf_view_run(e, "s", NULL);
  CHECK(out != NULL);
  sf_free(out);
  sf_close(e);
}

int main(void) {
  sf_engine *e = fix_wrap(random_table());
  test_ranks(e->table); /* 3000 rows: every column has few values */
  test_same_results(e);
  sf_close(e);
  sf_colindex_mode(index_mode = SF_INDEX_ORDERS); /* orders only */
  e = fix_wrap(random_table());
  test_orders(e->table);
  test_same_results(e);
  sf_colindex_mode(index_mode = SF_INDEX_AUTO);
  fix_oom_sweep(e, "summary", "{\"field\":\"n2\",\"range\":[-50,50]}", NULL);
  sf_close(e);
  e = fix_wrap(random_table()); /* out of memory while the index is built: the plain path, same numbers */
  fix_oom_sweep(e, "summary", NULL, NULL);
  test_same_results(e);
  sf_close(e);
  test_threshold_view();
  return test_report("colindex");
}
