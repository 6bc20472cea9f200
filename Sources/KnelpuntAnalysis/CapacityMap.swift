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
    /// A timeslice in which the offtake's flat MW is the most the slice allows on its own (the
    /// slice that limits it; ``CapacityProbeSlices``); `nil` when the probe was solved as one LP.
    public var offtakeLimitingTimeslice: Int? = nil
    /// The same for the infeed.
    public var infeedLimitingTimeslice: Int? = nil
}

/// How the capacity map's probes are solved (both exact; the monolithic one is kept so that
/// tests can compare the two).
public enum CapacityMapMethod: String, Sendable, Hashable, CaseIterable {
    /// By timeslice (``CapacityProbeSlices``), each probe whose bound the slices cannot certify
    /// solved as one LP.
    case sliced
    /// Every probe as one LP of the whole year, warm-started.
    case monolithic
}

/// A year's capacity map with what it took.
struct CapacityMapRun {
    var map: [NodeCapacity]
    /// LP solves (slice LPs included) and their solver seconds.
    var solves = 0
    var seconds = 0.0
    /// Probes whose value the slices certified, and probes solved as one LP of the whole year.
    var certifiedProbes = 0
    var monolithicProbes = 0
    /// Probes proven by an earlier probe's duals and a decomposed feasible point
    /// (``SharedDualCertificate``).
    var sharedDualProbes = 0
    /// Probes solved as one LP of the whole year by timeslice, the probe split into one copy
    /// per slice (``PolicyEngine/splitProbe(_:node:_:run:)``).
    var splitProbes = 0
}

/// ``LPSession`` for a solver without sessions of its own: every solve is a fresh solve.
final class StatelessSession: LPSession {
    let solver: any LPSolver
    init(_ solver: any LPSolver) { self.solver = solver }
    func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult { try solver.solve(lp, options: options) }
}

extension PolicyEngine {
    /// The capacity map of the year after the rule's last stage: for every node and direction
    /// the exact optimum of the probe LP (``AllocationModel/setCapacityProbeObjective(node:_:)``).
    ///
    /// The probe model is the year's model built afresh with the rule families, every grant
    /// fixed at `grantsMW` (as the final stage held them), each firm pair's unserved power held
    /// at most where stage 0 left it (`firmUnservedMW`, as the stages hold it), and the
    /// post-contingency rows the stages found; nothing else of the stages carries over (e.g. the
    /// `cost` rule's restriction to its optimal face, which would pin the supplies an infeed
    /// needs to back off). The engine itself is not changed.
    ///
    /// ``CapacityMapMethod/sliced`` first solves every probe by timeslice
    /// (``CapacityProbeSlices``, from the final stage's solution x⁰); a probe the slices cannot
    /// certify, and every probe with ``CapacityMapMethod/monolithic``, is one LP of the whole
    /// year run through ``run(_:sensitivity:decompose:)`` (lazy N-1 loop and certificate
    /// included) from the final stage's basis (mapped by key). Post-contingency rows a probe adds
    /// are kept for the next probes (they hold in the full LP anyway).
    func capacityMap(
        grantsMW: [Double], firmUnservedMW: [[Double]], zeroMW: Double, method: CapacityMapMethod = .sliced,
        thresholds: CapacityColourThresholds = CapacityColourThresholds()
    ) throws(AnalysisError) -> CapacityMapRun {
        var probeModel = AllocationModel.build(dataset: dataset, view: model.view)
        probeModel.addAllocationRuleFamilies()
        _ = probeModel.addContingencyRows(pairs: model.contingencyPairs, dataset: dataset)
        probeModel.setFillRows(active: [], floorLowerBound: 0)
        probeModel.fixGrants(atMW: grantsMW)
        probeModel.holdFirmUnserved(atMostMW: firmUnservedMW, zeroMW: zeroMW)
        probeModel.addCapacityProbeFamily(dataset: dataset)
        let probes = dataset.nodes.indices.flatMap { n in CapacityProbeDirection.allCases.map { (node: n, direction: $0) } }
        var run = CapacityMapRun(map: [])
        var certified = [(mw: Double, limitingTimeslice: Int)?](repeating: nil, count: probes.count)
        if method == .sliced, let final = lastResult, final.columnValues.count == model.columnCount {
            let position = Dictionary(model.columnKeys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            let reference = probeModel.columnKeys.map { key in position[key].map { final.columnValues[$0] } ?? 0 }
            var slices = CapacityProbeSlices(model: probeModel, reference: reference)
            let session = solver.makeSession() ?? StatelessSession(solver)
            var options = baseOptions
            options.sensitivity = SensitivityRequest()
            var bounds = [[CapacityProbeSlices.SliceBound?]](repeating: [], count: probes.count)
            for t in 0..<probeModel.timesliceCount {
                do {
                    let swept = try slices.sweep(
                        timeslice: t, probes: probes, session: session, options: options, certificate: certificate,
                        contingencyToleranceMW: contingencyToleranceMW)
                    for p in probes.indices { bounds[p].append(swept.bounds[p]) }
                    run.solves += swept.solves
                    run.seconds += swept.seconds
                } catch {
                    throw .solver(year: year, stage: "capacity map: the probes in timeslice \(t)", error: error)
                }
            }
            let tolerance = certificate ?? FeasibilityTolerance()
            for (p, probe) in probes.enumerated() {
                guard case .feasible(let mw, let t) = slices.answer(bounds[p], tolerance: tolerance) else { continue }
                let maximum: Double?
                do {
                    maximum = try slices.maximum(
                        timeslice: t, probe: probe, session: session, options: options, certificate: certificate,
                        contingencyToleranceMW: contingencyToleranceMW, solves: &run.solves, seconds: &run.seconds)
                } catch {
                    throw .solver(year: year, stage: "capacity map: the probe's bound in timeslice \(t)", error: error)
                }
                if let maximum, maximum <= mw + tolerance.absolute + tolerance.relative * mw { certified[p] = (mw, t) }
            }
            probeModel.addContingencyRows(pairs: slices.pairs, dataset: dataset)
        }
        var values: [Double] = []
        var limiting: [Int?] = []
        var earlier: [SharedDualCertificate] = []
        for (p, probe) in probes.enumerated() {
            if let (mw, t) = certified[p] {
                values.append(mw)
                limiting.append(t)
                run.certifiedProbes += 1
                continue
            }
            limiting.append(nil)
            if method == .sliced, let value = try sharedDualProbe(&probeModel, node: probe.node, probe.direction, certificates: earlier, run: &run) {
                values.append(value)
                run.sharedDualProbes += 1
                continue
            }
            if method == .sliced, let solved = try splitProbe(&probeModel, node: probe.node, probe.direction, run: &run) {
                values.append(solved.mw)
                if let duals = solved.rowDuals { earlier.append(SharedDualCertificate(mw: solved.mw, rowDuals: duals)) }
                run.splitProbes += 1
                continue
            }
            let solved = try monolithicProbe(&probeModel, node: probe.node, probe.direction, run: &run)
            values.append(solved.mw)
            if let duals = solved.rowDuals { earlier.append(SharedDualCertificate(mw: solved.mw, rowDuals: duals)) }
            run.monolithicProbes += 1
        }
        for (n, node) in dataset.nodes.enumerated() {
            let (offtake, infeed) = (values[2 * n], values[2 * n + 1])
            run.map.append(
                NodeCapacity(
                    node: node.id, carrier: node.carrier, availableOfftakeMW: offtake, availableInfeedMW: infeed,
                    offtakeColour: thresholds.colour(availableMW: offtake), infeedColour: thresholds.colour(availableMW: infeed),
                    offtakeLimitingTimeslice: limiting[2 * n], infeedLimitingTimeslice: limiting[2 * n + 1]))
        }
        return run
    }

    /// An engine on `probeModel` for one probe's LP, with this engine's solver, tolerances,
    /// certificate and decomposition settings, starting from `start`.
    func probeEngine(_ probeModel: AllocationModel, start: WarmStart?, options: SolveOptions) -> PolicyEngine {
        var probe = PolicyEngine(
            model: probeModel, solver: solver, options: options, fairness: fairness, dataset: dataset, start: start,
            decomposition: decomposition)
        probe.certificate = certificate
        probe.contingencyToleranceMW = contingencyToleranceMW
        return probe
    }

    /// Solves `engine`'s LP by timeslice (no retry after an infeasible answer) and adds its
    /// solves and seconds to `run`, also when it throws.
    static func runCounted(_ engine: inout PolicyEngine, _ stage: String, run: inout CapacityMapRun) throws(AnalysisError) -> SolveResult {
        defer {
            run.solves += engine.solves
            run.seconds += engine.seconds
        }
        return try engine.run(stage, decompose: true, retryInfeasible: false)
    }

    /// One probe as one LP of the whole year solved by timeslice: the probe column y gets one
    /// copy y_t per slice, tied to it by the coupling rows y_t − y = 0 (``LinkingColumnSplit``),
    /// so the LP is in block form and the energy budgets that couple the slices are shared out by
    /// the decomposition's master (exact; see ``DantzigWolfeSolver``). The result is certified on
    /// the probe LP itself (``PolicyEngine/splitYearlyColumns``), with the lazy N-1 loop, from
    /// the final stage's basis. Returns the optimum and its row duals as
    /// ``monolithicProbe(_:node:_:run:)`` does, or `nil` when anything fails (the caller then
    /// solves the probe monolithically).
    func splitProbe(
        _ probeModel: inout AllocationModel, node n: Int, _ direction: CapacityProbeDirection, run: inout CapacityMapRun
    ) throws(AnalysisError) -> (mw: Double, rowDuals: [Double]?)? {
        var probe = probeEngine(probeModel, start: basis.map { WarmStart(model: model, basis: $0) }, options: baseOptions)
        probe.splitYearlyColumns = true
        probe.model.setCapacityProbeObjective(node: n, direction)
        let stage = "capacity map: largest flat \(direction.rawValue) at \(dataset.nodes[n].id) (by timeslice)"
        guard let result = try? Self.runCounted(&probe, stage, run: &run) else { return nil }
        probeModel = probe.model
        let mw = max(0, result.objectiveValue ?? 0)
        let duals = mw > 0 && result.dualStatus == .feasiblePoint && result.rowDuals.count == probe.model.rowCount ? result.rowDuals : nil
        return (mw, duals)
    }

    /// One probe as one LP of the whole year (see ``capacityMap(grantsMW:firmUnservedMW:zeroMW:method:thresholds:)``):
    /// its optimum, MW (≥ 0), and its optimal row duals when the optimum is positive (for
    /// ``sharedDualProbe(_:node:_:certificates:run:)``). The rows its lazy N-1 loop adds stay in
    /// `probeModel`.
    private func monolithicProbe(
        _ probeModel: inout AllocationModel, node n: Int, _ direction: CapacityProbeDirection, run: inout CapacityMapRun
    ) throws(AnalysisError) -> (mw: Double, rowDuals: [Double]?) {
        let stage = "capacity map: largest flat \(direction.rawValue) at \(dataset.nodes[n].id)"
        let start = basis.map { WarmStart(model: model, basis: $0) }
        var options = baseOptions
        // The final basis stays primal feasible with a probe opened at 0: the primal simplex
        // continues from it.
        if options.method != .interior { options.method = .primal }
        func solveProbe(from start: WarmStart?, options: SolveOptions) throws(AnalysisError) -> (PolicyEngine, SolveResult) {
            var probe = probeEngine(probeModel, start: start, options: options)
            probe.model.setCapacityProbeObjective(node: n, direction)
            let result = try probe.run(stage, decompose: false)
            return (probe, result)
        }
        var probe: PolicyEngine
        var result: SolveResult
        do {
            (probe, result) = try solveProbe(from: start, options: options)
        } catch {
            // As for the stages (``AllocationPolicy/allocate``): numerical trouble or a failed
            // certificate after a warm start gets one solve from scratch.
            switch error {
            case .numericalTrouble, .certificateFailed: break
            default: throw error
            }
            (probe, result) = try solveProbe(from: nil, options: baseOptions)
        }
        run.solves += probe.solves
        run.seconds += probe.seconds
        probeModel = probe.model
        let mw = max(0, result.objectiveValue ?? 0)
        let duals = mw > 0 && result.dualStatus == .feasiblePoint && result.rowDuals.count == probe.model.rowCount ? result.rowDuals : nil
        return (mw, duals)
    }
}
