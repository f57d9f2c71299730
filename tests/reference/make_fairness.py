#!/usr/bin/python3
"""Reference results of the fairness component, computed as fairlearn computes them.

    /usr/bin/python3 tests/reference/make_fairness.py

fairlearn is not a Debian package, so this script restates its definitions with numpy,
pandas and scikit-learn, read from fairlearn's source at version 0.15.0.dev0
(github.com/fairlearn/fairlearn, commit ebf8fa75381b112a75d0bd15f13927de7824bccf):

- fairlearn/metrics/_base_metrics.py: selection_rate(y_true, y_pred, pos_label=1) is the
  share of y_pred == 1; true_positive_rate / false_positive_rate (pos_label None: values
  in {0, 1}) take sklearn.metrics.confusion_matrix(y_true, y_pred, labels=[neg, 1],
  normalize="true").ravel() -> (tnr, fpr, fnr, tpr), where labels are the unique values
  of y_true and y_pred with 1 last (a lone 1 gets int64's minimum as its negative);
  normalize="true" divides by the row sums and nan_to_num turns 0/0 into 0, so a group
  with no positive has tpr 0 and one with no negative fpr 0 (scikit-learn 1.2.1,
  metrics/_classification.py);
- fairlearn/metrics/_metric_frame.py and _disaggregated_result.py: by_group applies the
  metrics per group of pandas' groupby (sorted keys; missing keys dropped); overall over
  every row given; difference(method="between_groups") = max - min per metric;
  ratio(method="between_groups") = min / max per metric (pandas: 0 / 0 is NaN);
- fairlearn/metrics/_fairness_metrics.py: demographic_parity_difference / _ratio are the
  difference / ratio of selection_rate; equalized_odds_difference(agg="worst_case") =
  max(Series[tpr difference, fpr difference]) and equalized_odds_ratio = min(Series[tpr
  ratio, fpr ratio]), Python's builtin max / min over the Series (so a NaN tpr ratio
  gives NaN, a NaN fpr ratio gives the tpr ratio).

Sinfonia's framing (components/fairness/README.md): y = (label == positive), y_pred =
(prediction == positive); selected rows lacking the label or the prediction are left out
and counted in "missing"; rows lacking the group are counted in "missing_group" and
described in "missing_group_stats" (a group's counts and rates over them), never in a group;
the default positive class is the second of the two sorted classes of label and
prediction over the whole file.

Writes tests/reference/fairness_<case>.json in the format of make_references.py
({"file", "made_with", "spec", "expected"}), which tests/js/reference.test.js holds the
CLI's `run` to (1e-9) and tests/js/fairness.test.js measures.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_references as ref  # noqa: E402  (read(), row_mask(), f(), MADE_WITH)

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_fairness.py",
                 fairlearn="0.15.0.dev0 (definitions restated, source commit ebf8fa7)")


def selection_rate(y_pred):
    """fairlearn selection_rate, pos_label=1, no weights: the share predicted 1."""
    selected = np.asarray(y_pred) == 1
    if len(selected) == 0:
        raise ValueError("empty y_pred")
    return float(np.dot(selected, np.ones(len(selected))) / len(selected))


def binary_labels(y_true, y_pred):
    """The labels fairlearn gives confusion_matrix: the values seen, 1 last, two of them."""
    seen = sorted(set(np.unique(np.vstack((y_true, y_pred))).tolist()))
    if seen == [1]:
        return [np.iinfo(np.int64).min, 1]
    if seen == [0]:
        return [0, 1]
    return seen  # [0, 1]


def rates(y_true, y_pred):
    """(tpr, fpr) as fairlearn's true_positive_rate / false_positive_rate."""
    cm = confusion_matrix(y_true, y_pred, labels=binary_labels(y_true, y_pred), normalize="true")
    tnr, fpr, fnr, tpr = cm.ravel()
    return float(tpr), float(fpr)


def metrics(y_true, y_pred):
    """A group's counts and fairlearn's three rates (selection rate, tpr, fpr)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tpr, fpr = rates(y_true, y_pred)
    return {"count": len(y_true), "positives": int(y_true.sum()), "predicted_positive": int(y_pred.sum()),
            "selection_rate": selection_rate(y_pred), "tpr": tpr, "fpr": fpr}


def num_text(v):
    """A number as the engine writes a class: shortest round-trip, integers without '.0'."""
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def classes_of(df, label, prediction):
    """sorted(label ∪ prediction) over the whole file: numbers by value, else as text."""
    values = pd.concat([df[label], df[prediction]]).dropna()
    if ref.is_num(df[label]) and ref.is_num(df[prediction]):
        return [num_text(v) for v in sorted(set(values.astype(float)))]
    return sorted(set(values.astype(str)))


def fairness(df, mask, cfg, label, prediction, group):
    positive = cfg.get("positive")
    if positive is None:
        classes = classes_of(df, label, prediction)
        assert len(classes) == 2, classes
        positive = classes[1]
    sel = df[mask]
    both = sel[label].notna() & sel[prediction].notna()
    used = sel[both]
    as_text = lambda s: s.map(num_text) if ref.is_num(s) else s.astype(str)  # noqa: E731
    y = (as_text(used[label]) == positive).astype(int).to_numpy()
    yp = (as_text(used[prediction]) == positive).astype(int).to_numpy()
    g = used[group]
    has = g.notna().to_numpy()
    frame = pd.DataFrame({"y": y[has], "yp": yp[has], "g": g[has].to_numpy()})
    groups, by_group = [], []
    for value, part in frame.groupby("g", sort=True):
        m = metrics(part["y"].to_numpy(), part["yp"].to_numpy())
        by_group.append({k: m[k] for k in ("selection_rate", "tpr", "fpr")})
        groups.append({"value": value.item() if hasattr(value, "item") else value, **m})
    out = {"group": group, "label": label, "prediction": prediction, "positive": positive,
           "count": int(has.sum()), "missing": int(len(sel) - len(used)),
           "missing_group": int((~has).sum()), "groups": groups,
           "overall": metrics(frame["y"].to_numpy(), frame["yp"].to_numpy()) if len(frame) else None,
           "missing_group_stats": metrics(y[~has], yp[~has]) if (~has).any() else None}
    if not by_group:
        out.update(demographic_parity_difference=None, demographic_parity_ratio=None,
                   equalized_odds_difference=None, equalized_odds_ratio=None)
        return out
    bg = pd.DataFrame(by_group)                                     # MetricFrame.by_group
    diff = bg.max() - bg.min()                                      # difference(between_groups)
    ratio = bg.min() / bg.max()                                     # ratio(between_groups)
    eo_diff = max(pd.Series([diff["tpr"], diff["fpr"]]))            # builtin max, as fairlearn
    eo_ratio = min(pd.Series([ratio["tpr"], ratio["fpr"]]))         # builtin min: NaN first wins
    out.update(demographic_parity_difference=ref.f(diff["selection_rate"]),
               demographic_parity_ratio=ref.f(ratio["selection_rate"]),
               equalized_odds_difference=ref.f(eo_diff), equalized_odds_ratio=ref.f(eo_ratio))
    return out


TITANIC = "examples/titanic.csv"
PENGUINS = "examples/penguins.csv"


def spec(filters, components, columns=None):
    s = {"sinfonia": 1, "filters": filters, "components": components}
    if columns:
        s["columns"] = columns
    return s


SEX_GROUP = {"sex": {"role": "group"}}
CASES = [
    # Binary: sex as the group (the spec's role), the default positive ("yes"); passenger
    # class as the group; age as a numeric group with 263 missing.
    ("fairness_titanic_all", TITANIC, "survived", "survived_pred", spec([], {
        "f": {"type": "fairness"},
        "no": {"type": "fairness", "positive": "no"},
        "class": {"type": "fairness", "group": "passengerClass"},
        "age": {"type": "fairness", "group": "age"}}, SEX_GROUP)),
    ("fairness_titanic_3rd_class", TITANIC, "survived", "survived_pred", spec(
        [{"field": "passengerClass", "in": ["3rd"]}], {"f": {"type": "fairness"}}, SEX_GROUP)),
    ("fairness_titanic_age_0_18", TITANIC, "survived", "survived_pred", spec(
        [{"field": "age", "range": [0, 18]}], {
            "f": {"type": "fairness"},
            "class": {"type": "fairness", "group": "passengerClass"}}, SEX_GROUP)),
    # Multi-class, one-vs-rest: sex (11 missing) as the group; island, where a class has
    # no row on some islands (tpr 0 there, as fairlearn's nan_to_num).
    ("fairness_penguins_all", PENGUINS, "species", "species_pred", spec([], {
        "adelie": {"type": "fairness", "positive": "Adelie"},
        "chinstrap": {"type": "fairness", "positive": "Chinstrap"},
        "island": {"type": "fairness", "positive": "Chinstrap", "group": "island"}}, SEX_GROUP)),
    ("fairness_penguins_bill_length_40_50", PENGUINS, "species", "species_pred", spec(
        [{"field": "bill_length_mm", "range": [40, 50]}], {
            "chinstrap": {"type": "fairness", "positive": "Chinstrap"}}, SEX_GROUP)),
    # No Chinstrap on Biscoe or Torgersen: every group's tpr is 0, so the tpr ratio is
    # NaN and the equalized odds ratio null (fairlearn's min over [NaN, x]).
    ("fairness_penguins_no_positives", PENGUINS, "species", "species_pred", spec(
        [{"field": "island", "in": ["Biscoe", "Torgersen"]}], {
            "chinstrap": {"type": "fairness", "positive": "Chinstrap", "group": "island"},
            "gentoo": {"type": "fairness", "positive": "Gentoo", "group": "island"}}, SEX_GROUP)),
]


def main():
    for name, path, label, prediction, sp in CASES:
        df = ref.read(path)
        groups = {n: c["role"] for n, c in (sp.get("columns") or {}).items()}
        default_group = next(n for n, r in groups.items() if r == "group")
        expected = {}
        for cid, cfg in sp["components"].items():
            mask = ref.row_mask(df, sp.get("filters"), cid)
            expected[cid] = fairness(df, mask, cfg, label, prediction, cfg.get("group", default_group))
        doc = {"file": path, "made_with": MADE_WITH, "spec": sp, "expected": expected}
        ref.check_finite(doc)
        out = os.path.join(HERE, f"{name}.json")
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, allow_nan=False)
            fh.write("\n")
        for cid, r in expected.items():
            print(f"{name} {cid}: {r['count']} rows ({r['missing']} missing, {r['missing_group']} without "
                  f"{r['group']}), {len(r['groups'])} groups, DP diff {r['demographic_parity_difference']}, "
                  f"EO ratio {r['equalized_odds_ratio']}")


if __name__ == "__main__":
    main()
