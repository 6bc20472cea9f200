// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// Capacity use, shadow values and affected consumers of every link, conversion and supply.
///
/// The value of one more MW of an asset in slice t is the magnitude of the reduced cost of its
/// capacity bound (the objective already carries w_t, so it is € per MW for that slice). For a
/// link both bounds (±cap) are capacity; for conversions and supplies only the upper bound is, so
/// only a reduced cost pushing upwards counts (for a minimisation, d < 0). A supply's bound is
/// cap·a(t), so one MW of capacity is worth a(t)·|d| in that slice. Summing over slices gives
/// € per MW per year. Degenerate cases (binding, zero value) are *not* bottlenecks.
struct BottleneckAnalysis {
    let dataset: Dataset
    let model: AllocationModel
    let result: SolveResult
    let linkFlowMW: [[Double]?]
    let unservedMW: [[Double]]
    let tolerances: AnalysisTolerances

    func assets() -> [AssetOutcome] {
        var assets: [AssetOutcome] = []
        let view = model.view
        for (l, link) in dataset.links.enumerated() {
            guard let columns = model.flowColumn[l] else { continue }
            assets.append(outcome(kind: .link, id: link.id.rawValue, index: l, capacity: view.linkCapacityMW[l], columns: columns,
                                  availability: nil, twoSided: true))
        }
        for (v, conversion) in dataset.conversions.enumerated() {
            guard let columns = model.conversionColumn[v] else { continue }
            assets.append(outcome(kind: .conversion, id: conversion.id.rawValue, index: v, capacity: view.conversionCapacityMW[v],
                                  columns: columns, availability: nil, twoSided: false))
        }
        for (s, supply) in dataset.supplies.enumerated() {
            guard let columns = model.supplyColumn[s] else { continue }
            assets.append(outcome(kind: .supply, id: supply.id.rawValue, index: s, capacity: view.supplyCapacityMW[s],
                                  columns: columns, availability: dataset.profileValues(supply.profile), twoSided: false))
        }
        return assets
    }

    /// Σ_t value of one more MW of each existing asset's capacity (links, conversions, supplies in
    /// dataset order), for any stage objective: the units are those of the objective per MW.
    static func capacityValues(dataset: Dataset, model: AllocationModel, result: SolveResult) -> [(id: String, value: Double)] {
        let analysis = BottleneckAnalysis(dataset: dataset, model: model, result: result, linkFlowMW: [], unservedMW: [], tolerances: AnalysisTolerances())
        var values: [(id: String, value: Double)] = []
        for (l, link) in dataset.links.enumerated() {
            guard let columns = model.flowColumn[l] else { continue }
            values.append((link.id.rawValue, analysis.sliceValues(columns: columns, availability: nil, twoSided: true).reduce(0, +)))
        }
        for (v, conversion) in dataset.conversions.enumerated() {
            guard let columns = model.conversionColumn[v] else { continue }
            values.append((conversion.id.rawValue, analysis.sliceValues(columns: columns, availability: nil, twoSided: false).reduce(0, +)))
        }
        for (s, supply) in dataset.supplies.enumerated() {
            guard let columns = model.supplyColumn[s] else { continue }
            let availability = dataset.profileValues(supply.profile)
            values.append((supply.id.rawValue, analysis.sliceValues(columns: columns, availability: availability, twoSided: false).reduce(0, +)))
        }
        return values
    }

    /// Value per MW of capacity in each slice (€ per MW for that slice).
    private func sliceValues(columns: [Int], availability: [Double]?, twoSided: Bool) -> [Double] {
        let sign: Double = model.lp.sense == .minimize ? 1 : -1
        return columns.indices.map { t in
            let d = result.columnReducedCosts[columns[t]] * sign
            let perBoundUnit = twoSided ? abs(d) : max(0, -d)
            return perBoundUnit * (availability?[t] ?? 1)
        }
    }

    private func outcome(kind: AssetKind, id: String, index: Int, capacity rawCapacity: Double, columns: [Int], availability: [Double]?, twoSided: Bool) -> AssetOutcome {
        let capacity = max(0, rawCapacity)
        let flows = columns.map { result.columnValues[$0] }
        let weights = model.weightsHours
        let values = sliceValues(columns: columns, availability: availability, twoSided: twoSided)
        var peak = 0.0, congested = 0.0
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
        let isBottleneck = shadow > tolerances.shadowValueEURPerMWYear
        var validUpTo: Double?
        if isBottleneck, let worst = values.indices.max(by: { values[$0] < values[$1] }),
           let range = result.columnRanges[columns[worst]], !range.isBasic {
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
                    for (i, pair) in model.view.pairs.enumerated() where pair.node == node && unservedMW[i][t] > tolerances.powerMW {
                        affected.insert(pair.key.consumer)
                    }
                }
            }
        }
        return AssetOutcome(
            kind: kind, id: id, index: index, capacityMW: capacity, peakFlowMW: peak,
            utilisation: capacity > 0 ? peak / capacity : nil, congestedHours: congested,
            shadowValueEURPerMWYear: shadow, validUpToMW: validUpTo, isBottleneck: isBottleneck,
            affectedConsumers: affected.sorted(), flowMW: flows)
    }

    /// Nodes on the short side of an asset in slice t: the receiving end (for a link, the `to`
    /// node when flow runs from → to, else `from`; when the flow is zero, the end with the higher
    /// price), extended to every node that one more MW arriving there could be passed on to: along
    /// a link whose flow can still grow in that direction, forward through a conversion that is
    /// not full, and backward through a conversion that is running (more hydrogen lets it take
    /// less electricity). The asset itself is not traversed.
    private func shortSideNodes(kind: AssetKind, index: Int, flow: Double, timeslice t: Int) -> Set<NodeID> {
        let start: NodeID
        switch kind {
        case .link:
            let link = dataset.links[index]
            if abs(flow) > tolerances.bindingMW {
                start = flow > 0 ? link.to : link.from
            } else {
                start = price(of: link.to, t) >= price(of: link.from, t) ? link.to : link.from
            }
        case .conversion: start = dataset.conversions[index].to
        case .supply: start = dataset.supplies[index].node
        }
        let slack = tolerances.bindingMW
        var reached: Set<NodeID> = [start]
        var frontier = [start]
        while let node = frontier.popLast() {
            for (l, link) in dataset.links.enumerated() where link.from == node || link.to == node {
                guard !(kind == .link && l == index), let columns = model.flowColumn[l] else { continue }
                let capacity = max(0, model.view.linkCapacityMW[l])
                let x = result.columnValues[columns[t]]
                // Pushing from `node` to the other end raises x (node is `from`) or lowers it.
                let canPush = link.from == node ? x < capacity - slack : x > -capacity + slack
                let other = link.from == node ? link.to : link.from
                if canPush, reached.insert(other).inserted { frontier.append(other) }
            }
            for (v, conversion) in dataset.conversions.enumerated() where conversion.from == node || conversion.to == node {
                guard !(kind == .conversion && v == index), let columns = model.conversionColumn[v] else { continue }
                let p = result.columnValues[columns[t]]
                let canPush = conversion.from == node ? p < max(0, model.view.conversionCapacityMW[v]) - slack : p > slack
                let other = conversion.from == node ? conversion.to : conversion.from
                if canPush, reached.insert(other).inserted { frontier.append(other) }
            }
        }
        return reached
    }

    private func price(of node: NodeID, _ t: Int) -> Double {
        guard let n = dataset.nodes.firstIndex(where: { $0.id == node }) else { return 0 }
        return result.rowDuals[model.balanceRow[n][t]]
    }
}
