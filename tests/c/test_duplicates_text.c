/* test_duplicates_text.c — near-duplicate texts: components/duplicates/minhash.h (the
 * hashes against their published test vectors, normalizing, shingling of unicode,
 * short and empty texts, the Jaccard of two sets, datasketch's banding at its ends)
 * and the duplicates kernel over a small text column checked by hand:
 *   0 "The quick brown fox jumps over the lazy dog"   (43 chars: 39 distinct 5-grams)
 *   1 "the QUICK  brown fox jumps over the lazy dog!" (the same 39 and " dog!": 39/40)
 *   2 missing, 3 whitespace only (both left out)
 *   4 = 0 (an exact group with 0 over (g, txt): not a near pair)
 *   5 an unrelated pangram
 *   6 "héllo wörld", 7 "HÉllo  Wörld" (É is not ASCII: kept, so 2 of 7 5-grams
 *     differ from 6: 5/9), 8 "Héllo wörld" (= 6 once lower-cased: 1)
 * Labels differ in 0-1 and 1-4; splits in 6-8.
 *   9 "ab", 10 "AB" (shorter than a shingle: one shingle each, equal: 1)
 *   11, 12: 999 'a' (or 'A') then "é" and "bbb": 1 (their shown texts cut to 999 bytes,
 *     before the é, not inside it). */
#include "kernel_fixture.h"
#include "../../components/duplicates/minhash.h"

#define TROWS 13
static char long_lower[1100], long_upper[1100];
static const char *dt[TROWS] = {
    "The quick brown fox jumps over the lazy dog", "the QUICK  brown fox jumps over the lazy dog!", NULL, "   \t ",
    "The quick brown fox jumps over the lazy dog", "Pack my box with five dozen liquor jugs", "h\xc3\xa9llo w\xc3\xb6rld",
    "H\xc3\x89llo  W\xc3\xb6rld", "H\xc3\xa9llo w\xc3\xb6rld", "ab", "AB", long_lower, long_upper};
static const char *const dg[TROWS] = {"x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x"};
static const char *const dy[TROWS] = {"pos", "neg", "pos", "pos", "pos", "neg", "pos", "pos", "pos", "neg", "neg", "pos", "pos"};
static const char *const ds[TROWS] = {"train", "train", "test", "train", "train", "test", "train", "train", "test", "train", "train", "train", "train"};

static sf_engine *text_engine(void) {
  sf_table *t = sf_table_new();
  sf_column *c;
  t->nrows = TROWS;
  sf_table_add_column(t, "g", SF_CATEGORY, TROWS, &c, NULL);
  fix_strings(c, dg, TROWS);
  sf_table_add_column(t, "txt", SF_TEXT, TROWS, &c, NULL);
  fix_strings(c, dt, TROWS);
  c->role = SF_ROLE_TEXT;
  sf_table_add_column(t, "y", SF_CATEGORY, TROWS, &c, NULL);
  fix_strings(c, dy, TROWS);
  c->role = SF_ROLE_LABEL;
  sf_table_add_column(t, "s", SF_CATEGORY, TROWS, &c, NULL);
  fix_strings(c, ds, TROWS);
  c->role = SF_ROLE_SPLIT;
  sf_table_add_column(t, "n", SF_NUMBER, TROWS, &c, NULL);
  c->role = SF_ROLE_ID;
  return fix_wrap(t);
}

/* The shingle set of a text (sorted, distinct), into set. */
static size_t set_of(const char *s, mh_kind kind, mh_u64s *set) {
  char norm[2048];
  CHECK(mh_shingle_set(s, kind, norm, set) == SF_OK);
  return set->n;
}

static int has(const mh_u64s *set, const char *shingle) {
  uint64_t h = mh_hash(shingle, strlen(shingle));
  size_t i;
  for (i = 0; i < set->n; i++)
    if (set->v[i] == h) return 1;
  return 0;
}

static void test_minhash_parts(void) {
  char norm[64];
  mh_u64s a = {NULL, 0, 0}, b = {NULL, 0, 0};
  uint64_t state = 0;
  size_t bands, rows;

  /* FNV-1a 64 test vectors (the FNV authors' list) and splitmix64's first output from 0 */
  CHECK(mh_fnv1a((const unsigned char *)"", 0) == 0xcbf29ce484222325ULL);
  CHECK(mh_fnv1a((const unsigned char *)"a", 1) == 0xaf63dc4c8601ec8cULL);
  CHECK(mh_fnv1a((const unsigned char *)"foobar", 6) == 0x85944171f73967e8ULL);
  CHECK(mh_splitmix(&state) == 0xe220a8397b1dcdafULL);
  CHECK(mh_fmix(0) == 0);

  /* normalizing: ASCII lower-cased, whitespace runs one space, ends trimmed, UTF-8 kept */
  CHECK(mh_normalize("  Hello\t\tWORLD \n", norm) == 11);
  CHECK_STR(norm, "hello world");
  mh_normalize("\xc3\x87" "a  VA", norm);
  CHECK_STR(norm, "\xc3\x87" "a va");
  CHECK(mh_normalize(" \r\n\v\f ", norm) == 0);

  /* character 5-grams count code points: "héllo wörld" is 11 characters, 13 bytes */
  CHECK(set_of("h\xc3\xa9llo w\xc3\xb6rld", MH_CHARS, &a) == 7);
  CHECK(has(&a, "h\xc3\xa9llo") && has(&a, "o w\xc3\xb6r") && has(&a, "w\xc3\xb6rld"));
  /* a 4-byte character (an emoji) is one character */
  CHECK(set_of("ok \xf0\x9f\x91\x8d!", MH_CHARS, &a) == 1 && has(&a, "ok \xf0\x9f\x91\x8d!"));
  CHECK(set_of("ok \xf0\x9f\x91\x8d!?", MH_CHARS, &a) == 2 && has(&a, "k \xf0\x9f\x91\x8d!?"));
  /* shorter than a shingle: one shingle, itself; empty: none; repeats count once */
  CHECK(set_of("  AB ", MH_CHARS, &a) == 1 && has(&a, "ab"));
  CHECK(set_of("", MH_CHARS, &a) == 0);
  CHECK(set_of(" \t ", MH_WORDS, &a) == 0);
  CHECK(set_of("aaaaaaaa", MH_CHARS, &a) == 1 && has(&a, "aaaaa"));
  /* word 3-grams over the normalized words, punctuation part of a word */
  CHECK(set_of("One two,  THREE four", MH_WORDS, &a) == 2 && has(&a, "one two, three") && has(&a, "two, three four"));
  CHECK(set_of("one two", MH_WORDS, &a) == 1 && has(&a, "one two"));
  CHECK(set_of("solo", MH_WORDS, &a) == 1 && has(&a, "solo"));

  /* Jaccard: |A & B| / |A | B| */
  set_of("abcdefg", MH_CHARS, &a); /* abcde bcdef cdefg */
  set_of("bcdefgh", MH_CHARS, &b); /* bcdef cdefg defgh */
  CHECK_NEAR(mh_jaccard(&a, &b), 2.0 / 4.0, 0);
  CHECK_NEAR(mh_jaccard(&a, &a), 1, 0);

  /* banding at the ends: only false negatives weighed, every permutation its own
   * band (r = 1); only false positives, one band of them all */
  mh_optimal_bands(0.8, 128, 1.0, &bands, &rows);
  CHECK(bands == 128 && rows == 1);
  mh_optimal_bands(0.8, 128, 0.0, &bands, &rows);
  CHECK(bands == 1 && rows == 128);
  sf_free(a.v);
  sf_free(b.v);
}

static const char *err_of(sf_engine *e, const char *config) {
  static char buf[600];
  sf_error err;
  cJSON *r = fix_run(e, "duplicates", NULL, config, &err);
  snprintf(buf, sizeof buf, "%s", r ? "ok" : err.msg);
  cJSON_Delete(r);
  return buf;
}

static void test_kernel(void) {
  sf_engine *e;
  sf_error err;
  cJSON *r, *info, *near;
  char shown[1000];
  memset(long_lower, 'a', 999);
  memcpy(long_lower + 999, "\xc3\xa9" "bbb", 6);
  memset(long_upper, 'A', 999);
  memcpy(long_upper + 999, "\xc3\xa9" "bbb", 6);
  e = text_engine();

  /* defaults: the text column by its role, added to the fields; char 5-grams, 0.8 */
  r = fix_run(e, "duplicates", NULL, NULL, &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "fields", "[\"g\",\"txt\"]");
  CHECK_MEMBER(r, "exact", "[[0,4]]");
  near = cJSON_GetObjectItem(r, "near");
  CHECK(cJSON_GetArraySize(near) == 5);
  CHECK_MEMBER(cJSON_GetArrayItem(near, 0), "rows", "[0,1]");
  CHECK_NEAR(NUM(cJSON_GetArrayItem(near, 0), "jaccard"), 39.0 / 40, 1e-15);
  CHECK_NEAR(NUM(cJSON_GetArrayItem(near, 0), "distance"), 1 - 39.0 / 40, 1e-15);
  CHECK_MEMBER(cJSON_GetArrayItem(near, 0), "label_conflict", "true");
  CHECK_MEMBER(cJSON_GetArrayItem(near, 1), "rows", "[1,4]");
  CHECK_MEMBER(cJSON_GetArrayItem(near, 2), "rows", "[6,8]");
  CHECK_MEMBER(cJSON_GetArrayItem(near, 2), "distance", "0");
  CHECK_MEMBER(cJSON_GetArrayItem(near, 2), "leakage", "true");
  CHECK_MEMBER(cJSON_GetArrayItem(near, 2), "texts", "[\"h\xc3\xa9llo w\xc3\xb6rld\",\"H\xc3\xa9llo w\xc3\xb6rld\"]");
  CHECK_MEMBER(cJSON_GetArrayItem(near, 3), "rows", "[9,10]");
  CHECK_MEMBER(cJSON_GetArrayItem(near, 4), "rows", "[11,12]");
  memset(shown, 'a', 999);
  CHECK(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(near, 4), "texts"), 0)->valuestring != NULL);
  CHECK(strlen(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(near, 4), "texts"), 0)->valuestring) == 999);
  CHECK(!memcmp(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(near, 4), "texts"), 0)->valuestring, shown, 999));
  info = cJSON_GetObjectItem(r, "near_info");
  CHECK_MEMBER(info, "method", "\"minhash\"");
  CHECK_MEMBER(info, "text", "\"txt\"");
  CHECK_MEMBER(info, "shingle", "\"char5\"");
  CHECK_MEMBER(info, "num_perm", "128");
  CHECK_MEMBER(info, "used", "11");
  CHECK_MEMBER(info, "left_out", "2");
  CHECK(NUM(info, "bands") * NUM(info, "rows_per_band") <= 128);
  CHECK_MEMBER(r, "counts", "{\"exact_groups\":1,\"exact_rows\":2,\"exact_label_conflict\":0,\"exact_leakage\":0,"
                            "\"near_pairs\":5,\"near_label_conflict\":2,\"near_leakage\":1}");
  cJSON_Delete(r);

  /* k = 1: each text's most similar only, before the exact groups are dropped: 4's is
   * 0 (one group), 1's is 0 (the lower of 0 and 4): 1-4 is not near */
  r = fix_run(e, "duplicates", NULL, "{\"k\":1}", &err);
  near = cJSON_GetObjectItem(r, "near");
  CHECK(cJSON_GetArraySize(near) == 4);
  CHECK_MEMBER(cJSON_GetArrayItem(near, 0), "rows", "[0,1]");
  CHECK_MEMBER(cJSON_GetArrayItem(near, 1), "rows", "[6,8]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "near_info"), "distinct", "7");
  cJSON_Delete(r);

  /* 0.5 with every permutation a band (false negatives only): 6-7 and 7-8 at 5/9 too */
  r = fix_run(e, "duplicates", NULL, "{\"jaccard\":0.5,\"false_negative_weight\":1}", &err);
  CHECK_MEMBER(cJSON_GetObjectItem(r, "near_info"), "bands", "128");
  near = cJSON_GetObjectItem(r, "near");
  CHECK(cJSON_GetArraySize(near) == 7);
  CHECK_MEMBER(cJSON_GetArrayItem(near, 2), "rows", "[6,7]");
  CHECK_NEAR(NUM(cJSON_GetArrayItem(near, 2), "jaccard"), 5.0 / 9, 1e-15);
  CHECK_MEMBER(cJSON_GetArrayItem(near, 4), "rows", "[7,8]");
  cJSON_Delete(r);

  /* word 3-grams: 0-1 share 6 of 8 (0.75); 6 and 8 are one two-word shingle each */
  r = fix_run(e, "duplicates", NULL, "{\"shingle\":\"word3\",\"jaccard\":0.7,\"false_negative_weight\":1}", &err);
  near = cJSON_GetObjectItem(r, "near");
  CHECK(cJSON_GetArraySize(near) == 5);
  CHECK_NEAR(NUM(cJSON_GetArrayItem(near, 0), "jaccard"), 0.75, 1e-15);
  CHECK_MEMBER(cJSON_GetArrayItem(near, 2), "rows", "[6,8]");
  cJSON_Delete(r);

  /* under a filter only the selected rows; near off: no pairs, no info */
  r = fix_run(e, "duplicates", "{\"rows\":[1,4,6,7]}", NULL, &err);
  CHECK_MEMBER(r, "exact", "[]");
  CHECK_MEMBER(r, "near", "[{\"label_conflict\":true,\"leakage\":false,\"rows\":[1,4],\"distance\":0.025000000000000022,"
                          "\"jaccard\":0.975,\"texts\":[\"the QUICK  brown fox jumps over the lazy dog!\","
                          "\"The quick brown fox jumps over the lazy dog\"]}]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "near_info"), "used", "4");
  cJSON_Delete(r);
  r = fix_run(e, "duplicates", NULL, "{\"near\":false}", &err);
  CHECK_MEMBER(r, "near", "[]");
  CHECK_MEMBER(r, "near_info", "null");
  cJSON_Delete(r);

  /* fields that leave the text (role text) out: the numeric rule, not MinHash */
  r = fix_run(e, "duplicates", NULL, "{\"fields\":[\"g\",\"n\"]}", &err);
  CHECK(r != NULL && cJSON_GetObjectItem(cJSON_GetObjectItem(r, "near_info"), "method") == NULL);
  CHECK_MEMBER(r, "fields", "[\"g\",\"n\"]");
  cJSON_Delete(r);
  r = fix_run(e, "duplicates", NULL, "{\"fields\":[\"g\",\"txt\"]}", &err);
  CHECK_MEMBER(cJSON_GetObjectItem(r, "near_info"), "method", "\"minhash\"");
  cJSON_Delete(r);

  /* the text named in the config; a column of numbers is refused */
  e->table->cols[1].role = SF_ROLE_FEATURE;
  r = fix_run(e, "duplicates", NULL, "{\"fields\":[\"g\"]}", &err);
  CHECK_MEMBER(r, "near_info", "null"); /* no text: the numeric rule, and no numeric field */
  cJSON_Delete(r);
  r = fix_run(e, "duplicates", NULL, "{\"fields\":[\"g\"],\"text\":\"txt\"}", &err);
  CHECK_MEMBER(r, "exact", "[[0,1,2,3,4,5,6,7,8,9,10,11,12]]");
  CHECK_MEMBER(cJSON_GetObjectItem(r, "counts"), "near_pairs", "0"); /* every pair is of the one exact group */
  cJSON_Delete(r);
  e->table->cols[1].role = SF_ROLE_TEXT;
  CHECK_STR(err_of(e, "{\"text\":\"n\"}"), "config.text: must name a column of categories ('n' holds numbers)");
  CHECK_STR(err_of(e, "{\"jaccard\":0}"), "config.jaccard: must be a number from 0.05 to 1");
  CHECK_STR(err_of(e, "{\"shingle\":\"char3\"}"), "config.shingle: must be one of \"char5\", \"word3\"");

  /* out of memory at every allocation: an error, no crash, no leak (ASan) */
  CHECK(fix_oom_sweep(e, "duplicates", NULL, "{\"num_perm\":16}") > 10);
  fix_oom_sweep(e, "duplicates", "{\"rows\":[]}", "{\"shingle\":\"word3\"}");
  sf_close(e);
}

int main(void) {
  test_minhash_parts();
  test_kernel();
  return test_report("test_duplicates_text");
}
