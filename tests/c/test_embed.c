/* test_embed.c — vector columns (infer.c, table.c) and embeddings (embed.c): a JSON
 * array or CSV text per row becomes a vector only when every value is one of a
 * single length; a forced vector's bad value is an error at its line:col; the
 * group of numbered features that names an embedding, and the names that never do;
 * the view's embedding and sf_call_embedding; what refuses a vector (filters,
 * configs); the kernels reading a vector as they read the same numbers in columns. */
#include "test.h"
#include "ingest_util.h"
#include "kernel_fixture.h"

/* A file loaded in one chunk into an engine (the caller closes it). */
static sf_engine *loaded(const char *opts, const char *data) {
  sf_engine *e = NULL;
  char *out = load_chunked(opts, data, strlen(data), 1 << 20, &e);
  if (strncmp(out, "ERROR", 5) == 0) fprintf(stderr, "%s\n", out);
  free(out);
  return e;
}

static char *schema_of(const char *opts, const char *data) {
  sf_engine *e = sf_open();
  char *s = NULL, *copy;
  if (sf_ingest_begin(e, opts) == SF_OK && sf_ingest_chunk(e, (const uint8_t *)data, strlen(data)) == SF_OK)
    s = sf_ingest_end(e);
  copy = strdup(s ? s : sf_last_error(e));
  sf_free(s);
  sf_close(e);
  return copy;
}

static void test_json_vectors(void) {
  const char *jsonl = "{\"id\": 1, \"emb\": [0.5, -1, 2e3], \"y\": \"a\"}\n"
                      "{\"id\": 2, \"emb\": null, \"y\": \"b\"}\n"
                      "{\"id\": 3, \"y\": \"a\"}\n"
                      "{\"id\": 4, \"emb\": [ 1 , 2 , 3 ], \"y\": \"b\"}\n";
  sf_engine *e = loaded("{\"format\": \"jsonl\"}", jsonl);
  const sf_column *c = col_named(e, "emb");
  char buf[192], *s;
  const char *text;
  CHECK(c && c->type == SF_VECTOR && c->dim == 3 && c->missing == 2 && c->role == SF_ROLE_EMBEDDING);
  if (c && c->num) {
    /* entry a of row i at num[a * nrows + i] */
    CHECK(c->num[0] == 0.5 && c->num[4] == -1 && c->num[8] == 2000);
    CHECK(c->num[3] == 1 && c->num[7] == 2 && c->num[11] == 3);
    CHECK(isnan(c->num[1]) && isnan(c->num[5]) && isnan(c->num[10]));
    CHECK(sf_column_is_missing(c, 1) && sf_column_is_missing(c, 2) && !sf_column_is_missing(c, 3));
    CHECK(sf_column_label(c, 0, buf, sizeof buf, &text) == 1);
    CHECK_STR(text, "[0.5, -1, 2000]");
    CHECK(sf_column_label(c, 1, buf, sizeof buf, &text) == 0);
  }
  sf_close(e);
  CHECK(chunk_independent("{\"format\": \"jsonl\"}", jsonl, strlen(jsonl)));
  s = schema_of("{\"format\": \"jsonl\"}", jsonl);
  CHECK(strstr(s, "{\"name\":\"emb\",\"type\":\"vector\",\"role\":\"embedding\",\"missing\":2,\"dim\":3}") != NULL);
  CHECK(strstr(s, "\"embedding\":{\"name\":\"emb\",\"dim\":3,\"columns\":[\"emb\"]}") != NULL);
  free(s);
}

static void test_csv_vectors(void) {
  /* a quoted field in the array syntax; a long vector is shown by its first numbers */
  const char *csv = "v,w,n\n\"[0.1, 0.2, 0.3]\",\"[1,2,3,4,5,6,7,8]\",1\nNA,\"[0,0,0,0,0,0,0,0]\",2\n\"[1e-3,2,-4]\",,3\n";
  sf_engine *e = loaded(NULL, csv);
  const sf_column *v = col_named(e, "v"), *w = col_named(e, "w");
  char buf[192];
  const char *text;
  CHECK(v && v->type == SF_VECTOR && v->dim == 3 && v->missing == 1);
  if (v && v->num) CHECK(v->num[0] == 0.1 && v->num[3] == 0.2 && v->num[6] == 0.3 && v->num[2] == 1e-3 && v->num[8] == -4);
  CHECK(w && w->type == SF_VECTOR && w->dim == 8 && w->missing == 1);
  if (w && sf_column_label(w, 0, buf, sizeof buf, &text)) CHECK_STR(text, "[1, 2, 3, 4, 5, 6, \xe2\x80\xa6 8 numbers]");
  sf_close(e);
  CHECK(chunk_independent(NULL, csv, strlen(csv)));
}

/* Not vectors: mixed lengths, a non-number inside, an empty array, a nested one. */
static void test_not_vectors(void) {
  const char *jsonl = "{\"a\": [1, 2], \"b\": [1, \"x\"], \"c\": [], \"d\": [[1], [2]], \"e\": [1, 2]}\n"
                      "{\"a\": [1, 2, 3], \"b\": [1, 2], \"c\": [], \"d\": [[1], [2]], \"e\": \"[3, 4]\"}\n";
  const char *csv = "a\n\"[1,2]\"\n\"[1,2\"\n";
  sf_engine *e = loaded("{\"format\": \"jsonl\"}", jsonl);
  const char *names[] = {"a", "b", "c", "d"};
  size_t i;
  for (i = 0; i < 4; i++) {
    const sf_column *c = col_named(e, names[i]);
    CHECK(c && (c->type == SF_CATEGORY || c->type == SF_TEXT));
  }
  if (col_named(e, "a")) CHECK_STR(sf_column_str(col_named(e, "a"), 1), "[1,2,3]"); /* the values kept as they were */
  /* a string in the array syntax reads as CSV text does */
  CHECK(col_named(e, "e") && col_named(e, "e")->type == SF_VECTOR);
  sf_close(e);
  e = loaded(NULL, csv);
  CHECK(col_named(e, "a") && col_named(e, "a")->type == SF_CATEGORY);
  sf_close(e);
}

static void test_forced(void) {
  const char *opts = "{\"columns\": {\"v\": {\"type\": \"vector\"}}}";
  const char *jopts = "{\"format\": \"jsonl\", \"columns\": {\"v\": {\"type\": \"vector\"}}}";
  sf_engine *e;
  check_error(opts, "n,v\n1,\"[1,2]\"\n2,\"[1,x]\"\n", "3:3: '[1,x]' is not a vector (an array of numbers) in column 'v'");
  check_error(opts, "n,v\n1,\"[1,2]\"\n2,\n3,\"[1,2,3]\"\n", "4:3: '[1,2,3]' holds 3 numbers where column 'v' has 2");
  check_error(jopts, "{\"v\": [1, 2]}\n\n  {\"n\": 1, \"v\": 7}\n", "3:3: '7' is not a vector (an array of numbers) in column 'v'");
  check_error(jopts, "{\"v\": [1, 2]}\n{\"v\": [1]}\n", "2:1: '[1]' holds 1 numbers where column 'v' has 2");
  /* forced and well formed, with missing rows */
  e = loaded(opts, "n,v\n1,\"[1,2]\"\n2,\n3,\"[3,4]\"\n");
  CHECK(col_named(e, "v") && col_named(e, "v")->type == SF_VECTOR && col_named(e, "v")->missing == 1);
  sf_close(e);
}

/* The inferred embedding group of a CSV header (the names' table->group_name and size). */
static void group_of(const char *header, const char *want_name, size_t want_n) {
  dbuf b = {0, 0, 0};
  size_t ncols = 1, i;
  const char *p;
  sf_engine *e;
  for (p = header; *p; p++) ncols += *p == ',';
  dputs(&b, header);
  dputs(&b, "\n");
  for (i = 0; i < 3; i++) { /* three rows of numbers */
    size_t k;
    for (k = 0; k < ncols; k++) dputs(&b, k ? ",1" : "1");
    dputs(&b, "\n");
  }
  e = loaded(NULL, b.s);
  if (!e->table) { CHECK(0); sf_close(e); free(b.s); return; }
  if (want_name) {
    CHECK(e->table->ngroup == want_n);
    CHECK_STR(e->table->group_name, want_name);
  } else {
    CHECK(e->table->ngroup == 0);
    if (e->table->ngroup) fprintf(stderr, "  a group in: %s\n", header);
  }
  sf_close(e);
  free(b.s);
}

static void test_groups(void) {
  dbuf h = {0, 0, 0};
  char name[16];
  int i;
  dputs(&h, "label");
  for (i = 0; i < 64; i++) {
    snprintf(name, sizeof name, ",px%02d", i);
    dputs(&h, name);
  }
  group_of(h.s, "px", 64);
  free(h.s);
  group_of("emb_0,emb_1,emb_2,emb_3,emb_4,emb_5,emb_6,emb_7,x", "emb_", 8);
  group_of("f1,f2,f3,f4,f5,f6,f7,f8,f9,f10", "f", 10);         /* numbered from 1 */
  group_of("a0,a1,a2,a3,a4,a5,a6,a7,b0,b1,b2,b3,b4,b5,b6,b7,b8", "b", 9); /* the larger */
  group_of("x,y,z,p_cat,p_dog", NULL, 0);                        /* no numbers */
  group_of("x1,x2,x3,x4,x5", NULL, 0);                           /* too few */
  group_of("e0,e1,e2,e3,e5,e6,e7,e8,e9", NULL, 0);               /* a gap */
  group_of("e2,e3,e4,e5,e6,e7,e8,e9,e10", NULL, 0);              /* not from 0 or 1 */
  group_of("e0,e00,e1,e2,e3,e4,e5,e6,e7", NULL, 0);              /* a repeat */
  group_of("0,1,2,3,4,5,6,7,8", NULL, 0);                        /* no prefix */
  group_of("_0,_1,_2,_3,_4,_5,_6,_7,_8", NULL, 0);               /* no letter */
  group_of("2x0,2x1,2x2,2x3,2x4,2x5,2x6,2x7", NULL, 0);          /* not letters */
  group_of("p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,label", NULL, 0);    /* scores of the label's classes */
  /* a group member that is not a number breaks the group */
  {
    sf_engine *e = loaded(NULL, "q0,q1,q2,q3,q4,q5,q6,q7\n1,2,3,4,5,6,7,a\n");
    CHECK(e->table && e->table->ngroup == 0);
    sf_close(e);
  }
}

/* The view's "embedding" and sf_call_embedding over its roles. */
static void test_view_embedding(void) {
  const char *csv = "label,e0,e1,e2,e3,e4,e5,e6,e7,v\n"
                    "a,1,2,3,4,5,6,7,8,\"[1,0]\"\n"
                    "b,2,3,4,5,6,7,8,9,\"[0,1]\"\n"
                    "a,0,0,0,0,0,0,0,1,\n";
  sf_engine *e = loaded(NULL, csv);
  sf_roles r;
  sf_error err;
  sf_bitmap rows = {0};
  sf_call call;
  sf_embedding emb;
  double buf[8];
  char *view;
  size_t a;
  memset(&r, 0, sizeof r);
  CHECK(e->table && e->table->ngroup == 8);
  /* the vector column comes first */
  view = sf_view_set(e, "{\"sinfonia\": 1, \"components\": {}}");
  CHECK(view && strstr(view, "\"embedding\":{\"name\":\"v\",\"dim\":2,\"columns\":[\"v\"]}"));
  sf_free(view);
  /* the vector as a feature: the group */
  view = sf_view_set(e, "{\"sinfonia\": 1, \"components\": {}, \"columns\": {\"v\": {\"role\": \"feature\"}}}");
  CHECK(view && strstr(view, "\"embedding\":{\"name\":\"e\",\"dim\":8,\"columns\":[\"e0\",\"e1\",\"e2\",\"e3\",\"e4\",\"e5\",\"e6\",\"e7\"]}"));
  sf_free(view);
  /* numbers the spec names as the embedding */
  view = sf_view_set(e, "{\"sinfonia\": 1, \"components\": {}, \"columns\": {\"v\": {\"role\": \"feature\"}, "
                        "\"e7\": {\"role\": \"embedding\"}, \"e2\": {\"role\": \"embedding\"}}}");
  CHECK(view && strstr(view, "\"embedding\":{\"name\":\"embedding\",\"dim\":2,\"columns\":[\"e2\",\"e7\"]}"));
  sf_free(view);
  /* a member of the group given another role: no embedding */
  view = sf_view_set(e, "{\"sinfonia\": 1, \"components\": {}, \"columns\": {\"v\": {\"role\": \"feature\"}, \"e3\": {\"role\": \"id\"}}}");
  CHECK(view && !strstr(view, "\"embedding\""));
  sf_free(view);

  /* of two vector columns, one named embedding/emb is the view's */
  {
    sf_engine *e2 = loaded("{\"format\": \"jsonl\"}", "{\"a\": [1, 2], \"Emb\": [3, 4, 5]}\n{\"a\": [6, 7], \"Emb\": [8, 9, 0]}\n");
    char *v2 = sf_view_set(e2, "{\"sinfonia\": 1, \"components\": {}}");
    CHECK(v2 && strstr(v2, "\"embedding\":{\"name\":\"Emb\",\"dim\":3,\"columns\":[\"Emb\"]}"));
    sf_free(v2);
    v2 = sf_view_set(e2, "{\"sinfonia\": 1, \"components\": {}, \"columns\": {\"Emb\": {\"role\": \"feature\"}}}");
    CHECK(v2 && strstr(v2, "\"embedding\":{\"name\":\"a\",\"dim\":2,\"columns\":[\"a\"]}"));
    sf_free(v2);
    sf_close(e2);
  }

  /* the accessor: the same numbers whatever the source */
  CHECK(sf_roles_resolve(e->table, NULL, &r, &err) == SF_OK);
  sf_bitmap_init(&rows, e->table->nrows, 1, &err);
  call.table = e->table;
  call.rows = &rows;
  call.config = NULL;
  call.roles = &r;
  call.slices = NULL;
  CHECK(sf_call_embedding(&call, &emb) == 1);
  CHECK(emb.dim == 2 && emb.ncols == 1 && !strcmp(emb.name, "v"));
  CHECK(sf_embedding_row(&emb, 1, buf) == 1 && buf[0] == 0 && buf[1] == 1);
  CHECK(sf_embedding_row(&emb, 2, buf) == 0); /* missing */
  sf_roles_free(&r);
  CHECK(sf_roles_resolve(e->table, NULL, &r, &err) == SF_OK);
  r.role[9] = SF_ROLE_FEATURE; /* the vector as a feature */
  sf_embedding_free(&r.emb);
  CHECK(sf_roles_embedding(&r) == SF_OK);
  CHECK(sf_call_embedding(&call, &emb) == 1 && emb.dim == 8 && emb.ncols == 8);
  CHECK(sf_embedding_row(&emb, 2, buf) == 1);
  for (a = 0; a < 8; a++) CHECK(buf[a] == e->table->cols[1 + a].num[2]);
  sf_roles_free(&r);
  call.roles = NULL;
  CHECK(sf_call_embedding(&call, &emb) == 0 && emb.dim == 0);
  sf_bitmap_free(&rows);
  sf_close(e);
}

static void test_refused(void) {
  sf_engine *e = loaded(NULL, "y,v,n\na,\"[1,2]\",1\nb,\"[3,4]\",2\n");
  sf_error err;
  cJSON *r;
  r = fix_run(e, "histogram", NULL, "{\"field\":\"v\"}", &err);
  CHECK(!r);
  CHECK_STR(err.msg, "config.field: 'v' holds vectors (2 numbers a row); name a column of single values");
  r = fix_run(e, "table", "{\"field\":\"v\",\"in\":[null]}", NULL, &err);
  CHECK(!r);
  CHECK_STR(err.msg, "filter.in: column 'v' holds vectors; select its rows instead (a brush on the embedding map)");
  r = fix_run(e, "table", NULL, "{\"sort\":{\"field\":\"v\"}}", &err);
  CHECK(!r);
  CHECK_STR(err.msg, "config.sort.field: 'v' holds vectors (2 numbers a row); name a column of single values");
  r = fix_run(e, "table", "{\"field\":\"v\",\"range\":[0,1]}", NULL, &err);
  CHECK(!r);
  CHECK_STR(err.msg, "filter.range: column 'v' holds vectors; select its rows instead (a brush on the embedding map)");
  /* the table and the summary show it */
  r = fix_run(e, "table", NULL, "{\"fields\":[\"v\",\"n\"]}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "rows", "[{\"row\":0,\"values\":[\"[1, 2]\",1]},{\"row\":1,\"values\":[\"[3, 4]\",2]}]");
  CHECK_MEMBER(r, "unsortable", "[\"v\"]");
  cJSON_Delete(r);
  r = fix_run(e, "summary", NULL, "{\"fields\":[\"v\"]}", &err);
  CHECK(r != NULL);
  CHECK_MEMBER(r, "columns", "[{\"name\":\"v\",\"type\":\"vector\",\"role\":\"embedding\",\"dim\":2,\"count\":2,\"missing\":0,"
                             "\"distinct\":null,\"mean\":null,\"std\":null,\"min\":null,\"max\":null,\"median\":null,\"top\":[]}]");
  cJSON_Delete(r);
  /* a vector is never a label, a group...: the spec's other roles for it are ignored */
  {
    char *view = sf_view_set(e, "{\"sinfonia\": 1, \"components\": {}, \"columns\": {\"v\": {\"role\": \"label\"}}}");
    CHECK(view && strstr(view, "{\"name\":\"v\",\"type\":\"vector\",\"role\":\"embedding\"}"));
    sf_free(view);
    /* as a feature, it is left out of what needs one value a row (slice-finder's features) */
    view = sf_view_set(e, "{\"sinfonia\": 1, \"columns\": {\"v\": {\"role\": \"feature\"}, \"n\": {\"role\": \"prediction\"}}, "
                          "\"components\": {\"sf\": {\"type\": \"slice-finder\"}, \"d\": {\"type\": \"duplicates\"}}}");
    CHECK(view != NULL);
    sf_free(view);
    view = sf_view_run(e, "sf", NULL);
    CHECK(view != NULL);
    sf_free(view);
    view = sf_view_run(e, "d", NULL);
    CHECK(view && strstr(view, "\"fields\":[\"v\"]"));
    sf_free(view);
  }
  sf_close(e);
  /* a vector named label is an embedding, and the label is another column */
  e = loaded("{\"format\": \"jsonl\"}", "{\"label\": [1, 0], \"y\": \"a\"}\n{\"label\": [0, 1], \"y\": \"b\"}\n");
  CHECK(col_named(e, "label") && col_named(e, "label")->role == SF_ROLE_EMBEDDING);
  CHECK(col_named(e, "y") && col_named(e, "y")->role == SF_ROLE_LABEL);
  sf_close(e);
}

/* Two files with the same numbers, as a vector and as columns, give one map and
 * the same near duplicates; the instance draws a square vector. */
static void test_kernels(void) {
  dbuf vec = {0, 0, 0}, cols = {0, 0, 0};
  char line[512];
  uint64_t s = 0x9e3779b97f4a7c15ull;
  int six[16];
  size_t i, a;
  sf_engine *ev, *ec;
  sf_error err;
  cJSON *rv, *rc;
  char *pv, *pc;
  dputs(&vec, "label,px\n");
  dputs(&cols, "label");
  for (a = 0; a < 16; a++) {
    snprintf(line, sizeof line, ",px%zu", a);
    dputs(&cols, line);
  }
  dputs(&cols, "\n");
  for (i = 0; i < 60; i++) {
    size_t len = 0, lc = 0;
    char cl[512];
    len += (size_t)snprintf(line + len, sizeof line - len, "%s,\"[", i % 3 ? "a" : "b");
    lc += (size_t)snprintf(cl + lc, sizeof cl - lc, "%s", i % 3 ? "a" : "b");
    for (a = 0; a < 16; a++) {
      int v;
      s ^= s << 13; s ^= s >> 7; s ^= s << 17;
      v = (int)(s % 17);
      if (i == 6) six[a] = v;
      if (i == 7) v = 2 * six[a]; /* row 7 is row 6 doubled: cosine distance 0, not an exact duplicate */
      if (i == 8) v = 0;          /* row 8 is all zeros: left out of cosine */
      len += (size_t)snprintf(line + len, sizeof line - len, "%s%d", a ? "," : "", v);
      lc += (size_t)snprintf(cl + lc, sizeof cl - lc, ",%d", v);
    }
    snprintf(line + len, sizeof line - len, "]\"\n");
    snprintf(cl + lc, sizeof cl - lc, "\n");
    dputs(&vec, line);
    dputs(&cols, cl);
  }
  ev = loaded(NULL, vec.s);
  ec = loaded(NULL, cols.s);
  CHECK(ev->table && ec->table && ec->table->ngroup == 16);
  rv = fix_run(ev, "embedding", NULL, NULL, &err);
  rc = fix_run(ec, "embedding", NULL, NULL, &err);
  CHECK(rv && rc);
  CHECK_MEMBER(rv, "fields", "[\"px\"]");
  CHECK_MEMBER(rv, "embedding", "\"px\"");
  CHECK_MEMBER(rc, "embedding", "\"px\"");
  if (rv && rc) { /* the same arithmetic in the same order: equal to the bit */
    const char *keys[] = {"explained_variance_ratio", "components", "points", "rows", "values"};
    for (a = 0; a < 5; a++) {
      pv = fix_print(rv, keys[a]);
      pc = fix_print(rc, keys[a]);
      CHECK_STR(pv, pc);
      free(pv);
      free(pc);
    }
  }
  cJSON_Delete(rv);
  cJSON_Delete(rc);
  rv = fix_run(ev, "duplicates", NULL, NULL, &err);
  rc = fix_run(ec, "duplicates", NULL, NULL, &err);
  CHECK(rv && rc);
  if (rv && rc) {
    const cJSON *iv = cJSON_GetObjectItemCaseSensitive(rv, "near_info");
    CHECK_MEMBER(iv, "fields", "[\"px\"]");
    CHECK_MEMBER(iv, "metric", "\"cosine\"");
    CHECK_MEMBER(iv, "left_out", "1");
    pv = fix_print(rv, "near");
    pc = fix_print(rc, "near");
    CHECK_STR(pv, pc);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rv, "near")) == 1); /* only the planted pair */
    CHECK_MEMBER(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rv, "near"), 0), "rows", "[6,7]");
    free(pv);
    free(pc);
  }
  cJSON_Delete(rv);
  cJSON_Delete(rc);
  rv = fix_run(ev, "instance", NULL, NULL, &err);
  CHECK(rv != NULL);
  CHECK_MEMBER(rv, "pixels", "[{\"prefix\":\"px\",\"fields\":[\"px\"],\"width\":4,\"height\":4,\"min\":0,\"max\":32}]");
  if (rv) {
    const cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rv, "rows"), 0);
    const cJSON *px = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(row, "pixels"), 0);
    CHECK(cJSON_GetArraySize(px) == 16);
    CHECK(cJSON_GetArrayItem(px, 3)->valuedouble == ev->table->cols[1].num[3 * 60 + 0]);
  }
  cJSON_Delete(rv);
  /* every allocation failing in turn: an error naming memory, no leak */
  CHECK(fix_oom_sweep(ev, "embedding", NULL, NULL) > 5);
  CHECK(fix_oom_sweep(ev, "duplicates", NULL, NULL) > 5);
  CHECK(fix_oom_sweep(ev, "instance", NULL, NULL) > 5);
  CHECK(fix_oom_sweep(ec, "embedding", NULL, NULL) > 5);
  sf_close(ev);
  sf_close(ec);
  free(vec.s);
  free(cols.s);
}

/* An embedding wider than the map's 256 dimensions is refused, saying so. */
static void test_too_wide(void) {
  dbuf b = {0, 0, 0};
  char num[16];
  size_t i, a;
  sf_engine *e;
  sf_error err;
  cJSON *r;
  dputs(&b, "v\n");
  for (i = 0; i < 3; i++) {
    dputs(&b, "\"[");
    for (a = 0; a < 300; a++) {
      snprintf(num, sizeof num, "%s%zu", a ? "," : "", (a * (i + 1)) % 7);
      dputs(&b, num);
    }
    dputs(&b, "]\"\n");
  }
  e = loaded(NULL, b.s);
  CHECK(col_named(e, "v") && col_named(e, "v")->dim == 300);
  r = fix_run(e, "embedding", NULL, NULL, &err);
  CHECK(!r);
  CHECK_STR(err.msg, "config.embedding: the embedding 'v' has 300 dimensions; at most 256 can be mapped");
  sf_close(e);
  free(b.s);
}

/* Loading and setting a view with each allocation failing in turn. */
static void test_oom(void) {
  const char *data = "label,v,e0,e1,e2,e3,e4,e5,e6,e7\na,\"[1,2]\",1,2,3,4,5,6,7,8\nb,,2,3,4,5,6,7,8,9\n";
  char *ref = load(NULL, data);
  long k;
  int done = 0;
  for (k = 0; k < 100000 && !done; k++) {
    sf_engine *e;
    char *schema = NULL, *view = NULL;
    int rc;
    sf_alloc_fail_after(k);
    if (!(e = sf_open())) { sf_alloc_fail_after(-1); continue; }
    rc = sf_ingest_begin(e, NULL);
    if (!rc) rc = sf_ingest_chunk(e, (const uint8_t *)data, strlen(data));
    if (!rc) schema = sf_ingest_end(e);
    if (schema) view = sf_view_set(e, "{\"sinfonia\": 1, \"components\": {\"m\": {\"type\": \"embedding\"}}}");
    sf_alloc_fail_after(-1);
    if (view) {
      char *got = load(NULL, data);
      CHECK_STR(got, ref);
      CHECK(strstr(view, "\"embedding\":{\"name\":\"v\"") != NULL);
      free(got);
      done = 1;
    } else if (!strstr(sf_last_error(e), "out of memory")) {
      fprintf(stderr, "allocation %ld: %s\n", k, sf_last_error(e));
      CHECK(0);
    }
    sf_free(schema);
    sf_free(view);
    sf_close(e);
  }
  CHECK(done && k > 20);
  free(ref);
}

int main(void) {
  test_json_vectors();
  test_csv_vectors();
  test_not_vectors();
  test_forced();
  test_groups();
  test_view_embedding();
  test_refused();
  test_kernels();
  test_too_wide();
  test_oom();
  return test_report("test_embed");
}
