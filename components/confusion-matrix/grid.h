/* grid.h — the confusion matrix at scale, included by kernel.c only: the order of
 * the classes, their groups, and the bounded grid the view draws.
 *
 * Groups: config "groups" ({"name": [classes]}) first, then "group_separator": a
 * class whose name holds the separator after its first character belongs to the
 * group named by the text before it ("animal/dog" -> "animal"). A class in two
 * listed groups is an error; classes in no group stand alone. Top-level items are
 * the groups and the lone classes, in order of their first class.
 *
 * Order ("order"), applied to the items and, inside each group, to its classes:
 * - "label": the labels' order (sorted, or the config's list);
 * - "count": most rows first (support, then the labels' order);
 * - "confusion": a greedy seriation. Let w(a, b) = C[a][b] + C[b][a] (a != b) and
 *   errors(a) = the sum of w(a, .). Start with the item of most errors; then take
 *   the unplaced item most confused with the last one placed (largest w > 0); when
 *   no unplaced item is confused with it, the unplaced one of most errors. Ties go
 *   to more errors, then the labels' order. O(n^2) for n items.
 * The flattened order (each group's classes where the group is) is the order of
 * "labels", "matrix" and "per_class".
 *
 * Grid: the items in order, a group collapsed to one row and column unless it is in
 * "expanded" (then its classes, in place); when there are more than "top" entries,
 * the "top" with most errors stay (in order) and the rest are summed as one
 * "other" last. Cells are exact sums of the class cells; "values" normalises them
 * as sklearn's confusion_matrix(normalize=...) on the grouped labels. */

enum { NORM_NONE, NORM_ROW, NORM_COLUMN, NORM_ALL };
enum { ENTRY_CLASS, ENTRY_GROUP, ENTRY_OTHER };

typedef struct cm_layout {
  size_t k;          /* classes */
  size_t *order;     /* position -> class */
  int32_t *group_of; /* class -> group code in groups, -1: none */
  sf_dict groups;    /* group names (codes < ngroups are groups) */
  size_t ngroups;
  size_t n;          /* grid entries (<= top + 1) */
  size_t *cell_of;   /* class -> grid entry */
  int *kind;         /* entry -> ENTRY_* */
  size_t *ref;       /* entry -> class (ENTRY_CLASS) or group code (ENTRY_GROUP) */
  size_t *cells;     /* n * n counts, rows = true */
} cm_layout;

static void layout_free(cm_layout *g) {
  sf_free(g->order);
  sf_free(g->group_of);
  sf_dict_free(&g->groups);
  sf_free(g->cell_of);
  sf_free(g->kind);
  sf_free(g->ref);
  sf_free(g->cells);
}

static size_t weight(const size_t *m, size_t stride, const size_t *idx, size_t a, size_t b) {
  return m[idx[a] * stride + idx[b]] + m[idx[b] * stride + idx[a]];
}

/* out[pos] = the local index (into idx) placed at pos, by the greedy seriation above. */
static int seriate(const size_t *m, size_t stride, const size_t *idx, size_t n, size_t *out, sf_error *err) {
  size_t *errs = sf_calloc(n ? n : 1, sizeof *errs), a, b, pos;
  unsigned char *placed = sf_calloc(n ? n : 1, 1);
  int rc = SF_OK;
  if (!errs || !placed) { rc = sf_oom(err); goto end; }
  for (a = 0; a < n; a++)
    for (b = 0; b < n; b++)
      if (a != b) errs[a] += m[idx[a] * stride + idx[b]] + m[idx[b] * stride + idx[a]];
  for (pos = 0; pos < n; pos++) {
    size_t best = n, bw = 0;
    if (pos > 0)
      for (b = 0; b < n; b++) {
        size_t w;
        if (placed[b] || !(w = weight(m, stride, idx, out[pos - 1], b))) continue;
        if (best == n || w > bw || (w == bw && errs[b] > errs[best])) { best = b; bw = w; }
      }
    if (best == n)
      for (b = 0; b < n; b++)
        if (!placed[b] && (best == n || errs[b] > errs[best])) best = b;
    placed[best] = 1;
    out[pos] = best;
  }
end:
  sf_free(errs);
  sf_free(placed);
  return rc;
}

/* out[pos] = local index, most support first (stable: the labels' order on ties). */
static int by_count(const size_t *support, const size_t *idx, size_t n, size_t *out, sf_error *err) {
  double *keys = sf_calloc(n ? n : 1, sizeof *keys);
  size_t a;
  int rc;
  if (!keys) return sf_oom(err);
  for (a = 0; a < n; a++) keys[a] = -(double)support[idx[a]];
  rc = sf_sort_order(keys, n, out, err);
  sf_free(keys);
  return rc;
}

/* Order the n items idx[] of matrix m (stride) by method; out[pos] = local index. */
static int order_items(const char *method, const size_t *m, size_t stride, const size_t *support,
                       const size_t *idx, size_t n, size_t *out, sf_error *err) {
  size_t a;
  if (!strcmp(method, "confusion")) return seriate(m, stride, idx, n, out, err);
  if (!strcmp(method, "count")) return by_count(support, idx, n, out, err);
  for (a = 0; a < n; a++) out[a] = a;
  return SF_OK;
}

/* The text of a config group member: a string, or a number in shortest form. */
static const char *member_text(const cJSON *it, char *buf, size_t cap) {
  if (cJSON_IsNumber(it)) { sf_format_number(it->valuedouble, buf, cap); return buf; }
  return it->valuestring;
}

/* group_of[] from the config's groups, then the separator. text: the classes'
 * names (codes 0..k-1; looking a name up may add codes >= k). */
static int assign_groups(cm_layout *g, sf_dict *text, const cJSON *groups, const char *sep, sf_error *err) {
  const cJSON *grp, *it;
  size_t i, seplen = sep ? strlen(sep) : 0;
  int rc;
  for (i = 0; i < g->k; i++) g->group_of[i] = -1;
  for (grp = groups ? groups->child : NULL; grp; grp = grp->next) {
    int32_t gc, c;
    if ((rc = sf_dict_intern(&g->groups, grp->string, strlen(grp->string), &gc, err))) return rc;
    for (it = grp->child; it; it = it->next) {
      char buf[40];
      const char *s = member_text(it, buf, sizeof buf);
      if ((rc = sf_dict_intern(text, s, strlen(s), &c, err))) return rc;
      if ((size_t)c >= g->k || g->group_of[c] == gc) continue; /* not among the labels */
      if (g->group_of[c] >= 0)
        return sf_fail(err, SF_EINPUT, 0, 0, "groups: '%s' is in two groups ('%s' and '%s')", s,
                       g->groups.strs[g->group_of[c]], grp->string);
      g->group_of[c] = gc;
    }
  }
  for (i = 0; seplen && i < g->k; i++) {
    const char *s = text->strs[i], *at = g->group_of[i] < 0 ? strstr(s, sep) : NULL;
    if (at && at > s && (rc = sf_dict_intern(&g->groups, s, (size_t)(at - s), &g->group_of[i], err))) return rc;
  }
  g->ngroups = g->groups.n;
  return SF_OK;
}

/* Sum the class cells (i, j < k) into an n x n matrix by map[class]. */
static int sum_cells(const size_t *pairs, size_t k, const size_t *map, size_t n, size_t **out, sf_error *err) {
  size_t i, j;
  if (n && n > SIZE_MAX / n) return sf_oom(err);
  if (!(*out = sf_calloc(n ? n * n : 1, sizeof **out))) return sf_oom(err);
  for (i = 0; i < k; i++)
    for (j = 0; j < k; j++) (*out)[map[i] * n + map[j]] += pairs[i * (k + 1) + j];
  return SF_OK;
}

/* The order, the groups and the grid of k classes over pairs ((k + 1)^2, by class;
 * support[c] = rows whose true label is c). */
static int layout_build(cm_layout *g, const size_t *pairs, const size_t *support, sf_dict *text,
                        const sf_call *call, sf_error *err) {
  const char *method = sf_config_string(call, "order");
  const cJSON *expanded = sf_config_get(call, "expanded"), *it;
  size_t k = g->k, top = (size_t)sf_config_int(call, "top"), i, j, m = 0, ne = 0, pos = 0;
  size_t *item_of = NULL, *item_class = NULL, *item_support = NULL, *items = NULL, *ident = NULL, *local = NULL;
  size_t *by_group = NULL, *group_start = NULL, *fill = NULL, *entry_of = NULL, *ecells = NULL, *keep = NULL, *eref = NULL;
  int32_t *item_group = NULL, code;
  int *ekind = NULL, rc;
  unsigned char *open = NULL;
  double *keys = NULL;
  size_t n1 = k ? k : 1;
  if (!(g->order = sf_calloc(n1, sizeof *g->order)) || !(g->group_of = sf_calloc(n1, sizeof *g->group_of)) ||
      !(g->cell_of = sf_calloc(n1, sizeof *g->cell_of)) || !(item_of = sf_calloc(n1, sizeof *item_of)) ||
      !(item_class = sf_calloc(n1, sizeof *item_class)) || !(item_group = sf_calloc(n1, sizeof *item_group)) ||
      !(item_support = sf_calloc(n1, sizeof *item_support)) || !(items = sf_calloc(n1, sizeof *items)) ||
      !(ident = sf_calloc(n1, sizeof *ident)) || !(local = sf_calloc(n1, sizeof *local)) ||
      !(by_group = sf_calloc(n1, sizeof *by_group)) || !(entry_of = sf_calloc(n1, sizeof *entry_of)) ||
      !(ekind = sf_calloc(n1, sizeof *ekind)) || !(eref = sf_calloc(n1, sizeof *eref))) {
    rc = sf_oom(err);
    goto end;
  }
  if ((rc = assign_groups(g, text, sf_config_get(call, "groups"), sf_config_string(call, "group_separator"), err)))
    goto end;
  if (!(group_start = sf_calloc(g->ngroups + 1, sizeof *group_start)) || !(open = sf_calloc(g->ngroups + 1, 1))) {
    rc = sf_oom(err);
    goto end;
  }
  for (it = expanded ? expanded->child : NULL; it; it = it->next) {
    if ((rc = sf_dict_intern(&g->groups, it->valuestring, strlen(it->valuestring), &code, err))) goto end;
    if ((size_t)code < g->ngroups) open[code] = 1;
  }
  /* Items: each group (where its first class is) and each lone class. */
  for (i = 0; i < g->ngroups; i++) group_start[i] = SIZE_MAX;
  for (i = 0; i < k; i++) {
    int32_t gc = g->group_of[i];
    ident[i] = i;
    if (gc >= 0 && group_start[gc] != SIZE_MAX) { item_of[i] = group_start[gc]; continue; }
    if (gc >= 0) group_start[gc] = m;
    item_class[m] = i;
    item_group[m] = gc;
    item_of[i] = m++;
  }
  for (i = 0; i < k; i++) item_support[item_of[i]] += support[i];
  {
    size_t *im = NULL;
    if ((rc = sum_cells(pairs, k, item_of, m, &im, err)) ||
        (rc = order_items(method, im, m, item_support, ident, m, items, err))) {
      sf_free(im);
      goto end;
    }
    sf_free(im);
  }
  /* Each group's classes, in the labels' order (a counting sort by group). */
  memset(group_start, 0, (g->ngroups + 1) * sizeof *group_start);
  for (i = 0; i < k; i++)
    if (g->group_of[i] >= 0) group_start[g->group_of[i] + 1]++;
  for (i = 0; i < g->ngroups; i++) group_start[i + 1] += group_start[i];
  if (!(fill = sf_calloc(g->ngroups + 1, sizeof *fill))) { rc = sf_oom(err); goto end; }
  for (i = 0; i < k; i++)
    if (g->group_of[i] >= 0) by_group[group_start[g->group_of[i]] + fill[g->group_of[i]]++] = i;
  /* The flattened order and the entries before the top cut. */
  for (i = 0; i < m; i++) {
    size_t item = items[i];
    int32_t gc = item_group[item];
    if (gc < 0) {
      g->order[pos++] = item_class[item];
      entry_of[item_class[item]] = ne;
      ekind[ne] = ENTRY_CLASS;
      eref[ne++] = item_class[item];
      continue;
    }
    {
      const size_t *members = by_group + group_start[gc];
      size_t nm = group_start[gc + 1] - group_start[gc];
      if ((rc = order_items(method, pairs, k + 1, support, members, nm, local, err))) goto end;
      if (!open[gc]) { ekind[ne] = ENTRY_GROUP; eref[ne] = (size_t)gc; }
      for (j = 0; j < nm; j++) {
        size_t c = members[local[j]];
        g->order[pos++] = c;
        if (open[gc]) { ekind[ne] = ENTRY_CLASS; eref[ne] = c; }
        entry_of[c] = open[gc] ? ne++ : ne;
      }
      if (!open[gc]) ne++;
    }
  }
  /* More entries than "top": keep the most confused, sum the rest as other. */
  g->n = ne;
  if (ne > top) {
    size_t *errs = NULL, *rank = NULL, next = 0;
    if ((rc = sum_cells(pairs, k, entry_of, ne, &ecells, err))) goto end;
    if (!(errs = sf_calloc(ne, sizeof *errs)) || !(keys = sf_calloc(ne, sizeof *keys)) ||
        !(rank = sf_calloc(ne, sizeof *rank)) || !(keep = sf_calloc(ne, sizeof *keep))) {
      sf_free(errs);
      sf_free(rank);
      rc = sf_oom(err);
      goto end;
    }
    for (i = 0; i < ne; i++)
      for (j = 0; j < ne; j++)
        if (i != j) { errs[i] += ecells[i * ne + j]; errs[j] += ecells[i * ne + j]; }
    for (i = 0; i < ne; i++) keys[i] = -(double)errs[i];
    rc = sf_sort_order(keys, ne, rank, err);
    sf_free(errs);
    if (rc) { sf_free(rank); goto end; }
    for (i = 0; i < ne; i++) keep[i] = SIZE_MAX;
    for (i = 0; i < top; i++) keep[rank[i]] = 0;
    sf_free(rank);
    for (i = 0; i < ne; i++) /* kept entries in order, then other */
      if (keep[i] != SIZE_MAX) { keep[i] = next; ekind[next] = ekind[i]; eref[next] = eref[i]; next++; }
    for (i = 0; i < ne; i++)
      if (keep[i] == SIZE_MAX) keep[i] = top;
    ekind[top] = ENTRY_OTHER;
    for (i = 0; i < k; i++) entry_of[i] = keep[entry_of[i]];
    g->n = top + 1;
  }
  if ((rc = sum_cells(pairs, k, entry_of, g->n, &g->cells, err))) goto end;
  memcpy(g->cell_of, entry_of, n1 * sizeof *entry_of);
  g->kind = ekind;
  g->ref = eref;
  ekind = NULL;
  eref = NULL;
end:
  sf_free(item_of); sf_free(item_class); sf_free(item_group); sf_free(item_support); sf_free(items);
  sf_free(ident); sf_free(local); sf_free(by_group); sf_free(group_start); sf_free(fill); sf_free(entry_of);
  sf_free(ecells); sf_free(keep); sf_free(ekind); sf_free(eref); sf_free(open); sf_free(keys);
  return rc;
}

/* An n x n matrix as JSON: m[idx[i] * stride + idx[j]], as counts or normalised as
 * sklearn's confusion_matrix (division by the row's, column's or whole sum over
 * these n x n cells; 0 where that sum is 0, its nan_to_num). */
static cJSON *matrix_json(const size_t *m, size_t stride, const size_t *idx, size_t n, int norm) {
  cJSON *out = cJSON_CreateArray();
  size_t *rsum = sf_calloc(n ? n : 1, sizeof *rsum), *csum = sf_calloc(n ? n : 1, sizeof *csum), total = 0, i, j;
  if (!out || !rsum || !csum) goto fail;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++) {
      size_t v = m[idx[i] * stride + idx[j]];
      rsum[i] += v;
      csum[j] += v;
      total += v;
    }
  for (i = 0; i < n; i++) {
    cJSON *row = sf_json_put(out, NULL, cJSON_CreateArray());
    if (!row) goto fail;
    for (j = 0; j < n; j++) {
      double v = (double)m[idx[i] * stride + idx[j]];
      size_t d = norm == NORM_ROW ? rsum[i] : norm == NORM_COLUMN ? csum[j] : total;
      if (norm != NORM_NONE) v = d ? v / (double)d : 0;
      if (!sf_json_put(row, NULL, cJSON_CreateNumber(v))) goto fail;
    }
  }
  sf_free(rsum);
  sf_free(csum);
  return out;
fail:
  sf_free(rsum);
  sf_free(csum);
  cJSON_Delete(out);
  return NULL;
}

static int norm_mode(const char *s) {
  return !strcmp(s, "row") ? NORM_ROW : !strcmp(s, "column") ? NORM_COLUMN : !strcmp(s, "all") ? NORM_ALL : NORM_NONE;
}
