// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// The colour class of a node on the capacity map, named as on the public capacity map of
/// Netbeheer Nederland and TenneT (capaciteitskaart). That map's classes are qualitative (red:
/// structural congestion, no new transport; orange: only with congestion management; yellow:
/// scarce soon; no colour: available) and publish no MW thresholds, so Knelpunt classes the
/// available MW by ``CapacityColourThresholds`` (docs/model.md, "Capacity map").
public enum CapacityColour: String, Sendable, Hashable, CaseIterable {
    case red
    case orange
    case yellow
    /// Capacity available (the public map leaves such areas uncoloured).
    case green
}

/// The MW thresholds of the colour classes (Knelpunt's own; see ``CapacityColour``): red below
/// ``redBelowMW``, orange below ``orangeBelowMW``, yellow below ``yellowBelowMW``, green from
/// there on.
public struct CapacityColourThresholds: Sendable, Hashable {
    /// Below this the node counts as full (round-off of the probe LP included), MW.
    public var redBelowMW: Double = 1
    /// Room for a small connection only, MW.
    public var orangeBelowMW: Double = 10
    /// Room for one mid-sized industrial connection, not a large one, MW.
    public var yellowBelowMW: Double = 100
    public init() {}

    /// The class of `availableMW` as written in capacity-map.csv (rounded to 1 kW), so that LP
    /// round-off just below a threshold does not change the class the CSV implies.
    public func colour(availableMW: Double) -> CapacityColour {
        let availableMW = (availableMW * 1000).rounded() / 1000
        if availableMW < redBelowMW { return .red }
        if availableMW < orangeBelowMW { return .orange }
        if availableMW < yellowBelowMW { return .yellow }
        return .green
    }
}

/// What is still available at one node after the queue's grants, in one year.
public struct NodeCapacity: Sendable, Hashable {
    public var node: NodeID
    public var carrier: Carrier
    /// The largest flat firm offtake (same MW in every timeslice) that could still be granted
    /// at the node, MW.
    public var availableOfftakeMW: Double
    /// The largest flat firm infeed that could still be connected at the node, MW.
    public var availableInfeedMW: Double
    /// Colour class of the offtake (the request queue's layer).
    public var offtakeColour: CapacityColour
    /// Colour class of the infeed layer.
    public var infeedColour: CapacityColour
}

extension PolicyEngine {
    /// The capacity map of the year after the rule's last stage: for every node, one exact LP
    /// per direction (``AllocationModel/setCapacityProbeObjective(node:_:)``), each run through
    /// ``run(_:sensitivity:decompose:)`` (lazy N-1 loop and certificate included).
    ///
    /// The probe model is the year's model built afresh with the rule families, every grant
    /// fixed at `grantsMW` (as the final stage held them), each firm pair's unserved power held
    /// at most where stage 0 left it (`firmUnservedMW`, as the stages hold it), and the post-contingency rows the stages found; nothing else of
    /// the stages carries over (e.g. the `cost` rule's restriction to its optimal face, which
    /// would pin the supplies an infeed needs to back off). Each probe starts from the final
    /// stage's basis (mapped by key). Post-contingency rows a probe adds are kept for the next
    /// probes (they hold in the full LP anyway). The engine itself is not changed.
    func capacityMap(
        grantsMW: [Double], firmUnservedMW: [[Double]], zeroMW: Double,
        thresholds: CapacityColourThresholds = CapacityColourThresholds()
    ) throws(AnalysisError) -> (map: [NodeCapacity], solves: Int, seconds: Double) {
        var probeModel = AllocationModel.build(dataset: dataset, view: model.view)
        probeModel.addAllocationRuleFamilies()
        _ = probeModel.addContingencyRows(pairs: model.contingencyPairs, dataset: dataset)
        probeModel.setFillRows(active: [], floorLowerBound: 0)
        probeModel.fixGrants(atMW: grantsMW)
        probeModel.holdFirmUnserved(atMostMW: firmUnservedMW, zeroMW: zeroMW)
        probeModel.addCapacityProbeFamily(dataset: dataset)
        let start = basis.map { WarmStart(model: model, basis: $0) }
        var options = baseOptions
        // The final basis stays primal feasible with a probe opened at 0: the primal simplex
        // continues from it.
        if options.method != .interior { options.method = .primal }
        var solves = 0
        var seconds = 0.0
        var map: [NodeCapacity] = []
        for (n, node) in dataset.nodes.enumerated() {
            var available: [Double] = []
            for direction in CapacityProbeDirection.allCases {
                let stage = "capacity map: largest flat \(direction.rawValue) at \(node.id)"
                func solveProbe(from start: WarmStart?, options: SolveOptions) throws(AnalysisError) -> (PolicyEngine, SolveResult) {
                    var probe = PolicyEngine(
                        model: probeModel, solver: solver, options: options, fairness: fairness, dataset: dataset, start: start,
                        decomposition: decomposition)
                    probe.certificate = certificate
                    probe.contingencyToleranceMW = contingencyToleranceMW
                    probe.model.setCapacityProbeObjective(node: n, direction)
                    let result = try probe.run(stage, decompose: false)
                    return (probe, result)
                }
                var probe: PolicyEngine
                var result: SolveResult
                do {
                    (probe, result) = try solveProbe(from: start, options: options)
                } catch {
                    // As for the stages (``AllocationPolicy/allocate``): numerical trouble or a
                    // failed certificate after a warm start gets one solve from scratch.
                    switch error {
                    case .numericalTrouble, .certificateFailed: break
                    default: throw error
                    }
                    (probe, result) = try solveProbe(from: nil, options: baseOptions)
                }
                available.append(max(0, result.objectiveValue ?? 0))
                solves += probe.solves
                seconds += probe.seconds
                probeModel = probe.model
            }
            map.append(
                NodeCapacity(
                    node: node.id, carrier: node.carrier, availableOfftakeMW: available[0], availableInfeedMW: available[1],
                    offtakeColour: thresholds.colour(availableMW: available[0]), infeedColour: thresholds.colour(availableMW: available[1])))
        }
        return (map, solves, seconds)
    }
}
