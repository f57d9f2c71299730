#!/usr/bin/python3
"""Reference results of a spec's decision threshold, computed with scikit-learn.

    /usr/bin/python3 tests/reference/make_threshold.py

Writes tests/reference/threshold_<case>.json in the format of make_references.py, which
tests/js/reference.test.js holds the CLI's `run` to (1e-9). Definitions (wasm/src/threshold.c,
components/roc-pr/README.md):

- the view's prediction is derived: the positive class (the score column's class) where
  score >= value, the label's other class elsewhere, missing where the score is missing; it is
  the column "<score> ≥ threshold", and every component sees it as the prediction;
- the confusion matrix over it is sklearn's confusion_matrix / precision_recall_fscore_support
  (make_references.confusion), rows with a missing label or derived prediction left out;
- roc-pr's "at_threshold" over the curve's rows (label and score present): tp, fp, fn, tn of
  confusion_matrix(y, score >= value), precision_score / recall_score (zero_division=0), and
  fpr = fp / (fp + tn) (None with no negative row).

Also writes tests/reference/data/breast_cancer_01.csv: breast_cancer.csv's label as numbers
(1 malignant, 0 benign) with its score p_1, for a numeric label.
"""
import json
import os
import sys

import numpy as np
from sklearn.metrics import confusion_matrix, precision_score, recall_score

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_references as ref  # noqa: E402

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_threshold.py")
BC = "examples/breast_cancer.csv"
BC01 = "tests/reference/data/breast_cancer_01.csv"


def write_bc01():
    df = ref.read(BC)
    out = df[["id", "mean_radius"]].copy()
    out["y"] = df["diagnosis"].map({"malignant": 1, "benign": 0}).astype("Int64")
    out["p_1"] = df["p_malignant"]
    out.to_csv(os.path.join(ref.ROOT, BC01), index=False, na_rep="", float_format=None)


def derived(df, score, value, positive, negative):
    s = df[score]
    out = np.where(s >= value, positive, negative).astype(object)
    out[s.isna().to_numpy()] = None
    return out


def at_threshold(df, mask, label, score, positive, value):
    use = mask & df[label].notna().to_numpy() & df[score].notna().to_numpy()
    y = df[label].to_numpy()[use] == positive
    hit = df[score].to_numpy()[use] >= value
    tn, fp, fn, tp = confusion_matrix(y, hit, labels=[False, True]).ravel()
    return {"threshold": value, "tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn),
            "precision": float(precision_score(y, hit, zero_division=0)),
            "recall": float(recall_score(y, hit, zero_division=0)),
            "fpr": float(fp / (fp + tn)) if fp + tn else None}


# (name, file, label, score, positive, negative, spec)
CASES = [
    ("threshold_breast_cancer_0_3", BC, "diagnosis", "p_malignant", "malignant", "benign", {
        "sinfonia": 1, "threshold": {"value": 0.3},
        "components": {"cm": {"type": "confusion-matrix"}, "r": {"type": "roc-pr", "max_points": 2}}}),
    # A clause on the derived prediction filters the other components.
    ("threshold_breast_cancer_0_7_selected", BC, "diagnosis", "p_malignant", "malignant", "benign", {
        "sinfonia": 1, "threshold": {"value": 0.7, "score": "p_malignant"},
        "filters": [{"field": "p_malignant ≥ threshold", "in": ["malignant"], "source": "cm"},
                    {"field": "mean_radius", "range": [10, 18]}],
        "components": {"cm": {"type": "confusion-matrix"}, "r": {"type": "roc-pr", "max_points": 2}}}),
    # The other class's score: benign is the positive class.
    ("threshold_breast_cancer_benign", BC, "diagnosis", "p_benign", "benign", "malignant", {
        "sinfonia": 1, "threshold": {"value": 0.45, "score": "p_benign"},
        "components": {"cm": {"type": "confusion-matrix"},
                       "r": {"type": "roc-pr", "positive": "benign", "max_points": 2}}}),
    # A numeric label (0/1): the derived prediction holds numbers.
    ("threshold_breast_cancer_01", BC01, "y", "p_1", 1, 0, {
        "sinfonia": 1, "threshold": {"value": 0.5},
        "components": {"r": {"type": "roc-pr", "max_points": 2}}}),
]


def main():
    write_bc01()
    for name, path, label, score, positive, negative, sp in CASES:
        df = ref.read(path)
        value = sp["threshold"]["value"]
        column = f"{score} ≥ threshold"
        df[column] = derived(df, score, value, positive, negative)
        roles = {"columns": {label: {"role": "label"}, column: {"role": "prediction"}}}
        expected = {}
        for cid, cfg in sp["components"].items():
            mask = ref.row_mask(df, sp.get("filters"), cid)
            if cfg["type"] == "confusion-matrix":
                expected[cid] = dict(ref.confusion(df, mask, roles, cfg), label=label, prediction=column)
            else:
                expected[cid] = {"label": label, "scores": [score], "positive": positive,
                                 "at_threshold": at_threshold(df, mask, label, score, positive, value)}
        doc = {"file": path, "made_with": MADE_WITH, "spec": sp, "expected": expected}
        ref.check_finite(doc)
        out = os.path.join(HERE, f"{name}.json")
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, allow_nan=False, ensure_ascii=False)
            fh.write("\n")
        op = expected["r"]["at_threshold"]
        print(f"{name}: tp {op['tp']} fp {op['fp']} fn {op['fn']} tn {op['tn']} -> {os.path.relpath(out, ref.ROOT)}")


if __name__ == "__main__":
    main()
