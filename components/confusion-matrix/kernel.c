/* confusion-matrix: true label against prediction over the selected rows.
 * config (schema.json): {"label" (default: the column with role label), "prediction"
 *          (default: role prediction), "labels": [order] (default: sorted union),
 *          "normalize", "order", "group_separator", "groups", "expanded", "top"}
 * result: {"label", "prediction" (the columns' names), "labels", "matrix" (rows = true
 *          label, columns = prediction; null above FULL_MATRIX_MAX classes),
 *          "normalized" (when normalize is not "none"), "accuracy",
 *          "per_class": [{"label", "precision", "recall", "f1", "support", "group"?}],
 *          "macro": {"precision", "recall", "f1"}, "weighted": {...}, "count", "missing",
 *          "grid": {"entries", "counts", "values"?} (grid.h: groups, order, top + other)}
 * As scikit-learn (confusion_matrix(normalize=...), accuracy_score,
 * precision_recall_fscore_support with zero_division=0, labels=the ordered labels):
 * rows with a missing label or prediction are skipped (counted in "missing"); labels
 * are the sorted union of the values in both columns (numeric order when both are
 * numbers and then output as numbers, else byte-wise order of their strings), then
 * put in the config's order. With a "labels" list, the matrix leaves out rows whose
 * values are not listed, precision and recall still count them (as sklearn does), and
 * accuracy is over every row used. */
#include "sinfonia_component.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most classes whose k x k "matrix" (and "normalized") the result holds. */
#define FULL_MATRIX_MAX 200

/* The mergeable partial state: pair counts over class indices 0..k, where k means
 * "not among the labels", plus rows used, correct and skipped. */
typedef struct cm_state {
  size_t k, used, correct, missing;
  size_t *pairs; /* (k + 1) * (k + 1), row-major by true class */
} cm_state;

#include "grid.h"

typedef struct { double v; size_t idx; } num_item;
typedef struct { const char *s; size_t idx; } str_item;

static int cmp_num(const void *a, const void *b) {
  double x = ((const num_item *)a)->v, y = ((const num_item *)b)->v;
  return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) {
  return strcmp(((const str_item *)a)->s, ((const str_item *)b)->s);
}

/* Per row: the class index of the label and the prediction (-1 = missing). The
 * row's raw values are compared for "correct" before mapping. */
typedef struct classes {
  int numeric;         /* both columns are numbers */
  size_t k;            /* number of labels */
  double *nums;        /* numeric: the labels' values in output order */
  num_item *nsorted;   /* numeric: values sorted, with their output index */
  sf_dict names;       /* strings: every value seen; codes < k are the config labels */
  size_t *rank;        /* strings: names code -> output index (k = not listed) */
  size_t nrank;
  int32_t *lmap, *pmap; /* strings: a coded column's dictionary code -> names code (-1: not yet) */
} classes;

static void classes_free(classes *cl) {
  sf_free(cl->nums);
  sf_free(cl->nsorted);
  sf_free(cl->rank);
  sf_free(cl->lmap);
  sf_free(cl->pmap);
  sf_dict_free(&cl->names);
}

/* The label string of a row in string mode, as a names code. */
static int name_code(classes *cl, const sf_column *c, size_t row, int32_t *code, sf_error *err) {
  char buf[40];
  const char *s;
  sf_column_label(c, row, buf, sizeof buf, &s);
  return sf_dict_intern(&cl->names, s, strlen(s), code, err);
}

/* A map from a coded column's dictionary codes to names codes, filled as values
 * are first seen, so each row costs a lookup (NULL for a number column). */
static int code_map(const sf_column *c, int32_t **map, sf_error *err) {
  size_t j;
  *map = NULL;
  if (c->type == SF_NUMBER) return SF_OK;
  if (!(*map = sf_calloc(c->dict.n ? c->dict.n : 1, sizeof **map))) return sf_oom(err);
  for (j = 0; j < c->dict.n; j++) (*map)[j] = -1;
  return SF_OK;
}

/* The names code of a row's value (not missing). */
static int row_code(classes *cl, const sf_column *c, int32_t *map, size_t row, int32_t *code, sf_error *err) {
  int32_t d;
  if (!map) return name_code(cl, c, row, code, err);
  d = c->codes[row];
  if (map[d] < 0) {
    int rc = sf_dict_intern(&cl->names, c->dict.strs[d], strlen(c->dict.strs[d]), &map[d], err);
    if (rc) return rc;
  }
  *code = map[d];
  return SF_OK;
}

static int configured_labels(classes *cl, const cJSON *labels, sf_error *err) {
  const cJSON *it;
  size_t i = 0, n = (size_t)cJSON_GetArraySize(labels);
  if (cl->numeric && !(cl->nums = sf_calloc(n, sizeof *cl->nums))) return sf_oom(err);
  for (it = labels->child; it; it = it->next, i++) {
    char buf[40];
    const char *s = it->valuestring;
    int32_t code;
    int rc;
    if (cl->numeric) {
      size_t j;
      if (!cJSON_IsNumber(it))
        return sf_fail(err, SF_EINPUT, 0, 0, "labels[%zu]: must be a number (the label and prediction columns hold numbers)", i);
      for (j = 0; j < i; j++)
        if (cl->nums[j] == it->valuedouble) return sf_fail(err, SF_EINPUT, 0, 0, "labels[%zu]: listed twice", i);
      cl->nums[i] = it->valuedouble;
      continue;
    }
    if (cJSON_IsNumber(it)) { sf_format_number(it->valuedouble, buf, sizeof buf); s = buf; } /* else a string */
    if ((rc = sf_dict_intern(&cl->names, s, strlen(s), &code, err))) return rc;
    if ((size_t)code != i) return sf_fail(err, SF_EINPUT, 0, 0, "labels[%zu]: '%s' is listed twice", i, s);
  }
  cl->k = n;
  return SF_OK;
}

/* Decide the labels: the config's list, or the sorted union over the rows used. */
static int find_labels(classes *cl, const sf_column *lc, const sf_column *pc, const sf_bitmap *rows,
                       const cJSON *labels, sf_error *err) {
  size_t i, n = 0;
  int rc = SF_OK;
  if (labels) {
    if ((rc = configured_labels(cl, labels, err))) return rc;
  } else if (cl->numeric) {
    if (!(cl->nums = sf_calloc(2 * sf_bitmap_count(rows), sizeof *cl->nums))) return sf_oom(err);
    for (i = 0; i < rows->nbits; i++)
      if (sf_bitmap_get(rows, i) && !isnan(lc->num[i]) && !isnan(pc->num[i])) {
        cl->nums[n++] = lc->num[i];
        cl->nums[n++] = pc->num[i];
      }
    if ((rc = sf_sort_doubles(cl->nums, n, err))) return rc;
    for (i = 0; i < n; i++)
      if (cl->k == 0 || cl->nums[i] != cl->nums[cl->k - 1]) cl->nums[cl->k++] = cl->nums[i];
  } else {
    for (i = sf_bitmap_next(rows, 0); i < rows->nbits; i = sf_bitmap_next(rows, i + 1)) {
      int32_t code;
      if (sf_column_is_missing(lc, i) || sf_column_is_missing(pc, i)) continue;
      if ((rc = row_code(cl, lc, cl->lmap, i, &code, err)) || (rc = row_code(cl, pc, cl->pmap, i, &code, err)))
        return rc;
    }
    cl->k = cl->names.n;
  }
  if (cl->numeric) {
    if (!(cl->nsorted = sf_calloc(cl->k, sizeof *cl->nsorted))) return sf_oom(err);
    for (i = 0; i < cl->k; i++) { cl->nsorted[i].v = cl->nums[i]; cl->nsorted[i].idx = i; }
    qsort(cl->nsorted, cl->k, sizeof *cl->nsorted, cmp_num);
  } else if (!labels) {
    str_item *items = sf_calloc(cl->k, sizeof *items);
    if (!items || !(cl->rank = sf_calloc(cl->k, sizeof *cl->rank))) { sf_free(items); return sf_oom(err); }
    cl->nrank = cl->k;
    for (i = 0; i < cl->k; i++) { items[i].s = cl->names.strs[i]; items[i].idx = i; }
    qsort(items, cl->k, sizeof *items, cmp_str);
    for (i = 0; i < cl->k; i++) cl->rank[items[i].idx] = i;
    sf_free(items);
  }
  return SF_OK;
}

static size_t num_class(const classes *cl, double v) {
  num_item key = {v, 0}, *hit = bsearch(&key, cl->nsorted, cl->k, sizeof key, cmp_num);
  return hit ? hit->idx : cl->k;
}

static int cm_init(cm_state *s, size_t k, sf_error *err) {
  memset(s, 0, sizeof *s);
  s->k = k;
  if (k + 1 > SIZE_MAX / (k + 1) || !(s->pairs = sf_calloc((k + 1) * (k + 1), sizeof *s->pairs)))
    return sf_oom(err);
  return SF_OK;
}

static int cm_accumulate(cm_state *s, classes *cl, const sf_column *lc, const sf_column *pc,
                         const sf_bitmap *rows, size_t begin, size_t end, sf_error *err) {
  size_t i, t, p;
  int rc;
  for (i = sf_bitmap_next(rows, begin); i < end; i = sf_bitmap_next(rows, i + 1)) {
    if (sf_column_is_missing(lc, i) || sf_column_is_missing(pc, i)) { s->missing++; continue; }
    s->used++;
    if (cl->numeric) {
      s->correct += lc->num[i] == pc->num[i];
      t = num_class(cl, lc->num[i]);
      p = num_class(cl, pc->num[i]);
    } else {
      int32_t a, b;
      if ((rc = row_code(cl, lc, cl->lmap, i, &a, err)) || (rc = row_code(cl, pc, cl->pmap, i, &b, err))) return rc;
      s->correct += a == b;
      if (cl->rank) { /* the sorted union: every value seen has a rank */
        t = cl->rank[a];
        p = cl->rank[b];
      } else { /* the config's order: codes below k are its labels */
        t = (size_t)a < cl->k ? (size_t)a : cl->k;
        p = (size_t)b < cl->k ? (size_t)b : cl->k;
      }
    }
    s->pairs[t * (s->k + 1) + p]++;
  }
  return SF_OK;
}

static void cm_merge(cm_state *dst, const cm_state *src) {
  size_t i;
  for (i = 0; i < (dst->k + 1) * (dst->k + 1); i++) dst->pairs[i] += src->pairs[i];
  dst->used += src->used;
  dst->correct += src->correct;
  dst->missing += src->missing;
}

static cJSON *prf(double p, double r, double f) {
  cJSON *o = cJSON_CreateObject();
  if (o && sf_json_put(o, "precision", sf_json_num(p)) && sf_json_put(o, "recall", sf_json_num(r)) &&
      sf_json_put(o, "f1", sf_json_num(f)))
    return o;
  cJSON_Delete(o);
  return NULL;
}

static double f1(double p, double r) { return p + r == 0 ? 0 : 2.0 * p * r / (p + r); }

/* A class's label as in "labels": a number when both columns are numbers. */
static cJSON *label_json(const classes *cl, const sf_dict *text, size_t i) {
  return cl->numeric ? cJSON_CreateNumber(cl->nums[i]) : cJSON_CreateString(text->strs[i]);
}

static int cm_finalize(const cm_state *s, const classes *cl, const sf_dict *text, const cm_layout *g, int norm,
                       cJSON *out) {
  size_t i, j, k = s->k, support_sum = 0;
  double mp = 0, mr = 0, mf = 0, wp = 0, wr = 0, wf = 0;
  cJSON *labels, *per;
  if (!(labels = sf_json_put(out, "labels", cJSON_CreateArray()))) return SF_ENOMEM;
  for (i = 0; i < k; i++)
    if (!sf_json_put(labels, NULL, label_json(cl, text, g->order[i]))) return SF_ENOMEM;
  /* The k x k matrix only while it is small; the grid is always bounded. */
  if (!sf_json_put(out, "matrix", k <= FULL_MATRIX_MAX ? matrix_json(s->pairs, k + 1, g->order, k, NORM_NONE) : cJSON_CreateNull()) ||
      (norm != NORM_NONE &&
       !sf_json_put(out, "normalized", k <= FULL_MATRIX_MAX ? matrix_json(s->pairs, k + 1, g->order, k, norm) : cJSON_CreateNull())))
    return SF_ENOMEM;
  if (!sf_json_put(out, "accuracy", s->used ? cJSON_CreateNumber((double)s->correct / (double)s->used) : cJSON_CreateNull()) ||
      !(per = sf_json_put(out, "per_class", cJSON_CreateArray())))
    return SF_ENOMEM;
  for (i = 0; i < k; i++) {
    size_t c = g->order[i], tp = s->pairs[c * (k + 1) + c], true_n = 0, pred_n = 0;
    double p, r, f;
    cJSON *o;
    for (j = 0; j <= k; j++) {
      true_n += s->pairs[c * (k + 1) + j];
      pred_n += s->pairs[j * (k + 1) + c];
    }
    p = pred_n ? (double)tp / (double)pred_n : 0;
    r = true_n ? (double)tp / (double)true_n : 0;
    f = f1(p, r);
    mp += p; mr += r; mf += f;
    wp += p * (double)true_n; wr += r * (double)true_n; wf += f * (double)true_n;
    support_sum += true_n;
    if (!(o = sf_json_put(per, NULL, cJSON_CreateObject())) || !sf_json_put(o, "label", label_json(cl, text, c)) ||
        !sf_json_put(o, "precision", cJSON_CreateNumber(p)) || !sf_json_put(o, "recall", cJSON_CreateNumber(r)) ||
        !sf_json_put(o, "f1", cJSON_CreateNumber(f)) || !sf_json_put(o, "support", cJSON_CreateNumber((double)true_n)) ||
        (g->group_of[c] >= 0 && !sf_json_put(o, "group", cJSON_CreateString(g->groups.strs[g->group_of[c]]))))
      return SF_ENOMEM;
  }
  if (k) { mp /= (double)k; mr /= (double)k; mf /= (double)k; }
  else mp = mr = mf = NAN;
  if (support_sum) { wp /= (double)support_sum; wr /= (double)support_sum; wf /= (double)support_sum; }
  else if (!k) wp = wr = wf = NAN;
  if (!sf_json_put(out, "macro", prf(mp, mr, mf)) || !sf_json_put(out, "weighted", prf(wp, wr, wf)) ||
      !sf_json_put(out, "count", cJSON_CreateNumber((double)s->used)) ||
      !sf_json_put(out, "missing", cJSON_CreateNumber((double)s->missing)))
    return SF_ENOMEM;
  return SF_OK;
}

/* "grid": {"entries": [{"kind": "class", "label", "group"?} | {"kind": "group", "name",
 * "classes": [...]} | {"kind": "other", "classes": [...]}], "counts", "values"?}. */
static int grid_json(const cm_layout *g, const classes *cl, const sf_dict *text, int norm, cJSON *out) {
  cJSON *grid = sf_json_put(out, "grid", cJSON_CreateObject()), *entries, **lists = NULL;
  size_t i, *ident = sf_calloc(g->n ? g->n : 1, sizeof *ident);
  int rc = SF_ENOMEM;
  if (!grid || !ident || !(lists = sf_calloc(g->n ? g->n : 1, sizeof *lists)) ||
      !(entries = sf_json_put(grid, "entries", cJSON_CreateArray())))
    goto end;
  for (i = 0; i < g->n; i++) {
    cJSON *e = sf_json_put(entries, NULL, cJSON_CreateObject());
    size_t r = g->ref[i];
    ident[i] = i;
    if (!e) goto end;
    if (g->kind[i] == ENTRY_CLASS) {
      if (!sf_json_put(e, "kind", cJSON_CreateString("class")) || !sf_json_put(e, "label", label_json(cl, text, r)) ||
          (g->group_of[r] >= 0 && !sf_json_put(e, "group", cJSON_CreateString(g->groups.strs[g->group_of[r]]))))
        goto end;
      continue;
    }
    if (!sf_json_put(e, "kind", cJSON_CreateString(g->kind[i] == ENTRY_GROUP ? "group" : "other")) ||
        (g->kind[i] == ENTRY_GROUP && !sf_json_put(e, "name", cJSON_CreateString(g->groups.strs[r]))) ||
        !(lists[i] = sf_json_put(e, "classes", cJSON_CreateArray())))
      goto end;
  }
  for (i = 0; i < g->k; i++) { /* each summed entry's classes, in order */
    size_t c = g->order[i];
    if (lists[g->cell_of[c]] && !sf_json_put(lists[g->cell_of[c]], NULL, label_json(cl, text, c))) goto end;
  }
  if (!sf_json_put(grid, "counts", matrix_json(g->cells, g->n, ident, g->n, NORM_NONE)) ||
      (norm != NORM_NONE && !sf_json_put(grid, "values", matrix_json(g->cells, g->n, ident, g->n, norm))))
    goto end;
  rc = SF_OK;
end:
  sf_free(ident);
  sf_free(lists);
  return rc;
}

/* text: each class's name (code i = class i): the strings, or the numbers in
 * shortest form, for groups and the grid. */
static int class_text(const classes *cl, sf_dict *text, sf_error *err) {
  size_t i;
  int32_t code;
  int rc = SF_OK;
  const char **names = NULL;
  if (!cl->numeric && !(names = sf_calloc(cl->k ? cl->k : 1, sizeof *names))) return sf_oom(err);
  for (i = 0; i < cl->k && !cl->numeric; i++) names[cl->rank ? cl->rank[i] : i] = cl->names.strs[i];
  for (i = 0; i < cl->k; i++) {
    char buf[40];
    const char *s = names ? names[i] : buf;
    if (!names) sf_format_number(cl->nums[i], buf, sizeof buf);
    if ((rc = sf_dict_intern(text, s, strlen(s), &code, err))) break;
  }
  sf_free((void *)names);
  return rc;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  const sf_bitmap *rows = call->rows;
  const cJSON *labels = sf_config_get(call, "labels");
  /* label and prediction default to the view's columns with those roles (x-role) */
  const sf_column *lc = &t->cols[sf_config_column(call, "label")];
  const sf_column *pc = &t->cols[sf_config_column(call, "prediction")];
  int norm = norm_mode(sf_config_string(call, "normalize"));
  size_t *support = NULL;
  sf_dict text;
  classes cl;
  cm_layout g;
  cm_state s = {0}, part = {0};
  int rc;
  size_t i, j, half = t->nrows / 2;
  memset(&cl, 0, sizeof cl);
  memset(&g, 0, sizeof g);
  memset(&text, 0, sizeof text);
  if (!sf_json_put(out, "label", cJSON_CreateString(lc->name)) ||
      !sf_json_put(out, "prediction", cJSON_CreateString(pc->name))) {
    rc = sf_oom(err);
    goto end;
  }
  cl.numeric = lc->type == SF_NUMBER && pc->type == SF_NUMBER;
  if (!cl.numeric && ((rc = code_map(lc, &cl.lmap, err)) || (rc = code_map(pc, &cl.pmap, err)))) goto end;
  if ((rc = find_labels(&cl, lc, pc, rows, labels, err)) || (rc = cm_init(&s, cl.k, err)) ||
      (rc = cm_init(&part, cl.k, err)))
    goto end;
  /* Two partial states merged: the shape a split across workers takes. */
  if ((rc = cm_accumulate(&s, &cl, lc, pc, rows, 0, half, err)) ||
      (rc = cm_accumulate(&part, &cl, lc, pc, rows, half, t->nrows, err)))
    goto end;
  cm_merge(&s, &part);
  if ((rc = class_text(&cl, &text, err))) goto end;
  if (!(support = sf_calloc(cl.k ? cl.k : 1, sizeof *support))) { rc = sf_oom(err); goto end; }
  for (i = 0; i < cl.k; i++)
    for (j = 0; j <= cl.k; j++) support[i] += s.pairs[i * (cl.k + 1) + j];
  g.k = cl.k;
  if ((rc = layout_build(&g, s.pairs, support, &text, call, err))) goto end;
  if (cm_finalize(&s, &cl, &text, &g, norm, out) || grid_json(&g, &cl, &text, norm, out)) rc = sf_oom(err);
end:
  sf_free(support);
  sf_free(s.pairs);
  sf_free(part.pairs);
  layout_free(&g);
  sf_dict_free(&text);
  classes_free(&cl);
  return rc;
}
SF_COMPONENT(run);
