/* json_ingest.c — streaming JSON (a top-level array of objects) and JSON Lines (one
 * object per line, blank lines skipped). A small state machine (depth, in-string,
 * escape) splits the byte stream into records wherever the chunks end; each
 * record's bytes are parsed strictly (sf_json_parse_strict) and its members become
 * values: number -> number, string -> string, true/false -> bool, null or an absent
 * key -> missing, a nested array/object -> its compact JSON text (an array of numbers
 * with each number as a lone number is written, see number_array). Columns appear in
 * the order their keys first appear. Positions are line:col in the whole file. */
#include "internal.h"
#include <string.h>

#define RECORD_MAX_DEPTH 256

enum { J_START, J_ELEM, J_AFTER, J_DONE, L_LINE, L_AFTER, S_REC };

struct sf_jsonin {
  sf_rawcols *rc;
  sf_textpos *pos;
  int lines, state, back; /* back: the state after the record */
  int cr;                 /* the previous byte was a CR */
  int instr, esc, comma;
  long depth;
  char *rec;              /* the record's bytes so far */
  size_t rlen, rcap, nrec;
  long rline, rcol;       /* where the record began */
  long aline, acol;       /* where the array began (its '[') */
};

int sf_jsonin_new(int lines, sf_rawcols *rc, sf_textpos *pos, sf_jsonin **out, sf_error *err) {
  sf_jsonin *p = sf_calloc(1, sizeof *p);
  *out = NULL;
  if (!p) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory starting the JSON reader");
  p->rc = rc;
  p->pos = pos;
  p->lines = lines;
  p->state = lines ? L_LINE : J_START;
  *out = p;
  return SF_OK;
}

void sf_jsonin_free(sf_jsonin *p) {
  if (!p) return;
  sf_free(p->rec);
  sf_free(p);
}

static int rec_put(sf_jsonin *p, const uint8_t *s, size_t n, sf_error *err) {
  if (sf_grow(&p->rec, &p->rcap, p->rlen, n, 1024))
    return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory reading a JSON record");
  memcpy(p->rec + p->rlen, s, n);
  p->rlen += n;
  return SF_OK;
}

/* Move an error inside the record text to its place in the file. */
static int relocate(sf_jsonin *p, sf_error *err) {
  if (err->code == SF_EINPUT && err->line > 0) {
    if (err->line == 1) err->col += p->rcol - 1;
    err->line += p->rline - 1;
  }
  return err->code;
}

/* An array of numbers as text, "[1,2.5,-3]", each number in shortest round-trip
 * form as a lone number is (a vector's values, typed at finish); NULL when v is not
 * one (or out of memory: the caller's general printer then reports it). */
static char *number_array(const cJSON *v) {
  const cJSON *it;
  char *text = NULL, num[40];
  size_t len = 0, cap = 0, n;
  if (!cJSON_IsArray(v) || !v->child) return NULL;
  for (it = v->child; it; it = it->next)
    if (!cJSON_IsNumber(it)) return NULL;
  for (it = v->child; it; it = it->next) {
    sf_format_number(it->valuedouble, num, sizeof num);
    n = strlen(num);
    if (sf_grow(&text, &cap, len, n + 3, 256)) { sf_free(text); return NULL; }
    text[len++] = it == v->child ? '[' : ',';
    memcpy(text + len, num, n);
    len += n;
  }
  text[len++] = ']';
  text[len] = 0;
  return text;
}

static int add_value(sf_jsonin *p, const cJSON *v, sf_error *err) {
  sf_rawcols *rc = p->rc;
  sf_rawcol *c;
  size_t idx;
  int is_new, kind, r;
  char *printed = NULL;
  const char *text;
  if ((r = sf_rawcols_intern(rc, v->string, strlen(v->string), &idx, &is_new, err))) return r;
  c = &rc->cols[idx];
  if (cJSON_IsNull(v)) return sf_rawcol_missing(rc, c, err);
  if (cJSON_IsNumber(v)) return sf_rawcol_number(rc, c, v->valuedouble, p->rline, p->rcol, err);
  if (cJSON_IsBool(v)) {
    text = cJSON_IsTrue(v) ? "true" : "false";
    kind = SF_RAW_BOOL;
  } else if (cJSON_IsString(v)) {
    text = v->valuestring;
    kind = SF_RAW_STRING;
  } else {
    if (!(printed = number_array(v)) && !(printed = sf_json_print(v)))
      return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory reading a JSON record");
    text = printed;
    kind = SF_RAW_STRING;
  }
  r = sf_rawcol_text(rc, c, text, strlen(text), kind, NULL, p->rline, p->rcol, err);
  sf_free(printed);
  return r;
}

static int end_record(sf_jsonin *p, sf_error *err) {
  cJSON *obj = sf_json_parse_strict(p->rec, p->rlen, RECORD_MAX_DEPTH, err), *v;
  int rc = SF_OK;
  p->rlen = 0;
  p->nrec++;
  if (!obj) return relocate(p, err);
  cJSON_ArrayForEach(v, obj) {
    if ((rc = add_value(p, v, err))) goto end;
  }
  rc = sf_rawcols_end_row(p->rc, err);
end:
  cJSON_Delete(obj);
  return rc;
}

static int is_ws(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int sf_jsonin_feed(sf_jsonin *p, const uint8_t *b, size_t n, uint64_t base, sf_error *err) {
  sf_textpos *pos = p->pos;
  size_t i = 0, j;
  int rc;
  while (i < n) {
    uint8_t c = b[i];
    long col = (long)(base + i - pos->line_start) + 1;
    if (p->state == S_REC) { /* copy a run of the record, tracking depth and strings */
      int done = 0;
      for (j = i; j < n && !done; j++) {
        c = b[j];
        if (p->instr) {
          if (p->esc) p->esc = 0;
          else if (c == '\\') p->esc = 1;
          else if (c == '"') p->instr = 0;
        } else if (c == '"') p->instr = 1;
        else if (c == '{' || c == '[') p->depth++;
        else if (c == '}' || c == ']') done = --p->depth == 0;
        if (c == '\r') { pos->line++; pos->line_start = base + j + 1; p->cr = 1; }
        else if (c == '\n') { if (!p->cr) pos->line++; pos->line_start = base + j + 1; p->cr = 0; }
        else p->cr = 0;
      }
      if ((rc = rec_put(p, b + i, j - i, err))) return rc;
      i = j;
      if (done) {
        p->state = p->back;
        if ((rc = end_record(p, err))) return rc;
      }
      continue;
    }
    if (is_ws(c)) {
      if (p->state == L_AFTER && (c == '\n' || c == '\r')) p->state = L_LINE;
    } else if (c == '{' && (p->state == J_ELEM || p->state == L_LINE)) {
      p->state = S_REC;
      p->back = p->lines ? L_AFTER : J_AFTER;
      p->depth = 0;
      p->instr = p->esc = p->comma = 0;
      p->rline = pos->line;
      p->rcol = col;
      continue; /* the record's run starts with this byte */
    } else {
      switch (p->state) {
      case J_START:
        if (c != '[') return sf_fail(err, SF_EINPUT, pos->line, col, "expected an array of objects");
        p->state = J_ELEM;
        p->aline = pos->line;
        p->acol = col;
        break;
      case J_ELEM:
        if (c == ']' && !p->comma) { p->state = J_DONE; break; }
        if (c == ']') return sf_fail(err, SF_EINPUT, pos->line, col, "trailing comma in the array");
        return sf_fail(err, SF_EINPUT, pos->line, col, "expected an array of objects: element %zu is not a JSON object", p->nrec + 1);
      case J_AFTER:
        if (c == ',') { p->state = J_ELEM; p->comma = 1; break; }
        if (c == ']') { p->state = J_DONE; break; }
        return sf_fail(err, SF_EINPUT, pos->line, col, "expected ',' or ']' after array element %zu", p->nrec);
      case J_DONE:
        return sf_fail(err, SF_EINPUT, pos->line, col, "unexpected text after the array");
      case L_LINE:
        return sf_fail(err, SF_EINPUT, pos->line, col, "line %ld is not a JSON object", pos->line);
      default: /* L_AFTER */
        return sf_fail(err, SF_EINPUT, pos->line, col, "expected a line end after the JSON object (one object per line)");
      }
    }
    if (c == '\r') { pos->line++; pos->line_start = base + i + 1; p->cr = 1; }
    else if (c == '\n') { if (!p->cr) pos->line++; pos->line_start = base + i + 1; p->cr = 0; }
    else p->cr = 0;
    i++;
  }
  return SF_OK;
}

int sf_jsonin_finish(sf_jsonin *p, uint64_t end, sf_error *err) {
  long col = (long)(end - p->pos->line_start) + 1;
  if (p->state == S_REC) {
    cJSON *obj = sf_json_parse_strict(p->rec, p->rlen, RECORD_MAX_DEPTH, err);
    cJSON_Delete(obj);
    if (!obj) return relocate(p, err);
    return sf_fail(err, SF_EINPUT, p->rline, p->rcol, "the file ends inside this JSON object");
  }
  if (p->state == J_START) return sf_fail(err, SF_EINPUT, p->pos->line, col, "expected an array of objects");
  if (p->state == J_ELEM || p->state == J_AFTER)
    return sf_fail(err, SF_EINPUT, p->pos->line, col, "the file ends before the array is closed (missing ']')");
  if (!p->lines && p->nrec == 0) /* [] is not a table: say so at the '[' */
    return sf_fail(err, SF_EINPUT, p->aline, p->acol, "the file holds an empty JSON array: no rows");
  return SF_OK;
}
