/* test_table.c — wasm/src/table.c: columns found by name through the table's index
 * (any number of columns, the first of a repeated name, the same answers when the
 * index could not be made), and a view's table that shares the columns. */
#include "internal.h"
#include "test.h"
#include <stdlib.h>

int main(void) {
  sf_table *t = sf_table_new();
  sf_table view;
  char name[32];
  size_t i;
  long k;
  int found = 1;
  for (i = 0; i < 5000; i++) {
    snprintf(name, sizeof name, "c%zu", i);
    CHECK(sf_table_add_column(t, name, SF_NUMBER, 0, NULL, NULL) == SF_OK);
  }
  CHECK(t->name_slots != NULL && t->nslots >= 2 * t->ncols);
  for (i = 0; i < 5000 && found; i++) {
    snprintf(name, sizeof name, "c%zu", i);
    found = sf_table_find(t, name) == (int)i;
  }
  CHECK(found);
  CHECK(sf_table_find(t, "c5000") == -1);
  CHECK(sf_table_find(t, "") == -1);
  /* a repeated name: the first column keeps it */
  CHECK(sf_table_add_column(t, "c7", SF_CATEGORY, 0, NULL, NULL) == SF_OK);
  CHECK(sf_table_find(t, "c7") == 7);

  /* the index cannot grow (no memory): it is dropped and the names are searched, the
   * same answers; the next column with memory builds it again */
  for (i = 0; 2 * (t->ncols + 1) <= t->nslots; i++) { /* up to the next growth */
    snprintf(name, sizeof name, "d%zu", i);
    CHECK(sf_table_add_column(t, name, SF_NUMBER, 0, NULL, NULL) == SF_OK);
  }
  { /* room for the column, so that the index is the only thing that grows */
    sf_column *more = sf_realloc_array(t->cols, t->capcols * 2, sizeof *more);
    CHECK(more != NULL);
    t->cols = more;
    t->capcols *= 2;
  }
  for (k = 0; k < 20 && t->name_slots; k++) { /* fail the k-th allocation until it is the index's */
    sf_alloc_fail_after(k);
    sf_table_add_column(t, "grown", SF_NUMBER, 0, NULL, NULL);
    sf_alloc_fail_after(-1);
  }
  CHECK(t->name_slots == NULL && t->nslots == 0);
  CHECK(sf_table_find(t, "grown") == (int)t->ncols - 1);
  CHECK(sf_table_find(t, "c4999") == 4999);
  CHECK(sf_table_find(t, "c7") == 7);
  CHECK(sf_table_add_column(t, "after", SF_NUMBER, 0, NULL, NULL) == SF_OK);
  CHECK(t->name_slots != NULL);
  for (i = 0, found = 1; i < t->ncols && found; i++)
    found = sf_table_find(t, t->cols[i].name) == (int)(strcmp(t->cols[i].name, "c7") ? i : 7);
  CHECK(found);

  /* a view's table shares the columns and has no index of its own */
  view = *t;
  view.name_slots = NULL;
  view.nslots = 0;
  CHECK(sf_table_find(&view, "c4999") == 4999);
  CHECK(sf_table_find(&view, "c7") == 7);
  sf_table_free(t);
  return test_report("table");
}
