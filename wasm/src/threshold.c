/* threshold.c — a decision threshold on a binary score (the spec's "threshold").
 *
 * With {"threshold": {"value": t, "score"?: column}} the view's prediction is
 * derived: "score >= t" gives the positive class (the one the score column
 * scores), anything lower the label's other class, a missing score a missing
 * prediction. The derived column is added to the view's table (never to the
 * loaded one) under the name "<score> ≥ threshold", which does not change with t
 * so a selection on it survives moving the threshold; it takes the role
 * prediction, and a prediction column of the file becomes a plain feature. Every
 * component then sees the derived prediction, in the page and the CLI alike.
 *
 * The score: the one named, else as roc-pr picks its positive class — the last
 * of one or two scored classes in label order. The label must be binary: the
 * positive class and exactly one other. */
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DERIVED_SUFFIX " \xE2\x89\xA5 threshold" /* " ≥ threshold" */

/* The score column: the one named in the spec, else the positive of one or two
 * scored classes as roc-pr reads them (sf_scores: the last in label order). */
static int pick_score(const sf_table *t, const sf_roles *r, int lcol, const cJSON *named, sf_error *err) {
  sf_call call = {t, NULL, NULL, r, NULL};
  sf_scores sc;
  size_t j;
  int col = -1;
  if (cJSON_IsString(named)) {
    int j2 = sf_table_find(t, named->valuestring);
    if (j2 < 0) return sf_fail(err, SF_EINPUT, 0, 0, "threshold.score: no column named '%.200s'", named->valuestring), -1;
    if (r->role[j2] != SF_ROLE_SCORE || !r->cls[j2])
      return sf_fail(err, SF_EINPUT, 0, 0,
                     "threshold.score: '%.200s' is not a score column (set its role score and the class it scores in columns)",
                     named->valuestring), -1;
    return j2;
  }
  if (sf_scores_init(&sc, &call, lcol, err)) {
    sf_error_prefix(err, "threshold");
  } else if (sc.k > 2) {
    sf_fail(err, SF_EINPUT, 0, 0, "threshold: %zu classes are scored; name the score of the positive class in threshold.score",
            sc.k);
  } else if (!sf_scores_positive(&sc, NULL, &j, err)) {
    col = sc.cls[j].col;
  }
  sf_scores_free(&sc);
  return col;
}

/* The label's positive value and its one other value: codes *pos, *neg (coded
 * label) or numbers (numeric label). */
static int classes_of(const sf_table *t, const sf_column *lc, const char *cls, int32_t *pos, int32_t *neg,
                      double *pnum, double *nnum, sf_error *err) {
  size_t i, others = 0;
  *pos = *neg = -1;
  if (lc->type == SF_NUMBER) {
    if (!sf_class_number(cls, pnum))
      return sf_fail(err, SF_EINPUT, 0, 0, "threshold: the score's class '%.200s' is not a number, and the label '%.200s' holds numbers",
                     cls, lc->name);
    for (i = 0; i < t->nrows; i++) {
      double v = lc->num[i];
      if (isnan(v) || v == *pnum || (others && v == *nnum)) continue;
      if (others++) break;
      *nnum = v;
    }
  } else {
    for (i = 0; i < lc->dict.n; i++) {
      if (!strcmp(lc->dict.strs[i], cls)) { *pos = (int32_t)i; continue; }
      if (!others++) *neg = (int32_t)i;
    }
    if (*pos < 0)
      return sf_fail(err, SF_EINPUT, 0, 0, "threshold: the label '%.200s' has no class '%.200s'", lc->name, cls);
  }
  if (others == 0)
    return sf_fail(err, SF_EINPUT, 0, 0, "threshold: the label '%.200s' has no class but '%.200s': nothing to tell it from",
                   lc->name, cls);
  if (others > 1)
    return sf_fail(err, SF_EINPUT, 0, 0, "threshold: the label '%.200s' has more than two classes; a threshold needs a binary label",
                   lc->name);
  return SF_OK;
}

/* The derived prediction: a copy of the label column's shape with its own values. */
static int derive(const sf_table *t, int lcol, int scol, const char *cls, double value, sf_column *out,
                  sf_error *err) {
  const sf_column *lc = &t->cols[lcol], *sc = &t->cols[scol];
  int32_t pos, neg;
  double pnum = 0, nnum = 0;
  size_t i, n = strlen(sc->name);
  int rc;
  if ((rc = classes_of(t, lc, cls, &pos, &neg, &pnum, &nnum, err))) return rc;
  *out = *lc; /* the type, and for a coded label its dictionary (shared, never freed here) */
  out->name = NULL;
  out->role = SF_ROLE_PREDICTION;
  out->score_class = NULL;
  out->num = NULL;
  out->codes = NULL;
  out->missing = 0;
  if (n > SIZE_MAX - sizeof DERIVED_SUFFIX || !(out->name = sf_malloc(n + sizeof DERIVED_SUFFIX))) return sf_oom(err);
  memcpy(out->name, sc->name, n);
  memcpy(out->name + n, DERIVED_SUFFIX, sizeof DERIVED_SUFFIX);
  if (lc->type == SF_NUMBER ? !(out->num = sf_calloc(t->nrows ? t->nrows : 1, sizeof *out->num))
                            : !(out->codes = sf_calloc(t->nrows ? t->nrows : 1, sizeof *out->codes)))
    return sf_oom(err);
  for (i = 0; i < t->nrows; i++) {
    double s = sc->num[i];
    int missing = isnan(s), hit = !missing && s >= value;
    if (missing) out->missing++;
    if (out->num) out->num[i] = missing ? NAN : hit ? pnum : nnum;
    else out->codes[i] = missing ? -1 : hit ? pos : neg;
  }
  return SF_OK;
}

void sf_threshold_free_table(sf_table *vt, size_t base_ncols) {
  size_t i;
  if (!vt) return;
  for (i = base_ncols; i < vt->ncols; i++) {
    sf_free(vt->cols[i].name);
    sf_free(vt->cols[i].num);
    sf_free(vt->cols[i].codes);
  }
  sf_free(vt->cols);
  sf_colindex_release(vt);
  sf_free(vt);
}

int sf_threshold_apply(const sf_table *t, const cJSON *spec, sf_roles *r, sf_table **vt_out, sf_error *err) {
  const cJSON *thr = cJSON_GetObjectItemCaseSensitive(spec, "threshold");
  double value = cJSON_GetObjectItemCaseSensitive(thr, "value")->valuedouble;
  int lcol = sf_roles_find(r, SF_ROLE_LABEL), scol;
  sf_table *vt = NULL;
  sf_column derived, *cols = NULL;
  sf_role *role;
  char **cls;
  size_t i, n = t->ncols;
  int rc = SF_OK;
  memset(&derived, 0, sizeof derived);
  *vt_out = NULL;
  if (lcol < 0)
    return sf_fail(err, SF_EINPUT, 0, 0, "threshold: no column has the role label; a threshold needs a binary label");
  if ((scol = pick_score(t, r, lcol, cJSON_GetObjectItemCaseSensitive(thr, "score"), err)) < 0)
    return err->code;
  if (t->cols[scol].type != SF_NUMBER)
    return sf_fail(err, SF_EINPUT, 0, 0, "threshold.score: '%.200s' does not hold numbers", t->cols[scol].name);
  if ((rc = derive(t, lcol, scol, r->cls[scol], value, &derived, err))) goto end;
  if (sf_table_find(t, derived.name) >= 0) {
    rc = sf_fail(err, SF_EINPUT, 0, 0, "threshold: the file has a column named '%.200s' already", derived.name);
    goto end;
  }
  if (!(vt = sf_calloc(1, sizeof *vt)) || !(cols = sf_calloc(n + 1, sizeof *cols)) ||
      !(role = sf_realloc_array(r->role, n + 1, sizeof *role))) {
    rc = sf_oom(err);
    goto end;
  }
  r->role = role;
  if (!(cls = sf_realloc_array(r->cls, n + 1, sizeof *cls))) { rc = sf_oom(err); goto end; }
  r->cls = cls;
  sf_colindex_attach(t); /* the view's table shares the file's column indexes */
  *vt = *t; /* the shape and the columns of the file, shared */
  vt->name_slots = NULL; /* the file's index: the view's table searches its names linearly */
  vt->nslots = 0;
  vt->cols = memcpy(cols, t->cols, n * sizeof *cols);
  cols = NULL;
  vt->cols[n] = derived;
  vt->ncols = vt->capcols = n + 1;
  memset(&derived, 0, sizeof derived); /* the view's table owns it now */
  for (i = 0; i < n; i++)
    if (r->role[i] == SF_ROLE_PREDICTION) r->role[i] = SF_ROLE_FEATURE;
  r->role[n] = SF_ROLE_PREDICTION;
  r->cls[n] = NULL;
  r->table = vt;
  r->thr_set = 1;
  r->thr_value = value;
  r->thr_score = scol;
  *vt_out = vt;
  vt = NULL;
end:
  sf_free(derived.name);
  sf_free(derived.num);
  sf_free(derived.codes);
  sf_free(cols);
  sf_free(vt);
  return rc;
}
