/* scores.c — the classes a model's score columns score, one rule for every kernel
 * that reads scores (roc-pr, calibration): the view's columns with the role score,
 * each scoring one class (sf_call_class), the first column of a class counting;
 * classes in label order (numbers by value, before any text that does not read as
 * one, else byte-wise, as the confusion matrix); the default positive class the
 * last of them (the second of two sorted labels, or the only one scored). */
#include "sinfonia_component.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Classes in label order: numbers by value (before any that do not read as one), else byte-wise. */
static int cmp_scored(const void *a, const void *b) {
  const sf_scored *x = a, *y = b;
  if (x->has_num != y->has_num) return y->has_num - x->has_num;
  if (x->has_num && x->num != y->num) return (x->num > y->num) - (x->num < y->num);
  return strcmp(x->cls, y->cls);
}

int sf_class_number(const char *s, double *v) {
  char *end;
  if (!*s) return 0;
  *v = strtod(s, &end);
  return *end == 0 && !isnan(*v);
}

int sf_scores_init(sf_scores *s, const sf_call *call, int label_col, sf_error *err) {
  const sf_table *t = call->table;
  const sf_column *lc = &t->cols[label_col];
  size_t i, j;
  memset(s, 0, sizeof *s);
  s->label = lc;
  if (!(s->cls = sf_calloc(t->ncols ? t->ncols : 1, sizeof *s->cls))) return sf_oom(err);
  for (i = 0; i < t->ncols; i++) {
    const char *name = sf_call_class(call, (int)i);
    if (sf_call_role(call, (int)i) != SF_ROLE_SCORE || !name) continue;
    if (t->cols[i].type != SF_NUMBER)
      return sf_fail(err, SF_EINPUT, 0, 0, "score column '%s' does not hold numbers (it holds %s)", t->cols[i].name,
                     sf_type_name(t->cols[i].type));
    for (j = 0; j < s->k && strcmp(s->cls[j].cls, name) != 0; j++) {}
    if (j < s->k) continue;
    s->cls[s->k].col = (int)i;
    s->cls[s->k].cls = name;
    s->cls[s->k].has_num = lc->type == SF_NUMBER && sf_class_number(name, &s->cls[s->k].num);
    s->k++;
  }
  if (!s->k)
    return sf_fail(err, SF_EINPUT, 0, 0,
                   "no column has the role score; name the scores p_<class> or set them in the spec's columns "
                   "(role score, with the class they score)");
  qsort(s->cls, s->k, sizeof *s->cls, cmp_scored);
  /* A coded label: each dictionary entry's class, found once. */
  if (lc->type == SF_NUMBER) return SF_OK;
  if (!(s->code_class = sf_calloc(lc->dict.n ? lc->dict.n : 1, sizeof *s->code_class))) return sf_oom(err);
  for (i = 0; i < lc->dict.n; i++) {
    s->code_class[i] = -1;
    for (j = 0; j < s->k; j++)
      if (strcmp(lc->dict.strs[i], s->cls[j].cls) == 0) { s->code_class[i] = (int)j; break; }
  }
  return SF_OK;
}

int sf_scores_positive(const sf_scores *s, const char *want, size_t *index, sf_error *err) {
  char known[200] = "";
  size_t j, len = 0;
  if (!want) {
    *index = s->k - 1;
    return SF_OK;
  }
  for (j = 0; j < s->k; j++)
    if (strcmp(s->cls[j].cls, want) == 0) { *index = j; return SF_OK; }
  for (j = 0; j < s->k && len < sizeof known - 1; j++) {
    int w = snprintf(known + len, sizeof known - len, "%s'%s'", j ? ", " : "", s->cls[j].cls);
    len = w < 0 ? sizeof known - 1 : len + (size_t)w;
  }
  return sf_fail(err, SF_EINPUT, 0, 0, "positive: no score column scores the class '%s' (the scores are of %s)", want,
                 known);
}

int sf_scores_row_class(const sf_scores *s, size_t row) {
  size_t j;
  if (s->code_class) return s->code_class[s->label->codes[row]];
  for (j = 0; j < s->k; j++)
    if (s->cls[j].has_num && s->cls[j].num == s->label->num[row]) return (int)j;
  return -1;
}

cJSON *sf_scores_class_json(const sf_scores *s, size_t j) {
  return s->cls[j].has_num ? cJSON_CreateNumber(s->cls[j].num) : cJSON_CreateString(s->cls[j].cls);
}

void sf_scores_free(sf_scores *s) {
  sf_free(s->cls);
  sf_free(s->code_class);
  s->cls = NULL;
  s->code_class = NULL;
  s->k = 0;
}
