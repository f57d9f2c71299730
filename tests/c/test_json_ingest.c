/* test_json_ingest.c — JSON arrays of objects and JSON Lines: values and kinds,
 * column order, missing, widening, errors with line:col, chunk independence. */
#include "test.h"
#include "ingest_util.h"

static void test_array(void) {
  const char *json = "\xEF\xBB\xBF [\n"
                     "  {\"a\": 1, \"b\": \"x\", \"ok\": true, \"v\": [1, 2.5]},\n"
                     "  {\"b\": null, \"c\": {\"k\": \"caf\xC3\xA9 \\\"q\\\"\"}, \"ok\": false, \"a\": 2.5e1},\n"
                     "  {\"a\": -0.1, \"mixed\": 1},\n"
                     "  {\"mixed\": \"one\", \"s\": \"\"},\n"
                     "  {\"mixed\": 1e21, \"a\": null}\n"
                     "]\n";
  sf_engine *e = NULL;
  char *out = load_chunked(NULL, json, strlen(json), 1000, &e);
  const sf_column *a, *b, *c, *ok, *v, *mixed, *s;
  const char *order[] = {"a", "b", "ok", "v", "c", "mixed", "s"};
  size_t i;
  CHECK(e->table && e->table->nrows == 5 && e->table->ncols == 7);
  CHECK_STR(e->table ? e->table->format : NULL, "json");
  for (i = 0; e->table && i < 7; i++) CHECK_STR(e->table->cols[i].name, order[i]);
  a = col_named(e, "a");
  CHECK(a && a->type == SF_NUMBER && a->missing == 2);
  if (a) { CHECK(a->num[0] == 1); CHECK(a->num[1] == 25); CHECK(a->num[2] == -0.1); CHECK(isnan(a->num[3])); }
  b = col_named(e, "b");
  CHECK(b && b->type == SF_CATEGORY && b->missing == 4);
  ok = col_named(e, "ok");
  CHECK(ok && ok->type == SF_BOOL && ok->missing == 3 && ok->codes[0] == 1 && ok->codes[1] == 0);
  v = col_named(e, "v");
  /* an array of numbers: a vector (its only value gives the length) */
  CHECK(v && v->type == SF_VECTOR && v->dim == 2 && v->missing == 4);
  if (v && v->num) CHECK(v->num[0] == 1 && v->num[5] == 2.5 && isnan(v->num[1]) && isnan(v->num[6]));
  c = col_named(e, "c");
  if (c) CHECK_STR(sf_column_str(c, 1), "{\"k\":\"caf\xC3\xA9 \\\"q\\\"\"}");
  mixed = col_named(e, "mixed"); /* numbers and strings: widened, numbers in shortest form */
  CHECK(mixed && mixed->type == SF_CATEGORY && mixed->missing == 2);
  if (mixed) {
    CHECK_STR(sf_column_str(mixed, 2), "1");
    CHECK_STR(sf_column_str(mixed, 3), "one");
    CHECK_STR(sf_column_str(mixed, 4), "1e+21");
  }
  s = col_named(e, "s"); /* "" is a value, not missing */
  CHECK(s && s->missing == 4);
  if (s) CHECK_STR(sf_column_str(s, 3), "");
  CHECK(strstr(out, "\"delimiter\":null,\"quote\":null") != NULL);
  CHECK(chunk_independent(NULL, json, strlen(json)));
  free(out);
  sf_close(e);
}

static void test_lines(void) {
  const char *jl = "{\"id\": 1, \"label\": \"cat\", \"pred\": \"dog\", \"p_cat\": 0.2, \"p_dog\": 0.8}\r\n"
                   "\r\n"
                   "   \n"
                   "{\"id\": 2, \"label\": \"dog\", \"pred\": \"dog\", \"p_cat\": 0.1, \"p_dog\": 0.9, \"extra\": true}\n"
                   "{\"label\": \"cat\"}";
  sf_engine *e = NULL;
  char *out = load_chunked(NULL, jl, strlen(jl), 3, &e);
  const sf_column *id = col_named(e, "id"), *extra = col_named(e, "extra"), *pc = col_named(e, "p_cat");
  CHECK(e->table && e->table->nrows == 3);
  CHECK_STR(e->table ? e->table->format : NULL, "jsonl");
  CHECK(id && id->role == SF_ROLE_ID && id->missing == 1);
  CHECK(extra && extra->type == SF_BOOL && extra->missing == 2 && extra->codes[1] == 1);
  CHECK(pc && pc->role == SF_ROLE_SCORE);
  if (pc) CHECK_STR(pc->score_class, "cat");
  CHECK(col_named(e, "label") && col_named(e, "label")->role == SF_ROLE_LABEL);
  CHECK(col_named(e, "pred") && col_named(e, "pred")->role == SF_ROLE_PREDICTION);
  CHECK(chunk_independent(NULL, jl, strlen(jl)));
  free(out);
  sf_close(e);
  /* an array file is read as JSON Lines when told so, and vice versa is an error */
  check_error("{\"format\": \"json\"}", "{\"a\": 1}\n", "1:1: expected an array of objects");
  check_error("{\"format\": \"jsonl\"}", "[{\"a\": 1}]\n", "1:1: line 1 is not a JSON object");
  /* an empty array is an error at its '[' */
  check_error(NULL, "[]", "1:1: the file holds an empty JSON array: no rows");
  check_error(NULL, "\n  [ ] ", "2:3: the file holds an empty JSON array: no rows");
}

static void test_errors(void) {
  check_error(NULL, "[{\"a\": 1}, 2]", "1:12: expected an array of objects: element 2 is not a JSON object");
  check_error(NULL, "[\n{\"a\": 1},\n{\"a\": 01}\n]", "3:7: invalid number (leading zero)");
  check_error(NULL, "[{\"a\": 1},\n  {\"a\": +1}]", "2:9: unexpected character '+' in JSON");
  check_error(NULL, "[{\"a\": 1},]", "1:11: trailing comma in the array");
  check_error(NULL, "[{\"a\": 1} {\"a\": 2}]", "1:11: expected ',' or ']' after array element 1");
  check_error(NULL, "[{\"a\": 1}] x", "1:12: unexpected text after the array");
  check_error(NULL, "[{\"a\": 1}", "1:10: the file ends before the array is closed (missing ']')");
  check_error(NULL, "[{\"a\": 1}, {\"b\": \"x", "1:18: unterminated string");
  check_error(NULL, "{\"a\": 1}\n{\"a\": 2, \"b\": 3, \"a\": 4}\n", "2:18: duplicate key \"a\"");
  check_error(NULL, "{\"a\": 1}\n\n[1]\n", "3:1: line 3 is not a JSON object");
  check_error(NULL, "{\"a\": 1}\n  x\n", "2:3: line 2 is not a JSON object");
  check_error(NULL, "{\"a\": 1} {\"a\": 2}\n", "1:10: expected a line end after the JSON object (one object per line)");
  check_error(NULL, "{\"a\": \"x\\u0000y\"}\n", "1:9: \\u0000 is not allowed in strings");
  check_error(NULL, "{\"a\": \"\xFF\"}\n", "1:8: invalid UTF-8 byte 0xFF");
  check_error(NULL, "{\"a\": [1, 2}\n", "1:12: expected ',' or ']'");
  check_error(NULL, "{\"a\": 1}\n{\"a\" 2}\n", "2:6: expected ':' after the key");
}

static void test_forced(void) {
  char *out;
  sf_engine *e = NULL;
  check_error("{\"columns\": {\"a\": {\"type\": \"number\"}}}", "{\"a\": 1}\n{\"a\": \"2\"}\n  {\"a\": \"x\"}\n",
              "3:3: 'x' is not a number in column 'a'");
  check_error("{\"columns\": {\"a\": {\"type\": \"bool\"}}}", "[{\"a\": true}, {\"a\": 1}]",
              "1:15: '1' is not a bool (true or false) in column 'a'");
  out = load_chunked("{\"columns\": {\"a\": {\"type\": \"number\"}, \"b\": {\"type\": \"text\"}}}",
                     "{\"a\": \"2.5\", \"b\": 3}\n{\"a\": 4, \"b\": \"z\"}\n", 40, 1, &e);
  CHECK(col_named(e, "a") && col_named(e, "a")->type == SF_NUMBER && col_named(e, "a")->num[0] == 2.5);
  CHECK(col_named(e, "b") && col_named(e, "b")->type == SF_TEXT);
  if (col_named(e, "b")) CHECK_STR(sf_column_str(col_named(e, "b"), 0), "3");
  free(out);
  sf_close(e);
}

/* Random documents: records from a list of valid ones, separated by random
 * whitespace, sometimes with a random token spliced in. Any chunking gives the
 * same table or the same error. */
static void test_random(void) {
  static const char *const recs[] = {"{\"a\":1}", "{\"b\":\"s\",\"a\":[1,{\"z\":null}]}", "{}",
                                     "{\"c\": \"x\\\"}y\", \"a\": -2.5e1}", "{\"b\": true, \"d\": \"\xC3\xA9\\u00e9\"}",
                                     "{\"a\": \"1\"}", "{\"e\": {\"f\": [\"]\", \"}\"]}}"};
  static const char *const ws[] = {"", " ", "\n", "\r\n", "\r", "\t", "\n\n"};
  static const char *const junk[] = {"{", "}", "[", "]", ",", ":", "\"", "x", "\\", "\xFF", "1", "\n"};
  unsigned seed = 777;
  int doc, bad = 0, loaded = 0;
  for (doc = 0; doc < 300; doc++) {
    char buf[1024];
    size_t n = 0;
    int k, nrec, arr = doc % 2;
#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 16))
#define ADD(s) do { const char *s_ = (s); memcpy(buf + n, s_, strlen(s_)); n += strlen(s_); } while (0)
    nrec = (int)(RND() % 6);
    if (arr) ADD("[");
    for (k = 0; k < nrec; k++) {
      if (k) ADD(arr ? "," : "\n");
      ADD(ws[RND() % 7]);
      ADD(recs[RND() % 7]);
      if (!arr) ADD(RND() % 2 ? " " : "");
    }
    if (arr) ADD("]");
    ADD(ws[RND() % 7]);
    if (RND() % 3 == 0 && n) { /* splice a junk token */
      size_t at = RND() % n;
      const char *j = junk[RND() % 12];
      memmove(buf + at + strlen(j), buf + at, n - at);
      memcpy(buf + at, j, strlen(j));
      n += strlen(j);
    }
#undef ADD
#undef RND
    if (!chunk_independent(NULL, buf, n)) bad++;
    {
      char *out = load_chunked(NULL, buf, n, n, NULL);
      loaded += strncmp(out, "ERROR", 5) != 0;
      free(out);
    }
  }
  CHECK(bad == 0);
  CHECK(loaded > 100 && loaded < 290); /* both outcomes are exercised */
}

int main(void) {
  test_array();
  test_lines();
  test_errors();
  test_forced();
  test_random();
  return test_report("test_json_ingest");
}
