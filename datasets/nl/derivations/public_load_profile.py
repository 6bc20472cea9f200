#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Derives the `public_load` profile column of datasets/nl/timeslices.csv.

Input: the BDEW 2025 standard load profiles H25 (households, with the BDEW dynamisation
polynomial) and G25 (commerce), as shipped in the PyPI package demandlib 0.2.2 (MIT):
    pip download --no-deps demandlib==0.2.2 && unzip demandlib-0.2.2-py3-none-any.whl
    python3 public_load_profile.py demandlib/bdew/bdew_data
Method (datasets/nl/README.md, "Public load"):
  * per month and hour of day: the mean of the four quarter-hour values, weighted 5/7
    workday (WT), 1/7 Saturday (SA), 1/7 Sunday (FT); H25 times the mean of the BDEW
    dynamisation factor over the month's days;
  * per season (win = Dec-Feb, spr = Mar-May, sum = Jun-Aug, aut = Sep-Nov): the day-weighted
    mean of its months;
  * each of H and G scaled to an annual mean of 1, then mixed by CBS 2024 shares of national
    consumption: dwellings 0.20 (H), services 0.35 (G), the rest 0.45 flat;
  * divided by its maximum (so the column is a fraction of the peak) and rounded to 4 decimals.
Prints the 96 values in the row order of timeslices.csv and the mean (= average / peak).
"""
import csv
import sys

DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
SEASONS = [("win", [12, 1, 2]), ("spr", [3, 4, 5]), ("sum", [6, 7, 8]), ("aut", [9, 10, 11])]
DAY_WEIGHT = {"WT": 5 / 7, "SA": 1 / 7, "FT": 1 / 7}
SHARES = {"H": 0.20, "G": 0.35, "flat": 0.45}


def monthly_hourly(path):
    rows = list(csv.reader(open(path, encoding="utf-8")))
    kinds = rows[1][1:]
    values = [[float(x) for x in row[1:]] for row in rows[2:98]]
    out = {}
    for m in range(12):
        for h in range(24):
            total = 0.0
            for k in ("SA", "FT", "WT"):
                col = 3 * m + kinds[3 * m : 3 * m + 3].index(k)
                total += DAY_WEIGHT[k] * sum(values[4 * h + q][col] for q in range(4)) / 4
            out[(m + 1, h)] = total
    return out


def dynamisation(day):
    return -3.92e-10 * day**4 + 3.2e-7 * day**3 - 7.02e-5 * day**2 + 0.0021 * day + 1.24


def seasonal(table, dynamic):
    start = [sum(DAYS[:m]) for m in range(12)]
    factor = {m + 1: sum(dynamisation(d) for d in range(start[m] + 1, start[m] + DAYS[m] + 1)) / DAYS[m] for m in range(12)}
    out = []
    for _, months in SEASONS:
        days = sum(DAYS[m - 1] for m in months)
        for h in range(24):
            out.append(sum(DAYS[m - 1] * table[(m, h)] * (factor[m] if dynamic else 1) for m in months) / days)
    return out


def main(folder):
    weights = [sum(DAYS[m - 1] for m in months) for _, months in SEASONS for _ in range(24)]
    def unit_mean(series):
        mean = sum(w * v for w, v in zip(weights, series)) / sum(weights)
        return [v / mean for v in series]
    h = unit_mean(seasonal(monthly_hourly(folder + "/h25.csv"), True))
    g = unit_mean(seasonal(monthly_hourly(folder + "/g25.csv"), False))
    mix = [SHARES["H"] * a + SHARES["G"] * b + SHARES["flat"] for a, b in zip(h, g)]
    peak = max(mix)
    profile = [round(v / peak, 4) for v in mix]
    for (season, _), i in ((s, i) for s in SEASONS for i in range(24)):
        pass
    names = [f"{s}-h{i:02d}" for s, _ in SEASONS for i in range(24)]
    for name, v in zip(names, profile):
        print(f"{name},{v}")
    mean = sum(w * v for w, v in zip(weights, profile)) / sum(weights)
    print(f"# mean {mean:.4f} (average / peak); peak / average {1 / mean:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demandlib/bdew/bdew_data")
