#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the public-load rows of consumers.csv and demand.csv from public_load_average.csv.

public_load_average.csv holds, per electricity node, the annual-average public load in 2025,
2030 and 2035 with its derivation (datasets/nl/README.md, "Public load"). This script:
  * adds one consumer `public-<node>` per node: group `public`, stage `none`, no queue date
    (capacity in use, not a request), VoLL empty = the dataset default (ACM, 68,887 EUR/MWh);
  * writes one demand row per node and year 2025-2035, linear between the three anchor years,
    as the peak MW of the `public_load` profile: mw = average / mean(public_load), where the
    mean is the weight-averaged profile of timeslices.csv (average / peak of the shape).
    Every row is `derived`: its inputs are public figures (CBS 2024 consumption, the NPE's 2050
    figure, CBS population shares) and the modelled maatwerk offtake it leaves out; the straight
    line between 2024 and 2050 is the stated assumption of the formula.
Usage: python3 derivations/public_load_rows.py   (from datasets/nl; prints both blocks)
"""
import csv

nodes = {r["id"]: r for r in csv.DictReader(open("nodes.csv", encoding="utf-8"))}
slices = list(csv.DictReader(open("timeslices.csv", encoding="utf-8")))
weights = [float(s["weight_h"]) for s in slices]
mean = sum(w * float(s["public_load"]) for w, s in zip(weights, slices)) / sum(weights)
average = {}
for r in csv.DictReader(open("derivations/public_load_average.csv", encoding="utf-8")):
    average[(r["node"], int(r["year"]))] = float(r["mw"])
node_ids = sorted({n for n, _ in average})


def consumer_id(node):
    return "public-" + node.lower().removeprefix("e_").replace("_", "-")


def quote(text):
    return '"' + text.replace('"', '""') + '"'


print("# consumers.csv")
for node in node_ids:
    name = f"Public load at {nodes[node]['name']} (households, services, DSO-connected)"
    source = ("derived: annual average per node from derivations/public_load_average.csv (CBS national consumption "
              "and population shares, NPE growth); peak by the public_load profile (BDEW H25/G25 mix); README.md 'Public load'")
    print(f"{consumer_id(node)},{quote(name)},{nodes[node]['cluster']},{node},,public,none,,,,{quote(source)}")
print("# demand.csv")
for node in node_ids:
    for year in range(2025, 2036):
        lo, hi = (2025, 2030) if year <= 2030 else (2030, 2035)
        a, b = average[(node, lo)], average[(node, hi)]
        avg = a + (b - a) * (year - lo) / (hi - lo)
        peak = avg / mean
        source = (f"derived: {avg:.0f} MW annual average (public_load_average.csv, linear between {lo} and {hi}: national "
                  "consumption on the straight line from 113.1 TWh in 2024 (CBS) to 273 TWh in 2050 (Nationaal Plan "
                  "Energiesysteem) minus the modelled maatwerk offtake, x the node's CBS population share) / "
                  f"{mean:.4f} mean of the public_load profile = peak MW; the straight-line path is the assumption")
        print(f"{consumer_id(node)},electricity,{year},{peak:.0f},public_load,{quote(source)}")
