#!/usr/bin/python3
"""Compute Sinfonia's reference results with scikit-learn / numpy / pandas.

    /usr/bin/python3 tests/reference/make_references.py

For each case below, writes tests/reference/<name>.json:

    {"file": "examples/<dataset>.csv", "made_with": {...versions...},
     "spec": {...spec v1...}, "expected": {"<component id>": {...result...}}}

tests/js/reference.test.js runs `sinfonia run <file> --spec <spec>` and holds every number in
"expected" to within 1e-9 (integers exactly). Definitions follow DESIGN.md "Result contracts".
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# The engine's missing-value tokens.
NA_VALUES = ["", "NA", "N/A", "NaN", "nan", "null", "NULL"]

MADE_WITH = {
    "script": "tests/reference/make_references.py",
    "python": sys.version.split()[0],
    "sklearn": sklearn.__version__,
    "numpy": np.__version__,
    "pandas": pd.__version__,
}


def read(path):
    # float_precision="round_trip" parses like strtod, as the C engine does.
    return pd.read_csv(os.path.join(ROOT, path), keep_default_na=False, na_values=NA_VALUES,
                       float_precision="round_trip")


def is_num(s):
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


# ---------------------------------------------------------------- filters

def predicate_mask(df, p):
    """Row mask of one predicate, as the engine defines it."""
    if "and" in p:
        m = np.ones(len(df), bool)
        for q in p["and"]:
            m &= predicate_mask(df, q)
        return m
    if "or" in p:
        m = np.zeros(len(df), bool)
        for q in p["or"]:
            m |= predicate_mask(df, q)
        return m
    if "not" in p:
        return ~predicate_mask(df, p["not"])
    if "rows" in p:
        m = np.zeros(len(df), bool)
        m[list(p["rows"])] = True
        return m
    col = df[p["field"]]
    miss = col.isna().to_numpy()
    if "in" in p:
        values = p["in"]
        m = np.zeros(len(df), bool)
        if any(v is None for v in values):
            m |= miss                                  # null matches missing
        wanted = [v for v in values if v is not None]
        if is_num(col):
            wanted = [float(v) for v in wanted]
            m |= (~miss) & col.astype(float).isin(wanted).to_numpy()
        else:
            m |= (~miss) & col.astype(str).isin([str(v) for v in wanted]).to_numpy()
        return m
    if "range" in p:
        lo, hi = p["range"]
        x = col.astype(float).to_numpy()
        with np.errstate(invalid="ignore"):
            return (~miss) & (x >= lo) & (x <= hi)   # closed; missing never matches
    raise ValueError(f"unknown predicate {p}")


def row_mask(df, filters, component_id=None):
    m = np.ones(len(df), bool)
    for clause in filters or []:
        if component_id is not None and clause.get("source") == component_id:
            continue
        m &= predicate_mask(df, {k: v for k, v in clause.items() if k != "source"})
    return m


# ---------------------------------------------------------------- kernels

def f(x):
    """A JSON number (None for NaN)."""
    x = float(x)
    return None if np.isnan(x) else x


def top_values(values, k=None):
    """Counts sorted by count desc, then value asc."""
    vc = pd.Series(values).value_counts()
    items = sorted(((str(v), int(c)) for v, c in vc.items()), key=lambda t: (-t[1], t[0]))
    if k is not None:
        items = items[:k]
    return [{"value": v, "count": c} for v, c in items]


def role_of(spec, name):
    return (spec.get("columns") or {}).get(name, {}).get("role")


def summary(df, mask, spec, cfg):
    sel = df[mask]
    cols = []
    for name in df.columns:
        s = sel[name]
        present = s.dropna()
        c = {"name": name, "count": int(len(present)), "missing": int(s.isna().sum()),
             "distinct": int(present.nunique())}
        role = role_of(spec, name)
        if role:
            c["role"] = role
        if is_num(df[name]):
            c["type"] = "number"
            x = present.astype(float).to_numpy()
            if len(x):
                c.update(mean=f(np.mean(x)), min=f(np.min(x)), max=f(np.max(x)),
                         median=f(np.median(x)))
                c["std"] = f(np.std(x, ddof=1)) if len(x) > 1 else None
        else:
            c["top"] = top_values(present.astype(str), 5)
        cols.append(c)
    return {"rows": int(mask.sum()), "columns": cols}


def histogram(df, mask, spec, cfg):
    field = cfg["field"]
    col = df[field]
    s = col[mask]
    miss = int(s.isna().sum())
    if is_num(col):
        bins = int(cfg.get("bins", 20))
        allx = col.astype(float).to_numpy()
        lo, hi = float(np.nanmin(allx)), float(np.nanmax(allx))   # extent of the WHOLE column
        counts, edges = np.histogram(s.dropna().astype(float).to_numpy(), bins=bins,
                                     range=(lo, hi))
        return {"field": field,
                "bins": [{"lo": f(edges[i]), "hi": f(edges[i + 1]), "count": int(counts[i])}
                         for i in range(bins)],
                "missing": miss}
    return {"field": field, "values": top_values(s.dropna().astype(str)), "missing": miss}


def columns_with_role(spec, role):
    return [n for n, c in (spec.get("columns") or {}).items() if c.get("role") == role]


def confusion(df, mask, spec, cfg):
    (label,) = columns_with_role(spec, "label")
    (pred,) = columns_with_role(spec, "prediction")
    sel = df[mask]
    ok = sel[label].notna() & sel[pred].notna()
    y = sel.loc[ok, label].astype(str).to_numpy()
    yp = sel.loc[ok, pred].astype(str).to_numpy()
    labels = sorted(set(y) | set(yp))
    out = {"labels": labels,
           "matrix": confusion_matrix(y, yp, labels=labels).tolist(),
           "accuracy": f(accuracy_score(y, yp)) if len(y) else 0.0}
    p, r, f1, sup = precision_recall_fscore_support(y, yp, labels=labels, average=None,
                                                    zero_division=0)
    out["per_class"] = [{"label": l, "precision": f(p[i]), "recall": f(r[i]), "f1": f(f1[i]),
                         "support": int(sup[i])} for i, l in enumerate(labels)]
    for avg in ("macro", "weighted"):
        pa, ra, fa, _ = precision_recall_fscore_support(y, yp, labels=labels, average=avg,
                                                        zero_division=0)
        out[avg] = {"precision": f(pa), "recall": f(ra), "f1": f(fa)}
    out["count"] = int(len(y))
    out["missing"] = int((~ok).sum())
    return out


KERNELS = {"summary": summary, "histogram": histogram, "confusion-matrix": confusion}


# ---------------------------------------------------------------- cases

def penguins_spec(filters):
    classes = ["Adelie", "Chinstrap", "Gentoo"]
    return {
        "sinfonia": 1,
        "columns": {"id": {"role": "id"}, "species": {"role": "label"},
                    "species_pred": {"role": "prediction"},
                    **{f"p_{c}": {"role": "score", "class": c} for c in classes}},
        "filters": filters,
        "components": {
            "cm": {"type": "confusion-matrix"},
            "h1": {"type": "histogram", "field": "bill_length_mm", "bins": 20},
            "h2": {"type": "histogram", "field": "island"},
            "h3": {"type": "histogram", "field": "body_mass_g", "bins": 7},
            "h4": {"type": "histogram", "field": "sex"},
            "s": {"type": "summary"},
        },
        "layout": {"rows": [{"columns": ["cm", "h1", "h2"]}, {"columns": ["h3", "h4"]},
                            {"columns": ["s"]}]},
    }


def cars_spec(filters):
    classes = ["USA", "Europe", "Japan"]
    return {
        "sinfonia": 1,
        "columns": {"id": {"role": "id"}, "origin": {"role": "label"},
                    "origin_pred": {"role": "prediction"},
                    **{f"p_{c}": {"role": "score", "class": c} for c in classes}},
        "filters": filters,
        "components": {
            "cm": {"type": "confusion-matrix"},
            "h1": {"type": "histogram", "field": "horsepower", "bins": 20},
            "h2": {"type": "histogram", "field": "miles_per_gallon", "bins": 12},
            "h3": {"type": "histogram", "field": "origin"},
            "h4": {"type": "histogram", "field": "year"},
            "s": {"type": "summary"},
        },
        "layout": {"rows": [{"columns": ["cm", "h1", "h2"]}, {"columns": ["h3", "h4"]},
                            {"columns": ["s"]}]},
    }


CASES = [
    ("penguins_all", "examples/penguins.csv", penguins_spec([])),
    ("penguins_island_biscoe", "examples/penguins.csv",
     penguins_spec([{"field": "island", "in": ["Biscoe"]}])),
    ("penguins_bill_length_40_50", "examples/penguins.csv",
     penguins_spec([{"field": "bill_length_mm", "range": [40, 50]}])),
    # null in an "in" list matches missing values (11 rows have no sex).
    ("penguins_sex_missing", "examples/penguins.csv",
     penguins_spec([{"field": "sex", "in": [None]}])),
    # two clauses are ANDed.
    ("penguins_dream_mass_3500_4000", "examples/penguins.csv",
     penguins_spec([{"field": "island", "in": ["Dream"]},
                    {"field": "body_mass_g", "range": [3500, 4000]}])),
    ("cars_all", "examples/cars.csv", cars_spec([])),
    ("cars_cylinders_4_6", "examples/cars.csv",
     cars_spec([{"field": "cylinders", "in": [4, 6]}])),
]


def check_finite(obj, path="$"):
    if isinstance(obj, float):
        assert np.isfinite(obj), path
    elif isinstance(obj, dict):
        for k, v in obj.items():
            check_finite(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            check_finite(v, f"{path}[{i}]")


def main():
    for name, path, spec in CASES:
        df = read(path)
        expected = {}
        for cid, cfg in spec["components"].items():
            mask = row_mask(df, spec.get("filters"), cid)
            expected[cid] = KERNELS[cfg["type"]](df, mask, spec, cfg)
        doc = {"file": path, "made_with": MADE_WITH, "spec": spec, "expected": expected}
        check_finite(doc)
        out = os.path.join(HERE, f"{name}.json")
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, allow_nan=False)
            fh.write("\n")
        rows = expected["s"]["rows"]
        print(f"{name}: {rows} rows, accuracy {expected['cm']['accuracy']:.4f} -> "
              f"{os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()
