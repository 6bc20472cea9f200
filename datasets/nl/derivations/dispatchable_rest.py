#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the `grid` supply rows: the Dutch dispatchable fleet that supply.csv does not name.

TenneT (Monitoring Leveringszekerheid 2023, via Common Futures 2023-03-23; facts-grid.md A2):
dispatchable capacity is 24 GW now and 16-18 GW in 2030 (midpoint 17 GW). The plants that
supply.csv models one by one (kind `generation` at electricity nodes) are subtracted per year:
    rest(y) = 24,000 MW - modelled(y) for y < 2030,   rest(y) = 17,000 MW - modelled(y) from 2030.
After 2030 the national level stays at TenneT's 2030 figure. No public figure for the dispatchable
fleet in 2031-2035 was found (MLZ 2024/2025, KEV and II3050 give LOLE hours and demand, not this
capacity, in the sources at hand); the public statements point to no growth: TenneT MLZ 2025 (ANP
2025-05, welingelichtekringen.nl): older gas plants may not stay profitable and may close; Compass
Lexecon (AD via De Ondernemer 2025-09-09): without a capacity market gas plants become less
profitable and shortages of 15-18 h a year follow from 2033. Holding the 2030 level is
therefore the no-new-build reading of those sources (an estimate; it is not a TenneT trajectory).
The script checks every planning year: the rest may only step down in 2030, so two rows per node
carry it (a base row for all years and a row retired in 2030); if the modelled plants ever change
after 2030 it stops and asks for a row per step.
The rest is placed at the electricity nodes in proportion to the public load (CBS population
shares, derivations/public_load_average.csv), so that in a dunkelflaute it covers load near
where it stands instead of sending 14 GW over the backbone from four hubs:
    grid-<node>          rest(2030) x share, all years
    grid-<node>-to2030   (rest(2025) - rest(2030)) x share, retired 2030
Cost: an open-cycle gas turbine (derivations/marginal_costs.py), the dearest gas technology, so
these rows stay the last resort among the gas plants (it was 200 EUR/MWh, an estimate).
Usage (from datasets/nl): python3 derivations/dispatchable_rest.py  (prints both blocks)
"""
import csv
import re

from marginal_costs import COST
from rows import print_blocks, quote


def modelled(year):
    total = 0.0
    for r in csv.DictReader(open("supply.csv", encoding="utf-8")):
        if r["kind"] != "generation" or not r["node"].startswith("E_"):
            continue
        if r["commissioned"] and int(r["commissioned"]) > year:
            continue
        if r["retired"] and int(r["retired"]) <= year:
            continue
        total += float(r["capacity_mw"])
    return total


def main():
    shares = {}
    for r in csv.DictReader(open("derivations/public_load_average.csv", encoding="utf-8")):
        if r["year"] == "2025":
            shares[r["node"]] = float(re.search(r"x ([0-9.]+) population share", r["source"]).group(1))
    total_share = sum(shares.values())
    names = {r["id"]: r["name"] for r in csv.DictReader(open("nodes.csv", encoding="utf-8"))}
    years = range(2025, 2036)
    target = {y: 24000 if y < 2030 else 17000 for y in years}
    rest = {y: target[y] - modelled(y) for y in years}
    steps = [y for y in years if y > 2025 and rest[y] != rest[y - 1]]
    if any(y != 2030 for y in steps):
        raise SystemExit(f"the rest changes in {steps}: write one row per step (commissioned/retired)")
    m25, m30 = modelled(2025), modelled(2030)
    rest25, rest30 = rest[2025], rest[2030]
    basis = (f"TenneT dispatchable capacity 24 GW now and 16-18 GW in 2030 (MLZ 2023 via Common Futures 2023-03-23; facts-grid.md A2), "
             f"held at the 2030 level to 2035 (no public figure for 2031-2035; MLZ 2025 via ANP 2025-05 and Compass Lexecon via De Ondernemer "
             f"2025-09-09 expect no new build and possible closures) "
             f"minus the {m25:.0f} MW (2025) and {m30:.0f} MW (2030-2035) modelled in supply.csv = {rest25:.0f} and {rest30:.0f} MW")
    supply, sources = [], []
    for node in sorted(shares):
        slug = node.lower().removeprefix("e_").replace("_", "-")
        share = shares[node] / total_share
        keep, drop = rest30 * share, (rest25 - rest30) * share
        where = f"x {share:.4f} population share of the node (derivations/public_load_average.csv)"
        supply.append(f"grid-{slug},{quote('Rest of the Dutch dispatchable fleet at ' + names[node])},{node},grid,{keep:.0f},,{COST['OCGT']:g},,,"
                      f"{quote('estimate: ' + basis + '; 2030 level ' + where + '; cost: OCGT, derivations/marginal_costs.py')}")
        supply.append(f"grid-{slug}-to2030,{quote('Rest of the Dutch dispatchable fleet at ' + names[node] + ', closing by 2030')},{node},grid,"
                      f"{drop:.0f},,{COST['OCGT']:g},,2030,{quote('estimate: ' + basis + '; the part that closes by 2030 ' + where + '; cost: OCGT, derivations/marginal_costs.py')}")
        sources.append(f"supply.csv,grid-{slug},capacity_mw,estimate,{quote(basis + '; 2030 level ' + where + ': the placement by population is an estimate')}")
        sources.append(f"supply.csv,grid-{slug}-to2030,capacity_mw,estimate,{quote(basis + '; closing part ' + where + ': the placement by population is an estimate')}")
    print_blocks(supply, sources, f"modelled {m25:.0f} / {m30:.0f} MW; rest {rest25:.0f} / {rest30:.0f} MW")


if __name__ == "__main__":
    main()
