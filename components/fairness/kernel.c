/* fairness: how a classifier treats the groups of a sensitive attribute, over the
 * selected rows, as fairlearn defines it (fairlearn 0.15.0.dev0, metrics/
 * _fairness_metrics.py, _base_metrics.py, _disaggregated_result.py; method
 * "between_groups", agg "worst_case", no sample weights).
 * config (schema.json): {"group" (default: role group), "positive", "label" (default:
 *          role label), "prediction" (default: role prediction)}
 * result: {"group", "label", "prediction" (the columns' names), "positive", "count",
 *          "missing", "missing_group", "groups": [{"value", "count", "positives",
 *          "predicted_positive", "selection_rate", "tpr", "fpr"}], "overall": {the same
 *          but "value"} | null, "missing_group_stats": {the same but "value"} | null,
 *          "demographic_parity_difference", "demographic_parity_ratio",
 *          "equalized_odds_difference", "equalized_odds_ratio"}
 *
 * Binary, one class against the rest: y = (label == positive), y_pred = (prediction ==
 * positive). The positive class is config "positive" (its text; a number column
 * compares it as a number), else the second of the two classes of the label and
 * prediction over EVERY row of the table (sorted: numbers by value, else byte-wise),
 * so a filter never changes it; any other number of classes asks for "positive".
 * Rows: the selected rows lacking the label or the prediction are left out and
 * counted in "missing"; of the rest, those lacking the group are counted in
 * "missing_group" (fairlearn groups with pandas' groupby, which drops them) and
 * described apart in "missing_group_stats"; "count" rows have all three.
 * Per group (sorted as pandas sorts the keys; only groups with rows):
 *   selection_rate = predicted positive / rows                (selection_rate)
 *   tpr = true positives / positives, 0 with no positive       (true_positive_rate:
 *   fpr = false positives / negatives, 0 with no negative       confusion_matrix(
 *         normalize="true") turns 0/0 into 0 with nan_to_num)
 * Across groups (MetricFrame.difference / ratio, between_groups):
 *   demographic_parity_difference = max - min of selection_rate; _ratio = min / max
 *   equalized_odds_difference = max(tpr difference, fpr difference)
 *   equalized_odds_ratio = Python's min(tpr ratio, fpr ratio): a ratio is null (NaN)
 *     when every group's rate is 0, and a null tpr ratio makes it null, while a null
 *     fpr ratio gives the tpr ratio (min over [nan, x] is nan, over [x, nan] is x).
 * With no group all four are null. At most MAX_GROUPS distinct group values in the
 * table. O(n): per-group counts, a mergeable partial state (two halves, merged). */
#include "sinfonia_component.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GROUPS 200

/* Rows of one group: every count the rates need. */
typedef struct counts {
  size_t n, pos, sel, tp, fp; /* rows, y = 1, y_pred = 1, both, y = 0 and y_pred = 1 */
} counts;

/* How a column's value is compared with the positive class. */
typedef struct matcher {
  const sf_column *c;
  double num;   /* number columns: the class as a number (NaN: it does not read as one) */
  int32_t code; /* coded columns: the class's code, -1 when no row has it */
} matcher;

/* A class seen in the label or the prediction (for the default positive). */
typedef struct cls {
  const char *text; /* a dictionary string, or NULL: the number written in buf */
  char buf[40];
  int has_num;
  double num;
} cls;

static void matcher_init(matcher *m, const sf_column *c, const char *positive) {
  size_t i;
  m->c = c;
  m->code = -1;
  m->num = NAN;
  if (c->type == SF_NUMBER) {
    double v;
    if (sf_class_number(positive, &v)) m->num = v;
    return;
  }
  for (i = 0; i < c->dict.n; i++)
    if (strcmp(c->dict.strs[i], positive) == 0) { m->code = (int32_t)i; break; }
}

static int matches(const matcher *m, size_t r) {
  return m->c->type == SF_NUMBER ? m->c->num[r] == m->num : m->c->codes[r] == m->code;
}

/* Whether some row holds the class (NaN never equals a number). */
static int occurs(const matcher *m, size_t nrows) {
  size_t i;
  if (m->c->type != SF_NUMBER) return m->code >= 0;
  for (i = 0; i < nrows; i++)
    if (m->c->num[i] == m->num) return 1;
  return 0;
}

static const char *cls_text(const cls *c) { return c->text ? c->text : c->buf; }

/* Add column c's distinct values to set (n of them) until there are 4. */
static void collect_classes(const sf_column *c, size_t nrows, cls *set, size_t *n) {
  size_t r, j;
  for (r = 0; r < nrows && *n < 4; r++) {
    if (sf_column_is_missing(c, r)) continue;
    if (c->type == SF_NUMBER) {
      double v = c->num[r];
      for (j = 0; j < *n && !(set[j].has_num && set[j].num == v); j++) {}
      if (j < *n) continue;
      sf_format_number(v, set[*n].buf, sizeof set[*n].buf);
      set[*n].text = NULL;
      set[*n].has_num = 1;
      set[*n].num = v;
    } else {
      const char *s = c->dict.strs[c->codes[r]];
      for (j = 0; j < *n && strcmp(cls_text(&set[j]), s) != 0; j++) {}
      if (j < *n) continue;
      set[*n].text = s;
      set[*n].has_num = sf_class_number(s, &set[*n].num);
    }
    (*n)++;
  }
}

static int cmp_cls(const void *a, const void *b) {
  const cls *x = a, *y = b;
  if (x->has_num && y->has_num && x->num != y->num) return (x->num > y->num) - (x->num < y->num);
  return strcmp(cls_text(x), cls_text(y));
}

/* The positive class's text: config "positive", else the second of exactly two classes. */
static int find_positive(const sf_call *call, const sf_column *lc, const sf_column *pc, const char **out, cls *set,
                         sf_error *err) {
  const cJSON *want = sf_config_get(call, "positive");
  size_t n = 0, nrows = call->table->nrows;
  if (want) {
    matcher ml, mp;
    matcher_init(&ml, lc, want->valuestring);
    matcher_init(&mp, pc, want->valuestring);
    if (!occurs(&ml, nrows) && !occurs(&mp, nrows))
      return sf_fail(err, SF_EINPUT, 0, 0, "positive: no row of '%s' or '%s' holds the class '%s'", lc->name, pc->name,
                     want->valuestring);
    *out = want->valuestring;
    return SF_OK;
  }
  collect_classes(lc, nrows, set, &n);
  collect_classes(pc, nrows, set, &n);
  qsort(set, n, sizeof *set, cmp_cls);
  if (n == 2) {
    *out = cls_text(&set[1]);
    return SF_OK;
  }
  if (n == 0)
    return sf_fail(err, SF_EINPUT, 0, 0, "positive: '%s' and '%s' hold no values, so there is no class to compare",
                   lc->name, pc->name);
  if (n == 1)
    return sf_fail(err, SF_EINPUT, 0, 0, "positive: '%s' and '%s' hold one class ('%s'); set positive to the class to compare",
                   lc->name, pc->name, cls_text(&set[0]));
  return sf_fail(err, SF_EINPUT, 0, 0,
                 "positive: '%s' and '%s' hold %s classes ('%s', '%s', '%s'%s); set positive to the class to compare "
                 "with the rest",
                 lc->name, pc->name, n == 3 ? "3" : "more than 3", cls_text(&set[0]), cls_text(&set[1]),
                 cls_text(&set[2]), n == 3 ? "" : ", ...");
}

/* ---- groups: each row's slot (a dictionary code, or the rank of a number) ---- */

typedef struct grouping {
  size_t nslots;
  size_t *slot;     /* number columns: the slot of each row (SIZE_MAX: missing) */
  double *value;    /* number columns: each slot's value */
} grouping;

static int grouping_init(grouping *g, const sf_column *gc, size_t nrows, sf_error *err) {
  size_t *order = NULL, i, k = 0;
  int rc = SF_OK;
  memset(g, 0, sizeof *g);
  if (gc->type != SF_NUMBER) {
    if (gc->dict.n > MAX_GROUPS) goto too_many;
    g->nslots = gc->dict.n;
    return SF_OK;
  }
  if (!(order = sf_calloc(nrows ? nrows : 1, sizeof *order)) || !(g->slot = sf_calloc(nrows ? nrows : 1, sizeof *g->slot)) ||
      !(g->value = sf_calloc(MAX_GROUPS, sizeof *g->value))) {
    rc = sf_oom(err);
    goto end;
  }
  if (nrows && (rc = sf_sort_order(gc->num, nrows, order, err))) goto end;
  for (i = 0; i < nrows; i++) {
    double v = gc->num[order[i]];
    if (isnan(v)) { g->slot[order[i]] = SIZE_MAX; continue; }
    if (!k || g->value[k - 1] != v) {
      if (k == MAX_GROUPS) goto too_many;
      g->value[k++] = v;
    }
    g->slot[order[i]] = k - 1;
  }
  g->nslots = k;
  goto end;
too_many:
  rc = sf_fail(err, SF_EINPUT, 0, 0, "group: '%s' has more than %d distinct values; choose a column of a few groups",
               gc->name, MAX_GROUPS);
end:
  sf_free(order);
  return rc;
}

static void grouping_free(grouping *g) {
  sf_free(g->slot);
  sf_free(g->value);
}

static size_t slot_of(const grouping *g, const sf_column *gc, size_t r) {
  if (gc->type == SF_NUMBER) return g->slot[r];
  return gc->codes[r] < 0 ? SIZE_MAX : (size_t)gc->codes[r];
}

/* ---- the counts: a mergeable partial state over a range of rows ---- */

typedef struct tally {
  size_t missing;
  counts none;     /* rows with label and prediction but no group */
  counts *slots;   /* per group slot */
} tally;

static void add(counts *c, int y, int yp) {
  c->n++;
  c->pos += (size_t)y;
  c->sel += (size_t)yp;
  c->tp += (size_t)(y && yp);
  c->fp += (size_t)(!y && yp);
}

static void accumulate(tally *t, const sf_call *call, const matcher *ml, const matcher *mp, const grouping *g,
                       const sf_column *gc, size_t begin, size_t end) {
  size_t r, s;
  for (r = begin; r < end; r++) {
    if (!sf_bitmap_get(call->rows, r)) continue;
    if (sf_column_is_missing(ml->c, r) || sf_column_is_missing(mp->c, r)) { t->missing++; continue; }
    s = slot_of(g, gc, r);
    add(s == SIZE_MAX ? &t->none : &t->slots[s], matches(ml, r), matches(mp, r));
  }
}

static void merge_counts(counts *d, const counts *s) {
  d->n += s->n;
  d->pos += s->pos;
  d->sel += s->sel;
  d->tp += s->tp;
  d->fp += s->fp;
}

/* ---- the result ---- */

typedef struct rates { double sr, tpr, fpr; } rates;

static rates rates_of(const counts *c) {
  rates x;
  size_t neg = c->n - c->pos;
  x.sr = c->n ? (double)c->sel / (double)c->n : NAN;
  x.tpr = c->pos ? (double)c->tp / (double)c->pos : 0;
  x.fpr = neg ? (double)c->fp / (double)neg : 0;
  return x;
}

/* A group's numbers into o: "count", "positives", "predicted_positive" and the rates. */
static int put_stats(cJSON *o, const counts *c) {
  rates x = rates_of(c);
  return sf_json_put(o, "count", cJSON_CreateNumber((double)c->n)) &&
         sf_json_put(o, "positives", cJSON_CreateNumber((double)c->pos)) &&
         sf_json_put(o, "predicted_positive", cJSON_CreateNumber((double)c->sel)) &&
         sf_json_put(o, "selection_rate", sf_json_num(x.sr)) && sf_json_put(o, "tpr", sf_json_num(x.tpr)) &&
         sf_json_put(o, "fpr", sf_json_num(x.fpr));
}

/* The numbers of rows outside the groups (overall, no group): null without rows. */
static cJSON *stats_json(const counts *c) {
  cJSON *o;
  if (!c->n) return cJSON_CreateNull();
  if ((o = cJSON_CreateObject()) && put_stats(o, c)) return o;
  cJSON_Delete(o);
  return NULL;
}

/* A group's value as the column holds it. */
static cJSON *group_value(const sf_column *gc, const grouping *g, size_t s) {
  return gc->type == SF_NUMBER ? cJSON_CreateNumber(g->value[s]) : sf_json_code(gc, (int32_t)s);
}

/* The positive class as the label holds it: a number, true/false, or text. */
static cJSON *class_json(const sf_column *lc, const char *text) {
  double v;
  if (lc->type == SF_NUMBER && sf_class_number(text, &v)) return cJSON_CreateNumber(v);
  if (lc->type == SF_BOOL && (!strcmp(text, "true") || !strcmp(text, "false"))) return cJSON_CreateBool(!strcmp(text, "true"));
  return cJSON_CreateString(text);
}

/* A group in result order: pandas sorts the keys (numbers by value, text by code point,
 * which is byte-wise UTF-8 order; false before true). */
typedef struct ranked {
  const char *name; /* coded columns: the value's text */
  size_t slot;
} ranked;

static int cmp_ranked(const void *a, const void *b) {
  return strcmp(((const ranked *)a)->name, ((const ranked *)b)->name);
}

static int finalize(const tally *t, const sf_column *gc, const grouping *g, ranked *order, cJSON *out) {
  size_t k = 0, s;
  double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
  double dp_diff = NAN, dp_ratio = NAN, eo_diff = NAN, eo_ratio = NAN, tpr_ratio, fpr_ratio;
  counts all = {0, 0, 0, 0, 0};
  cJSON *list;
  for (s = 0; s < g->nslots; s++)
    if (t->slots[s].n) {
      order[k].name = gc->type == SF_NUMBER ? NULL : gc->dict.strs[s];
      order[k++].slot = s;
    }
  if (gc->type != SF_NUMBER) qsort(order, k, sizeof *order, cmp_ranked); /* numbers' slots are in order */
  if (!(list = sf_json_put(out, "groups", cJSON_CreateArray()))) return SF_ENOMEM;
  for (s = 0; s < k; s++) {
    const counts *c = &t->slots[order[s].slot];
    rates x = rates_of(c);
    double v[3];
    int j;
    cJSON *o = sf_json_put(list, NULL, cJSON_CreateObject());
    v[0] = x.sr;
    v[1] = x.tpr;
    v[2] = x.fpr;
    for (j = 0; j < 3; j++) {
      lo[j] = fmin(lo[j], v[j]);
      hi[j] = fmax(hi[j], v[j]);
    }
    merge_counts(&all, c);
    if (!o || !sf_json_put(o, "value", group_value(gc, g, order[s].slot)) || !put_stats(o, c)) return SF_ENOMEM;
  }
  if (k) { /* x / 0 cannot happen (min <= max), 0 / 0 is NaN as in pandas */
    dp_diff = hi[0] - lo[0];
    dp_ratio = lo[0] / hi[0];
    eo_diff = fmax(hi[1] - lo[1], hi[2] - lo[2]);
    tpr_ratio = lo[1] / hi[1];
    fpr_ratio = lo[2] / hi[2];
    eo_ratio = isnan(tpr_ratio) ? NAN : fpr_ratio < tpr_ratio ? fpr_ratio : tpr_ratio;
  }
  if (!sf_json_put(out, "overall", stats_json(&all)) || !sf_json_put(out, "missing_group_stats", stats_json(&t->none)) ||
      !sf_json_put(out, "demographic_parity_difference", sf_json_num(dp_diff)) ||
      !sf_json_put(out, "demographic_parity_ratio", sf_json_num(dp_ratio)) ||
      !sf_json_put(out, "equalized_odds_difference", sf_json_num(eo_diff)) ||
      !sf_json_put(out, "equalized_odds_ratio", sf_json_num(eo_ratio)))
    return SF_ENOMEM;
  return SF_OK;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  const sf_column *gc = &t->cols[sf_config_column(call, "group")];
  const sf_column *lc = &t->cols[sf_config_column(call, "label")];
  const sf_column *pc = &t->cols[sf_config_column(call, "prediction")];
  const char *positive = NULL;
  cls set[4];
  matcher ml, mp;
  grouping g;
  tally a, b;
  ranked *order = NULL;
  size_t half = t->nrows / 2, used = 0, s;
  int rc;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  if ((rc = find_positive(call, lc, pc, &positive, set, err))) return rc;
  if ((rc = grouping_init(&g, gc, t->nrows, err))) goto end;
  matcher_init(&ml, lc, positive);
  matcher_init(&mp, pc, positive);
  if (!(a.slots = sf_calloc(g.nslots ? g.nslots : 1, sizeof *a.slots)) ||
      !(b.slots = sf_calloc(g.nslots ? g.nslots : 1, sizeof *b.slots)) ||
      !(order = sf_calloc(g.nslots ? g.nslots : 1, sizeof *order))) {
    rc = sf_oom(err);
    goto end;
  }
  /* Two partial states merged: the shape a split across workers takes. */
  accumulate(&a, call, &ml, &mp, &g, gc, 0, half);
  accumulate(&b, call, &ml, &mp, &g, gc, half, t->nrows);
  a.missing += b.missing;
  merge_counts(&a.none, &b.none);
  for (s = 0; s < g.nslots; s++) {
    merge_counts(&a.slots[s], &b.slots[s]);
    used += a.slots[s].n;
  }
  if (!sf_json_put(out, "group", cJSON_CreateString(gc->name)) || !sf_json_put(out, "label", cJSON_CreateString(lc->name)) ||
      !sf_json_put(out, "prediction", cJSON_CreateString(pc->name)) ||
      !sf_json_put(out, "positive", class_json(lc, positive)) || !sf_json_put(out, "count", cJSON_CreateNumber((double)used)) ||
      !sf_json_put(out, "missing", cJSON_CreateNumber((double)a.missing)) ||
      !sf_json_put(out, "missing_group", cJSON_CreateNumber((double)a.none.n)) || finalize(&a, gc, &g, order, out))
    rc = sf_oom(err);
end:
  grouping_free(&g);
  sf_free(a.slots);
  sf_free(b.slots);
  sf_free(order);
  return rc;
}
SF_COMPONENT(run);
