#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the DSO-connected solar and onshore wind rows of supply.csv and their sources.csv rows.

Method (datasets/nl/README.md, "Distributed solar and onshore wind"):
  * Onshore wind per province: CBS 70960ned, MW end-2022: Groningen 842, Fryslan 618, Drenthe 246,
    Overijssel 74, Flevoland 1,609 of NL 6,185; the other 2,796 MW (Gelderland, Utrecht,
    Noord-Holland, Zuid-Holland, Zeeland, Noord-Brabant, Limburg; their 2022 rows were not in the
    excerpts found) are split by their end-2021 shares in the same table (preliminary figures:
    Gelderland 171, Limburg 72, Noord-Brabant 300, Noord-Holland 668, Utrecht 34, Zeeland 567,
    Zuid-Holland 535 MW; the six northern and eastern values of that year match the CBS excerpt),
    assuming the shares held in 2022. Scaled to end-2023: x 6,816 / 6,185 (RVO Monitor Wind op
    Land 2023: 6,816 MW).
  * Solar per province, end-2023 total 23,943 MWp (CBS 85005NED): Flevoland 1,146 MWp (85005NED
    2023); Overijssel + Gelderland = Oost-Nederland 6,115 - Flevoland 1,146, split by population
    (estimate); Groningen, Fryslan, Drenthe, Zuid-Holland at their 2019 shares of NL (CBS 84783NED
    definitive: 492, 441, 372, 794 of 7,226 MWp) x 23,943; the rest (Noord-Holland, Utrecht,
    Zeeland, Noord-Brabant, Limburg) split by population (estimate).
  * A province's MW go in equal parts to the 380/220 kV nodes that serve it, as the public load
    (derivations/public_load_average.csv: the province and the divisor are in each source cell).
  * Growth: a straight line from 29.8 TWh of wind on land + large PV (1 Oct 2024; PBL Monitor RES
    2024) to the 35 TWh Klimaatakkoord target for 2030: x 35 / 29.8 = 1.1745 in 2030, applied
    pro rata to every node, as two tranches of half the growth, in service from 2027 and 2030
    (the line reaches half way in 2027); flat after 2030 (no published 2035 target found).
Usage (from datasets/nl): python3 derivations/dso_renewables.py  (prints both blocks)
"""
import csv
import re

from marginal_costs import COST
from rows import print_blocks, quote

WIND_2022 = {"Groningen": 842, "Fryslân": 618, "Drenthe": 246, "Overijssel": 74, "Flevoland": 1609}
# CBS 70960ned end-2021 (preliminary) for the provinces whose 2022 rows were not in the excerpts
WIND_2021_REST = {"Gelderland": 171, "Limburg": 72, "Noord-Brabant": 300, "Noord-Holland": 668, "Utrecht": 34,
                  "Zeeland": 567, "Zuid-Holland": 535}
WIND_NL_2022, WIND_NL_2023 = 6185, 6816
PV_NL_2023 = 23943.429
PV_2019 = {"Groningen": 491.687, "Fryslân": 440.734, "Drenthe": 372.062, "Zuid-Holland": 793.551}
PV_NL_2019 = 7225.864
PV_FLEVOLAND_2023, PV_OOST_2023 = 1145.547, 6115.386
GROWTH = 35 / 29.8


def provinces():
    """Province -> (population share of NL, nodes), from public_load_average.csv (2025 rows)."""
    nodes = {}
    for row in csv.DictReader(open("derivations/public_load_average.csv", encoding="utf-8")):
        if row["year"] != "2025":
            continue
        match = re.search(r"x ([0-9.]+) population share \(([^;]+);", row["source"])
        for part in match.group(2).split("+"):
            nodes.setdefault(part.strip().rsplit("/", 1)[0], []).append(row["node"])
    # a node's share is the sum of its province/divisor terms: each province's share comes from
    # its single-province nodes, then from the mixed ones
    totals = {}
    for row in csv.DictReader(open("derivations/public_load_average.csv", encoding="utf-8")):
        if row["year"] != "2025":
            continue
        match = re.search(r"x ([0-9.]+) population share \(([^;]+);", row["source"])
        parts = [p.strip() for p in match.group(2).split("+")]
        if len(parts) == 1:
            name, divisor = parts[0].rsplit("/", 1)
            totals[name] = float(match.group(1)) * int(divisor)
    for row in csv.DictReader(open("derivations/public_load_average.csv", encoding="utf-8")):
        if row["year"] != "2025":
            continue
        match = re.search(r"x ([0-9.]+) population share \(([^;]+);", row["source"])
        parts = [p.strip().rsplit("/", 1) for p in match.group(2).split("+")]
        unknown = [(n, int(d)) for n, d in parts if n not in totals]
        if len(unknown) == 1:
            known = sum(totals[n] / int(d) for n, d in parts if n in totals)
            totals[unknown[0][0]] = (float(match.group(1)) - known) * unknown[0][1]
    return {p: (totals[p], sorted(nodes[p])) for p in nodes}


def capacities(prov):
    wind, pv, kind = {}, {}, {}
    assert set(prov) == set(WIND_2022) | set(WIND_2021_REST)
    rest_2021 = sum(WIND_2021_REST.values())
    for p in prov:
        if p in WIND_2022:
            wind[p] = WIND_2022[p] * WIND_NL_2023 / WIND_NL_2022
        else:
            wind[p] = (WIND_NL_2022 - sum(WIND_2022.values())) * WIND_2021_REST[p] / rest_2021 * WIND_NL_2023 / WIND_NL_2022
        kind[("wind", p)] = "derived"
    oost = ["Overijssel", "Gelderland"]
    fixed = {p: v / PV_NL_2019 * PV_NL_2023 for p, v in PV_2019.items()}
    fixed["Flevoland"] = PV_FLEVOLAND_2023
    for p in oost:
        fixed[p] = (PV_OOST_2023 - PV_FLEVOLAND_2023) * prov[p][0] / sum(prov[q][0] for q in oost)
    rest = [p for p in prov if p not in fixed]
    remainder = PV_NL_2023 - sum(fixed.values())
    for p in prov:
        pv[p] = fixed[p] if p in fixed else remainder * prov[p][0] / sum(prov[q][0] for q in rest)
        kind[("pv", p)] = "derived" if p in PV_2019 or p == "Flevoland" else "estimate"
    return wind, pv, kind


def main():
    prov = provinces()
    wind, pv, kind = capacities(prov)
    names = {r["id"]: r["name"] for r in csv.DictReader(open("nodes.csv", encoding="utf-8"))}
    per_node = {}
    for p, (_, nodes) in sorted(prov.items()):
        for n in nodes:
            per_node.setdefault(n, []).append(p)
    supply, sources = [], []
    for node in sorted(per_node):
        slug = node.lower().removeprefix("e_").replace("_", "-")
        for tech, table, kind_name, profile, cost, label in (
            ("pv", pv, "solar", "solar", f"{COST['solar']:g}", "Solar PV on the DSO grids"),
            ("wind", wind, "onshore-wind", "wind_onshore", f"{COST['onwind']:g}", "Onshore wind on the DSO grids"),
        ):
            terms = [(p, len(prov[p][1])) for p in per_node[node]]
            mw = sum(table[p] / d for p, d in terms)
            text = " + ".join(f"{p} {table[p]:.0f} MW/{d}" for p, d in terms)
            kinds = {kind[(tech, p)] for p, _ in terms}
            row_kind = "estimate" if "estimate" in kinds else "derived"
            basis = ("CBS 70960ned end-2022 per province x 6816/6185 (RVO end-2023); the 2,796 MW of the other seven provinces by their end-2021 shares in 70960ned"
                     if tech == "wind" else
                     "CBS 85005NED end-2023 (Flevoland, Oost-Nederland) and 84783NED 2019 shares (Groningen, Fryslan, Drenthe, Zuid-Holland) of 23,943 MWp; other provinces by population")
            source = f"{row_kind}: {text} ({basis}; derivations/dso_renewables.py)"
            base_id = f"{tech}-dso-{slug}"
            supply.append(f"{base_id},{quote(label + ' at ' + names[node])},{node},{kind_name},{mw:.0f},{profile},{cost},,,{quote(source)}")
            sources.append(f"supply.csv,{base_id},capacity_mw,{row_kind},{quote(text + ' = ' + f'{mw:.0f}' + ' MW; ' + basis)}")
            step = mw * (GROWTH - 1) / 2
            for year in (2027, 2030):
                growth_kind = "derived" if tech == "wind" and row_kind == "derived" else "estimate"
                why = ("straight line from 29.8 TWh wind on land + large PV (1 Oct 2024, PBL Monitor RES 2024) to the 35 TWh Klimaatakkoord "
                       f"target for 2030: half of x 1.1745 - 1 of {mw:.0f} MW, in service from {year}")
                if tech == "pv":
                    why += "; applied to rooftop PV too, which the target does not cover"
                tid = f"{base_id}-{year}"
                supply.append(f"{tid},{quote(label + ' at ' + names[node] + f', growth to {year}')},{node},{kind_name},{step:.0f},{profile},{cost},{year},,"
                              f"{quote(growth_kind + ': ' + why)}")
                sources.append(f"supply.csv,{tid},capacity_mw,{growth_kind},{quote(why)}")
    print_blocks(supply, sources, f"totals: wind {sum(wind.values()):.0f} MW, pv {sum(pv.values()):.0f} MW; population check {sum(v[0] for v in prov.values()):.4f}")


if __name__ == "__main__":
    main()
