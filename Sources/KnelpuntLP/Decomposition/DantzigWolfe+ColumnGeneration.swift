// SPDX-License-Identifier: GPL-3.0-or-later

/// The coupling duals with the best Lagrangian bound found so far (the stability centre π̂).
struct StabilityCentre: Sendable {
    var duals: [Double]
    var bound: Double
}

/// The column generation of a ``DantzigWolfeSolver`` run: master solves, smoothed pricing, the
/// master LP and its proposals.
extension DecompositionRun {
    /// Rounds of master solve and pricing until the proven gap closes.
    ///
    /// Phase 1 prices at the master's duals until the artificial slacks sum to round-off of 0;
    /// phase 2 keeps each slack within 10× its value there (``phaseTwoSlackLimit``). Phase 2 uses Wentges smoothing with the mis-pricing
    /// schedule of Pessoa, Sadykov, Uchoa and Vanderbeck (2018): with π the master's coupling
    /// duals, σ its convexity duals and π̂ the stability centre, the k-th pricing of a round is at
    /// π_k = α_k·π̂ + (1 − α_k)·π with α_k = max(0, 1 − k·(1 − α)), α =
    /// ``DecompositionOptions/smoothing``. Each L(π_k) is a valid lower bound and becomes the
    /// centre when it beats the best one. A block solution x_b enters the master when its reduced
    /// cost at the master's duals, c_b·x_b − π·A_b·x_b − σ_b, is negative; when no block's is (a
    /// mis-pricing), k grows. At α_k = 0 the pricing is plain, and then no such column proves
    /// L(π) = the master's optimum (within round-off). Upper bound: the master's optimum; lower
    /// bound: the centre's L(π̂).
    mutating func columnGeneration() throws(SolverError) -> SolveResult? {
        var masterBasis: LPBasis?
        var phaseOne = true
        var centre: StabilityCentre?
        report.smoothing = settings.smoothing
        while true {
            if report.rounds >= settings.maxRounds {
                report.fallbackReason = "no convergence in \(settings.maxRounds) rounds (gap \(report.upperBound - report.lowerBound))"
                return nil
            }
            if limitExhausted() { return nil }
            report.rounds += 1
            if let basis = masterBasis { masterBasis = dropStaleProposals(basis) }
            let master = buildMaster(phaseOne: phaseOne)
            guard let solved = try solveMaster(master, from: masterBasis.map { extend($0, to: master) }, phaseOne: phaseOne),
                solved.objectiveValue != nil
            else { return nil }
            let (duals, convexityDuals, objective) = masterPrices(solved, phaseOne: phaseOne)
            masterBasis = solved.basis
            let offset = linkingColumns.count + 2 * couplingRows.count
            for p in proposals.indices {
                ages[p] = solved.basis?.columnStatus[offset + p] == .basic ? 0 : ages[p] + 1
            }
            if phaseOne {
                let tolerance = 1e-9 * (1 + couplingBoundScale)
                if objective <= tolerance {
                    // The slacks are within round-off of 0, not always at 0: phase 2 keeps each
                    // within 10× its value, so the master keeps the point phase 1 found (with them
                    // fixed at 0 it can be infeasible, even in exact arithmetic).
                    let slacks = solved.columnValues[linkingColumns.count..<(linkingColumns.count + 2 * couplingRows.count)]
                    phaseTwoSlackLimit = Self.phaseTwoSlackLimits(Array(slacks), tolerance: tolerance)
                    report.phaseOneResidual = slacks.reduce(0) { $0 + max(0, $1) }
                    phaseOne = false
                    continue
                }
                guard try price(pricedBlocks, duals: duals, phaseOne: true, sensitivity: false) else { return nil }
                let improving = improvingBlocks(duals: duals, convexityDuals: convexityDuals, phaseOne: true)
                if improving.isEmpty {
                    report.fallbackReason = "the coupling rows cannot be met by the blocks (phase 1 stopped at \(objective))"
                    return nil
                }
                for b in improving { addProposal(block: b, point: solutions[b]!.ray == nil) }
                continue
            }
            report.upperBound = objective + staticObjective
            let scale = max(1, abs(objective))
            var step = 1
            while true {
                let alpha = centre == nil ? 0 : max(0, 1 - Double(step) * (1 - settings.smoothing))
                let point = alpha == 0 ? duals : zip(centre!.duals, duals).map { alpha * $0 + (1 - alpha) * $1 }
                guard try price(pricedBlocks, duals: point, phaseOne: false, sensitivity: false) else { return nil }
                let bound = lagrangianBound(duals: point)
                if bound > (centre?.bound ?? -.infinity) { centre = StabilityCentre(duals: point, bound: bound) }
                report.lowerBound = centre?.bound ?? -.infinity
                let gap = report.upperBound - report.lowerBound
                if gap <= settings.relativeGap * scale, let centre {
                    return try finish(master: solved, centre: centre, pricedAt: point)
                }
                let improving = improvingBlocks(duals: duals, convexityDuals: convexityDuals, phaseOne: false)
                if !improving.isEmpty {
                    for b in improving { addProposal(block: b, point: solutions[b]!.ray == nil) }
                    break
                }
                if alpha == 0 {
                    // Plain pricing and no column: the master is optimal, the gap is round-off.
                    if gap <= settings.acceptedGap * scale, let centre {
                        return try finish(master: solved, centre: centre, pricedAt: point)
                    }
                    report.fallbackReason = "stalled with gap \(gap) (no block improves the master)"
                    return nil
                }
                report.misPricings += 1
                step += 1
            }
        }
    }

    /// Solves the master from `start`. While a point it already holds still prices out at its
    /// duals (the pricing's test: c·x − π·A·x − σ < −1e-9·max(1, |c·x − π·A·x|, |σ|)), the
    /// master is optimal only within the solver's own dual tolerance (relative to its scaled
    /// costs); it is then solved again from its basis with a 100× tighter one, down to 1e-11,
    /// and later rounds keep the tighter tolerance.
    ///
    /// A warm solve that fails (no optimum, or an answer the independent check rejects) is
    /// repeated from scratch. When that fails too, or the simplex pivots past the iteration cap,
    /// the master is solved in exact arithmetic (``SolveMethod/exact``) from the last basis: it
    /// is small, and GLPK's floating-point simplex can call a nearly degenerate master
    /// infeasible after removing its perturbation. `nil` with a fallback reason or a limit.
    mutating func solveMaster(_ master: LinearProgram, from basis: LPBasis?, phaseOne: Bool) throws(SolverError) -> SolveResult? {
        var start = basis
        var exact = false
        while true {
            var masterOptions = limited(options)
            masterOptions.sensitivity = SensitivityRequest()
            masterOptions.captureLog = false
            masterOptions.dualFeasibilityTolerance = masterDualTolerance ?? options.dualFeasibilityTolerance
            masterOptions.method = exact ? .exact : start == nil ? .dualThenPrimal : .primal
            masterOptions.startingBasis = start
            // GLPK's simplex can pivot without end on a degenerate master at a tight dual
            // tolerance: a master that needs more than this many iterations is solved exactly,
            // then given up (the monolithic LP is solved instead), unless the caller's own limit
            // is smaller.
            let cap = 50 * (master.rowCount + master.columnCount) + 10_000
            let callerLimit = masterOptions.iterationLimit
            if callerLimit.map({ $0 > cap }) ?? true { masterOptions.iterationLimit = cap }
            let solved = try inner.solve(master, options: masterOptions)
            report.masterSolves += 1
            report.masterSeconds += solved.solveTimeSeconds
            iterations += solved.iterations
            if exact { report.masterExactSolves += 1 }
            if solved.termination == .iterationLimit, callerLimit.map({ $0 > cap }) ?? true {
                if !exact {
                    exact = true
                    start = solved.basis
                    continue
                }
                report.fallbackReason = "the master LP did not finish in \(cap) simplex iterations, even in exact arithmetic"
                return nil
            }
            if solved.termination == .timeLimit || solved.termination == .iterationLimit {
                limitHit = (solved.termination, "master LP: \(solved.raw.message)")
                return nil
            }
            var failure: String?
            if !solved.isSolvedAndFeasible(requireDual: true) || solved.objectiveValue == nil {
                // Seen with GLPK's primal simplex from a warm basis at a tightened dual tolerance,
                // and from scratch: "infeasible" for a master that holds the last round's
                // feasible weights.
                failure = "master LP not solved: \(solved.termination.rawValue)"
            } else if let violation = FeasibilityReport.check(master, solved, tolerance: settings.check, checkDuals: false).violations.first {
                // Seen with GLPK's primal simplex from a warm basis: "optimal" with a convexity
                // weight θ < 0.
                failure = "the master LP's answer is not feasible: \(violation)"
            }
            if let failure {
                if exact {
                    report.fallbackReason = "\(failure), even in exact arithmetic"
                    return nil
                }
                if start != nil {
                    report.masterColdRestarts += 1
                    start = nil
                } else {
                    exact = true
                    start = solved.basis
                }
                continue
            }
            let tighter = masterOptions.dualFeasibilityTolerance / 100
            guard !exact, tighter >= 1e-11, proposalPricesOut(solved, phaseOne: phaseOne) else { return solved }
            masterDualTolerance = tighter
            report.masterDualTolerance = tighter
            start = solved.basis
        }
    }

    /// Whether a point proposal outside the master's basis has a negative reduced cost at the
    /// master's duals (see ``solveMaster(_:from:phaseOne:)``).
    func proposalPricesOut(_ solved: SolveResult, phaseOne: Bool) -> Bool {
        let offset = linkingColumns.count + 2 * couplingRows.count
        let position = pricedPosition
        let prices = masterPrices(solved, phaseOne: phaseOne)
        for (p, proposal) in proposals.enumerated() where !proposal.isRay && solved.basis?.columnStatus[offset + p] != .basic {
            var z = phaseOne ? 0 : proposal.cost
            for (k, value) in proposal.coupling { z -= prices.duals[k] * value }
            let sigma = prices.convexityDuals[position[proposal.block]!]
            if z - sigma < -1e-9 * max(1, abs(z), abs(sigma)) { return true }
        }
        return false
    }

    /// The master's coupling duals π, convexity duals σ_b and objective in the terms of the
    /// original LP (undoing the reference points of ``buildMaster(phaseOne:)``): σ_b = σ'_b + c_r
    /// − π·A_b·x_r, objective + Σ_b c_r (phase 1: no costs).
    func masterPrices(_ solved: SolveResult, phaseOne: Bool) -> (duals: [Double], convexityDuals: [Double], objective: Double) {
        let duals = Array(solved.rowDuals[0..<couplingRows.count])
        var convexityDuals = Array(solved.rowDuals[couplingRows.count...])
        var objective = solved.objectiveValue ?? 0
        for (d, b) in pricedBlocks.enumerated() {
            if !phaseOne {
                convexityDuals[d] += referenceCost[b]
                objective += referenceCost[b]
            }
            for (k, value) in referenceCoupling[b] ?? [] { convexityDuals[d] -= duals[k] * value }
        }
        return (duals, convexityDuals, objective)
    }

    /// The priced blocks whose last solution (or ray) has a negative reduced cost at the
    /// master's duals: c_b·x − π·A_b·x − σ_b < 0 for a point (phase 1: cost 0), c_b·d − π·A_b·d
    /// < 0 for a ray the master does not have yet.
    func improvingBlocks(duals: [Double], convexityDuals: [Double], phaseOne: Bool) -> [Int] {
        var improving: [Int] = []
        for (d, b) in pricedBlocks.enumerated() {
            let solution = solutions[b]!
            if let ray = solution.ray {
                if reducedCost(block: b, x: ray, duals: duals, phaseOne: phaseOne) < 0, !hasRay(ray, block: b) { improving.append(b) }
                continue
            }
            let z = reducedCost(block: b, x: solution.x, duals: duals, phaseOne: phaseOne)
            let sigma = convexityDuals[d]
            if z - sigma < -1e-9 * max(1, abs(z), abs(sigma)), !hasPoint(solution.x, block: b) { improving.append(b) }
        }
        return improving
    }

    /// (c_b − πᵀA_b)·x in the internal sense (phase 1: −πᵀA_b·x).
    func reducedCost(block b: Int, x: [Double], duals: [Double], phaseOne: Bool) -> Double {
        var total = 0.0
        if !phaseOne { for (local, column) in templates[b].columns.enumerated() { total += column.cost * x[local] } }
        for entry in couplingEntries[b] { total -= duals[entry.row] * entry.value * x[entry.column] }
        return total
    }

    /// Completes the solve on the stability centre's duals π̂, re-pricing the blocks at π̂ first
    /// when the last pricing was elsewhere, so the block duals and π̂ form one dual solution
    /// (with objective L(π̂)).
    mutating func finish(master: SolveResult, centre: StabilityCentre, pricedAt: [Double]) throws(SolverError) -> SolveResult? {
        if pricedAt != centre.duals {
            guard try price(pricedBlocks, duals: centre.duals, phaseOne: false, sensitivity: false) else { return nil }
            report.finalPricings += 1
        }
        return try complete(master: master, duals: centre.duals)
    }

    var couplingBoundScale: Double {
        couplingRows.reduce(0) { total, i in
            let row = lp.rows[i]
            return max(total, row.lowerBound.isFinite ? abs(row.lowerBound) : 0, row.upperBound.isFinite ? abs(row.upperBound) : 0)
        }
    }

    /// The master: linking columns, two artificial slacks per coupling row (phase 1 cost 1, in
    /// phase 2 fixed at 0), one column per proposal; coupling rows then one convexity row per
    /// priced block. Column order is stable across rounds (new proposals at the end).
    ///
    /// A point p of block b enters relative to the block's reference point r_b (its first): cost
    /// c_p − c_r, coupling values A_b·(x_p − x_r), and the coupling rows' sides less Σ_b A_b·x_r.
    /// With Σ_p θ_p = 1 that is the same LP (objective less Σ_b c_r, convexity duals less
    /// c_r − π·A_b·x_r: see ``masterPrices(_:phaseOne:)``), but the simplex then works with the
    /// differences between a block's points (~1e5 for `datasets/nl`) instead of costs of ~1e8, and
    /// its duals are accurate enough for the pricing's 1e-9.
    func buildMaster(phaseOne: Bool) -> LinearProgram {
        var master = LinearProgram(name: "master", sense: .minimize)
        var terms = [[(column: Int, coefficient: Double)]](repeating: [], count: couplingRows.count)
        for j in linkingColumns {
            let column = lp.columns[j]
            master.addColumn(name: "", lowerBound: column.lowerBound, upperBound: column.upperBound, cost: phaseOne ? 0 : direction * column.cost)
        }
        for entry in linkingEntries { terms[entry.row].append((entry.column, entry.value)) }
        func slackLimit(_ a: Int) -> Double { phaseOne ? .infinity : a < phaseTwoSlackLimit.count ? phaseTwoSlackLimit[a] : 0 }
        for k in couplingRows.indices {
            let plus = master.addColumn(name: "", lowerBound: 0, upperBound: slackLimit(2 * k), cost: phaseOne ? 1 : 0)
            let minus = master.addColumn(name: "", lowerBound: 0, upperBound: slackLimit(2 * k + 1), cost: phaseOne ? 1 : 0)
            terms[k].append((plus, 1))
            terms[k].append((minus, -1))
        }
        var convexity = [[(column: Int, coefficient: Double)]](repeating: [], count: pricedBlocks.count)
        let position = pricedPosition
        var shift = [Double](repeating: 0, count: couplingRows.count)
        for b in pricedBlocks { for (k, value) in referenceCoupling[b] ?? [] { shift[k] += value } }
        var dense = [Double](repeating: 0, count: couplingRows.count)
        for proposal in proposals {
            let b = proposal.block
            let cost = phaseOne ? 0 : proposal.cost - (proposal.isRay ? 0 : referenceCost[b])
            let column = master.addColumn(name: "", lowerBound: 0, upperBound: .infinity, cost: cost)
            for (k, value) in proposal.coupling { dense[k] += value }
            var magnitude = dense.map(abs)
            if !proposal.isRay {
                for (k, value) in referenceCoupling[b] ?? [] {
                    dense[k] -= value
                    magnitude[k] = max(magnitude[k], abs(value))
                }
            }
            // A difference within round-off of its terms is 0: a coefficient like 1e-17 would
            // wreck the master's scaling.
            for k in dense.indices where abs(dense[k]) > 1e-12 * magnitude[k] {
                terms[k].append((column, dense[k]))
            }
            for k in dense.indices { dense[k] = 0 }
            if !proposal.isRay { convexity[position[b]!].append((column, 1)) }
        }
        for (k, i) in couplingRows.enumerated() {
            master.addRow(name: "", lowerBound: lp.rows[i].lowerBound - shift[k], upperBound: lp.rows[i].upperBound - shift[k], terms: terms[k])
        }
        for list in convexity { master.addRow(name: "", lowerBound: 1, upperBound: 1, terms: list) }
        return master
    }

    /// The phase-2 upper bound of each artificial slack from its value where phase 1 ended:
    /// 10× that value (0 stays 0; a negative round-off counts as 0), at most `tolerance`.
    static func phaseTwoSlackLimits(_ slacks: [Double], tolerance: Double) -> [Double] {
        slacks.map { min(tolerance, 10 * max(0, $0)) }
    }

    var pricedPosition: [Int?] {
        var position = [Int?](repeating: nil, count: templates.count)
        for (d, b) in pricedBlocks.enumerated() { position[b] = d }
        return position
    }

    /// The previous master basis with the columns added since then non-basic at zero.
    func extend(_ basis: LPBasis, to master: LinearProgram) -> LPBasis {
        var columns = basis.columnStatus
        columns += Array(repeating: .atLower, count: max(0, master.columnCount - columns.count))
        return LPBasis(rowStatus: basis.rowStatus, columnStatus: columns)
    }

    /// Removes proposals that stayed out of the master's basis for
    /// ``DecompositionOptions/dropAfterRounds`` rounds (keeping each block's newest), so the
    /// master stays small; pricing brings back any that are needed again. Returns the master
    /// basis without their columns.
    mutating func dropStaleProposals(_ basis: LPBasis) -> LPBasis {
        guard settings.dropAfterRounds > 0 else { return basis }
        var newest = [Int?](repeating: nil, count: templates.count)
        for (p, proposal) in proposals.enumerated() where !proposal.isRay { newest[proposal.block] = p }
        let keep = proposals.indices.filter { ages[$0] < settings.dropAfterRounds || newest[proposals[$0].block] == $0 }
        guard keep.count < proposals.count else { return basis }
        let offset = linkingColumns.count + 2 * couplingRows.count
        let inBasis = basis.columnStatus.count - offset
        var columns = Array(basis.columnStatus[0..<offset])
        for p in keep where p < inBasis { columns.append(basis.columnStatus[offset + p]) }
        report.droppedProposals += proposals.count - keep.count
        proposals = keep.map { proposals[$0] }
        points = Array(repeating: [], count: templates.count)
        for proposal in proposals where !proposal.isRay { points[proposal.block].insert(proposal.x) }
        ages = keep.map { ages[$0] }
        // Proposals added after that master solve follow; `extend` appends their statuses.
        return LPBasis(rowStatus: basis.rowStatus, columnStatus: columns)
    }

    func hasRay(_ ray: [Double], block b: Int) -> Bool {
        proposals.contains { proposal in
            proposal.block == b && proposal.isRay && zip(proposal.x, ray).allSatisfy { abs($0 - $1) <= 1e-9 }
        }
    }

    /// Whether the master already has exactly this point of block b (a block re-solved at the
    /// same duals from the same basis returns it): adding it again cannot change the master.
    func hasPoint(_ x: [Double], block b: Int) -> Bool {
        points[b].contains(x)
    }

    /// Adds block b's last point (`point`) or its last ray as a master column.
    mutating func addProposal(block b: Int, point: Bool) {
        let solution = solutions[b]!
        let x = point ? solution.x : solution.ray!
        var sums = [Double](repeating: 0, count: couplingRows.count)
        for entry in couplingEntries[b] { sums[entry.row] += entry.value * x[entry.column] }
        var cost = 0.0
        for (local, column) in templates[b].columns.enumerated() { cost += column.cost * x[local] }
        let coupling = sums.enumerated().filter { $0.element != 0 }.map { (row: $0.offset, value: $0.element) }
        proposals.append(Proposal(block: b, isRay: !point, x: x, cost: cost, coupling: coupling))
        if point { points[b].insert(x) }
        if point, referenceCoupling[b] == nil {
            referenceCost[b] = cost
            referenceCoupling[b] = coupling
        }
        ages.append(0)
    }

    /// Lagrangian lower bound at coupling duals π (internal sense); −∞ when a dual pushes
    /// against an infinite bound.
    func lagrangianBound(duals: [Double]) -> Double {
        if solutions.contains(where: { $0?.ray != nil }) { return -.infinity }
        var bound = objectiveOfBlocks()
        var reduced = linkingColumns.map { direction * lp.columns[$0].cost }
        for entry in linkingEntries { reduced[entry.column] -= duals[entry.row] * entry.value }
        let tiny = options.dualFeasibilityTolerance
        for (m, j) in linkingColumns.enumerated() where abs(reduced[m]) > tiny * (1 + abs(lp.columns[j].cost)) {
            let limit = reduced[m] > 0 ? lp.columns[j].lowerBound : lp.columns[j].upperBound
            guard limit.isFinite else { return -.infinity }
            bound += reduced[m] * limit
        }
        for (k, i) in couplingRows.enumerated() where abs(duals[k]) > tiny {
            let limit = duals[k] > 0 ? lp.rows[i].lowerBound : lp.rows[i].upperBound
            guard limit.isFinite else { return -.infinity }
            bound += duals[k] * limit
        }
        return bound
    }

    /// Cost of the blocks solved once (not in the master).
    var staticObjective: Double {
        var total = 0.0
        for (b, solution) in solutions.enumerated() where couplingEntries[b].isEmpty { total += solution?.objective ?? 0 }
        return total
    }

    func objectiveOfBlocks() -> Double {
        solutions.reduce(0) { $0 + ($1?.objective ?? 0) }
    }

    func relaxationMeetsCouplingRows() -> Bool {
        var activity = [Double](repeating: 0, count: couplingRows.count)
        for b in pricedBlocks {
            let x = solutions[b]!.x
            for entry in couplingEntries[b] { activity[entry.row] += entry.value * x[entry.column] }
        }
        for (k, i) in couplingRows.enumerated() {
            let row = lp.rows[i]
            let slack = options.primalFeasibilityTolerance * (1 + abs(activity[k]))
            if activity[k] < row.lowerBound - slack || activity[k] > row.upperBound + slack { return false }
        }
        return true
    }
}
