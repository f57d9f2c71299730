#!/usr/bin/python3
"""Reference results of the slice-finder component: SliceLine's top k by brute force.

    /usr/bin/python3 tests/reference/make_slice_finder.py

Writes tests/reference/slice_finder_<case>.json in the format of make_references.py
({"file", "made_with", "spec", "expected"}); tests/js/reference.test.js holds the CLI's
`run` to them. The definitions (components/slice-finder/README.md), restated here
without SliceLine's pruning: EVERY slice of 1..max_level predicates over distinct
features is counted (numpy, one group-by per set of features), so the top k here
is the true top k and the kernel's pruning must not lose any of it.

- rows used: selected, with a label and a prediction; e = (prediction != label);
- a numeric feature's bins over the whole column's finite values: equal-width
  (numpy.histogram_bin_edges, [lo, hi) the last closed) or quantile
  (numpy.quantile(linspace(0, 1, bins + 1)) made unique, (lo, hi] the first closed,
  as pandas.qcut); a category's values; a missing value is in no slice;
- n rows used, mean error m; a slice of |S| rows and error se scores
  alpha * ((se / |S|) / m - 1) - (1 - alpha) * (n / |S| - 1);
- a slice as big as a slice with one of its predicates left out holds exactly its
  rows: it is left out (the same slice written longer);
- sigma = min_support or max(32, ceil(n / 100)); the top k among slices with
  score > 0 and |S| >= sigma, by score descending, then fewer predicates, then the
  items in order (feature order; bins in order, categories byte-wise).
"""
import itertools
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_references as ref  # noqa: E402

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_slice_finder.py")


def codes_of(col, binning, bins):
    """Per row: the item's value index (-1: in no slice); and how to write each value."""
    if ref.is_num(col):
        x = col.to_numpy(dtype=float)
        fin = x[np.isfinite(x)]
        if binning == "quantile":
            edges = np.unique(np.quantile(fin, np.linspace(0, 1, bins + 1)))
            if len(edges) == 1:
                edges = np.array([edges[0], edges[0]])
            nb = len(edges) - 1
            code = np.searchsorted(edges, x, side="left") - 1
            code[x == edges[0]] = 0
        else:
            edges = np.histogram_bin_edges(fin, bins=bins)
            nb = bins
            code = np.searchsorted(edges, x, side="right") - 1
            code[x == edges[-1]] = nb - 1
        code[~np.isfinite(x) | (x < edges[0]) | (x > edges[-1])] = -1
        values = []
        for v in range(nb):
            lo_shut = (v == 0) if binning == "quantile" else True
            hi_shut = True if binning == "quantile" else (v == nb - 1)
            closed = "both" if lo_shut and hi_shut else "left" if lo_shut else "right"
            values.append({"range": [float(edges[v]), float(edges[v + 1])], "closed": closed})
        return code, values
    s = col.astype(object)
    present = s.notna().to_numpy()
    names = sorted({str(v) for v in s[present]}, key=lambda t: t.encode())
    index = {v: i for i, v in enumerate(names)}
    code = np.array([index[str(v)] if ok else -1 for v, ok in zip(s, present)])
    return code, [{"in": [v]} for v in names]


def slice_finder(df, mask, spec, cfg):
    label = cfg.get("label") or ref.columns_with_role(spec, "label")[0]
    pred = cfg.get("prediction") or ref.columns_with_role(spec, "prediction")[0]
    # default: the columns the engine infers as features (here: every column no role is declared for)
    feats = cfg.get("features") or [c for c in df.columns if ref.role_of(spec, c) in (None, "feature")
                                     and c not in (label, pred)]
    binning, bins = cfg.get("binning", "equal-width"), cfg.get("bins", 10)
    alpha, k, max_level = cfg.get("alpha", 0.95), cfg.get("k", 10), cfg.get("max_level", 3)
    y, p = df[label], df[pred]
    used = mask & y.notna().to_numpy() & p.notna().to_numpy()
    if ref.is_num(y) and ref.is_num(p):
        e = (y.to_numpy(float) != p.to_numpy(float)).astype(float)
    else:
        e = np.array([str(a) != str(b) for a, b in zip(y, p)], dtype=float)
    n = int(used.sum())
    total = float(e[used].sum())
    mean = total / n
    sigma = cfg.get("min_support") or max(32, -(-n // 100))
    codes, values = zip(*(codes_of(df[f], binning, bins) for f in feats))
    found = []
    size = {}  # every slice's size, by its items
    for level in range(1, max_level + 1):
        for fs in itertools.combinations(range(len(feats)), level):
            c = np.stack([codes[j] for j in fs], axis=1)[used]
            ok = (c >= 0).all(axis=1)
            keys, inv = np.unique(c[ok], axis=0, return_inverse=True)
            inv = inv.reshape(-1)
            ss = np.bincount(inv, minlength=len(keys))
            se = np.bincount(inv, weights=e[used][ok], minlength=len(keys))
            for key, s_, e_ in zip(keys, ss, se):
                s_, e_ = float(s_), float(e_)
                items = tuple(zip(fs, (int(v) for v in key)))
                size[items] = s_
                if level > 1 and any(size[items[:i] + items[i + 1:]] == s_ for i in range(level)):
                    continue
                sc = alpha * ((e_ / s_) / mean - 1) - (1 - alpha) * (n / s_ - 1)
                if sc > 0 and s_ >= sigma:
                    found.append((-sc, level, items, s_, e_, sc))
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    slices = []
    for _, level, items, s_, e_, sc in found[:k]:
        preds = [dict({"field": feats[j]}, **values[j][v]) for j, v in items]
        slices.append({"predicates": preds, "count": int(s_), "errors": int(e_), "error_rate": e_ / s_, "score": sc})
    return {"label": label, "prediction": pred, "error": "mismatch", "features": feats, "binning": binning,
            "bins": bins, "alpha": alpha, "min_support": sigma, "max_level": max_level, "k": k,
            "count": n, "missing": int(mask.sum()) - n, "errors": int(total), "error_rate": mean, "slices": slices}


PLANTED_COLUMNS = {"label": {"role": "label"}, "prediction": {"role": "prediction"}}
PENGUINS_COLUMNS = {"id": {"role": "id"}, "species": {"role": "label"}, "species_pred": {"role": "prediction"},
                    "sex": {"role": "feature"}}
DIGITS_COLUMNS = {"id": {"role": "id"}, "digit": {"role": "label"}, "digit_pred": {"role": "prediction"}}
CASES = {
    "slice_finder_planted": ("tests/reference/data/planted_slices.csv", PLANTED_COLUMNS, [], {}),
    "slice_finder_planted_quantile": ("tests/reference/data/planted_slices.csv", PLANTED_COLUMNS, [],
                                      {"binning": "quantile", "bins": 5, "k": 15, "alpha": 0.9}),
    "slice_finder_planted_level2": ("tests/reference/data/planted_slices.csv", PLANTED_COLUMNS,
                                    [{"field": "visits", "range": [0, 6]}],
                                    {"max_level": 2, "min_support": 40, "features": ["plan", "region", "age", "device"]}),
    "slice_finder_penguins": ("examples/penguins.csv", PENGUINS_COLUMNS, [],
                              {"min_support": 10, "k": 20, "features": ["island", "sex", "bill_length_mm", "bill_depth_mm",
                                                                        "flipper_length_mm", "body_mass_g"]}),
    # digits: constant pixels (px00, px08) and pixels that rarely cut a slice, where a
    # longer slice often holds its parent's rows
    "slice_finder_digits": ("examples/digits.csv", DIGITS_COLUMNS, [],
                            {"features": ["px00", "px01", "px08", "px15", "px16", "px21", "px33", "px38", "px42",
                                          "px58", "px63"]}),
}


def main():
    for name, (path, columns, filters, cfg) in CASES.items():
        df = ref.read(path)
        spec = {"sinfonia": 1, "columns": columns, "filters": filters,
                "components": {"sf": dict({"type": "slice-finder"}, **cfg)}}
        mask = ref.row_mask(df, filters, "sf")
        expected = {"sf": slice_finder(df, mask, spec, cfg)}
        ref.check_finite(expected)
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump({"file": path, "made_with": MADE_WITH, "spec": spec, "expected": expected}, f, indent=1)
            f.write("\n")
        print(name, [(s["count"], round(s["score"], 3)) for s in expected["sf"]["slices"][:3]])


if __name__ == "__main__":
    main()
