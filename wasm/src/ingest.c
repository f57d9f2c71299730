/* ingest.c — the streaming ingest: options, format sniffing, UTF-8 and NUL checks,
 * the content hash (hash.c), the schema JSON and the fingerprint; the columns'
 * values go to the column store (rawcols.c), typed as they arrive.
 *
 * Bytes are hashed as fed (XXH64, a word at a time; a partial stripe carries over
 * to the next chunk, so the hash is the same for any chunking). The first 64 KiB (or the whole input if smaller) are
 * buffered to choose the format, so any chunking gives the same choice; then every
 * byte goes through the UTF-8 check and the format's parser in order. A bad byte is
 * reported only after the parser has seen every byte before it, so the first error
 * in the file wins whatever the chunking. */
#include "internal.h"
#include <stdio.h>
#include <string.h>

enum { FMT_AUTO, FMT_CSV, FMT_TSV, FMT_JSON, FMT_JSONL };
static const char *const fmt_names[] = {"auto", "csv", "tsv", "json", "jsonl"};
#define SNIFF_BYTES 65536u

struct sf_ingest {
  int format, delim, header; /* requested; delim -1 = not given */
  char *name;
  cJSON *options;            /* parsed options; owns "columns" */
  sf_hash hash;              /* of every byte fed */
  uint64_t off;              /* absolute offset of the next byte to parse */
  uint8_t *sniff;
  size_t nsniff;
  int started, content, chosen;
  uint8_t chosen_delim;
  int u8_need;               /* UTF-8 continuation bytes still expected */
  uint8_t u8_lo, u8_hi, u8_lead;
  uint64_t u8_at;
  sf_textpos pos;
  sf_rawcols rc;
  sf_csv *csv;
  sf_jsonin *json;
  int failed;
  sf_error saved;
};

/* ---- options ---- */

static int parse_options(sf_ingest *in, const char *json, sf_error *err) {
  const cJSON *it;
  int rc = SF_OK;
  in->format = FMT_AUTO;
  in->delim = -1;
  in->header = 1;
  if (!json || !*json) return SF_OK;
  in->options = sf_json_parse_strict(json, strlen(json), 64, err);
  if (!in->options) {
    if (err->code == SF_ENOMEM) return err->code;
    sf_error e = *err;
    return sf_fail(err, SF_EINPUT, 0, 0, "options: %s at line %ld, column %ld", e.msg, e.line, e.col);
  }
  if (!cJSON_IsObject(in->options)) return sf_fail(err, SF_EINPUT, 0, 0, "options: must be a JSON object");
  cJSON_ArrayForEach(it, in->options) {
    const char *k = it->string;
    if (strcmp(k, "format") == 0) {
      int f;
      for (f = 0; f < 5; f++)
        if (cJSON_IsString(it) && strcmp(it->valuestring, fmt_names[f]) == 0) break;
      if (f == 5) return sf_fail(err, SF_EINPUT, 0, 0, "format: must be one of auto, csv, tsv, json, jsonl");
      in->format = f;
    } else if (strcmp(k, "delimiter") == 0) {
      if (cJSON_IsNull(it)) continue;
      if (!cJSON_IsString(it) || strlen(it->valuestring) != 1 || strchr("\"\r\n", it->valuestring[0]) ||
          (uint8_t)it->valuestring[0] >= 0x80)
        return sf_fail(err, SF_EINPUT, 0, 0, "delimiter: must be one ASCII character other than a quote or a line end");
      in->delim = (uint8_t)it->valuestring[0];
    } else if (strcmp(k, "header") == 0) {
      if (!cJSON_IsBool(it)) return sf_fail(err, SF_EINPUT, 0, 0, "header: must be true or false");
      in->header = cJSON_IsTrue(it);
    } else if (strcmp(k, "name") == 0) {
      if (!cJSON_IsString(it)) return sf_fail(err, SF_EINPUT, 0, 0, "name: must be a string");
      if (!(in->name = sf_strdup(it->valuestring))) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory");
    } else if (strcmp(k, "size") == 0) {
      /* the input's byte count, a hint: columns reserve their rows once (rawcols.c) */
      if (!cJSON_IsNumber(it) || !(it->valuedouble >= 0) || it->valuedouble > 9007199254740992.0 ||
          it->valuedouble != (double)(uint64_t)it->valuedouble)
        return sf_fail(err, SF_EINPUT, 0, 0, "size: must be the input's size in bytes (a whole number >= 0)");
      in->rc.size_hint = (uint64_t)it->valuedouble;
    } else if (strcmp(k, "columns") == 0) {
      if ((rc = sf_check_column_overrides(it, err))) return rc;
      in->rc.overrides = it;
    } else {
      return sf_fail(err, SF_EINPUT, 0, 0, "%s: unknown option (expected format, delimiter, header, name, size, columns)", k);
    }
  }
  return rc;
}

int sf_ingest_new(const char *options_json, sf_ingest **out, sf_error *err) {
  int rc;
  sf_ingest *in = sf_calloc(1, sizeof *in);
  *out = NULL;
  if (!in) return sf_fail(err, SF_ENOMEM, 0, 0, "out of memory starting the ingest");
  sf_hash_init(&in->hash);
  in->pos.line = 1;
  in->rc.consumed = &in->pos.line_start;
  rc = parse_options(in, options_json, err);
  if (rc) { sf_ingest_free(in); return rc; }
  *out = in;
  return SF_OK;
}

size_t sf_ingest_rows_read(const sf_ingest *in) { return in ? in->rc.nrows : 0; }

void sf_ingest_free(sf_ingest *in) {
  if (!in) return;
  sf_csv_free(in->csv);
  sf_jsonin_free(in->json);
  sf_rawcols_free(&in->rc);
  cJSON_Delete(in->options);
  sf_free(in->sniff);
  sf_free(in->name);
  sf_free(in);
}

/* ---- format sniffing ---- */

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix), i;
  if (n < m) return 0;
  for (i = 0; i < m; i++) {
    char c = s[n - m + i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != suffix[i]) return 0;
  }
  return 1;
}

/* Choose among , \t ; | the delimiter whose count (outside quotes) is the same on
 * the most of the first 20 non-blank lines, nonzero on the first; ties go to the
 * earlier candidate. A last line cut off by the 64 KiB window is not counted. */
static uint8_t sniff_delimiter(const uint8_t *p, size_t n, int at_end) {
  static const uint8_t cand[4] = {',', '\t', ';', '|'};
  size_t counts[20][4], cur[4] = {0, 0, 0, 0}, i, nl = 0;
  int q = 0, k, best = -1;
  size_t best_score = 0, best_count = 0, linelen = 0;
  for (i = 0; i < n && nl < 20; i++) {
    uint8_t c = p[i];
    if (c == '"') q = !q;
    if (!q && (c == '\n' || c == '\r')) {
      if (linelen) { memcpy(counts[nl++], cur, sizeof cur); }
      memset(cur, 0, sizeof cur);
      linelen = 0;
      continue;
    }
    linelen++;
    if (!q)
      for (k = 0; k < 4; k++) cur[k] += c == cand[k];
  }
  if (i == n && at_end && linelen && nl < 20) memcpy(counts[nl++], cur, sizeof cur);
  for (k = 0; k < 4 && nl; k++) {
    size_t score = 0, l;
    if (!counts[0][k]) continue;
    for (l = 0; l < nl; l++) score += counts[l][k] == counts[0][k];
    if (best < 0 || score > best_score || (score == best_score && counts[0][k] > best_count)) {
      best = k;
      best_score = score;
      best_count = counts[0][k];
    }
  }
  return best < 0 ? ',' : cand[best];
}

static int is_ws(uint8_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static int process(sf_ingest *in, const uint8_t *p, size_t n, sf_error *err);

/* Decide the format from the buffered start, make the parser, parse the buffer. */
static int start(sf_ingest *in, int at_end, sf_error *err) {
  const uint8_t *p = in->sniff;
  size_t n = in->nsniff, skip = 0, i;
  int f = in->format, rc;
  in->started = 1;
  if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
    return sf_fail(err, SF_EINPUT, 1, 1, "UTF-16 is not supported; save the file as UTF-8");
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) skip = 3;
  for (i = skip; i < n && is_ws(p[i]); i++) {}
  in->content = i < n;
  if (!in->content && at_end) return sf_fail(err, SF_EINPUT, 0, 0, "the file is empty");
  if (f == FMT_AUTO) {
    const char *nm = in->name ? in->name : "";
    if (i < n && p[i] == '[') f = FMT_JSON;
    else if (i < n && p[i] == '{') f = FMT_JSONL;
    else if (in->delim >= 0) f = in->delim == '\t' ? FMT_TSV : FMT_CSV;
    else if (ends_with(nm, ".tsv") || ends_with(nm, ".tab")) f = FMT_TSV;
    else if (ends_with(nm, ".json")) f = FMT_JSON;
    else if (ends_with(nm, ".jsonl") || ends_with(nm, ".ndjson")) f = FMT_JSONL;
    else {
      uint8_t d = sniff_delimiter(p + skip, n - skip, at_end);
      f = d == '\t' ? FMT_TSV : FMT_CSV;
      if (in->delim < 0) in->delim = d;
    }
  }
  in->chosen = f;
  if (f == FMT_CSV || f == FMT_TSV) {
    in->chosen_delim = (uint8_t)(in->delim >= 0 ? in->delim : f == FMT_TSV ? '\t' : ',');
    rc = sf_csv_new(in->chosen_delim, in->header, &in->rc, &in->pos, &in->csv, err);
  } else {
    rc = sf_jsonin_new(f == FMT_JSONL, &in->rc, &in->pos, &in->json, err);
  }
  if (rc) return rc;
  /* the BOM is not part of line 1: columns count from the byte after it */
  in->off = skip;
  in->pos.line_start = skip;
  rc = process(in, p + skip, n - skip, err);
  sf_free(in->sniff);
  in->sniff = NULL;
  in->nsniff = 0;
  return rc;
}

/* ---- UTF-8 ---- */

/* Index of the first byte of p[0..n) that breaks UTF-8 or is NUL (n if none); then
 * *at is the absolute offset of the bad sequence's first byte, *byte its value. */
static size_t utf8_scan(sf_ingest *in, const uint8_t *p, size_t n, uint64_t base, uint64_t *at,
                        uint8_t *byte) {
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  size_t i = 0;
  while (i < n) {
    uint8_t c;
    if (in->u8_need) {
      c = p[i];
      if (c < in->u8_lo || c > in->u8_hi) { *at = in->u8_at; *byte = in->u8_lead; return i; }
      in->u8_lo = 0x80;
      in->u8_hi = 0xBF;
      in->u8_need--;
      i++;
      continue;
    }
    while (i + 8 <= n) { /* 8 ASCII non-NUL bytes at a time */
      uint64_t w;
      memcpy(&w, p + i, 8);
      if ((((w - ones) & ~w) | w) & highs) break;
      i += 8;
    }
    if (i >= n) break;
    c = p[i];
    if (c >= 1 && c < 0x80) { i++; continue; }
    in->u8_lo = 0x80;
    in->u8_hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) in->u8_need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
      in->u8_need = 2;
      if (c == 0xE0) in->u8_lo = 0xA0;
      if (c == 0xED) in->u8_hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
      in->u8_need = 3;
      if (c == 0xF0) in->u8_lo = 0x90;
      if (c == 0xF4) in->u8_hi = 0x8F;
    } else {
      *at = base + i;
      *byte = c;
      return i;
    }
    in->u8_at = base + i;
    in->u8_lead = c;
    i++;
  }
  return n;
}

static int bad_byte(sf_ingest *in, uint64_t at, uint8_t byte, const char *extra, sf_error *err) {
  long col = (long)(at - in->pos.line_start) + 1;
  if (byte == 0) return sf_fail(err, SF_EINPUT, in->pos.line, col, "NUL byte in the input (is this a binary file?)");
  return sf_fail(err, SF_EINPUT, in->pos.line, col, "invalid UTF-8 byte 0x%02X%s", byte, extra);
}

static int process(sf_ingest *in, const uint8_t *p, size_t n, sf_error *err) {
  uint64_t at = 0;
  uint8_t byte = 0;
  size_t ok = utf8_scan(in, p, n, in->off, &at, &byte), i;
  int rc;
  if (!in->content) {
    for (i = 0; i < n && is_ws(p[i]); i++) {}
    in->content = i < n;
  }
  rc = in->csv ? sf_csv_feed(in->csv, p, ok, in->off, err) : sf_jsonin_feed(in->json, p, ok, in->off, err);
  in->off += ok;
  if (rc) return rc;
  if (ok < n) return bad_byte(in, at, byte, "", err);
  return SF_OK;
}

int sf_ingest_feed(sf_ingest *in, const uint8_t *bytes, size_t n, sf_error *err) {
  int rc = SF_OK;
  if (in->failed) { *err = in->saved; return err->code; }
  sf_hash_update(&in->hash, bytes, n);
  if (!in->started) {
    size_t take = SNIFF_BYTES - in->nsniff < n ? SNIFF_BYTES - in->nsniff : n;
    if (!in->sniff && !(in->sniff = sf_malloc(SNIFF_BYTES))) {
      rc = sf_fail(err, SF_ENOMEM, 0, 0, "out of memory reading the file");
      goto end;
    }
    memcpy(in->sniff + in->nsniff, bytes, take);
    in->nsniff += take;
    bytes += take;
    n -= take;
    if (in->nsniff < SNIFF_BYTES) goto end;
    if ((rc = start(in, 0, err))) goto end;
  }
  if (n) rc = process(in, bytes, n, err);
end:
  if (rc) { in->failed = 1; in->saved = *err; }
  return rc;
}

int sf_ingest_finish(sf_ingest *in, sf_table **out, sf_error *err) {
  sf_table *t = NULL;
  int rc = SF_OK;
  *out = NULL;
  if (in->failed) { *err = in->saved; return err->code; }
  if (!in->started && (rc = start(in, 1, err))) goto end;
  if (!in->content) { rc = sf_fail(err, SF_EINPUT, 0, 0, "the file is empty"); goto end; }
  if (in->u8_need && (rc = bad_byte(in, in->u8_at, in->u8_lead, " (the file ends inside a character)", err))) goto end;
  rc = in->csv ? sf_csv_finish(in->csv, in->off, err) : sf_jsonin_finish(in->json, in->off, err);
  if (rc) goto end;
  if (!(t = sf_table_new())) { rc = sf_fail(err, SF_ENOMEM, 0, 0, "out of memory making the table"); goto end; }
  snprintf(t->format, sizeof t->format, "%s", fmt_names[in->chosen]);
  t->delimiter = in->csv ? (char)in->chosen_delim : 0;
  t->header = in->csv ? in->header : 0;
  t->content_hash = sf_hash_final(&in->hash);
  t->nrows = in->rc.nrows;
  if ((rc = sf_infer_table(&in->rc, t, err))) goto end;
  sf_infer_roles(t); /* the spec's roles apply in the view (sf_view_set), not here */
  *out = t;
  t = NULL;
end:
  sf_table_free(t);
  if (rc) { in->failed = 1; in->saved = *err; }
  return rc;
}

/* ---- schema and fingerprint ---- */

/* Fingerprint: "<content hash>-<rows>-<columns hash>": XXH64 (seed 0) of every byte
 * fed (16 hex digits), the row count in decimal, and the FNV-1a 32 hash of the
 * column names each followed by a NUL byte (8 hex digits), e.g.
 * "9ae16a3b2f90404f-344-1c2b3d4e". */
void sf_table_fingerprint(const sf_table *t, char *buf, size_t cap) {
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < t->ncols; i++) {
    const char *s = t->cols[i].name;
    do h = (h ^ (uint8_t)*s) * 16777619u; while (*s++);
  }
  snprintf(buf, cap, "%016llx-%zu-%08x", (unsigned long long)t->content_hash, t->nrows, (unsigned)h);
}

/* Whether a column holds at most one distinct value (missing values aside): a
 * default view never draws one. Stops at the first second value. */
static int is_constant(const sf_column *c, size_t nrows) {
  size_t i, first = nrows;
  for (i = 0; i < nrows; i++) {
    if (sf_column_is_missing(c, i)) continue;
    if (first == nrows) { first = i; continue; }
    if (c->type == SF_VECTOR) {
      size_t a;
      for (a = 0; a < c->dim; a++)
        if (c->num[a * nrows + i] != c->num[a * nrows + first]) return 0;
    } else if (c->type == SF_NUMBER ? c->num[i] != c->num[first] : c->codes[i] != c->codes[first]) {
      return 0;
    }
  }
  return 1;
}

char *sf_schema_json(const sf_table *t) {
  cJSON *root = cJSON_CreateObject(), *d, *cols, *c, *emb;
  char *out = NULL, fp[64], delim[2] = {t->delimiter, 0};
  int csv = strcmp(t->format, "csv") == 0 || strcmp(t->format, "tsv") == 0;
  size_t i;
  if (!root) return NULL;
  if (!cJSON_AddStringToObject(root, "format", t->format)) goto end;
  if (!(d = cJSON_AddObjectToObject(root, "dialect"))) goto end;
  if (!(csv ? cJSON_AddStringToObject(d, "delimiter", delim) : cJSON_AddNullToObject(d, "delimiter"))) goto end;
  if (!(csv ? cJSON_AddStringToObject(d, "quote", "\"") : cJSON_AddNullToObject(d, "quote"))) goto end;
  if (!cJSON_AddBoolToObject(d, "header", t->header)) goto end;
  if (!cJSON_AddStringToObject(d, "encoding", "utf-8")) goto end;
  if (!cJSON_AddNumberToObject(root, "rows", (double)t->nrows)) goto end;
  if (!(cols = cJSON_AddArrayToObject(root, "columns"))) goto end;
  for (i = 0; i < t->ncols; i++) {
    const sf_column *col = &t->cols[i];
    if (!(c = cJSON_CreateObject())) goto end;
    cJSON_AddItemToArray(cols, c);
    if (!cJSON_AddStringToObject(c, "name", col->name) ||
        !cJSON_AddStringToObject(c, "type", sf_type_name(col->type)) ||
        !cJSON_AddStringToObject(c, "role", sf_role_name(col->role)) ||
        !cJSON_AddNumberToObject(c, "missing", (double)col->missing))
      goto end;
    if (col->role == SF_ROLE_SCORE && col->score_class && !cJSON_AddStringToObject(c, "class", col->score_class))
      goto end;
    if ((col->type == SF_CATEGORY || col->type == SF_TEXT) && !cJSON_AddNumberToObject(c, "distinct", (double)col->dict.n))
      goto end;
    if (col->type == SF_VECTOR && !cJSON_AddNumberToObject(c, "dim", (double)col->dim)) goto end;
    if (is_constant(col, t->nrows) && !cJSON_AddTrueToObject(c, "constant")) goto end;
  }
  if (!(emb = sf_group_json(t))) goto end;
  if (cJSON_IsNull(emb)) cJSON_Delete(emb); /* listed only when there is one */
  else if (!sf_json_put(root, "embedding", emb)) goto end;
  sf_table_fingerprint(t, fp, sizeof fp);
  if (!cJSON_AddStringToObject(root, "fingerprint", fp)) goto end;
  out = sf_json_print(root);
end:
  cJSON_Delete(root);
  return out;
}
