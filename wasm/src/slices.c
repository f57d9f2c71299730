/* slices.c — the spec's named slices as a kernel sees them (sinfonia_component.h):
 * "slices": [{"name", "filter"}], validated with the spec (spec.c: names 1 to 100
 * characters and unique, each filter a predicate without "source"). A slice's rows
 * are its filter evaluated over the whole table (selection.c), when a kernel asks. */
#include "internal.h"
#include <stdio.h>

static const cJSON *slice_at(const sf_call *call, size_t i) {
  const cJSON *s = call->slices ? call->slices->child : NULL;
  while (s && i--) s = s->next;
  return s;
}

size_t sf_call_slice_count(const sf_call *call) {
  return cJSON_IsArray(call->slices) ? (size_t)cJSON_GetArraySize(call->slices) : 0;
}

const char *sf_call_slice_name(const sf_call *call, size_t i) {
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(slice_at(call, i), "name");
  return cJSON_IsString(name) ? name->valuestring : NULL;
}

const cJSON *sf_call_slice_filter(const sf_call *call, size_t i) {
  return cJSON_GetObjectItemCaseSensitive(slice_at(call, i), "filter");
}

int sf_call_slice_rows(const sf_call *call, size_t i, sf_bitmap *rows, sf_error *err) {
  const cJSON *filter = sf_call_slice_filter(call, i);
  char path[48];
  rows->words = NULL;
  if (!filter) return sf_fail(err, SF_EINPUT, 0, 0, "slices[%zu]: no such slice", i);
  snprintf(path, sizeof path, "slices[%zu].filter", i);
  return sf_select_at(call->table, filter, path, rows, err);
}
