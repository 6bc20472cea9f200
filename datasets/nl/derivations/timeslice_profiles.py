#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes datasets/nl/timeslices.csv: 4 day types x 24 hours with every profile column.

Day types (datasets/nl/README.md, "Timeslices and profiles"); a 365-day year, local clock time
(CET, CEST from 26 Mar to 28 Oct as in 2023):
  win  normal day of the winter half (Oct-Mar, 182 days) less the dunkelflaute days  month 1
  dkf  dunkelflaute: cold and calm; D = 3 days (15-17 Jan; the weather of 22-24 Jan 2017) month 1
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
                 dkf days: K(day) x the measured NL solar of the 2017 dunkelflaute days over the
                 rest of their month.
  wind_onshore   hourly NL onshore generation 2017 (ENTSO-E actual generation via Open Power
                 System Data) / 3,272.5 MW (mean of CBS end-2016 3,300 and end-2017 3,245 MW),
                 averaged per day type and local hour; the dunkelflaute days are the 3 calmest
                 consecutive winter-half days of 2017 (onshore + offshore), the sunny days the 20
                 summer-half days with most solar; scaled to the mean CBS productiefactor
                 2018-2022 (23.7, 25.9, 29.0, 23.9, 26.9 %; CBS 70960ned) = 0.2588.
  wind_offshore  the same from the 2017 offshore generation / 957 MW (CBS: in service all of
                 2017), scaled to the CBS 2017-2019 mean (3,700, 3,630, 3,573 GWh / 957 MW /
                 8,760 h) = 0.4335.
  public_load    BDEW 2025 H25 (dynamised) and G25 from demandlib 0.2.2, as before
                 (public_load_profile.py): month mean day 5/7 WT, 1/7 SA, 1/7 FT, mixed 0.20 H +
                 0.35 G + 0.45 flat; dkf days = January workdays, sun days = June mean days;
                 divided by the maximum.
  electrolyser, interconnector_import, industry_day, industry_flat: the README formulas.
Usage (from datasets/nl):
    pip download --no-deps demandlib==0.2.2 && unzip demandlib-0.2.2-py3-none-any.whl
    # opsd2017.csv: hourly 2017 rows of the Open Power System Data time series (60 min,
    # singleindex; columns utc_timestamp, cet_cest_timestamp, NL_solar_generation_actual,
    # NL_wind_onshore_generation_actual, NL_wind_offshore_generation_actual), e.g. the extract
    # data/2017_entsoe.csv of github.com/anders-o/res_course_project (commit e58cc1c)
    python3 derivations/timeslice_profiles.py demandlib/bdew/bdew_data opsd2017.csv > timeslices.csv
Prints the check figures (annual means, implied irradiation) on stderr.
"""
import csv
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


def solar(data, calm):
    cs = {(d, h): clear_sky(d, h) for d in range(365) for h in range(24)}
    daylight = lambda days: sum(cs[d, h] for d in days for h in range(24) if cs[d, h] > 0) / sum(1 for d in days for h in range(24) if cs[d, h] > 0)
    summer = [d for d in range(365) if START[5] <= d < START[8]]
    winter = [d for d in range(365) if d < START[2] or d >= START[11]]
    k_sum, k_win = 270 / daylight(summer), 70 / daylight(winter)
    k = lambda d: (k_sum + k_win) / 2 - (k_sum - k_win) / 2 * math.cos(2 * math.pi * (d - 14) / 365)
    ghi = lambda d, h: k(d) * cs[d, h]
    annual_kwh = sum(ghi(d, h) for d in range(365) for h in range(24)) / 1000
    scale = CF_SOLAR * 8760 / annual_kwh  # capacity fraction per kW/m2
    # dunkelflaute days: the measured 2017 solar of the calm days relative to the other days of
    # their month (same hours), applied to K(day) x clear sky
    def solar_day(d):
        return sum(float(data[(d, h)]["NL_solar_generation_actual"] or 0) for h in range(24) if (d, h) in data)
    month = [d for d in range(START[month_of(calm[1]) - 1], START[month_of(calm[1]) - 1] + DAYS[month_of(calm[1]) - 1]) if d not in calm]
    dark = (sum(solar_day(d) for d in calm) / len(calm)) / (sum(solar_day(d) for d in month) / len(month))
    cold, dkf = mean_over(COLD, ghi), mean_over(DKF, lambda d, h: dark * ghi(d, h))
    warm, sun = mean_over(WARM, ghi), mean_over(SUN, lambda d, h: cs[d, h])
    rows = {"win": split(COLD, DKF, cold, dkf), "dkf": dkf, "sum": split(WARM, SUN, warm, sun), "sun": sun}
    print(f"# solar: dunkelflaute days at {dark:.3f} of their month's mean; K summer {k_sum:.3f}, winter {k_win:.3f}; implied GHI {annual_kwh:.0f} kWh/m2/yr "
          f"(KNMI 3650 MJ/m2 = 1014); scale {scale:.3f} per kW/m2; CF {CF_SOLAR:.4f}", file=sys.stderr)
    return {t: [min(1.0, scale * v / 1000) for v in rows[t]] for t in rows}


def opsd(path):
    """Hourly NL columns of the OPSD 2017 extract, keyed by (0-based day of year, local hour)."""
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    out = {}
    for row in rows:
        local = row["cet_cest_timestamp"]
        month, day, hour = int(local[5:7]), int(local[8:10]), int(local[11:13])
        out[(START[month - 1] + day - 1, hour)] = row
    return out


def measured_days(data):
    """The dunkelflaute and sunny days of 2017: the 3 consecutive winter-half days with the least
    onshore + offshore wind, and the 20 summer-half days with the most solar."""
    def daily(column, day):
        values = [float(data[(day, h)][column]) for h in range(24) if (day, h) in data and data[(day, h)][column]]
        return sum(values) / len(values) if values else None
    wind = {d: (daily("NL_wind_onshore_generation_actual", d) or 0) / 3272.5 + (daily("NL_wind_offshore_generation_actual", d) or 0) / 957
            for d in range(365)}
    runs = [d for d in COLD if all((d + i) % 365 in COLD for i in range(3))]
    start = min(runs, key=lambda d: sum(wind[(d + i) % 365] for i in range(3)))
    calm = [(start + i) % 365 for i in range(3)]
    sunny = sorted(WARM, key=lambda d: -(daily("NL_solar_generation_actual", d) or 0))[:20]
    return calm, sorted(sunny)


def wind(data, column, capacity, cf, calm, sunny):
    """Per day type and local hour: the mean 2017 capacity factor (generation / capacity) over
    the type's days, scaled so the annual mean is `cf` (the CBS multi-year figure)."""
    def value(d, h):
        cell = data.get((d, h), {}).get(column, "")
        return float(cell) / capacity if cell else None
    def mean(days):
        out = []
        for h in range(24):
            values = [v for v in (value(d, h) for d in days) if v is not None]
            out.append(sum(values) / len(values))
        return out
    rows = {"win": mean([d for d in COLD if d not in calm]), "dkf": mean(calm),
            "sum": mean([d for d in WARM if d not in sunny]), "sun": mean(sunny)}
    annual = sum(len(days) * sum(rows[t]) / 24 for t, days in (("win", [d for d in COLD if d not in calm]), ("dkf", calm),
                 ("sum", [d for d in WARM if d not in sunny]), ("sun", sunny))) / 365
    print(f"# {column}: 2017 capacity factor {annual:.4f} -> scaled to {cf:.4f}", file=sys.stderr)
    return {t: [min(1.0, v * cf / annual) for v in rows[t]] for t in rows}


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


def main(folder, opsd_path):
    data = opsd(opsd_path)
    calm, sunny = measured_days(data)
    print(f"# 2017 dunkelflaute days (0-based day of year) {calm}, sunny days {sunny}", file=sys.stderr)
    sol = solar(data, calm)
    on = wind(data, "NL_wind_onshore_generation_actual", 3272.5, CF_ONSHORE, calm, sunny)
    off = wind(data, "NL_wind_offshore_generation_actual", 957, CF_OFFSHORE, calm, sunny)
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
    main(sys.argv[1], sys.argv[2])
