#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes datasets/nl/timeslices.csv: 4 day types x 24 hours with every profile column.

Day types (datasets/nl/README.md, "Timeslices and profiles"); a 365-day year, local clock time
(CET, CEST from 26 Mar to 28 Oct as in 2023):
  win  normal day of the winter half (Oct-Mar, 182 days) less the dunkelflaute days  month 1
  dkf  dunkelflaute: cold, dark and calm; D = 3 days (15-17 Jan)                        month 1
  sum  normal day of the summer half (Apr-Sep, 183 days) less the sunny days          month 6
  sun  clear-sky summer day; S = 20 days (6-25 Jun)                                    month 6
The stress days sit where `knelpunt generate` puts them for the hourly variant (a block centred
on day 16 of the shared month). A normal day's value is the half-year total minus the stress
days, per hour, so every annual total is that of the half-year climatology.

  solar          Haurwitz clear-sky irradiance at De Bilt (52.10 N, 5.18 E; sun position by
                 Spencer's series) x clearness K(day), K a cosine over the year through the KNMI
                 daylight means of 270 W/m2 (Jun-Aug) and 70 W/m2 (Dec-Feb); scaled so the
                 annual capacity factor is CBS 2023: 19,960 GWh / mean of the end-2022 and end-2023
                 capacity (19.60 and 23.94 GWp; CBS 85005NED) = 0.1047. sun days: K = 1;
                 dkf days: K = 0.5 K(day) (overcast; estimate).
  wind_onshore   annual capacity factor = mean CBS productiefactor 2018-2022 (23.7, 25.9, 29.0,
                 23.9, 26.9 %; CBS 70960ned) = 0.2588; winter half / summer half = 1.45
                 (estimate); dkf 0.05 (estimate); sun days 0.7 x the summer-half level
                 (estimate); diurnal 1 + 0.20 cos(2 pi (h + 0.5 - 14) / 24) (estimate).
  wind_offshore  annual capacity factor = CBS non-normalised offshore production 2017-2019
                 (3,700, 3,630, 3,573 GWh) / 957 MW in service all three years / 8,760 h = 0.4335;
                 same half-year ratio; dkf 0.08; diurnal 1 + 0.06 cos(2 pi (h + 0.5 - 18) / 24)
                 (estimates).
  public_load    BDEW 2025 H25 (dynamised) and G25 from demandlib 0.2.2, as before
                 (public_load_profile.py): month mean day 5/7 WT, 1/7 SA, 1/7 FT, mixed 0.20 H +
                 0.35 G + 0.45 flat; dkf days = January workdays, sun days = June mean days;
                 divided by the maximum.
  electrolyser, interconnector_import, industry_day, industry_flat: the README formulas.
Usage (from datasets/nl):
    pip download --no-deps demandlib==0.2.2 && unzip demandlib-0.2.2-py3-none-any.whl
    python3 derivations/timeslice_profiles.py demandlib/bdew/bdew_data > timeslices.csv
Prints the check figures (annual means, implied irradiation) on stderr.
"""
import math
import sys

DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
START = [sum(DAYS[:m]) for m in range(12)]  # 0-based day of year of the 1st of each month
LAT, LON = math.radians(52.10), 5.18
DST = (84, 301)  # 0-based days 26 Mar .. 28 Oct 2023 on CEST
COLD = [d for d in range(365) if d < START[3] or d >= START[9]]  # Oct-Mar
WARM = [d for d in range(365) if START[3] <= d < START[9]]  # Apr-Sep
DKF = [START[0] + 14 + i for i in range(3)]  # 15-17 Jan
SUN = [START[5] + 5 + i for i in range(20)]  # 6-25 Jun
TYPES = [("win", 1, [d for d in COLD if d not in DKF]), ("dkf", 1, DKF), ("sum", 6, [d for d in WARM if d not in SUN]), ("sun", 6, SUN)]
CF_SOLAR = 19960 / ((19599.808 + 23943.429) / 2 * 8.76)
CF_ONSHORE = (23.7 + 25.9 + 29.0 + 23.9 + 26.9) / 5 / 100
CF_OFFSHORE = (3700 + 3630 + 3573) / 3 / (957 * 8.76)


def month_of(day):
    return max(m for m in range(12) if START[m] <= day) + 1


def clear_sky(day, hour):
    """Mean Haurwitz clear-sky GHI (W/m2) over clock hour `hour` of 0-based `day`."""
    b = 2 * math.pi * day / 365
    eot = 229.18 * (0.000075 + 0.001868 * math.cos(b) - 0.032077 * math.sin(b) - 0.014615 * math.cos(2 * b) - 0.040849 * math.sin(2 * b))
    decl = (0.006918 - 0.399912 * math.cos(b) + 0.070257 * math.sin(b) - 0.006758 * math.cos(2 * b) + 0.000907 * math.sin(2 * b)
            - 0.002697 * math.cos(3 * b) + 0.00148 * math.sin(3 * b))
    offset = 2 if DST[0] <= day < DST[1] else 1
    total = 0.0
    for step in range(12):
        minutes = (hour - offset) * 60 + 5 * step + 2.5 + 4 * LON + eot
        angle = math.radians(minutes / 4 - 180)
        cos_z = math.sin(LAT) * math.sin(decl) + math.cos(LAT) * math.cos(decl) * math.cos(angle)
        if cos_z > 0:
            total += 1098 * cos_z * math.exp(-0.057 / cos_z)
    return total / 12


def mean_over(days, f):
    return [sum(f(d, h) for d in days) / len(days) for h in range(24)]


def split(total_days, stress_days, value_all, value_stress):
    """Per hour: (sum over all days - sum over the stress days) / remaining days."""
    return [(len(total_days) * a - len(stress_days) * s) / (len(total_days) - len(stress_days)) for a, s in zip(value_all, value_stress)]


def solar():
    cs = {(d, h): clear_sky(d, h) for d in range(365) for h in range(24)}
    daylight = lambda days: sum(cs[d, h] for d in days for h in range(24) if cs[d, h] > 0) / sum(1 for d in days for h in range(24) if cs[d, h] > 0)
    summer = [d for d in range(365) if START[5] <= d < START[8]]
    winter = [d for d in range(365) if d < START[2] or d >= START[11]]
    k_sum, k_win = 270 / daylight(summer), 70 / daylight(winter)
    k = lambda d: (k_sum + k_win) / 2 - (k_sum - k_win) / 2 * math.cos(2 * math.pi * (d - 14) / 365)
    ghi = lambda d, h: k(d) * cs[d, h]
    annual_kwh = sum(ghi(d, h) for d in range(365) for h in range(24)) / 1000
    scale = CF_SOLAR * 8760 / annual_kwh  # capacity fraction per kW/m2
    cold, dkf = mean_over(COLD, ghi), mean_over(DKF, lambda d, h: 0.5 * ghi(d, h))
    warm, sun = mean_over(WARM, ghi), mean_over(SUN, lambda d, h: cs[d, h])
    rows = {"win": split(COLD, DKF, cold, dkf), "dkf": dkf, "sum": split(WARM, SUN, warm, sun), "sun": sun}
    print(f"# solar: K summer {k_sum:.3f}, winter {k_win:.3f}; implied GHI {annual_kwh:.0f} kWh/m2/yr "
          f"(KNMI 3650 MJ/m2 = 1014); scale {scale:.3f} per kW/m2; CF {CF_SOLAR:.4f}", file=sys.stderr)
    return {t: [min(1.0, scale * v / 1000) for v in rows[t]] for t in rows}


def wind(cf, ratio, calm, sunny_share, amplitude, peak):
    cold = 365 * cf / (len(COLD) + len(WARM) / ratio)
    warm = cold / ratio
    levels = {"win": (len(COLD) * cold - len(DKF) * calm) / (len(COLD) - len(DKF)), "dkf": calm,
              "sum": (len(WARM) * warm - len(SUN) * sunny_share * warm) / (len(WARM) - len(SUN)), "sun": sunny_share * warm}
    shape = [1 + amplitude * math.cos(2 * math.pi * (h + 0.5 - peak) / 24) for h in range(24)]
    return {t: [min(1.0, levels[t] * s) for s in shape] for t in levels}


def bdew(path):
    rows = [line.rstrip("\n").split(",") for line in open(path, encoding="utf-8")]
    kinds = rows[1][1:]
    values = [[float(x) for x in row[1:]] for row in rows[2:98]]
    out = {}
    for m in range(12):
        for kind in ("SA", "FT", "WT"):
            col = 3 * m + kinds[3 * m: 3 * m + 3].index(kind)
            out[(m + 1, kind)] = [sum(values[4 * h + q][col] for q in range(4)) / 4 for h in range(24)]
    return out


def dynamisation(day):
    n = day + 1
    return -3.92e-10 * n**4 + 3.2e-7 * n**3 - 7.02e-5 * n**2 + 0.0021 * n + 1.24


def public_load(folder):
    def series(name, dynamic):
        table = bdew(f"{folder}/{name}.csv")
        factor = (lambda d: dynamisation(d)) if dynamic else (lambda d: 1.0)
        mean_day = lambda d, h: factor(d) * (5 * table[(month_of(d), "WT")][h] + table[(month_of(d), "SA")][h] + table[(month_of(d), "FT")][h]) / 7
        cold, warm = mean_over(COLD, mean_day), mean_over(WARM, mean_day)
        dkf = mean_over(DKF, lambda d, h: factor(d) * table[(1, "WT")][h])
        sun = mean_over(SUN, mean_day)
        rows = {"win": split(COLD, DKF, cold, dkf), "dkf": dkf, "sum": split(WARM, SUN, warm, sun), "sun": sun}
        mean = sum(len(days) * sum(rows[t]) / 24 for t, _, days in TYPES) / 365
        return {t: [v / mean for v in rows[t]] for t in rows}
    h, g = series("h25", True), series("g25", False)
    mix = {t: [0.20 * a + 0.35 * b + 0.45 for a, b in zip(h[t], g[t])] for t in h}
    peak = max(max(v) for v in mix.values())
    return {t: [v / peak for v in mix[t]] for t in mix}


def main(folder):
    sol = solar()
    on = wind(CF_ONSHORE, 1.45, 0.05, 0.7, 0.20, 14)
    off = wind(CF_OFFSHORE, 1.45, 0.08, 0.7, 0.06, 18)
    load = public_load(folder)
    base_import = {"win": 0.60, "dkf": 0.40, "sum": 0.78, "sun": 0.78}
    columns = ["wind_offshore", "wind_onshore", "solar", "industry_flat", "industry_day", "electrolyser", "interconnector_import", "public_load"]
    print("id,weight_h,month,hour," + ",".join(columns))
    means = {c: 0.0 for c in columns}
    for label, month, days in TYPES:
        for h in range(24):
            m = h + 0.5
            day = 0.75 + 0.25 * math.sin(math.pi * (m - 6) / 14) if 6 <= m <= 20 else 0.75
            imp = base_import[label] - (0.15 if 17 <= h <= 20 else 0) + (0.10 if h <= 5 else 0)
            values = {"wind_offshore": off[label][h], "wind_onshore": on[label][h], "solar": sol[label][h], "industry_flat": 1.0,
                      "industry_day": day, "electrolyser": min(1.0, 0.10 + 1.2 * round(off[label][h], 4)),
                      "interconnector_import": min(1.0, max(0.0, imp)), "public_load": load[label][h]}
            cells = [round(values[c], 4) for c in columns]
            for c, v in zip(columns, cells):
                means[c] += len(days) * v / 8760
            print(f"{label}-h{h:02d},{len(days)},{month},{h}," + ",".join(f"{v:g}" if v != int(v) else f"{v:.1f}" for v in cells))
    print("# annual means: " + ", ".join(f"{c} {means[c]:.4f}" for c in columns), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demandlib/bdew/bdew_data")
