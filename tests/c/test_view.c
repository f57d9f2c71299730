/* test_view.c — wasm/src/view.c: a spec resolved once into the view (roles,
 * configs), components run over their composed filters, the table never changed. */
#include "internal.h"
#include "test.h"
#include "engine_text.h"
#include <stdlib.h>

/* A file with a column named label and a spec that makes truth2 the label (the
 * reproduction in issue 12), with scores of truth2's classes. */
static const char *CSV = "id,label,truth2,pred,p_cat,p_dog,x\n"
                         "0,cat,dog,dog,0.2,0.8,1\n"
                         "1,cat,dog,cat,0.7,0.3,2\n"
                         "2,dog,cat,cat,0.9,0.1,3\n"
                         "3,dog,dog,dog,0.4,0.6,4\n"
                         "4,bird,cat,dog,0.5,0.5,5\n";

static const char *TRUTH2 =
    "{\"sinfonia\":1,\"columns\":{\"truth2\":{\"role\":\"label\"}},"
    "\"filters\":[{\"and\":[{\"field\":\"truth2\",\"in\":[\"dog\"]},{\"field\":\"pred\",\"in\":[\"cat\"]}],\"source\":\"cm\"}],"
    "\"components\":{\"cm\":{\"type\":\"confusion-matrix\"},\"t\":{\"type\":\"table\",\"fields\":[\"id\"]}}}";
static const char *PLAIN = "{\"sinfonia\":1,\"components\":{\"cm\":{\"type\":\"confusion-matrix\"},"
                           "\"t\":{\"type\":\"table\",\"fields\":[\"id\"]}}}";

static sf_engine *loaded(void) {
  sf_engine *e = sf_open();
  char *schema;
  sf_ingest_begin(e, NULL);
  sf_ingest_chunk(e, (const uint8_t *)CSV, strlen(CSV));
  schema = sf_ingest_end(e);
  CHECK(schema != NULL);
  sf_free(schema);
  return e;
}

static const char *set(sf_engine *e, const char *spec) { return engine_text(e, sf_view_set(e, spec)); }
static const char *run(sf_engine *e, const char *id, const char *opts) { return engine_text(e, sf_view_run(e, id, opts)); }
static int has(const char *s, const char *part) { return strstr(s, part) != NULL; }

static void test_truth2(void) {
  sf_engine *e = loaded();
  const char *v = set(e, TRUTH2);
  /* the resolved view: truth2 is the label, label a feature, p_<class> score truth2's classes */
  CHECK(has(v, "{\"name\":\"label\",\"type\":\"category\",\"role\":\"feature\"}"));
  CHECK(has(v, "{\"name\":\"truth2\",\"type\":\"category\",\"role\":\"label\"}"));
  CHECK(has(v, "{\"name\":\"p_dog\",\"type\":\"number\",\"role\":\"score\",\"class\":\"dog\"}"));
  CHECK(has(v, "\"cm\":{\"type\":\"confusion-matrix\",\"normalize\":\"none\",\"order\":\"label\","
              "\"group_separator\":\"\",\"top\":40,\"label\":\"truth2\",\"prediction\":\"pred\"}"));
  CHECK(has(v, "\"t\":{\"type\":\"table\",\"fields\":[\"id\"],\"offset\":0,\"limit\":100}"));
  /* the matrix counts truth2 x pred over every row (the cell is its own selection) */
  CHECK_STR(run(e, "cm", NULL),
            "{\"label\":\"truth2\",\"prediction\":\"pred\",\"labels\":[\"cat\",\"dog\"],\"matrix\":[[1,1],[1,2]],"
            "\"accuracy\":0.6,\"per_class\":[{\"label\":\"cat\",\"precision\":0.5,\"recall\":0.5,\"f1\":0.5,\"support\":2},"
            "{\"label\":\"dog\",\"precision\":0.6666666666666666,\"recall\":0.6666666666666666,"
            "\"f1\":0.6666666666666666,\"support\":3}],\"macro\":{\"precision\":0.5833333333333333,"
            "\"recall\":0.5833333333333333,\"f1\":0.5833333333333333},\"weighted\":{\"precision\":0.6,"
            "\"recall\":0.6,\"f1\":0.6},\"count\":5,\"missing\":0,\"grid\":{\"entries\":[{\"kind\":\"class\","
            "\"label\":\"cat\"},{\"kind\":\"class\",\"label\":\"dog\"}],\"counts\":[[1,1],[1,2]]}}");
  /* the cell (truth2 = dog, pred = cat) selects the one row the matrix counted there */
  CHECK_STR(run(e, "t", NULL), "{\"count\":1,\"offset\":0,\"fields\":[\"id\"],\"rows\":[{\"row\":1,\"values\":[1]}]}");
  /* the table keeps the inferred roles */
  CHECK(e->table->cols[1].role == SF_ROLE_LABEL && e->table->cols[2].role == SF_ROLE_FEATURE);
  sf_close(e);
}

/* Two specs set in turn: each sees its own roles, however often they alternate. */
static void test_alternate(void) {
  sf_engine *e = loaded();
  int i;
  for (i = 0; i < 3; i++) {
    CHECK(!has(set(e, TRUTH2), "ERR"));
    CHECK(has(run(e, "cm", NULL), "\"label\":\"truth2\",\"prediction\":\"pred\",\"labels\":[\"cat\",\"dog\"],\"matrix\":[[1,1],[1,2]]"));
    CHECK(has(run(e, "t", NULL), "\"count\":1,"));
    CHECK(!has(set(e, PLAIN), "ERR"));
    CHECK(has(run(e, "cm", NULL), "\"label\":\"label\",\"prediction\":\"pred\",\"labels\":[\"bird\",\"cat\",\"dog\"],"
                                  "\"matrix\":[[0,0,1],[0,1,1],[0,1,1]]"));
    CHECK(has(run(e, "t", NULL), "\"count\":5,"));
  }
  sf_close(e);
}

/* Each component sees the AND of every clause but its own. */
static void test_composition(void) {
  sf_engine *e = loaded();
  const char *spec = "{\"sinfonia\":1,\"filters\":["
                     "{\"field\":\"x\",\"range\":[2,4],\"source\":\"hx\"},"
                     "{\"field\":\"pred\",\"in\":[\"dog\"],\"source\":\"hp\"},"
                     "{\"not\":{\"rows\":[3]}}],"
                     "\"components\":{\"hx\":{\"type\":\"histogram\",\"field\":\"x\",\"bins\":5},"
                     "\"hp\":{\"type\":\"histogram\",\"field\":\"pred\"},\"t\":{\"type\":\"table\",\"fields\":[\"id\"]}}}";
  CHECK(!has(set(e, spec), "ERR"));
  /* hx: pred = dog and not row 3 -> rows 0, 4 (x 1, 5) */
  CHECK(has(run(e, "hx", NULL), "\"bins\":[{\"lo\":1,\"hi\":1.8,\"count\":1},{\"lo\":1.8,\"hi\":2.6,\"count\":0},"
                                "{\"lo\":2.6,\"hi\":3.4000000000000004,\"count\":0},"
                                "{\"lo\":3.4000000000000004,\"hi\":4.2,\"count\":0},"
                                "{\"lo\":4.2,\"hi\":5,\"count\":1}]"));
  /* hp: x in [2, 4] and not row 3 -> rows 1, 2 (cat, cat) */
  CHECK(has(run(e, "hp", NULL), "\"values\":[{\"value\":\"cat\",\"count\":2}]"));
  /* t: every clause -> none of rows 0..4 but... x in [2,4], pred dog, not 3 -> none */
  CHECK(has(run(e, "t", NULL), "{\"count\":0,"));
  /* unfiltered: every row */
  CHECK(has(run(e, "t", "{\"unfiltered\":true}"), "{\"count\":5,"));
  /* a patch merged over the config, validated as the spec's was */
  CHECK(has(run(e, "hx", "{\"config\":{\"bins\":1}}"), "\"bins\":[{\"lo\":1,\"hi\":5,\"count\":2}]"));
  CHECK_STR(run(e, "hx", "{\"config\":{\"bins\":0}}"), "ERR: components.hx.bins: must be an integer from 1 to 1000");
  CHECK_STR(run(e, "hx", "{\"config\":{\"field\":null}}"), "ERR: components.hx.field: is required");
  CHECK_STR(run(e, "hx", "{\"config\":{\"type\":\"table\",\"field\":\"nope\"}}"),
            "ERR: components.hx.field: no column named 'nope'");
  CHECK(has(run(e, "t", "{\"config\":{\"offset\":0,\"sort\":{\"field\":\"x\",\"desc\":true}},\"unfiltered\":true}"),
            "\"rows\":[{\"row\":4,"));
  CHECK_STR(run(e, "t", "{\"colour\":1}"), "ERR: options.colour: unknown key (allowed: config, unfiltered)");
  CHECK_STR(run(e, "t", "{\"unfiltered\":1}"), "ERR: options.unfiltered: must be true or false");
  CHECK_STR(run(e, "nope", NULL), "ERR: components: the view has no component 'nope'");
  /* a clause naming a column the file lacks is named when a component needs it */
  CHECK(!has(set(e, "{\"sinfonia\":1,\"filters\":[{\"field\":\"zz\",\"in\":[1],\"source\":\"a\"}],"
                    "\"components\":{\"a\":{\"type\":\"summary\"},\"b\":{\"type\":\"summary\"}}}"), "ERR"));
  CHECK(!has(run(e, "a", NULL), "ERR"));
  CHECK_STR(run(e, "b", NULL), "ERR: filters[0].field: no column named 'zz'");
  sf_close(e);
}

static void test_errors(void) {
  sf_engine *e = sf_open();
  CHECK_STR(set(e, PLAIN), "ERR: no table is loaded; load a file before setting a view");
  CHECK_STR(run(e, "cm", NULL), "ERR: no view is set; call sf_view_set first");
  sf_close(e);
  e = loaded();
  CHECK(!has(set(e, TRUTH2), "ERR"));
  /* a failed set names the path and keeps the previous view */
  CHECK_STR(set(e, "{\"sinfonia\":1,\"components\":{\"h1\":{\"type\":\"histogram\",\"field\":\"x\",\"bins\":0}}}"),
            "ERR: components.h1.bins: must be an integer from 1 to 1000");
  CHECK_STR(set(e, "{\"sinfonia\":1,\"components\":{\"h1\":{\"type\":\"histogram\",\"field\":\"xx\"}}}"),
            "ERR: components.h1.field: no column named 'xx'");
  CHECK_STR(set(e, "{\"sinfonia\":1,\"columns\":{\"truth2\":{\"role\":\"feature\"},\"label\":{\"role\":\"id\"}},"
                   "\"components\":{\"cm\":{\"type\":\"confusion-matrix\"}}}"),
            "ERR: components.cm.label: no column has the role label; set one in the spec's columns or in this "
            "component's config");
  CHECK(has(set(e, "{\"sinfonia\":1,"), "ERR: 1:"));
  CHECK(has(run(e, "cm", NULL), "\"label\":\"truth2\""));
  /* a new file drops the view */
  sf_ingest_begin(e, NULL);
  CHECK(e->view == NULL);
  sf_close(e);
}

/* Make the 1st, 2nd, ... allocation of a run fail until it succeeds, each time on
 * a fresh view (a view keeps the clause rows it evaluated). */
static void sweep_run(sf_engine *e, const char *id, const char *opts) {
  long n;
  int done = 0;
  for (n = 0; n < 100000 && !done; n++) {
    char *r;
    set(e, TRUTH2);
    sf_alloc_fail_after(n);
    r = sf_view_run(e, id, opts);
    sf_alloc_fail_after(-1);
    if (r) done = 1;
    else CHECK(has(sf_last_error(e), "out of memory"));
    sf_free(r);
  }
  CHECK(done);
}

/* Out of memory at any allocation of a set or a run: an error, no crash, no leak,
 * and the view in place stays usable. */
static void test_oom(void) {
  sf_engine *e = loaded();
  long n;
  int done = 0;
  for (n = 0; n < 100000 && !done; n++) {
    char *r;
    sf_alloc_fail_after(n);
    r = sf_view_set(e, TRUTH2);
    sf_alloc_fail_after(-1);
    if (r) done = 1;
    else CHECK(has(sf_last_error(e), "out of memory"));
    sf_free(r);
  }
  CHECK(done);
  sweep_run(e, "t", NULL);
  sweep_run(e, "t", "{\"config\":{\"sort\":{\"field\":\"x\"}}}");
  sweep_run(e, "cm", "{\"unfiltered\":true}");
  CHECK(has(run(e, "cm", NULL), "\"matrix\":[[1,1],[1,2]]"));
  sf_close(e);
}

/* The spec's threshold derives the prediction from the positive class's score:
 * every component sees it, filters may name it, the file's prediction is a feature. */
static void test_threshold(void) {
  sf_engine *e = loaded();
  const char *v;
  char spec[1024];
  /* truth2 (cat/dog) is the label; p_dog (the last of two scored classes) is the score */
  v = set(e, "{\"sinfonia\":1,\"columns\":{\"truth2\":{\"role\":\"label\"}},\"threshold\":{\"value\":0.6},"
             "\"components\":{\"cm\":{\"type\":\"confusion-matrix\"},\"r\":{\"type\":\"roc-pr\",\"max_points\":2},"
             "\"t\":{\"type\":\"table\",\"fields\":[\"id\",\"p_dog \xE2\x89\xA5 threshold\"]}}}");
  CHECK(has(v, "{\"name\":\"pred\",\"type\":\"category\",\"role\":\"feature\"}"));
  CHECK(has(v, "{\"name\":\"p_dog \xE2\x89\xA5 threshold\",\"type\":\"category\",\"role\":\"prediction\","
               "\"derived\":true,\"score\":\"p_dog\",\"threshold\":0.6}"));
  /* p_dog >= 0.6: rows 0 and 3 dog, the rest cat; truth2 dog,dog,cat,dog,cat */
  CHECK(has(run(e, "cm", NULL), "\"label\":\"truth2\",\"prediction\":\"p_dog \xE2\x89\xA5 threshold\","
                                "\"labels\":[\"cat\",\"dog\"],\"matrix\":[[2,0],[1,2]]"));
  CHECK(has(run(e, "t", NULL), "\"rows\":[{\"row\":0,\"values\":[0,\"dog\"]},{\"row\":1,\"values\":[1,\"cat\"]}"));
  CHECK(has(run(e, "r", NULL), "\"at_threshold\":{\"threshold\":0.6,\"tp\":2,\"fp\":0,\"fn\":1,\"tn\":2,"
                               "\"precision\":1,\"recall\":0.6666666666666666,\"fpr\":0}"));
  /* a clause on the derived prediction filters the others */
  CHECK(!has(set(e, "{\"sinfonia\":1,\"columns\":{\"truth2\":{\"role\":\"label\"}},\"threshold\":{\"value\":0.6},"
                    "\"filters\":[{\"field\":\"p_dog \xE2\x89\xA5 threshold\",\"in\":[\"dog\"],\"source\":\"cm\"}],"
                    "\"components\":{\"cm\":{\"type\":\"confusion-matrix\"},\"t\":{\"type\":\"table\",\"fields\":[\"id\"]}}}"),
             "ERR"));
  CHECK(has(run(e, "t", NULL), "{\"count\":2,"));
  /* the score named: p_cat >= 0.5 predicts cat (rows 1, 2, 4) */
  CHECK(!has(set(e, "{\"sinfonia\":1,\"columns\":{\"truth2\":{\"role\":\"label\"}},"
                    "\"threshold\":{\"value\":0.5,\"score\":\"p_cat\"},\"components\":{\"cm\":{\"type\":\"confusion-matrix\"}}}"),
             "ERR"));
  CHECK(has(run(e, "cm", NULL), "\"matrix\":[[2,0],[1,2]]"));
  /* what cannot be derived is named */
  snprintf(spec, sizeof spec, "{\"sinfonia\":1,\"threshold\":{\"value\":0.5},\"components\":{}}");
  CHECK_STR(set(e, spec), "ERR: threshold: the label 'label' has more than two classes; a threshold needs a binary label");
  CHECK_STR(set(e, "{\"sinfonia\":1,\"columns\":{\"truth2\":{\"role\":\"label\"}},\"threshold\":{\"value\":0.5,\"score\":\"x\"},"
                   "\"components\":{}}"),
            "ERR: threshold.score: 'x' is not a score column (set its role score and the class it scores in columns)");
  CHECK_STR(set(e, "{\"sinfonia\":1,\"columns\":{\"truth2\":{\"role\":\"label\"}},\"threshold\":{\"value\":0.5,\"score\":\"zz\"},"
                   "\"components\":{}}"),
            "ERR: threshold.score: no column named 'zz'");
  CHECK_STR(set(e, "{\"sinfonia\":1,\"columns\":{\"label\":{\"role\":\"id\"}},\"threshold\":{\"value\":0.5},\"components\":{}}"),
            "ERR: threshold: no column has the role label; a threshold needs a binary label");
  CHECK_STR(set(e, "{\"sinfonia\":1,\"threshold\":{\"value\":\"a\"},\"components\":{}}"),
            "ERR: threshold.value: must be a number");
  /* out of memory anywhere in a set with a threshold: an error, no leak */
  {
    long n;
    int done = 0;
    for (n = 0; n < 100000 && !done; n++) {
      char *r;
      sf_alloc_fail_after(n);
      r = sf_view_set(e, "{\"sinfonia\":1,\"columns\":{\"truth2\":{\"role\":\"label\"}},\"threshold\":{\"value\":0.6},"
                         "\"components\":{\"cm\":{\"type\":\"confusion-matrix\"}}}");
      sf_alloc_fail_after(-1);
      if (r) done = 1;
      else CHECK(has(sf_last_error(e), "out of memory"));
      sf_free(r);
    }
    CHECK(done);
  }
  /* the loaded table is never changed */
  CHECK(e->table->ncols == 7 && e->table->cols[3].role == SF_ROLE_PREDICTION);
  sf_close(e);
}

int main(void) {
  test_threshold();
  test_truth2();
  test_alternate();
  test_composition();
  test_errors();
  test_oom();
  return test_report("test_view");
}
