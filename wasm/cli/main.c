/* main.c — the `sinfonia` command line: the same engine as the page, over the
 * public API (sinfonia.h): a spec becomes the view (sf_view_set) and each of its
 * components is run over its composed filter (sf_view_run), as the page does.
 * The help lists the components the build found (internal.h's sf_components).
 *
 *   sinfonia schema FILE [--format F] [--delimiter C] [--no-header]
 *   sinfonia run FILE --spec SPEC.json|- [--format F] [--delimiter C] [--no-header]
 *
 * Exit 0 on success, 1 on bad input (data, spec), 2 on bad usage. */
#include "sinfonia.h"
#include "internal.h" /* sf_spec_parse, sf_error_format, sf_components */
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (1024 * 1024)
#define EXIT_INPUT 1
#define EXIT_USAGE 2

static const char *help_text =
    "sinfonia — analyse a model's predictions: the engine of the Sinfonia page, on the command line.\n"
    "\n"
    "Usage:\n"
    "  sinfonia schema FILE [--format F] [--delimiter C] [--no-header]\n"
    "      Read FILE and print its schema as JSON: {\"format\", \"dialect\": {\"delimiter\", \"quote\",\n"
    "      \"header\", \"encoding\"}, \"rows\", \"columns\": [{\"name\", \"type\", \"role\", \"missing\"}], ...}\n"
    "  sinfonia run FILE --spec SPEC.json [--format F] [--delimiter C] [--no-header]\n"
    "      Read FILE, run every component of the spec over it and print\n"
    "      {\"data\": {\"name\", \"rows\", \"fingerprint\"}, \"results\": {\"<component id>\": <result>}}.\n"
    "      The spec's filters apply (each component sees every filter clause except those\n"
    "      whose \"source\" is that component) and its \"columns\" set types and roles.\n"
    "      The spec's \"data\" block may say how the page read the file (\"format\",\n"
    "      \"delimiter\", \"header\"); those apply unless given on the command line.\n"
    "  sinfonia --help\n"
    "      Print this help.\n"
    "\n"
    "Options:\n"
    "  --spec SPEC.json   the view to compute (a Sinfonia spec, as in a link); '-' reads stdin\n"
    "  --format F         csv, tsv, json (an array of objects) or jsonl; default: sniffed\n"
    "  --delimiter C      the CSV field delimiter, one character (or 'tab'); default: sniffed\n"
    "  --no-header        the first line is data; columns are named column_1, column_2, ...\n"
    "  -h, --help         this help\n"
    "\n"
    "A spec (the \"data\" block is optional and ignored here):\n"
    "  {\"sinfonia\": 1,\n"
    "   \"columns\": {\"species\": {\"role\": \"label\"}, \"pred\": {\"role\": \"prediction\"}},\n"
    "   \"filters\": [{\"field\": \"island\", \"in\": [\"Biscoe\"]}],\n"
    "   \"components\": {\"cm\": {\"type\": \"confusion-matrix\"},\n"
    "                  \"h1\": {\"type\": \"histogram\", \"field\": \"bill_length_mm\", \"bins\": 30}}}\n"
    "\n"
    "Examples:\n"
    "  sinfonia schema penguins.csv\n"
    "  sinfonia run penguins.csv --spec view.json > results.json\n"
    "  echo '{\"sinfonia\":1,\"components\":{\"s\":{\"type\":\"summary\"}}}' | sinfonia run data.jsonl --spec -\n"
    "  sinfonia schema data.txt --format csv --delimiter ';'\n"
    "\n"
    "Exit status: 0 success; 1 bad input (stderr: FILE:LINE:COL: message for data,\n"
    "SPEC:LINE:COL: message for spec syntax, SPEC: path: message for spec content,\n"
    "e.g. SPEC: components.h1.bins: must be an integer from 1 to 1000);\n"
    "2 bad usage (unknown option, missing or unreadable file).\n";

/* Print text from column 6, wrapped before column 92. */
static void print_wrapped(const char *text) {
  size_t col = 0;
  while (*text) {
    size_t word = strcspn(text, " ");
    if (col && col + 1 + word > 86) { fputs("\n", stdout); col = 0; }
    printf("%s%.*s", col ? " " : "      ", (int)word, text);
    col += word + 1;
    text += word;
    while (*text == ' ') text++;
  }
  fputs("\n", stdout);
}

/* The components this build has: each folder's name, and its schema's title and
 * description. */
static void print_components(void) {
  size_t i;
  fputs("\nComponents (one folder each under components/, see its README.md):\n", stdout);
  for (i = 0; i < sf_ncomponents; i++) {
    cJSON *schema = cJSON_Parse(sf_components[i].schema);
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(schema, "title");
    const cJSON *desc = cJSON_GetObjectItemCaseSensitive(schema, "description");
    printf("  %s%s%s\n", sf_components[i].name, cJSON_IsString(title) ? " — " : "",
           cJSON_IsString(title) ? title->valuestring : "");
    if (cJSON_IsString(desc)) print_wrapped(desc->valuestring);
    cJSON_Delete(schema);
  }
}

static int usage(const char *fmt, const char *arg) {
  fprintf(stderr, "sinfonia: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'sinfonia --help'.\n");
  return EXIT_USAGE;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* Read a whole stream (the spec) into a NUL-terminated malloc'd buffer. */
static char *read_all(FILE *f, size_t *len) {
  size_t cap = 4096, n = 0, got;
  char *buf = malloc(cap), *p;
  if (!buf) return NULL;
  while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n - 1 == 0) {
      if (!(p = realloc(buf, cap * 2))) { free(buf); return NULL; }
      buf = p;
      cap *= 2;
    }
  }
  if (ferror(f)) { free(buf); return NULL; }
  buf[n] = 0;
  *len = n;
  return buf;
}

/* "FILE:LINE:COL: message" when the engine's error has a position, else "FILE: message". */
static void input_error(const char *file, const char *msg) {
  if (msg[0] >= '0' && msg[0] <= '9') fprintf(stderr, "%s:%s\n", file, msg);
  else fprintf(stderr, "%s: %s\n", file, msg);
}

typedef struct args {
  const char *cmd, *file, *spec, *format;
  char delimiter[2];
  int no_header;
} args;

static int parse_args(int argc, char **argv, args *a) {
  int i;
  memset(a, 0, sizeof *a);
  for (i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(help_text, stdout);
      print_components();
      return -1;
    }
  if (argc < 2) return usage("%smissing command (schema or run)", "");
  a->cmd = argv[1];
  if (strcmp(a->cmd, "schema") && strcmp(a->cmd, "run")) return usage("unknown command '%s' (schema or run)", a->cmd);
  for (i = 2; i < argc; i++) {
    const char *o = argv[i], *v = NULL;
    const char **slot = NULL;
    if (!strcmp(o, "--no-header")) { a->no_header = 1; continue; }
    if (!strcmp(o, "--spec")) slot = &a->spec;
    else if (!strcmp(o, "--format")) slot = &a->format;
    else if (!strcmp(o, "--delimiter")) slot = &v;
    else if (o[0] == '-' && o[1]) return usage("unknown option '%s'", o);
    else if (a->file) return usage("unexpected argument '%s' (one FILE only)", o);
    else { a->file = o; continue; }
    if (i + 1 >= argc) return usage("%s needs a value", o);
    *slot = argv[++i];
    if (slot == &v) {
      if (!strcmp(v, "tab") || !strcmp(v, "\\t")) v = "\t";
      if (strlen(v) != 1) return usage("--delimiter takes one character, not '%s'", v);
      a->delimiter[0] = v[0];
    }
  }
  if (a->format && strcmp(a->format, "csv") && strcmp(a->format, "tsv") && strcmp(a->format, "json") &&
      strcmp(a->format, "jsonl"))
    return usage("--format must be csv, tsv, json or jsonl, not '%s'", a->format);
  if (!a->file) return usage("%smissing FILE", "");
  if (!strcmp(a->cmd, "run") && !a->spec) return usage("%srun needs --spec SPEC.json (or --spec - for stdin)", "");
  if (!strcmp(a->cmd, "schema") && a->spec) return usage("%s--spec is for run, not schema", "");
  return 0;
}

/* Ingest FILE, read as the spec's data block says (format, delimiter, header;
 * the command line's options win); returns the schema JSON (malloc'd by the
 * engine) or NULL after printing the error; *code gets the exit status. */
static char *load(sf_engine *e, const args *a, const cJSON *data, const cJSON *columns, int *code) {
  const cJSON *d_format = cJSON_GetObjectItemCaseSensitive(data, "format");
  const cJSON *d_delim = cJSON_GetObjectItemCaseSensitive(data, "delimiter");
  const cJSON *d_header = cJSON_GetObjectItemCaseSensitive(data, "header");
  cJSON *opts = cJSON_CreateObject();
  char *opts_text = NULL, *schema = NULL;
  uint8_t *buf = malloc(CHUNK);
  FILE *f = NULL;
  size_t n;
  *code = EXIT_INPUT;
  if (!opts || !buf) { fprintf(stderr, "sinfonia: out of memory\n"); goto end; }
  if (a->format) cJSON_AddStringToObject(opts, "format", a->format);
  else if (cJSON_IsString(d_format)) cJSON_AddStringToObject(opts, "format", d_format->valuestring);
  if (a->delimiter[0]) cJSON_AddStringToObject(opts, "delimiter", a->delimiter);
  else if (cJSON_IsString(d_delim)) cJSON_AddStringToObject(opts, "delimiter", d_delim->valuestring);
  if (a->no_header) cJSON_AddFalseToObject(opts, "header");
  else if (cJSON_IsBool(d_header)) cJSON_AddBoolToObject(opts, "header", cJSON_IsTrue(d_header));
  cJSON_AddStringToObject(opts, "name", base_name(a->file));
  if (columns) cJSON_AddItemToObject(opts, "columns", cJSON_Duplicate(columns, 1));
  if (!(f = fopen(a->file, "rb"))) {
    fprintf(stderr, "sinfonia: cannot read %s: %s\n", a->file, strerror(errno));
    *code = EXIT_USAGE;
    goto end;
  }
  { /* a regular file's size: the engine reserves each column's rows once */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) cJSON_AddNumberToObject(opts, "size", (double)st.st_size);
  }
  if (!(opts_text = cJSON_PrintUnformatted(opts))) { fprintf(stderr, "sinfonia: out of memory\n"); goto end; }
  if (sf_ingest_begin(e, opts_text)) {
    input_error(a->spec ? a->spec : a->file, sf_last_error(e));
    goto end;
  }
  while ((n = fread(buf, 1, CHUNK, f)) > 0)
    if (sf_ingest_chunk(e, buf, n)) { input_error(a->file, sf_last_error(e)); goto end; }
  if (ferror(f)) {
    fprintf(stderr, "sinfonia: cannot read %s: %s\n", a->file, strerror(errno));
    *code = EXIT_USAGE;
    goto end;
  }
  if (!(schema = sf_ingest_end(e))) input_error(a->file, sf_last_error(e));
  else *code = 0;
end:
  if (f) fclose(f);
  free(buf);
  cJSON_free(opts_text);
  cJSON_Delete(opts);
  return schema;
}

/* Print the engine's error about the spec: "SPEC: components.h1.bins: message". */
static void spec_error(const char *spec_name, const char *msg) { fprintf(stderr, "%s: %s\n", spec_name, msg); }

static int run(sf_engine *e, const args *a) {
  const char *spec_name = strcmp(a->spec, "-") ? a->spec : "<stdin>";
  cJSON *spec = NULL, *schema = NULL, *out = NULL, *results, *data, *comp;
  const cJSON *comps;
  char *text = NULL, *schema_text = NULL, *view = NULL, *printed;
  int code = EXIT_INPUT;
  size_t len = 0;
  sf_error err = {0};
  FILE *f = strcmp(a->spec, "-") ? fopen(a->spec, "rb") : stdin;
  if (!f || !(text = read_all(f, &len))) {
    fprintf(stderr, "sinfonia: cannot read spec %s: %s\n", spec_name, strerror(errno));
    if (f && f != stdin) fclose(f);
    return EXIT_USAGE;
  }
  if (f != stdin) fclose(f);
  /* The spec is checked before the data is read: a bad spec is named first. */
  if (!(spec = sf_spec_parse(text, len, &err))) {
    char msg[700];
    sf_error_format(&err, msg, sizeof msg);
    input_error(spec_name, msg);
    goto end;
  }
  comps = cJSON_GetObjectItemCaseSensitive(spec, "components");
  if (!(schema_text = load(e, a, cJSON_GetObjectItemCaseSensitive(spec, "data"),
                           cJSON_GetObjectItemCaseSensitive(spec, "columns"), &code)))
    goto end;
  code = EXIT_INPUT;
  if (!(view = sf_view_set(e, text))) { spec_error(spec_name, sf_last_error(e)); goto end; }
  schema = cJSON_Parse(schema_text);
  out = cJSON_CreateObject();
  if (!schema || !out) { fprintf(stderr, "sinfonia: out of memory\n"); goto end; }
  data = cJSON_AddObjectToObject(out, "data");
  cJSON_AddStringToObject(data, "name", base_name(a->file));
  cJSON_AddItemToObject(data, "rows", cJSON_Duplicate(cJSON_GetObjectItem(schema, "rows"), 1));
  cJSON_AddItemToObject(data, "fingerprint", cJSON_Duplicate(cJSON_GetObjectItem(schema, "fingerprint"), 1));
  results = cJSON_AddObjectToObject(out, "results");
  for (comp = comps ? comps->child : NULL; comp; comp = comp->next) {
    char *result = sf_view_run(e, comp->string, NULL);
    cJSON *res;
    if (!result) { spec_error(spec_name, sf_last_error(e)); goto end; }
    res = cJSON_Parse(result);
    sf_free(result);
    if (!res) { fprintf(stderr, "sinfonia: out of memory\n"); goto end; }
    cJSON_AddItemToObject(results, comp->string, res);
  }
  /* every number as the engine and the page write it (exactly, as JavaScript) */
  if (!(printed = sf_json_print(out))) { fprintf(stderr, "sinfonia: out of memory\n"); goto end; }
  puts(printed);
  cJSON_free(printed);
  code = 0;
end:
  free(text);
  sf_free(schema_text);
  sf_free(view);
  cJSON_Delete(schema);
  cJSON_Delete(spec);
  cJSON_Delete(out);
  return code;
}

int main(int argc, char **argv) {
  args a;
  sf_engine *e;
  int code = parse_args(argc, argv, &a);
  if (code < 0) return 0; /* --help */
  if (code) return code;
  if (!(e = sf_open())) { fprintf(stderr, "sinfonia: out of memory\n"); return EXIT_INPUT; }
  if (!strcmp(a.cmd, "schema")) {
    char *schema = load(e, &a, NULL, NULL, &code);
    if (schema) {
      puts(schema);
      sf_free(schema);
    }
  } else {
    code = run(e, &a);
  }
  sf_close(e);
  return fflush(stdout) == 0 ? code : EXIT_INPUT;
}
