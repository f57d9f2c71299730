/* test_ingest_typed.c — a differential test of typing values as they arrive
 * (rawcols.c): random columns of numbers in every textual form, missing tokens,
 * bools, vectors, categories and text, each perhaps broken late by a value of
 * another kind, are loaded through the public API and every column's type and
 * every value are checked against the rules of infer.c applied here directly to
 * the whole column's text (as the engine did before it typed while streaming).
 * Whatever the chunking and the "size" hint (right, too small, too large), the
 * result is the same. A field of a megabyte and a line without a newline too. */
#include "test.h"
#include "ingest_util.h"
#include <stdint.h>

static uint64_t rng = 88172645463325252u;
static uint32_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (uint32_t)(rng >> 11); }
static uint32_t below(uint32_t n) { return rnd() % n; }

enum { K_TEXT = SF_RAW_TEXT, K_NUMBER = SF_RAW_NUMBER, K_BOOL = SF_RAW_BOOL, K_STRING = SF_RAW_STRING, K_NULL = 9 };
typedef struct { int kind; char text[200]; } val;

/* A number as text, in one of many forms (canonical and not). */
static void number_text(char *out, size_t cap) {
  double x = (double)(int32_t)rnd() / (double)(1u << below(31));
  switch (below(16)) {
  case 0: snprintf(out, cap, "+%u", below(1000)); break;
  case 1: snprintf(out, cap, " %g ", x); break;
  case 2: snprintf(out, cap, "%e", x); break;
  case 3: snprintf(out, cap, ".%u", below(100)); break;
  case 4: snprintf(out, cap, "%u.", below(100)); break;
  case 5: snprintf(out, cap, "00%u", below(100)); break;
  case 6: snprintf(out, cap, "%.17g", x); break;
  case 7: snprintf(out, cap, "%u%u%u%u", rnd(), rnd(), rnd(), rnd()); break; /* > 19 digits */
  case 8: snprintf(out, cap, "%s0.%0*u", below(2) ? "-" : "", (int)below(30) + 1, below(10)); break;
  case 9: snprintf(out, cap, "%s", below(2) ? "-0" : "0"); break;
  case 10: snprintf(out, cap, "%.*f", (int)below(4), 0.0 * x); break;
  case 11: snprintf(out, cap, "1e%d", (int)below(80) - 40); break;
  default: snprintf(out, cap, "%.*f", (int)below(7), x); break; /* canonical, mostly */
  }
}

static void missing_text(char *out, size_t cap) {
  static const char *const m[] = {"", "NA", "N/A", "NaN", "nan", "null", "NULL"};
  snprintf(out, cap, "%s", m[below(7)]);
}

/* A value of family f (0 number, 1 bool, 2 vector, 3 category, 4 text), as CSV text. */
static void family_text(int f, char *out, size_t cap) {
  static const char *const bools[] = {"true", "false", "TRUE", "False"};
  static const char *const words[] = {"red", "green", "blue", "a,b", "say \"hi\"", "1", "true"};
  if (below(10) == 0) { missing_text(out, cap); return; }
  switch (f) {
  case 0: number_text(out, cap); break;
  case 1: snprintf(out, cap, "%s", bools[below(4)]); break;
  case 2: snprintf(out, cap, "[%u, %u.5]", below(9), below(9)); break;
  case 3: snprintf(out, cap, "%s", words[below(5)]); break;
  default: snprintf(out, cap, "text %u %u %u that is long enough to be text", rnd(), rnd(), rnd()); break;
  }
}

/* A value that breaks a column late: of another family, or a near number. */
static void poison_text(char *out, size_t cap) {
  static const char *const p[] = {"abc", "inf", "0x10", "1,5", "1 2", "-", "[1, 2, 3]", "True", "1e999", "words, words"};
  if (below(3) == 0) family_text((int)below(5), out, cap);
  else snprintf(out, cap, "%s", p[below(10)]);
}

static int is_missing_csv(const val *v) { return v->kind == K_TEXT ? sf_is_missing_token(v->text, strlen(v->text)) : v->kind == K_NULL; }

/* strtod over the text without its spaces (the reference value of a number). */
static double ref_strtod(const char *s) {
  char tmp[220];
  size_t n = strlen(s);
  while (*s == ' ' || *s == '\t') s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  memcpy(tmp, s, n);
  tmp[n] = 0;
  return strtod(tmp, NULL);
}

static int ref_bool(const char *s, int *b) {
  if (sf_ieq(s, "true")) { *b = 1; return 1; }
  if (sf_ieq(s, "false")) { *b = 0; return 1; }
  return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* infer.c's rules over the whole column, checked against the loaded column. */
static void check_column(const sf_column *c, const val *vals, size_t nrows, int forced_category) {
  size_t i, nonmiss = 0, total = 0, distinct = 0, dim = 0;
  int num_ok = 1, bool_ok = 1, vec_ok = 1, b;
  double d;
  sf_type want;
  const char **sorted = malloc((nrows ? nrows : 1) * sizeof *sorted);
  for (i = 0; i < nrows; i++) {
    const val *v = &vals[i];
    size_t k;
    if (is_missing_csv(v)) continue;
    nonmiss++;
    total += strlen(v->text);
    if (!((v->kind == K_TEXT || v->kind == K_NUMBER) && sf_parse_number(v->text, &d))) num_ok = 0;
    if (!(v->kind == K_BOOL || (v->kind == K_TEXT && ref_bool(v->text, &b)))) bool_ok = 0;
    k = sf_parse_vector(v->text, NULL, 0, 0);
    if (!dim) dim = k;
    if (!k || k != dim) vec_ok = 0;
    sorted[nonmiss - 1] = v->text;
  }
  qsort(sorted, nonmiss, sizeof *sorted, cmp_str);
  for (i = 0; i < nonmiss; i++) distinct += i == 0 || strcmp(sorted[i], sorted[i - 1]) != 0;
  if (forced_category) want = SF_CATEGORY;
  else if (!nonmiss) want = SF_CATEGORY;
  else if (num_ok) want = SF_NUMBER;
  else if (bool_ok) want = SF_BOOL;
  else if (vec_ok) want = SF_VECTOR;
  else if (distinct * 2 > nonmiss && (distinct > 50 || total >= 40 * nonmiss)) want = SF_TEXT;
  else want = SF_CATEGORY;
  free(sorted);
  CHECK(c->type == want);
  if (getenv("SF_TYPES")) fprintf(stderr, "%s ", sf_type_name(want));
  CHECK(c->missing == nrows - nonmiss);
  if (c->type != want) { fprintf(stderr, "column %s: type %s, want %s\n", c->name, sf_type_name(c->type), sf_type_name(want)); return; }
  for (i = 0; i < nrows; i++) {
    const val *v = &vals[i];
    int miss = is_missing_csv(v), ok = 1;
    if (want == SF_NUMBER) {
      double r = miss ? 0 : v->kind == K_NUMBER ? strtod(v->text, NULL) : ref_strtod(v->text);
      ok = miss ? isnan(c->num[i]) : memcmp(&c->num[i], &r, sizeof r) == 0;
    } else if (want == SF_BOOL) {
      ok = miss ? c->codes[i] == -1 : ref_bool(v->text, &b) && c->codes[i] == b;
    } else if (want == SF_VECTOR) {
      double e[8];
      size_t a;
      if (miss) ok = isnan(c->num[i]);
      else {
        sf_parse_vector(v->text, e, 1, 8);
        for (a = 0; a < dim; a++) ok &= c->num[a * nrows + i] == e[a];
      }
    } else {
      const char *s = sf_column_str(c, i);
      ok = miss ? s == NULL : s && strcmp(s, v->text) == 0;
    }
    CHECK(ok);
    if (!ok) { fprintf(stderr, "column %s row %zu: '%s'\n", c->name, i, v->text); return; }
  }
}

static void csv_field(dbuf *b, const char *s) {
  int quote = strpbrk(s, ",\"") || below(8) == 0; /* some quoted without need: the slow path */
  if (!quote) { dputs(b, s); return; }
  dputs(b, "\"");
  for (; *s; s++) dputs(b, *s == '"' ? "\"\"" : (char[2]){*s, 0});
  dputs(b, "\"");
}

#define NCOLS 14
#define NROWS 1500

static void test_random_csv(int round) {
  static val vals[NCOLS][NROWS];
  dbuf b = {0, 0, 0};
  size_t i, k;
  char opts[3][64], *ref;
  sf_engine *e = NULL;
  for (k = 0; k < NCOLS; k++) {
    int fam = (int)(k % 5), late = below(3) ? (int)below(NROWS) : -1, from = below(4) == 0 ? (int)below(NROWS) : 0;
    for (i = 0; i < NROWS; i++) {
      val *v = &vals[k][i];
      v->kind = K_TEXT;
      if ((int)i < from) missing_text(v->text, sizeof v->text); /* a column that starts late */
      else if ((int)i == late) poison_text(v->text, sizeof v->text);
      else family_text(fam, v->text, sizeof v->text);
    }
  }
  for (k = 0; k < NCOLS; k++) {
    char name[16];
    snprintf(name, sizeof name, "%sc%zu", k ? "," : "", k);
    dputs(&b, name);
  }
  dputs(&b, round % 2 ? "\r\n" : "\n");
  for (i = 0; i < NROWS; i++) {
    for (k = 0; k < NCOLS; k++) {
      if (k) dputs(&b, ",");
      csv_field(&b, vals[k][i].text);
    }
    if (i + 1 < NROWS || round % 3) dputs(&b, round % 2 ? "\r\n" : "\n");
  }
  snprintf(opts[0], sizeof opts[0], "{\"size\": %zu}", b.n);
  snprintf(opts[1], sizeof opts[1], "{\"size\": 100}");
  snprintf(opts[2], sizeof opts[2], "{\"size\": %zu}", b.n * 20);
  ref = load_chunked("{\"columns\": {\"c3\": {\"type\": \"category\"}}}", b.s, b.n, b.n, &e);
  CHECK(strncmp(ref, "ERROR", 5) != 0);
  if (e->table) {
    CHECK(e->table->nrows == NROWS && e->table->ncols == NCOLS);
    for (k = 0; k < NCOLS && k < e->table->ncols; k++) check_column(&e->table->cols[k], vals[k], NROWS, k == 3);
  }
  sf_close(e);
  free(ref);
  /* the same table whatever the chunks and the hint */
  ref = load_chunked("{}", b.s, b.n, b.n, NULL);
  for (k = 0; k < 3; k++) {
    static const size_t chunks[] = {1, 7, 4096};
    char *got = load_chunked(opts[k], b.s, b.n, chunks[(k + (size_t)round) % 3], NULL);
    CHECK(strcmp(got, ref) == 0);
    free(got);
  }
  free(ref);
  free(b.s);
}

/* JSON Lines: numbers, strings, bools and nulls mixed in a column. */
static void test_random_jsonl(void) {
  static val vals[6][400];
  dbuf b = {0, 0, 0};
  size_t i, k;
  sf_engine *e = NULL;
  char *ref, *got;
  for (k = 0; k < 6; k++) {
    int late = below(2) ? (int)below(400) : -1;
    for (i = 0; i < 400; i++) {
      val *v = &vals[k][i];
      int f = (int)i == late ? (int)below(4) : (int)(k % 3);
      if (below(10) == 0) { v->kind = K_NULL; strcpy(v->text, "null"); continue; }
      if (f == 0) { /* a JSON number: its text is its shortest form */
        double x = (double)(int32_t)rnd() / (double)(1u << below(31));
        if ((int)i == late && below(2)) x = HUGE_VAL;
        v->kind = K_NUMBER;
        sf_format_number(x, v->text, sizeof v->text);
      } else if (f == 1) {
        v->kind = K_BOOL;
        strcpy(v->text, below(2) ? "true" : "false");
      } else {
        v->kind = K_STRING;
        snprintf(v->text, sizeof v->text, "%s", below(2) ? "1.5" : below(2) ? "true" : "word");
      }
    }
  }
  for (i = 0; i < 400; i++) {
    dputs(&b, "{");
    for (k = 0; k < 6; k++) {
      const val *v = &vals[k][i];
      char item[260];
      if (v->kind == K_NUMBER && strcmp(v->text, "inf") == 0) snprintf(item, sizeof item, "\"j%zu\": 1e999", k);
      else if (v->kind == K_STRING) snprintf(item, sizeof item, "\"j%zu\": \"%s\"", k, v->text);
      else snprintf(item, sizeof item, "\"j%zu\": %s", k, v->text);
      if (k) dputs(&b, ", ");
      dputs(&b, item);
    }
    dputs(&b, "}\n");
  }
  ref = load_chunked("{}", b.s, b.n, b.n, &e);
  CHECK(strncmp(ref, "ERROR", 5) != 0);
  if (e->table)
    for (k = 0; k < 6 && k < e->table->ncols; k++) check_column(&e->table->cols[k], vals[k], 400, 0);
  sf_close(e);
  got = load_chunked("{\"size\": 50}", b.s, b.n, 5, NULL);
  CHECK(strcmp(got, ref) == 0);
  free(got);
  free(ref);
  free(b.s);
}

/* A one-megabyte quoted field, a long number, and a file of one line without a
 * newline: read whole, whatever the chunking. */
static void test_long_values(void) {
  size_t big = 1 << 20, i;
  char *s = malloc(big + 200), *ref, *got;
  sf_engine *e = NULL;
  const sf_column *c;
  memcpy(s, "a,b\n1,\"", 7);
  for (i = 0; i < big; i++) s[7 + i] = (char)('a' + i % 26);
  memcpy(s + 7 + big, "\"\n2,x\n", 7);
  ref = load_chunked("{}", s, strlen(s), 4096, &e);
  CHECK(strncmp(ref, "ERROR", 5) != 0);
  c = col_named(e, "b");
  CHECK(c && c->type == SF_TEXT && strlen(sf_column_str(c, 0)) == big && sf_column_str(c, 0)[big - 1] == (char)('a' + (big - 1) % 26));
  sf_close(e);
  got = load_chunked("{}", s, strlen(s), 65536, NULL);
  CHECK(strcmp(got, ref) == 0);
  free(got);
  free(ref);
  /* the same text as one JSON string */
  memcpy(s, "{\"a\": 1, \"b\": \"", 15);
  for (i = 0; i < big; i++) s[15 + i] = (char)('a' + i % 26);
  strcpy(s + 15 + big, "\"}\n{\"a\": 2, \"b\": \"x\"}\n");
  ref = load_chunked("{}", s, strlen(s), 4096, &e);
  c = col_named(e, "b");
  CHECK(c && c->type == SF_TEXT && strlen(sf_column_str(c, 0)) == big && sf_column_str(c, 0)[big - 1] == (char)('a' + (big - 1) % 26));
  CHECK_STR(sf_column_str(c, 1), "x");
  sf_close(e);
  free(ref);
  /* one line, no newline: a header of one long name and no rows */
  for (i = 0; i < big; i++) s[i] = (char)('a' + i % 26);
  s[big] = 0;
  got = load_error("{}", s);
  CHECK_STR(got, "2:1: the file has a header but no rows");
  free(got);
  /* a number of 300 digits in a number column, unquoted (staged) and quoted */
  strcpy(s, "n\n1\n");
  for (i = 0; i < 300; i++) s[4 + i] = (char)('1' + i % 9);
  strcpy(s + 304, "\n\"");
  memcpy(s + 306, s + 4, 300);
  strcpy(s + 606, "\"\n");
  ref = load_chunked("{}", s, strlen(s), 4096, &e);
  c = col_named(e, "n");
  CHECK(c && c->type == SF_NUMBER && c->num[1] == strtod(s + 4 + 0 * 300, NULL) && c->num[2] == c->num[1]);
  sf_close(e);
  free(ref);
  free(s);
}

/* The 8-bytes-at-a-time reading of short decimals (taken when 24 bytes follow) gives
 * what the digit-by-digit one gives on the same text alone. */
static void test_number_fast_path(void) {
  int t;
  for (t = 0; t < 200000; t++) {
    char buf[64], *p = buf;
    size_t len, k, n;
    double a = 0, b = 0;
    int fa = -1, fb = -1, ok;
    const char *end;
    if (below(3) == 0) *p++ = '-';
    n = below(10);
    for (k = 0; k < n; k++) *p++ = (char)('0' + below(10));
    if (below(3)) {
      *p++ = '.';
      n = below(10);
      for (k = 0; k < n; k++) *p++ = (char)('0' + below(10));
    }
    if (below(8) == 0) *p++ = below(2) ? 'e' : 'E';
    len = (size_t)(p - buf);
    memcpy(p, ",9.5e3,abc,12345678901234567890", 32); /* what follows in a chunk */
    end = sf_number_at(buf, buf + len + 32, &a, &fa);
    ok = sf_number_text(buf, len, &b, &fb);
    if (end != buf + len) { /* not a number that ends there: nor is the text alone */
      CHECK(!ok);
      continue;
    }
    CHECK(ok && memcmp(&a, &b, sizeof a) == 0 && fa == fb);
  }
}

/* Numbers of one format, then text: the texts come back as written. */
static void test_uniform_then_text(void) {
  sf_engine *e = NULL;
  char *got = load_chunked("{}", "a,b\n1.50,-0.00\n2.25,0.10\n,x\n-3.00,1e3\n", 38, 5, &e);
  const sf_column *a = col_named(e, "a"), *b = col_named(e, "b");
  CHECK(a && a->type == SF_NUMBER && a->num[0] == 1.5 && isnan(a->num[2]) && a->num[3] == -3);
  CHECK(b && b->type == SF_CATEGORY);
  if (b && b->type == SF_CATEGORY) {
    CHECK_STR(sf_column_str(b, 0), "-0.00");
    CHECK_STR(sf_column_str(b, 1), "0.10");
    CHECK_STR(sf_column_str(b, 2), "x");
    CHECK_STR(sf_column_str(b, 3), "1e3");
  }
  sf_close(e);
  free(got);
}

/* The size hint is a whole number of bytes; any such number gives the same table. */
static void test_size_option(void) {
  char *got;
  got = load_error("{\"size\": -1}", "a\n1\n");
  CHECK_STR(got, "size: must be the input's size in bytes (a whole number >= 0)");
  free(got);
  got = load_error("{\"size\": 1.5}", "a\n1\n");
  CHECK_STR(got, "size: must be the input's size in bytes (a whole number >= 0)");
  free(got);
  got = load_error("{\"size\": \"4\"}", "a\n1\n");
  CHECK_STR(got, "size: must be the input's size in bytes (a whole number >= 0)");
  free(got);
  got = load_error("{\"size\": 0}", "a\n1\n");
  CHECK_STR(got, "");
  free(got);
  got = load_error("{\"size\": 9007199254740992}", "a\n1\n");
  CHECK_STR(got, "");
  free(got);
}

int main(void) {
  int r;
  sf_json_init();
  for (r = 0; r < 6; r++) test_random_csv(r);
  for (r = 0; r < 4; r++) test_random_jsonl();
  test_long_values();
  test_uniform_then_text();
  test_number_fast_path();
  test_size_option();
  return test_report("test_ingest_typed");
}
