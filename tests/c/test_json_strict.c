/* test_json_strict.c — strict JSON: what JSON.parse rejects is rejected, with
 * line:col; duplicate keys, \u0000, depth and trailing text are errors. */
#include "test.h"
#include "internal.h"
#include <stdlib.h>

static void check_bad(const char *text, int depth, const char *want) {
  sf_error err;
  char buf[600];
  cJSON *j;
  memset(&err, 0, sizeof err);
  j = sf_json_parse_strict(text, strlen(text), depth, &err);
  CHECK(j == NULL);
  cJSON_Delete(j);
  CHECK(err.code == SF_EINPUT);
  sf_error_format(&err, buf, sizeof buf);
  CHECK_STR(buf, want);
}

static void test_valid(void) {
  const char *text = " {\"a\": [1, -0.5e-3, true, false, null, \"x\\u00e9\\n\\ud83d\\ude00\"], \"b\": {\"c\": {}}, \"d\": []}\r\n";
  sf_error err;
  cJSON *j;
  char *s;
  memset(&err, 0, sizeof err);
  j = sf_json_parse_strict(text, strlen(text), 64, &err);
  CHECK(j != NULL);
  s = sf_json_print(j);
  CHECK_STR(s, "{\"a\":[1,-0.0005,true,false,null,\"x\xC3\xA9\\n\xF0\x9F\x98\x80\"],\"b\":{\"c\":{}},\"d\":[]}");
  sf_free(s);
  cJSON_Delete(j);
  /* not NUL-terminated: only len bytes are read */
  j = sf_json_parse_strict("[1,2]xyz", 5, 64, &err);
  CHECK(cJSON_IsArray(j) && cJSON_GetArraySize(j) == 2);
  cJSON_Delete(j);
  /* many keys: the hashed duplicate check */
  {
    char big[4096];
    size_t n = 0;
    int i;
    n += (size_t)snprintf(big + n, sizeof big - n, "{");
    for (i = 0; i < 100; i++) n += (size_t)snprintf(big + n, sizeof big - n, "%s\"k%d\": %d", i ? ", " : "", i, i);
    snprintf(big + n, sizeof big - n, "}");
    j = sf_json_parse_strict(big, strlen(big), 64, &err);
    CHECK(j && cJSON_GetArraySize(j) == 100);
    cJSON_Delete(j);
    snprintf(big + n, sizeof big - n, ", \"k57\": 1}");
    {
      char want[64];
      snprintf(want, sizeof want, "1:%zu: duplicate key \"k57\"", n + 3); /* ", " then the key */
      check_bad(big, 64, want);
    }
  }
}

static void test_invalid(void) {
  check_bad("{\"a\": 1, \"a\": 2}", 64, "1:10: duplicate key \"a\"");
  check_bad("[{\"x\": {}},\n {\"y\": {\"b\": 1,\n \"b\": 2}}]", 64, "3:2: duplicate key \"b\"");
  check_bad("[\"a\\u0000b\"]", 64, "1:4: \\u0000 is not allowed in strings");
  check_bad("[[[1]]]", 2, "1:3: nesting is too deep");
  check_bad("{\"a\": 1} x", 64, "1:10: unexpected text after the JSON value");
  check_bad("[+1]", 64, "1:2: unexpected character '+' in JSON");
  check_bad("[01]", 64, "1:2: invalid number (leading zero)");
  check_bad("[1.]", 64, "1:2: invalid number");
  check_bad("[.5]", 64, "1:2: unexpected character '.' in JSON");
  check_bad("[1e]", 64, "1:2: invalid number");
  check_bad("[1.5.2]", 64, "1:2: invalid number");
  check_bad("[\"a\tb\"]", 64, "1:4: control character in a string (escape it)");
  check_bad("[\"\\x\"]", 64, "1:3: invalid escape in a string");
  check_bad("[\"\\u12g4\"]", 64, "1:3: invalid \\u escape");
  check_bad("{\"a\" 1}", 64, "1:6: expected ':' after the key");
  check_bad("{a: 1}", 64, "1:2: expected a string key");
  check_bad("[1,]", 64, "1:4: unexpected character ']' in JSON");
  check_bad("[1\r\n,\r2", 64, "3:2: expected ',' or ']'");
  check_bad("[tru]", 64, "1:2: unexpected character 't' in JSON");
  check_bad("  ", 64, "1:3: empty JSON text");
  check_bad("[\"abc", 64, "1:2: unterminated string");
}

static void test_oom(void) {
  const char *text = "{\"a\": [1, 2, {\"b\": \"c\"}], \"d\": \"e\"}";
  long k;
  int ok = 0;
  for (k = 0; k < 100 && !ok; k++) {
    sf_error err;
    cJSON *j;
    memset(&err, 0, sizeof err);
    sf_alloc_fail_after(k);
    j = sf_json_parse_strict(text, strlen(text), 64, &err);
    sf_alloc_fail_after(-1);
    if (j) ok = 1;
    else CHECK(err.code == SF_ENOMEM);
    cJSON_Delete(j);
  }
  CHECK(ok);
}

int main(void) {
  sf_json_init();
  test_valid();
  test_invalid();
  test_oom();
  return test_report("test_json_strict");
}
