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
  return t;
}

/* The order covers every non-missing row once, ascending by value, -0 before 0, ties by row. */
static void test_order(const sf_table *t) {
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
    free(seen);
  }
  CHECK(sf_column_order(t, NCOLS, &t->cols[0].nrows) == NULL); /* a category has none */
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

/* sf_run's text for a request, with or without the indexes. */
static char *run_text(sf_engine *e, const char *type, const char *filter, int indexed) {
  char *req = fix_request(type, filter, NULL), *text;
  sf_colindex_enable(indexed);
  text = sf_run(e, req);
  sf_colindex_enable(1);
  free(req);
  return text;
}

static void test_same_results(sf_engine *e) {
  char filter[256];
  int i, same = 0, runs = 60;
  for (i = 0; i < runs; i++) {
    char *fast, *plain;
    random_filter(filter, sizeof filter);
    fast = run_text(e, "summary", filter, 1);
    plain = run_text(e, "summary", filter, 0);
    CHECK(fast != NULL && plain != NULL);
    if (fast && plain && strcmp(fast, plain) == 0) same++;
    else fprintf(stderr, "summary over %s:\n  indexed %s\n  plain   %s\n", filter, fast, plain);
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
  test_order(e->table);
  test_same_results(e);
  fix_oom_sweep(e, "summary", "{\"field\":\"n2\",\"range\":[-50,50]}", NULL);
  sf_close(e);
  e = fix_wrap(random_table()); /* out of memory while the index is built: the plain path, same numbers */
  fix_oom_sweep(e, "summary", NULL, NULL);
  test_same_results(e);
  sf_close(e);
  test_threshold_view();
  return test_report("colindex");
}
