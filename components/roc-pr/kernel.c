/* roc-pr: ROC and precision-recall curves of a model's scores against the true label,
 * with ROC AUC and average precision, over the selected rows.
 * config (schema.json): {"label" (default: the column with role label), "positive"
 *          (binary: the class whose score is used), "max_points" (points returned per curve)}
 * result, binary: {"label", "scores": [the score column used], "positive", "count",
 *          "missing", "positives", "roc_auc", "average_precision", "roc_points",
 *          "pr_points", "roc": [{"fpr", "tpr", "threshold"}], "pr": [{"precision",
 *          "recall", "threshold"}]}
 * multi-class: {"label", "scores", "count", "missing", "classes": [{"positive", "score",
 *          "positives", "roc_auc", ...as binary}], "macro_roc_auc"}
 *
 * Scores are the view's columns with the role score (sf_scores), each scoring one class
 * (sf_call_class). With "positive" set, or with one or two scored classes, the result
 * is binary: the positive class is the one configured, else the last of the scored
 * classes in label order (the second of two sorted labels, or the only one scored).
 * With three or more scored classes and no "positive", each class is one-vs-rest
 * against its own score column.
 *
 * As scikit-learn 1.2 (roc_curve(drop_intermediate=True), precision_recall_curve,
 * roc_auc_score, average_precision_score; multi-class roc_auc_score(multi_class="ovr",
 * average="macro") = the mean of the per-class AUCs over the scores as given, never
 * renormalized):
 * - rows with a missing label or a missing needed score (binary: the positive's;
 *   multi-class: any class's) are left out and counted in "missing";
 * - thresholds are the distinct scores, descending; ROC drops the points collinear
 *   with their neighbours, then starts at (0, 0) with threshold null (sklearn writes
 *   max + 1 in 1.2 and inf from 1.3); PR ends at (recall 0, precision 1) with
 *   threshold null (sklearn gives it no threshold);
 * - roc_auc is null when the rows hold one class only (sklearn raises); fpr (tpr) is
 *   null throughout when there is no negative (positive) row (sklearn: nan); with no
 *   positive row recall is 1 throughout and average_precision 0 (sklearn warns);
 *   macro_roc_auc is null when any class's AUC is;
 * - AUC and AP are over every row; only the returned points are thinned to
 *   max_points: indices round(i * (n - 1) / (max_points - 1)), first and last kept.
 * One stable O(n) radix sort per curve (sf_sort_order), or the same order read off
 * the score column's index (sf_column_ranks_of / sf_column_order) when it has one;
 * the curves need every row at once, so this kernel has no partial state to merge. */
#include "sinfonia_component.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Work space for one curve at a time, sized for every used row. */
typedef struct curve_buf {
  double *s;            /* scores of the used rows */
  unsigned char *pos;   /* 1 when the row is of the positive class */
  size_t *order;        /* rows by score, ascending */
  double *tps, *fps, *thr; /* per distinct score, descending: cumulative counts */
  size_t *keep;         /* ROC: the thresholds kept by drop_intermediate */
  double *s2;           /* s and pos put in score order, read off an index */
  unsigned char *pos2;
} curve_buf;

static void curve_buf_free(curve_buf *b) {
  sf_free(b->s);
  sf_free(b->pos);
  sf_free(b->order);
  sf_free(b->tps);
  sf_free(b->fps);
  sf_free(b->thr);
  sf_free(b->keep);
  sf_free(b->s2);
  sf_free(b->pos2);
}

static int curve_buf_init(curve_buf *b, size_t m) {
  size_t n = m ? m : 1;
  memset(b, 0, sizeof *b);
  b->s = sf_calloc(n, sizeof *b->s);
  b->pos = sf_calloc(n, sizeof *b->pos);
  b->order = sf_calloc(n, sizeof *b->order);
  b->tps = sf_calloc(n, sizeof *b->tps);
  b->fps = sf_calloc(n, sizeof *b->fps);
  b->thr = sf_calloc(n, sizeof *b->thr);
  b->keep = sf_calloc(n, sizeof *b->keep);
  b->s2 = sf_calloc(n, sizeof *b->s2);
  b->pos2 = sf_calloc(n, sizeof *b->pos2);
  return b->s && b->pos && b->order && b->tps && b->fps && b->thr && b->keep && b->s2 && b->pos2 ? SF_OK : SF_ENOMEM;
}

/* The i-th of m returned points of a curve of n (n > m >= 2): evenly spaced, first and last kept. */
static size_t thin_index(size_t i, size_t n, size_t m) {
  uint64_t num = (uint64_t)i * (uint64_t)(n - 1) + (uint64_t)(m - 1) / 2;
  return (size_t)(num / (uint64_t)(m - 1));
}

static cJSON *point(const char *k1, double v1, const char *k2, double v2, double threshold, int has_threshold) {
  cJSON *o = cJSON_CreateObject();
  if (o && sf_json_put(o, k1, sf_json_num(v1)) && sf_json_put(o, k2, sf_json_num(v2)) &&
      sf_json_put(o, "threshold", has_threshold ? sf_json_num(threshold) : cJSON_CreateNull()))
    return o;
  cJSON_Delete(o);
  return NULL;
}

/* One binary curve over b->s / b->pos (m rows): adds "positives", "roc_auc",
 * "average_precision", "roc_points", "pr_points", "roc" and "pr" to obj, and gives
 * the AUC (NaN when undefined). */
static int curve(curve_buf *b, size_t m, size_t max_points, cJSON *obj, double *auc_out, sf_error *err) {
  size_t k, d = 0, nkeep = 0, n_roc, n_pr, shown, i;
  double tp = 0, fp = 0, tpl, fpl, auc = NAN, ap = NAN;
  cJSON *roc, *pr;
  *auc_out = NAN;
  /* Walk the scores from the highest: one point per distinct score (sklearn's
   * _binary_clf_curve), counting the rows at or above it. */
  for (k = m; k-- > 0;) {
    size_t r = b->order[k];
    if (b->pos[r]) tp++;
    else fp++;
    if (k == 0 || b->s[b->order[k - 1]] != b->s[r]) {
      b->tps[d] = tp;
      b->fps[d] = fp;
      b->thr[d] = b->s[r];
      d++;
    }
  }
  tpl = d ? b->tps[d - 1] : 0;
  fpl = d ? b->fps[d - 1] : 0;
  /* ROC: keep the first and last thresholds and every corner (a nonzero second
   * difference of fps or tps), then prepend (0, 0). */
  for (k = 0; k < d; k++)
    if (d <= 2 || k == 0 || k == d - 1 || b->fps[k + 1] - 2 * b->fps[k] + b->fps[k - 1] != 0 ||
        b->tps[k + 1] - 2 * b->tps[k] + b->tps[k - 1] != 0)
      b->keep[nkeep++] = k;
  n_roc = d ? nkeep + 1 : 0;
  if (d && tpl > 0 && fpl > 0) { /* np.trapz over the points kept */
    double x0 = 0, y0 = 0;
    auc = 0;
    for (k = 0; k < nkeep; k++) {
      double x1 = b->fps[b->keep[k]] / fpl, y1 = b->tps[b->keep[k]] / tpl;
      auc += (x1 - x0) * (y1 + y0) / 2.0;
      x0 = x1;
      y0 = y1;
    }
  }
  /* PR, recall decreasing: the thresholds from the lowest, then (recall 0, precision 1).
   * AP = sum over steps of (recall drop) * precision. */
  n_pr = d ? d + 1 : 0;
  if (d) {
    ap = 0;
    for (k = d; k-- > 0;) {
      double r0 = tpl > 0 ? b->tps[k] / tpl : 1, r1 = k == 0 ? 0 : (tpl > 0 ? b->tps[k - 1] / tpl : 1);
      ap += (r0 - r1) * (b->tps[k] / (b->tps[k] + b->fps[k]));
    }
  }
  if (!sf_json_put(obj, "positives", cJSON_CreateNumber(tp)) || !sf_json_put(obj, "roc_auc", sf_json_num(auc)) ||
      !sf_json_put(obj, "average_precision", sf_json_num(ap)) ||
      !sf_json_put(obj, "roc_points", cJSON_CreateNumber((double)n_roc)) ||
      !sf_json_put(obj, "pr_points", cJSON_CreateNumber((double)n_pr)) ||
      !(roc = sf_json_put(obj, "roc", cJSON_CreateArray())) || !(pr = sf_json_put(obj, "pr", cJSON_CreateArray())))
    return sf_oom(err);
  shown = n_roc > max_points ? max_points : n_roc;
  for (i = 0; i < shown; i++) {
    size_t j = shown < n_roc ? thin_index(i, n_roc, shown) : i;
    cJSON *p;
    if (j == 0) p = point("fpr", fpl > 0 ? 0 : NAN, "tpr", tpl > 0 ? 0 : NAN, 0, 0);
    else {
      size_t t = b->keep[j - 1];
      p = point("fpr", fpl > 0 ? b->fps[t] / fpl : NAN, "tpr", tpl > 0 ? b->tps[t] / tpl : NAN, b->thr[t], 1);
    }
    if (!sf_json_put(roc, NULL, p)) return sf_oom(err);
  }
  shown = n_pr > max_points ? max_points : n_pr;
  for (i = 0; i < shown; i++) {
    size_t j = shown < n_pr ? thin_index(i, n_pr, shown) : i;
    cJSON *p;
    if (j == d) p = point("precision", 1, "recall", 0, 0, 0);
    else {
      size_t t = d - 1 - j;
      p = point("precision", b->tps[t] / (b->tps[t] + b->fps[t]), "recall", tpl > 0 ? b->tps[t] / tpl : 1, b->thr[t], 1);
    }
    if (!sf_json_put(pr, NULL, p)) return sf_oom(err);
  }
  *auc_out = auc;
  return SF_OK;
}

/* The operating point of the view's threshold on this curve's score (the spec's
 * "threshold", which also derives the view's prediction): "at_threshold": {"threshold",
 * "tp", "fp", "fn", "tn", "precision", "recall", "fpr"} over the curve's rows, a row
 * predicted positive when its score >= threshold. precision and recall as
 * sklearn's precision_score / recall_score (0 when undefined); fpr null with no
 * negative row. */
static int at_threshold(const curve_buf *b, size_t m, double t, cJSON *obj) {
  double tp = 0, fp = 0, fn = 0, tn = 0;
  size_t i;
  cJSON *o;
  for (i = 0; i < m; i++) {
    int hit = b->s[i] >= t;
    if (b->pos[i]) { if (hit) tp++; else fn++; }
    else if (hit) fp++;
    else tn++;
  }
  return (o = sf_json_put(obj, "at_threshold", cJSON_CreateObject())) && sf_json_put(o, "threshold", cJSON_CreateNumber(t)) &&
         sf_json_put(o, "tp", cJSON_CreateNumber(tp)) && sf_json_put(o, "fp", cJSON_CreateNumber(fp)) &&
         sf_json_put(o, "fn", cJSON_CreateNumber(fn)) && sf_json_put(o, "tn", cJSON_CreateNumber(tn)) &&
         sf_json_put(o, "precision", cJSON_CreateNumber(tp + fp > 0 ? tp / (tp + fp) : 0)) &&
         sf_json_put(o, "recall", cJSON_CreateNumber(tp + fn > 0 ? tp / (tp + fn) : 0)) &&
         sf_json_put(o, "fpr", fp + tn > 0 ? cJSON_CreateNumber(fp / (fp + tn)) : cJSON_CreateNull())
             ? SF_OK
             : SF_ENOMEM;
}

/* Whether a column's values, ascending by key, hold -0 and then 0 (-0 sorts just before 0). */
static int signed_zeros(const double *values, size_t n) {
  size_t i;
  for (i = 1; i < n; i++)
    if (values[i - 1] == 0 && values[i] == 0) return 1;
  return 0;
}

/* Put b->s and b->pos (the m used rows, rows used[0..m) ascending) in score order
 * for the curve: b->order the positions by score ascending, stably, -0 and 0 one
 * value, as sf_sort_order over b->s gives them. When the score column col has an
 * index and does not hold both -0 and 0, the same order is read off it, and s and
 * pos are laid out in it (b->order then the identity, so the curve reads them in
 * sequence): its ranks (a counting sort of the positions) or its order (walked,
 * each row to its position: *posof, rows -> position or UINT32_MAX, made once). */
/* s2 and pos2 hold s and pos in score order: make them s and pos, the order the identity. */
static int in_order(curve_buf *b, size_t m) {
  double *s = b->s;
  unsigned char *pos = b->pos;
  size_t i;
  b->s = b->s2;
  b->pos = b->pos2;
  b->s2 = s;
  b->pos2 = pos;
  for (i = 0; i < m; i++) b->order[i] = i;
  return SF_OK;
}

static int order_by_score(curve_buf *b, size_t m, const sf_table *t, int col, const size_t *used, uint32_t **posof,
                          sf_error *err) {
  const sf_column_ranks *rk = sf_column_ranks_of(t, col);
  const uint32_t *order = NULL;
  size_t i, j, n = 0, k = 0;
  if (rk && !signed_zeros(rk->values, rk->nvalues)) {
    size_t *start = sf_calloc(rk->nvalues + 1, sizeof *start), sum = 0;
    if (!start) return sf_oom(err);
    for (i = 0; i < m; i++) start[rk->rank[used[i]]]++;
    for (j = 0; j <= rk->nvalues; j++) {
      size_t c = start[j];
      start[j] = sum;
      sum += c;
    }
    for (i = 0; i < m; i++) {
      size_t at = start[rk->rank[used[i]]]++;
      b->s2[at] = b->s[i];
      b->pos2[at] = b->pos[i];
    }
    sf_free(start);
    return in_order(b, m);
  }
  if (!rk && (order = sf_column_order(t, col, &n)) != NULL) {
    const double *num = t->cols[col].num;
    int negative_zero = 0, mixed = 0;
    if (!*posof) {
      if (!(*posof = sf_calloc(t->nrows ? t->nrows : 1, sizeof **posof))) return sf_oom(err);
      memset(*posof, 0xff, t->nrows * sizeof **posof);
      for (i = 0; i < m; i++) (*posof)[used[i]] = (uint32_t)i;
    }
    for (i = 0; i < n && !mixed; i++) {
      uint32_t r = order[i], p = (*posof)[r];
      if (num[r] == 0) {
        negative_zero |= signbit(num[r]) != 0;
        mixed = negative_zero && !signbit(num[r]);
      }
      if (p != UINT32_MAX && k < m) {
        b->s2[k] = b->s[p];
        b->pos2[k++] = b->pos[p];
      }
    }
    if (!mixed && k == m) return in_order(b, m);
  }
  return m ? sf_sort_order(b->s, m, b->order, err) : SF_OK;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  const sf_bitmap *rows = call->rows;
  int lcol = sf_config_column(call, "label");
  const sf_column *lc = &t->cols[lcol];
  const cJSON *want = sf_config_get(call, "positive"); /* a string: the class's text */
  size_t max_points = (size_t)sf_config_int(call, "max_points");
  sf_scores sc;
  const sf_scored *cls;
  int *ycls = NULL, multi = 0, positive = -1;
  size_t *used = NULL;
  uint32_t *posof = NULL;
  curve_buf b;
  size_t k, m = 0, missing = 0, i, j, c;
  cJSON *scores, *list = NULL;
  double macro = 0, tvalue;
  int rc, tcol;
  memset(&b, 0, sizeof b);

  /* The scored classes in label order (sf_scores: one rule for every kernel). */
  if ((rc = sf_scores_init(&sc, call, lcol, err))) goto end;
  cls = sc.cls;
  k = sc.k;
  /* Binary (the positive's score) or one-vs-rest for every scored class. */
  if (want || k < 3) {
    if ((rc = sf_scores_positive(&sc, want ? want->valuestring : NULL, &j, err))) goto end;
    positive = (int)j;
  } else {
    multi = 1;
  }

  /* The rows used: selected, with a label and every score needed. */
  if (!(used = sf_calloc(rows->nbits ? rows->nbits : 1, sizeof *used)) ||
      !(ycls = sf_calloc(rows->nbits ? rows->nbits : 1, sizeof *ycls))) {
    rc = sf_oom(err);
    goto end;
  }
  for (i = sf_bitmap_next(rows, 0); i < rows->nbits; i = sf_bitmap_next(rows, i + 1)) {
    int ok = !sf_column_is_missing(lc, i);
    if (multi)
      for (j = 0; j < k && ok; j++) ok = !isnan(t->cols[cls[j].col].num[i]);
    else ok = ok && !isnan(t->cols[cls[positive].col].num[i]);
    if (!ok) { missing++; continue; }
    ycls[m] = sf_scores_row_class(&sc, i);
    used[m++] = i;
  }

  if (!sf_json_put(out, "label", cJSON_CreateString(lc->name)) ||
      !(scores = sf_json_put(out, "scores", cJSON_CreateArray()))) {
    rc = sf_oom(err);
    goto end;
  }
  for (j = 0; j < k; j++)
    if ((multi || (int)j == positive) && !sf_json_put(scores, NULL, cJSON_CreateString(t->cols[cls[j].col].name))) {
      rc = sf_oom(err);
      goto end;
    }
  if ((!multi && !sf_json_put(out, "positive", sf_scores_class_json(&sc, (size_t)positive))) ||
      !sf_json_put(out, "count", cJSON_CreateNumber((double)m)) ||
      !sf_json_put(out, "missing", cJSON_CreateNumber((double)missing)) ||
      (multi && !(list = sf_json_put(out, "classes", cJSON_CreateArray())))) {
    rc = sf_oom(err);
    goto end;
  }
  if ((rc = curve_buf_init(&b, m))) { rc = sf_oom(err); goto end; }
  for (c = 0; c < k; c++) {
    const double *num = t->cols[cls[c].col].num;
    cJSON *obj = out;
    double auc;
    if (!multi && (int)c != positive) continue;
    for (i = 0; i < m; i++) {
      b.s[i] = num[used[i]];
      b.pos[i] = ycls[i] == (int)c;
    }
    if (multi && (!(obj = sf_json_put(list, NULL, cJSON_CreateObject())) ||
                  !sf_json_put(obj, "positive", sf_scores_class_json(&sc, c)) ||
                  !sf_json_put(obj, "score", cJSON_CreateString(t->cols[cls[c].col].name)))) {
      rc = sf_oom(err);
      goto end;
    }
    if ((rc = order_by_score(&b, m, t, cls[c].col, used, &posof, err)) || (rc = curve(&b, m, max_points, obj, &auc, err)))
      goto end;
    macro += auc;
    if (!multi && sf_call_threshold(call, &tcol, &tvalue) && tcol == cls[c].col && at_threshold(&b, m, tvalue, obj)) {
      rc = sf_oom(err);
      goto end;
    }
  }
  if (multi && !sf_json_put(out, "macro_roc_auc", sf_json_num(macro / (double)k))) rc = sf_oom(err);
end:
  curve_buf_free(&b);
  sf_scores_free(&sc);
  sf_free(used);
  sf_free(posof);
  sf_free(ycls);
  return rc;
}
SF_COMPONENT(run);
