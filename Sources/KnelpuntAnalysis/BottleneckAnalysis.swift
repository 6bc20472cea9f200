// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// Capacity use, shadow values and affected consumers of every link, conversion and supply.
///
/// The value of one more MW of an asset in slice t is the marginal value of its capacity bound
/// (``SolveResult/marginalValue(ofColumn:side:)``; the objective already carries w_t, so it is €
/// per MW for that slice). For a link both bounds (±cap) are capacity, so both sides count; for
/// conversions and supplies only the upper side is. A supply's bound is cap·a(t), so one MW of
/// capacity is worth a(t) times the bound's value in that slice. Summing over slices gives € per
/// MW per year. Degenerate cases (binding, zero value) are *not* bottlenecks. Under N-1 a link's
/// value also counts its post-contingency rows (its emergency rating grows with its capacity).
struct BottleneckAnalysis {
    let dataset: Dataset
    let model: AllocationModel
    let result: SolveResult
    let unservedMW: [[Double]]
    let tolerances: AnalysisTolerances

    /// One existing asset with its capacity columns (one per slice).
    struct CapacityAsset {
        let asset: AssetReference
        let columns: [Int]
        /// a_s(t) for a supply, `nil` (all 1) otherwise.
        let availability: [Double]?
        var twoSided: Bool { asset.kind == .link }
    }

    /// Whether `asset` is part of this year's network: every conversion and supply in the model,
    /// and a link only when ``YearView/isInService(_:)``. A link not in service (capacity 0: not
    /// yet built, retired or cancelled) is never a bottleneck nor a blocking asset: the value of
    /// building it is a question for `relief` or a scenario.
    static func isInService(_ asset: AssetReference, model: AllocationModel) -> Bool {
        asset.kind != .link || model.view.isInService(asset.index)
    }

    /// The assets in the model, links, conversions, supplies, each in dataset order.
    static func capacityAssets(dataset: Dataset, model: AllocationModel) -> [CapacityAsset] {
        dataset.assets.compactMap { asset in
            model.capacityColumns(of: asset).map { columns in
                CapacityAsset(
                    asset: asset, columns: columns,
                    availability: asset.kind == .supply ? model.network.supplyAvailability[asset.index] : nil)
            }
        }
    }

    func assets() -> [AssetOutcome] {
        Self.capacityAssets(dataset: dataset, model: model).map(outcome)
    }

    /// The in-service capacity whose extra MW would help `result`'s objective most (largest
    /// Σ_t marginal value, above 1e-9; ties: the first in dataset order), with, for a link, the
    /// outage under which it binds (``bindingContingency(link:columns:)``); `nil` when no
    /// capacity binds.
    static func blockingCapacity(dataset: Dataset, model: AllocationModel, result: SolveResult) -> (asset: String, contingency: String?)? {
        let analysis = BottleneckAnalysis(dataset: dataset, model: model, result: result, unservedMW: [], tolerances: AnalysisTolerances())
        var best: (capacity: CapacityAsset, value: Double)?
        for capacity in capacityAssets(dataset: dataset, model: model) where isInService(capacity.asset, model: model) {
            let value = analysis.sliceValues(capacity).reduce(0, +)
            if value > 1e-9, best.map({ value > $0.value }) ?? true { best = (capacity, value) }
        }
        guard let best else { return nil }
        let contingency =
            best.capacity.asset.kind == .link ? analysis.bindingContingency(link: best.capacity.asset.index, columns: best.capacity.columns) : nil
        return (dataset.id(of: best.capacity.asset), contingency)
    }

    /// Every in-service capacity with a marginal value above 1e-9 in `result`'s objective units
    /// per MW of capacity (Σ_t marginal value of its bound in slice t, as
    /// ``blockingCapacity(dataset:model:result:)`` ranks them), largest first (ties: dataset
    /// order), each with the outage under which a link binds.
    static func capacityValues(dataset: Dataset, model: AllocationModel, result: SolveResult)
        -> [(asset: AssetReference, valuePerMW: Double, contingency: String?)]
    {
        let analysis = BottleneckAnalysis(dataset: dataset, model: model, result: result, unservedMW: [], tolerances: AnalysisTolerances())
        var values: [(asset: AssetReference, valuePerMW: Double, contingency: String?)] = []
        for capacity in capacityAssets(dataset: dataset, model: model) where isInService(capacity.asset, model: model) {
            let value = analysis.sliceValues(capacity).reduce(0, +)
            guard value > 1e-9 else { continue }
            let contingency =
                capacity.asset.kind == .link ? analysis.bindingContingency(link: capacity.asset.index, columns: capacity.columns) : nil
            values.append((capacity.asset, value, contingency))
        }
        return values.enumerated().sorted { ($1.element.valuePerMW, $0.offset) < ($0.element.valuePerMW, $1.offset) }.map(\.element)
    }

    /// Value per MW of capacity in each slice (objective units per MW for that slice).
    private func sliceValues(_ capacity: CapacityAsset) -> [Double] {
        let contingencyRows = capacity.asset.kind == .link ? postContingencyRows(link: capacity.asset.index) : [:]
        return capacity.columns.indices.map { t in
            let column = capacity.columns[t]
            var perBoundUnit = result.marginalValue(ofColumn: column, side: .upper) ?? 0
            if capacity.twoSided { perBoundUnit += result.marginalValue(ofColumn: column, side: .lower) ?? 0 }
            for row in contingencyRows[t] ?? [] {
                perBoundUnit += (result.marginalValue(ofRow: row, side: .upper) ?? 0) + (result.marginalValue(ofRow: row, side: .lower) ?? 0)
            }
            return perBoundUnit * (capacity.availability?[t] ?? 1)
        }
    }

    /// The N-1 rows that monitor link l, by slice. Their sides ±E_l count towards l's capacity
    /// value: E_l rises with the capacity MW for MW (docs/model.md, "Power flow and N-1").
    private func postContingencyRows(link l: Int) -> [Int: [Int]] {
        var rows: [Int: [Int]] = [:]
        for pair in model.contingencyPairs where pair.monitored == l {
            if let row = model.contingencyRow[pair] { rows[pair.timeslice, default: []].append(row) }
        }
        return rows
    }

    private func outcome(_ asset: CapacityAsset) -> AssetOutcome {
        let columns = asset.columns
        let availability = asset.availability
        let twoSided = asset.twoSided
        let kind = asset.asset.kind
        let index = asset.asset.index
        let capacity = max(0, model.view.capacityMW(of: asset.asset))
        let flows = columns.map { result.columnValues[$0] }
        let weights = model.weightsHours
        let values = sliceValues(asset)
        var peak = 0.0
        var congested = 0.0
        var atCapacity = [Bool](repeating: false, count: columns.count)
        for t in columns.indices {
            let magnitude = abs(flows[t])
            peak = max(peak, magnitude)
            let bound = capacity * (availability?[t] ?? 1)
            if capacity > 0, bound > 0, magnitude >= bound - tolerances.bindingMW {
                atCapacity[t] = true
                congested += weights[t]
            }
        }
        let shadow = values.reduce(0, +)
        let inService = Self.isInService(asset.asset, model: model)
        let isBottleneck = inService && shadow > tolerances.shadowValueEURPerMWYear
        var validUpTo: Double?
        if isBottleneck, let worst = values.indices.max(by: { values[$0] < values[$1] }),
            let range = result.columnRanges[columns[worst]], !range.isBasic
        {
            let a = availability?[worst] ?? 1
            let growth: Double
            if twoSided, flows[worst] < 0 {
                growth = range.current - range.lowerLimit
            } else {
                growth = range.upperLimit - range.current
            }
            validUpTo = growth.isFinite && a > 0 ? max(0, growth / a) : nil
        }
        var affected = Set<ConsumerID>()
        if isBottleneck {
            for t in columns.indices where values[t] > tolerances.shadowValueEURPerMWYear / Double(max(1, columns.count)) {
                for node in shortSideNodes(kind: kind, index: index, flow: flows[t], timeslice: t) {
                    for i in model.network.pairsAtNode[node] where unservedMW[i][t] > tolerances.powerMW {
                        affected.insert(model.view.pairs[i].key.consumer)
                    }
                }
            }
        }
        var outcome = AssetOutcome(
            kind: kind, id: dataset.id(of: asset.asset), index: index, capacityMW: capacity, peakFlowMW: peak,
            utilisation: capacity > 0 ? peak / capacity : nil, congestedHours: congested,
            shadowValueEURPerMWYear: shadow, validUpToMW: validUpTo, isBottleneck: isBottleneck,
            affectedConsumers: affected.sorted(), flowMW: flows, isInService: inService)
        if isBottleneck, kind == .link { outcome.bindingContingency = bindingContingency(link: index, columns: columns) }
        return outcome
    }

    /// The outage whose N-1 rows on link l are worth more (Σ_t marginal values) than l's own
    /// capacity bounds, the most valuable one (ties: the first link in file order), else `nil`.
    func bindingContingency(link l: Int, columns: [Int]) -> String? {
        var intact = 0.0
        for column in columns {
            intact += (result.marginalValue(ofColumn: column, side: .upper) ?? 0) + (result.marginalValue(ofColumn: column, side: .lower) ?? 0)
        }
        var byOutage: [Int: Double] = [:]
        for pair in model.contingencyPairs where pair.monitored == l {
            guard let row = model.contingencyRow[pair] else { continue }
            byOutage[pair.outage, default: 0] +=
                (result.marginalValue(ofRow: row, side: .upper) ?? 0) + (result.marginalValue(ofRow: row, side: .lower) ?? 0)
        }
        let best = byOutage.filter { $0.value > intact }.max { ($0.value, $1.key) < ($1.value, $0.key) }
        return best.map { dataset.links[$0.key].id.rawValue }
    }

    /// Nodes on the short side of an asset in slice t: the receiving end (for a link, the `to`
    /// node when flow runs from → to, else `from`; when the flow is zero, the end with the higher
    /// price), extended to every node that one more MW arriving there could be passed on to: along
    /// a link whose flow can still grow in that direction, forward through a conversion that is
    /// not full, and backward through a conversion that is running (more hydrogen lets it take
    /// less electricity). The asset itself is not traversed.
    private func shortSideNodes(kind: AssetKind, index: Int, flow: Double, timeslice t: Int) -> [Int] {
        let network = model.network
        let start: Int
        switch kind {
        case .link:
            guard let ends = network.linkEnds[index] else { return [] }
            if abs(flow) > tolerances.bindingMW {
                start = flow > 0 ? ends.to : ends.from
            } else {
                start = price(of: ends.to, t) >= price(of: ends.from, t) ? ends.to : ends.from
            }
        case .conversion:
            guard let ends = network.conversionEnds[index] else { return [] }
            start = ends.to
        case .supply:
            guard let node = network.supplyNode[index] else { return [] }
            start = node
        }
        let slack = tolerances.bindingMW
        var reached = [Bool](repeating: false, count: network.nodeLinks.count)
        reached[start] = true
        var order = [start]
        var frontier = [start]
        func reach(_ node: Int) {
            guard !reached[node] else { return }
            reached[node] = true
            order.append(node)
            frontier.append(node)
        }
        while let node = frontier.popLast() {
            for l in network.nodeLinks[node] {
                guard !(kind == .link && l == index), let columns = model.flowColumn[l], let ends = network.linkEnds[l] else { continue }
                let capacity = max(0, model.view.linkCapacityMW[l])
                let x = result.columnValues[columns[t]]
                // Pushing from `node` to the other end raises x (node is `from`) or lowers it.
                let canPush = ends.from == node ? x < capacity - slack : x > -capacity + slack
                if canPush { reach(ends.from == node ? ends.to : ends.from) }
            }
            for v in network.nodeConversions[node] {
                guard !(kind == .conversion && v == index), let columns = model.conversionColumn[v], let ends = network.conversionEnds[v] else {
                    continue
                }
                let p = result.columnValues[columns[t]]
                let canPush = ends.from == node ? p < max(0, model.view.conversionCapacityMW[v]) - slack : p > slack
                if canPush { reach(ends.from == node ? ends.to : ends.from) }
            }
        }
        return order
    }

    private func price(of node: Int, _ t: Int) -> Double {
        result.rowDuals[model.balanceRow[node][t]]
    }
}
