#!/usr/bin/python3
"""Build digits.csv: scikit-learn's bundled handwritten digits (load_digits, no download)
with a model's out-of-fold predictions, and its spec (for the `instance` component).

    /usr/bin/python3 examples/make_digits.py

All 1797 rows. Columns: id (0..1796), px00 .. px63 (the 8x8 image row by row, grey
levels 0..16; px<k> is row k // 8, column k % 8), digit (label, 0..9), digit_pred (prediction),
p_0 .. p_9 (scores). Predictions are out-of-fold: StratifiedKFold(5, shuffle=True,
random_state=0) and cross_val_predict(method="predict_proba") of a deliberately small
model (LogisticRegression(C=0.0005) on standard-scaled pixels) so there are errors
to look at. Scores are rounded to 6 decimals; the prediction is the argmax of the rounded
scores. Deterministic. Writes digits.csv and digits.spec.json next to this script.
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
DECIMALS = 6


def main():
    data = load_digits()
    x, y = data.data, data.target
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.0005, max_iter=2000, random_state=0))
    proba = cross_val_predict(model, x, y, cv=StratifiedKFold(5, shuffle=True, random_state=0),
                              method="predict_proba")
    rounded = np.round(proba, DECIMALS)
    pred = np.argmax(rounded, axis=1)
    ties = int(sum((r == r.max()).sum() > 1 for r in rounded))
    pixels = [f"px{k:02d}" for k in range(64)]
    header = ["id"] + pixels + ["digit", "digit_pred"] + [f"p_{k}" for k in range(10)]
    with open(os.path.join(HERE, "digits.csv"), "w", encoding="utf-8") as f:
        f.write(",".join(header) + "\n")
        for i in range(len(y)):
            cells = [str(i)] + [str(int(v)) for v in x[i]] + [str(int(y[i])), str(int(pred[i]))]
            cells += [f"{v:.{DECIMALS}f}" for v in rounded[i]]
            f.write(",".join(cells) + "\n")
    spec = {
        "sinfonia": 1,
        "data": {"name": "digits.csv"},
        "columns": {"id": {"role": "id"}, "digit": {"role": "label"}, "digit_pred": {"role": "prediction"},
                    **{f"p_{k}": {"role": "score", "class": str(k)} for k in range(10)}},
        "filters": [],
        "components": {"cm": {"type": "confusion-matrix"}, "inst": {"type": "instance"},
                       "t": {"type": "table", "fields": ["id", "digit", "digit_pred"] + [f"p_{k}" for k in range(10)]}},
        "layout": {"rows": [{"columns": ["cm", "inst"]}, {"columns": ["t"]}]},
    }
    with open(os.path.join(HERE, "digits.spec.json"), "w", encoding="utf-8") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    acc = float((pred == y).mean())
    print(f"sklearn {sklearn.__version__}, numpy {np.__version__}", file=sys.stderr)
    print(f"digits: {len(y)} rows; out-of-fold accuracy {acc:.4f} ({int((pred == y).sum())}/{len(y)}); "
          f"rows with tied top scores: {ties}")


if __name__ == "__main__":
    main()
