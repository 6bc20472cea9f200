// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// Re-proves the order of a request-view allocation with check LPs on a freshly built model
/// (the stages' own LPs are not reused; the run's bases only start the simplex: stage 0's the
/// firm check; each rule check, which asks whether one grant can rise, the basis of the rule's
/// LP that proved that grant blocked (``YearOutcome/blockedStageStarts``: the same question, so
/// its optimum is a few pivots away), else the last stage's, not the previous check's):
///
/// - firm first: the least firm unserved energy is not below the reported one, nor the total of
///   the rule's firm hold (``YearOutcome/firmHoldMW``); the checks below hold every firm pair's
///   unserved power there (1e-9 relative), as the rule does; a check LP that this makes
///   infeasible at the simplex's tolerance is solved again with the hold loosened by
///   ``AnalysisTolerances/powerMW``;
/// - each grant is at most the last stage's margin below the share its rule step fixed
///   (``RequestOutcome/ruleShare``);
/// - the rule: for every request j not granted in full, with every request of an earlier class
///   held at the share the rule fixed and every request of j's class whose share is at most j's held
///   too (at most ``FairnessTolerances/rise`` above it counts as equal), and the members of j's
///   class better off than j kept at least at j's share, j's share cannot rise
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
        // Each check starts from the basis of the stage that proved its request blocked, else
        // from the last stage's; the points of both meet the check's holds (the earlier classes
        // at their shares, the members no better off at least at theirs, every N-1 limit: the
        // lazy loop ended there): the primal simplex continues from them. Without them each
        // check starts from the previous check's, whose optimum need not meet the holds: the dual
        // simplex repairs that (the primal simplex from such a basis has called a feasible check
        // LP infeasible).
        engine.laterStagesUsePrimal = outcome.finalStageStart != nil
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
        // The rule's own firm hold (stage 0's unserved power per pair and slice), whose total must
        // be the least firm unserved energy too; held without slack: through the N-1 rows a
        // request can gain far more than the MW a firm pair gives up (on `nl`, 0.1 MW of grant
        // for 1e-6 MW of firm load per pair and slice), so a slack, or the final stage's values
        // after a loosening, would let the check trade firm load for a grant. Only a check LP
        // that is infeasible at the simplex's tolerance gets the slack
        // (``PolicyEngine/runRule(_:sensitivity:decompose:)``).
        let firmHold = engine.model.view.pairs.map { pair in
            outcome.firmHoldMW[pair.key] ?? outcome.pairs.first { $0.key == pair.key }?.unservedMW
                ?? Array(repeating: 0, count: engine.model.timesliceCount)
        }
        let heldUnserved = engine.model.view.pairs.indices.reduce(0.0) { total, i in
            total + zip(engine.model.weightsHours, firmHold[i]).reduce(0) { $0 + $1.0 * $1.1 }
        }
        if abs(heldUnserved - least) > options.tolerances.verifierAbsolute + 1e-6 * least {
            violations.append("the rule held \(heldUnserved) MWh of firm load unserved, not the least possible \(least) MWh")
        }
        engine.model.holdFirmUnserved(atMostMW: firmHold, zeroMW: options.tolerances.powerMW)
        engine.firmHold = FirmHold(unservedMW: firmHold, zeroMW: options.tolerances.powerMW)
        // The MW a grant may gain from the round-off margins of the firm holds alone (the run's
        // and this check's: 1e-9 relative each, plus a loosening's slack), a flat allowance on
        // top of the share tolerance.
        let holdMarginMW = firmHold.reduce(0) { $0 + options.tolerances.powerMW + 2e-9 * ($1.max() ?? 0) }
        // The simplex meets each row within its primal feasibility tolerance relative to the
        // row's size, so a grant limited by a balance row of a few GW may differ by that much
        // between the run's LP and this check's (twice the tolerance × the largest finite row
        // bound, MW).
        let feasibilityMarginMW = 2 * options.solveOptions.primalFeasibilityTolerance * engine.model.largestFiniteRowBound

        let view = engine.model.view
        let reported = Dictionary(outcome.requests.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        // The shares the rule fixed (the grants the last stage held may be up to
        // max(1e-9·R_r, powerMW) lower): through the N-1 rows a request can gain far more than a
        // held grant gives up, so the check holds what the rule held, and checks the margin.
        let share = view.requests.map { reported[$0.key]?.ruleShare ?? reported[$0.key]?.grantedShare ?? 0 }
        for (r, request) in view.requests.enumerated() {
            guard let granted = reported[request.key]?.grantedMW else { continue }
            // The rule's own hold tolerance, a loosening and the last stage's margin.
            let margin = 2 * (options.fairness.share * request.requestedMW + options.tolerances.powerMW) + 1e-9 * request.requestedMW
            if granted < share[r] * request.requestedMW - margin {
                violations.append(
                    "request \(request.key) is granted \(granted) MW, less than the \(share[r] * request.requestedMW) MW its rule step fixed")
            }
        }
        let classes = options.policy.requestClasses(view: view)
        for (k, members) in classes.enumerated() {
            engine.model.setFillRows(active: [], floorLowerBound: 0)
            if members.count >= 2, members.contains(where: { view.requests[$0].minMW != nil }) {
                violations += try indivisibleClassViolations(
                    &engine, members: members, earlier: classes[..<k].flatMap { $0 }, share: share, holdMarginMW: holdMarginMW, options: options)
                continue
            }
            for j in members where share[j] < 1 - options.fairness.rise {
                engine.holdsLoosened = false
                if let start = outcome.blockedStageStarts[view.requests[j].key] ?? outcome.finalStageStart { engine.startNextSolve(from: start) }
                for i in view.requests.indices { engine.model.releaseShare(member: i) }
                for earlier in classes[..<k] {
                    for i in earlier { engine.model.fixShare(pair: i, share: share[i], tolerance: options.fairness.share) }
                }
                var richer: Set<Int> = [j]
                for i in members where i != j {
                    if share[i] <= share[j] + options.fairness.rise {
                        engine.model.fixShare(pair: i, share: share[i], tolerance: options.fairness.share)
                    } else {
                        richer.insert(i)
                    }
                }
                // Maximise j's share; with members better off than j, the floor λ of j and them
                // instead: they may give up share to j, but not below j's new share (else j's
                // gain is no leximin gain).
                let most: Double
                if richer.count == 1 {
                    engine.model.setFillRows(active: [], floorLowerBound: 0)
                    engine.model.setShortfallObjective(pair: j)
                    let check = try engine.runRule("check: can \(engine.model.ruleMemberName(j)) rise", decompose: false)
                    most = 1 - (check.objectiveValue ?? 1)
                } else {
                    engine.model.setFillRows(active: richer, floorLowerBound: 0)
                    engine.model.setFloorObjective()
                    let check = try engine.runRule("check: can \(engine.model.ruleMemberName(j)) rise", decompose: false)
                    most = min(1, check.objectiveValue ?? 0)
                }
                let request = view.requests[j]
                if let minimum = request.minMW, share[j] == 0, most * request.requestedMW < minimum * (1 + options.fairness.rise) { continue }
                if (most - share[j]) * request.requestedMW
                    > options.fairness.rise * request.requestedMW + holdMarginMW + feasibilityMarginMW
                {
                    violations.append(
                        "request \(request.key) could be granted \(most * request.requestedMW) MW instead of \(share[j] * request.requestedMW) MW without taking from a request ahead of it under \(options.policy.rawValue)"
                    )
                }
            }
        }
        return violations
    }
}
