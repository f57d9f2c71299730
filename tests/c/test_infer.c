/* test_infer.c — number parsing, missing tokens, types over the whole column,
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
  err = load_error("{\"columns\": {\"x\": {\"type\": \"vector\"}}}", "x\n1\n");
  CHECK_STR(err, "columns.x.type: must be one of number, category, text, bool");
  free(err);
}

static const char *role_of(sf_engine *e, const char *name) {
  const sf_column *c = col_named(e, name);
  return c ? sf_role_name(c->role) : "(absent)";
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

  /* overrides: reset to inferred, then apply; unknown names ignored */
  {
    sf_error err;
    cJSON *ov = cJSON_Parse("{\"species\": {\"role\": \"group\"}, \"p_0\": {\"class\": \"zero\"}, "
                            "\"p_1\": {\"role\": \"feature\"}, \"missing_col\": {\"role\": \"label\"}}");
    memset(&err, 0, sizeof err);
    CHECK(sf_apply_column_overrides(e->table, ov, &err) == SF_OK);
    CHECK_STR(role_of(e, "species"), "group");
    CHECK_STR(role_of(e, "p_1"), "feature");
    CHECK(col_named(e, "p_1") && col_named(e, "p_1")->score_class == NULL);
    if (col_named(e, "p_0")) CHECK_STR(col_named(e, "p_0")->score_class, "zero");
    cJSON_Delete(ov);
    CHECK(sf_apply_column_overrides(e->table, NULL, &err) == SF_OK);
    CHECK_STR(role_of(e, "species"), "label");
    CHECK_STR(role_of(e, "p_1"), "score");
    if (col_named(e, "p_0")) CHECK_STR(col_named(e, "p_0")->score_class, "0");
    ov = cJSON_Parse("{\"species\": {\"role\": \"foo\"}}");
    CHECK(sf_apply_column_overrides(e->table, ov, &err) == SF_EINPUT);
    CHECK_STR(err.msg, "columns.species.role: unknown role 'foo'");
    cJSON_Delete(ov);
    ov = cJSON_Parse("{\"species\": {\"colour\": \"red\"}}");
    CHECK(sf_apply_column_overrides(e->table, ov, &err) == SF_EINPUT);
    CHECK_STR(err.msg, "columns.species.colour: unknown key (expected role, class, type)");
    cJSON_Delete(ov);
    ov = cJSON_Parse("{\"species\": \"label\"}");
    CHECK(sf_apply_column_overrides(e->table, ov, &err) == SF_EINPUT);
    CHECK_STR(err.msg, "columns.species: must be an object");
    cJSON_Delete(ov);
  }
  sf_close(e);

  /* ingest options apply roles too */
  out = load_chunked("{\"columns\": {\"a\": {\"role\": \"label\"}, \"s\": {\"role\": \"score\", \"class\": \"x\"}}}",
                     "a,s\nx,0.5\n", 10, 3, &e); /* 10 = strlen */
  CHECK_STR(role_of(e, "a"), "label");
  CHECK_STR(role_of(e, "s"), "score");
  CHECK(strstr(out, "\"class\":\"x\"") != NULL);
  free(out);
  sf_close(e);
}

int main(void) {
  test_numbers();
  test_types();
  test_forced();
  test_roles();
  return test_report("test_infer");
}
