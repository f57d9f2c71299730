#!/usr/bin/python3
"""Labels with spaces and unicode through every evaluation component, against scikit-learn.

    /usr/bin/python3 tests/reference/make_labels.py

Writes tests/reference/data/penguins_unicode.csv: penguins.csv with its classes renamed
"Adélie penguin", "Chinstrap 企鹅", "Gentoo ペンギン" (label, prediction, and the score columns
p_<class>), and tests/reference/labels_<case>.json in the format of make_references.py. The
numbers come from the same functions as the other references (make_references.confusion,
make_roc_pr.roc_pr, make_calibration.calibration); classes are in label order, which for
text is byte-wise (Python's sort of str is code-point order, the same as UTF-8 bytes).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_calibration as cal  # noqa: E402
import make_references as ref  # noqa: E402
import make_roc_pr as rp  # noqa: E402

MADE_WITH = dict(ref.MADE_WITH, script="tests/reference/make_labels.py")
DATA = "tests/reference/data/penguins_unicode.csv"
NAMES = {"Adelie": "Adélie penguin", "Chinstrap": "Chinstrap 企鹅", "Gentoo": "Gentoo ペンギン"}
CLASSES = sorted(NAMES.values())
ROLES = {"columns": {"species": {"role": "label"}, "species_pred": {"role": "prediction"}}}


def write_data():
    df = ref.read("examples/penguins.csv")
    out = df[["id", "species", "island", "bill_length_mm", "sex", "species_pred"]].copy()
    out["species"] = out["species"].map(NAMES)
    out["species_pred"] = out["species_pred"].map(NAMES)
    for old, new in NAMES.items():
        out[f"p_{new}"] = df[f"p_{old}"]
    out.to_csv(os.path.join(ref.ROOT, DATA), index=False, na_rep="")


CASES = [
    ("labels_unicode_all", {"sinfonia": 1, "components": {
        "cm": {"type": "confusion-matrix"},
        "roc": {"type": "roc-pr", "max_points": rp.FULL},
        "chin": {"type": "roc-pr", "positive": "Chinstrap 企鹅", "max_points": rp.FULL},
        "cal": {"type": "calibration"},
        "calg": {"type": "calibration", "positive": "Gentoo ペンギン", "bins": 5}}}),
    ("labels_unicode_selected", {"sinfonia": 1, "filters": [
        {"field": "species_pred", "in": ["Adélie penguin", "Chinstrap 企鹅"], "source": "cm"},
        {"field": "island", "in": ["Dream", "Torgersen"]}], "components": {
        "cm": {"type": "confusion-matrix"},
        "roc": {"type": "roc-pr", "max_points": rp.FULL},
        "cal": {"type": "calibration", "bins": 4}}}),
]


def main():
    write_data()
    df = ref.read(DATA)
    for name, sp in CASES:
        expected = {}
        for cid, cfg in sp["components"].items():
            mask = ref.row_mask(df, sp.get("filters"), cid)
            if cfg["type"] == "confusion-matrix":
                expected[cid] = ref.confusion(df, mask, ROLES, cfg)
            elif cfg["type"] == "roc-pr":
                expected[cid] = rp.roc_pr(df, mask, cfg, "species", CLASSES)
            else:
                expected[cid], _ = cal.calibration(df, mask, {k: v for k, v in cfg.items() if k != "type"},
                                                   "species", CLASSES)
        doc = {"file": DATA, "made_with": MADE_WITH, "spec": sp, "expected": expected}
        ref.check_finite(doc)
        out = os.path.join(HERE, f"{name}.json")
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, allow_nan=False, ensure_ascii=False)
            fh.write("\n")
        print(f"{name}: {', '.join(CLASSES)} -> {os.path.relpath(out, ref.ROOT)}")


if __name__ == "__main__":
    main()
