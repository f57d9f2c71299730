/* test.h — a minimal test harness: CHECK records a failure and goes on;
 * main returns test_report(). Each tests/c/test_X.c tests wasm/src/X.c. */
#ifndef SF_TEST_H
#define SF_TEST_H
#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_failures, test_checks;

#define CHECK(cond) \
  do { \
    test_checks++; \
    if (!(cond)) { test_failures++; fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
  } while (0)
#define CHECK_STR(a, b) \
  do { \
    const char *a_ = (a), *b_ = (b); \
    test_checks++; \
    if (!a_ || !b_ || strcmp(a_, b_) != 0) { \
      test_failures++; \
      fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, b_ ? b_ : "(null)", a_ ? a_ : "(null)"); \
    } \
  } while (0)
#define CHECK_NEAR(a, b, tol) \
  do { \
    double a_ = (a), b_ = (b); \
    test_checks++; \
    if (!(fabs(a_ - b_) <= (tol))) { test_failures++; fprintf(stderr, "%s:%d: expected %.17g, got %.17g\n", __FILE__, __LINE__, b_, a_); } \
  } while (0)

static int test_report(const char *name) {
  printf("%s: %d checks, %d failed\n", name, test_checks, test_failures);
  return test_failures ? 1 : 0;
}
#endif
