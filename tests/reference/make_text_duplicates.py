#!/usr/bin/python3
"""Planted near-duplicate texts, and the truth the duplicates component's MinHash
search is held to.

    /usr/bin/python3 tests/reference/make_text_duplicates.py

Writes (deterministic, numpy's default_rng(1414)):
- examples/reviews.csv: 2,500 short product reviews made from sentence templates and
  vocabularies: id, product (feature), text, label (sentiment: positive/negative),
  prediction (a word-count rule: positive words minus negative words, >= 0 is
  positive), split (train/test, 80/20). 14 texts are missing and 3 are whitespace
  only. Planted: 40 exact copies (a row and 1-2 copies of product and text; 10 with a
  copy of the other label, 12 with a copy in the other split) and 60 near copies (a
  row and a copy with one or two words replaced, a sentence's case changed, its
  punctuation changed or its spaces doubled; 8 with the other label, 10 in the other
  split); rows shuffled.
- examples/reviews.spec.json: the page's view of it.
- tests/reference/data/reviews_truth.json: what was planted (row ids after the
  shuffle) and, for each config below, EVERY pair of rows whose shingle sets have a
  Jaccard similarity >= the threshold, by brute force over all pairs (a sparse
  product of the row-by-shingle matrix): [a, b, jaccard, label_conflict, leakage,
  near by the k rule], and the text of each row in a pair. tests/js/duplicates-text.test.js holds the
  engine's pairs to it: a subset, equal Jaccard, recall reported and held >= 0.95.
- tests/reference/duplicates_text_<case>.json ({"file", "made_with", "spec",
  "expected"}), held to the CLI by reference.test.js: what is definitional (the exact
  groups and their flags, the LSH bands and rows, what was used and left out), not
  the pairs (LSH finds candidates with a probability; the truth file scores them).

Definitions restated (not copied):
- text as compared: ASCII letters lower-cased, runs of ASCII whitespace (space, \\t
  \\n \\v \\f \\r) one space, ends trimmed; empty after that: left out, as missing;
- shingles: "char5", the character (code point) 5-grams; "word3", the word 3-grams
  of the words split at spaces; a text shorter than one shingle is one shingle;
- Jaccard: |A & B| / |A | B|; a pair is near when it is >= the threshold, one row
  is among the other's k (10) most similar (Jaccard descending, ties to the lower
  row; cleanlab's k, as the numeric rule) and its rows are not in one exact group
  (groups over the fields, as make_duplicates.py);
- bands and rows: datasketch's MinHashLSH (lsh.py _optimal_param) with weights
  (1 - w, w), w the false-negative weight (0.9 by default; datasketch's 0.5 in the
  third case): over b in 1..num_perm and r in 1..num_perm // b, the first (b, r)
  minimising (1 - w) * quad(1 - (1 - s^r)^b, 0, t) + w * quad((1 - s^r)^b, t, 1).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.integrate import quad

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_references as ref  # noqa: E402
from make_duplicates import exact_groups, differ  # noqa: E402

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_text_duplicates.py")
CSV = "examples/reviews.csv"
TRUTH = "tests/reference/data/reviews_truth.json"
CONFIGS = {  # case name -> the component's config
    "char5": {"type": "duplicates", "limit": 10000},
    "word3_06": {"type": "duplicates", "shingle": "word3", "jaccard": 0.6, "num_perm": 64, "limit": 10000},
    "datasketch_weights": {"type": "duplicates", "false_negative_weight": 0.5, "limit": 10000},
    "k2": {"type": "duplicates", "jaccard": 0.5, "k": 2, "limit": 10000},
}

PRODUCTS = ["headphones", "blender", "backpack", "phone case", "desk lamp", "coffee grinder", "keyboard",
            "water bottle", "tent", "yoga mat", "charger", "kettle", "café press", "rain jacket"]
FEATURES = ["battery", "sound", "zipper", "handle", "lid", "cable", "button", "strap", "screen", "motor",
            "fabric", "light", "switch", "seal"]
PEOPLE = ["daughter", "son", "wife", "husband", "mother", "father", "roommate", "friend", "boss", "neighbour"]
TIMES = ["two days", "a week", "ten days", "two weeks", "a month", "three months", "half a year", "a year"]
GOOD = ["great", "excellent", "solid", "sturdy", "lovely", "perfect", "reliable", "comfortable", "smooth", "bright"]
BAD = ["flimsy", "cheap", "loose", "noisy", "broken", "weak", "sticky", "awful", "useless", "scratched"]
ADV = ["really", "very", "surprisingly", "remarkably", "quite", "truly", "incredibly", "pretty"]
POSITIVE = [
    "The {p} works {a} well and the {f} is {g}.",
    "I bought this {p} for my {w} and they love it.",
    "After {t} of daily use the {p} still feels {g}.",
    "Shipping was fast and the {p} arrived in {g} condition.",
    "Great value for the price, I would buy this {p} again!",
    "The {f} exceeded my expectations, {a} {g}.",
    "My {w} says it is the best {p} we ever owned.",
    "Setup took five minutes and the {f} is {a} {g}.",
    "Très bien: the {f} is {g} and the {p} looks {g}.",
]
NEGATIVE = [
    "The {p} stopped working after {t}.",
    "The {f} feels {b} and the finish is {b}.",
    "Customer support never answered my emails about the {f}.",
    "I returned the {p} because the {f} was {b}.",
    "Not worth the money, the {p} broke within {t}.",
    "My {w} gave up on the {p} after {t}, the {f} is {a} {b}.",
    "The {f} came {b} out of the box, a {a} poor {p}.",
    "Worst {p} I have bought in years, avoid it 👎",
]
POS_WORDS = {"great", "excellent", "love", "best", "perfect", "lovely", "solid", "reliable", "bien:", "value"}
NEG_WORDS = {"broke", "worst", "avoid", "returned", "never", "poor", "stopped", "awful", "useless", "flimsy"}


def review(rng, positive, product):
    """2-4 sentences of one sentiment (one sentence of the other, sometimes)."""
    own, other = (POSITIVE, NEGATIVE) if positive else (NEGATIVE, POSITIVE)
    k = int(rng.integers(2, 5))
    picks = [own[i] for i in rng.choice(len(own), k, replace=False)]
    if rng.random() < 0.2:
        picks[int(rng.integers(0, k))] = other[int(rng.integers(0, len(other)))]
    slots = lambda: dict(p=product, f=rng.choice(FEATURES), w=rng.choice(PEOPLE), t=rng.choice(TIMES),  # noqa: E731
                         g=rng.choice(GOOD), b=rng.choice(BAD), a=rng.choice(ADV))
    return " ".join(s.format(**slots()) for s in picks)


def predict(text):
    words = text.lower().replace(",", " ").replace(".", " ").replace("!", " ").split()
    score = sum(w in POS_WORDS for w in words) - sum(w in NEG_WORDS for w in words)
    return "positive" if score >= 0 else "negative"


def near_copy(rng, text):
    """One or two small edits: a word replaced, a sentence's case, punctuation, spaces."""
    words = text.split(" ")
    for _ in range(int(rng.integers(1, 3))):
        edit = int(rng.integers(0, 4))
        i = int(rng.integers(0, len(words)))
        if edit == 0:
            words[i] = str(rng.choice(GOOD + BAD + ADV))
        elif edit == 1:
            words[i] = words[i].upper()
        elif edit == 2:
            words[i] = words[i].rstrip(".,!") + str(rng.choice(["!", ",", "..."]))
        else:
            words[i] = words[i] + "  "
    return " ".join(words)


def make():
    rng = np.random.default_rng(1414)
    n_total, n_exact, n_near = 2500, 40, 60
    copies = rng.integers(1, 3, n_exact)
    n_base = n_total - int(copies.sum()) - n_near
    rows = []
    for i in range(n_base):
        positive = bool(rng.random() < 0.55)
        product = str(rng.choice(PRODUCTS))
        text = review(rng, positive, product)
        rows.append({"product": product, "text": text, "label": "positive" if positive else "negative",
                     "split": "train" if rng.random() < 0.8 else "test"})
    blanks = rng.choice(n_base, 17, replace=False)
    for j, i in enumerate(blanks):
        rows[i]["text"] = "" if j < 14 else "   "
    other = {"train": "test", "test": "train", "positive": "negative", "negative": "positive"}
    pool = np.setdiff1d(np.arange(n_base), blanks)
    sources = rng.choice(pool, n_exact + n_near, replace=False)
    exact, near = [], []
    for g in range(n_exact):
        src = int(sources[g])
        group = [src]
        for c in range(int(copies[g])):
            r = dict(rows[src])
            if g < 10 and c == 0:
                r["label"] = other[r["label"]]
            if 10 <= g < 22 and c == 0:
                r["split"] = other[r["split"]]
            group.append(len(rows))
            rows.append(r)
        exact.append({"rows": group, "label_conflict": g < 10, "leakage": 10 <= g < 22})
    for p in range(n_near):
        src = int(sources[n_exact + p])
        r = dict(rows[src], text=near_copy(rng, rows[src]["text"]))
        if p < 8:
            r["label"] = other[r["label"]]
        if 8 <= p < 18:
            r["split"] = other[r["split"]]
        near.append({"rows": [src, len(rows)], "label_conflict": p < 8, "leakage": 8 <= p < 18})
        rows.append(r)
    for r in rows:
        r["prediction"] = predict(r["text"])
    order = rng.permutation(len(rows))
    where = np.empty(len(rows), dtype=int)
    where[order] = np.arange(len(rows))
    df = pd.DataFrame([rows[i] for i in order])
    df.insert(0, "id", np.arange(len(df)))
    df = df[["id", "product", "text", "label", "prediction", "split"]]
    for item in exact + near:
        item["rows"] = sorted(int(where[i]) for i in item["rows"])
    exact.sort(key=lambda g: g["rows"][0])
    near.sort(key=lambda p: p["rows"])
    return df, {"exact": exact, "near": near}


def normalize(s):
    lower = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)
    return " ".join(w for w in lower.replace("\t", " ").replace("\n", " ").replace("\v", " ")
                    .replace("\f", " ").replace("\r", " ").split(" ") if w)


def shingles(s, kind):
    t = normalize(s)
    if not t:
        return set()
    units, n, join = (t.split(" "), 3, " ") if kind == "word3" else (list(t), 5, "")
    if len(units) < n:
        return {t}
    return {join.join(units[i:i + n]) for i in range(len(units) - n + 1)}


def optimal_bands(t, num_perm, fn_weight):
    best, opt = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = quad(lambda s: 1 - (1 - s ** float(r)) ** float(b), 0.0, t)[0]
            fn = quad(lambda s: 1 - (1 - (1 - s ** float(r)) ** float(b)), t, 1.0)[0]
            err = fp * (1 - fn_weight) + fn * fn_weight
            if err < best:
                best, opt = err, (b, r)
    return opt


def truth(df, kind, threshold, groups, k):
    """Every pair i < j (file rows) with Jaccard >= threshold, not of one exact group, and
    whether it is near by the k rule (one is among the other's k most similar)."""
    texts = df["text"].tolist()
    sets = [shingles(s, kind) if isinstance(s, str) else set() for s in texts]
    used = [i for i, s in enumerate(sets) if s]
    vocab = {}
    ind, ptr = [], [0]
    for i in used:
        ind.extend(vocab.setdefault(x, len(vocab)) for x in sets[i])
        ptr.append(len(ind))
    X = sparse.csr_matrix((np.ones(len(ind), dtype=np.int64), ind, ptr), shape=(len(used), len(vocab)))
    inter = (X @ X.T).toarray()
    size = np.diff(X.indptr)
    union = size[:, None] + size[None, :] - inter
    jac = inter / union
    np.fill_diagonal(jac, -1.0)  # a row is not its own neighbour
    top = set()
    for p in range(len(used)):
        order = np.lexsort((np.arange(len(used)), -jac[p]))[:k]  # most similar, ties to the lower row
        top |= {(min(p, q), max(p, q)) for q in order if jac[p, q] >= threshold}
    group_of = {r: g for g, rows in enumerate(groups) for r in rows}
    pairs = []
    for p, q in zip(*np.nonzero(np.triu(jac >= threshold, k=1))):
        a, b = used[p], used[q]
        if a in group_of and group_of.get(b) == group_of[a]:
            continue
        pairs.append([a, b, float(jac[p, q]), differ(df, "label", [a, b]), differ(df, "split", [a, b]), (p, q) in top])
    pairs.sort()
    return pairs, len(used), len(df) - len(used)


def main():
    df, planted = make()
    df.to_csv(os.path.join(ref.ROOT, CSV), index=False)
    spec = {"sinfonia": 1, "data": {"name": "reviews.csv"},
            "columns": {"id": {"role": "id"}, "text": {"role": "text"}, "label": {"role": "label"},
                        "prediction": {"role": "prediction"}, "split": {"role": "split"}},
            "filters": [],
            "components": {"dup": {"type": "duplicates"}, "cm": {"type": "confusion-matrix"},
                           "h": {"type": "histogram", "field": "product"}, "t": {"type": "table"}},
            "layout": {"rows": [{"columns": ["dup"]}, {"columns": ["cm", "h"]}, {"columns": ["t"]}]}}
    with open(os.path.join(ref.ROOT, "examples/reviews.spec.json"), "w", encoding="utf-8") as fh:
        json.dump(spec, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    full = ref.read(CSV)
    fields = ["product", "text"]
    groups = exact_groups(full, fields)
    out = {"planted": planted, "cases": {}, "text_of": {}}
    in_pairs = set()
    for name, comp in CONFIGS.items():
        kind, t, num_perm = comp.get("shingle", "char5"), comp.get("jaccard", 0.8), comp.get("num_perm", 128)
        pairs, used, left_out = truth(full, kind, t, groups, comp.get("k", 10))
        w = comp.get("false_negative_weight", 0.9)
        bands, rows = optimal_bands(t, num_perm, w)
        in_pairs |= {r for p in pairs for r in p[:2]}
        out["cases"][name] = {"config": comp, "pairs": pairs}
        flags = [{"label_conflict": differ(full, "label", g), "leakage": differ(full, "split", g)} for g in groups]
        expected = {
            "fields": fields, "label": "label", "split": "split", "rows": len(full),
            "exact": groups, "exact_flags": flags,
            "near_info": {"method": "minhash", "text": "text", "shingle": kind, "num_perm": num_perm,
                          "bands": bands, "rows_per_band": rows, "threshold": t,
                          "false_negative_weight": w, "k": comp.get("k", 10), "used": used,
                          "left_out": left_out},
            "counts": {"exact_groups": len(groups), "exact_rows": sum(len(g) for g in groups),
                       "exact_label_conflict": sum(f["label_conflict"] for f in flags),
                       "exact_leakage": sum(f["leakage"] for f in flags)},
        }
        doc = {"file": CSV, "made_with": MADE_WITH,
               "spec": {"sinfonia": 1, "columns": spec["columns"], "components": {"d": comp}},
               "expected": {"d": expected}}
        ref.check_finite(doc)
        with open(os.path.join(HERE, f"duplicates_text_{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, allow_nan=False, ensure_ascii=False)
            fh.write("\n")
        planted_below = [p["rows"] for p in planted["near"]
                         if not any(q[0] == p["rows"][0] and q[1] == p["rows"][1] for q in pairs)]
        print(f"{name}: {len(groups)} exact groups, {len(pairs)} pairs >= t, {sum(p[5] for p in pairs)} near by the k rule (bands {bands} x rows {rows}); "
              f"{len(planted_below)} planted near pairs below the threshold")
    out["text_of"] = {str(r): full["text"][r] for r in sorted(in_pairs)}
    with open(os.path.join(ref.ROOT, TRUTH), "w", encoding="utf-8") as fh:  # a pair or a text a line
        one = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
        fh.write('{"planted":' + one(planted) + ',\n"cases":{\n')
        fh.write(",\n".join(f'{one(name)}:{{"config":{one(c["config"])},"pairs":[\n' + ",\n".join(one(p) for p in c["pairs"]) + "]}"
                            for name, c in out["cases"].items()))
        fh.write('},\n"text_of":{\n' + ",\n".join(f"{one(k)}:{one(v)}" for k, v in out["text_of"].items()) + "}}\n")


if __name__ == "__main__":
    main()
