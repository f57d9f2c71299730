/* result.c — building a result's JSON: members added so that running out of
 * memory anywhere is one NULL to check, and values written as the results
 * contract says (NaN and infinities as null, bools as true/false). */
#include "internal.h"
#include <math.h>

cJSON *sf_json_put(cJSON *obj, const char *key, cJSON *item) {
  if (!item) return NULL;
  if (!obj) { cJSON_Delete(item); return NULL; }
  if (key ? !cJSON_AddItemToObject(obj, key, item) : !cJSON_AddItemToArray(obj, item)) {
    cJSON_Delete(item);
    return NULL;
  }
  return item;
}

cJSON *sf_json_num(double v) { return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull(); }

cJSON *sf_json_code(const sf_column *c, int32_t code) {
  if (c->type == SF_BOOL) return cJSON_CreateBool(code == 1);
  return cJSON_CreateString(c->dict.strs[code]);
}

cJSON *sf_json_cell(const sf_column *c, size_t row) {
  char text[192];
  if (sf_column_is_missing(c, row)) return cJSON_CreateNull();
  if (c->type == SF_NUMBER) return sf_json_num(c->num[row]);
  if (c->type == SF_VECTOR) { /* a table shows a vector as short text */
    sf_vector_text(c, row, text, sizeof text);
    return cJSON_CreateString(text);
  }
  return sf_json_code(c, c->codes[row]);
}
