#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Marginal costs of the supply technologies from public cost data, and their sources.csv rows.

Formula (EUR/MWh_e): cost = VOM + fuel / efficiency + CO2 intensity / efficiency x CO2 price.
Inputs:
  * PyPSA technology-data, outputs/costs_2030.csv (github.com/PyPSA/technology-data, commit
    634cdc1a): VOM, efficiency and fuel price per technology; gas fuel 28.4158 EUR/MWh_th (World
    Bank 2025 commodity prices and ENTSO-E/ENTSOG TYNDP 2024 scenario prices), coal 7.8202,
    uranium 7.4536 EUR/MWh_th (TYNDP 2024); CO2 intensity gas 0.198, coal 0.3361 t/MWh_th;
    CCGT = DEA "05 Gas turb. CC, steam extract." (a CHP type, so it also serves the gas CHPs);
    OCGT = DEA "52 OCGT - Natural gas", the price of the `grid` rows (the rest of the dispatchable
    fleet): the dearest gas technology, so they stay the last resort among the gas plants.
  * CO2 price 67 EUR/t: the average EU ETS allowance price of 2024 (Veyt, "2024 Year in Review
    EU ETS: Flattening out", veyt.com).
Renewables have no fuel and no CO2: cost = VOM, a sourced number (the others are derived). technology-data marks the offshore wind and
solar VOM as small values kept to fix the curtailment order (solar below offshore below
onshore); the onshore VOM is the Danish Energy Agency's.
Usage (from datasets/nl): python3 derivations/marginal_costs.py
  prints "id,cost" for every supply row it prices and the sources.csv rows; dso_renewables.py
  (DSO solar and wind rows) and dispatchable_rest.py (`grid` rows) import COST.
"""
import csv

TECHDATA = "PyPSA technology-data outputs/costs_2030.csv, commit 634cdc1a"
CO2_PRICE = 67.0
CO2_SOURCE = "CO2 67 EUR/t = EU ETS 2024 average (Veyt 2024 Year in Review EU ETS)"

# technology -> (VOM EUR/MWh_e, fuel EUR/MWh_th, efficiency, t CO2/MWh_th, label)
TECHNOLOGY = {
    "solar": (0.0134, 0.0, 1.0, 0.0, "solar VOM 0.0134 (technology-data: curtailment-order value)"),
    "offwind": (0.0267, 0.0, 1.0, 0.0, "offwind VOM 0.0267 (technology-data: curtailment-order value)"),
    "onwind": (1.8033, 0.0, 1.0, 0.0, "onwind VOM 1.8033 (DEA 20 Onshore turbines)"),
    "nuclear": (4.459, 7.4536, 0.326, 0.0, "nuclear VOM 4.459 + uranium 7.4536 / efficiency 0.326"),
    "coal": (4.1005, 7.8202, 0.356, 0.3361, "coal VOM 4.1005 + coal 7.8202 / 0.356 + 0.3361 t/MWh_th / 0.356 x CO2 price"),
    "CCGT": (5.6104, 28.4158, 0.58, 0.198, "CCGT VOM 5.6104 + gas 28.4158 / 0.58 + 0.198 t/MWh_th / 0.58 x CO2 price"),
    "OCGT": (6.0111, 28.4158, 0.41, 0.198, "OCGT VOM 6.0111 + gas 28.4158 / 0.41 + 0.198 t/MWh_th / 0.41 x CO2 price"),
}

# supply kinds and plant ids priced by a technology; other rows keep their estimates
BY_KIND = {"solar": "solar", "offshore-wind": "offwind", "onshore-wind": "onwind", "grid": "OCGT"}
BY_ID = {
    "gen-borssele-nuclear": "nuclear",
    "gen-eemshaven-rwe": "coal",
    "gen-maasvlakte-coal": "coal",
    "gen-eemscentrale": "CCGT",
    "gen-rijnmond-gas": "CCGT",
    "gen-diemen-gas": "CCGT",
    "gen-clauscentrale": "CCGT",
    "gen-sloecentrale": "CCGT",
}


def cost(technology):
    """(cost in EUR/MWh_e rounded to cents, the formula with its inputs as text)."""
    vom, fuel, efficiency, co2, label = TECHNOLOGY[technology]
    value = vom + fuel / efficiency + co2 / efficiency * CO2_PRICE
    text = f"{label} = {value:.2f} EUR/MWh ({TECHDATA}"
    text += f"; {CO2_SOURCE})" if co2 else ")"
    return round(value, 2), text


COST = {t: cost(t)[0] for t in TECHNOLOGY}


def technology_of(row):
    return BY_ID.get(row["id"]) or BY_KIND.get(row["kind"])


def main():
    from rows import quote

    updates, sources = [], []
    for row in csv.DictReader(open("supply.csv", encoding="utf-8")):
        technology = technology_of(row)
        if technology is None:
            continue
        value, text = cost(technology)
        updates.append(f"{row['id']},{value:g}")
        kind = "sourced" if TECHNOLOGY[technology][1] == 0 else "derived"
        sources.append(f"supply.csv,{row['id']},cost_eur_per_mwh,{kind},{quote(text)}")
    print("# supply.csv id,cost_eur_per_mwh")
    print("\n".join(updates))
    print("# sources.csv")
    print("\n".join(sources))
    print("# " + ", ".join(f"{t} {v:g}" for t, v in COST.items()))


if __name__ == "__main__":
    main()
