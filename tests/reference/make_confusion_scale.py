#!/usr/bin/python3
"""References for the confusion matrix at scale (issue 13): normalisation, order and groups.

    /usr/bin/python3 tests/reference/make_confusion_scale.py

Writes tests/reference/confusion_scale_<case>.json in make_references.py's format, for
examples/taxonomy.csv (160 classes in 20 groups, made by examples/make_taxonomy.py) and
examples/penguins.csv. Numbers are scikit-learn's: confusion_matrix(y, y_pred, labels=order,
normalize=None | 'true' | 'pred' | 'all') for "matrix" and "normalized", the same on the labels
mapped to the grid's entries for "grid" (counts and values), accuracy_score and
precision_recall_fscore_support(zero_division=0). The order of the classes and the grid's
entries are the component's documented rules (components/confusion-matrix/README.md),
written here again apart from the C code: groups by the config's "groups" and then the text
before "group_separator"; "confusion" a greedy seriation; "count" by support; "top" keeps the
entries with most errors and sums the rest as "other".
"""
import json
import os
import sys

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_references import MADE_WITH, ROOT, check_finite, f, read, row_mask  # noqa: E402

MADE = dict(MADE_WITH, script="tests/reference/make_confusion_scale.py")
NORMALIZE = {"none": None, "row": "true", "column": "pred", "all": "all"}
FULL_MATRIX_MAX = 200


def seriate(m):
    """Greedy seriation of a square count matrix: positions -> local indices."""
    n = len(m)
    w = m + m.T
    np.fill_diagonal(w, 0)
    errs = w.sum(axis=1)
    placed, out = [False] * n, []
    for _ in range(n):
        best = None
        if out:
            cands = [b for b in range(n) if not placed[b] and w[out[-1], b] > 0]
            if cands:
                best = max(cands, key=lambda b: (w[out[-1], b], errs[b], -b))
        if best is None:
            best = max((b for b in range(n) if not placed[b]), key=lambda b: (errs[b], -b))
        placed[best] = True
        out.append(best)
    return out


def order_of(method, m, support):
    """Order of n items with count matrix m (n x n) and supports."""
    n = len(m)
    if method == "confusion":
        return seriate(m)
    if method == "count":
        return sorted(range(n), key=lambda a: (-support[a], a))
    return list(range(n))


def sum_by(cm, keys, n):
    out = np.zeros((n, n), dtype=np.int64)
    for i, a in enumerate(keys):
        for j, b in enumerate(keys):
            out[a, b] += cm[i, j]
    return out


def groups_of(labels, cfg):
    group = {}
    for name, members in (cfg.get("groups") or {}).items():
        for c in members:
            if str(c) in labels:
                group[str(c)] = name
    sep = cfg.get("group_separator", "")
    for c in labels:
        if c not in group and sep and sep in c and c.index(sep) > 0:
            group[c] = c[:c.index(sep)]
    return group


def confusion_at_scale(df, mask, spec, cfg):
    label = next(n for n, c in spec["columns"].items() if c.get("role") == "label")
    pred = next(n for n, c in spec["columns"].items() if c.get("role") == "prediction")
    sel = df[mask]
    ok = sel[label].notna() & sel[pred].notna()
    y = sel.loc[ok, label].astype(str).to_numpy()
    yp = sel.loc[ok, pred].astype(str).to_numpy()
    base = sorted(set(y) | set(yp))
    k = len(base)
    cm = confusion_matrix(y, yp, labels=base)
    support = cm.sum(axis=1)
    method = cfg.get("order", "label")
    group = groups_of(set(base), cfg)
    # Items: each group where its first class is, each lone class.
    items, item_of = [], []
    for c in base:
        key = ("g", group[c]) if c in group else ("c", c)
        if key not in items:
            items.append(key)
        item_of.append(items.index(key))
    im = sum_by(cm, item_of, len(items))
    isup = np.bincount(item_of, weights=support, minlength=len(items))
    order, entries, entry_of = [], [], {}
    expanded = set(cfg.get("expanded", []))
    for it in order_of(method, im, isup):
        kind, name = items[it]
        if kind == "c":
            order.append(name)
            entry_of[name] = len(entries)
            entries.append({"kind": "class", "label": name})
            continue
        members = [c for c in base if group.get(c) == name]
        idx = [base.index(c) for c in members]
        sub = cm[np.ix_(idx, idx)]
        ordered = [members[a] for a in order_of(method, sub, support[idx])]
        if name not in expanded:
            entries.append({"kind": "group", "name": name, "classes": ordered})
        for c in ordered:
            order.append(c)
            if name in expanded:
                entries.append({"kind": "class", "label": c, "group": name})
            entry_of[c] = len(entries) - 1
    top = cfg.get("top", 40)
    if len(entries) > top:
        em = sum_by(cm, [entry_of[c] for c in base], len(entries))
        off = em - np.diag(np.diag(em))
        errs = off.sum(axis=0) + off.sum(axis=1)
        kept = sorted(sorted(range(len(entries)), key=lambda e: (-errs[e], e))[:top])
        new_index = {e: i for i, e in enumerate(kept)}
        other = [c for c in order if entry_of[c] not in new_index]
        entries = [entries[e] for e in kept] + [{"kind": "other", "classes": other}]
        entry_of = {c: new_index.get(e, top) for c, e in entry_of.items()}
    norm = cfg.get("normalize", "none")
    keys = [str(i) for i in range(len(entries))]
    ym = np.array([keys[entry_of[c]] for c in y])
    ypm = np.array([keys[entry_of[c]] for c in yp])
    grid = {"entries": entries, "counts": confusion_matrix(ym, ypm, labels=keys).tolist()}
    if norm != "none":
        grid["values"] = confusion_matrix(ym, ypm, labels=keys, normalize=NORMALIZE[norm]).tolist()
    out = {"label": label, "prediction": pred, "labels": order,
           "matrix": confusion_matrix(y, yp, labels=order).tolist() if k <= FULL_MATRIX_MAX else None}
    if norm != "none":
        out["normalized"] = confusion_matrix(y, yp, labels=order, normalize=NORMALIZE[norm]).tolist()
    out["accuracy"] = f(accuracy_score(y, yp))
    p, r, f1, sup = precision_recall_fscore_support(y, yp, labels=order, average=None, zero_division=0)
    out["per_class"] = [{"label": c, "precision": f(p[i]), "recall": f(r[i]), "f1": f(f1[i]),
                         "support": int(sup[i]), **({"group": group[c]} if c in group else {})}
                        for i, c in enumerate(order)]
    for avg in ("macro", "weighted"):
        pa, ra, fa, _ = precision_recall_fscore_support(y, yp, labels=order, average=avg, zero_division=0)
        out[avg] = {"precision": f(pa), "recall": f(ra), "f1": f(fa)}
    out["count"] = int(len(y))
    out["missing"] = int((~ok).sum())
    out["grid"] = grid
    return out


def spec_of(columns, filters, components):
    return {"sinfonia": 1, "columns": columns, "filters": filters, "components": components,
            "layout": {"rows": [{"columns": list(components)}]}}


TAXONOMY = {"id": {"role": "id"}, "label": {"role": "label"}, "prediction": {"role": "prediction"}}
PENGUINS = {"id": {"role": "id"}, "species": {"role": "label"}, "species_pred": {"role": "prediction"}}
CM = "confusion-matrix"
CASES = [
    # Groups by name, collapsed, in each normalisation; the most confused first.
    ("taxonomy_groups", "examples/taxonomy.csv", spec_of(TAXONOMY, [], {
        f"cm_{n}": {"type": CM, "group_separator": "/", "order": "confusion", "normalize": n}
        for n in NORMALIZE})),
    # Two groups expanded in place; label and count orders; a filter.
    ("taxonomy_expanded", "examples/taxonomy.csv", spec_of(TAXONOMY, [{"field": "source", "in": ["A", "B"]}], {
        "cm_label": {"type": CM, "group_separator": "/", "expanded": ["dogs", "東京 stations"], "normalize": "row"},
        "cm_count": {"type": CM, "group_separator": "/", "order": "count", "expanded": ["pâtisserie"]},
        "cm_confusion": {"type": CM, "group_separator": "/", "order": "confusion",
                         "expanded": ["birds of prey"], "normalize": "column"}})),
    # No hierarchy: 160 classes; the grid keeps the top 40 (or 12) and sums the rest as other.
    ("taxonomy_top", "examples/taxonomy.csv", spec_of(TAXONOMY, [], {
        "cm_confusion": {"type": CM, "order": "confusion", "normalize": "row"},
        "cm_label": {"type": CM, "top": 12, "normalize": "all"},
        "cm_mixed": {"type": CM, "group_separator": "/", "top": 8, "expanded": ["dogs"],
                     "groups": {"pets": ["dogs/beagle", "big cats/lion", "not a class"]}}})),
    ("penguins_scale", "examples/penguins.csv", spec_of(PENGUINS, [], {
        **{f"cm_{n}": {"type": CM, "normalize": n} for n in NORMALIZE},
        "cm_confusion": {"type": CM, "order": "confusion"},
        "cm_count": {"type": CM, "order": "count", "normalize": "column"},
        "cm_group": {"type": CM, "groups": {"Adelie or Chinstrap": ["Adelie", "Chinstrap"]}, "normalize": "row"},
        "cm_open": {"type": CM, "groups": {"Adelie or Chinstrap": ["Adelie", "Chinstrap"]},
                    "expanded": ["Adelie or Chinstrap"], "order": "confusion"}})),
    ("penguins_scale_biscoe", "examples/penguins.csv", spec_of(PENGUINS, [{"field": "island", "in": ["Biscoe"]}], {
        f"cm_{n}": {"type": CM, "normalize": n, "order": "confusion"} for n in NORMALIZE})),
]


def main():
    for name, path, spec in CASES:
        df = read(path)
        expected = {cid: confusion_at_scale(df, row_mask(df, spec["filters"], cid), spec, cfg)
                    for cid, cfg in spec["components"].items()}
        doc = {"file": path, "made_with": MADE, "spec": spec, "expected": expected}
        check_finite(doc)
        out = os.path.join(HERE, f"confusion_scale_{name}.json")
        with open(out, "w", encoding="utf-8") as fh:
            # One line per component: the 160-class matrices are large.
            fh.write(json.dumps({k: v for k, v in doc.items() if k != "expected"}, ensure_ascii=False)[:-1])
            fh.write(', "expected": {\n')
            fh.write(",\n".join(f"{json.dumps(cid)}: {json.dumps(r, ensure_ascii=False, allow_nan=False, separators=(',', ':'))}"
                               for cid, r in expected.items()))
            fh.write("}}")
            fh.write("\n")
        first = next(iter(expected.values()))
        print(f"{name}: {len(first['labels'])} classes, {len(first['grid']['entries'])} grid entries -> "
              f"{os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()
