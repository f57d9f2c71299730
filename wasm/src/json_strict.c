/* json_strict.c — JSON as JSON.parse reads it. cJSON accepts some invalid JSON
 * ("+1", "01", "1.", raw control characters in strings) and keeps the first of two
 * duplicate keys, so the text is first checked by a strict RFC 8259 validator
 * that also rejects \u0000 and nesting deeper than max_depth, then built by cJSON,
 * then checked for duplicate keys. Errors carry 1-based line:col (bytes) in text;
 * CR, LF and CRLF each end a line. */
#include "internal.h"
#include <stdio.h>
#include <string.h>

typedef struct {
  const char *s;
  size_t n, i;
  int depth, max_depth;
  long objects;               /* objects opened so far (pre-order index) */
  long find_obj, find_member; /* locate mode: the key of member find_member of object find_obj */
  size_t found;               /* its offset, or (size_t)-1 */
  size_t err_at;
  const char *msg;
  char detail[96];
} vstate;

static void pos_of(const char *s, size_t off, long *line, long *col) {
  size_t i, ls = 0;
  long l = 1;
  for (i = 0; i < off; i++) {
    if (s[i] == '\n') { l++; ls = i + 1; }
    else if (s[i] == '\r') { l++; ls = i + 1; if (i + 1 < off && s[i + 1] == '\n') { i++; ls = i + 1; } }
  }
  *line = l;
  *col = (long)(off - ls) + 1;
}

static int fail_at(vstate *v, size_t at, const char *msg) {
  v->err_at = at;
  v->msg = msg;
  return -1;
}

static void skip_ws(vstate *v) {
  while (v->i < v->n) {
    char c = v->s[v->i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    v->i++;
  }
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static int v_string(vstate *v) {
  size_t start = v->i++;
  while (v->i < v->n) {
    unsigned char c = (unsigned char)v->s[v->i];
    if (c == '"') { v->i++; return 0; }
    if (c < 0x20) return fail_at(v, v->i, "control character in a string (escape it)");
    if (c == '\\') {
      char e;
      if (v->i + 1 >= v->n) break;
      e = v->s[v->i + 1];
      if (e == 'u') {
        size_t k;
        if (v->i + 6 > v->n) break;
        for (k = 2; k < 6; k++)
          if (!is_hex(v->s[v->i + k])) return fail_at(v, v->i, "invalid \\u escape");
        if (memcmp(v->s + v->i + 2, "0000", 4) == 0)
          return fail_at(v, v->i, "\\u0000 is not allowed in strings");
        v->i += 6;
        continue;
      }
      if (!strchr("\"\\/bfnrt", e) || e == 0) return fail_at(v, v->i, "invalid escape in a string");
      v->i += 2;
      continue;
    }
    v->i++;
  }
  return fail_at(v, start, "unterminated string");
}

static int v_number(vstate *v) {
  size_t start = v->i;
  const char *s = v->s;
  if (s[v->i] == '-') v->i++;
  if (v->i >= v->n || !is_digit(s[v->i])) return fail_at(v, start, "invalid number");
  if (s[v->i] == '0') {
    v->i++;
    if (v->i < v->n && is_digit(s[v->i])) return fail_at(v, start, "invalid number (leading zero)");
  } else {
    while (v->i < v->n && is_digit(s[v->i])) v->i++;
  }
  if (v->i < v->n && s[v->i] == '.') {
    v->i++;
    if (v->i >= v->n || !is_digit(s[v->i])) return fail_at(v, start, "invalid number");
    while (v->i < v->n && is_digit(s[v->i])) v->i++;
  }
  if (v->i < v->n && (s[v->i] == 'e' || s[v->i] == 'E')) {
    v->i++;
    if (v->i < v->n && (s[v->i] == '+' || s[v->i] == '-')) v->i++;
    if (v->i >= v->n || !is_digit(s[v->i])) return fail_at(v, start, "invalid number");
    while (v->i < v->n && is_digit(s[v->i])) v->i++;
  }
  /* cJSON would read on through these; JSON.parse stops and fails */
  if (v->i < v->n && strchr("+-.eE", s[v->i]) && s[v->i]) return fail_at(v, start, "invalid number");
  return 0;
}

static int v_value(vstate *v);

static int v_container(vstate *v) {
  char open = v->s[v->i], close = open == '{' ? '}' : ']';
  size_t at = v->i;
  long obj = -1, member = 0;
  if (++v->depth > v->max_depth) return fail_at(v, at, "nesting is too deep");
  if (open == '{') obj = v->objects++;
  v->i++;
  skip_ws(v);
  if (v->i < v->n && v->s[v->i] == close) { v->i++; v->depth--; return 0; }
  for (;;) {
    skip_ws(v);
    if (open == '{') {
      if (v->i >= v->n || v->s[v->i] != '"') return fail_at(v, v->i, "expected a string key");
      if (obj == v->find_obj && member == v->find_member) v->found = v->i;
      if (v_string(v)) return -1;
      skip_ws(v);
      if (v->i >= v->n || v->s[v->i] != ':') return fail_at(v, v->i, "expected ':' after the key");
      v->i++;
      skip_ws(v);
    }
    if (v_value(v)) return -1;
    member++;
    skip_ws(v);
    if (v->i < v->n && v->s[v->i] == ',') { v->i++; continue; }
    if (v->i < v->n && v->s[v->i] == close) { v->i++; v->depth--; return 0; }
    return fail_at(v, v->i, open == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static int v_value(vstate *v) {
  static const char *const lits[] = {"true", "false", "null"};
  size_t k;
  char c;
  if (v->i >= v->n) return fail_at(v, v->i, "unexpected end of JSON");
  c = v->s[v->i];
  if (c == '{' || c == '[') return v_container(v);
  if (c == '"') return v_string(v);
  if (c == '-' || is_digit(c)) return v_number(v);
  for (k = 0; k < 3; k++) {
    size_t len = strlen(lits[k]);
    if (v->n - v->i >= len && memcmp(v->s + v->i, lits[k], len) == 0) { v->i += len; return 0; }
  }
  return fail_at(v, v->i, "unexpected character");
}

static int validate(vstate *v) {
  skip_ws(v);
  if (v->i >= v->n) return fail_at(v, v->i, "empty JSON text");
  if (v_value(v)) return -1;
  skip_ws(v);
  if (v->i < v->n) return fail_at(v, v->i, "unexpected text after the JSON value");
  return 0;
}

static void vinit(vstate *v, const char *text, size_t len, int max_depth) {
  memset(v, 0, sizeof *v);
  v->s = text;
  v->n = len;
  v->max_depth = max_depth;
  v->find_obj = -1;
  v->found = (size_t)-1;
}

static uint32_t str_hash(const char *s) {
  uint32_t h = 2166136261u;
  while (*s) h = (h ^ (uint8_t)*s++) * 16777619u;
  return h;
}

/* Index of the first member whose key repeats an earlier one, -1 if none, -2 on OOM.
 * Small objects compare pairwise; larger ones use a temporary hash index. */
static long dup_member(const cJSON *obj) {
  const cJSON *c, *d, **slots;
  size_t n = 0, nslots = 64, j;
  long i = 0;
  for (c = obj->child; c; c = c->next) n++;
  if (n <= 16) {
    for (c = obj->child; c; c = c->next, i++)
      for (d = obj->child; d != c; d = d->next)
        if (strcmp(c->string, d->string) == 0) return i;
    return -1;
  }
  while (nslots < n * 2) nslots *= 2;
  slots = sf_calloc(nslots, sizeof *slots);
  if (!slots) return -2;
  for (c = obj->child; c; c = c->next, i++) {
    j = str_hash(c->string) & (nslots - 1);
    while (slots[j] && strcmp(slots[j]->string, c->string) != 0) j = (j + 1) & (nslots - 1);
    if (slots[j]) break;
    slots[j] = c;
  }
  sf_free((void *)slots);
  return c ? i : -1;
}

/* Finds a duplicate key in pre-order; sets *obj (pre-order index of the object)
 * and *member (index of the second occurrence). Returns 1 when found, -1 on OOM. */
static int find_dup(const cJSON *item, long *counter, long *obj, long *member) {
  const cJSON *c;
  if (cJSON_IsObject(item)) {
    long me = (*counter)++, i = dup_member(item);
    if (i == -2) return -1;
    if (i >= 0) { *obj = me; *member = i; return 1; }
  }
  if (cJSON_IsObject(item) || cJSON_IsArray(item))
    for (c = item->child; c; c = c->next) {
      int r = find_dup(c, counter, obj, member);
      if (r) return r;
    }
  return 0;
}

cJSON *sf_json_parse_strict(const char *text, size_t len, int max_depth, sf_error *err) {
  vstate v;
  cJSON *root = NULL;
  const char *end = NULL;
  long line, col, counter = 0, obj = -1, member = -1;
  int dup;
  vinit(&v, text, len, max_depth);
  if (validate(&v)) {
    const char *m = v.msg;
    char ch = v.err_at < len ? text[v.err_at] : 0;
    pos_of(text, v.err_at, &line, &col);
    if (strcmp(m, "unexpected character") == 0 && (unsigned char)ch >= 0x20 && (unsigned char)ch < 0x7f)
      sf_fail(err, SF_EINPUT, line, col, "unexpected character '%c' in JSON", ch);
    else
      sf_fail(err, SF_EINPUT, line, col, "%s", m);
    return NULL;
  }
  root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
  if (!root) { /* the text is valid, so cJSON ran out of memory */
    sf_fail(err, SF_ENOMEM, 0, 0, "out of memory parsing JSON");
    return NULL;
  }
    dup = find_dup(root, &counter, &obj, &member);
  if (dup < 0) {
    cJSON_Delete(root);
    sf_fail(err, SF_ENOMEM, 0, 0, "out of memory parsing JSON");
    return NULL;
  }
  if (dup) {
    vinit(&v, text, len, max_depth);
    v.find_obj = obj;
    v.find_member = member;
    validate(&v);
    cJSON_Delete(root);
    if (v.found == (size_t)-1) v.found = 0;
    pos_of(text, v.found, &line, &col);
    {
      size_t k = v.found + 1, e = k;
      while (e < len && text[e] != '"') e += text[e] == '\\' ? 2 : 1;
      if (e > len) e = len;
      sf_fail(err, SF_EINPUT, line, col, "duplicate key \"%.*s\"", (int)(e - k < 80 ? e - k : 80), text + k);
    }
    return NULL;
  }
  return root;
}

/* Turn the numbers among the siblings from c on (and below them) into raw text
 * as JavaScript writes them (the shortest text that reads back as the same
 * double; null when not finite), or with restore, raw items back into numbers
 * (the engine makes no raw items of its own). Returns -1 when out of memory. */
static int raw_numbers(cJSON *c, int restore) {
  char buf[40];
  for (; c; c = c->next) {
    if (c->child && raw_numbers(c->child, restore)) return -1;
    if (restore && c->type == cJSON_Raw) {
      sf_free(c->valuestring);
      c->valuestring = NULL;
      c->type = cJSON_Number;
    } else if (!restore && c->type == cJSON_Number) {
      if (c->valuedouble - c->valuedouble != 0) snprintf(buf, sizeof buf, "null"); /* NaN, infinite */
      else sf_js_number(c->valuedouble, buf, sizeof buf);
      if (!(c->valuestring = sf_strdup(buf))) return -1;
      c->type = cJSON_Raw;
    }
  }
  return 0;
}

/* Print compactly, numbers as JavaScript writes them: cJSON's own printing keeps
 * 15 digits whenever they read back within a relative 2.2e-16, so a bin edge of
 * 220.90000000000003 came out as 220.9 and a selection made from it could miss a
 * row. The tree is changed for the print and restored before returning. */
char *sf_json_print(const cJSON *item) {
  cJSON *tree = (cJSON *)item; /* restored before returning */
  char *out = NULL, buf[40];
  if (!tree) return NULL;
  if (tree->type == cJSON_Number) {
    if (tree->valuedouble - tree->valuedouble != 0) return sf_strdup("null");
    sf_js_number(tree->valuedouble, buf, sizeof buf);
    return sf_strdup(buf);
  }
  if (!raw_numbers(tree->child, 0)) out = cJSON_PrintUnformatted(tree);
  raw_numbers(tree->child, 1);
  return out;
}
