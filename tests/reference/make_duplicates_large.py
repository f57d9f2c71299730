#!/usr/bin/python3
"""The duplicates component at a size where its neighbour search is approximate:
recall and false positives of planted exact groups and near pairs.

    /usr/bin/python3 tests/reference/make_duplicates_large.py [rows] [binary]

Plants as make_duplicates.py does (20 normal features each with its own scale, exact
copies of every feature, near copies moved by 1e-4 of each feature's scale), at
200,000 rows by default with 400 exact groups and 300 near pairs (numpy's
default_rng(15)), writes build/planted/duplicates_planted_<rows>.csv (too large to
commit; the same rows every time) and what was planted, runs the CLI
(build/sinfonia) with the duplicates defaults (cosine over the 20 features, k = 10,
threshold 0.13; rows^2 x 20 > 2^31, so near_info.exact is false) and prints the
recall and the false positives of the planted groups and pairs. No brute-force
reference at this size (4e10 distances): the plan is the truth; the natural pairs of
20 independent normal features are far outside cleanlab's radius.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_duplicates as dup  # noqa: E402
import make_references as ref  # noqa: E402


def score(planted, found):
    want, got = {tuple(r) for r in planted}, {tuple(r) for r in found}
    return {"recall": len(want & got) / len(want), "false_positives": len(got - want),
            "planted": len(want), "found": len(got)}


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ref.ROOT, "build", "sinfonia")
    out_dir = os.path.join(ref.ROOT, "build", "planted")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"duplicates_planted_{rows}.csv")
    df, planted = dup.make_planted(n_total=rows, n_exact=rows // 500, n_near=rows * 3 // 2000, seed=15)
    if not os.path.exists(path):
        df.to_csv(path + ".tmp", index=False, float_format="%.6f")
        os.replace(path + ".tmp", path)
    spec = {"sinfonia": 1, "columns": {"id": {"role": "id"}},
            "components": {"d": {"type": "duplicates", "limit": 10000}}}
    run = subprocess.run([binary, "run", path, "--spec", "-"], input=json.dumps(spec), capture_output=True,
                         text=True, check=True)
    r = json.loads(run.stdout)["results"]["d"]
    exact = score([g["rows"] for g in planted["exact"]], r["exact"])
    near = score([p["rows"] for p in planted["near"]], [p["rows"] for p in r["near"]])
    info = {k: r["near_info"][k] for k in ("metric", "exact", "median_nn_distance", "radius", "used")}
    print(json.dumps({"rows": rows, "near_info": info, "exact_groups": exact, "near_pairs": near,
                      "counts": r["counts"]}, indent=1))


if __name__ == "__main__":
    main()
