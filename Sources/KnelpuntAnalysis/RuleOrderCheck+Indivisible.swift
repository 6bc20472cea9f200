// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

extension RuleOrderCheck {
    /// Check MIPs for a class the rule decided by mixed-integer stages (``PolicyEngine/fillIndivisible(_:)``),
    /// every earlier class held at its reported shares (an indivisible request held refused, or
    /// granted at ≥ min_mw):
    ///
    /// - every reported grant of an indivisible member is 0 or ≥ min_mw (also checked by the
    ///   verifier from the dataset);
    /// - the refusal count is minimal: a check MIP that minimises the refused members of the
    ///   class finds no fewer than reported;
    /// - for every granted member j not granted in full: with the members at or below j's share
    ///   held there, the members above held granted at ≥ j's share + ε (ε =
    ///   ``FairnessTolerances/rise``) and at most the reported number refused, j's share cannot
    ///   rise above its reported share + ε (plus the round-off margins of the firm holds). Such
    ///   a point would put one more member above j's level than the rule's step at that level
    ///   found possible.
    static func indivisibleClassViolations(
        _ engine: inout PolicyEngine, members: [Int], earlier: [Int], share: [Double], holdMarginMW: Double, options: AllocationOptions
    ) throws(AnalysisError) -> [String] {
        let view = engine.model.view
        let rise = options.fairness.rise
        var violations: [String] = []
        func isRefused(_ i: Int) -> Bool {
            view.requests[i].minMW != nil && share[i] * view.requests[i].requestedMW <= rise * view.requests[i].requestedMW
        }
        func hold(_ i: Int, atLeast value: Double) {
            engine.model.fixShare(pair: i, share: value, tolerance: options.fairness.share)
            if view.requests[i].minMW != nil { engine.model.holdGranted(request: i) }
        }
        func reset() {
            for i in view.requests.indices {
                engine.model.releaseShare(member: i)
                engine.model.releaseGrant(request: i)
            }
            for i in earlier {
                if isRefused(i) { engine.model.refuseGrant(request: i) } else { hold(i, atLeast: share[i]) }
            }
        }
        for i in members where view.requests[i].minMW != nil {
            let g = share[i] * view.requests[i].requestedMW
            let minimum = view.requests[i].minMW ?? 0
            if g > rise * view.requests[i].requestedMW, g < minimum * (1 - rise) {
                violations.append("request \(view.requests[i].key): grant \(g) MW is neither 0 nor at least min_mw \(minimum)")
            }
        }
        let indivisible = members.filter { view.requests[$0].minMW != nil }
        let refused = members.filter(isRefused).count
        reset()
        let fewest = try engine.solveMIP("check: fewest refused indivisible requests") { model in
            var program = model.indivisibleGrantProgram(deciding: indivisible)
            program.setFewestRefusalsObjective()
            return program
        }
        let least = indivisible.count - Int((fewest.result.objectiveValue ?? 0).rounded())
        if refused > least {
            violations.append(
                "\(refused) indivisible request(s) of a class are refused under \(options.policy.rawValue) where \(least) would do: \(members.filter(isRefused).map { "\(view.requests[$0].key)" }.joined(separator: ", "))"
            )
        }
        for j in members where !isRefused(j) && share[j] < 1 - rise {
            reset()
            for i in members where i != j {
                if share[i] <= share[j] + rise {
                    if !isRefused(i) { hold(i, atLeast: share[i]) }
                } else {
                    hold(i, atLeast: min(1, share[j] + rise))
                }
            }
            engine.model.releaseShare(member: j)
            engine.model.releaseGrant(request: j)
            let deciding = members.filter { engine.model.isUndecidedIndivisible($0) }
            let objective = engine.model.shortfallColumn[j]
            let check = try engine.solveMIP("check: can \(engine.model.ruleMemberName(j)) rise") { model in
                var program = model.indivisibleGrantProgram(deciding: deciding)
                model.addRefusalCountRow(&program, atMost: refused)
                program.setShortfallObjective(column: objective)
                return program
            }
            let request = view.requests[j]
            let most = 1 - (check.result.objectiveValue ?? 1)
            if (most - share[j]) * request.requestedMW > rise * request.requestedMW + holdMarginMW {
                violations.append(
                    "request \(request.key) could be granted \(most * request.requestedMW) MW instead of \(share[j] * request.requestedMW) MW without taking from a request ahead of it under \(options.policy.rawValue) (indivisible requests decided together)"
                )
            }
        }
        return violations
    }
}
