/* fuzz_view.c — libFuzzer: any spec text set as the view of a small loaded table,
 * then every component of it run (plainly, unfiltered, and with a config patch),
 * must give results or errors with a message; never crash or leak. Covers
 * spec.c, schema.c, config.c, roles.c and view.c. */
#include "sinfonia.h"
#include "internal.h"
#include <stdlib.h>
#include <string.h>

#include "fuzz_table.h"

static void run(sf_engine *e, const char *id, const char *options) {
  char *out = sf_view_run(e, id, options);
  if (!out && !*sf_last_error(e)) abort(); /* a failure always says why */
  sf_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sf_engine *e = loaded();
  char *text = malloc(size + 1), *view;
  size_t i;
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = 0;
  view = sf_view_set(e, text);
  if (!view && !*sf_last_error(e)) abort();
  if (view && e->view) {
    for (i = 0; i < e->view->ncomps; i++) {
      run(e, e->view->comps[i].id, NULL);
      run(e, e->view->comps[i].id, "{\"unfiltered\":true}");
      run(e, e->view->comps[i].id, "{\"config\":{\"fields\":null,\"bins\":2,\"limit\":1}}");
    }
  }
  sf_free(view);
  free(text);
  return 0;
}
