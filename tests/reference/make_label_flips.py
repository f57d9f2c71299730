#!/usr/bin/python3
"""A synthetic classification dataset with planted label flips, for label-issues.

    /usr/bin/python3 tests/reference/make_label_flips.py

Writes tests/reference/data/label_flips.csv (deterministic: fixed seeds, scikit-learn
1.2.1 as Debian ships it). 5,000 rows, 4 classes (owl, fox, cat, dog) from
make_classification (6 features, 4 informative, one cluster per class, class_sep 2.0),
then 150 rows (3%) get a uniformly chosen other class: the planted flips, marked in the
column `planted` (1 = flipped) so tests can measure recall and precision. The scores
p_<class> are out-of-fold: cross_val_predict of a LogisticRegression trained on the
noisy labels (5 stratified folds), as a team would make them; `pred` is their argmax.
A few rows have a missing label or score (rows 7, 8: label; 11: p_cat), as real files do;
they are never planted.

Also tests/reference/data/label_flips_coarse.csv: its first 2,000 rows with the scores
rounded to 0.1, so that many rows tie at the cuts where confident learning flags the
rows of a class (the engine, and the reference, take the earlier row).
"""
import os

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "label_flips.csv")
COARSE = os.path.join(HERE, "data", "label_flips_coarse.csv")
CLASSES = ["cat", "dog", "fox", "owl"]
N, FLIPS = 5000, 150
MISSING_LABEL, MISSING_SCORE = [7, 8], [11]


def main():
    X, y = make_classification(n_samples=N, n_features=6, n_informative=4, n_redundant=0,
                               n_classes=4, n_clusters_per_class=1, class_sep=2.0,
                               random_state=14)
    rng = np.random.default_rng(14)
    candidates = np.setdiff1d(np.arange(N), MISSING_LABEL + MISSING_SCORE)
    flipped = np.sort(rng.choice(candidates, size=FLIPS, replace=False))
    noisy = y.copy()
    noisy[flipped] = (y[flipped] + rng.integers(1, 4, size=FLIPS)) % 4
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=14)
    probs = cross_val_predict(LogisticRegression(max_iter=1000), X, noisy, cv=folds,
                              method="predict_proba")
    df = pd.DataFrame({"id": np.arange(N)})
    for j in range(X.shape[1]):
        df[f"x{j}"] = np.round(X[:, j], 6)
    df["label"] = [CLASSES[c] for c in noisy]
    df["pred"] = [CLASSES[c] for c in probs.argmax(axis=1)]
    for j, c in enumerate(CLASSES):
        df[f"p_{c}"] = np.round(probs[:, j], 9)
    df["planted"] = 0
    df.loc[flipped, "planted"] = 1
    df.loc[MISSING_LABEL, "label"] = ""
    df.loc[MISSING_SCORE, "p_cat"] = np.nan
    df.to_csv(OUT, index=False, float_format="%.9g")
    print(f"wrote {OUT}: {N} rows, {FLIPS} planted flips")
    coarse = df.head(2000).copy()
    for c in CLASSES:
        coarse[f"p_{c}"] = np.round(coarse[f"p_{c}"] / 0.1) * 0.1
    coarse.to_csv(COARSE, index=False, float_format="%.9g")
    print(f"wrote {COARSE}: 2000 rows, scores in steps of 0.1")


if __name__ == "__main__":
    main()
