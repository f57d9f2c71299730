/* exports.c — the wasm module's door. The engine's API (sinfonia.h) is exported
 * as is; JS allocates chunk and string buffers with malloc and frees results
 * with sf_free. Nothing else crosses. */
#include "sinfonia.h"

/* The ABI version JS checks before use; bump it when sinfonia.h changes. */
int sf_version(void) { return 5; } /* 2: views (sf_view_set, sf_view_run); no "columns" in sf_run; 3: sf_scan; 4: sf_count_newlines; 5: sf_ingest_rows, the ingest option "size" */
