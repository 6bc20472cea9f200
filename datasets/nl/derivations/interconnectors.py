#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the AC interconnector rows of supply.csv (`ic-be-*`, `ic-de-*`): the Dutch import
capacity per border, split over the tie rows.

Border figures: PBL, Monitor Nationale Omgevingsvisie 2020, table 1.1 "Interconnectiecapaciteit
Nederland, in megawatt" (2015-2020), with the same text in the Compendium voor de Leefomgeving
indicator nl0595 "Interconnectiecapaciteit elektriciteit" (clo.nl):
    NL-DE  2,450 MW in 2015-2018, 3,950 MW in 2019, 4,250 MW in 2020
           (Doetinchem-Wesel, 1,500 MW, in service 2018: "nearly 4 GW")
    NL-BE  1,400 MW; 2,400 MW from 2019 in the direction Belgium -> Netherlands only (+1,000 MW;
           the Netherlands -> Belgium direction stayed at 1,400 MW until 2022)
The model's interconnector rows are imports into the Netherlands, so the BE border counts 2,400 MW.

Split over the ties (no per-tie capacity is published):
  DE  Doetinchem-Wesel 1,500 MW (the figure the sources give for the line).
      The 300 MW step from 2019 to 2020 is the Meeden-Diele upgrade: TenneT expected about 300 MW
      extra there by the end of 2019 (installatieprofs.nl, "TenneT breidt internationale
      stroomhandel uit"), so it goes to Meeden-Diele.
      The 2,450 MW of the three older ties (Meeden-Diele, Hengelo-Gronau, Maasbracht-Rommerskirchen/
      Siersdorf) is split equally: an assumption, no per-tie figure was found.
  BE  2,400 MW split equally over Rilland-Zandvliet and Maasbracht-Van Eyck: TenneT gives the two
      Belgian connections the same rating, 1,645 MW each (deredactie.be, "Er kan nog meer
      elektriciteit uit Nederland worden geimporteerd").
Growth to 2035: no new AC tie to Belgium or Germany with a year was found in the public sources
used; TenneT's "later up to 500 MW" at Meeden-Diele has no year. LionLink (GB, 1.8 GW ~2032) is
project `lionlink`. The rows hold from before 2025 on.
Usage (from datasets/nl): python3 derivations/interconnectors.py  (prints both blocks)
"""
from rows import print_blocks, quote

PBL = ("PBL Monitor Nationale Omgevingsvisie 2020, table 1.1 Interconnectiecapaciteit Nederland "
       "(MW, 2015-2020); clo.nl indicator nl0595 Interconnectiecapaciteit elektriciteit")
DE_OLD, DE_2020, WESEL, DIELE_STEP, BE_IMPORT = 2450, 4250, 1500, 300, 2400
COST = 90  # the merit-order placeholder of all interconnector imports (README, Costs)

# id, name, node, capacity, provenance kind, how the number follows from the border figure
old_share = round(DE_OLD / 3)
TIES = [
    ("ic-be-zandvliet", "AC tie Rilland - Zandvliet (BE)", "E_RIL", BE_IMPORT / 2, "derived",
     f"NL-BE import capacity {BE_IMPORT} MW from 2019 (Belgium -> Netherlands; {PBL}) / 2 ties of equal rating "
     "(1645 MW each, TenneT via deredactie.be)"),
    ("ic-be-vaneyck", "AC tie Maasbracht - Van Eyck (BE)", "E_MBR", BE_IMPORT / 2, "derived",
     f"NL-BE import capacity {BE_IMPORT} MW from 2019 (Belgium -> Netherlands; {PBL}) / 2 ties of equal rating "
     "(1645 MW each, TenneT via deredactie.be)"),
    ("ic-de-wesel", "AC tie Doetinchem - Wesel (DE)", "E_DTC", WESEL, "sourced",
     f"Doetinchem-Wesel 1500 MW, in service 2018, NL-DE from {DE_OLD} to 3950 MW ({PBL}; facts-grid.md B)"),
    ("ic-de-diele", "AC tie Meeden - Diele (DE)", "E_MEE", DE_OLD - 2 * old_share + DIELE_STEP, "derived",
     f"NL-DE {DE_OLD} MW of the three older ties before 2018 ({PBL}) / 3 (equal split, an assumption: no per-tie "
     f"figure is public) + the {DIELE_STEP} MW Meeden-Diele upgrade (TenneT via installatieprofs.nl; the 3950 -> "
     f"{DE_2020} MW step of 2019-2020 in the same table)"),
    ("ic-de-gronau", "AC tie Hengelo - Gronau (DE)", "E_HGL", old_share, "derived",
     f"NL-DE {DE_OLD} MW of the three older ties before 2018 ({PBL}) / 3 (equal split, an assumption: no per-tie "
     "figure is public); route in OSM extract ComplexNetTSP/Power_grids"),
    ("ic-de-rommerskirchen", "AC tie Maasbracht - Rommerskirchen/Siersdorf (DE)", "E_MBR", old_share, "derived",
     f"NL-DE {DE_OLD} MW of the three older ties before 2018 ({PBL}) / 3 (equal split, an assumption: no per-tie "
     "figure is public)"),
]


def main():
    assert sum(t[3] for t in TIES if t[0].startswith("ic-de-")) == DE_2020
    assert sum(t[3] for t in TIES if t[0].startswith("ic-be-")) == BE_IMPORT
    supply, sources = [], []
    for tie_id, name, node, mw, kind, how in TIES:
        prefix = "" if kind == "sourced" else "derived: "
        supply.append(f"{tie_id},{name},{node},interconnector,{mw:.0f},interconnector_import,{COST},,,"
                      f"{quote(prefix + how + '; cost estimate: import price ~90 EUR/MWh')}")
        sources.append(f"supply.csv,{tie_id},capacity_mw,{kind},{quote(how)}")
    print_blocks(supply, sources, f"NL-DE {DE_2020} MW over 4 ties, NL-BE {BE_IMPORT} MW over 2 ties")


if __name__ == "__main__":
    main()
