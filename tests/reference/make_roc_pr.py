#!/usr/bin/python3
"""Reference results of the roc-pr component, computed with scikit-learn.

    /usr/bin/python3 tests/reference/make_roc_pr.py

Writes tests/reference/roc_pr_<case>.json in the format of make_references.py
({"file", "made_with", "spec", "expected"}), which tests/js/reference.test.js holds the
CLI's `run` to (1e-9) and tests/js/roc-pr.test.js measures. Definitions (DESIGN.md
"Result contracts", components/roc-pr/README.md):

- rows used: selected, with a label and every score needed (binary: the positive
  class's score; multi-class: every class's); the others are counted in "missing";
- binary, positive class c, score column p_c: y = (label == c),
  roc_curve(y, p_c) (drop_intermediate=True), precision_recall_curve(y, p_c),
  roc_auc_score(y, p_c) (None when it raises: one class only),
  average_precision_score(y, p_c);
- the ROC's first threshold (sklearn 1.2: max + 1; 1.3+: inf) is written None, and
  so is the PR's last point's (sklearn gives it none); nan (a rate with no
  negatives / positives) is written None;
- multi-class: one such object per class, one-vs-rest, and macro_roc_auc =
  roc_auc_score(label, scores, multi_class="ovr", average="macro", labels=classes)
  (None when it raises);
- max_points thins only the returned points: when a curve has n > max_points points,
  the points at indices (i * (n - 1) + (max_points - 1) // 2) // (max_points - 1).
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (average_precision_score, precision_recall_curve, roc_auc_score,
                             roc_curve)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_references as ref  # noqa: E402  (read(), row_mask(), f(), MADE_WITH)

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_roc_pr.py")
FULL = 10000  # max_points that returns every point of these curves


def thin(points, max_points):
    n = len(points)
    if n <= max_points:
        return points
    m = max_points
    return [points[(i * (n - 1) + (m - 1) // 2) // (m - 1)] for i in range(m)]


def curve(y, s, max_points):
    """One binary curve: y bool (positive rows), s the scores."""
    y = np.asarray(y, dtype=int)
    s = np.asarray(s, dtype=float)
    out = {"positives": int(y.sum())}
    if len(y) == 0:  # sklearn refuses empty input: no curve, no numbers
        out.update(roc_auc=None, average_precision=None, roc_points=0, pr_points=0, roc=[], pr=[])
        return out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one class only: sklearn warns and returns nan rates
        fpr, tpr, thr = roc_curve(y, s)
        precision, recall, pthr = precision_recall_curve(y, s)
        try:
            auc = float(roc_auc_score(y, s))
        except ValueError:
            auc = None
        ap = float(average_precision_score(y, s))
    roc = [{"fpr": ref.f(a), "tpr": ref.f(b), "threshold": None if i == 0 else float(t)}
           for i, (a, b, t) in enumerate(zip(fpr, tpr, thr))]
    pr = [{"precision": ref.f(p), "recall": ref.f(r),
           "threshold": float(pthr[i]) if i < len(pthr) else None}
          for i, (p, r) in enumerate(zip(precision, recall))]
    out.update(roc_auc=auc, average_precision=ap, roc_points=len(roc), pr_points=len(pr),
               roc=thin(roc, max_points), pr=thin(pr, max_points))
    return out


def roc_pr(df, mask, cfg, label, classes):
    """classes: the scored classes in label order (score column p_<class>)."""
    max_points = cfg.get("max_points", 200)
    multi = "positive" not in cfg and len(classes) >= 3
    positive = cfg.get("positive", classes[-1])
    needed = [f"p_{c}" for c in classes] if multi else [f"p_{positive}"]
    use = mask & df[label].notna().to_numpy()
    for col in needed:
        use &= df[col].notna().to_numpy()
    y = df[label].to_numpy()[use].astype(str)
    out = {"label": label, "scores": needed}
    if not multi:
        out["positive"] = positive
    out["count"] = int(use.sum())
    out["missing"] = int(mask.sum() - use.sum())
    if not multi:
        out.update(curve(y == positive, df[needed[0]].to_numpy()[use], max_points))
        return out
    out["classes"] = []
    for c in classes:
        obj = {"positive": c, "score": f"p_{c}"}
        obj.update(curve(y == c, df[f"p_{c}"].to_numpy()[use], max_points))
        out["classes"].append(obj)
    try:
        scores = df[needed].to_numpy()[use]
        out["macro_roc_auc"] = float(roc_auc_score(y, scores, multi_class="ovr", average="macro",
                                                   labels=classes))
    except ValueError:
        out["macro_roc_auc"] = None
    return out


BC = "examples/breast_cancer.csv"
BC_CLASSES = ["benign", "malignant"]
PENGUINS = "examples/penguins.csv"
PENGUIN_CLASSES = ["Adelie", "Chinstrap", "Gentoo"]


def spec(filters, components):
    # Roles are inferred from the names (diagnosis + diagnosis_pred, p_<class>).
    return {"sinfonia": 1, "filters": filters, "components": components}


CASES = [
    ("roc_pr_breast_cancer_all", BC, "diagnosis", BC_CLASSES, spec([], {
        "r": {"type": "roc-pr", "max_points": FULL},
        "thin": {"type": "roc-pr", "max_points": 40},
        "default": {"type": "roc-pr"},
        "benign": {"type": "roc-pr", "positive": "benign", "max_points": FULL}})),
    ("roc_pr_breast_cancer_radius_10_15", BC, "diagnosis", BC_CLASSES, spec(
        [{"field": "mean_radius", "range": [10, 15]}],
        {"r": {"type": "roc-pr", "max_points": FULL}})),
    ("roc_pr_breast_cancer_label_missing", BC, "diagnosis", BC_CLASSES, spec(
        [{"field": "diagnosis", "in": [None]}],
        {"r": {"type": "roc-pr", "max_points": FULL}})),
    ("roc_pr_penguins_all", PENGUINS, "species", PENGUIN_CLASSES, spec([], {
        "m": {"type": "roc-pr", "max_points": FULL},
        "thin": {"type": "roc-pr", "max_points": 25},
        "gentoo": {"type": "roc-pr", "positive": "Gentoo", "max_points": FULL}})),
    ("roc_pr_penguins_bill_length_40_50", PENGUINS, "species", PENGUIN_CLASSES, spec(
        [{"field": "bill_length_mm", "range": [40, 50]}],
        {"m": {"type": "roc-pr", "max_points": FULL}})),
    # Dream has no Gentoo: its AUC (and so the macro AUC) is undefined, its AP 0.
    ("roc_pr_penguins_island_dream", PENGUINS, "species", PENGUIN_CLASSES, spec(
        [{"field": "island", "in": ["Dream"]}],
        {"m": {"type": "roc-pr", "max_points": FULL}})),
]


def main():
    for name, path, label, classes, sp in CASES:
        df = ref.read(path)
        expected = {}
        for cid, cfg in sp["components"].items():
            mask = ref.row_mask(df, sp.get("filters"), cid)
            expected[cid] = roc_pr(df, mask, cfg, label, classes)
        doc = {"file": path, "made_with": MADE_WITH, "spec": sp, "expected": expected}
        ref.check_finite(doc)
        out = os.path.join(HERE, f"{name}.json")
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, allow_nan=False)
            fh.write("\n")
        first = next(iter(expected.values()))
        auc = first.get("roc_auc", first.get("macro_roc_auc"))
        print(f"{name}: {first['count']} rows used, {first['missing']} missing, AUC {auc} -> "
              f"{os.path.relpath(out, ref.ROOT)}")


if __name__ == "__main__":
    main()
