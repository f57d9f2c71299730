/* test_csv.c — the streaming CSV/TSV tokenizer through the ingest: quoting, line
 * ends, BOM, UTF-8, header handling, missing values, errors with line:col, sniffing,
 * and identical tables for every chunking. */
#include "test.h"
#include "ingest_util.h"

static void test_values(void) {
  const char *csv = "\xEF\xBB\xBFname,score,ok,note\r\n"
                    "\"Smith, J\",1.5,true,\"He said \"\"hi\"\"\r\nbye\"\r\n"
                    "Zoë,-2e3,FALSE,\"a\rb\"\r\n"
                    "\r\n"
                    "\"\",NA,,plain \"quote\r\n"
                    "x,  7 ,True\r\n";
  sf_engine *e = NULL;
  char *out = load_chunked(NULL, csv, strlen(csv), 4096, &e);
  const sf_column *name = col_named(e, "name"), *score = col_named(e, "score"), *ok = col_named(e, "ok"),
                  *note = col_named(e, "note");
  CHECK(strncmp(out, "ERROR", 5) != 0);
  CHECK(e->table && e->table->nrows == 4 && e->table->ncols == 4);
  CHECK(name && name->type == SF_CATEGORY && name->missing == 1);
  if (name) {
    CHECK_STR(sf_column_str(name, 0), "Smith, J");
    CHECK_STR(sf_column_str(name, 1), "Zoë");
    CHECK(sf_column_str(name, 2) == NULL);
  }
  CHECK(score && score->type == SF_NUMBER && score->missing == 1);
  if (score) {
    CHECK(score->num[0] == 1.5);
    CHECK(score->num[1] == -2000);
    CHECK(isnan(score->num[2]));
    CHECK(score->num[3] == 7);
  }
  CHECK(ok && ok->type == SF_BOOL && ok->missing == 1);
  if (ok) {
    CHECK(ok->codes[0] == 1 && ok->codes[1] == 0 && ok->codes[2] == -1 && ok->codes[3] == 1);
  }
  CHECK(note && note->missing == 1);
  if (note) {
    CHECK_STR(sf_column_str(note, 0), "He said \"hi\"\r\nbye");
    CHECK_STR(sf_column_str(note, 1), "a\rb");
    CHECK_STR(sf_column_str(note, 2), "plain \"quote");
    CHECK(sf_column_str(note, 3) == NULL); /* short row: padded with missing */
  }
  CHECK(chunk_independent(NULL, csv, strlen(csv)));
  free(out);
  sf_close(e);
}

static void test_missing_tokens(void) {
  /* exactly: empty, NA, N/A, NaN, nan, null, NULL; nothing else */
  const char *csv = "v,w\n1,NA\nNA,N/A\nN/A,NaN\nNaN,nan\nnan,null\nnull,NULL\nNULL,\n\"\",x\n2,na\n3, NA\n";
  sf_engine *e = NULL;
  char *out = load_chunked(NULL, csv, strlen(csv), 5, &e);
  const sf_column *v = col_named(e, "v"), *w = col_named(e, "w");
  CHECK(v && v->type == SF_NUMBER && v->missing == 7);
  CHECK(w && w->type == SF_CATEGORY && w->missing == 7);
  if (w) {
    CHECK_STR(sf_column_str(w, 7), "x");
    CHECK_STR(sf_column_str(w, 8), "na");
    CHECK_STR(sf_column_str(w, 9), " NA");
  }
  free(out);
  sf_close(e);
}

static void test_line_ends(void) {
  const char *lf = "a,b\n1,x\n2,y\n", *crlf = "a,b\r\n1,x\r\n2,y\r\n", *cr = "a,b\r1,x\r2,y\r", *noend = "a,b\n1,x\n2,y";
  char *r1 = load(NULL, lf), *r2 = load(NULL, crlf), *r3 = load(NULL, cr), *r4 = load(NULL, noend);
  /* same table whatever the line ends (fingerprints differ: content differs) */
  CHECK(strstr(r1, "rows\":2") != NULL);
  CHECK_STR(strstr(r1, "\nformat="), strstr(r2, "\nformat="));
  CHECK_STR(strstr(r1, "\nformat="), strstr(r3, "\nformat="));
  CHECK_STR(strstr(r1, "\nformat="), strstr(r4, "\nformat="));
  CHECK(chunk_independent(NULL, crlf, strlen(crlf)));
  CHECK(chunk_independent(NULL, cr, strlen(cr)));
  free(r1); free(r2); free(r3); free(r4);
  /* positions count CR, LF and CRLF as one line end each */
  check_error(NULL, "a,b\r\n1,2\r3,4\n\r\n5,6,7\n", "5:5: row has 3 fields, the header has 2");
}

static void test_header(void) {
  sf_engine *e = NULL;
  char *out = load_chunked(NULL, ",a,a,,a.1,b\n1,2,3,4,5,6\n", 24, 3, &e);
  const char *names[] = {"column_1", "a", "a.1", "column_4", "a.1.1", "b"};
  size_t i;
  CHECK(e->table && e->table->ncols == 6);
  for (i = 0; e->table && i < 6; i++) CHECK_STR(e->table->cols[i].name, names[i]);
  free(out);
  sf_close(e);
  out = load_chunked("{\"header\": false}", "1,x\n2,y\n", 8, 1, &e);
  CHECK(e->table && e->table->nrows == 2 && e->table->header == 0);
  CHECK(col_named(e, "column_1") && col_named(e, "column_1")->type == SF_NUMBER);
  CHECK(col_named(e, "column_2") && col_named(e, "column_2")->type == SF_CATEGORY);
  CHECK(strstr(out, "\"header\":false") != NULL);
  free(out);
  sf_close(e);
  /* a header and no rows is an error where the rows should begin, however the
   * header ends (a line end or not, CRLF, blank lines, a quoted line break) */
  check_error(NULL, "a,b,c\n", "2:1: the file has a header but no rows");
  check_error(NULL, "a,b,c", "2:1: the file has a header but no rows");
  check_error(NULL, "a,b,c\r\n\r\n\n", "2:1: the file has a header but no rows");
  check_error(NULL, "a,\"b\nc\"\n", "3:1: the file has a header but no rows");
  check_error(NULL, "\xEF\xBB\xBF" "a;b\n", "2:1: the file has a header but no rows");
  check_error("{\"header\": false}", "1,2\n3,4,5\n", "2:5: row has 3 fields, the first row has 2");
}

static void test_errors(void) {
  check_error(NULL, "a,b,c,d,e,f,g\n1,2,3,4,5,6,7\n1,2,3,4,5,6,7\n1,2,3,4,5,6,7\n1,2,3,4,5,6,7,8\n",
              "5:15: row has 8 fields, the header has 7");
  check_error(NULL, "a,b\n1,\"abc\ndef\n", "2:3: unterminated quoted field (the file ends inside quotes)");
  check_error(NULL, "a,b\n1,\"abc\"x\n",
              "2:8: unexpected character 'x' after a closing quote (write a quote inside a quoted field as \"\")");
  check_error(NULL, "a,b\n1,\"a\r\nb\" \n", "3:3: unexpected character ' ' after a closing quote (write a quote inside a quoted field as \"\")");
  check_error(NULL, "a,b\n1,\xC3\xA9\xFF\n", "2:5: invalid UTF-8 byte 0xFF");
  check_error(NULL, "a,b\n1,x\xE2\x82", "2:4: invalid UTF-8 byte 0xE2 (the file ends inside a character)");
  check_error(NULL, "a,b\n1,\xED\xA0\x80\n", "2:3: invalid UTF-8 byte 0xED");
  check_error(NULL, "a,b\n1,\xC0\xAF\n", "2:3: invalid UTF-8 byte 0xC0");
  check_error(NULL, "\xFF\xFE" "a\0", "1:1: UTF-16 is not supported; save the file as UTF-8");
  check_error(NULL, "\xFE\xFF", "1:1: UTF-16 is not supported; save the file as UTF-8");
  check_error(NULL, "", "the file is empty");
  check_error(NULL, "\xEF\xBB\xBF", "the file is empty");
  check_error(NULL, "\xEF\xBB\xBF \r\n\t\n", "the file is empty");
  /* the first error in the file wins, whatever the chunking */
  check_error(NULL, "a,b\n\"x\"y,\xFF\n", "2:4: unexpected character 'y' after a closing quote (write a quote inside a quoted field as \"\")");
  {
    const char nul[] = "a,b\n1,x\0y\n";
    char *got;
    CHECK(chunk_independent(NULL, nul, sizeof nul - 1));
    got = load_chunked(NULL, nul, sizeof nul - 1, 2, NULL);
    CHECK_STR(got, "ERROR: 2:4: NUL byte in the input (is this a binary file?)");
    free(got);
  }
  /* columns are byte offsets after the BOM */
  check_error(NULL, "\xEF\xBB\xBF" "a\n\"x", "2:1: unterminated quoted field (the file ends inside quotes)");
  check_error(NULL, "\xEF\xBB\xBF" "a,b\n1,2,3\n", "2:5: row has 3 fields, the header has 2");
}

static void test_sniff(void) {
  struct { const char *opts, *data, *format; char delim; } cases[] = {
      {NULL, "a;b;c\n1,5;2;x\n3;4;y\n", "csv", ';'},
      {NULL, "a\tb\n1\t2, 3\n", "tsv", '\t'},
      {NULL, "a|b\n1|2\n", "csv", '|'},
      {NULL, "\"x,y\";b\n1;2\n", "csv", ';'},
      {NULL, "single\n1\n2\n", "csv", ','},
      {"{\"name\": \"data.tsv\"}", "a,b\n1,2\n", "tsv", '\t'},
      {"{\"format\": \"tsv\"}", "a,b\tc\n1,2\t3\n", "tsv", '\t'},
      {"{\"format\": \"csv\"}", "a;b\n1;2\n", "csv", ','},
      {"{\"delimiter\": \";\"}", "a,b;c\n1,2;3\n", "csv", ';'},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    sf_engine *e = NULL;
    char *out = load_chunked(cases[i].opts, cases[i].data, strlen(cases[i].data), 1, &e);
    CHECK(e->table != NULL);
    if (e->table) {
      CHECK_STR(e->table->format, cases[i].format);
      CHECK(e->table->delimiter == cases[i].delim);
    }
    free(out);
    sf_close(e);
  }
}

/* Sniffing buffers the first 64 KiB: a file larger than that, with the delimiter
 * choice depending on the whole window, must give the same table in any chunking. */
static void test_large(void) {
  size_t cap = 200000, n = 0, r;
  char *buf = malloc(cap);
  sf_engine *e = NULL;
  char *out;
  n += (size_t)snprintf(buf, cap, "id;label;text\n");
  for (r = 0; n + 64 < cap; r++)
    n += (size_t)snprintf(buf + n, cap - n, "%zu;%s;\"l\xC3\xA9ne %zu;\r\nmore\"\n", r, r % 3 ? "cat" : "dog", r * 7);
  CHECK(chunk_independent(NULL, buf, n));
  out = load_chunked(NULL, buf, n, 65536, &e);
  CHECK(e->table && e->table->nrows == r && e->table->delimiter == ';');
  if (e->table) {
    const sf_column *t = col_named(e, "text"), *l = col_named(e, "label"), *id = col_named(e, "id");
    CHECK(t && t->type == SF_TEXT);
    CHECK(l && l->type == SF_CATEGORY && l->role == SF_ROLE_LABEL && l->dict.n == 2);
    CHECK(id && id->type == SF_NUMBER && id->role == SF_ROLE_ID && id->num[r - 1] == (double)(r - 1));
    if (t) CHECK_STR(sf_column_str(t, 5), "l\xC3\xA9ne 35;\r\nmore");
  }
  free(out);
  sf_close(e);
  free(buf);
}

/* Random documents over a nasty alphabet: any chunking gives the same table or
 * the same error. */
static void test_random(void) {
  static const char *const atoms[] = {"a", "1", "2.5", ",", ";", "\t", "\"", "\"\"", "\r", "\n", "\r\n",
                                      " ", "NA", "\xC3\xA9", "\xE2\x82\xAC", "\xFF", "\xC3", "true", "x,y"};
  unsigned seed = 12345;
  int doc, bad = 0;
  for (doc = 0; doc < 300; doc++) {
    char buf[256];
    size_t n = 0;
    int k, len;
    seed = seed * 1103515245u + 12345u;
    len = (int)(seed >> 16) % 40;
    for (k = 0; k < len; k++) {
      const char *a;
      seed = seed * 1103515245u + 12345u;
      a = atoms[(seed >> 16) % (sizeof atoms / sizeof *atoms)];
      if (doc % 2 && (a[0] == '\xFF' || (a[0] == '\xC3' && !a[1]))) a = "b"; /* half the docs valid UTF-8 */
      memcpy(buf + n, a, strlen(a));
      n += strlen(a);
    }
    if (!chunk_independent(NULL, buf, n)) bad++;
    if (!chunk_independent("{\"header\": false, \"delimiter\": \";\"}", buf, n)) bad++;
  }
  CHECK(bad == 0);
}

int main(void) {
  test_values();
  test_missing_tokens();
  test_line_ends();
  test_header();
  test_errors();
  test_sniff();
  test_large();
  test_random();
  return test_report("test_csv");
}
