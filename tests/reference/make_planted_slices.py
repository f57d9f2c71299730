#!/usr/bin/python3
"""A synthetic classifier's predictions with planted failing slices (issue 14, point 7).

    /usr/bin/python3 tests/reference/make_planted_slices.py

Writes tests/reference/data/planted_slices.csv: 5000 rows, 10 features (5 categorical,
5 numeric), a binary label and a prediction that is wrong with probability 0.05,
except in three planted slices where it is wrong far more often:

  1. region = north AND age >= 62           (error 0.60)
  2. device = tablet AND plan = basic       (error 0.50)
  3. channel = web AND segment = c AND plan = premium   (error 0.70)

Deterministic (numpy's default_rng, seed 14). PLANTED below states the slices as row
masks; tests/js/slice-finder.test.js reads them from planted_slices.json (written
here) to report each one's rank and the recall among the top k.
"""
import json
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
N = 5000
BASE_ERROR = 0.05


def make(n=N, seed=14):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "region": rng.choice(["north", "south", "east", "west"], n),
        "age": rng.integers(20, 81, n),  # 20..80: equal-width 10 bins have edges 20, 26, ..., 62, ..., 80
        "segment": rng.choice(["a", "b", "c"], n),
        "device": rng.choice(["phone", "tablet", "desktop"], n),
        "income": np.round(rng.lognormal(10.5, 0.5, n), 0),
        "tenure": rng.integers(0, 121, n),
        "plan": rng.choice(["basic", "standard", "plus", "premium"], n),
        "channel": rng.choice(["web", "store", "partner"], n),
        "score_a": np.round(rng.normal(0, 1, n), 3),
        "visits": rng.poisson(4, n),
    })
    planted = {
        "north_old": ((df.region == "north") & (df.age >= 62), 0.60),
        "tablet_basic": ((df.device == "tablet") & (df.plan == "basic"), 0.50),
        "web_c_premium": ((df.channel == "web") & (df.segment == "c") & (df.plan == "premium"), 0.70),
    }
    p_err = np.full(n, BASE_ERROR)
    for mask, rate in planted.values():
        p_err[mask.to_numpy()] = np.maximum(p_err[mask.to_numpy()], rate)
    label = rng.choice(["yes", "no"], n, p=[0.3, 0.7])
    wrong = rng.random(n) < p_err
    df["label"] = label
    df["prediction"] = np.where(wrong, np.where(label == "yes", "no", "yes"), label)
    return df, planted


PLANTED = {
    "north_old": [{"field": "region", "in": ["north"]}, {"field": "age", "range": [62, 80]}],
    "tablet_basic": [{"field": "device", "in": ["tablet"]}, {"field": "plan", "in": ["basic"]}],
    "web_c_premium": [{"field": "channel", "in": ["web"]}, {"field": "segment", "in": ["c"]},
                      {"field": "plan", "in": ["premium"]}],
}


def main():
    df, planted = make()
    df.to_csv(os.path.join(HERE, "data", "planted_slices.csv"), index=False)
    info = {name: {"predicates": PLANTED[name], "rows": int(m.sum()), "error_rate": rate}
            for name, (m, rate) in planted.items()}
    with open(os.path.join(HERE, "data", "planted_slices.json"), "w") as f:
        json.dump({"file": "tests/reference/data/planted_slices.csv", "planted": info}, f, indent=1)
        f.write("\n")
    print({k: v["rows"] for k, v in info.items()})


if __name__ == "__main__":
    main()
