#!/usr/bin/python3
"""Build the Titanic example (titanic.csv, titanic.spec.json) with out-of-fold predictions.

    apt-get install --no-install-recommends r-cran-cardata   # Debian's carData 3.0.5 (with R)
    /usr/bin/python3 examples/make_titanic.py

The data is carData's TitanicSurvival (J. Fox, S. Weisberg, B. Price, carData: Companion
to Applied Regression Data Sets; part of titanic3, compiled by Thomas Cason, distributed
by F. E. Harrell, from the Encyclopedia Titanica):
1309 passengers, survived (no/yes), sex, age (263 missing), passengerClass (1st/2nd/3rd),
the passenger's name as the row name. Rscript exports it as CSV; nothing is downloaded.

Model: logistic regression on sex, passengerClass (one-hot) and age (median-imputed, with
a missing-age indicator, standard-scaled), scored out of fold with the same
cross-validation as make_examples.py (StratifiedKFold(5, shuffle=True, random_state=0),
cross_val_predict(method="predict_proba")). Scores are rounded to 6 decimals and the
prediction is the argmax of the rounded scores, as in make_examples.py. Columns:
id, name, survived (label), sex, age, passengerClass, survived_pred (prediction),
p_yes, p_no (scores). Ages are rounded to 4 decimals (the R data holds single-precision
artefacts such as 0.916700006 for 11/12). The spec names sex a sensitive attribute
(role group) and opens on the fairness view. Deterministic: the same bytes every run.
"""
import io
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_examples import SEED, add_predictions, cv, write_csv, write_json  # noqa: E402

EXPORT = ('suppressMessages(library(carData)); d <- TitanicSurvival; d$name <- rownames(d); '
          'write.csv(d, stdout(), row.names = FALSE)')


def load():
    try:
        text = subprocess.run(["Rscript", "-e", EXPORT], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"make_titanic: Rscript with carData is needed "
                 f"(apt-get install --no-install-recommends r-cran-cardata): {e}")
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=["NA"])


def main():
    raw = load()
    df = pd.DataFrame({
        "id": np.arange(len(raw)),
        "name": raw["name"],
        "survived": raw["survived"],
        "sex": raw["sex"],
        "age": raw["age"].round(4),
        "passengerClass": raw["passengerClass"],
    })
    label = "survived"
    num_feats, cat_feats = ["age"], ["sex", "passengerClass"]
    pre = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()), num_feats),
        ("cat", OneHotEncoder(handle_unknown="ignore"), cat_feats),
    ])
    model = make_pipeline(pre, LogisticRegression(max_iter=1000, random_state=SEED))
    y = df[label].to_numpy()
    proba = cross_val_predict(model, df[num_feats + cat_feats], y, cv=cv(), method="predict_proba")
    classes = sorted(np.unique(y))                      # ["no", "yes"]
    acc, ties = add_predictions(df, label, proba, classes, ["yes", "no"])
    write_csv(df, os.path.join(HERE, "titanic.csv"), ["age"])

    spec = {
        "sinfonia": 1,
        "data": {"name": "titanic.csv"},
        "columns": {
            "id": {"role": "id"},
            label: {"role": "label"},
            f"{label}_pred": {"role": "prediction"},
            "p_yes": {"role": "score", "class": "yes"},
            "p_no": {"role": "score", "class": "no"},
            "sex": {"role": "group"},
        },
        "filters": [],
        "components": {
            "fair": {"type": "fairness"},
            "cm": {"type": "confusion-matrix"},
            "h1": {"type": "histogram", "field": "age", "bins": 20},
            "h2": {"type": "histogram", "field": "passengerClass"},
            "s": {"type": "summary"},
            "t": {"type": "table"},
        },
        "layout": {"rows": [{"columns": ["fair", "cm"]}, {"columns": ["h1", "h2"]},
                            {"columns": ["s"]}, {"columns": ["t"]}]},
    }
    write_json(os.path.join(HERE, "titanic.spec.json"), spec)
    pred = df[f"{label}_pred"].to_numpy()
    rates = {s: float((pred[df["sex"] == s] == "yes").mean()) for s in ("female", "male")}
    print(f"sklearn {sklearn.__version__}, numpy {np.__version__}, pandas {pd.__version__}", file=sys.stderr)
    print(f"titanic: {len(df)} rows ({int(df['age'].isna().sum())} without age); out-of-fold accuracy "
          f"{acc:.4f}; ties {ties}; predicted survival female {rates['female']:.4f}, male {rates['male']:.4f}")


if __name__ == "__main__":
    main()
