#!/usr/bin/python3
"""Reference results of the slice-metrics component, computed with scikit-learn, numpy and
pandas.

    /usr/bin/python3 tests/reference/make_slice_metrics.py

Writes tests/reference/data/slice_labels.csv (made here, seeded: labels that are numbers,
strings with spaces and unicode, a region column with unicode values and missing ones, an
age column with many equal values so quantile edges repeat) and tests/reference/
slice_metrics_<case>.json in the format of make_references.py ({"file", "made_with",
"spec", "expected"}), which tests/js/reference.test.js holds the CLI's `run` to (1e-9) and
tests/js/slice-metrics.test.js measures. Definitions (components/slice-metrics/README.md):

- rows used: selected, with a label and a prediction; the other selected rows are counted
  in "missing" (overall and per slice). Labels compare as numbers when both columns hold
  numbers, else as text (numbers written shortest, "10", "2.5");
- per slice: accuracy_score; precision_recall_fscore_support(average="macro",
  zero_division=0) over the slice's own rows (so over unique_labels of the slice);
  error_rate = 1 - accuracy; accuracy_ci = the Wilson score interval with
  z = norm.isf(0.025), written out below in numpy and checked against statsmodels'
  proportion_confint(method="wilson") when statsmodels is installed; gap = accuracy -
  overall accuracy; a slice without used rows has None for each;
- slices of a category: values by selected rows (descending, ties by value), the first
  `top` shown, the rest one slice {"other": number of values}; missing is {"value": None};
- slices of a number, over the WHOLE column's values: equal-width = numpy.histogram's
  edges and bins ([lo, hi), the last closed); quantile = pandas.qcut(q=bins,
  duplicates="drop") (edges numpy.quantile(linspace(0, 1, bins + 1)), unique; bins
  (lo, hi], the first closed); only slices with selected rows are listed;
- named slices (source "named"): each spec slice's rows = its filter AND the component's
  filter; listed in every case;
- order: gap ascending (None last), ties by count descending, then value order; "count":
  count descending, then value order; "value": categories by value, bins in order, named
  slices in spec order; then other, then missing.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, precision_recall_fscore_support

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_references as ref  # noqa: E402  (read(), row_mask(), predicate_mask(), f(), MADE_WITH)

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_slice_metrics.py")
Z = 1.9599639845400545  # scipy.stats.norm.isf(0.025), the z statsmodels uses (1.959963984540054 to 16 digits)
LABELS_CSV = "tests/reference/data/slice_labels.csv"

try:
    from scipy.stats import norm
    assert norm.isf(0.025) == Z
except ImportError:
    pass
try:
    from statsmodels.stats.proportion import proportion_confint
    MADE_WITH["statsmodels"] = __import__("statsmodels").__version__
except ImportError:  # the formula below stands alone; statsmodels only cross-checks it
    proportion_confint = None


def wilson(correct, n):
    """statsmodels' proportion_confint(correct, n, alpha=0.05, method="wilson"), in numpy."""
    q = correct * 1.0 / n
    z2 = Z ** 2
    denom = 1 + z2 / n
    center = (q + z2 / (2 * n)) / denom
    dist = Z * np.sqrt(q * (1.0 - q) / n + z2 / (4.0 * n ** 2)) / denom
    lo, hi = float(center - dist), float(center + dist)
    if proportion_confint is not None:
        slo, shi = proportion_confint(correct, n, alpha=0.05, method="wilson")
        assert (slo, shi) == (lo, hi), (correct, n, lo, slo, hi, shi)  # bit for bit
    return [lo, hi]


def num_text(x):
    """A number as the engine writes a label: the shortest text that reads back ("10", "2.5")."""
    r = repr(float(x))
    return r[:-2] if r.endswith(".0") else r


def as_classes(col, numeric):
    if numeric:
        return col.astype(float).to_numpy()
    if ref.is_num(col):
        return np.array([None if pd.isna(v) else num_text(v) for v in col], dtype=object)
    return col.astype(object).to_numpy()


def metrics(y, p, use, rows):
    """The metrics of one slice: rows (bool mask of the slice's selected rows)."""
    used = rows & use
    n = int(used.sum())
    out = {"count": n, "missing": int((rows & ~use).sum())}
    if n == 0:
        out.update(accuracy=None, precision=None, recall=None, f1=None, error_rate=None,
                   accuracy_ci=None)
        return out
    yt, yp = y[used], p[used]
    acc = float(accuracy_score(yt, yp))
    prec, rec, f1, _ = precision_recall_fscore_support(yt, yp, average="macro", zero_division=0)
    out.update(accuracy=acc, precision=float(prec), recall=float(rec), f1=float(f1),
               error_rate=1 - acc, accuracy_ci=wilson(int((yt == yp).sum()), n))
    return out


def field_slices(df, mask, cfg):
    """[(description, rows mask, value rank)] of a field's slices, and extra result keys."""
    col = df[cfg["field"]]
    miss = col.isna().to_numpy()
    slices, extra = [], {}
    if ref.is_num(col):
        x = col.astype(float).to_numpy()
        finite = np.isfinite(x)
        bins = cfg.get("bins", 10)
        if cfg.get("binning", "equal-width") == "quantile":
            extra["binning"] = "quantile"
            qs = np.quantile(x[finite], np.linspace(0, 1, bins + 1))
            uniq = np.unique(qs)
            if len(uniq) == 1:  # one value: one bin [v, v] (pandas would leave every row out)
                edges, codes = np.array([uniq[0], uniq[0]]), np.where(finite, 0, -1)
            else:
                cut, edges = pd.qcut(pd.Series(x), bins, labels=False, retbins=True, duplicates="drop")
                codes = cut.fillna(-1).astype(int).to_numpy()
                assert np.array_equal(edges, uniq), (edges, uniq)  # qcut's edges: numpy.quantile's
        else:
            extra["binning"] = "equal-width"
            lo, hi = float(x[finite].min()), float(x[finite].max())
            counts, edges = np.histogram(x[finite], bins=bins, range=(lo, hi))
            codes = np.where(finite, np.clip(np.searchsorted(edges, x, side="right") - 1, 0, bins - 1), -1)
            assert np.array_equal(np.bincount(codes[finite], minlength=bins), counts)  # numpy's bins
        extra["unbinned"] = 0
        extra["extent"] = [float(edges[0]), float(edges[-1])]
        for b in range(len(edges) - 1):
            slices.append(({"lo": float(edges[b]), "hi": float(edges[b + 1])}, mask & (codes == b), b))
        rank = len(edges)
    else:
        text = col.astype(object).to_numpy()
        sel = pd.Series(text[mask & ~miss])
        counts = sorted(((str(v), int(c)) for v, c in sel.value_counts().items()), key=lambda t: (-t[1], t[0]))
        extra["values"] = len(counts)
        top = cfg.get("top", 20)
        shown = [v for v, _ in counts[:top]]
        order = {v: i for i, v in enumerate(sorted(shown))}
        for v in shown:
            slices.append(({"value": v}, mask & ~miss & (text == v), order[v]))
        if len(counts) > top:
            rest = mask & ~miss & ~np.isin(text, shown)
            slices.append(({"other": len(counts) - top}, rest, len(shown)))
        rank = len(shown) + 1
    slices.append(({"value": None}, mask & miss, rank))
    return slices, extra


def slice_metrics(df, spec, cid, cfg):
    mask = ref.row_mask(df, spec.get("filters"), cid)
    label, pred = cfg["label"], cfg["prediction"]
    numeric = ref.is_num(df[label]) and ref.is_num(df[pred])
    y, p = as_classes(df[label], numeric), as_classes(df[pred], numeric)
    use = df[label].notna().to_numpy() & df[pred].notna().to_numpy()
    if numeric:  # sklearn refuses non-integer floats ("continuous"): the same classes as integers
        classes = np.unique(np.concatenate([y[use], p[use]]))
        y, p = np.searchsorted(classes, y), np.searchsorted(classes, p)
    overall = metrics(y, p, use, mask)
    out = {"source": cfg.get("source", "field")}
    if out["source"] == "named":
        listed = [({"name": s["name"], "filter": s["filter"]}, mask & ref.predicate_mask(df, s["filter"]), i, True)
                  for i, s in enumerate(spec.get("slices", []))]
        extra = {}
    else:
        out["field"] = cfg["field"]
        slices, extra = field_slices(df, mask, cfg)
        listed = [(d, m, r, False) for d, m, r in slices]
    out.update(label=label, prediction=pred, **extra)
    out.update(count=overall["count"], missing=overall["missing"], overall=overall)
    groups = []
    for desc, rows, rank, always in listed:
        m = metrics(y, p, use, rows)
        if not always and m["count"] + m["missing"] == 0:
            continue
        m["gap"] = None if m["accuracy"] is None else m["accuracy"] - overall["accuracy"]
        groups.append((rank, {**desc, **m}))
    sort = cfg.get("sort", "gap")
    if sort == "count":
        groups.sort(key=lambda t: (-t[1]["count"], t[0]))
    elif sort == "value":
        groups.sort(key=lambda t: t[0])
    else:
        groups.sort(key=lambda t: (t[1]["gap"] is None, t[1]["gap"] or 0, -t[1]["count"], t[0]))
    out["groups"] = [g for _, g in groups]
    return out


# ---------------------------------------------------------------- data

def make_labels_csv():
    """Labels that are numbers, strings with spaces and unicode; a region with unicode
    values and missing ones; an age with many equal values (repeated quantile edges)."""
    rng = np.random.default_rng(13)
    n = 240
    regions = np.array(["North", "São Paulo", "東京", "a b c", "Zürich"])
    region = rng.choice(regions, n, p=[0.3, 0.25, 0.2, 0.15, 0.1]).astype(object)
    region[rng.random(n) < 0.06] = ""
    age = np.where(rng.random(n) < 0.45, 30, rng.integers(18, 81, n)).astype(object)
    age[rng.random(n) < 0.04] = ""
    num_classes = np.array([0, 1, 2.5, 10])
    texts = np.array(["class one", "clase ñ", "类别 二", "naïve café"])
    k = rng.integers(0, 4, n)
    wrong = rng.random(n) < np.where(region == "東京", 0.45, 0.15)
    k_pred = np.where(wrong, (k + rng.integers(1, 4, n)) % 4, k)
    y_num = np.array([num_text(num_classes[i]) for i in k], dtype=object)
    y_num_pred = np.array([num_text(num_classes[i]) for i in k_pred], dtype=object)
    y_num[rng.random(n) < 0.05] = ""
    y_num_pred[rng.random(n) < 0.03] = ""
    y_text = texts[k].astype(object)
    y_text_pred = texts[k_pred].astype(object)
    y_text[rng.random(n) < 0.05] = ""
    # Numbers as text in a column that is not numeric ("unknown" keeps it text).
    y_text_num = y_num_pred.copy()
    y_text_num[rng.random(n) < 0.05] = "unknown"
    df = pd.DataFrame({"id": np.arange(n), "region": region, "age": age, "y_num": y_num,
                       "y_num_pred": y_num_pred, "y_text": y_text, "y_text_pred": y_text_pred,
                       "y_num_as_text": y_text_num})
    df.to_csv(os.path.join(ref.ROOT, LABELS_CSV), index=False, lineterminator="\n")


# ---------------------------------------------------------------- cases

PENGUINS = "examples/penguins.csv"
BC = "examples/breast_cancer.csv"
PENGUIN_ROLES = {"label": "species", "prediction": "species_pred"}
BC_ROLES = {"label": "diagnosis", "prediction": "diagnosis_pred"}


def sm(**cfg):
    return {"type": "slice-metrics", **cfg}


def spec(components, filters=None, slices=None):
    s = {"sinfonia": 1, "components": components}
    if filters:
        s["filters"] = filters
    if slices:
        s["slices"] = slices
    return s


CASES = [
    ("slice_metrics_penguins_all", PENGUINS, PENGUIN_ROLES, spec({
        "island": sm(field="island"),
        "island_top2": sm(field="island", top=2, sort="value"),
        "sex": sm(field="sex", sort="value"),
        "sex_count": sm(field="sex", sort="count"),
        "bill_width": sm(field="bill_length_mm"),
        "bill_width7": sm(field="bill_length_mm", bins=7, sort="value"),
        "bill_quantile": sm(field="bill_length_mm", binning="quantile"),
        "bill_quartiles": sm(field="bill_length_mm", binning="quantile", bins=4, sort="value"),
        "flipper_quantile": sm(field="flipper_length_mm", binning="quantile", bins=20),
        "pred": sm(field="species_pred", metric="error_rate")})),
    # Filtered: the component's own selection (source "island") does not filter it.
    ("slice_metrics_penguins_biscoe_dream", PENGUINS, PENGUIN_ROLES, spec({
        "island": sm(field="island"),
        "mass": sm(field="body_mass_g", binning="quantile", bins=5),
        "sex": sm(field="sex")},
        filters=[{"field": "island", "in": ["Biscoe", "Dream"]},
                 {"field": "bill_length_mm", "range": [38, 52], "source": "island"}])),
    ("slice_metrics_breast_cancer", BC, BC_ROLES, spec({
        "radius": sm(field="mean_radius"),
        "radius_q": sm(field="mean_radius", binning="quantile", bins=8),
        "texture_q": sm(field="mean_texture", binning="quantile", bins=3, sort="count"),
        "by_label": sm(field="diagnosis", sort="value")})),
    ("slice_metrics_labels", LABELS_CSV, None, spec({
        "num_region": sm(field="region", label="y_num", prediction="y_num_pred"),
        "text_region": sm(field="region", label="y_text", prediction="y_text_pred", top=3),
        "text_age_q": sm(field="age", label="y_text", prediction="y_text_pred", binning="quantile"),
        "num_age": sm(field="age", label="y_num", prediction="y_num_pred", bins=6, sort="value"),
        "mixed": sm(field="region", label="y_num", prediction="y_num_as_text", sort="value"),
        "by_text_label": sm(field="y_text", label="y_text", prediction="y_text_pred", sort="value")})),
    # Named slices (source "named"): each over the rows its filter selects, with the
    # component's own filter; overlapping, empty, and with missing values.
    ("slice_metrics_penguins_named", PENGUINS, PENGUIN_ROLES, spec({
        "named": sm(source="named"),
        "by_value": sm(source="named", sort="value", metric="error_rate"),
        "by_count": sm(source="named", sort="count")},
        filters=[{"field": "body_mass_g", "range": [3000, 5500], "source": "by_value"},
                 {"field": "sex", "in": ["FEMALE", None], "source": "by_count"}],
        slices=[{"name": "Dream", "filter": {"field": "island", "in": ["Dream"]}},
                {"name": "long bills", "filter": {"field": "bill_length_mm", "range": [45, 60]}},
                {"name": "Dream, female or sex missing",
                 "filter": {"and": [{"field": "island", "in": ["Dream"]}, {"field": "sex", "in": ["FEMALE", None]}]}},
                {"name": "not Biscoe", "filter": {"not": {"field": "island", "in": ["Biscoe"]}}},
                {"name": "short or Torgersen", "filter": {"or": [{"field": "bill_length_mm", "range": [0, 38]},
                                                                {"field": "island", "in": ["Torgersen"]}]}},
                {"name": "no rows", "filter": {"rows": []}},
                {"name": "rows 0-9", "filter": {"rows": list(range(10))}}])),
    ("slice_metrics_breast_cancer_named", BC, BC_ROLES, spec({
        "named": sm(source="named")},
        slices=[{"name": "large", "filter": {"field": "mean_radius", "range": [15, 100]}},
                {"name": "small", "filter": {"field": "mean_radius", "range": [0, 12]}},
                {"name": "no label", "filter": {"field": "diagnosis", "in": [None]}},
                {"name": "predicted benign", "filter": {"field": "diagnosis_pred", "in": ["benign"]}}])),
    ("slice_metrics_labels_named", LABELS_CSV, None, spec({
        "text": sm(source="named", label="y_text", prediction="y_text_pred"),
        "num": sm(source="named", label="y_num", prediction="y_num_pred", sort="value")},
        slices=[{"name": "東京", "filter": {"field": "region", "in": ["東京"]}},
                {"name": "São Paulo or Zürich", "filter": {"field": "region", "in": ["São Paulo", "Zürich"]}},
                {"name": "age 30", "filter": {"field": "age", "in": [30]}},
                {"name": "clase ñ", "filter": {"field": "y_text", "in": ["clase ñ"]}},
                {"name": "region missing", "filter": {"field": "region", "in": [None]}}])),
]


def main():
    make_labels_csv()
    for name, path, roles, sp in CASES:
        df = ref.read(path)
        expected = {}
        for cid, cfg in sp["components"].items():
            full = dict(roles or {}, **cfg)
            expected[cid] = slice_metrics(df, sp, cid, full)
        doc = {"file": path, "made_with": MADE_WITH, "spec": sp, "expected": expected}
        ref.check_finite(doc)
        out = os.path.join(HERE, f"{name}.json")
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, allow_nan=False, ensure_ascii=False)
            fh.write("\n")
        first = next(iter(expected.values()))
        print(f"{name}: {len(expected)} components, {first['count']} rows used, {first['missing']} missing -> "
              f"{os.path.relpath(out, ref.ROOT)}")


if __name__ == "__main__":
    main()
