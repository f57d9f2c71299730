#!/usr/bin/python3
"""Reference results of the error-tree component, and their check against scikit-learn.

    /usr/bin/python3 tests/reference/make_error_tree.py

Writes tests/reference/error_tree_<case>.json in the format of make_references.py
({"file", "made_with", "spec", "expected"}); tests/js/reference.test.js holds the CLI's
`run` to them. The tree (components/error-tree/README.md) is restated here in plain
Python over numpy, node by node, depth first:

- rows used: selected, with a label and a prediction; y = (prediction != label);
- a node splits when depth < max_depth, it has >= max(2, 2 * min_samples_leaf) rows,
  0 < errors < rows, a split leaves >= min_samples_leaf rows on each side, and the best
  split's weighted impurity decrease (scikit-learn's formula) + DBL_EPSILON >=
  min_impurity_decrease;
- the best split minimises N_L gini_L + N_R gini_R, compared exactly (Python integers);
  a tie goes to the first candidate: features in config order, then thresholds
  ascending (numbers) or shorter left sets (categories);
- a number: thresholds at prev / 2 + next / 2 between consecutive distinct values of the
  node (prev when that equals next), x <= t goes left; a missing value goes right; when
  the node has missing values, "every finite value left" (t = the largest) is the last
  candidate;
- a category: its values in the node (missing one of them) sorted by error rate, then
  byte-wise (missing last); the left side is a prefix (Breiman's ordering);
- filters: x <= t is {"field", "range": [the column's least finite value, t]}, the right
  side its "not"; a category side is {"field", "in": smaller side} or its "not".

Where scikit-learn has the definition (numeric features without missing values), the
same tree is fitted with sklearn.tree.DecisionTreeClassifier(criterion="gini") and every
node's rows, errors, feature and split are asserted equal. scikit-learn works in
float32: its threshold is the midpoint of the two float32 values, asserted bit for bit;
the engine's is the midpoint of the doubles (the same rows on each side). scikit-learn
breaks a tie between features by a random permutation: those cases are chosen without
ties (asserted: no other candidate within a relative 1e-9 of the best).

    /usr/bin/python3 tests/reference/make_error_tree.py --against-cli 600

restates the trees of 600 seeded random files and configs (ties, missing values, few rows)
and compares them with build/sinfonia's, node for node (writes nothing).
"""
import functools
import json
import math
import os
import sys

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_references as ref  # noqa: E402

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_error_tree.py")
EPS = np.finfo(float).eps


def gini(n, e):
    p = e / n if n else 0.0
    return 1 - p * p - (1 - p) * (1 - p)


class Tree:
    def __init__(self, df, used, y, feats, cfg):
        self.df, self.y, self.feats = df, y, feats
        self.max_depth = cfg.get("max_depth", 3)
        self.min_decrease = cfg.get("min_impurity_decrease", 0)
        self.n = int(used.sum())
        msl = cfg.get("min_samples_leaf", 0)
        self.msl = msl if msl > 0 else max(20, -(-self.n // 100))
        self.cols = []
        for f in feats:
            col = df[f]
            if ref.is_num(col):
                x = col.to_numpy(dtype=float)
                self.cols.append(("num", x, float(np.min(x[np.isfinite(x)]))))
            else:
                keys = np.array([None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
                                 for v in col.astype(object)], dtype=object)
                self.cols.append(("cat", keys, None))
        self.ties = []  # (node, best, runner-up) where they are within 1e-9
        self.nodes = []
        self.grow(np.flatnonzero(used), None, 0, None)

    def candidates(self, rows):
        """Every allowed split of a node: (p, q, feature, threshold | left set, nl, el)."""
        y, msl, n, e = self.y, self.msl, len(rows), int(self.y[rows].sum())
        out = []

        def offer(j, nl, el, what):
            nr, er = n - nl, e - el
            if nl < msl or nr < msl or not nl or not nr:
                return
            out.append((el * (nl - el) * nr + er * (nr - er) * nl, nl * nr, j, what, nl, el))

        for j, (kind, x, _) in enumerate(self.cols):
            if kind == "num":
                v = x[rows]
                fin = np.isfinite(v)
                order = np.argsort(v[fin], kind="stable")
                vs, ys = v[fin][order], y[rows][fin][order]
                nl = el = 0
                for i in range(len(vs)):
                    if i and vs[i] > vs[i - 1]:
                        t = vs[i - 1] / 2.0 + vs[i] / 2.0
                        if t == vs[i] or math.isinf(t):
                            t = vs[i - 1]
                        offer(j, nl, el, float(t))
                    nl += 1
                    el += int(ys[i])
                if 0 < nl < n:
                    offer(j, nl, el, float(vs[-1]))
            else:
                keys = x[rows]
                stats = {}
                for k, err in zip(keys, y[rows]):
                    s = stats.setdefault(k, [0, 0])
                    s[0] += 1
                    s[1] += int(err)
                # Breiman: error rate ascending (exactly), then byte-wise, missing last
                def cmp(a, b):
                    x_, y_ = stats[a][1] * stats[b][0], stats[b][1] * stats[a][0]
                    if x_ != y_:
                        return -1 if x_ < y_ else 1
                    ka, kb = (a is None, (a or "").encode()), (b is None, (b or "").encode())
                    return (ka > kb) - (ka < kb)
                cats = sorted(stats, key=functools.cmp_to_key(cmp))
                nl = el = 0
                for k in range(1, len(cats)):
                    nl += stats[cats[k - 1]][0]
                    el += stats[cats[k - 1]][1]
                    offer(j, nl, el, (cats[:k], cats[k:]))
        return out

    def grow(self, rows, parent, depth, edge):
        n, e = len(rows), int(self.y[rows].sum())
        node = {"id": len(self.nodes), "parent": parent, "depth": depth, "children": [], "count": n, "errors": e,
                "error_rate": e / n, "gini": gini(n, e), "split": None, "rows": rows, "edge": edge}
        self.nodes.append(node)
        if not (depth < self.max_depth and n >= 2 and n >= 2 * self.msl and 0 < e < n):
            return node
        cands = self.candidates(rows)
        if not cands:
            return node
        best = cands[0]
        for c in cands[1:]:
            if c[0] * best[1] < best[0] * c[1]:
                best = c
        w_best = best[0] / best[1]
        close = [c for c in cands if c is not best and abs(c[0] / c[1] - w_best) <= 1e-9 * max(w_best, 1e-300)]
        if close:
            self.ties.append((node["id"], best[2:4], [c[2:4] for c in close[:3]]))
        _, _, j, what, nl, el = best
        nr = n - nl
        imp = n / self.n * (gini(n, e) - nr / n * gini(nr, e - el) - nl / n * gini(nl, el))
        if imp + EPS < self.min_decrease:
            return node
        kind, x, least = self.cols[j]
        name = self.feats[j]
        if kind == "num":
            v = x[rows]
            left = np.isfinite(v) & (v <= what)
            node["split"] = {"field": name, "threshold": what, "improvement": imp}
            missing = int((~np.isfinite(v)).sum())
            clause = {"field": name, "range": [least, what]}
            edges = [({"field": name, "op": "<=", "value": what}, clause),
                     (dict({"field": name, "op": ">", "value": what}, **({"missing": missing} if missing else {})),
                      {"not": clause})]
        else:
            lset, rset = what
            left = np.array([k in lset for k in x[rows]])
            node["split"] = {"field": name, "improvement": imp}

            def show(s):  # byte-wise, missing (null) last
                return sorted([k for k in s if k is not None], key=lambda k: k.encode()) + ([None] if None in s else [])
            small = show(lset) if len(lset) <= len(rset) else show(rset)
            inside = {"field": name, "in": small}
            edges = [({"field": name, "in": show(lset)}, inside if len(lset) <= len(rset) else {"not": inside}),
                     ({"field": name, "in": show(rset)}, {"not": inside} if len(lset) <= len(rset) else inside)]
        lnode = self.grow(rows[left], node["id"], depth + 1, edges[0])
        rnode = self.grow(rows[~left], node["id"], depth + 1, edges[1])
        node["children"] = [lnode["id"], rnode["id"]]
        return node

    def result(self):
        out = []
        for node in self.nodes:
            path, at = [], node
            while at["edge"] is not None:
                path.append(at["edge"][1])
                at = self.nodes[at["parent"]]
            path.reverse()
            o = {k: node[k] for k in ("id", "parent", "depth", "children", "count", "errors", "error_rate", "gini", "split")}
            o["predicate"] = node["edge"][0] if node["edge"] else None
            o["filter"] = None if not path else path[0] if len(path) == 1 else {"and": path}
            out.append(o)
        return out


def check_filters(df, mask, used, tree, nodes):
    """Each node's filter selects exactly its rows among the used rows (also as the page
    sees it, among the selected rows, when no row lacks a label or prediction)."""
    for o, node in zip(nodes, tree.nodes):
        sel = used.copy() if o["filter"] is None else used & ref.predicate_mask(df, o["filter"])
        assert sorted(np.flatnonzero(sel)) == sorted(node["rows"]), o["id"]


def check_sklearn(df, used, y, feats, cfg, tree, nodes):
    """The same tree fitted by scikit-learn: every node's rows, errors, feature, split."""
    X = df.loc[used, feats].to_numpy(dtype=float)
    assert np.isfinite(X).all(), "scikit-learn 1.2 takes no missing values"
    assert not tree.ties, f"near-ties, scikit-learn may break them otherwise: {tree.ties}"
    clf = DecisionTreeClassifier(criterion="gini", max_depth=cfg.get("max_depth", 3), min_samples_leaf=tree.msl,
                                 min_impurity_decrease=cfg.get("min_impurity_decrease", 0), random_state=0)
    clf.fit(X, y[used])
    t = clf.tree_
    assert t.node_count == len(nodes), (t.node_count, len(nodes))
    X32 = X.astype(np.float32)
    for k, o in enumerate(nodes):  # scikit-learn numbers its nodes depth first, left first, too
        assert t.n_node_samples[k] == o["count"]
        counts = t.value[k][0]
        assert round(counts[1] if len(counts) > 1 else 0) == o["errors"], (k, counts, o["errors"])
        if o["split"] is None:
            assert t.children_left[k] == -1, k
            continue
        assert feats[t.feature[k]] == o["split"]["field"], (k, feats[t.feature[k]], o["split"])
        assert [t.children_left[k], t.children_right[k]] == o["children"]
        # scikit-learn's threshold: the midpoint of the two float32 values either side
        v = X32[np.isin(np.flatnonzero(used), tree.nodes[k]["rows"]), t.feature[k]].astype(float)
        thr = o["split"]["threshold"]
        below, above = v[v <= np.float32(thr)].max(), v[v > np.float32(thr)].min()
        mid = below / 2.0 + above / 2.0
        assert t.threshold[k] == (below if mid == above else mid), (k, t.threshold[k], mid)
        assert abs(t.threshold[k] - thr) <= 1e-6 * max(1.0, abs(thr)), (k, t.threshold[k], thr)
        assert math.isclose(t.impurity[k], o["gini"], rel_tol=1e-12, abs_tol=1e-15)
    return clf


PENGUINS = {"id": {"role": "id"}, "species": {"role": "label"}, "species_pred": {"role": "prediction"}}
TITANIC = {"id": {"role": "id"}, "survived": {"role": "label"}, "survived_pred": {"role": "prediction"}}
CANCER = {"id": {"role": "id"}, "diagnosis": {"role": "label"}, "diagnosis_pred": {"role": "prediction"}}
PLANTED = {"label": {"role": "label"}, "prediction": {"role": "prediction"}}
RANDOM = "tests/reference/data/error_tree_random.csv"
PENGUIN_NUMBERS = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
# (file, columns, filters, config, compare with scikit-learn)
CASES = {
    "error_tree_penguins": ("examples/penguins.csv", PENGUINS, [{"field": "body_mass_g", "range": [0, 100000]}],
                            {"features": PENGUIN_NUMBERS, "min_samples_leaf": 5}, True),
    "error_tree_penguins_depth5": ("examples/penguins.csv", PENGUINS, [{"field": "body_mass_g", "range": [0, 100000]}],
                                   {"features": PENGUIN_NUMBERS, "max_depth": 5, "min_samples_leaf": 3}, True),
    "error_tree_breast_cancer": ("examples/breast_cancer.csv", CANCER, [], None, True),
    "error_tree_titanic": ("examples/titanic.csv", TITANIC, [],
                           {"features": ["sex", "age", "passengerClass"]}, False),
    "error_tree_titanic_3rd": ("examples/titanic.csv", TITANIC, [{"field": "passengerClass", "in": ["3rd", "2nd"]}],
                               {"features": ["passengerClass", "age", "sex"], "max_depth": 4, "min_samples_leaf": 10,
                                "min_impurity_decrease": 0.001}, False),
    "error_tree_penguins_mixed": ("examples/penguins.csv", PENGUINS, [],
                                  {"features": ["island", "sex"] + PENGUIN_NUMBERS, "max_depth": 4,
                                   "min_samples_leaf": 8}, False),
    "error_tree_planted": ("tests/reference/data/planted_errors.csv", PLANTED, [], {}, False),
    "error_tree_random_ties": (RANDOM, PLANTED, [], {"features": ["xj", "xi", "d", "c", "xf"], "max_depth": 5,
                                                      "min_samples_leaf": 2}, False),
    "error_tree_random_subset": (RANDOM, PLANTED, [{"field": "d", "in": ["u"]}],
                                 {"features": ["c", "xf", "xi"], "max_depth": 4, "min_samples_leaf": 3,
                                  "min_impurity_decrease": 0.002}, False),
}


def write_random(seed=14, n=300):
    """A seeded file made for ties: integer features with few values (splits of equal
    gain across features and thresholds), a rounded float and a category with missing
    values, categories with equal error rates."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"xi": rng.integers(0, 6, n).astype(float), "xj": rng.integers(0, 3, n).astype(float),
                       "xf": np.round(rng.normal(0, 1, n), 1), "c": rng.choice(["a", "b", "c", "d", "e"], n),
                       "d": rng.choice(["u", "v"], n)})
    df.loc[rng.random(n) < 0.15, "xf"] = np.nan
    df.loc[rng.random(n) < 0.1, "c"] = np.nan
    y = rng.choice(["p", "q"], n)
    wrong = rng.random(n) < np.where(df.xi.to_numpy() > 3, 0.5, 0.1)
    df["label"] = y
    df["prediction"] = np.where(wrong, np.where(y == "p", "q", "p"), y)
    df.to_csv(os.path.join(ref.ROOT, RANDOM), index=False)


def cancer_features(df):
    # Features with no exact or near tie at any split of this tree: radius, perimeter and
    # area (and their "worst" forms) order the rows alike, so their splits tie exactly.
    return ["mean_texture", "mean_smoothness", "mean_compactness", "mean_concavity", "mean_symmetry",
            "worst_texture", "worst_smoothness", "worst_symmetry", "area_error", "worst_concave_points"]


def against_cli(count, binary=os.path.join(ref.ROOT, "build", "sinfonia")):
    """Random files and configs (ties, missing values, few rows), each tree restated here and
    compared with the CLI's node for node; nothing is written. Returns the disagreements."""
    import subprocess
    import tempfile
    bad = 0
    for seed in range(count):
        rng = np.random.default_rng(seed)
        n = int(rng.integers(30, 400))
        df = pd.DataFrame({"xi": rng.integers(0, int(rng.integers(2, 12)), n).astype(float),
                           "xf": np.round(rng.normal(0, 1, n), int(rng.integers(0, 3))),
                           "c": rng.choice(["a", "b", "c", "d", "e"][: int(rng.integers(1, 6))], n),
                           "d": rng.choice(["u", "v"], n)})
        df.loc[rng.random(n) < rng.random() * 0.3, "xf"] = np.nan
        df.loc[rng.random(n) < rng.random() * 0.2, "c"] = np.nan
        y = rng.choice(["p", "q"], n)
        wrong = rng.random(n) < (0.1 + 0.5 * (df.xi.to_numpy() > 3) * rng.random())
        df["label"], df["prediction"] = y, np.where(wrong, np.where(y == "p", "q", "p"), y)
        feats = [str(f) for f in rng.permutation(["xi", "xf", "c", "d"])[: int(rng.integers(1, 5))]]
        cfg = {"features": feats, "max_depth": int(rng.integers(1, 6)), "min_samples_leaf": int(rng.integers(1, 8))}
        if rng.random() < 0.3:
            cfg["min_impurity_decrease"] = float(rng.choice([0.001, 0.005, 0.02]))
        spec = {"sinfonia": 1, "columns": PLANTED, "components": {"et": dict({"type": "error-tree"}, **cfg)}}
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            df.to_csv(f, index=False)
        try:
            out = subprocess.run([binary, "run", f.name, "--spec", "-"], input=json.dumps(spec), capture_output=True,
                                 text=True, check=True)
            got = json.loads(out.stdout)["results"]["et"]["nodes"]
            d2 = pd.read_csv(f.name, keep_default_na=False, na_values=ref.NA_VALUES, float_precision="round_trip")
        finally:
            os.unlink(f.name)
        used = np.ones(n, bool)
        yv = np.array([str(a) != str(b) for a, b in zip(d2.label, d2.prediction)], dtype=int)
        tree = Tree(d2, used, yv, feats, cfg)
        nodes = json.loads(json.dumps(tree.result()))
        check_filters(d2, used, used, tree, tree.result())
        if nodes != got:
            bad += 1
            print(f"seed {seed} {cfg}: the CLI's tree differs")
    print(f"{count} random files: {bad} disagree")
    return bad


def main():
    if sys.argv[1:2] == ["--against-cli"]:
        sys.exit(1 if against_cli(int(sys.argv[2]) if len(sys.argv) > 2 else 200) else 0)
    only = sys.argv[1:]
    write_random()
    for name, (path, columns, filters, cfg, sk) in CASES.items():
        if only and name not in only:
            continue
        df = ref.read(path)
        if cfg is None:
            cfg = {"features": cancer_features(df), "max_depth": 2, "min_samples_leaf": 10}
        spec = {"sinfonia": 1, "columns": columns, "filters": filters,
                "components": {"et": dict({"type": "error-tree"}, **cfg)}}
        if "features" not in cfg:  # the default: every column without a declared role (no text column here)
            cfg = dict(cfg, features=[c for c in df.columns if c not in columns])
        mask = ref.row_mask(df, filters, "et")
        label = ref.columns_with_role(spec, "label")[0]
        pred = ref.columns_with_role(spec, "prediction")[0]
        used = mask & df[label].notna().to_numpy() & df[pred].notna().to_numpy()
        lab, prd = df[label], df[pred]
        if ref.is_num(lab) and ref.is_num(prd):
            y = (lab.to_numpy(float) != prd.to_numpy(float)).astype(int)
        else:
            y = np.array([str(a) != str(b) for a, b in zip(lab, prd)], dtype=int)
        tree = Tree(df, used, y, cfg["features"], cfg)
        nodes = tree.result()
        check_filters(df, mask, used, tree, nodes)
        if sk:
            check_sklearn(df, used, y, cfg["features"], cfg, tree, nodes)
        elif tree.ties:
            print(f"  {name}: ties broken by the stated rule: {tree.ties}")
        n = tree.n
        expected = {"et": {"label": label, "prediction": pred, "features": cfg["features"],
                           "max_depth": tree.max_depth, "min_samples_leaf": tree.msl,
                           "min_impurity_decrease": tree.min_decrease, "count": n, "missing": int(mask.sum()) - n,
                           "errors": int(y[used].sum()), "error_rate": float(y[used].sum()) / n, "nodes": nodes}}
        ref.check_finite(expected)
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump({"file": path, "made_with": MADE_WITH, "spec": spec, "expected": expected}, f, indent=1)
            f.write("\n")
        leaves = [o for o in nodes if o["split"] is None]
        worst = max(leaves, key=lambda o: (o["error_rate"], o["count"]))
        print(name, f"{len(nodes)} nodes, n={n}, errors={expected['et']['errors']}, worst leaf {worst['count']} rows "
              f"at {worst['error_rate']:.3f}", "(scikit-learn: equal)" if sk else "")


if __name__ == "__main__":
    main()
