#!/usr/bin/python3
"""A synthetic classifier's predictions whose errors sit in one planted region (issue 14,
point 4: the error tree must find it).

    /usr/bin/python3 tests/reference/make_planted_errors.py

Writes tests/reference/data/planted_errors.csv: 6000 rows, 5 features (region, device:
categorical; age, income, tenure: numeric, income missing in 5% of rows), a binary label
and a prediction that is wrong with probability 0.04, except in the planted region

    region = hills AND age > 60            (wrong with probability 0.75)

Deterministic (numpy's default_rng, seed 4). planted_errors.json (written here) states
the region as a selection predicate; tests/js/error-tree.test.js reads it and reports the
precision and recall of the tree's worst leaf against the planted rows.
"""
import json
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
N = 6000
BASE_ERROR = 0.04
PLANTED_ERROR = 0.75


def make(n=N, seed=4):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "region": rng.choice(["hills", "plains", "coast", "city"], n),
        "age": rng.integers(18, 91, n),
        "device": rng.choice(["phone", "tablet", "desktop"], n),
        "income": np.round(rng.lognormal(10.5, 0.5, n), 0),
        "tenure": rng.integers(0, 121, n),
    })
    df.loc[rng.random(n) < 0.05, "income"] = np.nan
    planted = ((df.region == "hills") & (df.age > 60)).to_numpy()
    p_err = np.where(planted, PLANTED_ERROR, BASE_ERROR)
    label = rng.choice(["yes", "no"], n, p=[0.4, 0.6])
    wrong = rng.random(n) < p_err
    df["label"] = label
    df["prediction"] = np.where(wrong, np.where(label == "yes", "no", "yes"), label)
    return df, planted


def main():
    df, planted = make()
    path = os.path.join(HERE, "data", "planted_errors.csv")
    df.to_csv(path, index=False, float_format="%.0f")
    # age is an integer: age > 60 is age in [61, 90]
    spec = {"file": "tests/reference/data/planted_errors.csv",
            "planted": {"and": [{"field": "region", "in": ["hills"]}, {"field": "age", "range": [61, 90]}]},
            "rows": int(planted.sum()), "base_error": BASE_ERROR, "planted_error": PLANTED_ERROR}
    with open(os.path.join(HERE, "data", "planted_errors.json"), "w") as f:
        json.dump(spec, f, indent=1)
        f.write("\n")
    wrong = (df.label != df.prediction).to_numpy()
    print(f"{len(df)} rows, {int(planted.sum())} planted, errors {int(wrong.sum())} "
          f"({int(wrong[planted].sum())} inside the planted region)")


if __name__ == "__main__":
    main()
