// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// One set of outcomes shown in a report: the run of an allocation rule, or (later) of a scenario.
/// Every run of a report covers the same years in the same order.
public struct ReportRun: Sendable {
    public enum Kind: String, Sendable {
        /// The same dataset under another allocation rule.
        case policy
        /// A changed dataset (a scenario) under the same rule.
        case scenario
    }

    /// Shown in column headers: a policy name (`cost`, `leximin`, …) or a scenario name.
    public var label: String
    public var kind: Kind
    /// One outcome per report year, in the report's year order.
    public var outcomes: [YearOutcome]

    public init(label: String, kind: Kind, outcomes: [YearOutcome]) {
        self.label = label
        self.kind = kind
        self.outcomes = outcomes
    }
}

/// What an HTML report shows: a dataset, the run it is about, and optionally other runs to set
/// beside it (side by side, with the difference from the primary run).
public struct ReportInput: Sendable {
    public var dataset: Dataset
    public var primary: ReportRun
    /// Other runs, shown side by side with ``primary`` and as a difference from it.
    public var comparisons: [ReportRun]
    public var manifest: RunManifest
    public var language: ReportLanguage

    public init(dataset: Dataset, primary: ReportRun, comparisons: [ReportRun] = [], manifest: RunManifest, language: ReportLanguage) {
        self.dataset = dataset
        self.primary = primary
        self.comparisons = comparisons
        self.manifest = manifest
        self.language = language
    }

    /// The primary run first, then the comparisons.
    public var runs: [ReportRun] { [primary] + comparisons }
    public var years: [Int] { primary.outcomes.map(\.year) }
}

/// One company's energy in one year, summed over its carriers (MWh; hydrogen on the dataset's
/// energy basis).
public struct CompanyYear: Sendable, Hashable {
    public var demandMWh = 0.0
    public var servedMWh = 0.0
    public var flexMWh = 0.0
    public var unservedMWh = 0.0
    /// CO2 avoided by the company's transition projects in force that year, if fully served (kt).
    public var co2PlannedKt = 0.0
    public var co2AtRiskKt = 0.0

    public init() {}

    /// 1 − unserved / demand (agreed flex does not lower it); `nil` without demand.
    public var servedShare: Double? { demandMWh > 0 ? 1 - unservedMWh / demandMWh : nil }
}

/// A company (consumer) across the report's years.
public struct CompanyRow: Sendable {
    public var id: ConsumerID
    public var name: String
    public var group: ConsumerGroup
    public var cluster: String
    /// Parallel to the report's years.
    public var years: [CompanyYear]

    /// The lowest served share over the years with demand, and the first year it occurs.
    public func lowestShare(years reportYears: [Int]) -> (share: Double, year: Int)? {
        var lowest: (share: Double, year: Int)?
        for (index, entry) in years.enumerated() {
            guard let share = entry.servedShare else { continue }
            if lowest == nil || share < lowest!.share - 1e-12 { lowest = (share, reportYears[index]) }
        }
        return lowest
    }

    /// The largest CO2 at risk and the first year it occurs; `nil` when never any.
    public func co2Peak(years reportYears: [Int]) -> (kt: Double, year: Int)? {
        var peak: (kt: Double, year: Int)?
        for (index, entry) in years.enumerated() where entry.co2AtRiskKt > 1e-9 {
            if peak == nil || entry.co2AtRiskKt > peak!.kt + 1e-12 { peak = (entry.co2AtRiskKt, reportYears[index]) }
        }
        return peak
    }
}

/// Per-company tables of a run.
public enum CompanyTable {
    /// One row per consumer with demand in at least one of the outcomes' years, sorted by name
    /// (case-insensitive), then id.
    public static func rows(dataset: Dataset, outcomes: [YearOutcome]) -> [CompanyRow] {
        var index: [ConsumerID: Int] = [:]
        var rows: [CompanyRow] = []
        for consumer in dataset.consumers where index[consumer.id] == nil {
            index[consumer.id] = rows.count
            rows.append(
                CompanyRow(
                    id: consumer.id, name: consumer.name, group: consumer.group, cluster: consumer.cluster,
                    years: Array(repeating: CompanyYear(), count: outcomes.count)))
        }
        for (y, outcome) in outcomes.enumerated() {
            for pair in outcome.pairs {
                guard let row = index[pair.key.consumer] else { continue }
                rows[row].years[y].demandMWh += pair.demandMWh
                rows[row].years[y].servedMWh += pair.servedMWh
                rows[row].years[y].flexMWh += pair.flexMWh
                rows[row].years[y].unservedMWh += pair.unservedMWh
            }
            for co2 in outcome.co2 {
                guard let row = index[co2.consumer] else { continue }
                rows[row].years[y].co2PlannedKt += co2.plannedKt
                rows[row].years[y].co2AtRiskKt += co2.atRiskKt
            }
        }
        return rows.filter { $0.years.contains { $0.demandMWh > 0 } }
            .sorted { ($0.name.lowercased(), $0.id.rawValue) < ($1.name.lowercased(), $1.id.rawValue) }
    }
}

/// The company with the lowest served share, with that share.
public struct WorstOff: Sendable, Hashable {
    public var name: String
    public var share: Double
}

/// The headline numbers of one year.
public struct YearSummary: Sendable {
    public var year: Int
    public var all: YearTotals
    public var maatwerk: YearTotals
    public var other: YearTotals
    /// The `public` group (households, services, DSO-connected load: firm).
    public var publicLoad: YearTotals
    /// Planned CO2 reduction of the transition projects in force (kt): all and per group.
    public var co2PlannedKt: (all: Double, maatwerk: Double, other: Double, publicLoad: Double)
    /// Links and conversions with a shadow value above the tolerance, largest value first.
    public var gridBottlenecks: [AssetOutcome]
    /// Supplies with a shadow value above the tolerance, largest value first.
    public var supplyBottlenecks: [AssetOutcome]
    /// Companies short of energy where a grid bottleneck binds, per group.
    public var affectedCompanies: (maatwerk: Int, other: Int, publicLoad: Int)
    /// The lowest served share below 100 %, overall and per group; `nil` when all are served.
    public var worstOff: (all: WorstOff?, maatwerk: WorstOff?, other: WorstOff?, publicLoad: WorstOff?)
    public var costEUR: Double

    /// Summarises `outcome`; `companies` are the run's rows, `index` the outcome's year index.
    public init(outcome: YearOutcome, companies: [CompanyRow], index: Int) {
        year = outcome.year
        all = YearTotals(outcome, group: .all)
        maatwerk = YearTotals(outcome, group: .maatwerk)
        other = YearTotals(outcome, group: .other)
        publicLoad = YearTotals(outcome, group: .public)
        var planned = (all: 0.0, maatwerk: 0.0, other: 0.0, publicLoad: 0.0)
        for company in companies {
            let kt = company.years[index].co2PlannedKt
            planned.all += kt
            switch company.group {
            case .maatwerk: planned.maatwerk += kt
            case .other: planned.other += kt
            case .public: planned.publicLoad += kt
            }
        }
        co2PlannedKt = planned
        let byValue = { (a: AssetOutcome, b: AssetOutcome) in
            (a.shadowValueEURPerMWYear, b.id) > (b.shadowValueEURPerMWYear, a.id)
        }
        gridBottlenecks = outcome.assets.filter { $0.isBottleneck && $0.kind != .supply }.sorted(by: byValue)
        supplyBottlenecks = outcome.assets.filter { $0.isBottleneck && $0.kind == .supply }.sorted(by: byValue)
        let affected = Set(gridBottlenecks.flatMap(\.affectedConsumers))
        let affectedIn = { (group: ConsumerGroup) in companies.filter { affected.contains($0.id) && $0.group == group }.count }
        affectedCompanies = (affectedIn(.maatwerk), affectedIn(.other), affectedIn(.public))
        func worst(_ members: [CompanyRow]) -> WorstOff? {
            var best: WorstOff?
            for company in members {
                guard let share = company.years[index].servedShare, share < 1 - 1e-9 else { continue }
                if best == nil || share < best!.share - 1e-12 { best = WorstOff(name: company.name, share: share) }
            }
            return best
        }
        worstOff = (
            worst(companies), worst(companies.filter { $0.group == .maatwerk }), worst(companies.filter { $0.group == .other }),
            worst(companies.filter { $0.group == .public })
        )
        costEUR = outcome.costEUR
    }
}

/// Everything the renderers need, computed once from a ``ReportInput``.
struct ReportModel {
    let input: ReportInput
    let years: [Int]
    /// Company rows per run (index 0 is the primary run).
    let companies: [[CompanyRow]]
    let summaries: [YearSummary]
    /// The year shown first: the one with the most unserved energy (the earliest on ties).
    let initialYear: Int
    /// Asset names by asset id (links, conversions, supplies), for look-up only.
    let assetNames: [String: String]

    init(_ input: ReportInput) {
        self.input = input
        years = input.years
        let companies = input.runs.map { CompanyTable.rows(dataset: input.dataset, outcomes: $0.outcomes) }
        self.companies = companies
        summaries = input.primary.outcomes.enumerated().map { index, outcome in
            YearSummary(outcome: outcome, companies: companies[0], index: index)
        }
        var initial = years.first ?? 0
        var most = 0.0
        for summary in summaries where summary.all.unservedMWh > most + 1e-6 {
            most = summary.all.unservedMWh
            initial = summary.year
        }
        initialYear = initial
        var names: [String: String] = [:]
        for asset in input.dataset.assets {
            let facts = input.dataset.facts(of: asset)
            names[facts.id] = facts.name
        }
        assetNames = names
    }

    func name(of asset: AssetOutcome) -> String { assetNames[asset.id] ?? asset.id }
    /// The outage under which `asset` binds under N-1, as "name (id)"; `nil` when the intact grid binds.
    func bindingContingency(of asset: AssetOutcome) -> String? {
        asset.bindingContingency.map { id in assetNames[id].map { "\($0) (\(id))" } ?? id }
    }
}
