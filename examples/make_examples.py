#!/usr/bin/python3
"""Build Sinfonia's example datasets (with out-of-fold model predictions) and their specs.

    /usr/bin/python3 examples/make_examples.py

Reads node_modules/vega-datasets/data/{penguins,cars}.json (npm package vega-datasets) and
writes, next to this script:

    penguins.csv, penguins.spec.json, cars.csv, cars.spec.json

and, from scikit-learn's bundled copy (sklearn.datasets.load_breast_cancer, no download):

    breast_cancer.csv, breast_cancer.spec.json

Predictions are out-of-fold: 5-fold stratified cross-validation (shuffled, random_state=0),
sklearn.model_selection.cross_val_predict(method="predict_proba"). Each row's scores come
from a model that never saw that row. Scores are rounded to 6 decimals and the predicted
class is the argmax of the ROUNDED scores (ties go to the first class in sorted order), so
the CSV is self-consistent. Missing values are written as empty fields.

Uses Debian's python3-sklearn / python3-pandas (call /usr/bin/python3, not a pyenv python).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "node_modules", "vega-datasets", "data")
SEED = 0
DECIMALS = 6


def cv():
    return StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)


def fmt_number(x):
    """Shortest round-trip text for a number; integers without '.0'; NaN -> empty."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def fmt_score(x):
    return f"{x:.{DECIMALS}f}"


def add_predictions(df, label, proba, classes, column_order):
    """Append <label>_pred and p_<class> columns from out-of-fold probabilities.

    classes: the model's class order (sorted); column_order: order of the p_ columns."""
    rounded = np.round(proba, DECIMALS)
    pred = np.asarray(classes)[np.argmax(rounded, axis=1)]
    ties = int(sum((r == r.max()).sum() > 1 for r in rounded))
    df[f"{label}_pred"] = pred
    for cls in column_order:
        df[f"p_{cls}"] = [fmt_score(v) for v in rounded[:, list(classes).index(cls)]]
    acc = float((pred == df[label].to_numpy()).mean())
    return acc, ties


def write_csv(df, path, numeric):
    out = df.copy()
    for col in numeric:
        out[col] = [fmt_number(v) for v in df[col]]
    out = out.fillna("")
    out.to_csv(path, index=False, lineterminator="\n")


def penguins():
    raw = pd.DataFrame(json.load(open(os.path.join(DATA, "penguins.json"), encoding="utf-8")))
    df = raw.rename(columns={
        "Species": "species", "Island": "island",
        "Beak Length (mm)": "bill_length_mm", "Beak Depth (mm)": "bill_depth_mm",
        "Flipper Length (mm)": "flipper_length_mm", "Body Mass (g)": "body_mass_g",
        "Sex": "sex"})
    # "." is a placeholder for an unknown sex in the source data: make it missing.
    df["sex"] = df["sex"].where(df["sex"].isin(["MALE", "FEMALE"]), None)
    df.insert(0, "id", np.arange(len(df)))
    numeric = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]

    # A deliberately weak model: no bill length (the feature that separates Adelie from
    # Chinstrap best), so the confusion matrix has errors worth looking at.
    num_feats = ["bill_depth_mm", "flipper_length_mm"]
    cat_feats = ["island", "sex"]
    pre = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), num_feats),
        ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                              OneHotEncoder(handle_unknown="ignore")), cat_feats),
    ])
    model = make_pipeline(pre, LogisticRegression(max_iter=1000, random_state=SEED))
    X = df[num_feats + cat_feats].copy()
    X["sex"] = X["sex"].astype(object).where(X["sex"].notna(), np.nan)  # None -> NaN for the imputer
    y = df["species"].to_numpy()
    proba = cross_val_predict(model, X, y, cv=cv(), method="predict_proba")
    classes = sorted(np.unique(y))
    acc, ties = add_predictions(df, "species", proba, classes, classes)
    write_csv(df, os.path.join(HERE, "penguins.csv"), numeric)

    spec = example_spec("penguins.csv", "species", classes, "bill_length_mm", "island")
    write_json(os.path.join(HERE, "penguins.spec.json"), spec)
    return {"name": "penguins", "rows": len(df), "accuracy": acc, "ties": ties,
            "model": "LogisticRegression on bill_depth_mm, flipper_length_mm, island, sex"}


def cars():
    raw = pd.DataFrame(json.load(open(os.path.join(DATA, "cars.json"), encoding="utf-8")))
    df = raw.rename(columns={c: c.lower() for c in raw.columns})
    df["year"] = df["year"].astype(str).str.slice(0, 10)   # already YYYY-MM-DD
    label = "origin"
    cols = ["name", "miles_per_gallon", "cylinders", "displacement", "horsepower",
            "weight_in_lbs", "acceleration", "year", label]
    df = df[cols].copy()
    df.insert(0, "id", np.arange(len(df)))
    numeric = ["miles_per_gallon", "cylinders", "displacement", "horsepower",
               "weight_in_lbs", "acceleration"]

    # A simple model: distance-weighted 15-nearest-neighbours on engine size and power
    # (distance weighting keeps scores continuous, so argmax ties are rare).
    feats = ["displacement", "horsepower", "weight_in_lbs"]
    model = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                          KNeighborsClassifier(n_neighbors=15, weights="distance"))
    y = df[label].to_numpy()
    proba = cross_val_predict(model, df[feats].astype(float), y, cv=cv(),
                              method="predict_proba")
    classes = sorted(np.unique(y))
    acc, ties = add_predictions(df, label, proba, classes, ["USA", "Europe", "Japan"])
    write_csv(df, os.path.join(HERE, "cars.csv"), numeric)

    spec = example_spec("cars.csv", label, ["USA", "Europe", "Japan"], "horsepower", "origin")
    write_json(os.path.join(HERE, "cars.spec.json"), spec)
    return {"name": "cars", "rows": len(df), "accuracy": acc, "ties": ties,
            "model": "kNN (k=15, distance-weighted) on displacement, horsepower, weight_in_lbs"}


# Rows (0-based) whose label, or whose p_malignant score, is blanked after the model has
# scored them: a few deterministic missing values for the components to leave out and count.
BREAST_CANCER_MISSING_LABEL = [10, 200, 400]
BREAST_CANCER_MISSING_SCORE = [25, 300, 525]


def breast_cancer():
    """Binary: Wisconsin diagnostic breast cancer (569 rows), label "malignant"/"benign"."""
    data = load_breast_cancer(as_frame=True)
    X = data.frame[list(data.feature_names)].copy()
    X.columns = [c.replace(" ", "_") for c in X.columns]
    numeric = list(X.columns)
    label = "diagnosis"
    df = X.copy()
    df.insert(0, "id", np.arange(len(df)))
    # load_breast_cancer's target: 0 = malignant, 1 = benign (data.target_names).
    df[label] = np.asarray(data.target_names)[data.target.to_numpy()]

    # A deliberately modest model (three features, none of the size measurements), so
    # the ROC and precision-recall curves have a shape worth looking at.
    feats = ["mean_texture", "mean_smoothness", "mean_symmetry"]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, random_state=SEED))
    y = df[label].to_numpy()
    proba = cross_val_predict(model, df[feats], y, cv=cv(), method="predict_proba")
    classes = sorted(np.unique(y))                       # ["benign", "malignant"]
    acc, ties = add_predictions(df, label, proba, classes, ["malignant", "benign"])

    # Blank a few labels and scores (after the prediction was made from the scores).
    df[label] = df[label].astype(object)
    df.loc[BREAST_CANCER_MISSING_LABEL, label] = None
    df.loc[BREAST_CANCER_MISSING_SCORE, "p_malignant"] = None
    write_csv(df, os.path.join(HERE, "breast_cancer.csv"), numeric)

    spec = {
        "sinfonia": 1,
        "data": {"name": "breast_cancer.csv"},
        "columns": {
            "id": {"role": "id"},
            label: {"role": "label"},
            f"{label}_pred": {"role": "prediction"},
            "p_malignant": {"role": "score", "class": "malignant"},
            "p_benign": {"role": "score", "class": "benign"},
        },
        "filters": [],
        "components": {
            "roc": {"type": "roc-pr"},
            "cm": {"type": "confusion-matrix"},
            "h1": {"type": "histogram", "field": "p_malignant", "bins": 20},
            "h2": {"type": "histogram", "field": "mean_texture", "bins": 20},
            "s": {"type": "summary"},
            "t": {"type": "table"},
        },
        "layout": {"rows": [{"columns": ["roc"]}, {"columns": ["cm", "h1", "h2"]},
                            {"columns": ["s"]}, {"columns": ["t"]}]},
    }
    write_json(os.path.join(HERE, "breast_cancer.spec.json"), spec)
    return {"name": "breast_cancer", "rows": len(df), "accuracy": acc, "ties": ties,
            "model": "LogisticRegression on mean_texture, mean_smoothness, mean_symmetry"}


def example_spec(name, label, classes, number_field, category_field):
    """The example's default view: a confusion matrix, two histograms, a summary, a table."""
    return {
        "sinfonia": 1,
        "data": {"name": name},
        "columns": {
            "id": {"role": "id"},
            label: {"role": "label"},
            f"{label}_pred": {"role": "prediction"},
            **{f"p_{c}": {"role": "score", "class": c} for c in classes},
        },
        "filters": [],
        "components": {
            "cm": {"type": "confusion-matrix"},
            "h1": {"type": "histogram", "field": number_field, "bins": 20},
            "h2": {"type": "histogram", "field": category_field},
            "s": {"type": "summary"},
            "t": {"type": "table"},
        },
        "layout": {"rows": [{"columns": ["cm", "h1", "h2"]}, {"columns": ["s"]},
                            {"columns": ["t"]}]},
    }


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def main():
    print(f"sklearn {sklearn.__version__}, numpy {np.__version__}, pandas {pd.__version__}",
          file=sys.stderr)
    for info in (penguins(), cars(), breast_cancer()):
        print(f"{info['name']}: {info['rows']} rows; {info['model']}; out-of-fold accuracy "
              f"{info['accuracy']:.4f}; rows with tied top scores: {info['ties']}")


if __name__ == "__main__":
    main()


# ---------------------------------------------------------------- regression: cars_mpg
# Appended as its own function (and its own __main__ block) so the files above are
# written exactly as before.

def cars_mpg():
    """cars_mpg.csv / cars_mpg.spec.json: a regression example with missing labels.

    The cars data again, label miles_per_gallon (8 rows have none: kept missing), and
    miles_per_gallon_pred, an out-of-fold prediction: KFold(5, shuffle=True,
    random_state=0) over ALL rows; each fold's model (median-impute + standard-scale
    the numeric features, then Ridge(alpha=1)) is fitted on the fold's training rows
    that have a label and predicts every held-out row, so the 8 rows without a label
    get a prediction too. Predictions rounded to 3 decimals. The names make the roles
    (X and X_pred: label and prediction; see wasm/src/roles.c)."""
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import KFold

    raw = pd.DataFrame(json.load(open(os.path.join(DATA, "cars.json"), encoding="utf-8")))
    df = raw.rename(columns={c: c.lower() for c in raw.columns})
    df["year"] = df["year"].astype(str).str.slice(0, 10)
    label = "miles_per_gallon"
    df = df[["name", "cylinders", "displacement", "horsepower", "weight_in_lbs",
             "acceleration", "year", "origin", label]].copy()
    df.insert(0, "id", np.arange(len(df)))
    feats = ["cylinders", "displacement", "horsepower", "weight_in_lbs", "acceleration"]
    X = df[feats].astype(float).to_numpy()
    y = df[label].astype(float).to_numpy()
    pred = np.full(len(df), np.nan)
    for train, test in KFold(n_splits=5, shuffle=True, random_state=SEED).split(X):
        train = train[~np.isnan(y[train])]
        model = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), Ridge(alpha=1.0))
        model.fit(X[train], y[train])
        pred[test] = model.predict(X[test])
    df[f"{label}_pred"] = np.round(pred, 3)
    write_csv(df, os.path.join(HERE, "cars_mpg.csv"), feats + [label, f"{label}_pred"])

    ok = ~np.isnan(y)
    resid = pred[ok] - y[ok]
    r2 = 1 - np.sum(resid ** 2) / np.sum((y[ok] - y[ok].mean()) ** 2)
    spec = {
        "sinfonia": 1,
        "data": {"name": "cars_mpg.csv"},
        "columns": {"id": {"role": "id"}},
        "filters": [],
        "components": {
            "reg": {"type": "regression"},
            "h1": {"type": "histogram", "field": "weight_in_lbs", "bins": 20},
            "h2": {"type": "histogram", "field": "cylinders", "bins": 5},
            "s": {"type": "summary"},
            "t": {"type": "table"},
        },
        "layout": {"rows": [{"columns": ["reg", "h1", "h2"]}, {"columns": ["s"]},
                            {"columns": ["t"]}]},
    }
    write_json(os.path.join(HERE, "cars_mpg.spec.json"), spec)
    print(f"cars_mpg: {len(df)} rows ({int((~ok).sum())} without a label); Ridge on "
          f"{', '.join(feats)}; out-of-fold MAE {np.mean(np.abs(resid)):.4f}, R2 {r2:.4f}")


if __name__ == "__main__":
    cars_mpg()
