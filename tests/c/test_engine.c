/* test_engine.c — the public ingest API: schema JSON, sticky errors, state errors,
 * options, fingerprints, and out-of-memory at every allocation (no crash, no leak). */
#include "test.h"
#include "ingest_util.h"

static void test_schema(void) {
  sf_engine *e = sf_open();
  const char *csv = "label,pred,p_a,p_b,x\na,b,0.2,0.8,1\nb,b,0.1,0.9,\n";
  char *schema, fp[64];
  CHECK(sf_ingest_begin(e, "{\"name\": \"t.csv\"}") == SF_OK);
  CHECK(sf_ingest_chunk(e, (const uint8_t *)csv, 10) == SF_OK);
  CHECK(sf_ingest_chunk(e, (const uint8_t *)csv + 10, strlen(csv) - 10) == SF_OK);
  schema = sf_ingest_end(e);
  CHECK(e->table != NULL);
  if (e->table) sf_table_fingerprint(e->table, fp, sizeof fp);
  {
    char want[1024];
    snprintf(want, sizeof want,
             "{\"format\":\"csv\",\"dialect\":{\"delimiter\":\",\",\"quote\":\"\\\"\",\"header\":true,\"encoding\":\"utf-8\"},"
             "\"rows\":2,\"columns\":[{\"name\":\"label\",\"type\":\"category\",\"role\":\"label\",\"missing\":0,\"distinct\":2},"
             "{\"name\":\"pred\",\"type\":\"category\",\"role\":\"prediction\",\"missing\":0,\"distinct\":1,\"constant\":true},"
             "{\"name\":\"p_a\",\"type\":\"number\",\"role\":\"score\",\"missing\":0,\"class\":\"a\"},"
             "{\"name\":\"p_b\",\"type\":\"number\",\"role\":\"score\",\"missing\":0,\"class\":\"b\"},"
             "{\"name\":\"x\",\"type\":\"number\",\"role\":\"feature\",\"missing\":1,\"constant\":true}],\"fingerprint\":\"%s\"}",
             fp);
    CHECK_STR(schema, want);
  }
  /* fingerprint: content hash, rows, column-name hash */
  CHECK(strlen(fp) == 16 + 1 + 1 + 1 + 8 && strncmp(fp + 16, "-2-", 3) == 0);
  sf_free(schema);
  /* begin discards the table; an empty options string is fine */
  CHECK(sf_ingest_begin(e, "") == SF_OK);
  CHECK(e->table == NULL);
  CHECK(sf_ingest_chunk(e, (const uint8_t *)"a\n1\n", 4) == SF_OK);
  schema = sf_ingest_end(e);
  CHECK(schema && strstr(schema, "\"rows\":1"));
  sf_free(schema);
  sf_close(e);
}

static void test_fingerprint(void) {
  const char *a = "x,y\n1,2\n3,4\n", *b = "x,y\n1,2\n3,5\n", *c = "x,z\n1,2\n3,4\n";
  char *ra = load_chunked(NULL, a, strlen(a), 1, NULL), *ra2 = load_chunked(NULL, a, strlen(a), 5, NULL);
  char *rb = load(NULL, b), *rc = load(NULL, c);
  const char *fa = strstr(ra, "\"fingerprint\""), *fb = strstr(rb, "\"fingerprint\""), *fc = strstr(rc, "\"fingerprint\"");
  CHECK_STR(ra, ra2);
  CHECK(fa && fb && fc && strncmp(fa, fb, 40) != 0 && strncmp(fa, fc, 40) != 0);
  /* same rows, same names, different content: only the hash part differs */
  CHECK(fa && fb && strncmp(fa + 16 + 16, fb + 16 + 16, 12) == 0);
  free(ra); free(ra2); free(rb); free(rc);
  {
    /* the content hash is XXH64 (seed 0): the specification's vectors, whatever the
     * chunking (these texts are one-line CSV files read as one row without a header) */
    static const char *const vec[][2] = {
      {"a", "d24ec4f1a98c6e5b"}, {"as", "1c330fb2d66be179"}, {"abc", "44bc2cf5ad770999"},
      {"asdf", "415872f599cea71e"}, {"Call me Ishmael.", "6d04390fc9d61a90"},
      {"Some years ago--never mind how long precisely-", "8f26f2b986afdc52"},
      {"Nobody inspects the spammish repetition", "fbcea83c8a378bf1"}};
    static const size_t chunks[] = {1, 3, 31, 32, 33, 1 << 20};
    size_t i, k;
    for (i = 0; i < sizeof vec / sizeof *vec; i++)
      for (k = 0; k < sizeof chunks / sizeof *chunks; k++) {
        char *r = load_chunked("{\"header\": false}", vec[i][0], strlen(vec[i][0]), chunks[k], NULL);
        const char *f = strstr(r, "\"fingerprint\":\"");
        CHECK(f && strncmp(f + 15, vec[i][1], 16) == 0);
        if (!f || strncmp(f + 15, vec[i][1], 16) != 0) fprintf(stderr, "%s (chunk %zu): %s\n", vec[i][0], chunks[k], r);
        free(r);
      }
  }
}

static void test_states(void) {
  sf_engine *e = sf_open();
  char *s;
  CHECK(sf_ingest_chunk(e, (const uint8_t *)"a", 1) == SF_ESTATE);
  CHECK(strstr(sf_last_error(e), "sf_ingest_begin") != NULL);
  CHECK(sf_ingest_end(e) == NULL);
  /* sticky error: later chunks return it; end returns NULL with it */
  CHECK(sf_ingest_begin(e, NULL) == SF_OK);
  CHECK(sf_ingest_chunk(e, (const uint8_t *)"a,b\n1,2,3\n", 10) == SF_OK); /* still sniffing */
  CHECK(sf_ingest_chunk(e, (const uint8_t *)"4,5\n", 4) == SF_OK);
  s = sf_ingest_end(e);
  CHECK(s == NULL);
  CHECK_STR(sf_last_error(e), "2:5: row has 3 fields, the header has 2");
  CHECK(e->table == NULL);
  {
    /* past the 64 KiB sniffing window errors come from the chunk itself */
    size_t n = 70000, i;
    char *big = malloc(n);
    for (i = 0; i + 4 <= n; i += 4) memcpy(big + i, "1,2\n", 4);
    memcpy(big, "a,b\n", 4);
    memcpy(big + 68000, "\"x\"y", 4);
    CHECK(sf_ingest_begin(e, NULL) == SF_OK);
    CHECK(sf_ingest_chunk(e, (const uint8_t *)big, n) == SF_EINPUT);
    CHECK_STR(sf_last_error(e), "17001:4: unexpected character 'y' after a closing quote (write a quote inside a quoted field as \"\")");
    CHECK(sf_ingest_chunk(e, (const uint8_t *)"1,2\n", 4) == SF_EINPUT);
    CHECK_STR(sf_last_error(e), "17001:4: unexpected character 'y' after a closing quote (write a quote inside a quoted field as \"\")");
    CHECK(sf_ingest_end(e) == NULL);
    CHECK(strncmp(sf_last_error(e), "17001:4:", 8) == 0);
    free(big);
  }
  /* bad options */
  CHECK(sf_ingest_begin(e, "{\"format\": \"xml\"}") == SF_EINPUT);
  CHECK_STR(sf_last_error(e), "format: must be one of auto, csv, tsv, json, jsonl");
  CHECK(sf_ingest_chunk(e, (const uint8_t *)"a", 1) == SF_ESTATE);
  CHECK(sf_ingest_begin(e, "{\"header\": 1}") == SF_EINPUT);
  CHECK_STR(sf_last_error(e), "header: must be true or false");
  CHECK(sf_ingest_begin(e, "{\"delimiter\": \"ab\"}") == SF_EINPUT);
  CHECK(sf_ingest_begin(e, "{\"nam\": \"x.csv\"}") == SF_EINPUT);
  CHECK_STR(sf_last_error(e), "nam: unknown option (expected format, delimiter, header, name, size, columns)");
  CHECK(sf_ingest_begin(e, "{\"name\": \"x\", \"name\": \"y\"}") == SF_EINPUT);
  CHECK_STR(sf_last_error(e), "options: duplicate key \"name\" at line 1, column 15");
  CHECK(sf_ingest_begin(e, "[1]") == SF_EINPUT);
  CHECK_STR(sf_last_error(e), "options: must be a JSON object");
  CHECK(sf_ingest_begin(e, "{\"columns\": {\"x\": {\"role\": \"foo\"}}}") == SF_EINPUT);
  CHECK_STR(sf_last_error(e), "columns.x.role: unknown role 'foo'");
  sf_close(e);
  CHECK_STR(sf_last_error(NULL), "no engine");
  sf_close(NULL);
}

/* Fail the k-th allocation for every k: always an error naming memory, never a
 * crash or a leak (ASan checks), and the run with no failure gives the table. */
static void oom_run(const char *opts, const char *data) {
  char *ref = load_chunked(opts, data, strlen(data), 3, NULL);
  long k;
  int done = 0;
  for (k = 0; k < 100000 && !done; k++) {
    sf_engine *e;
    char *schema = NULL;
    size_t off = 0, n = strlen(data);
    int rc = SF_OK;
    sf_alloc_fail_after(k);
    e = sf_open();
    if (!e) { sf_alloc_fail_after(-1); continue; }
    rc = sf_ingest_begin(e, opts);
    while (!rc && off < n) {
      size_t m = n - off < 3 ? n - off : 3;
      rc = sf_ingest_chunk(e, (const uint8_t *)data + off, m);
      off += m;
    }
    if (!rc) schema = sf_ingest_end(e);
    sf_alloc_fail_after(-1);
    if (schema) {
      char *got = load_chunked(opts, data, n, 3, NULL);
      CHECK_STR(got, ref);
      free(got);
      done = 1;
    } else {
      if (!strstr(sf_last_error(e), "out of memory")) {
        fprintf(stderr, "allocation %ld: %s\n", k, sf_last_error(e));
        CHECK(0);
      }
      CHECK(rc == SF_OK || rc == SF_ENOMEM);
    }
    sf_free(schema);
    sf_close(e);
  }
  CHECK(done);
  free(ref);
}

static void test_oom(void) {
  oom_run("{\"columns\": {\"b\": {\"role\": \"label\"}}}",
          "\xEF\xBB\xBF" "a,b,p_x,d\n1,x,0.5,\"q\"\"\"\n2,y,0.25,t\n,NA,1,long text here\n");
  oom_run(NULL, "[{\"a\": 1, \"b\": [1, {\"c\": null}]}, {\"a\": \"s\", \"label\": \"x\", \"p_x\": 0.1}]");
  oom_run(NULL, "{\"a\": true}\n{\"b\": 2}\n");
}

/* sf_ingest_rows: the rows read so far, for the page's progress: never more than
 * the file has, never going back, 0 with no ingest in progress. */
static void test_rows_read(void) {
  sf_engine *e = sf_open();
  char *csv = malloc(200000), *schema;
  size_t n = 0, at, last = 0, mid = 0;
  int i, monotone = 1;
  CHECK(sf_ingest_rows(NULL) == 0);
  CHECK(sf_ingest_rows(e) == 0);
  n += (size_t)sprintf(csv, "id,x\n");
  for (i = 0; i < 10000; i++) n += (size_t)sprintf(csv + n, "%d,%d\n", i, i * 2);
  CHECK(sf_ingest_begin(e, NULL) == SF_OK);
  CHECK(sf_ingest_rows(e) == 0);
  for (at = 0; at < n; at += 4096) {
    size_t r;
    CHECK(sf_ingest_chunk(e, (const uint8_t *)csv + at, n - at < 4096 ? n - at : 4096) == SF_OK);
    r = sf_ingest_rows(e);
    if (r < last) monotone = 0;
    last = r;
    if (at >= n / 2 && !mid) mid = r;
  }
  CHECK(monotone);
  CHECK(mid > 0 && mid < 10000); /* counted while reading, not only at the end */
  CHECK(last <= 10000);
  schema = sf_ingest_end(e);
  CHECK(schema && strstr(schema, "\"rows\":10000"));
  CHECK(sf_ingest_rows(e) == 0);
  sf_free(schema);
  free(csv);
  sf_close(e);
}

int main(void) {
  test_schema();
  test_rows_read();
  test_fingerprint();
  test_states();
  test_oom();
  return test_report("test_engine");
}
