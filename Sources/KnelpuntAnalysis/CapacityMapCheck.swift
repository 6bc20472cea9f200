// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// Re-checks a reported capacity map with check LPs on a freshly built model (the probes' own
/// LPs are not reused): every grant fixed at its reported MW, firm unserved energy held at the
/// reported total, and for every node and direction with reported available MW v:
///
/// - v is finite and ≥ 0, and the map has one entry per node of nodes.csv with its carrier;
/// - feasible: the flat request of v − ε MW at the node (every other probe at 0) is feasible
///   with the reported allocation — physics and N-1 included (lazy loop), so the MW reported
///   can really still be granted. Proven by an optimum of the whole year's LP with the probe
///   fixed there (least cost, any optimum is a feasible point), solved by timeslice
///   decomposition (``DantzigWolfeSolver``: exact, with its own independent check and the
///   monolithic LP as its fallback) and certified like every stage;
/// - maximal: v + δ MW is infeasible, so no more could be granted. Proven in the slice the map
///   names as limiting (``NodeCapacity/offtakeLimitingTimeslice``, only a hint): when that
///   slice alone, with every N-1 row it violates, allows at most y_t < v + δ (its own certified
///   optimum of max y; ``CapacityProbeSlices``), the whole LP — which holds that slice's rows
///   and more — is infeasible at v + δ. Without a hint, or when that slice allows v + δ, the
///   probe LP of the whole year (max y, monolithic, certified) is solved and its optimum must
///   be below v + δ.
///
/// ε = ``AnalysisTolerances/verifierAbsolute`` + ``AnalysisTolerances/verifierRelative``·v;
/// δ = ``maximalityMarginMW`` + 1e-6·v + 2 × the simplex's primal feasibility tolerance × the
/// largest finite row bound: well below a MW, and above the round-off of the LPs on both sides
/// (the simplex meets each row within its tolerance relative to the row's size, so a probe
/// limited by a GW-sized balance or N-1 row can differ by that much between the map's LP and
/// this check's; on `nl` 2030, 2 × 1e-7 × the largest row bound is a few kW, more than 1e-3 +
/// 1e-6·v for a probe of 1,136 MW, which the check then called feasible at v + δ). The same
/// margin as ``RuleOrderCheck``'s for a grant.
enum CapacityMapCheck {
    static let maximalityMarginMW = 1e-3

    static func violations(_ outcome: YearOutcome, dataset: Dataset, solver: any LPSolver, options: AllocationOptions) throws(AnalysisError)
        -> [String]
    {
        guard outcome.allocation == .requests, options.capacityMap else { return [] }
        var violations: [String] = []
        guard outcome.capacityMap.map(\.node) == dataset.nodes.map(\.id), outcome.capacityMap.map(\.carrier) == dataset.nodes.map(\.carrier)
        else {
            return ["the capacity map does not list every node of nodes.csv once, in file order, with its carrier"]
        }
        var model = AllocationModel.build(dataset: dataset, year: outcome.year, allocation: .requests)
        model.addAllocationRuleFamilies()
        model.addCapacityProbeFamily(dataset: dataset)
        var engine = PolicyEngine(
            model: model, solver: solver, options: options.solveOptions, fairness: options.fairness, dataset: dataset,
            decomposition: options.decompositionSettings)
        engine.certificate = options.tolerances.certificate
        engine.model.setFillRows(active: [], floorLowerBound: 0)
        let reported = Dictionary(outcome.requests.map { ($0.key, $0.grantedMW) }, uniquingKeysWith: { first, _ in first })
        engine.model.fixGrants(atMW: engine.model.view.requests.map { reported[$0.key] ?? 0 })
        let reportedUnserved = engine.model.view.pairs.map { pair in
            outcome.pairs.first { $0.key == pair.key }?.unservedMW ?? Array(repeating: 0, count: engine.model.timesliceCount)
        }
        engine.model.holdFirmUnserved(atMostMW: reportedUnserved, zeroMW: 0, slackMW: options.tolerances.powerMW)
        var slices = CapacityProbeSlices(model: engine.model, reference: [Double](repeating: 0, count: engine.model.columnCount))
        let session = solver.makeSession() ?? StatelessSession(solver)
        let feasibilityMarginMW = 2 * options.solveOptions.primalFeasibilityTolerance * engine.model.largestFiniteRowBound
        for (n, node) in outcome.capacityMap.enumerated() {
            for direction in CapacityProbeDirection.allCases {
                let available = direction == .offtake ? node.availableOfftakeMW : node.availableInfeedMW
                guard available.isFinite, available >= 0 else {
                    violations.append("\(node.node): available \(direction.rawValue) \(available) MW is not a finite number ≥ 0")
                    continue
                }
                let slack = options.tolerances.verifierAbsolute + options.tolerances.verifierRelative * available
                engine.model.fixCapacityProbe(node: n, direction, atMW: max(0, available - slack))
                engine.model.setCostObjective()
                if try !isFeasible(&engine, "check: flat \(direction.rawValue) of \(available) MW at \(node.node)", decompose: true) {
                    violations.append("\(node.node): a flat \(direction.rawValue) of \(available) MW is not feasible with the reported grants")
                }
                let beyond = available + maximalityMarginMW + 1e-6 * available + feasibilityMarginMW
                let hint = direction == .offtake ? node.offtakeLimitingTimeslice : node.infeedLimitingTimeslice
                if let t = hint, t >= 0, t < engine.model.timesliceCount {
                    var solves = 0
                    var seconds = 0.0
                    let maximum: Double?
                    do {
                        maximum = try slices.maximum(
                            timeslice: t, probe: (n, direction), session: session, options: options.solveOptions,
                            certificate: options.tolerances.certificate, contingencyToleranceMW: engine.contingencyToleranceMW,
                            solves: &solves, seconds: &seconds)
                    } catch {
                        throw .solver(year: outcome.year, stage: "check: the \(direction.rawValue) at \(node.node) in timeslice \(t)", error: error)
                    }
                    if let maximum, maximum < beyond { continue }
                }
                // The probe LP of the whole year, its own optimum (certified like every stage): an
                // optimum proves a bound at once, where proving v + δ infeasible took the simplex
                // several times as long on nl.
                engine.model.setCapacityProbeObjective(node: n, direction)
                let most = try largest(&engine, "check: largest flat \(direction.rawValue) at \(node.node)")
                if most.map({ $0 >= beyond }) ?? true {
                    violations.append(
                        "\(node.node): a flat \(direction.rawValue) of \(most.map { "\($0) MW" } ?? "any size") is feasible, above the reported \(available) MW"
                    )
                }
            }
        }
        return violations
    }

    /// A new engine on `engine`'s model, solver, options and certificate, without its basis: the
    /// solve from scratch after a warm start ended in numerical trouble or a failed certificate.
    private static func fresh(like engine: PolicyEngine) -> PolicyEngine {
        var fresh = PolicyEngine(
            model: engine.model, solver: engine.solver, options: engine.baseOptions, fairness: engine.fairness, dataset: engine.dataset,
            decomposition: engine.decomposition)
        fresh.certificate = engine.certificate
        return fresh
    }

    /// The optimum of the engine's current LP (a probe's max y, monolithic), `nil` when it is
    /// unbounded; numerical trouble or a failed certificate after a warm start gets one solve from
    /// scratch, as in ``isFeasible(_:_:decompose:retried:)``.
    private static func largest(_ engine: inout PolicyEngine, _ stage: String, retried: Bool = false) throws(AnalysisError) -> Double? {
        do {
            return try engine.run(stage, decompose: false).objectiveValue
        } catch {
            switch error {
            case .numericalTrouble(_, _, let status, _) where status == .unbounded: return nil
            case .numericalTrouble, .certificateFailed:
                guard !retried else { throw error }
                engine = fresh(like: engine)
                return try largest(&engine, stage, retried: true)
            default: throw error
            }
        }
    }

    /// Solves the engine's current LP (by decomposition with `decompose`): true when optimal, false when GLPK
    /// proves it infeasible (a relaxation without some N-1 rows being infeasible proves the full
    /// LP infeasible too). Other numerical trouble or a failed certificate after a warm start
    /// gets one solve from scratch (a fresh engine on the same model); then it is thrown.
    private static func isFeasible(_ engine: inout PolicyEngine, _ stage: String, decompose: Bool, retried: Bool = false) throws(AnalysisError)
        -> Bool
    {
        do {
            _ = try engine.run(stage, decompose: decompose)
            return true
        } catch {
            if error.isInfeasibleStage { return false }
            switch error {
            case .numericalTrouble, .certificateFailed:
                guard !retried else { throw error }
                engine = fresh(like: engine)
                return try isFeasible(&engine, stage, decompose: decompose, retried: true)
            default: throw error
            }
        }
    }
}

extension AllocationRun {
    /// The violations ``CapacityMapCheck`` finds in `outcome`'s capacity map (empty: it holds).
    public static func capacityMapViolations(_ outcome: YearOutcome, dataset: Dataset, solver: any LPSolver, options: AllocationOptions)
        throws(AnalysisError) -> [String]
    {
        try CapacityMapCheck.violations(outcome, dataset: dataset, solver: solver, options: options)
    }
}
