#!/usr/bin/python3
"""Build digits_pixels.jsonl: examples/digits.csv with its 64 pixel columns as one JSON
array per row, for the `vector` column type and the `embedding` role.

    /usr/bin/python3 examples/make_digits.py          # first, if digits.csv changed
    /usr/bin/python3 examples/make_digits_pixels.py

All 1797 rows of digits.csv, in its order, one JSON object per line:
{"id", "pixels": [64 grey levels, px00..px63 in order], "digit", "digit_pred", "p_0".."p_9"}.
The numbers are digits.csv's, unchanged (the scores as JSON numbers read back to the same
doubles), so a map of `pixels` equals a map of px00..px63. Deterministic.
"""
import csv
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    with open(os.path.join(HERE, "digits.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(HERE, "digits_pixels.jsonl"), "w", encoding="utf-8") as out:
        for r in rows:
            doc = {"id": int(r["id"]), "pixels": [int(r[f"px{k:02d}"]) for k in range(64)],
                   "digit": int(r["digit"]), "digit_pred": int(r["digit_pred"]),
                   **{f"p_{k}": float(r[f"p_{k}"]) for k in range(10)}}
            out.write(json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"digits_pixels.jsonl: {len(rows)} rows, 64 pixels each")


if __name__ == "__main__":
    main()
