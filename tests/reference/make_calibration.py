#!/usr/bin/python3
"""Reference results of the calibration component, with scikit-learn and numpy.

    /usr/bin/python3 tests/reference/make_calibration.py

Writes tests/reference/data/calibration_binary.csv and calibration_multi.csv (numeric
labels, scores rounded so that many lie exactly on bin edges, planted out-of-range and
unusable rows; derived from the examples, see derive_*) and, for each case below,
tests/reference/calibration_<case>.json in the format of make_references.py ({"file",
"made_with", "spec", "expected"}), which tests/js/reference.test.js holds the CLI's `run`
to (1e-9) and tests/js/calibration.test.js measures. Definitions
(components/calibration/README.md):

- binary (a "positive", or one or two scored classes: the last in label order): score =
  p_<positive>, y = (label == positive); top-label (three or more scored classes):
  score = the row's largest class score (the first class on a tie, numpy.argmax over
  the classes in label order), y = (that class == label);
- rows: selected; "missing" = a missing label or needed score (binary: the positive's,
  top-label: any class's); "invalid" = a needed score outside [0, 1], or (top-label) all
  scores 0 or a label no score column scores; the rest are used ("count");
- bins by DESIGN.md's rule: edges numpy.linspace(0, 1, bins + 1), a score on an inner
  edge in the upper bin, 1.0 in the last (numpy.digitize(score, inner edges); checked
  equal to numpy.histogram's counts); mean_score / frac_positive per bin, None if empty;
  cross-checked against sklearn.calibration.calibration_curve(strategy="uniform"): equal
  where no score lies on an inner edge; where some do (sklearn 1.2 puts them in the lower
  bin), equal to calibration_curve of the scores with each edge score moved up one ulp;
- ece = sum count / n * |frac_positive - mean_score|;
- brier: binary brier_score_loss(y, score); top-label numpy: mean over rows of
  sum_k (q_k - [label = k])^2, q = the class scores over their row sum;
- log_loss: sklearn 1.2's log_loss(labels=classes) (eps="auto": clip to
  [float64 eps, 1 - eps], renormalize each row); binary log_loss(y, p, labels=[0, 1]);
- no rows: ece, brier and log_loss None.
"""
import csv
import json
import os
import sys
import warnings

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_references as ref  # noqa: E402  (read(), row_mask(), check_finite(), MADE_WITH)

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_calibration.py")


def design_bins(score, y, n):
    """The DESIGN.md bins of scores in [0, 1] with positives y, cross-checked with numpy and sklearn."""
    edges = np.linspace(0.0, 1.0, n + 1)
    idx = np.digitize(score, edges[1:-1])  # edges[i-1] <= s < edges[i]: an inner edge goes up; 1.0 to the last
    count = np.bincount(idx, minlength=n)
    assert (count == np.histogram(score, bins=n, range=(0, 1))[0]).all()
    sums = np.bincount(idx, weights=score, minlength=n)
    pos = np.bincount(idx, weights=y.astype(float), minlength=n)
    nz = count > 0
    mean = np.where(nz, sums / np.maximum(count, 1), np.nan)
    frac = np.where(nz, pos / np.maximum(count, 1), np.nan)
    if len(score):
        on_edge = np.isin(score, edges[1:-1])
        # sklearn's rule puts an edge score in the lower bin: one ulp up moves it to ours.
        moved = np.where(on_edge, np.nextafter(score, 2.0), score)
        prob_true, prob_pred = calibration_curve(y.astype(int), moved, n_bins=n, strategy="uniform", pos_label=1)
        assert np.allclose(prob_true, frac[nz], rtol=0, atol=1e-12), "calibration_curve prob_true"
        assert np.allclose(prob_pred, mean[nz], rtol=0, atol=1e-12), "calibration_curve prob_pred"
        if on_edge.any():  # the data does exercise the rule: sklearn as is bins differently
            t2, _ = calibration_curve(y.astype(int), score, n_bins=n, strategy="uniform", pos_label=1)
            assert len(t2) != nz.sum() or not np.allclose(t2, frac[nz]), "edge scores change nothing?"
    bins = [{"lo": float(edges[i]), "hi": float(edges[i + 1]), "count": int(count[i]),
             "mean_score": ref.f(mean[i]), "frac_positive": ref.f(frac[i])} for i in range(n)]
    ece = float(np.sum(count[nz] / len(score) * np.abs(frac[nz] - mean[nz]))) if len(score) else None
    return bins, ece, int(on_edge.sum()) if len(score) else 0


def calibration(df, mask, cfg, label, classes):
    """classes: the scored classes in label order (score column p_<class>)."""
    n_bins = cfg.get("bins", 10)
    top = "positive" not in cfg and len(classes) >= 3
    positive = None if top else classes[-1]
    if "positive" in cfg:  # the class as text: the class it names
        positive = next(c for c in classes if str(c) == cfg["positive"])
    needed = [f"p_{c}" for c in classes] if top else [f"p_{positive}"]
    lab = df[label].to_numpy()
    present = mask & df[label].notna().to_numpy()
    for col in needed:
        present &= df[col].notna().to_numpy()
    scores = df[needed].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        valid = present & np.all((scores >= 0) & (scores <= 1), axis=1)
        if top:
            valid &= scores.sum(axis=1) > 0
            valid &= np.isin(lab, classes)
    out = {"label": label, "scores": needed}
    if top:
        out["mode"] = "top-label"
    else:
        out["positive"] = positive
    out["count"] = int(valid.sum())
    out["missing"] = int(mask.sum() - present.sum())
    out["invalid"] = int(present.sum() - valid.sum())
    y_true, P = lab[valid], scores[valid]
    if top:
        arg = np.argmax(P, axis=1)
        score = P[np.arange(len(P)), arg]
        y = np.asarray(classes, dtype=object)[arg] == y_true
    else:
        score = P[:, 0]
        y = y_true == positive
    bins, ece, on_edge = design_bins(score, y, n_bins)
    out["bins"] = bins
    out["ece"] = ece
    if not len(score):
        out.update(brier=None, log_loss=None)
        return out, on_edge
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if top:
            q = P / P.sum(axis=1, keepdims=True)
            onehot = (np.asarray(classes, dtype=object)[None, :] == y_true[:, None]).astype(float)
            out["brier"] = float(np.mean(np.sum((q - onehot) ** 2, axis=1)))
            out["log_loss"] = float(log_loss(list(y_true), P, labels=classes))
        else:
            out["brier"] = float(brier_score_loss(y.astype(int), score, pos_label=1))
            out["log_loss"] = float(log_loss(y.astype(int), score, labels=[0, 1]))
    return out, on_edge


# ---------------------------------------------------------------- derived data

def write_csv(path, header, rows):
    with open(os.path.join(HERE, path), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else repr(v) if isinstance(v, float) else v for v in r])


def derive_binary():
    """breast_cancer.csv as target 0/1 (1 = malignant) and p_1 = p_malignant rounded to one
    decimal: scores 0.1, 0.2, 0.4, 0.5, 0.8, 0.9 sit exactly on linspace(0, 1, 11)'s inner
    edges (0.3, 0.6, 0.7 fall just below theirs), 0.0 and 1.0 occur; rows 40 and 41 get
    -0.05 and 1.25 (out of range), the example's missing label and score rows stay."""
    df = ref.read(BC)
    rows = []
    for i, r in df.iterrows():
        target = None if r["diagnosis"] != r["diagnosis"] else int(r["diagnosis"] == "malignant")
        p = r["p_malignant"]
        p1 = None if p != p else round(float(p), 1)
        if i == 40:
            p1 = -0.05
        elif i == 41:
            p1 = 1.25
        rows.append([int(r["id"]), float(r["mean_radius"]), target, p1])
    write_csv(BINARY, ["id", "mean_radius", "target", "p_1"], rows)


def derive_multi():
    """penguins.csv as target 0/1/2 (Adelie, Chinstrap, Gentoo) and p_0, p_1, p_2 rounded to
    two decimals (rows then sum to 0.99-1.01; top scores such as 0.5 and 0.8 sit on edges).
    Planted: row 5 a score 1.5 and row 6 a score -0.1 (out of range), row 7 all scores 0,
    rows 8 and 9 the label 3 (no score column scores it), row 10 a missing p_1, row 11 a
    missing label, row 12 a tie (0.4, 0.4, 0.2: the first class, Adelie, is the top)."""
    df = ref.read(PENGUINS)
    code = {"Adelie": 0, "Chinstrap": 1, "Gentoo": 2}
    rows = []
    for i, r in df.iterrows():
        p = [round(float(r[f"p_{c}"]), 2) for c in code]
        target = code[r["species"]]
        if i == 5:
            p[1] = 1.5
        elif i == 6:
            p[2] = -0.1
        elif i == 7:
            p = [0.0, 0.0, 0.0]
        elif i in (8, 9):
            target = 3
        elif i == 10:
            p[1] = None
        elif i == 11:
            target = None
        elif i == 12:
            p = [0.4, 0.4, 0.2]
        rows.append([int(r["id"]), r["island"], float(r["bill_length_mm"]) if r["bill_length_mm"] == r["bill_length_mm"] else None, target] + p)
    write_csv(MULTI, ["id", "island", "bill_length_mm", "target", "p_0", "p_1", "p_2"], rows)


BC = "examples/breast_cancer.csv"
PENGUINS = "examples/penguins.csv"
BINARY = "data/calibration_binary.csv"
MULTI = "data/calibration_multi.csv"


def spec(filters, components):
    # Roles are inferred from the names (diagnosis / species / target, p_<class>).
    return {"sinfonia": 1, "filters": filters, "components": components}


CASES = [
    ("calibration_breast_cancer_all", BC, "diagnosis", ["benign", "malignant"], spec([], {
        "c": {"type": "calibration"},
        "c20": {"type": "calibration", "bins": 20},
        "c7": {"type": "calibration", "bins": 7},
        "c1": {"type": "calibration", "bins": 1},
        "benign": {"type": "calibration", "positive": "benign"}})),
    ("calibration_breast_cancer_radius_10_15", BC, "diagnosis", ["benign", "malignant"], spec(
        [{"field": "mean_radius", "range": [10, 15]}], {"c": {"type": "calibration"}})),
    # Only the rows without a label: every one is missing, nothing is used.
    ("calibration_breast_cancer_label_missing", BC, "diagnosis", ["benign", "malignant"], spec(
        [{"field": "diagnosis", "in": [None]}], {"c": {"type": "calibration"}})),
    ("calibration_penguins_all", PENGUINS, "species", ["Adelie", "Chinstrap", "Gentoo"], spec([], {
        "m": {"type": "calibration"},
        "m15": {"type": "calibration", "bins": 15},
        "gentoo": {"type": "calibration", "positive": "Gentoo"}})),
    ("calibration_penguins_bill_length_40_50", PENGUINS, "species", ["Adelie", "Chinstrap", "Gentoo"], spec(
        [{"field": "bill_length_mm", "range": [40, 50]}], {"m": {"type": "calibration"}})),
    # Dream has no Gentoo: the top-label reading is unaffected, binary Gentoo has no positives.
    ("calibration_penguins_island_dream", PENGUINS, "species", ["Adelie", "Chinstrap", "Gentoo"], spec(
        [{"field": "island", "in": ["Dream"]}],
        {"m": {"type": "calibration"}, "gentoo": {"type": "calibration", "positive": "Gentoo", "bins": 5}})),
    ("calibration_numeric_binary_all", "tests/reference/" + BINARY, "target", [0, 1], spec([], {
        "c": {"type": "calibration"},
        "c5": {"type": "calibration", "bins": 5},
        "c4": {"type": "calibration", "bins": 4}})),
    # The range a click on bins 2-3 (of 10) selects: [0.2, the double below 0.4] (closed).
    ("calibration_numeric_binary_score_bins_2_3", "tests/reference/" + BINARY, "target", [0, 1], spec(
        [{"field": "p_1", "range": [0.2, float(np.nextafter(0.4, 0))]}], {"c": {"type": "calibration"}})),
    ("calibration_numeric_multi_all", "tests/reference/" + MULTI, "target", [0, 1, 2], spec([], {
        "m": {"type": "calibration"},
        "m20": {"type": "calibration", "bins": 20},
        "one": {"type": "calibration", "positive": "1"}})),
    ("calibration_numeric_multi_island_biscoe", "tests/reference/" + MULTI, "target", [0, 1, 2], spec(
        [{"field": "island", "in": ["Biscoe"]}], {"m": {"type": "calibration", "bins": 8}})),
]


def main():
    derive_binary()
    derive_multi()
    for name, path, label, classes, sp in CASES:
        df = ref.read(path)
        expected = {}
        edges = 0
        for cid, cfg in sp["components"].items():
            mask = ref.row_mask(df, sp.get("filters"), cid)
            expected[cid], on_edge = calibration(df, mask, {k: v for k, v in cfg.items() if k != "type"}, label, classes)
            edges += on_edge
        doc = {"file": path, "made_with": MADE_WITH, "spec": sp, "expected": expected}
        ref.check_finite(doc)
        out = os.path.join(HERE, f"{name}.json")
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, allow_nan=False)
            fh.write("\n")
        first = next(iter(expected.values()))
        print(f"{name}: {first['count']} used, {first['missing']} missing, {first['invalid']} invalid, "
              f"ECE {first['ece']}, {edges} scores on inner edges -> {os.path.relpath(out, ref.ROOT)}")


if __name__ == "__main__":
    main()
