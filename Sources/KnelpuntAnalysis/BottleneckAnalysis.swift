// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// The network as node indices (built once per year), so the short-side search compares
/// integers, not identifiers.
struct NetworkTopology {
    let linkEnds: [(from: Int, to: Int)]
    let conversionEnds: [(from: Int, to: Int)]
    /// Links and conversions touching each node, in dataset order.
    let nodeLinks: [[Int]]
    let nodeConversions: [[Int]]
    /// Pairs (indices into ``YearView/pairs``) at each node.
    let nodePairs: [[Int]]
    let supplyNode: [Int]

    init(dataset: Dataset, view: YearView) {
        var index: [NodeID: Int] = [:]
        for (n, node) in dataset.nodes.enumerated() { index[node.id] = n }
        let nodeCount = dataset.nodes.count
        linkEnds = dataset.links.map { (index[$0.from] ?? 0, index[$0.to] ?? 0) }
        conversionEnds = dataset.conversions.map { (index[$0.from] ?? 0, index[$0.to] ?? 0) }
        supplyNode = dataset.supplies.map { index[$0.node] ?? 0 }
        var links = [[Int]](repeating: [], count: nodeCount), conversions = links, pairs = links
        for (l, ends) in linkEnds.enumerated() {
            links[ends.from].append(l)
            if ends.to != ends.from { links[ends.to].append(l) }
        }
        for (v, ends) in conversionEnds.enumerated() {
            conversions[ends.from].append(v)
            if ends.to != ends.from { conversions[ends.to].append(v) }
        }
        for (i, pair) in view.pairs.enumerated() { if let n = index[pair.node] { pairs[n].append(i) } }
        nodeLinks = links
        nodeConversions = conversions
        nodePairs = pairs
    }
}

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
        let topology = NetworkTopology(dataset: dataset, view: view)
        for (l, link) in dataset.links.enumerated() {
            guard let columns = model.flowColumn[l] else { continue }
            assets.append(outcome(kind: .link, id: link.id.rawValue, index: l, capacity: view.linkCapacityMW[l], columns: columns,
                                  availability: nil, twoSided: true, topology: topology))
        }
        for (v, conversion) in dataset.conversions.enumerated() {
            guard let columns = model.conversionColumn[v] else { continue }
            assets.append(outcome(kind: .conversion, id: conversion.id.rawValue, index: v, capacity: view.conversionCapacityMW[v],
                                  columns: columns, availability: nil, twoSided: false, topology: topology))
        }
        for (s, supply) in dataset.supplies.enumerated() {
            guard let columns = model.supplyColumn[s] else { continue }
            assets.append(outcome(kind: .supply, id: supply.id.rawValue, index: s, capacity: view.supplyCapacityMW[s],
                                  columns: columns, availability: dataset.profileValues(supply.profile), twoSided: false, topology: topology))
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

    private func outcome(kind: AssetKind, id: String, index: Int, capacity rawCapacity: Double, columns: [Int], availability: [Double]?, twoSided: Bool,
                         topology: NetworkTopology) -> AssetOutcome {
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
                for node in shortSideNodes(kind: kind, index: index, flow: flows[t], timeslice: t, topology: topology) {
                    for i in topology.nodePairs[node] where unservedMW[i][t] > tolerances.powerMW {
                        affected.insert(model.view.pairs[i].key.consumer)
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
    private func shortSideNodes(kind: AssetKind, index: Int, flow: Double, timeslice t: Int, topology: NetworkTopology) -> [Int] {
        let start: Int
        switch kind {
        case .link:
            let ends = topology.linkEnds[index]
            if abs(flow) > tolerances.bindingMW {
                start = flow > 0 ? ends.to : ends.from
            } else {
                start = price(of: ends.to, t) >= price(of: ends.from, t) ? ends.to : ends.from
            }
        case .conversion: start = topology.conversionEnds[index].to
        case .supply: start = topology.supplyNode[index]
        }
        let slack = tolerances.bindingMW
        var reached = [Bool](repeating: false, count: topology.nodeLinks.count)
        reached[start] = true
        var order = [start], frontier = [start]
        func reach(_ node: Int) {
            guard !reached[node] else { return }
            reached[node] = true
            order.append(node)
            frontier.append(node)
        }
        while let node = frontier.popLast() {
            for l in topology.nodeLinks[node] {
                guard !(kind == .link && l == index), let columns = model.flowColumn[l] else { continue }
                let ends = topology.linkEnds[l]
                let capacity = max(0, model.view.linkCapacityMW[l])
                let x = result.columnValues[columns[t]]
                // Pushing from `node` to the other end raises x (node is `from`) or lowers it.
                let canPush = ends.from == node ? x < capacity - slack : x > -capacity + slack
                if canPush { reach(ends.from == node ? ends.to : ends.from) }
            }
            for v in topology.nodeConversions[node] {
                guard !(kind == .conversion && v == index), let columns = model.conversionColumn[v] else { continue }
                let ends = topology.conversionEnds[v]
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
