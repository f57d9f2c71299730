/* test_mismatch.c — wasm/src/mismatch.c: a prediction against its label, as numbers,
 * as codes of two dictionaries in different orders, or as text ("1" and 1 agree). */
#include "kernel_fixture.h"

int main(void) {
  sf_table *t = sf_table_new();
  sf_column *y, *p, *yn, *pn, *ys;
  sf_mismatch m;
  sf_error err;
  static const char *const ytext[FIX_ROWS] = {"0", "1", "2", "1", "0", "2", "1", "1", "0", NULL};
  int got[FIX_ROWS], i;
  t->nrows = FIX_ROWS;
  sf_table_add_column(t, "y", SF_CATEGORY, FIX_ROWS, &y, NULL);
  fix_strings(y, fix_y, FIX_ROWS);
  sf_table_add_column(t, "p", SF_CATEGORY, FIX_ROWS, &p, NULL);
  fix_strings(p, fix_p, FIX_ROWS);
  sf_table_add_column(t, "yn", SF_NUMBER, FIX_ROWS, &yn, NULL);
  fix_numbers(yn, fix_yn, FIX_ROWS);
  sf_table_add_column(t, "pn", SF_NUMBER, FIX_ROWS, &pn, NULL);
  fix_numbers(pn, fix_pn, FIX_ROWS);
  sf_table_add_column(t, "ys", SF_CATEGORY, FIX_ROWS, &ys, NULL);
  fix_strings(ys, ytext, FIX_ROWS);
  y = &t->cols[0], p = &t->cols[1], yn = &t->cols[2], pn = &t->cols[3], ys = &t->cols[4];

  /* codes: the dictionaries hold cat, dog, bird and cat, dog, bird in other orders */
  CHECK(sf_mismatch_init(&m, y, p, &err) == SF_OK && m.map != NULL);
  for (i = 0; i < FIX_ROWS; i++) got[i] = sf_mismatch_row(&m, (size_t)i);
  {
    static const int want[FIX_ROWS] = {0, 1, 0, 0, 0, 1, 0, 1, -1, 0};
    for (i = 0; i < FIX_ROWS; i++) CHECK(got[i] == want[i]);
  }
  sf_mismatch_free(&m);

  /* numbers */
  CHECK(sf_mismatch_init(&m, yn, pn, &err) == SF_OK && m.numeric && !m.map);
  {
    static const int want[FIX_ROWS] = {0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
    for (i = 0; i < FIX_ROWS; i++) CHECK(sf_mismatch_row(&m, (size_t)i) == want[i]);
  }
  sf_mismatch_free(&m);

  /* text against numbers: "1" and 1 agree; a missing label is -1 */
  CHECK(sf_mismatch_init(&m, ys, pn, &err) == SF_OK && !m.numeric && !m.map);
  {
    static const int want[FIX_ROWS] = {0, 1, 0, 0, 0, 1, 0, 0, 0, -1};
    for (i = 0; i < FIX_ROWS; i++) CHECK(sf_mismatch_row(&m, (size_t)i) == want[i]);
  }
  sf_mismatch_free(&m);

  /* out of memory while mapping: an error, nothing kept */
  sf_alloc_fail_after(0);
  CHECK(sf_mismatch_init(&m, y, p, &err) == SF_ENOMEM && m.map == NULL);
  sf_alloc_fail_after(-1);
  sf_table_free(t);
  return test_report("mismatch");
}
