/* label-issues: the rows whose given label is likely wrong, by confident learning
 * (Northcutt et al., JAIR 2021) exactly as cleanlab's filter.find_label_issues with
 * its defaults (filter_by="prune_by_noise_rate", frac_noise=1, min_examples_per_class=1)
 * ranked as its order_label_issues (rank_by="self_confidence").
 * config (schema.json): {"label" (default: the column with role label), "limit" (500)}
 * result: {"label", "scores": [columns], "classes": [...], "rows" (used), "missing",
 *          "unscored", "thresholds": [k], "confident_joint": [[k x k]] (given x true),
 *          "prune_counts": [[k x k]] (given x true), "pairs": [[k x k]] (issues, given x
 *          suggested), "count", "limit", "issues": [{"row", "given", "suggested", "score"}]}
 *
 * The classes are the scored ones in label order (sf_scores); one score column p scores
 * a binary label as [1 - p, p], its other class the label's one unscored value. Rows
 * with a missing label or a missing (or infinite) score are left out ("missing"), and so
 * are rows whose label no column scores ("unscored"). Over the n rows used, p[i][j] the
 * row's score of class j and y[i] its given class:
 * - thresholds: t_j = mean of p[i][j] over rows with y = j (2 when no row has y = j),
 *   at least 2e-6 (get_confident_thresholds).
 * - confident joint: row i is confident of class j when p[i][j] >= t_j - 1e-6; with one
 *   such class its true-label guess is that class, with several the argmax of its scores
 *   (the first on a tie), with none it is not counted. C[y][guess] counts the rows; the
 *   diagonal is raised to at least 1. Calibrated (calibrate_confident_joint): each row
 *   of C scaled to the count of its class, the whole to n, then each row rounded to
 *   integers keeping its rounded total (round_preserving_sum: round half to even, then
 *   the entries with the largest (or smallest) rounding loss moved by one, ties to the
 *   later (or earlier) entry).
 * - prune counts (_keep_at_least_n_per_class, n = 1, on C transposed, P[true][given]):
 *   a diagonal below 1 is raised to 1, and what was added is taken evenly from the
 *   column's other nonzero entries (count - 1, at least 1), none below 0; truncated to
 *   integers. prune_counts here is P transposed back, [given][true].
 * - issues (_prune_by_count): for each given class k with more than one row and each
 *   true class j != k, the P[j][k] rows of class k with the largest p[i][j] - p[i][k]
 *   (ties: the earlier row; cleanlab's unstable argsort leaves them unspecified). Then
 *   a row is dropped when the argmax of its scores, its given class's raised by 1e-6,
 *   is its given class (_reduce_issues).
 * - score = p[i][y] (self-confidence); issues by score ascending, ties by row;
 *   suggested = the argmax of the row's scores (the first on a tie), never the given
 *   class after the step above.
 * O(n k) to read the scores; then an O(n) selection per pair of classes (O(n k^2)), and
 * one O(n) radix sort of the issues. */
#include "sinfonia_component.h"
#include <math.h>
#include <string.h>

#define FLOAT_EPS 1e-6            /* cleanlab's FLOATING_POINT_COMPARISON */
#define THRESHOLD_FLOOR 2e-6      /* CONFIDENT_THRESHOLDS_LOWER_BOUND */
#define TINY 1e-100               /* TINY_VALUE */
#define MAX_CLASSES 64

typedef struct li_data {
  const sf_scores *sc;
  const double *col[MAX_CLASSES]; /* class j's scores (one binary column: col[1], read as [1 - p, p]) */
  int one;                         /* one score column for a binary label */
  size_t k, n;
  size_t *row;       /* n: the rows used, in file order */
  int *y;            /* n: each one's given class */
} li_data;

/* Row r's score of class j: the column's, or for one binary score column [1 - p, p]. */
static double prob(const li_data *d, size_t r, size_t j) {
  if (d->one) {
    double p = d->col[1][r];
    return j == 1 ? p : 1 - p;
  }
  return d->col[j][r];
}

/* The first class with the largest score of row r, the given class g raised by bonus. */
static size_t argmax(const li_data *d, size_t r, int g, double bonus) {
  size_t j, best = 0;
  double top = -INFINITY;
  for (j = 0; j < d->k; j++) {
    double p = prob(d, r, j) + ((int)j == g ? bonus : 0);
    if (p > top) { top = p; best = j; }
  }
  return best;
}

/* numpy's sum of n <= 128 contiguous doubles (pairwise_sum: eight partial sums). */
static double np_sum(const double *a, size_t n) {
  double r[8], res;
  size_t i;
  if (n < 8) {
    res = 0.;
    for (i = 0; i < n; i++) res += a[i];
    return res;
  }
  for (i = 0; i < 8; i++) r[i] = a[i];
  for (i = 8; i < n - (n % 8); i += 8) {
    size_t m;
    for (m = 0; m < 8; m++) r[m] += a[i + m];
  }
  res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
  for (; i < n; i++) res += a[i];
  return res;
}

/* cleanlab's round_preserving_sum over one row of k floats, into ints. */
static void round_keeping_sum(const double *f, double *ints, size_t k) {
  double want, have, loss[MAX_CLASSES];
  size_t order[MAX_CLASSES], i, j;
  for (i = 0; i < k; i++) ints[i] = nearbyint(f[i]);
  want = nearbyint(np_sum(f, k));
  have = nearbyint(np_sum(ints, k));
  while (fabs(have - want) > FLOAT_EPS) {
    double diff = nearbyint(want - have);
    int up = !(diff < 0);
    size_t changes = (size_t)fabs(diff) < k ? (size_t)fabs(diff) : k;
    /* a stable ascending order of the rounding losses (insertion sort: numpy's for k <= 16) */
    for (i = 0; i < k; i++) {
      loss[i] = f[i] - ints[i];
      for (j = i; j > 0 && loss[order[j - 1]] > loss[i]; j--) order[j] = order[j - 1];
      order[j] = i;
    }
    for (i = 0; i < changes; i++) ints[order[up ? k - 1 - i : i]] += up ? 1 : -1;
    have = nearbyint(np_sum(ints, k));
  }
}

/* Thresholds, the calibrated confident joint cj[given][true] and the prune counts
 * pc[true][given] (see the top). counts[j] = the rows of class j; cal: k x k scratch. */
static void confident_counts(const li_data *d, const size_t *counts, double *thr, double *cj, double *pc, double *cal) {
  size_t k = d->k, i, j, a;
  double total, ints[MAX_CLASSES], diag[MAX_CLASSES], take[MAX_CLASSES];
  sf_sum sums[MAX_CLASSES];
  memset(sums, 0, sizeof sums);
  for (i = 0; i < d->n; i++) sf_sum_add(&sums[d->y[i]], prob(d, d->row[i], (size_t)d->y[i]));
  for (j = 0; j < k; j++) {
    thr[j] = counts[j] ? sf_sum_total(&sums[j]) / (double)counts[j] : 2;
    if (thr[j] < THRESHOLD_FLOOR) thr[j] = THRESHOLD_FLOOR;
  }
  memset(cj, 0, k * k * sizeof *cj);
  for (i = 0; i < d->n; i++) {
    size_t r = d->row[i], confident = 0, guess = 0;
    for (j = 0; j < k; j++)
      if (prob(d, r, j) >= thr[j] - FLOAT_EPS && !confident++) guess = j;
    if (!confident) continue;
    if (confident > 1) guess = argmax(d, r, -1, 0);
    cj[(size_t)d->y[i] * k + guess] += 1;
  }
  for (j = 0; j < k; j++)
    if (cj[j * k + j] < 1) cj[j * k + j] = 1;
  /* calibrate: each row to its class's count, the whole to n, rows rounded */
  for (a = 0; a < k; a++) {
    double rowsum = np_sum(cj + a * k, k);
    if (rowsum < TINY) rowsum = TINY;
    for (j = 0; j < k; j++) cal[a * k + j] = cj[a * k + j] / rowsum * (double)counts[a];
  }
  total = np_sum(cal, k * k);
  if (total < TINY) total = TINY;
  for (i = 0; i < k * k; i++) cal[i] = cal[i] / total * (double)d->n;
  for (a = 0; a < k; a++) {
    round_keeping_sum(cal + a * k, ints, k);
    memcpy(cj + a * k, ints, k * sizeof *ints);
  }
  /* prune counts: P = cj transposed, each column's diagonal at least 1 */
  for (j = 0; j < k; j++) {
    size_t nonzero = 0;
    for (a = 0; a < k; a++) nonzero += cj[j * k + a] != 0; /* column j of P = row j of cj */
    diag[j] = cj[j * k + j] > 1 ? cj[j * k + j] : 1;
    take[j] = (diag[j] - cj[j * k + j]) / (nonzero > 2 ? (double)(nonzero - 1) : 1.0);
  }
  for (a = 0; a < k; a++)
    for (j = 0; j < k; j++) {
      double v = a == j ? diag[j] : cj[j * k + a] - take[j];
      pc[a * k + j] = trunc(v < 0 ? 0 : v);
    }
}

/* The value of rank `want` (0-based, ascending) among a[0..n), which it reorders:
 * quickselect with a three-way partition (ties end it at once); past 2 log2(n) + 8
 * rounds the rest is sorted (sf_sort_doubles, O(n)), so it is O(n) at worst. */
static int kth_smallest(double *a, size_t n, size_t want, double *out, sf_error *err) {
  size_t lo = 0, hi = n, rounds = 8, m;
  for (m = n; m > 1; m >>= 1) rounds += 2;
  while (hi - lo > 1) {
    double x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi - 1], pivot, t;
    size_t lt = lo, gt = hi, i = lo;
    if (!rounds--) {
      int rc = sf_sort_doubles(a + lo, hi - lo, err);
      if (rc) return rc;
      break;
    }
    pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y); /* median of three */
    while (i < gt) {                  /* [lo, lt) < pivot, [lt, i) == pivot, [gt, hi) > pivot */
      if (a[i] < pivot) { t = a[i]; a[i++] = a[lt]; a[lt++] = t; }
      else if (a[i] > pivot) { t = a[i]; a[i] = a[--gt]; a[gt] = t; }
      else i++;
    }
    if (want < lt) hi = lt;
    else if (want >= gt) lo = gt;
    else { *out = pivot; return SF_OK; }
  }
  *out = a[want];
  return SF_OK;
}

/* Flag the issues (see the top) in flag[0..n). byclass: the used rows' positions grouped
 * by class, class j's from start[j] to start[j + 1], each in file order. The first
 * `prune` of a stable ascending sort of the keys are those below the prune-th smallest
 * key v, then the earliest rows whose key is v: found with a selection, not a sort. */
static int prune_by_noise_rate(const li_data *d, const size_t *start, const size_t *byclass, const double *pc,
                               unsigned char *flag, sf_error *err) {
  size_t k = d->k, c, j, i, most = 0;
  double *keys = NULL, *scratch = NULL;
  int rc = SF_OK;
  for (c = 0; c < k; c++)
    if (start[c + 1] - start[c] > most) most = start[c + 1] - start[c];
  if (!(keys = sf_calloc(most ? most : 1, sizeof *keys)) || !(scratch = sf_calloc(most ? most : 1, sizeof *scratch))) {
    rc = sf_oom(err);
    goto end;
  }
  for (c = 0; c < k; c++) {
    size_t m = start[c + 1] - start[c];
    const size_t *members = byclass + start[c];
    if (m <= 1) continue; /* min_examples_per_class = 1 */
    for (j = 0; j < k; j++) {
      size_t prune = (size_t)pc[j * k + c], below = 0;
      double v;
      if (j == c || prune == 0) continue;
      if (prune >= m) {
        for (i = 0; i < m; i++) flag[members[i]] = 1;
        continue;
      }
      /* ascending p_c - p_j is descending margin p_j - p_c; + 0.0 makes -0 equal to 0 */
      for (i = 0; i < m; i++) {
        size_t r = d->row[members[i]];
        scratch[i] = keys[i] = (prob(d, r, c) - prob(d, r, j)) + 0.0;
      }
      if ((rc = kth_smallest(scratch, m, prune - 1, &v, err))) goto end;
      for (i = 0; i < m; i++)
        if (keys[i] < v) { flag[members[i]] = 1; below++; }
      for (i = 0; i < m && below < prune; i++)
        if (keys[i] == v) { flag[members[i]] = 1; below++; }
    }
  }
  for (i = 0; i < d->n; i++)
    if (flag[i] && (int)argmax(d, d->row[i], d->y[i], FLOAT_EPS) == d->y[i]) flag[i] = 0;
end:
  sf_free(keys);
  sf_free(scratch);
  return rc;
}

/* A k x k matrix as rows of numbers. */
static cJSON *matrix_json(const double *m, size_t k) {
  cJSON *rows = cJSON_CreateArray();
  size_t a;
  for (a = 0; rows && a < k; a++)
    if (!sf_json_put(rows, NULL, cJSON_CreateDoubleArray(m + a * k, (int)k))) {
      cJSON_Delete(rows);
      return NULL;
    }
  return rows;
}

/* The classes as the label holds them; for one binary score column, [other, scored]. */
static cJSON *class_json(const li_data *d, size_t j, long other_row) {
  if (d->sc->k == 1 && j == 0) return other_row < 0 ? cJSON_CreateNull() : sf_json_cell(d->sc->label, (size_t)other_row);
  if (d->sc->k == 1) return sf_scores_class_json(d->sc, 0);
  return sf_scores_class_json(d->sc, j);
}

/* The row's class, or -1 (unscored); for one binary score column the unscored value is
 * class 0, the first seen recorded in *other_row; a second unscored value is an error. */
static int row_class(const li_data *d, size_t r, long *other_row, sf_error *err, int *rc) {
  int c = sf_scores_row_class(d->sc, r);
  const sf_column *lc = d->sc->label;
  if (d->sc->k != 1) return c;
  if (c == 0) return 1;
  if (*other_row < 0) { *other_row = (long)r; return 0; }
  if (lc->type == SF_NUMBER ? lc->num[r] == lc->num[*other_row] : lc->codes[r] == lc->codes[*other_row]) return 0;
  *rc = sf_fail(err, SF_EINPUT, 0, 0,
                "one score column scores '%s' but the label '%s' has more than two classes: give a score column for each class",
                d->sc->cls[0].cls, lc->name);
  return -2;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  int lcol = sf_config_column(call, "label");
  size_t limit = (size_t)sf_config_int(call, "limit"), i, j, k, missing = 0, unscored = 0, count = 0;
  size_t counts[MAX_CLASSES + 1], start[MAX_CLASSES + 1], fill[MAX_CLASSES];
  double thr[MAX_CLASSES], *cj = NULL, *pc = NULL, *pairs = NULL, *cal = NULL, *score = NULL;
  size_t *byclass = NULL, *issue = NULL, *order = NULL;
  unsigned char *flag = NULL;
  long other_row = -1;
  sf_scores sc;
  li_data d;
  cJSON *list, *arr;
  int rc;
  memset(&d, 0, sizeof d);
  memset(counts, 0, sizeof counts);

  if ((rc = sf_scores_init(&sc, call, lcol, err))) goto end;
  d.sc = &sc;
  d.k = k = sc.k == 1 ? 2 : sc.k;
  d.one = sc.k == 1;
  if (k > MAX_CLASSES) {
    rc = sf_fail(err, SF_EINPUT, 0, 0, "label issues: at most %d scored classes (the scores are of %zu)", MAX_CLASSES, k);
    goto end;
  }
  for (j = 0; j < k; j++) d.col[j] = t->cols[sc.cls[d.one ? 0 : j].col].num;
  if (!(d.row = sf_calloc(t->nrows ? t->nrows : 1, sizeof *d.row)) ||
      !(d.y = sf_calloc(t->nrows ? t->nrows : 1, sizeof *d.y)) || !(cj = sf_calloc(k * k, sizeof *cj)) ||
      !(pc = sf_calloc(k * k, sizeof *pc)) || !(pairs = sf_calloc(k * k, sizeof *pairs)) ||
      !(cal = sf_calloc(k * k, sizeof *cal))) {
    rc = sf_oom(err);
    goto end;
  }
  /* The rows used: a label some column scores, every score a finite number. */
  for (i = 0; i < call->rows->nbits; i++) {
    int c, ok = 1;
    if (!sf_bitmap_get(call->rows, i)) continue;
    for (j = 0; j < sc.k && ok; j++) ok = isfinite(t->cols[sc.cls[j].col].num[i]);
    if (!ok || sf_column_is_missing(sc.label, i)) { missing++; continue; }
    if ((c = row_class(&d, i, &other_row, err, &rc)) == -2) goto end;
    if (c < 0) { unscored++; continue; }
    d.row[d.n] = i;
    d.y[d.n++] = c;
    counts[c]++;
  }
  /* The used rows grouped by class, in file order within each (a counting sort). */
  if (!(byclass = sf_calloc(d.n ? d.n : 1, sizeof *byclass)) || !(flag = sf_calloc(d.n ? d.n : 1, 1))) {
    rc = sf_oom(err);
    goto end;
  }
  for (start[0] = 0, j = 0; j < k; j++) start[j + 1] = start[j] + counts[j];
  memcpy(fill, start, k * sizeof *fill);
  for (i = 0; i < d.n; i++) byclass[fill[d.y[i]]++] = i;
  if (d.n) {
    confident_counts(&d, counts, thr, cj, pc, cal);
    if ((rc = prune_by_noise_rate(&d, start, byclass, pc, flag, err))) goto end;
  }
  /* The issues by self-confidence, ties in row order. */
  for (i = 0; i < d.n; i++) count += flag[i];
  if (!(issue = sf_calloc(count ? count : 1, sizeof *issue)) || !(score = sf_calloc(count ? count : 1, sizeof *score)) ||
      !(order = sf_calloc(count ? count : 1, sizeof *order))) {
    rc = sf_oom(err);
    goto end;
  }
  for (count = 0, i = 0; i < d.n; i++)
    if (flag[i]) {
      issue[count] = i;
      score[count++] = prob(&d, d.row[i], (size_t)d.y[i]) + 0.0;
    }
  if ((rc = sf_sort_order(score, count, order, err))) goto end;

  rc = SF_ENOMEM;
  if (!sf_json_put(out, "label", cJSON_CreateString(t->cols[lcol].name))) goto oom;
  if (!(arr = sf_json_put(out, "scores", cJSON_CreateArray()))) goto oom;
  for (j = 0; j < sc.k; j++)
    if (!sf_json_put(arr, NULL, cJSON_CreateString(t->cols[sc.cls[j].col].name))) goto oom;
  if (!(arr = sf_json_put(out, "classes", cJSON_CreateArray()))) goto oom;
  for (j = 0; j < k; j++)
    if (!sf_json_put(arr, NULL, class_json(&d, j, other_row))) goto oom;
  for (i = 0; i < k * k; i++) cal[i] = pc[(i % k) * k + i / k]; /* [given][true] */
  for (i = 0; i < count; i++) {
    size_t r = d.row[issue[i]];
    pairs[(size_t)d.y[issue[i]] * k + argmax(&d, r, -1, 0)] += 1;
  }
  if (!sf_json_put(out, "rows", cJSON_CreateNumber((double)d.n)) ||
      !sf_json_put(out, "missing", cJSON_CreateNumber((double)missing)) ||
      !sf_json_put(out, "unscored", cJSON_CreateNumber((double)unscored)) ||
      !sf_json_put(out, "thresholds", d.n ? cJSON_CreateDoubleArray(thr, (int)k) : cJSON_CreateArray()) ||
      !sf_json_put(out, "confident_joint", matrix_json(cj, d.n ? k : 0)) ||
      !sf_json_put(out, "prune_counts", matrix_json(cal, d.n ? k : 0)) ||
      !sf_json_put(out, "pairs", matrix_json(pairs, k)) ||
      !sf_json_put(out, "count", cJSON_CreateNumber((double)count)) ||
      !sf_json_put(out, "limit", cJSON_CreateNumber((double)limit)) ||
      !(list = sf_json_put(out, "issues", cJSON_CreateArray())))
    goto oom;
  for (i = 0; i < count && i < limit; i++) {
    size_t at = issue[order[i]], r = d.row[at];
    cJSON *o = sf_json_put(list, NULL, cJSON_CreateObject());
    if (!o || !sf_json_put(o, "row", cJSON_CreateNumber((double)r)) ||
        !sf_json_put(o, "given", class_json(&d, (size_t)d.y[at], other_row)) ||
        !sf_json_put(o, "suggested", class_json(&d, argmax(&d, r, -1, 0), other_row)) ||
        !sf_json_put(o, "score", sf_json_num(score[order[i]])))
      goto oom;
  }
  rc = SF_OK;
  goto end;
oom:
  rc = sf_oom(err);
end:
  sf_scores_free(&sc);
  sf_free(d.row);
  sf_free(d.y);
  sf_free(cj);
  sf_free(pc);
  sf_free(pairs);
  sf_free(cal);
  sf_free(byclass);
  sf_free(flag);
  sf_free(issue);
  sf_free(score);
  sf_free(order);
  return rc;
}
SF_COMPONENT(run);
