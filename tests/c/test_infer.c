/* test_infer.c — number parsing (the fast path against strtod), missing tokens, types over the whole column,
 * text vs category, roles from names, overrides, forced types. */
#include "test.h"
#include "ingest_util.h"

static void test_numbers(void) {
  double v = 0;
  char buf[40];
  CHECK(sf_parse_number("1.5", &v) && v == 1.5);
  CHECK(sf_parse_number("  -2 ", &v) && v == -2);
  CHECK(sf_parse_number("+3.", &v) && v == 3);
  CHECK(sf_parse_number(".25", &v) && v == 0.25);
  CHECK(sf_parse_number("1e3", &v) && v == 1000);
  CHECK(sf_parse_number("0.1", &v) && v == 0.1);
  CHECK(sf_parse_number("123456789012345678901234", &v) && v == 123456789012345678901234.0);
  CHECK(sf_parse_number("0.30000000000000004", &v) && v == 0.30000000000000004);
  CHECK(sf_parse_number("-0", &v) && v == 0 && signbit(v));
  CHECK(!sf_parse_number("", &v));
  CHECK(!sf_parse_number(" ", &v));
  CHECK(!sf_parse_number("abc", &v));
  CHECK(!sf_parse_number("1,5", &v));
  CHECK(!sf_parse_number("0x10", &v));
  CHECK(!sf_parse_number("inf", &v));
  CHECK(!sf_parse_number("nan", &v));
  CHECK(!sf_parse_number("1e999", &v));
  CHECK(!sf_parse_number("1 2", &v));
  CHECK(!sf_parse_number("-", &v));
  CHECK(!sf_parse_number("1-2", &v));
  sf_format_number(0.1, buf, sizeof buf);
  CHECK_STR(buf, "0.1");
  sf_format_number(1.0, buf, sizeof buf);
  CHECK_STR(buf, "1");
  sf_format_number(0.1 + 0.2, buf, sizeof buf);
  CHECK_STR(buf, "0.30000000000000004");
  sf_format_number(1e21, buf, sizeof buf);
  CHECK_STR(buf, "1e+21");
  CHECK(sf_is_missing_token("", 0) && sf_is_missing_token("NA", 2) && sf_is_missing_token("N/A", 3));
  CHECK(sf_is_missing_token("NaN", 3) && sf_is_missing_token("nan", 3));
  CHECK(sf_is_missing_token("null", 4) && sf_is_missing_token("NULL", 4));
  CHECK(!sf_is_missing_token("na", 2) && !sf_is_missing_token("None", 4) && !sf_is_missing_token("Null", 4));
  CHECK(!sf_is_missing_token("-", 1) && !sf_is_missing_token("NA ", 3));
}

/* The parser before the fast path (strtod for all but <= 15 digits without an
 * exponent): the new one must accept exactly the same strings with the same bits. */
static int ref_parse_number(const char *s, double *out) {
  static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char *p = s, *q;
  char *end;
  double v;
  int digits = 0, frac = -1, neg = 0;
  uint64_t m = 0;
  while (*p == ' ' || *p == '\t') p++;
  q = p;
  if (*q == '-' || *q == '+') neg = *q++ == '-';
  for (;; q++) {
    if (*q >= '0' && *q <= '9') { m = m * 10 + (uint64_t)(*q - '0'); digits++; if (frac >= 0) frac++; }
    else if (*q == '.' && frac < 0) frac = 0;
    else break;
  }
  if (digits && digits <= 15) {
    const char *t = q;
    while (*t == ' ' || *t == '\t') t++;
    if (!*t) {
      v = (double)m;
      if (frac > 0) v /= p10[frac];
      *out = neg ? -v : v;
      return 1;
    }
  }
  digits = 0;
  for (q = p; *q && *q != ' ' && *q != '\t'; q++) {
    if (*q >= '0' && *q <= '9') digits++;
    else if (!strchr("+-.eE", *q)) return 0;
  }
  if (!digits) return 0;
  v = strtod(p, &end);
  if (end == p) return 0;
  while (*end == ' ' || *end == '\t') end++;
  if (*end || !isfinite(v)) return 0;
  *out = v;
  return 1;
}

static int same_parse(const char *s) {
  double a = 0, b = 0;
  int ra = sf_parse_number(s, &a), rb = ref_parse_number(s, &b);
  if (ra != rb || (ra && memcmp(&a, &b, sizeof a) != 0)) {
    fprintf(stderr, "sf_parse_number(\"%s\") = %d %.17g, reference %d %.17g\n", s, ra, a, rb, b);
    return 0;
  }
  return 1;
}

static uint64_t rng_state = 88172645463325252u;
static unsigned rnd(unsigned n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state % n);
}

static void test_number_fast_path(void) {
  static const char *const tricky[] = {
    "0", "-0", "+0", "00", "0.0", "-0.0", "0e0", "-0e5", "0e999999", "0.000e-999", "5.", ".5", "-.5", "+.5", ".",
    "+", "-", "+-1", "--1", "1e", "1e+", "1e-", "1.e5", ".e5", "e5", "1e5e5", "1.2.3", "1..2", "1-2", "1+2",
    "0x10", "0X1p3", "inf", "-inf", "INF", "infinity", "nan", "NaN", "nan(1)", "1e308", "1.8e308", "1e309",
    "-1e309", "4.9e-324", "2e-324", "1e-400", "2.2250738585072014e-308", "1e22", "1e23", "1e-22", "1e-23",
    "9007199254740992", "9007199254740993", "9007199254740993e0", "9007199254740992e22", "9007199254740993e-22",
    "9007199254740992e-22", "9007199254740992e23", "1234567890123456789", "12345678901234567890",
    "1234567890123456789e22", "1234567890123456789e-22", "0.1234567890123456789", "0.12345678901234567890",
    "00000000000000000000000000001", "0.00000000000000000000000000001", "1.00000000000000000000000000",
    "100000000000000000000000", "123456789012345678901234", "0.30000000000000004", "0.1", "0.2", "0.3",
    "2.5", "1.5e-5", "7.038531e-26", "89255.0e-22", "9007199254740993.0", "4503599627370497.5",
    "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "123e-20", "5e-22", "5e-23",
    "  1", "1  ", "\t1\t", " 1 2", "1 x", " ", "", "\t", "1,5", "1_000", "١", "1\n", "\n1", "1\r", "\v1",
    "1e0000000000000000000001", "1e-0000000000000000000001", "1e100000", "1e-100000", "1e99999999999999999999",
    "0.0000000000000000000000000000000000000000000000001e50", "1000000000000000000000e-21",
    "-123.456e7", "+123.456E-7", "3.14159265358979323846264338327950288", "-0.000000",
  };
  char buf[80];
  size_t i;
  int ok = 1, k;
  for (i = 0; i < sizeof tricky / sizeof *tricky; i++) ok &= same_parse(tricky[i]);
  /* halfway cases: m * 2^k + 2^(k-1) written out, for doubles near 2^53 and 2^60 */
  for (i = 0; i < 200; i++) {
    uint64_t m = ((uint64_t)1 << 53) + rnd(1u << 20) * 2 + 1; /* odd: halfway between two doubles */
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)m);
    ok &= same_parse(buf);
    snprintf(buf, sizeof buf, "%llu.5", (unsigned long long)(m >> 1));
    ok &= same_parse(buf);
    snprintf(buf, sizeof buf, "%llue-%u", (unsigned long long)m, rnd(25));
    ok &= same_parse(buf);
  }
  /* random decimals: 1-25 digits, a point anywhere, exponents around +-22 */
  for (i = 0; i < 200000; i++) {
    int nd = 1 + (int)rnd(25), dot = (int)rnd((unsigned)nd + 2) - 1, pos = 0;
    if (rnd(4) == 0) buf[pos++] = "+-"[rnd(2)];
    for (k = 0; k < nd; k++) {
      if (k == dot) buf[pos++] = '.';
      buf[pos++] = (char)('0' + (k == 0 && rnd(3) == 0 ? 0 : rnd(10)));
    }
    if (dot == nd) buf[pos++] = '.';
    if (rnd(3) == 0) pos += snprintf(buf + pos, sizeof buf - (size_t)pos, "%c%s%u", "eE"[rnd(2)], rnd(2) ? "-" : rnd(2) ? "+" : "", rnd(50));
    buf[pos] = 0;
    ok &= same_parse(buf);
  }
  /* random strings over the bytes that matter */
  for (i = 0; i < 200000; i++) {
    static const char alpha[] = "0123456789+-.eE \tx";
    int n = (int)rnd(8), pos;
    for (pos = 0; pos < n; pos++) buf[pos] = alpha[rnd(sizeof alpha - 1)];
    buf[pos] = 0;
    ok &= same_parse(buf);
  }
  CHECK(ok);
}

static void test_types(void) {
  dbuf b = {0, 0, 0};
  char line[128];
  int r;
  sf_engine *e = NULL;
  char *out;
  const sf_column *c;
  /* a value late in the file decides: the whole column is checked */
  dputs(&b, "n,late,tf,allna,cat,txt,long\n");
  for (r = 0; r < 120; r++) {
    snprintf(line, sizeof line, "%d,%s,%s,,%s,word%d,%s%s\n", r, r == 119 ? "x" : "1", r % 2 ? "TRUE" : "false",
             r % 3 ? "a" : "b", r, r < 2 ? "a fairly long sentence that goes on for more than forty bytes" : "",
             r == 1 ? " and more" : "");
    dputs(&b, line);
  }
  out = load_chunked(NULL, b.s, b.n, 7, &e);
  c = col_named(e, "n");
  CHECK(c && c->type == SF_NUMBER && c->num[119] == 119);
  c = col_named(e, "late");
  CHECK(c && c->type == SF_CATEGORY && c->dict.n == 2);
  c = col_named(e, "tf");
  CHECK(c && c->type == SF_BOOL && c->missing == 0 && c->codes[1] == 1 && c->codes[2] == 0);
  c = col_named(e, "allna");
  CHECK(c && c->type == SF_CATEGORY && c->missing == 120);
  c = col_named(e, "cat");
  CHECK(c && c->type == SF_CATEGORY);
  c = col_named(e, "txt"); /* 120 distinct of 120: text */
  CHECK(c && c->type == SF_TEXT);
  c = col_named(e, "long"); /* few values, but long and distinct: text */
  CHECK(c && c->type == SF_TEXT && c->missing == 118);
  free(out);
  sf_close(e);
  free(b.s);
}

static void test_forced(void) {
  char *err;
  sf_engine *e = NULL;
  char *out;
  const char *csv = "id,x,flag\n1,2,true\n2,3.5,False\n3,,\n";
  const char *opts = "{\"columns\": {\"id\": {\"type\": \"category\"}, \"x\": {\"type\": \"text\"}, \"flag\": {\"type\": \"bool\"}, \"nope\": {\"type\": \"number\"}}}";
  out = load_chunked(opts, csv, strlen(csv), 2, &e);
  CHECK(col_named(e, "id") && col_named(e, "id")->type == SF_CATEGORY);
  if (col_named(e, "id")) CHECK_STR(sf_column_str(col_named(e, "id"), 2), "3");
  CHECK(col_named(e, "x") && col_named(e, "x")->type == SF_TEXT && col_named(e, "x")->missing == 1);
  CHECK(col_named(e, "flag") && col_named(e, "flag")->type == SF_BOOL);
  free(out);
  sf_close(e);
  err = load_error("{\"columns\": {\"x\": {\"type\": \"number\"}}}",
                   "a,b,x\n1,2,3\n4,5,6\n7,8,9\n1,2,3\n4,5,6\n7,8,9\n1,2,3\n4,5,6\n7,8,9\n1,2,3\n1,\"2\",abc\n");
  CHECK_STR(err, "12:7: 'abc' is not a number in column 'x'");
  free(err);
  err = load_error("{\"columns\": {\"x\": {\"type\": \"bool\"}}}", "x\ntrue\nyes\n");
  CHECK_STR(err, "3:1: 'yes' is not a bool (true or false) in column 'x'");
  free(err);
  err = load_error("{\"columns\": {\"x\": {\"type\": \"matrix\"}}}", "x\n1\n");
  CHECK_STR(err, "columns.x.type: must be one of number, category, text, bool, vector");
  free(err);
}

static const char *role_of(sf_engine *e, const char *name) {
  const sf_column *c = col_named(e, name);
  return c ? sf_role_name(c->role) : "(absent)";
}

/* A column's role and class in resolved roles. */
static const char *vrole(const sf_roles *r, const char *name) {
  int j = sf_table_find(r->table, name);
  return j < 0 ? "(absent)" : sf_role_name(r->role[j]);
}
static const char *vclass(const sf_roles *r, const char *name) {
  int j = sf_table_find(r->table, name);
  return j < 0 ? "(absent)" : r->cls[j];
}

static void test_roles(void) {
  sf_engine *e = NULL;
  char *out;
  const char *csv = "ID,Target,y_pred,p_cat,prob_dog,score_bird,p_other,image_url,split,timestamp,age\n"
                    "1,cat,dog,0.1,0.9,0,0.5,https://x/1.png,train,2020,3\n"
                    "2,dog,dog,0.3,0.7,0,0.5,https://x/2.png,test,2021,4\n";
  out = load_chunked(NULL, csv, strlen(csv), 5, &e);
  CHECK_STR(role_of(e, "ID"), "id");
  CHECK_STR(role_of(e, "Target"), "label");
  CHECK_STR(role_of(e, "y_pred"), "prediction");
  CHECK_STR(role_of(e, "p_cat"), "score");
  CHECK_STR(role_of(e, "prob_dog"), "score");
  CHECK_STR(role_of(e, "score_bird"), "feature"); /* bird is not a label value */
  CHECK_STR(role_of(e, "p_other"), "feature");
  CHECK_STR(role_of(e, "image_url"), "image");
  CHECK_STR(role_of(e, "split"), "split");
  CHECK_STR(role_of(e, "timestamp"), "time");
  CHECK_STR(role_of(e, "age"), "feature");
  if (col_named(e, "prob_dog")) CHECK_STR(col_named(e, "prob_dog")->score_class, "dog");
  CHECK(strstr(out, "{\"name\":\"p_cat\",\"type\":\"number\",\"role\":\"score\",\"missing\":0,\"class\":\"cat\"}") != NULL);
  free(out);
  sf_close(e);

  /* X with X_pred; numeric classes */
  csv = "species,species_pred,p_0,p_1\n1,0,0.4,0.6\n0,0,0.8,0.2\n";
  out = load_chunked(NULL, csv, strlen(csv), 1, &e);
  CHECK_STR(role_of(e, "species"), "label");
  CHECK_STR(role_of(e, "species_pred"), "prediction");
  CHECK_STR(role_of(e, "p_1"), "score");
  if (col_named(e, "p_1")) CHECK_STR(col_named(e, "p_1")->score_class, "1");
  free(out);

  {
    sf_engine *e2 = NULL;
    char *o2 = load_chunked(NULL, "class,class_pred,target_x\na,b,c\n", 32, 4, &e2); /* 32 = strlen */
    CHECK_STR(role_of(e2, "class"), "label");
    CHECK_STR(role_of(e2, "class_pred"), "prediction");
    free(o2);
    sf_close(e2);
    o2 = load_chunked(NULL, "target,species,species_pred\na,b,c\n", 34, 4, &e2); /* 34 = strlen */
    CHECK_STR(role_of(e2, "target"), "label");
    CHECK_STR(role_of(e2, "species"), "feature"); /* a pair does not complete another label */
    CHECK_STR(role_of(e2, "species_pred"), "feature");
    free(o2);
    sf_close(e2);
  }

  /* the spec's overrides resolve into a view's roles; the table keeps the inferred
   * ones; unknown names are ignored */
  {
    sf_error err;
    sf_roles r = {0};
    cJSON *ov = cJSON_Parse("{\"species\": {\"role\": \"group\"}, \"p_0\": {\"class\": \"zero\"}, "
                            "\"p_1\": {\"role\": \"feature\"}, \"missing_col\": {\"role\": \"label\"}}");
    memset(&err, 0, sizeof err);
    CHECK(sf_roles_resolve(e->table, ov, &r, &err) == SF_OK);
    CHECK_STR(vrole(&r, "species"), "group");
    CHECK_STR(vrole(&r, "p_1"), "feature");
    CHECK(vclass(&r, "p_1") == NULL);
    CHECK_STR(vclass(&r, "p_0"), "zero");
    CHECK_STR(role_of(e, "species"), "label"); /* the table is not changed */
    CHECK_STR(col_named(e, "p_0")->score_class, "0");
    sf_roles_free(&r);
    cJSON_Delete(ov);
    CHECK(sf_roles_resolve(e->table, NULL, &r, &err) == SF_OK);
    CHECK_STR(vrole(&r, "species"), "label");
    CHECK_STR(vrole(&r, "p_1"), "score");
    CHECK_STR(vclass(&r, "p_0"), "0");
    sf_roles_free(&r);
    /* A label or prediction set in the spec replaces the inferred one. */
    ov = cJSON_Parse("{\"p_0\": {\"role\": \"label\"}, \"p_1\": {\"role\": \"prediction\"}}");
    CHECK(sf_roles_resolve(e->table, ov, &r, &err) == SF_OK);
    CHECK(sf_roles_find(&r, SF_ROLE_LABEL) == sf_table_find(e->table, "p_0"));
    CHECK(sf_roles_find(&r, SF_ROLE_PREDICTION) == sf_table_find(e->table, "p_1"));
    CHECK_STR(vrole(&r, "species"), "feature");
    CHECK_STR(vrole(&r, "species_pred"), "feature");
    sf_roles_free(&r);
    cJSON_Delete(ov);
    /* ...unless the spec keeps it too. */
    ov = cJSON_Parse("{\"p_0\": {\"role\": \"label\"}, \"species\": {\"role\": \"label\"}}");
    CHECK(sf_roles_resolve(e->table, ov, &r, &err) == SF_OK);
    CHECK_STR(vrole(&r, "species"), "label");
    CHECK_STR(vrole(&r, "species_pred"), "prediction");
    sf_roles_free(&r);
    cJSON_Delete(ov);
    {
      /* A label named in the spec brings its scores (none inferred without it). */
      sf_engine *e3 = NULL;
      const char *csv3 = "answer,model_out,p_cat,p_dog,p_x\ncat,cat,0.9,0.1,1\ndog,cat,0.6,0.4,2\n";
      cJSON *ov3 = cJSON_Parse("{\"answer\": {\"role\": \"label\"}, \"model_out\": {\"role\": \"prediction\"}, "
                               "\"p_dog\": {\"role\": \"group\"}}");
      char *o3 = load_chunked(NULL, csv3, strlen(csv3), 3, &e3);
      CHECK_STR(role_of(e3, "p_cat"), "feature");
      CHECK(sf_roles_resolve(e3->table, ov3, &r, &err) == SF_OK);
      CHECK_STR(vrole(&r, "p_cat"), "score");
      CHECK_STR(vclass(&r, "p_cat"), "cat");
      CHECK_STR(vrole(&r, "p_dog"), "group"); /* the spec's own word wins */
      CHECK_STR(vrole(&r, "p_x"), "feature"); /* x is not a label value */
      CHECK_STR(role_of(e3, "p_cat"), "feature");
      sf_roles_free(&r);
      cJSON_Delete(ov3);
      free(o3);
      sf_close(e3);
    }
    ov = cJSON_Parse("{\"species\": {\"role\": \"foo\"}}");
    CHECK(sf_roles_resolve(e->table, ov, &r, &err) == SF_EINPUT);
    CHECK_STR(err.msg, "columns.species.role: unknown role 'foo'");
    CHECK(r.role == NULL && r.cls == NULL);
    cJSON_Delete(ov);
    ov = cJSON_Parse("{\"species\": {\"colour\": \"red\"}}");
    CHECK(sf_roles_resolve(e->table, ov, &r, &err) == SF_EINPUT);
    CHECK_STR(err.msg, "columns.species.colour: unknown key (expected role, class, type)");
    cJSON_Delete(ov);
    ov = cJSON_Parse("{\"species\": \"label\"}");
    CHECK(sf_roles_resolve(e->table, ov, &r, &err) == SF_EINPUT);
    CHECK_STR(err.msg, "columns.species: must be an object");
    cJSON_Delete(ov);
  }
  sf_close(e);

  /* ingest options' roles are checked, not applied: roles belong to the view */
  out = load_chunked("{\"columns\": {\"a\": {\"role\": \"label\"}, \"s\": {\"role\": \"score\", \"class\": \"x\"}}}",
                     "a,s\nx,0.5\n", 10, 3, &e); /* 10 = strlen */
  CHECK_STR(role_of(e, "a"), "feature");
  CHECK_STR(role_of(e, "s"), "feature");
  CHECK(strstr(out, "\"class\"") == NULL);
  free(out);
  sf_close(e);
  free(load_chunked("{\"columns\": {\"a\": {\"role\": \"boss\"}}}", "a\n1\n", 4, 3, &e));
  CHECK_STR(sf_last_error(e), "columns.a.role: unknown role 'boss'");
  sf_close(e);
}

/* A binary label with one column named like a score (score, y_score, prob, ...)
 * and no p_<class>: it scores the positive class, the greater of the two. */
static void test_lone_score(void) {
  static const struct { const char *csv, *col, *role, *cls; } cases[] = {
      {"y_true,y_pred,y_score\n1,1,0.9\n0,1,0.6\n0,0,0.1\n", "y_score", "score", "1"},
      {"label,prob\nno,0.2\nyes,0.7\n", "prob", "score", "yes"},
      {"label,Probability\nfalse,0.2\ntrue,0.7\n", "Probability", "score", "true"},
      {"label,score,prob\nno,0.2,0.1\nyes,0.7,0.9\n", "score", "feature", NULL},    /* two candidates */
      {"label,score\na,0.2\nb,0.7\nc,0.1\n", "score", "feature", NULL},            /* three classes */
      {"label,p_yes,score\nno,0.2,1\nyes,0.7,2\n", "score", "feature", NULL},       /* p_<class> is there */
      {"x,score\n1,0.2\n0,0.7\n", "score", "feature", NULL},                         /* no label */
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    sf_engine *e = NULL;
    char *out = load_chunked(NULL, cases[i].csv, strlen(cases[i].csv), 3, &e);
    CHECK_STR(role_of(e, cases[i].col), cases[i].role);
    if (cases[i].cls && col_named(e, cases[i].col)) CHECK_STR(col_named(e, cases[i].col)->score_class, cases[i].cls);
    free(out);
    sf_close(e);
  }
}

/* sex, gender, race, ethnicity (text) are sensitive attributes: the role group. */
static void test_group_names(void) {
  sf_engine *e = NULL;
  const char *csv = "Sex,gender,race,Ethnicity,age\nF,f,1,a,30\nM,m,2,b,40\n";
  free(load_chunked(NULL, csv, strlen(csv), 5, &e));
  CHECK_STR(role_of(e, "Sex"), "group");
  CHECK_STR(role_of(e, "gender"), "group");
  CHECK_STR(role_of(e, "race"), "feature"); /* numbers: a code, not obviously a group */
  CHECK_STR(role_of(e, "Ethnicity"), "group");
  CHECK_STR(role_of(e, "age"), "feature");
  sf_close(e);
}

/* The surest name labels the file, whatever the column order: label before y,
 * y_pred before pred; the other stays a feature. */
static void test_surest_name(void) {
  sf_engine *e = NULL;
  const char *csv = "y,pred,x,label,y_pred\n1,0,3,a,b\n0,0,4,b,b\n";
  free(load_chunked(NULL, csv, strlen(csv), 4, &e));
  CHECK_STR(role_of(e, "label"), "label");
  CHECK_STR(role_of(e, "y"), "feature");
  CHECK_STR(role_of(e, "y_pred"), "prediction");
  CHECK_STR(role_of(e, "pred"), "feature");
  sf_close(e);
}

/* text, review, comment, ... holding strings are free text: the role text. */
static void test_text_names(void) {
  sf_engine *e = NULL;
  const char *csv = "Text,review,comment,body,message\n"
                    "good value,\"fine, works\",1,a b,x\n"
                    "broke at once,ok,2,c d,y\n";
  free(load_chunked(NULL, csv, strlen(csv), 6, &e));
  CHECK_STR(role_of(e, "Text"), "text");
  CHECK_STR(role_of(e, "review"), "text");
  CHECK_STR(role_of(e, "comment"), "feature"); /* numbers are not text */
  CHECK_STR(role_of(e, "body"), "text");
  CHECK_STR(role_of(e, "message"), "text");
  sf_close(e);
}

/* More of the usual names: true_label / y_hat, probability_<class>. */
static void test_more_names(void) {
  sf_engine *e = NULL;
  const char *csv = "true_label,y_hat,probability_a,probability_b\na,b,0.3,0.7\nb,b,0.1,0.9\n";
  free(load_chunked(NULL, csv, strlen(csv), 7, &e));
  CHECK_STR(role_of(e, "true_label"), "label");
  CHECK_STR(role_of(e, "y_hat"), "prediction");
  CHECK_STR(role_of(e, "probability_b"), "score");
  if (col_named(e, "probability_b")) CHECK_STR(col_named(e, "probability_b")->score_class, "b");
  sf_close(e);
}

int main(void) {
  test_more_names();
  test_group_names();
  test_text_names();
  test_surest_name();
  test_lone_score();
  test_numbers();
  test_number_fast_path();
  test_types();
  test_forced();
  test_roles();
  return test_report("test_infer");
}
