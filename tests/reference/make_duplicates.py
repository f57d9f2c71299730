#!/usr/bin/python3
"""Planted duplicates and reference results of the duplicates component.

    /usr/bin/python3 tests/reference/make_duplicates.py

Writes (deterministic, numpy's default_rng(14)):
- tests/reference/data/duplicates_planted.csv: 5000 rows: id, 20 numeric features
  f00..f19 (normal, each with its own scale), a text feature `note`, label (cat/dog/
  fox), prediction, split (train/test). Planted: 40 exact-duplicate groups (a row and
  1-3 copies of every feature, `note` included; 10 groups with a copy of another
  label, 12 with a copy in the other split) and 30 near-duplicate pairs (a row and a
  copy with every feature moved by 1e-4 of its scale; 8 with another label, 10 in the
  other split); rows shuffled.
- tests/reference/data/duplicates_planted.json: what was planted (row ids after the
  shuffle), which tests/js/duplicates.test.js scores the component's findings against.
- tests/reference/data/duplicates_small.csv: 400 rows of the planted file (those of 12
  planted groups and 10 planted pairs, then the first rows), in file order.
- tests/reference/duplicates_<case>.json in the format of make_references.py
  ({"file", "made_with", "spec", "expected"}), held to the CLI by reference.test.js.

Definitions restated (cleanlab 2.x, datalab/internal/issue_manager/duplicate.py,
internal/neighbor/{metric,knn_graph}.py; not copied):
- exact groups: rows equal in every field (pandas duplicated(keep=False) over the
  fields; missing equals missing), groups ordered by first row, rows ascending;
- near: over the numeric fields, metric "cosine" (sklearn cosine_distances) when
  there are more than 3 of them, else "euclidean"; each row's k = 10 nearest other
  rows (ties by row order); median = max(median of the nearest distances, 1e-6); a
  pair (i, j) is near when j is among i's k nearest (or i among j's) with distance
  < threshold * median (0.13); pairs inside one exact group are left out. Brute
  force here: every distance, no tree.
- beyond cleanlab (the engine's rules, components/duplicates/README.md): no near
  search over fewer than 2 numeric fields (one number ties too often), and a near
  pair shares its category fields' values (rows one-hot encoded apart are never
  within the radius); text fields (the engine's rule: distinct values above half of
  the present ones and above 50, or 40 bytes on average) may differ.
- label_conflict: a group's non-missing labels differ; leakage: its split values do.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn.metrics.pairwise import cosine_distances, euclidean_distances

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_references as ref  # noqa: E402

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_duplicates.py")
PLANTED = "tests/reference/data/duplicates_planted.csv"
SMALL = "tests/reference/data/duplicates_small.csv"
FEATURES = [f"f{i:02d}" for i in range(20)]
CLASSES = ["cat", "dog", "fox"]
WORDS = ("red green blue small large quick slow north south river stone cloud "
         "paper glass metal wood light dark early late").split()


def make_planted(n_total=5000, n_exact=40, n_near=30, seed=14):
    rng = np.random.default_rng(seed)
    copies = rng.integers(1, 4, n_exact)
    n_base = n_total - int(copies.sum()) - n_near
    scale = rng.uniform(0.5, 20, len(FEATURES))
    X = rng.normal(size=(n_base, len(FEATURES))) * scale
    X = np.round(X, 6)  # written exactly as read back
    label = rng.choice(CLASSES, n_base)
    pred = np.where(rng.random(n_base) < 0.8, label, rng.choice(CLASSES, n_base))
    split = np.where(rng.random(n_base) < 0.8, "train", "test")
    note = np.array([" ".join(rng.choice(WORDS, 6)) for _ in range(n_base)])
    rows = [dict(zip(FEATURES, X[i]), note=note[i], label=label[i], prediction=pred[i], split=split[i])
            for i in range(n_base)]
    other = {"train": "test", "test": "train"}
    sources = rng.choice(n_base, n_exact + n_near, replace=False)
    exact, near = [], []
    for g in range(n_exact):
        src = int(sources[g])
        group = [src]
        for c in range(int(copies[g])):
            r = dict(rows[src])
            if g < 10 and c == 0:
                r["label"] = CLASSES[(CLASSES.index(r["label"]) + 1) % 3]
            if 10 <= g < 22 and c == 0:
                r["split"] = other[r["split"]]
            group.append(len(rows))
            rows.append(r)
        exact.append({"rows": group, "label_conflict": g < 10, "leakage": 10 <= g < 22})
    for p in range(n_near):
        src = int(sources[n_exact + p])
        r = dict(rows[src])
        for j, f in enumerate(FEATURES):
            r[f] = round(r[f] + 1e-4 * scale[j] * rng.choice([-1, 1]), 6)
        r["note"] = " ".join(rng.choice(WORDS, 6))
        if p < 8:
            r["label"] = CLASSES[(CLASSES.index(r["label"]) + 1) % 3]
        if 8 <= p < 18:
            r["split"] = other[r["split"]]
        near.append({"rows": [src, len(rows)], "label_conflict": p < 8, "leakage": 8 <= p < 18})
        rows.append(r)
    order = rng.permutation(len(rows))  # new position k holds old row order[k]
    where = np.empty(len(rows), dtype=int)
    where[order] = np.arange(len(rows))
    df = pd.DataFrame([rows[i] for i in order])
    df.insert(0, "id", np.arange(len(df)))
    df = df[["id"] + FEATURES + ["note", "label", "prediction", "split"]]
    for item in exact + near:
        item["rows"] = sorted(int(where[i]) for i in item["rows"])
    exact.sort(key=lambda g: g["rows"][0])
    near.sort(key=lambda p: p["rows"])
    return df, {"exact": exact, "near": near}


def exact_groups(df, fields):
    dup = df.duplicated(subset=fields, keep=False)
    groups = {}
    for i in np.flatnonzero(dup.to_numpy()):
        key = tuple("\0nan" if pd.isna(v) else v for v in df.iloc[i][fields])
        groups.setdefault(key, []).append(int(df.index[i]))
    return sorted(groups.values(), key=lambda g: g[0])


def differ(df, col, rows):
    vals = df.loc[rows, col].dropna()
    return bool(vals.nunique() > 1)


def is_category(col):
    """Not numbers and not text, as the engine types a column (wasm/src/infer.c)."""
    if pd.api.types.is_numeric_dtype(col):
        return False
    present = col.dropna().astype(str)
    distinct = present.nunique()
    text = distinct > len(present) / 2 and (distinct > 50 or present.str.len().mean() >= 40)
    return not text


def near_pairs(df, fields, groups, threshold=0.13, k=10):
    num = [f for f in fields if pd.api.types.is_numeric_dtype(df[f])]
    if len(num) < 2:
        return [], None
    match = [f for f in fields if is_category(df[f])]
    X = df[num].to_numpy(dtype=float)
    keep = np.isfinite(X).all(axis=1)
    cosine = len(num) > 3
    if cosine:
        keep &= np.linalg.norm(np.where(np.isfinite(X), X, 0), axis=1) > 0
    ids = df.index.to_numpy()[keep]
    X = X[keep]
    m = len(X)
    D = cosine_distances(X) if cosine else euclidean_distances(X)
    np.fill_diagonal(D, np.inf)  # a row is not its own neighbour
    order = np.argsort(D, axis=1, kind="stable")[:, :k]  # ties by row order
    dist = np.take_along_axis(D, order, axis=1)
    median = max(float(np.median(dist[:, 0])), 1e-6)
    radius = threshold * median
    group_of = {r: g for g, rows in enumerate(groups) for r in rows}
    pairs = {}
    for i in range(m):
        for j, d in zip(order[i], dist[i]):
            if d >= radius:
                continue
            a, b = sorted((int(ids[i]), int(ids[j])))
            if a in group_of and group_of.get(b) == group_of[a]:
                continue
            if any(df.at[a, f] != df.at[b, f] and not (pd.isna(df.at[a, f]) and pd.isna(df.at[b, f])) for f in match):
                continue
            pairs[(a, b)] = float(d)
    info = {"fields": num, "match": match, "metric": "cosine" if cosine else "euclidean", "k": k, "threshold": threshold,
            "median_nn_distance": median, "radius": radius, "used": int(m), "left_out": int(len(df) - m)}
    return [(a, b, d) for (a, b), d in sorted(pairs.items())], info


def expected(df, fields, threshold, k, label="label", split="split"):
    groups = exact_groups(df, fields)
    pairs, info = near_pairs(df, fields, groups, threshold, k)
    flags = [{"label_conflict": differ(df, label, g), "leakage": differ(df, split, g)} for g in groups]
    near = [{"rows": [a, b], "distance": d, "label_conflict": differ(df, label, [a, b]),
             "leakage": differ(df, split, [a, b])} for a, b, d in pairs]
    return {
        "fields": fields, "label": label, "split": split, "rows": len(df),
        "exact": groups, "exact_flags": flags, "near": near, "near_info": info,
        "counts": {"exact_groups": len(groups), "exact_rows": sum(len(g) for g in groups),
                   "exact_label_conflict": sum(f["label_conflict"] for f in flags),
                   "exact_leakage": sum(f["leakage"] for f in flags), "near_pairs": len(near),
                   "near_label_conflict": sum(p["label_conflict"] for p in near),
                   "near_leakage": sum(p["leakage"] for p in near)},
    }


def write_ref(name, path, df, comp):
    spec = {"sinfonia": 1, "components": {"d": comp}}
    fields = comp.get("fields", FEATURES + ["note"])
    doc = {"file": path, "made_with": MADE_WITH, "spec": spec, "expected": {"d": expected(df, fields, comp.get("threshold", 0.13), comp.get("k", 10))}}
    ref.check_finite(doc)
    out = os.path.join(HERE, f"{name}.json")
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, allow_nan=False)
        fh.write("\n")
    c = doc["expected"]["d"]["counts"]
    print(f"{name}: {c['exact_groups']} exact groups, {c['near_pairs']} near pairs -> {os.path.relpath(out, ref.ROOT)}")


def main():
    df, planted = make_planted()
    os.makedirs(os.path.join(ref.ROOT, "tests/reference/data"), exist_ok=True)
    df.to_csv(os.path.join(ref.ROOT, PLANTED), index=False, float_format="%.6f")
    # the small file: the rows of 12 planted groups and 10 planted pairs, and the first
    # rows of the file, to 400 in file order
    pick = {r for g in planted["exact"][:12] + planted["near"][:10] for r in g["rows"]}
    pick |= set(range(400 - len(pick)))
    df.iloc[sorted(pick)].to_csv(os.path.join(ref.ROOT, SMALL), index=False, float_format="%.6f")
    with open(os.path.join(ref.ROOT, "tests/reference/data/duplicates_planted.json"), "w") as fh:
        json.dump(planted, fh, indent=1)
        fh.write("\n")
    full = ref.read(PLANTED)
    small = ref.read(SMALL)
    write_ref("duplicates_small_cosine", SMALL, small, {"type": "duplicates", "limit": 10000})
    # three numeric fields: the euclidean metric
    write_ref("duplicates_small_euclidean", SMALL, small,
              {"type": "duplicates", "fields": ["f00", "f01", "f02"], "limit": 10000})
    # a wide threshold and 3 neighbours: many pairs, the k nearest cap in play
    write_ref("duplicates_small_wide_k3", SMALL, small,
              {"type": "duplicates", "fields": ["f00", "f01", "f02"], "threshold": 1.0, "k": 3, "limit": 10000})
    write_ref("duplicates_planted_all", PLANTED, full, {"type": "duplicates", "limit": 10000})
    # a category field: a near pair shares its split (the 10 planted pairs across the
    # split are left out), the note (text) may differ
    write_ref("duplicates_small_match_split", SMALL, small,
              {"type": "duplicates", "fields": FEATURES + ["note", "split"], "limit": 10000})


if __name__ == "__main__":
    main()
