#!/usr/bin/python3
"""Build taxonomy.csv: a synthetic 160-class dataset with a two-level hierarchy, for the
confusion matrix at scale (issue 13), and its spec.

    /usr/bin/python3 examples/make_taxonomy.py

Classes are "<group>/<name>": 20 groups of 8 classes; some names hold spaces and non-ASCII
letters ("birds of prey/eagle owl", "pâtisserie/crème brûlée"). 30 rows per class (4,800).
The "model" is simulated, deterministically (numpy RandomState(0)): each group has a
difficulty d (0.05 .. 0.45, by group); a row is predicted right with probability 1 - d,
else as another class of its own group with probability 0.8 (some classes of a group are
its "look-alikes" and drawn more often), else as a class of another group. So the model
confuses classes within a group far more than across groups, and some groups far more
than others. 24 rows have no prediction and 12 no label (empty fields).

Columns: id, label, prediction, source (camera A/B/C), confidence (0..1, 3 decimals).
Writes taxonomy.csv and taxonomy.spec.json next to this script.
"""
import csv
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

GROUPS = {
    "birds of prey": ["eagle owl", "kestrel", "buzzard", "red kite", "osprey", "harrier", "merlin", "goshawk"],
    "songbirds": ["robin", "wren", "blackbird", "song thrush", "chaffinch", "goldfinch", "blue tit", "great tit"],
    "big cats": ["lion", "tiger", "leopard", "jaguar", "cheetah", "snow leopard", "puma", "lynx"],
    "dogs": ["beagle", "collie", "poodle", "terrier", "husky", "dachshund", "labrador", "greyhound"],
    "pâtisserie": ["crème brûlée", "éclair", "macaron", "mille-feuille", "madeleine", "tarte tatin", "profiterole", "financier"],
    "breads": ["baguette", "brioche", "ciabatta", "focaccia", "pumpernickel", "sourdough", "naan", "challah"],
    "cheeses": ["brie", "camembert", "gruyère", "emmental", "roquefort", "cheddar", "gouda", "manchego"],
    "trees": ["oak", "ash", "beech", "birch", "silver fir", "larch", "rowan", "hornbeam"],
    "flowers": ["rose", "tulip", "daisy", "lily", "orchid", "peony", "poppy", "crocus"],
    "fish": ["salmon", "trout", "cod", "haddock", "mackerel", "herring", "sardine", "anchovy"],
    "insects": ["bee", "wasp", "hornet", "hoverfly", "ladybird", "beetle", "moth", "butterfly"],
    "cars": ["saloon", "hatchback", "estate", "coupé", "convertible", "roadster", "pickup", "minivan"],
    "boats": ["canoe", "kayak", "dinghy", "yacht", "ferry", "tugboat", "trawler", "barge"],
    "aircraft": ["glider", "biplane", "airliner", "jet fighter", "helicopter", "airship", "seaplane", "drone"],
    "instruments": ["violin", "viola", "cello", "double bass", "guitar", "lute", "harp", "mandolin"],
    "tools": ["hammer", "mallet", "chisel", "saw", "drill", "spanner", "pliers", "screwdriver"],
    "kitchenware": ["wok", "saucepan", "frying pan", "kettle", "colander", "ladle", "whisk", "grater"],
    "furniture": ["chair", "stool", "bench", "sofa", "armchair", "table", "desk", "bookcase"],
    "weather": ["rain", "drizzle", "sleet", "snow", "hail", "fog", "mist", "thunderstorm"],
    "東京 stations": ["新宿", "渋谷", "池袋", "上野", "品川", "東京", "秋葉原", "原宿"],
}
ROWS_PER_CLASS = 30


def main():
    rng = np.random.RandomState(0)
    groups = list(GROUPS)
    classes = [f"{g}/{c}" for g in groups for c in GROUPS[g]]
    group_of = [i // 8 for i in range(len(classes))]
    difficulty = np.linspace(0.05, 0.45, len(groups))[rng.permutation(len(groups))]
    # Within a group, class j is drawn as the wrong answer with weight 1 + 3 * [j is a look-alike].
    lookalike = rng.rand(len(classes)) < 0.3
    rows = []
    for c in range(len(classes)):
        g = group_of[c]
        mates = [m for m in range(g * 8, g * 8 + 8) if m != c]
        w = np.array([1.0 + 3.0 * lookalike[m] for m in mates])
        for _ in range(ROWS_PER_CLASS):
            u = rng.rand()
            if u >= difficulty[g]:
                p = c
            elif rng.rand() < 0.8:
                p = mates[rng.choice(len(mates), p=w / w.sum())]
            else:
                p = rng.randint(len(classes))
                while group_of[p] == g:
                    p = rng.randint(len(classes))
            conf = min(1.0, max(0.0, (0.9 if p == c else 0.55) + 0.15 * rng.randn()))
            rows.append([classes[c], classes[p], "ABC"[rng.randint(3)], f"{conf:.3f}"])
    order = rng.permutation(len(rows))
    rows = [rows[i] for i in order]
    for i in rng.choice(len(rows), 36, replace=False)[:24]:
        rows[i][1] = ""
    for i in rng.choice(len(rows), 12, replace=False):
        rows[i][0] = ""
    with open(os.path.join(HERE, "taxonomy.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "label", "prediction", "source", "confidence"])
        for i, r in enumerate(rows):
            w.writerow([i, *r])
    spec = {
        "sinfonia": 1,
        "data": {"name": "taxonomy.csv"},
        "columns": {"id": {"role": "id"}, "label": {"role": "label"}, "prediction": {"role": "prediction"}},
        "filters": [],
        "components": {
            "cm": {"type": "confusion-matrix", "group_separator": "/", "order": "confusion"},
            "h1": {"type": "histogram", "field": "source"},
            "t": {"type": "table"},
        },
        "layout": {"rows": [{"columns": ["cm"]}, {"columns": ["h1", "t"]}]},
    }
    with open(os.path.join(HERE, "taxonomy.spec.json"), "w", encoding="utf-8") as fh:
        json.dump(spec, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    print(f"taxonomy.csv: {len(rows)} rows, {len(classes)} classes in {len(groups)} groups")


if __name__ == "__main__":
    main()
