// SPDX-License-Identifier: GPL-3.0-or-later

/// The ranges every magnitude of a dataset, scenario or sweep must lie in. They are generous for
/// Dutch grid planning and keep the LP well inside what a double-precision simplex solver handles:
/// the largest objective coefficient (8,784 h × 1e6 EUR/MWh ≈ 8.8e9) and the largest yearly cost of
/// one demand row (1e5 MW × 8,784 h × 1e6 EUR/MWh ≈ 8.8e14 EUR) stay below 1e15, where a double
/// still resolves cents. docs/numerics.md lists them with their reasons (generated in part from here).
public enum NumericRanges {
    /// Largest capacity of one link, supply, conversion or flex commitment, and largest project, in MW.
    public static let maxCapacityMW = 1e6
    /// Largest demand level of one demand or transition row, in MW.
    public static let maxDemandMW = 1e5
    /// Largest cost or value of lost load, in EUR/MWh (in absolute value for costs).
    public static let maxPriceEURPerMWh = 1e6
    /// Smallest conversion efficiency.
    public static let minEfficiency = 1e-3
    /// Hours in a leap year: the most any timeslice weight or yearly budget can be.
    public static let hoursPerLeapYear = 8784.0
    /// Largest CO2 avoided by one transition project, in kt per year.
    public static let maxCO2KtPerYear = 1e6
    /// Largest scenario demand scale factor.
    public static let maxDemandScale = 1e3
    /// Smallest positive scenario demand scale factor (0 drops the demand).
    public static let minPositiveDemandScale = 1e-6
    /// Largest weight of one value in a Monte Carlo delay rule.
    public static let maxDelayWeight = 1e6
    /// Smallest nonzero magnitude of a power (MW), an energy price (EUR/MWh) or a duration (h):
    /// 1 kW, 0.1 cent per MWh, 3.6 s. Anything smaller is a typing error and, next to values of
    /// 1e5 MW, would spread the LP's coefficients beyond what GLPK's tolerances resolve.
    public static let resolution = 1e-3
    /// Smallest nonzero profile value or CO2 figure (kt/yr): a millionth.
    public static let fineResolution = 1e-6
    /// Largest series reactance, per unit on a 100 MVA base.
    public static let maxReactancePU = 10.0
    /// Smallest reactance, per unit on a 100 MVA base.
    public static let minReactancePU = 1e-6

    static let capacityReason =
        "1e6 MW (1 TW) is fifty times the Dutch peak load; larger bounds only hide a unit error (kW for MW) and, times 8,784 h, would leave the range where GLPK's tolerances hold"
    static let demandReason =
        "1e5 MW (100 GW) is five times the Dutch peak load in one row; with prices up to 1e6 EUR/MWh a year of it stays below 1e15 EUR, where doubles still resolve cents"
    static let priceReason =
        "1e6 EUR/MWh (1,000 EUR/kWh) is far above published values of lost load (tens of EUR/kWh); times 8,784 h it keeps objective coefficients below 1e10"
    static let efficiencyReason =
        "an electrolyser turns at most all of its input into hydrogen; below 0.1 % the coefficient is a typing error and would make the balance rows badly scaled"
    static let profileReason = "profiles are fractions of capacity or demand"
    static let hoursReason = "a year has at most 8,784 hours"
    static let reactanceReason =
        "per unit on a 100 MVA base, Dutch 380–110 kV lines and transformers lie between about 1e-4 and 0.5 pu; a reactance ≤ 0 has no physical meaning, and outside [1e-6, 10] the ratio of two reactances (and so of two PTDF entries) would exceed 1e7, beyond what the solver's tolerances resolve"
    static let emergencyReason = "an emergency rating is a capacity: " + capacityReason
    static let co2Reason = "1e6 kt (1 Gt) per year is six times the Netherlands' total emissions"

    /// Capacity of a link, supply, conversion or flex commitment in a file: `[0, 1e6]` MW.
    public static let capacity = ValueBounds.between(
        0, maxCapacityMW, rule: .negativeCapacity, upperRule: .magnitudeOutOfRange, reason: capacityReason
    ).withResolution(resolution)
    /// Series reactance of an AC link or project: `(0, 10]` pu, nonzero values at least 1e-6 pu.
    public static let reactance = ValueBounds(
        lower: 0, lowerInclusive: false, upper: maxReactancePU, rule: .badReactance,
        upperRule: .magnitudeOutOfRange, reason: reactanceReason
    ).withResolution(minReactancePU)
    /// Emergency (post-contingency) rating of a link: `[0, 1e6]` MW, as a capacity.
    public static let emergencyRating = ValueBounds.between(
        0, maxCapacityMW, rule: .negativeCapacity, upperRule: .magnitudeOutOfRange,
        reason: emergencyReason
    ).withResolution(resolution)
    /// Capacity change of a project (negative = removed): `[-1e6, 1e6]` MW.
    public static let projectCapacity = ValueBounds.between(-maxCapacityMW, maxCapacityMW, rule: .magnitudeOutOfRange, reason: capacityReason)
        .withResolution(resolution)
    /// Demand level of a demand or transition row: `[0, 1e5]` MW.
    public static let demand = ValueBounds.between(0, maxDemandMW, rule: .negativeDemand, upperRule: .magnitudeOutOfRange, reason: demandReason)
        .withResolution(resolution)
    /// Supply or flex cost (negative = paid to produce or curtail): `[-1e6, 1e6]` EUR/MWh.
    public static let cost = ValueBounds.between(-maxPriceEURPerMWh, maxPriceEURPerMWh, rule: .magnitudeOutOfRange, reason: priceReason)
        .withResolution(resolution)
    /// A consumer's value of lost load: `[0, 1e6]` EUR/MWh.
    public static let voll = ValueBounds.between(0, maxPriceEURPerMWh, rule: .valueOutOfRange, upperRule: .magnitudeOutOfRange, reason: priceReason)
        .withResolution(resolution)
    /// The dataset's default value of lost load: `(0, 1e6]` EUR/MWh.
    public static let defaultVOLL = ValueBounds(
        lower: 0, lowerInclusive: false, upper: maxPriceEURPerMWh, rule: .valueOutOfRange,
        upperRule: .magnitudeOutOfRange, reason: priceReason
    ).withResolution(resolution)
    /// Conversion efficiency: `[0.001, 1]`.
    public static let efficiency = ValueBounds.between(minEfficiency, 1, rule: .efficiencyOutOfRange, reason: efficiencyReason)
    /// Profile value: `[0, 1]`.
    public static let profile = ValueBounds.between(0, 1, rule: .profileOutOfRange, reason: profileReason).withResolution(fineResolution)
    /// Timeslice weight: `[0, 8784]` h.
    public static let weight = ValueBounds.between(0, hoursPerLeapYear, reason: hoursReason).withResolution(resolution)
    /// Flex budget in full-load hours: `[0, 8784]` h.
    public static let budgetHours = ValueBounds.between(0, hoursPerLeapYear, reason: hoursReason).withResolution(resolution)
    /// Shared capacity of a group transport contract: `[0, 1e6]` MW, as a capacity.
    public static let groupContractCapacity = capacity
    /// Yearly curtailment budget of a `tdtr` request: `[0, 8784]` h.
    public static let curtailHours = ValueBounds.between(0, hoursPerLeapYear, reason: hoursReason).withResolution(resolution)
    /// Smallest grant of an indivisible request: `(0, 1e5]` MW (and at most the request's `mw`).
    public static let minGrant = ValueBounds(
        lower: 0, lowerInclusive: false, upper: maxDemandMW, rule: .valueOutOfRange, upperRule: .magnitudeOutOfRange, reason: demandReason
    ).withResolution(resolution)
    /// CO2 avoided by a transition project: `[0, 1e6]` kt/yr.
    public static let co2 = ValueBounds.between(0, maxCO2KtPerYear, rule: .valueOutOfRange, upperRule: .magnitudeOutOfRange, reason: co2Reason)
        .withResolution(fineResolution)
    /// A scenario's `[[demand]] scale`: `[0, 1000]` (the scaled demand must also lie in ``demand``).
    public static let demandScale = ValueBounds.between(
        0, maxDemandScale, rule: .negativeDemand, upperRule: .magnitudeOutOfRange,
        reason: "a thousandfold demand is beyond any planning case; the scaled demand must also stay within 1e5 MW")
    /// A scenario's `[[capacity]] add_mw`: `[-1e6, 1e6]` MW (the resulting capacity must also lie in ``capacity``).
    public static let capacityAdded = ValueBounds.between(-maxCapacityMW, maxCapacityMW, rule: .magnitudeOutOfRange, reason: capacityReason)
        .withResolution(resolution)
    /// A weight of a Monte Carlo delay rule: `[0, 1e6]`.
    public static let delayWeight = ValueBounds.between(
        0, maxDelayWeight, reason: "weights are relative; larger ones only risk overflow when they are added up")

    /// A delay of delay_distributions.csv: `[0, 100]` years (a sweep's `[[delay]] values` allow ±100).
    public static let delayYears = ValueBounds.between(0, 100, reason: "a delay beyond a century is a typing error")
    /// A weight of delay_distributions.csv: `(0, 1e6]` (a row of weight 0 would be a value that is never drawn).
    public static let delayRowWeight = ValueBounds(
        lower: 0, lowerInclusive: false, upper: maxDelayWeight, reason: "weights are relative; larger ones only risk overflow when they are added up")

    /// Every documented range: where it applies, its unit and the range, for docs/numerics.md.
    public static var documented: [(place: String, unit: String, bounds: ValueBounds)] {
        var rows: [(String, String, ValueBounds)] = []
        for key in DatasetSchema.manifestKeys {
            if case .number(let bounds?) = key.type { rows.append(("dataset.toml `\(key.name)`", key.unit ?? "", bounds)) }
        }
        for file in DatasetSchema.files {
            for column in file.columns + (file.extraColumns.map { [$0] } ?? []) {
                guard let bounds = column.bounds, column.type == .number else { continue }
                rows.append(("\(file.name) `\(column.name)`", column.unit ?? "", bounds))
            }
        }
        rows += [
            ("scenario `[[capacity]] add_mw`", "MW", capacityAdded),
            ("scenario `[[capacity]] set_mw`", "MW", capacity),
            ("scenario `[[demand]] scale`", "", demandScale),
            ("scenario `[[flex]] max_mw`", "MW", capacity),
            ("scenario `[[flex]] max_hours_per_year`", "h", budgetHours),
            ("scenario `[[flex]] cost_eur_per_mwh`", "EUR/MWh", cost),
            ("sweep `[[delay]] weights`", "", delayWeight),
        ]
        return rows
    }

    /// The table of ``documented`` ranges in docs/numerics.md (a test checks the file holds it).
    public static func markdownTable() -> String {
        var lines = ["| value | unit | allowed range | rule below / above | why |", "|---|---|---|---|---|"]
        for (place, unit, bounds) in documented {
            let rules = bounds.rule == bounds.upperRule ? "`\(bounds.rule.rawValue)`" : "`\(bounds.rule.rawValue)` / `\(bounds.upperRule.rawValue)`"
            lines.append(
                "| \(place) | \(unit) | \(bounds)\(bounds.resolutionNote(unit: unit.isEmpty ? nil : unit)) | \(rules) | \(bounds.reason ?? "") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
