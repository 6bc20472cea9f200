// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// Re-proves the order of a request-view allocation with check LPs on a freshly built model
/// (the stages' own LPs are not reused; the run's stage-0 basis only starts the simplex):
///
/// - firm first: the least firm unserved energy is not below the reported one; the checks
///   below hold every firm pair's unserved power at its reported value (+
///   ``AnalysisTolerances/powerMW``: the reported values carry the round-off of the last stage),
///   as the rule does;
/// - the rule: for every request j not granted in full, with every request of an earlier class
///   held at its reported share and every request of j's class whose share is at most j's held
///   too (at most ``FairnessTolerances/rise`` above it counts as equal), j's share cannot rise
///   above its reported share (beyond that tolerance, plus the MW the round-off margins of the
///   firm holds allow: Σ_i (powerMW + 2e-9 × the pair's largest unserved MW), and the
///   simplex's own round-off: 2 × the primal feasibility tolerance × the largest row bound).
///   This is the exchange condition of queue order (classes of one) and of leximin inside a
///   class: j can gain only at the expense of someone ahead of it or not better off. An
///   indivisible request refused (grant 0) passes when its largest grant stays below min_mw.
/// - a class of two or more with an indivisible request, which the rule decides by
///   mixed-integer stages: re-proved by check MIPs instead (``indivisibleClassViolations``).
///
/// The `cost` rule's order is not a queue; its stages are checked by their optimality
/// certificates only.
public enum RuleOrderCheck {
    /// The violations of the rule's order in `outcome` (a request-view year solved under
    /// `options.policy`), each a sentence naming the request; empty when the order holds.
    public static func violations(_ outcome: YearOutcome, dataset: Dataset, solver: any LPSolver, options: AllocationOptions) throws(AnalysisError)
        -> [String]
    {
        guard outcome.allocation == .requests, options.policy != .cost, !outcome.requests.isEmpty else { return [] }
        var model = AllocationModel.build(dataset: dataset, year: outcome.year, allocation: .requests)
        model.addAllocationRuleFamilies()
        _ = model.addContingencyRows(pairs: outcome.contingencyPairs, dataset: dataset)
        // The run's stage-0 basis (keyed, so it maps onto this model) only starts the simplex: the
        // check LPs are built here and solved to optimality, and only their optimal values are
        // read, so the start changes the work to reach them, not the verdict.
        var engine = PolicyEngine(
            model: model, solver: solver, options: options.solveOptions, fairness: options.fairness, dataset: dataset,
            start: outcome.costStageStart, decomposition: options.decompositionSettings)
        // Each check holds reported shares that the previous check's optimum need not meet, so
        // its basis is not primal feasible: the dual simplex repairs that (the primal simplex
        // from such a basis has called a feasible check LP infeasible).
        engine.laterStagesUsePrimal = false
        var violations: [String] = []
        let firmUnserved = outcome.pairs.reduce(0) { $0 + $1.unservedMWh }
        engine.model.setFillRows(active: [], floorLowerBound: 0)
        let none = [Double](repeating: 0, count: engine.model.view.requests.count)
        engine.model.fixGrants(atMW: none)
        engine.model.setFirmUnservedObjective()
        let firm = try engine.run("check: firm load first", decompose: options.decomposition.decomposesCostStage(engine.model))
        engine.model.releaseGrants()
        engine.releaseGrantStatuses(none)
        let least = firm.objectiveValue ?? 0
        if firmUnserved > least + options.tolerances.verifierAbsolute + 1e-6 * least {
            violations.append("firm unserved energy \(firmUnserved) MWh is above the least possible \(least) MWh")
        }
        let reportedUnserved = engine.model.view.pairs.map { pair in
            outcome.pairs.first { $0.key == pair.key }?.unservedMW ?? Array(repeating: 0, count: engine.model.timesliceCount)
        }
        engine.model.holdFirmUnserved(atMostMW: reportedUnserved, zeroMW: 0, slackMW: options.tolerances.powerMW)
        // The MW a grant may gain from the round-off margins of the firm holds alone (the run's
        // and this check's: 1e-9 relative each, plus the slack above), a flat allowance on top
        // of the share tolerance.
        let holdMarginMW = reportedUnserved.reduce(0) { $0 + options.tolerances.powerMW + 2e-9 * ($1.max() ?? 0) }
        // The simplex meets each row within its primal feasibility tolerance relative to the
        // row's size, so a grant limited by a balance row of a few GW may differ by that much
        // between the run's LP and this check's (twice the tolerance × the largest finite row
        // bound, MW).
        let feasibilityMarginMW = 2 * options.solveOptions.primalFeasibilityTolerance * engine.model.largestFiniteRowBound

        let view = engine.model.view
        let reported = Dictionary(outcome.requests.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let share = view.requests.map { reported[$0.key]?.grantedShare ?? 0 }
        let classes = options.policy.requestClasses(view: view)
        for (k, members) in classes.enumerated() {
            if members.count >= 2, members.contains(where: { view.requests[$0].minMW != nil }) {
                violations += try indivisibleClassViolations(
                    &engine, members: members, earlier: classes[..<k].flatMap { $0 }, share: share, holdMarginMW: holdMarginMW, options: options)
                continue
            }
            for j in members where share[j] < 1 - options.fairness.rise {
                for i in view.requests.indices { engine.model.releaseShare(member: i) }
                for earlier in classes[..<k] {
                    for i in earlier { engine.model.fixShare(pair: i, share: share[i], tolerance: options.fairness.share) }
                }
                for i in members where i != j && share[i] <= share[j] + options.fairness.rise {
                    engine.model.fixShare(pair: i, share: share[i], tolerance: options.fairness.share)
                }
                engine.model.setShortfallObjective(pair: j)
                let check = try engine.run("check: can \(engine.model.ruleMemberName(j)) rise", decompose: false)
                let most = 1 - (check.objectiveValue ?? 1)
                let request = view.requests[j]
                if let minimum = request.minMW, share[j] == 0, most * request.requestedMW < minimum * (1 + options.fairness.rise) { continue }
                if (most - share[j]) * request.requestedMW > options.fairness.rise * request.requestedMW + holdMarginMW + feasibilityMarginMW {
                    violations.append(
                        "request \(request.key) could be granted \(most * request.requestedMW) MW instead of \(share[j] * request.requestedMW) MW without taking from a request ahead of it under \(options.policy.rawValue)"
                    )
                }
            }
        }
        return violations
    }
}
