/* engine.c — the engine handle and the ingest half of the public API (views are
 * in view.c, ad-hoc runs in run.c). An engine holds at most one table;
 * sf_ingest_begin discards it and its view. An error in a chunk sticks: later
 * chunks return it and sf_ingest_end returns NULL. */
#include "internal.h"
#include <stdio.h>
#include <string.h>

void sf_engine_set_error(sf_engine *e, const sf_error *err) {
  sf_error_format(err, e->error, sizeof e->error);
}

static void set_msg(sf_engine *e, const char *msg) { snprintf(e->error, sizeof e->error, "%s", msg); }

sf_engine *sf_open(void) {
  sf_json_init();
  return sf_calloc(1, sizeof(sf_engine));
}

int sf_ingest_begin(sf_engine *e, const char *options_json) {
  sf_error err;
  int rc;
  if (!e) return SF_ESTATE;
  sf_ingest_free(e->ingest);
  e->ingest = NULL;
  sf_view_free(e->view); /* a view is of the table it was set on */
  e->view = NULL;
  sf_table_free(e->table);
  e->table = NULL;
  e->error[0] = 0;
  memset(&err, 0, sizeof err);
  rc = sf_ingest_new(options_json, &e->ingest, &err);
  if (rc) sf_engine_set_error(e, &err);
  return rc;
}

int sf_ingest_chunk(sf_engine *e, const uint8_t *bytes, size_t n) {
  sf_error err;
  int rc;
  if (!e) return SF_ESTATE;
  if (!e->ingest) {
    if (!e->error[0]) set_msg(e, "no ingest in progress: call sf_ingest_begin first");
    return SF_ESTATE;
  }
  if (!bytes && n) {
    set_msg(e, "sf_ingest_chunk: NULL bytes");
    return SF_ESTATE;
  }
  memset(&err, 0, sizeof err);
  rc = sf_ingest_feed(e->ingest, bytes, n, &err);
  if (rc) sf_engine_set_error(e, &err);
  return rc;
}

size_t sf_ingest_rows(sf_engine *e) { return e && e->ingest ? sf_ingest_rows_read(e->ingest) : 0; }

char *sf_ingest_end(sf_engine *e) {
  sf_error err;
  sf_table *t = NULL;
  char *schema = NULL;
  int rc;
  if (!e) return NULL;
  if (!e->ingest) {
    if (!e->error[0]) set_msg(e, "no ingest in progress: call sf_ingest_begin first");
    return NULL;
  }
  memset(&err, 0, sizeof err);
  rc = sf_ingest_finish(e->ingest, &t, &err);
  sf_ingest_free(e->ingest);
  e->ingest = NULL;
  if (rc) { sf_engine_set_error(e, &err); goto end; }
  schema = sf_schema_json(t);
  if (!schema) { set_msg(e, "out of memory writing the schema"); goto end; }
  e->table = t;
  t = NULL;
end:
  sf_table_free(t);
  return schema;
}

const char *sf_last_error(sf_engine *e) { return e ? e->error : "no engine"; }

void sf_close(sf_engine *e) {
  if (!e) return;
  sf_ingest_free(e->ingest);
  sf_view_free(e->view);
  sf_table_free(e->table);
  sf_free(e);
}
