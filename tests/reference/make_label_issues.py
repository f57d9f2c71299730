#!/usr/bin/python3
"""Reference results of the label-issues component: cleanlab's confident learning
restated in numpy (cleanlab is not installed here; its definitions are read from
cleanlab/filter.py, count.py, rank.py and internal/util.py and written out below,
not copied).

    /usr/bin/python3 tests/reference/make_label_issues.py

Writes tests/reference/label_issues_<case>.json in the format of make_references.py
({"file", "made_with", "spec", "expected"}), which tests/js/reference.test.js holds the
CLI's `run` to (1e-9; the issue rows, their order and counts exactly).

What cleanlab.filter.find_label_issues(labels, pred_probs,
return_indices_ranked_by="self_confidence") computes with its defaults
(filter_by="prune_by_noise_rate", frac_noise=1, min_examples_per_class=1):

1. thresholds (count.get_confident_thresholds): t_j = mean of pred_probs[:, j] over the
   rows labelled j; 2 for a class no row has; clipped below at 2e-6.
2. confident joint (count.compute_confident_joint): a row is confident of class j when
   p_j >= t_j - 1e-6. Its true-label guess: the one confident class, or with several the
   argmax of p (first on a tie); rows confident of none are not counted.
   C[given][guess] counts; diag(C) raised to at least 1.
3. calibration (count.calibrate_confident_joint): C[i] * count_i / sum(C[i]) (sum at least
   1e-100), then all / total * n, then util.round_preserving_row_totals: per row, round
   half to even; while the rounded sum differs from the rounded float sum, move the
   entries by one, up: the largest (float - int) first (ties: later entry first, the
   reversed stable argsort), down: the smallest first.
4. prune counts (filter._keep_at_least_n_per_class, n=1): P = C.T; a diagonal entry below
   1 raised to 1 and the amount added subtracted from every entry of its column divided
   by max(nonzeros in the column - 1, 1), negatives set to 0; truncated to int.
5. issues (filter._prune_by_count): for each given class k with more than 1 row, for each
   j != k with P[j][k] > 0, the first P[j][k] rows of argsort(-(p_j - p_k)) over the rows
   labelled k (in row order) are flagged. cleanlab's argsort is numpy's default
   (quicksort: ties in unspecified order); here kind="stable" (ties: earlier row), as
   the engine does.
6. count._reduce_issues: a flagged row whose argmax of p, with p[given] + 1e-6, is its
   given class is unflagged.
7. rank.order_label_issues: by self-confidence p[given] ascending (stable here too).

The component's extras: suggested = argmax p (first on a tie); "pairs" the issues per
(given, suggested); rows with a missing label or score are left out and counted.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_references as ref  # noqa: E402

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_label_issues.py")
ROOT = os.path.dirname(os.path.dirname(HERE))


def round_preserving_sum(floats):
    floats = np.asarray(floats, dtype=float)
    ints = floats.round()
    want = np.sum(floats).round()
    have = np.sum(ints).round()
    while abs(have - want) > 1e-6:
        diff = np.round(want - have)
        inc = -1 if diff < 0 else 1
        changes = min(int(abs(diff)), len(floats))
        order = np.argsort(floats - ints, kind="stable")[::-inc][:changes]
        ints[order] += inc
        have = np.sum(ints).round()
    return ints.astype(int)


def confident_learning(labels, p):
    """labels: int classes 0..K-1 (n,), p: (n, K). Returns the pieces of the result."""
    n, K = p.shape
    counts = np.bincount(labels, minlength=K)
    thr = np.array([np.mean(p[labels == k, k]) if counts[k] else 2.0 for k in range(K)])
    thr = np.clip(thr, 2e-6, None)
    confident = p >= thr - 1e-6
    nconf = confident.sum(axis=1)
    guess = np.where(nconf > 1, p.argmax(axis=1), confident.argmax(axis=1))
    C = np.zeros((K, K), dtype=int)
    for g, t in zip(labels[nconf > 0], guess[nconf > 0]):
        C[g, t] += 1
    np.fill_diagonal(C, np.maximum(C.diagonal(), 1))
    cal = (C.T / np.clip(C.sum(axis=1), 1e-100, None) * counts).T
    cal = cal / np.clip(np.sum(cal), 1e-100, None) * counts.sum()
    cj = np.array([round_preserving_sum(row) for row in cal])
    P = cj.T.astype(float)
    diag = P.diagonal().copy()
    new_diag = np.maximum(diag, 1)
    per_col = np.maximum(np.count_nonzero(P, axis=0) - 1.0, 1.0)
    new = P - (new_diag - diag) / per_col
    new[new < 0] = 0
    np.fill_diagonal(new, new_diag)
    P = new.astype(int)
    flag = np.zeros(n, bool)
    for k in range(K):
        rows = np.flatnonzero(labels == k)
        if len(rows) <= 1:
            continue
        for j in range(K):
            if j != k and P[j, k] > 0:
                margin = p[rows, j] - p[rows, k]
                flag[rows[np.argsort(-margin, kind="stable")[:P[j, k]]]] = True
    boosted = p.copy()
    boosted[np.arange(n), labels] += 1e-6
    flag[boosted.argmax(axis=1) == labels] = False
    score = p[np.arange(n), labels]
    issues = np.flatnonzero(flag)
    issues = issues[np.argsort(score[issues], kind="stable")]
    return thr, cj, P.T, issues, score, p.argmax(axis=1)


def label_issues(df, mask, label, classes, limit=500, one_column=None):
    """classes: the scored classes in label order, score columns p_<class>; one_column:
    binary with only p_<one_column>: [1 - p, p] with the other class first."""
    cols = [f"p_{one_column}"] if one_column else [f"p_{c}" for c in classes]
    use = mask & df[label].notna().to_numpy()
    for c in cols:
        use &= np.isfinite(df[c].to_numpy(dtype=float))
    missing = int(mask.sum() - use.sum())
    given = df[label].astype(str).to_numpy()
    scored = np.isin(given, classes)
    unscored = int((use & ~scored).sum())
    use &= scored
    rows = np.flatnonzero(use)
    labels = np.array([classes.index(v) for v in given[rows]], dtype=int)
    if one_column:
        q = df[cols[0]].to_numpy(dtype=float)[rows]
        p = np.column_stack([1 - q, q])
    else:
        p = df[cols].to_numpy(dtype=float)[rows]
    thr, cj, pc, issues, score, suggested = confident_learning(labels, p)
    K = len(classes)
    pairs = np.zeros((K, K), dtype=int)
    for i in issues:
        pairs[labels[i], suggested[i]] += 1
    return {
        "label": label, "scores": cols, "classes": classes,
        "rows": int(len(rows)), "missing": missing, "unscored": unscored,
        "thresholds": [float(t) for t in thr],
        "confident_joint": cj.tolist(), "prune_counts": pc.tolist(), "pairs": pairs.tolist(),
        "count": int(len(issues)), "limit": limit,
        "issues": [{"row": int(rows[i]), "given": classes[labels[i]], "suggested": classes[suggested[i]],
                    "score": float(score[i])} for i in issues[:limit]],
    }


def write(name, path, spec, expected):
    out = {"file": path, "made_with": MADE_WITH, "spec": spec, "expected": expected}
    with open(os.path.join(HERE, f"label_issues_{name}.json"), "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    print(f"label_issues_{name}.json: {expected['li']['count']} issues of {expected['li']['rows']} rows")


def main():
    flips = "tests/reference/data/label_flips.csv"
    df = ref.read(flips)
    all_rows = np.ones(len(df), bool)
    spec = {"sinfonia": 1, "components": {"li": {"type": "label-issues", "limit": 10000}}}
    write("flips", flips, spec, {"li": label_issues(df, all_rows, "label", ["cat", "dog", "fox", "owl"], 10000)})
    # A filter, and the one-score-column binary reading (p_dog only, two classes kept).
    two = {"field": "label", "in": ["cat", "dog"]}
    spec = {"sinfonia": 1, "filters": [two],
            "columns": {"p_cat": {"role": "feature"}, "p_fox": {"role": "feature"}, "p_owl": {"role": "feature"}},
            "components": {"li": {"type": "label-issues", "limit": 50}}}
    write("flips_binary_one_score", flips, spec,
          {"li": label_issues(df, ref.predicate_mask(df, two), "label", ["cat", "dog"], 50, one_column="dog")})

    # Scores in steps of 0.1: ties at the cuts (the earlier row is flagged) and in the ranking.
    coarse = "tests/reference/data/label_flips_coarse.csv"
    df = ref.read(coarse)
    spec = {"sinfonia": 1, "components": {"li": {"type": "label-issues", "limit": 10000}}}
    write("flips_coarse", coarse, spec,
          {"li": label_issues(df, np.ones(len(df), bool), "label", ["cat", "dog", "fox", "owl"], 10000)})

    penguins = "examples/penguins.csv"
    df = ref.read(penguins)
    spec = {"sinfonia": 1, "components": {"li": {"type": "label-issues"}}}
    write("penguins", penguins, spec,
          {"li": label_issues(df, np.ones(len(df), bool), "species", ["Adelie", "Chinstrap", "Gentoo"])})
    island = {"field": "island", "in": ["Dream"]}
    write("penguins_dream", penguins, dict(spec, filters=[island]),
          {"li": label_issues(df, ref.predicate_mask(df, island), "species", ["Adelie", "Chinstrap", "Gentoo"])})

    bc = "examples/breast_cancer.csv"
    df = ref.read(bc)
    spec = {"sinfonia": 1, "components": {"li": {"type": "label-issues", "limit": 20}}}
    write("breast_cancer", bc, spec,
          {"li": label_issues(df, np.ones(len(df), bool), "diagnosis", ["benign", "malignant"], 20)})


if __name__ == "__main__":
    main()
