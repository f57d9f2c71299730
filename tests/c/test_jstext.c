/* test_jstext.c — wasm/src/jstext.c: numbers, strings, paths and key order
 * written exactly as JavaScript writes them. */
#include "internal.h"
#include "test.h"
#include <stdlib.h>

static const char *num(double v) {
  static char buf[40];
  sf_js_number(v, buf, sizeof buf);
  return buf;
}

/* String(v) the plain way, as sf_js_number once was: the fewest digits, 1 to 17 in turn. */
static void plain_number(double v, char *out, size_t cap) {
  char tmp[40], digits[24];
  int prec, exp10, k = 0, n, i;
  const char *p = tmp;
  size_t len = 0;
  if (v == 0) { snprintf(out, cap, "0"); return; }
  for (prec = 1; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
    if (strtod(tmp, NULL) == v) break;
  }
  if (*p == '-') { out[len++] = '-'; p++; }
  for (; *p && *p != 'e'; p++)
    if (*p >= '0' && *p <= '9') digits[k++] = *p;
  while (k > 1 && digits[k - 1] == '0') k--;
  exp10 = atoi(p + 1);
  n = exp10 + 1;
  if (k <= n && n <= 21) {
    for (i = 0; i < k; i++) out[len++] = digits[i];
    for (i = k; i < n; i++) out[len++] = '0';
  } else if (0 < n && n <= 21) {
    for (i = 0; i < k; i++) { if (i == n) out[len++] = '.'; out[len++] = digits[i]; }
  } else if (-6 < n && n <= 0) {
    out[len++] = '0';
    out[len++] = '.';
    for (i = 0; i < -n; i++) out[len++] = '0';
    for (i = 0; i < k; i++) out[len++] = digits[i];
  } else {
    out[len++] = digits[0];
    if (k > 1) out[len++] = '.';
    for (i = 1; i < k; i++) out[len++] = digits[i];
    len += (size_t)snprintf(out + len, cap - len, "e%c%d", n - 1 < 0 ? '-' : '+', n - 1 < 0 ? 1 - n : n - 1);
  }
  out[len] = 0;
}

/* sf_js_number's fast paths (integers, halving the digits) write what the plain way does. */
static void test_numbers_as_plain(void) {
  uint64_t x = 0x9E3779B97F4A7C15ull;
  int i, same = 0, tried = 0;
  for (i = 0; i < 200000; i++) {
    char a[40], b[40];
    double v;
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    switch (i % 5) {
      case 0: memcpy(&v, &x, sizeof v); break;                                /* any bits */
      case 1: v = (double)(int64_t)(x >> (x % 64)) * (x % 2 ? 1 : -1); break; /* integers up to 2^63 */
      case 2: v = (double)(x % 100001) / 10000 - 5; break;                    /* short decimals */
      case 3: v = (double)(x % 1000) / (double)(x % 997 + 1); break;          /* ratios */
      default: v = ldexp((double)(x >> 11), (int)(x % 200) - 150); break;     /* any magnitude */
    }
    if (v != v || v - v != 0) continue; /* NaN, infinite: not numbers here */
    tried++;
    sf_js_number(v, a, sizeof a);
    plain_number(v, b, sizeof b);
    if (strcmp(a, b) == 0) same++;
    else if (tried - same < 10) fprintf(stderr, "%.17g: %s, plainly %s\n", v, a, b);
  }
  CHECK(tried > 150000);
  CHECK(same == tried);
}

int main(void) {
  char buf[200];
  const cJSON **m = NULL;
  size_t n = 0;
  sf_error err = {0};
  cJSON *o;
  sf_json_init();
  test_numbers_as_plain();
  /* String(v) */
  CHECK_STR(num(0), "0");
  CHECK_STR(num(-0.0), "0");
  CHECK_STR(num(1000), "1000");
  CHECK_STR(num(2147483647), "2147483647");
  CHECK_STR(num(-1.5), "-1.5");
  CHECK_STR(num(0.1), "0.1");
  CHECK_STR(num(0.30000000000000004), "0.30000000000000004");
  CHECK_STR(num(1e21), "1e+21");
  CHECK_STR(num(123456789012345680000.0), "123456789012345680000");
  CHECK_STR(num(1.5e300), "1.5e+300");
  CHECK_STR(num(0.000001), "0.000001");
  CHECK_STR(num(1e-7), "1e-7");
  CHECK_STR(num(-2.5e-8), "-2.5e-8");
  /* JSON.stringify(s) */
  sf_js_quote(buf, 0, sizeof buf, "a\"b\\c\n\t\x01\xc3\xa9");
  CHECK_STR(buf, "\"a\\\"b\\\\c\\n\\t\\u0001\xc3\xa9\"");
  /* join() */
  sf_js_join(buf, sizeof buf, "components", "h1", 0);
  CHECK_STR(buf, "components.h1");
  sf_js_join(buf, sizeof buf, "components.t", "a b", 0);
  CHECK_STR(buf, "components.t.\"a b\"");
  sf_js_join(buf, sizeof buf, "", "1x", 0);
  CHECK_STR(buf, "\"1x\"");
  sf_js_join(buf, sizeof buf, "", "", 0);
  CHECK_STR(buf, "\"\"");
  sf_js_join(buf, sizeof buf, "components.t.fields", NULL, 2);
  CHECK_STR(buf, "components.t.fields[2]");
  /* UTF-16 length */
  CHECK(sf_js_length("ab") == 2 && sf_js_length("\xc3\xa9") == 1 && sf_js_length("\xf0\x9f\x98\x80") == 2);
  /* Object.keys order: array indices ascending, then the rest as written */
  o = cJSON_Parse("{\"b\":1,\"10\":2,\"a\":3,\"2\":4,\"01\":5,\"4294967295\":6,\"0\":7}");
  CHECK(sf_js_members(o, &m, &n, &err) == SF_OK && n == 7);
  if (n == 7) {
    const char *want[] = {"0", "2", "10", "b", "a", "01", "4294967295"};
    size_t i;
    for (i = 0; i < 7; i++) CHECK_STR(m[i]->string, want[i]);
  }
  sf_free((void *)m);
  cJSON_Delete(o);
  return test_report("test_jstext");
}
