/* calibration: how well a model's scores match how often it is right, over the
 * selected rows: a reliability diagram's bins (equal width over [0, 1]), the expected
 * calibration error, the Brier score and the log loss.
 * config (schema.json): {"label" (default: the column with role label), "positive"
 *          (binary: the class whose score is read), "bins" (default 10)}
 * result: {"label", "scores": [the score columns used], "positive" | "mode": "top-label",
 *          "count", "missing", "invalid", "bins": [{"lo", "hi", "count", "mean_score",
 *          "frac_positive"}], "ece", "brier", "log_loss"}
 *
 * Binary (a "positive" set, or one or two scored classes: the last in label order, as
 * roc-pr, through sf_scores): the score is the positive class's, a row is positive when
 * its label is that class. Top-label (three or more scored classes, no "positive"):
 * the score is the row's largest class score (the first class in label order on a
 * tie), a row is "positive" when that class is its label.
 * - Rows with a missing label or a missing needed score (binary: the positive's;
 *   top-label: any class's) are left out and counted in "missing". Rows whose values
 *   allow no computation are left out and counted in "invalid": a needed score outside
 *   [0, 1] (infinities too; scikit-learn refuses such scores), and in top-label mode
 *   scores that are all 0 (nothing to renormalize) or a label that no score column
 *   scores (its log loss is undefined; scikit-learn would count it as 0).
 * - Bins: edges numpy.linspace(0, 1, bins + 1); a score on an inner edge goes to the
 *   upper bin, 1.0 to the last (numpy.histogram's rule, sf_bins). mean_score and
 *   frac_positive are the bin's mean score and share of positives, null when empty.
 *   (scikit-learn 1.2's calibration_curve puts a score on an inner edge in the lower
 *   bin; elsewhere its prob_pred / prob_true are these.)
 * - ece = sum over bins of count / n * |frac_positive - mean_score|.
 * - brier: binary brier_score_loss(y == positive, score) = mean (score - y)^2;
 *   top-label the multi-class Brier score, mean over rows of sum_k (q_k - [label = k])^2
 *   with q the row's class scores divided by their sum.
 * - log_loss: scikit-learn 1.2's log_loss with the classes as labels: scores clipped
 *   to [eps, 1 - eps] (eps = the float64 machine epsilon, its eps="auto"), each row
 *   renormalized to sum 1, the mean of -log(the true class's); binary reads [1 - p, p].
 * - With no rows, ece, brier and log_loss are null.
 * One pass over the rows into a state of sums per bin and in total (a partial state
 * of some rows merges into another by adding), then the bins are finished: O(n). */
#include "sinfonia_component.h"
#include <float.h>
#include <math.h>
#include <string.h>

/* scikit-learn 1.2's log_loss clips to [eps, 1 - eps] with eps = np.finfo(float64).eps. */
#define LOG_LOSS_EPS DBL_EPSILON

/* One bin's rows: how many, their scores' sum, and how many are positive (correct). */
typedef struct calib_bin {
  size_t count;
  sf_sum score;
  double positive;
} calib_bin;

/* The sums over the rows seen so far. */
typedef struct calib_state {
  sf_bins edges;
  calib_bin *bins;
  size_t count, missing, invalid;
  sf_sum brier, log_loss;
} calib_state;

/* A row of score p, positive or not, with its Brier and log-loss terms. */
static void add_row(calib_state *st, double p, int positive, double brier, double loss) {
  calib_bin *b = &st->bins[sf_bins_index(&st->edges, p)];
  b->count++;
  sf_sum_add(&b->score, p);
  b->positive += positive;
  sf_sum_add(&st->brier, brier);
  sf_sum_add(&st->log_loss, loss);
  st->count++;
}

static double clip(double p) { return p < LOG_LOSS_EPS ? LOG_LOSS_EPS : p > 1 - LOG_LOSS_EPS ? 1 - LOG_LOSS_EPS : p; }

static int in_unit(double p) { return p >= 0 && p <= 1; }

/* Binary: the positive class's score column `col`. */
static void add_binary(calib_state *st, const sf_call *call, const sf_scores *sc, int col, size_t positive) {
  const sf_column *lc = sc->label;
  const double *num = call->table->cols[col].num;
  size_t i;
  for (i = sf_bitmap_next(call->rows, 0); i < call->rows->nbits; i = sf_bitmap_next(call->rows, i + 1)) {
    double p, c, q, y;
    p = num[i];
    if (sf_column_is_missing(lc, i) || isnan(p)) { st->missing++; continue; }
    if (!in_unit(p)) { st->invalid++; continue; }
    y = sf_scores_row_class(sc, i) == (int)positive;
    /* log_loss: [1 - c, c] with c clipped, over its sum (as sklearn, not assumed 1) */
    c = clip(p);
    q = 1 - c;
    add_row(st, p, y != 0, (p - y) * (p - y), -log((y != 0 ? c : q) / (q + c)));
  }
}

/* Top-label: every class's score column. */
static void add_top_label(calib_state *st, const sf_call *call, const sf_scores *sc) {
  const sf_column *lc = sc->label;
  const sf_table *t = call->table;
  size_t i, j, k = sc->k;
  for (i = sf_bitmap_next(call->rows, 0); i < call->rows->nbits; i = sf_bitmap_next(call->rows, i + 1)) {
    double sum = 0, clipped = 0, top = -1, brier = 0;
    int ok = 1, y;
    size_t arg = 0;
    if (sf_column_is_missing(lc, i)) ok = 0;
    for (j = 0; j < k && ok; j++) ok = !isnan(t->cols[sc->cls[j].col].num[i]);
    if (!ok) { st->missing++; continue; }
    for (j = 0; j < k; j++) {
      double p = t->cols[sc->cls[j].col].num[i];
      if (!in_unit(p)) ok = 0;
      sum += p;
      clipped += clip(p);
      if (p > top) { top = p; arg = j; }
    }
    y = sf_scores_row_class(sc, i);
    if (!ok || sum == 0 || y < 0) { st->invalid++; continue; }
    for (j = 0; j < k; j++) {
      double d = t->cols[sc->cls[j].col].num[i] / sum - ((int)j == y);
      brier += d * d;
    }
    add_row(st, top, (int)arg == y, brier, -log(clip(t->cols[sc->cls[y].col].num[i]) / clipped));
  }
}

/* The bins, ECE, Brier score and log loss of the state. */
static int finish(const calib_state *st, cJSON *out, sf_error *err) {
  double n = (double)st->count, ece = 0;
  cJSON *list = sf_json_put(out, "bins", cJSON_CreateArray());
  size_t b;
  if (!list) return sf_oom(err);
  for (b = 0; b < st->edges.n; b++) {
    const calib_bin *bin = &st->bins[b];
    double c = (double)bin->count, mean = sf_sum_total(&bin->score) / c, frac = bin->positive / c;
    cJSON *o = sf_json_put(list, NULL, cJSON_CreateObject());
    if (!o || !sf_json_put(o, "lo", cJSON_CreateNumber(st->edges.edges[b])) ||
        !sf_json_put(o, "hi", cJSON_CreateNumber(st->edges.edges[b + 1])) ||
        !sf_json_put(o, "count", cJSON_CreateNumber(c)) ||
        !sf_json_put(o, "mean_score", bin->count ? sf_json_num(mean) : cJSON_CreateNull()) ||
        !sf_json_put(o, "frac_positive", bin->count ? sf_json_num(frac) : cJSON_CreateNull()))
      return sf_oom(err);
    if (bin->count) ece += c / n * fabs(frac - mean);
  }
  if (!sf_json_put(out, "ece", st->count ? sf_json_num(ece) : cJSON_CreateNull()) ||
      !sf_json_put(out, "brier", st->count ? sf_json_num(sf_sum_total(&st->brier) / n) : cJSON_CreateNull()) ||
      !sf_json_put(out, "log_loss", st->count ? sf_json_num(sf_sum_total(&st->log_loss) / n) : cJSON_CreateNull()))
    return sf_oom(err);
  return SF_OK;
}

static int run(const sf_call *call, cJSON *out, sf_error *err) {
  const sf_table *t = call->table;
  int lcol = sf_config_column(call, "label");
  const cJSON *want = sf_config_get(call, "positive"); /* a string: the class's text */
  size_t nbins = (size_t)sf_config_int(call, "bins"), positive = 0, j;
  int top_label, ok;
  sf_scores sc;
  calib_state st;
  cJSON *scores = NULL;
  int rc;
  memset(&st, 0, sizeof st);

  if ((rc = sf_scores_init(&sc, call, lcol, err))) goto end;
  top_label = !want && sc.k >= 3;
  if (!top_label && (rc = sf_scores_positive(&sc, want ? want->valuestring : NULL, &positive, err))) goto end;
  if ((rc = sf_bins_init(&st.edges, nbins, 0, 1, err))) goto end;
  if (!(st.bins = sf_calloc(nbins, sizeof *st.bins))) { rc = sf_oom(err); goto end; }
  if (top_label) add_top_label(&st, call, &sc);
  else add_binary(&st, call, &sc, sc.cls[positive].col, positive);

  /* The columns used, the mode, and the row counts; then the bins and numbers. */
  ok = sf_json_put(out, "label", cJSON_CreateString(t->cols[lcol].name)) &&
       (scores = sf_json_put(out, "scores", cJSON_CreateArray())) != NULL;
  for (j = 0; j < sc.k && ok; j++)
    if (top_label || j == positive) ok = sf_json_put(scores, NULL, cJSON_CreateString(t->cols[sc.cls[j].col].name)) != NULL;
  ok = ok &&
       (top_label ? sf_json_put(out, "mode", cJSON_CreateString("top-label"))
                  : sf_json_put(out, "positive", sf_scores_class_json(&sc, positive))) &&
       sf_json_put(out, "count", cJSON_CreateNumber((double)st.count)) &&
       sf_json_put(out, "missing", cJSON_CreateNumber((double)st.missing)) &&
       sf_json_put(out, "invalid", cJSON_CreateNumber((double)st.invalid));
  if (!ok) { rc = sf_oom(err); goto end; }
  rc = finish(&st, out, err);
end:
  sf_scores_free(&sc);
  sf_bins_free(&st.edges);
  sf_free(st.bins);
  return rc;
}
SF_COMPONENT(run);
