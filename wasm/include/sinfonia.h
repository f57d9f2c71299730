/* sinfonia.h — the engine's public API: JSON in, JSON out, bytes through memory.
 *
 * An engine holds at most one table. Load it with sf_ingest_begin, any number of
 * sf_ingest_chunk calls (a chunk boundary may fall anywhere), and sf_ingest_end.
 * Then set a view (sf_view_set) and run its components (sf_view_run), or run
 * one component ad hoc (sf_run). Every returned string is owned by
 * the caller and released with sf_free. On failure a function returns NULL or a
 * nonzero status and sf_last_error says what and where ("LINE:COL: message" for
 * bad input, "path: message" for a bad request or spec).
 */
#ifndef SINFONIA_H
#define SINFONIA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sf_engine sf_engine;

/* Status codes returned by functions that return int. */
#define SF_OK 0
#define SF_EINPUT 1    /* the data, spec or request is malformed */
#define SF_ENOMEM 2    /* an allocation failed or a size would overflow */
#define SF_ESTATE 3    /* called out of order (e.g. chunk before begin) */

sf_engine *sf_open(void);
/* options_json: {"format": "auto"|"csv"|"tsv"|"json"|"jsonl", "delimiter": ",",
 *   "header": true, "name": "file.csv", "size": <bytes>,
 *   "columns": {"<name>": {"type", "role", "class"}}}
 * NULL or "" means all defaults. "size" is a hint, the input's byte count (a whole
 * number): each column then reserves its rows once from the bytes per row seen so far
 * instead of doubling (less memory and no fragmented heap at millions of rows); a
 * wrong size changes no result. */
int sf_ingest_begin(sf_engine *e, const char *options_json);
int sf_ingest_chunk(sf_engine *e, const uint8_t *bytes, size_t n);
/* Rows read so far by the ingest in progress (for progress; 0 when none). */
size_t sf_ingest_rows(sf_engine *e);
/* Returns the schema JSON: {"format", "dialect": {"delimiter", "quote", "header",
 * "encoding"}, "rows", "columns": [{"name", "type", "role", "missing", "class"? (a score's),
 * "distinct"? (category and text: the distinct values), "constant"? (true: at most one
 * distinct value besides missing), "dim"? (a vector's numbers a row)}], "embedding"? ({"name",
 * "dim", "columns"}: the embedding a view without overrides has), "fingerprint"}. */
char *sf_ingest_end(sf_engine *e);
/* The view: the whole spec (sinfonia, data, columns, filters with "source",
 * components, layout) over the loaded table. Parsed strictly; every component's
 * config is validated against its schema.json (defaults filled, column names
 * resolved); roles are resolved once (inference, then the spec's "columns"; a
 * label named there brings its p_<class> scores) into the view, never into the
 * table. Returns {"columns": [{"name", "type", "role", "class"?}], "embedding"? ({"name",
 * "dim", "columns"}: the view's embedding, when it has one), "components": {"<id>": <config with defaults and role-resolved fields>}}, or
 * NULL (sf_last_error names the path: "components.h1.bins: must be an integer
 * from 1 to 1000"); a failed set keeps the previous view. */
char *sf_view_set(sf_engine *e, const char *spec_json);
/* Run component <id> of the view over its filter: the AND of every spec filter
 * whose "source" is not <id>. options_json: NULL or {"config": <patch merged over
 * the component's config (RFC 7396), then validated>, "unfiltered": true (every
 * row)}. Errors name "components.<id>.<key>" or "filters[i]...". */
char *sf_view_run(sf_engine *e, const char *id, const char *options_json);
/* Ad hoc: {"component": "<type>", "config": {...}, "filter": <predicate>|null}
 * -> result JSON, with the current view's roles (the inferred ones when no view
 * is set). Errors name the request path ("config.bins: ..."). */
char *sf_run(sf_engine *e, const char *request_json);
/* The benchmark's baseline, a plain scan (bench/README.md): {"columns": ["<name>", ...]}
 * (1 to 64) -> {"rows", "columns", "sums", "missing"}: each column read once over
 * every row of the view's table (the loaded one when no view is set), as a kernel
 * reads rows, summed in row order (numbers: the non-missing values; category, text
 * and bool: the dictionary codes) with its missing values counted. No component
 * uses it; `npm run bench` times each component as a ratio to it. */
char *sf_scan(sf_engine *e, const char *request_json);
/* The ingest benchmark's baseline for bytes (bench/README.md): the '\n' bytes in
 * bytes[0..n), each byte read once in a plain loop (0 when bytes is NULL). No view
 * uses it; `npm run bench -- --suites ingest` times the engine's ingest of the same
 * chunks as a ratio to it. */
size_t sf_count_newlines(const uint8_t *bytes, size_t n);
const char *sf_last_error(sf_engine *e);
void sf_free(void *p);
void sf_close(sf_engine *e);

#ifdef __cplusplus
}
#endif
#endif
