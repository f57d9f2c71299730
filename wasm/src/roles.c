/* roles.c — what each column is for (label, prediction, score of a class, id…):
 * inferred from the names once at load into the table (DESIGN.md "Roles"), then
 * resolved once per spec into the view with the spec's "columns" overrides. The
 * table is never changed by a spec. */
#include "internal.h"
#include <stdio.h>
#include <string.h>

int sf_ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a, y = *b;
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
    if (x != y) return 0;
  }
  return *a == *b;
}

static int name_in(const char *name, const char *const *list) {
  for (; *list; list++)
    if (sf_ieq(name, *list)) return 1;
  return 0;
}

/* The column named by the earliest name of the list (the lists go from the surest
 * name down: `label` before `y`), the first such column; -1 when none is. */
static int best_named(const sf_table *t, const char *const *list) {
  size_t i;
  for (; *list; list++)
    for (i = 0; i < t->ncols; i++)
      if (t->cols[i].type != SF_VECTOR && sf_ieq(t->cols[i].name, *list)) return (int)i;
  return -1;
}

static const char *after_prefix(const char *name, const char *prefix) {
  size_t n = strlen(prefix);
  char head[16];
  if (strlen(name) <= n) return NULL;
  memcpy(head, name, n);
  head[n] = 0;
  return sf_ieq(head, prefix) ? name + n : NULL;
}

/* Whether some row of c has the label text cls. */
static int has_value(const sf_column *c, size_t nrows, const char *cls) {
  size_t i;
  double v;
  if (c->type == SF_NUMBER) {
    if (!sf_parse_number(cls, &v)) return 0;
    for (i = 0; i < nrows; i++)
      if (c->num[i] == v) return 1;
    return 0;
  }
  for (i = 0; i < c->dict.n; i++)
    if (strcmp(c->dict.strs[i], cls) == 0) return 1;
  return 0;
}

/* The class a column named p_<c>, prob_<c>, proba_<c> or score_<c> scores, when
 * <c> is a value of column src; NULL otherwise. */
static const char *score_class_of(const sf_table *t, const sf_column *c, int src) {
  static const char *const prefixes[] = {"p_", "prob_", "proba_", "probability_", "score_", NULL};
  const char *cls = NULL;
  size_t k;
  if (src < 0 || c->type != SF_NUMBER) return NULL;
  for (k = 0; prefixes[k] && !cls; k++) cls = after_prefix(c->name, prefixes[k]);
  return cls && has_value(&t->cols[src], t->nrows, cls) ? cls : NULL;
}

/* The greater of a binary label's two classes (sklearn's pos_label for 0/1 and
 * for two sorted strings) into buf; 0 unless the label has exactly two values. */
static int positive_of(const sf_table *t, const sf_column *lc, char *buf, size_t cap) {
  size_t i, n = 0;
  double v[2] = {0, 0};
  if (lc->type == SF_BOOL) { snprintf(buf, cap, "true"); return 1; }
  if (lc->type != SF_NUMBER) {
    if (lc->dict.n != 2) return 0;
    snprintf(buf, cap, "%s", strcmp(lc->dict.strs[0], lc->dict.strs[1]) > 0 ? lc->dict.strs[0] : lc->dict.strs[1]);
    return strlen(lc->dict.strs[0]) < cap && strlen(lc->dict.strs[1]) < cap;
  }
  for (i = 0; i < t->nrows; i++) {
    double x = lc->num[i];
    if (x != x || (n > 0 && x == v[0]) || (n > 1 && x == v[1])) continue;
    if (n == 2) return 0;
    v[n++] = x;
  }
  if (n != 2) return 0;
  sf_format_number(v[0] > v[1] ? v[0] : v[1], buf, cap);
  return 1;
}

/* A binary label with no p_<class> score and one numeric column named score,
 * y_score, prob, probability, y_prob, proba or pred_proba: that column scores the
 * label's positive class (the greater of the two). */
static void lone_score(sf_table *t, int label) {
  static const char *const names[] = {"score", "y_score", "prob", "probability", "y_prob", "proba", "pred_proba", NULL};
  char cls[256];
  int found = -1;
  size_t i;
  for (i = 0; i < t->ncols; i++) {
    if (t->cols[i].role == SF_ROLE_SCORE) return;
    if (t->cols[i].role == SF_ROLE_FEATURE && t->cols[i].type == SF_NUMBER && name_in(t->cols[i].name, names)) {
      if (found >= 0) return; /* two candidates: neither is obvious */
      found = (int)i;
    }
  }
  if (found < 0 || !positive_of(t, &t->cols[label], cls, sizeof cls)) return;
  if ((t->cols[found].score_class = sf_strdup(cls))) t->cols[found].role = SF_ROLE_SCORE;
}

void sf_infer_roles(sf_table *t) {
  /* label and prediction names, surest first: a file with `y` and `label` is labelled by `label` */
  static const char *const labels[] = {"label", "target", "y_true", "true_label", "ground_truth", "gold_label", "truth",
                                       "gold", "actual", "y", "class", NULL};
  static const char *const preds[] = {"prediction", "y_pred", "predicted_label", "predicted_class", "pred_label",
                                      "predicted", "pred", "predictions", "y_hat", "yhat", NULL};
  static const char *const ids[] = {"id", "_id", "row_id", "uid", NULL};
  static const char *const images[] = {"image", "image_url", "img", NULL};
  static const char *const splits[] = {"split", "fold", NULL};
  static const char *const times[] = {"time", "timestamp", "date", NULL};
  static const char *const groups[] = {"sex", "gender", "race", "ethnicity", NULL}; /* sensitive attributes */
  static const char *const texts[] = {"text", "review", "comment", "sentence", "document", "content", "body",
                                      "message", "utterance", "caption", NULL}; /* free text (duplicates by MinHash) */
  int label = best_named(t, labels), pred = best_named(t, preds), src;
  size_t i, k;
  for (i = 0; i < t->ncols; i++) {
    sf_column *c = &t->cols[i];
    const char *n = c->name;
    sf_free(c->score_class);
    c->score_class = NULL;
    c->role = SF_ROLE_FEATURE;
    if (c->type == SF_VECTOR) { c->role = SF_ROLE_EMBEDDING; continue; } /* whatever its name */
    if ((int)i == label) c->role = SF_ROLE_LABEL;
    else if ((int)i == pred) c->role = SF_ROLE_PREDICTION;
    else if (name_in(n, ids)) c->role = SF_ROLE_ID;
    else if (name_in(n, images)) c->role = SF_ROLE_IMAGE;
    else if (name_in(n, splits)) c->role = SF_ROLE_SPLIT;
    else if (name_in(n, times)) c->role = SF_ROLE_TIME;
    else if (name_in(n, groups) && c->type != SF_NUMBER) c->role = SF_ROLE_GROUP;
    else if (name_in(n, texts) && (c->type == SF_TEXT || c->type == SF_CATEGORY)) c->role = SF_ROLE_TEXT;
  }
  /* X with X_pred, pred_X or predicted_X: X is the label, that one the prediction */
  for (i = 0; i < t->ncols && (label < 0 || pred < 0); i++) {
    static const char *const forms[] = {"%s_pred", "pred_%s", "predicted_%s"};
    sf_column *c = &t->cols[i];
    char buf[256];
    if ((c->role != SF_ROLE_FEATURE && (int)i != label) || strlen(c->name) > 200) continue;
    if (label >= 0 && (int)i != label) continue; /* a pair only completes its own label */
    for (k = 0; k < 3; k++) {
      int j;
      snprintf(buf, sizeof buf, forms[k], c->name);
      j = sf_table_find(t, buf);
      if (j >= 0 && t->cols[j].role == SF_ROLE_FEATURE) {
        if (label < 0) { c->role = SF_ROLE_LABEL; label = (int)i; }
        t->cols[j].role = SF_ROLE_PREDICTION;
        pred = j;
        break;
      }
    }
  }
  /* p_<c>, prob_<c>, proba_<c>, score_<c> for a value <c> of the label (or prediction) */
  src = label >= 0 ? label : pred;
  for (i = 0; i < t->ncols; i++) {
    sf_column *c = &t->cols[i];
    const char *cls = c->role == SF_ROLE_FEATURE ? score_class_of(t, c, src) : NULL;
    /* out of memory here leaves the column a feature: inference is a hint */
    if (cls && (c->score_class = sf_strdup(cls))) c->role = SF_ROLE_SCORE;
  }
  if (label >= 0) lone_score(t, label);
  sf_infer_group(t);
}

/* ---- overrides ----------------------------------------------------- */

int sf_check_column_overrides(const cJSON *columns, sf_error *err) {
  const cJSON *col, *it;
  if (!columns || cJSON_IsNull(columns)) return SF_OK;
  if (!cJSON_IsObject(columns)) return sf_fail(err, SF_EINPUT, 0, 0, "columns: must be an object");
  cJSON_ArrayForEach(col, columns) {
    if (!cJSON_IsObject(col)) return sf_fail(err, SF_EINPUT, 0, 0, "columns.%s: must be an object", col->string);
    cJSON_ArrayForEach(it, col) {
      const char *k = it->string;
      sf_role role;
      sf_type type;
      if (strcmp(k, "role") == 0) {
        if (!cJSON_IsString(it)) return sf_fail(err, SF_EINPUT, 0, 0, "columns.%s.role: must be a string", col->string);
        if (sf_role_parse(it->valuestring, &role))
          return sf_fail(err, SF_EINPUT, 0, 0, "columns.%s.role: unknown role '%s'", col->string, it->valuestring);
      } else if (strcmp(k, "type") == 0) {
        if (!cJSON_IsString(it) || sf_type_parse(it->valuestring, &type))
          return sf_fail(err, SF_EINPUT, 0, 0, "columns.%s.type: must be one of number, category, text, bool, vector", col->string);
      } else if (strcmp(k, "class") == 0) {
        if (!cJSON_IsString(it) && !cJSON_IsNumber(it) && !cJSON_IsNull(it))
          return sf_fail(err, SF_EINPUT, 0, 0, "columns.%s.class: must be a string", col->string);
      } else {
        return sf_fail(err, SF_EINPUT, 0, 0, "columns.%s.%s: unknown key (expected role, class, type)", col->string, k);
      }
    }
  }
  return SF_OK;
}

void sf_roles_free(sf_roles *r) {
  size_t i;
  if (r->cls)
    for (i = 0; i < r->table->ncols; i++) sf_free(r->cls[i]);
  sf_free(r->cls);
  sf_free(r->role);
  sf_embedding_free(&r->emb);
  r->cls = NULL;
  r->role = NULL;
}

int sf_roles_find(const sf_roles *r, sf_role role) {
  size_t i;
  for (i = 0; i < r->table->ncols; i++)
    if ((r->role ? r->role[i] : r->table->cols[i].role) == role) return (int)i;
  return -1;
}

static int set_class(sf_roles *r, size_t i, const char *cls) {
  sf_free(r->cls[i]);
  r->cls[i] = NULL;
  return cls && !(r->cls[i] = sf_strdup(cls)) ? SF_ENOMEM : SF_OK;
}

/* The spec's own settings: role and class of the columns it names. */
static int apply_named(const sf_table *t, const cJSON *columns, sf_roles *r) {
  const cJSON *col, *it;
  cJSON_ArrayForEach(col, columns) {
    int j = sf_table_find(t, col->string);
    char num[40];
    const char *cls = NULL;
    if (j < 0) continue; /* a link may name columns this file lacks */
    if ((it = cJSON_GetObjectItemCaseSensitive(col, "role"))) {
      sf_role role = r->role[j];
      sf_role_parse(it->valuestring, &role);
      /* a vector is an embedding or a feature, never a label, a score, a group... */
      if (t->cols[j].type != SF_VECTOR || role == SF_ROLE_EMBEDDING || role == SF_ROLE_FEATURE) r->role[j] = role;
    }
    it = cJSON_GetObjectItemCaseSensitive(col, "class");
    if (it && !cJSON_IsNull(it)) {
      if (cJSON_IsNumber(it)) sf_format_number(it->valuedouble, num, sizeof num);
      cls = cJSON_IsNumber(it) ? num : it->valuestring;
      if (set_class(r, (size_t)j, cls)) return SF_ENOMEM;
    }
    if (r->role[j] != SF_ROLE_SCORE && set_class(r, (size_t)j, NULL)) return SF_ENOMEM;
  }
  return SF_OK;
}

int sf_roles_resolve(const sf_table *t, const cJSON *columns, sf_roles *r, sf_error *err) {
  const cJSON *col;
  size_t i;
  int src, rc = SF_OK;
  r->table = t;
  r->role = sf_calloc(t->ncols, sizeof *r->role);
  r->cls = sf_calloc(t->ncols, sizeof *r->cls);
  if (!r->role || !r->cls) goto oom;
  for (i = 0; i < t->ncols; i++) {
    r->role[i] = t->cols[i].role;
    if (set_class(r, i, t->cols[i].score_class)) goto oom;
  }
  if (!columns || !cJSON_IsObject(columns)) goto embedding;
  if ((rc = sf_check_column_overrides(columns, err))) goto end;
  if (apply_named(t, columns, r)) goto oom;
  /* The label and the prediction are one column each: one named in the spec
   * replaces the inferred one, so the kernels' defaults follow the spec. */
  cJSON_ArrayForEach(col, columns) {
    int j = sf_table_find(t, col->string);
    sf_role role;
    if (j < 0 || (role = r->role[j], role != SF_ROLE_LABEL && role != SF_ROLE_PREDICTION)) continue;
    for (i = 0; i < t->ncols; i++)
      if ((int)i != j && r->role[i] == role && !cJSON_GetObjectItemCaseSensitive(columns, t->cols[i].name))
        r->role[i] = SF_ROLE_FEATURE;
  }
  /* A label named in the spec brings its scores: the p_<c> columns the spec
   * leaves alone score the classes of that label. */
  src = sf_roles_find(r, SF_ROLE_LABEL);
  if (src < 0) src = sf_roles_find(r, SF_ROLE_PREDICTION);
  if (src >= 0 && cJSON_GetObjectItemCaseSensitive(columns, t->cols[src].name))
    for (i = 0; i < t->ncols; i++) {
      const sf_column *c = &t->cols[i];
      const char *cls;
      if (r->role[i] != SF_ROLE_FEATURE || cJSON_GetObjectItemCaseSensitive(columns, c->name) ||
          !(cls = score_class_of(t, c, src)))
        continue;
      if (set_class(r, i, cls)) goto oom;
      r->role[i] = SF_ROLE_SCORE;
    }
embedding:
  if (sf_roles_embedding(r)) goto oom;
  goto end;
oom:
  rc = sf_fail(err, SF_ENOMEM, 0, 0, "out of memory resolving column roles");
end:
  if (rc) sf_roles_free(r);
  return rc;
}
