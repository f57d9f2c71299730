#!/usr/bin/python3
"""Reference results of the regression component, with scikit-learn / numpy.

    /usr/bin/python3 tests/reference/make_regression.py

Writes tests/reference/data/diabetes.csv (sklearn's bundled diabetes data with an
out-of-fold prediction) and, for each case below, tests/reference/<name>.json in the
format of make_references.py: {"file", "made_with", "spec", "expected"}, which
tests/js/reference.test.js holds the CLI's `run` to (numbers within 1e-9, counts exactly).

Definitions (components/regression/README.md):
- rows used: selected rows where label and prediction are both present; "missing" counts
  the selected rows lacking either;
- mae = mean_absolute_error, rmse = sqrt(mean_squared_error), r2 = r2_score (None when
  undefined: no rows, or fewer than two for r2);
- residual = prediction - label; bins = numpy.histogram(selected residuals, bins,
  range=(min, max) of the residuals of EVERY row with both values);
- scatter = numpy.histogram2d(label, prediction, bins=grid, range=[e, e]) over the selected
  rows, e = (min, max) of both columns over every row with both values; nonzero cells
  listed by i (label's cell) then j (prediction's cell).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_references import MADE_WITH, ROOT, HERE, read, row_mask, check_finite  # noqa: E402

MADE_WITH = {**MADE_WITH, "script": "tests/reference/make_regression.py"}


def f(x):
    x = float(x)
    return None if not np.isfinite(x) else x


def regression(df, mask, cfg, label, pred):
    bins, grid = int(cfg.get("bins", 20)), int(cfg.get("grid", 40))
    y_all = df[label].astype(float).to_numpy()
    p_all = df[pred].astype(float).to_numpy()
    ok = ~np.isnan(y_all) & ~np.isnan(p_all)
    sel = mask & ok
    y, p = y_all[sel], p_all[sel]
    out = {"label": label, "prediction": pred, "count": int(sel.sum()),
           "missing": int((mask & ~ok).sum()),
           "mae": f(mean_absolute_error(y, p)) if len(y) else None,
           "rmse": f(np.sqrt(mean_squared_error(y, p))) if len(y) else None,
           "r2": f(r2_score(y, p)) if len(y) >= 2 else None}
    resid_all = p_all[ok] - y_all[ok]
    rng = (resid_all.min(), resid_all.max()) if len(resid_all) else (0.0, 1.0)
    counts, edges = np.histogram(p - y, bins=bins, range=rng)
    out["residuals"] = {"bins": [{"lo": f(edges[k]), "hi": f(edges[k + 1]), "count": int(counts[k])}
                                 for k in range(bins)]}
    both = np.concatenate([y_all[ok], p_all[ok]])
    ext = (both.min(), both.max()) if len(both) else (0.0, 1.0)
    h, xe, ye = np.histogram2d(y, p, bins=grid, range=[ext, ext])
    out["scatter"] = {
        "x": [f(xe[0]), f(xe[-1])], "y": [f(ye[0]), f(ye[-1])], "grid": grid,
        "cells": [{"i": int(i), "j": int(j), "count": int(h[i, j])}
                  for i in range(grid) for j in range(grid) if h[i, j] > 0],
    }
    return out


def spec(components, filters):
    return {"sinfonia": 1, "filters": filters, "components": components,
            "layout": {"rows": [{"columns": list(components)}]}}


def write_diabetes():
    """tests/reference/data/diabetes.csv: the 442 rows of sklearn's diabetes data (scaled
    features as sklearn ships them), target, and target_pred: out-of-fold
    StandardScaler + Ridge(alpha=1) over KFold(5, shuffle=True, random_state=0),
    rounded to 3 decimals."""
    d = load_diabetes(as_frame=True)
    df = d.frame.copy()
    X, y = d.data.to_numpy(), d.target.to_numpy()
    pred = np.empty(len(y))
    for train, test in KFold(n_splits=5, shuffle=True, random_state=0).split(X):
        model = make_pipeline(StandardScaler(), Ridge(alpha=1.0)).fit(X[train], y[train])
        pred[test] = model.predict(X[test])
    df["target_pred"] = np.round(pred, 3)
    os.makedirs(os.path.join(HERE, "data"), exist_ok=True)
    out = df.copy()
    for c in out.columns:
        out[c] = [repr(float(v)) if not float(v).is_integer() else str(int(v)) for v in out[c]]
    out.to_csv(os.path.join(HERE, "data", "diabetes.csv"), index=False, lineterminator="\n")


MPG = ("miles_per_gallon", "miles_per_gallon_pred")
DIABETES = ("target", "target_pred")
CASES = [
    # roles inferred from the names (X and X_pred); one run with the defaults, one with
    # the columns, bins and grid given.
    ("regression_cars_mpg_all", "examples/cars_mpg.csv", MPG,
     spec({"reg": {"type": "regression"},
           "reg2": {"type": "regression", "label": MPG[0], "prediction": MPG[1], "bins": 7,
                    "grid": 10}}, [])),
    ("regression_cars_mpg_cylinders_4_6", "examples/cars_mpg.csv", MPG,
     spec({"reg": {"type": "regression"}}, [{"field": "cylinders", "in": [4, 6]}])),
    # a filter that keeps rows without a label: they are counted in "missing"
    ("regression_cars_mpg_horsepower_100_160", "examples/cars_mpg.csv", MPG,
     spec({"reg": {"type": "regression", "bins": 13}},
          [{"field": "horsepower", "range": [100, 160]}])),
    ("regression_diabetes_all", "tests/reference/data/diabetes.csv", DIABETES,
     spec({"reg": {"type": "regression"}}, [])),
    ("regression_diabetes_bmi_above_0", "tests/reference/data/diabetes.csv", DIABETES,
     spec({"reg": {"type": "regression", "bins": 30, "grid": 25}},
          [{"field": "bmi", "range": [0, 1]}])),
]


def main():
    write_diabetes()
    for name, path, (label, pred), sp in CASES:
        df = read(path)
        expected = {}
        for cid, cfg in sp["components"].items():
            expected[cid] = regression(df, row_mask(df, sp["filters"], cid), cfg, label, pred)
        doc = {"file": path, "made_with": MADE_WITH, "spec": sp, "expected": expected}
        check_finite(doc)
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, allow_nan=False)
            fh.write("\n")
        r = expected["reg"]
        print(f"{name}: {r['count']} rows used, {r['missing']} missing; MAE {r['mae']:.6f}, "
              f"RMSE {r['rmse']:.6f}, R2 {r['r2']:.6f}")


if __name__ == "__main__":
    main()
