#!/usr/bin/python3
"""Reference results of the embedding component (PCA), with scikit-learn / numpy.

    /usr/bin/python3 tests/reference/make_embedding.py

Writes tests/reference/data/digits_embedding.csv (sklearn's load_digits: px00..px63, the
label and `pred`, an out-of-fold GaussianNB prediction, so some points are errors) and,
for each case below, tests/reference/<name>.json in the format of make_references.py:
{"file", "made_with", "spec", "expected"}, which tests/js/reference.test.js holds the
CLI's `run` to (numbers within 1e-9, counts exactly).

Definitions (components/embedding/README.md):
- fields: the config's, else the largest group of numeric columns named <prefix><digits>
  (px00..px63), else every numeric column whose role is a plain feature;
- rows used: the selected rows with every field present; "missing" counts the others;
- sklearn.decomposition.PCA(svd_solver="full") fit on them (centred, not scaled):
  explained_variance_ratio_ (all min(n, d) of them), components_[:2], and transform()[:, :2]
  as the points, in row order with their row ids. sklearn 1.2's svd_flip decides signs
  from U (the row with the largest |score| on a component has a positive score);
- colour: the value of the label / prediction column of each point, or for "error"
  whether they differ (null when either is missing);
- more used rows than max_points: no points but a density, numpy.histogram2d of the two
  coordinates over grid x grid cells spanning their extents; each non-empty cell with its
  count and, colouring by a column, its most frequent value ("top", ties to the smallest)
  and that count, or colouring by error, "errors" among "judged" (both values present).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.model_selection import cross_val_predict, KFold
from sklearn.naive_bayes import GaussianNB

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_references import MADE_WITH, HERE, read, row_mask, check_finite  # noqa: E402

MADE_WITH = {**MADE_WITH, "script": "tests/reference/make_embedding.py"}
DIGITS = "tests/reference/data/digits_embedding.csv"
PENGUINS = "examples/penguins.csv"
PENGUIN_FEATURES = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]


def write_digits():
    d = load_digits()
    X, y = d.data, d.target
    pred = cross_val_predict(GaussianNB(), X, y, cv=KFold(5, shuffle=True, random_state=0))
    df = pd.DataFrame(X.astype(int), columns=[f"px{k:02d}" for k in range(64)])
    df["label"] = y
    df["pred"] = pred
    df.to_csv(os.path.join(HERE, "data", "digits_embedding.csv"), index=False, lineterminator="\n")


def json_value(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v)
    return str(v)


def embedding(df, mask, cfg, fields, label, pred):
    color = cfg.get("color", "label")
    max_points, grid = int(cfg.get("max_points", 5000)), int(cfg.get("grid", 50))
    X_all = df[fields].astype(float).to_numpy()
    ok = ~np.isnan(X_all).any(axis=1)
    used = np.flatnonzero(mask & ok)
    X = X_all[used]
    pca = PCA(svd_solver="full").fit(X)
    coords = pca.transform(X)[:, :2]
    out = {"method": "pca", "fields": fields, "count": len(used), "missing": int((mask & ~ok).sum()),
           "explained_variance_ratio": [float(v) for v in pca.explained_variance_ratio_],
           "components": [[float(v) for v in row] for row in pca.components_[:2]],
           "color": color}
    col = {"label": label, "prediction": pred}.get(color)
    if col:
        values = [json_value(v) for v in df[col].to_numpy()[used]]
    elif color == "error":
        a, b = df[label].to_numpy()[used], df[pred].to_numpy()[used]
        values = [None if pd.isna(x) or pd.isna(y) else bool(str(x) != str(y)) for x, y in zip(a, b)]
    if len(used) <= max_points:
        out["rows"] = [int(r) for r in used]
        out["points"] = [[float(x), float(y)] for x, y in coords]
        if color != "none":
            out["values"] = values
        return out
    xr = (coords[:, 0].min(), coords[:, 0].max())
    yr = (coords[:, 1].min(), coords[:, 1].max())
    h, xe, ye = np.histogram2d(coords[:, 0], coords[:, 1], bins=grid, range=[xr, yr])
    ix = np.clip(np.searchsorted(xe, coords[:, 0], side="right") - 1, 0, grid - 1)
    iy = np.clip(np.searchsorted(ye, coords[:, 1], side="right") - 1, 0, grid - 1)
    cells = []
    for i in range(grid):
        for j in range(grid):
            if not h[i, j]:
                continue
            cell = {"i": i, "j": j, "count": int(h[i, j])}
            inside = [values[k] for k in np.flatnonzero((ix == i) & (iy == j))] if color != "none" else []
            if col:
                present = sorted({v for v in inside if v is not None})
                if present:
                    counts = [sum(1 for v in inside if v == p) for p in present]
                    best = int(np.argmax(counts))  # first of the largest: the smallest value
                    cell["top"], cell["top_count"] = present[best], counts[best]
            elif color == "error":
                cell["errors"] = sum(1 for v in inside if v is True)
                cell["judged"] = sum(1 for v in inside if v is not None)
            cells.append(cell)
    assert h.sum() == len(used)
    out["density"] = {"x": [float(xe[0]), float(xe[-1])], "y": [float(ye[0]), float(ye[-1])], "grid": grid,
                      "cells": cells}
    return out


def spec(components, filters):
    return {"sinfonia": 1, "filters": filters, "components": components,
            "layout": {"rows": [{"columns": list(components)}]}}


PX = [f"px{k:02d}" for k in range(64)]
CASES = [
    # the default fields: the px00..px63 group; coloured by label (a number)
    ("embedding_digits_all", DIGITS, PX, ("label", "pred"),
     spec({"emb": {"type": "embedding"}, "err": {"type": "embedding", "color": "error"}}, [])),
    # more rows than max_points: a density, coloured by prediction and by error
    ("embedding_digits_density", DIGITS, PX, ("label", "pred"),
     spec({"emb": {"type": "embedding", "color": "prediction", "max_points": 200, "grid": 12},
           "err": {"type": "embedding", "color": "error", "max_points": 200, "grid": 7}},
          [{"field": "label", "in": [0, 1, 7]}])),
    # every plain numeric feature (no prefix group); 2 rows lack them: left out, counted
    ("embedding_penguins_all", PENGUINS, PENGUIN_FEATURES, ("species", "species_pred"),
     spec({"emb": {"type": "embedding", "color": "error"}}, [])),
    ("embedding_penguins_two_fields_biscoe", PENGUINS, ["bill_length_mm", "flipper_length_mm"],
     ("species", "species_pred"),
     spec({"emb": {"type": "embedding", "fields": ["bill_length_mm", "flipper_length_mm"], "color": "prediction"}},
          [{"field": "island", "in": ["Biscoe"]}])),
]


def main():
    write_digits()
    for name, path, fields, (label, pred), sp in CASES:
        df = read(path)
        expected = {cid: embedding(df, row_mask(df, sp["filters"], cid), cfg, cfg.get("fields", fields), label, pred)
                    for cid, cfg in sp["components"].items()}
        doc = {"file": path, "made_with": MADE_WITH, "spec": sp, "expected": expected}
        check_finite(doc)
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, allow_nan=False)
            fh.write("\n")
        r = next(iter(expected.values()))
        print(f"{name}: {r['count']} rows used, {r['missing']} missing; ratio "
              f"{r['explained_variance_ratio'][:2]}; {'points' if 'points' in r else 'density'}")


if __name__ == "__main__":
    main()
