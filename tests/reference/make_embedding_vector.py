#!/usr/bin/python3
"""Reference results for an embedding held as a vector column (a JSON array per row)
and as numbered columns, with scikit-learn / numpy.

    /usr/bin/python3 examples/make_digits_pixels.py        # examples/digits_pixels.jsonl
    /usr/bin/python3 tests/reference/make_embedding_vector.py

The digits twice: examples/digits.csv (px00..px63, the embedding the engine infers from
the names) and examples/digits_pixels.jsonl (the same numbers as one 64-long array
`pixels` per row, a vector column with the role embedding). With no "fields" in the
config both components use the view's embedding:
- embedding: sklearn.decomposition.PCA(svd_solver="full") as tests/reference/make_embedding.py
  defines it, on the 64 numbers; the two files give the same numbers, and "fields" names
  the columns read (["pixels"], or px00..px63) and "embedding" the embedding's name;
- duplicates: exact groups over the default fields (the vector's 64 numbers compared
  whole in the JSONL) and near pairs over the embedding by cleanlab's rule as
  tests/reference/make_duplicates.py defines it (cosine: more than 3 dimensions).
Writes tests/reference/embedding_vector_*.json and duplicates_vector_digits.json in the
format of make_references.py ({"file", "made_with", "spec", "expected"}).
"""
import json
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_references as ref  # noqa: E402
from make_embedding import embedding  # noqa: E402
from make_duplicates import exact_groups, near_pairs, differ  # noqa: E402

MADE_WITH = {**ref.MADE_WITH, "script": "tests/reference/make_embedding_vector.py"}
JSONL = "examples/digits_pixels.jsonl"
CSV = "examples/digits.csv"
PX = [f"px{k:02d}" for k in range(64)]


def read_jsonl():
    """The JSONL with its pixels array spread into px00..px63 (the numbers, unchanged)."""
    df = pd.read_json(os.path.join(ref.ROOT, JSONL), lines=True)
    px = pd.DataFrame(df["pixels"].tolist(), columns=PX, dtype=float)
    return pd.concat([df.drop(columns=["pixels"]), px], axis=1)


def spec(components, filters):
    return {"sinfonia": 1, "filters": filters, "components": components,
            "layout": {"rows": [{"columns": list(components)}]}}


SPEC = spec({"emb": {"type": "embedding"},
             "err": {"type": "embedding", "color": "error", "max_points": 300, "grid": 10}},
            [{"field": "digit", "in": [3, 5, 8, 9]}])


def write(name, path, expected, sp):
    doc = {"file": path, "made_with": MADE_WITH, "spec": sp, "expected": expected}
    ref.check_finite(doc)
    with open(os.path.join(ref.HERE, f"{name}.json"), "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, allow_nan=False)
        fh.write("\n")


def duplicates(df, threshold):
    groups = exact_groups(df, PX)
    pairs, info = near_pairs(df, PX, groups, threshold)
    info = {**info, "fields": ["pixels"], "embedding": "pixels"}
    flags = [{"label_conflict": differ(df, "digit", g), "leakage": False} for g in groups]
    near = [{"rows": [a, b], "distance": d, "label_conflict": differ(df, "digit", [a, b]), "leakage": False}
            for a, b, d in pairs]
    return {"fields": ["pixels"], "label": "digit", "split": None, "rows": len(df), "exact": groups,
            "exact_flags": flags, "near": near, "near_info": info,
            "counts": {"exact_groups": len(groups), "exact_rows": sum(len(g) for g in groups),
                       "exact_label_conflict": sum(f["label_conflict"] for f in flags), "exact_leakage": 0,
                       "near_pairs": len(near), "near_label_conflict": sum(p["label_conflict"] for p in near),
                       "near_leakage": 0}}


def main():
    vec, cols = read_jsonl(), ref.read(CSV)
    assert np.array_equal(vec[PX].to_numpy(), cols[PX].to_numpy(dtype=float)), "the two files' numbers differ"
    for name, path, df, fields, emb_name in [("embedding_vector_digits_pixels", JSONL, vec, ["pixels"], "pixels"),
                                             ("embedding_vector_digits_columns", CSV, cols, PX, "px")]:
        expected = {}
        for cid, cfg in SPEC["components"].items():
            out = embedding(df, ref.row_mask(df, SPEC["filters"], cid), cfg, PX, "digit", "digit_pred")
            out["fields"] = fields
            out["embedding"] = emb_name
            expected[cid] = out
        write(name, path, expected, SPEC)
        r = expected["emb"]
        print(f"{name}: {r['count']} rows; ratio {r['explained_variance_ratio'][:3]}")
    # digits has no two images alike; a wider threshold than cleanlab's 0.13 lists pairs
    dup_spec = {"sinfonia": 1, "components": {"d": {"type": "duplicates", "threshold": 0.6, "limit": 10000}}}
    d = duplicates(vec, 0.6)
    write("duplicates_vector_digits", JSONL, {"d": d}, dup_spec)
    print(f"duplicates_vector_digits: {d['counts']}")


if __name__ == "__main__":
    main()
