// SPDX-License-Identifier: GPL-3.0-or-later

/// Block solves and the assembly of the answer of a ``DantzigWolfeSolver`` run.
extension DecompositionRun {
    /// What one block solve needs; built before the solves run in parallel.
    private struct BlockJob: Sendable {
        var block: Int
        var costs: [Double]
        var start: LPBasis?
        /// Only the costs changed since the block's last solve: the primal simplex resumes.
        var costsOnly: Bool
        var sensitivity: SensitivityRequest
    }

    private enum ChunkOutcome: Sendable {
        case solved([BlockSolution])
        case notOptimal(String)
        case infeasible(block: Int)
        case limitReached(TerminationStatus, String)
        case failed(SolverError)
    }

    /// Solves `blocks` with costs c_b − πᵀA_b (phase 1: −πᵀA_b), each from its previous basis,
    /// else from the caller's starting basis restricted to the block, else from the previous
    /// block's basis when the shapes agree (neighbouring timeslices). Parallel over contiguous
    /// chunks of blocks. Returns false (with a fallback reason) unless every block is optimal.
    mutating func price(_ blocks: [Int], duals: [Double], phaseOne: Bool, sensitivity: Bool) throws(SolverError) -> Bool {
        guard !blocks.isEmpty else { return true }
        let jobs = blocks.map { b in
            BlockJob(
                block: b, costs: costs(of: b, duals: duals, phaseOne: phaseOne),
                start: solutions[b]?.basis ?? restrictedStart(b), costsOnly: solutions[b]?.basis != nil,
                sensitivity: sensitivity ? sensitivityRequest(b) : SensitivityRequest())
        }
        let chunks = max(1, min(settings.chunks, jobs.count))
        let run = self
        let outcomes = parallelMap(count: chunks, workers: max(1, settings.workers)) { c -> ChunkOutcome in
            let range = (c * jobs.count / chunks)..<((c + 1) * jobs.count / chunks)
            return run.solveSequentially(Array(jobs[range]))
        }
        var index = 0
        for outcome in outcomes {
            switch outcome {
            case .failed(let error): throw error
            case .notOptimal(let reason):
                report.fallbackReason = reason
                return false
            case .infeasible(let block):
                report.fallbackReason = "block \(block) not solved: infeasible"
                if settings.infeasibleBlockEndsSolve { infeasibleBlock = block }
                return false
            case .limitReached(let status, let message):
                limitHit = (status, message)
                return false
            case .solved(let list):
                for solution in list {
                    solutions[jobs[index].block] = solution
                    report.blockSeconds += solution.seconds
                    iterations += solution.iterations
                    index += 1
                }
            }
        }
        report.blockSolves += jobs.count
        return true
    }

    private func solveSequentially(_ jobs: [BlockJob]) -> ChunkOutcome {
        var solved: [BlockSolution] = []
        var previous: LPBasis?
        var previousBlock: Int?
        for job in jobs {
            var block = templates[job.block]
            for (local, cost) in job.costs.enumerated() where block.columns[local].cost != cost { block.setCost(local, cost) }
            var blockOptions = limited(options)
            blockOptions.captureLog = false
            blockOptions.presolve = false
            blockOptions.sensitivity = job.sensitivity
            blockOptions.method = job.costsOnly ? .primal : .dualThenPrimal
            // A neighbour's basis only where the block LP has the same matrix (timeslices with
            // the same columns): a basis of a different matrix may be singular.
            blockOptions.startingBasis = job.start ?? (previousBlock.map { sameShape[$0] == sameShape[job.block] } == true ? previous : nil)
            let result: SolveResult
            do { result = try inner.solve(block, options: blockOptions) } catch { return .failed(error) }
            if result.termination == .timeLimit || result.termination == .iterationLimit {
                return .limitReached(result.termination, "block \(job.block): \(result.raw.message)")
            }
            if result.termination == .unbounded, result.primalStatus == .feasiblePoint, result.columnValues.count == block.columnCount {
                let ray: (direction: [Double], cost: Double)?
                do { ray = try unboundedDirection(of: block) } catch { return .failed(error) }
                guard let ray else { return .notOptimal("block \(job.block) is unbounded, but no improving direction was found") }
                previous = result.basis
                previousBlock = job.block
                let x = result.columnValues
                solved.append(
                    BlockSolution(
                        x: x, objective: zip(block.columns, x).reduce(0) { $0 + $1.0.cost * $1.1 }, ray: ray.direction, rayCost: ray.cost,
                        rowDuals: [], reducedCosts: [], basis: result.basis, rowRanges: [:], columnRanges: [:],
                        iterations: result.iterations, seconds: result.solveTimeSeconds))
                continue
            }
            if result.termination == .infeasible { return .infeasible(block: job.block) }
            guard result.isSolvedAndFeasible(requireDual: true), let objective = result.objectiveValue else {
                return .notOptimal("block \(job.block) not solved: \(result.termination.rawValue)")
            }
            previous = result.basis
            previousBlock = job.block
            solved.append(
                BlockSolution(
                    x: result.columnValues, objective: objective, rowDuals: result.rowDuals, reducedCosts: result.columnReducedCosts,
                    basis: result.basis, rowRanges: result.rowRanges, columnRanges: result.columnRanges, iterations: result.iterations,
                    seconds: result.solveTimeSeconds))
        }
        return .solved(solved)
    }

    /// A direction d of `block`'s recession cone with negative cost: the optimum of
    /// min c·d over the cone (a row's finite side becomes 0, a column's finite bound 0) cut by
    /// the box −1 ≤ d ≤ 1; `nil` when that optimum is not clearly negative (then the block is
    /// unbounded only within the solver's tolerances, and the monolithic LP is solved instead).
    private func unboundedDirection(of block: LinearProgram) throws(SolverError) -> (direction: [Double], cost: Double)? {
        var cone = block
        for (i, row) in block.rows.enumerated() {
            cone.setRowBounds(i, lower: row.lowerBound.isFinite ? 0 : -.infinity, upper: row.upperBound.isFinite ? 0 : .infinity)
        }
        for (j, column) in block.columns.enumerated() {
            cone.setColumnBounds(j, lower: column.lowerBound.isFinite ? 0 : -1, upper: column.upperBound.isFinite ? 0 : 1)
        }
        var coneOptions = options
        coneOptions.startingBasis = nil
        coneOptions.sensitivity = SensitivityRequest()
        coneOptions.captureLog = false
        coneOptions.presolve = false
        coneOptions.method = .dualThenPrimal
        let result = try inner.solve(cone, options: coneOptions)
        let scale = block.columns.reduce(1) { max($0, abs($1.cost)) }
        guard result.isSolvedAndFeasible(), let cost = result.objectiveValue, cost < -1e-9 * scale else { return nil }
        return (result.columnValues, cost)
    }

    private func costs(of b: Int, duals: [Double], phaseOne: Bool) -> [Double] {
        var costs = phaseOne ? [Double](repeating: 0, count: templates[b].columnCount) : templates[b].columns.map(\.cost)
        for entry in couplingEntries[b] where duals[entry.row] != 0 { costs[entry.column] -= duals[entry.row] * entry.value }
        return costs
    }

    /// The caller's starting basis restricted to block b, when it has the right number of
    /// basic variables for the block.
    private func restrictedStart(_ b: Int) -> LPBasis? {
        guard let basis = options.startingBasis else { return nil }
        let rows = blockRows[b].map { $0 < basis.rowStatus.count ? basis.rowStatus[$0] : .basic }
        let columns = blockColumns[b].map { $0 < basis.columnStatus.count ? basis.columnStatus[$0] : .atLower }
        let basic = rows.count { $0 == .basic } + columns.count { $0 == .basic }
        return basic == rows.count ? LPBasis(rowStatus: rows, columnStatus: columns) : nil
    }

    /// The caller's sensitivity request restricted to block b, in local indices.
    private func sensitivityRequest(_ b: Int) -> SensitivityRequest {
        let request = options.sensitivity
        guard !request.isEmpty else { return request }
        return SensitivityRequest(
            rows: blockRows[b].indices.filter { sensitiveRows[blockRows[b][$0]] },
            columns: blockColumns[b].indices.filter { sensitiveColumns[blockColumns[b][$0]] },
            minimumDualMagnitude: request.minimumDualMagnitude)
    }

    /// Re-solves the priced blocks at the final duals with sensitivity ranges when asked (their
    /// bases are already optimal: no iterations), then assembles and checks the answer.
    mutating func complete(master: SolveResult?, duals: [Double]) throws(SolverError) -> SolveResult? {
        if !options.sensitivity.isEmpty {
            guard try price(pricedBlocks, duals: duals, phaseOne: false, sensitivity: true) else { return nil }
        }
        let result = assemble(master: master, duals: duals)
        let check = FeasibilityReport.check(lp, result, tolerance: settings.check)
        guard check.isFeasible else {
            report.fallbackReason = "the independent check failed: \(check.violations.first ?? "")"
            return nil
        }
        return result
    }

    /// The master's proposal weights θ as exact convex combinations: a weight below 0 (the
    /// simplex meets θ ≥ 0 only to its tolerance) becomes 0, and each block's point weights are
    /// scaled to sum to 1 (a ray's weight only loses its negative part). Without this, a weight
    /// of −2e-8 on a proposal puts a column ~1e-6 outside a bound that every proposal meets.
    static func convexWeights(_ theta: [Double], proposals: [(block: Int, isRay: Bool)], blocks: Int) -> [Double] {
        var weights = theta.map { max(0, $0) }
        var sums = [Double](repeating: 0, count: blocks)
        for (p, proposal) in proposals.enumerated() where !proposal.isRay { sums[proposal.block] += weights[p] }
        for (p, proposal) in proposals.enumerated() where !proposal.isRay && sums[proposal.block] > 0 {
            weights[p] /= sums[proposal.block]
        }
        return weights
    }

    private func assemble(master: SolveResult?, duals: [Double]) -> SolveResult {
        var x = [Double](repeating: 0, count: lp.columnCount)
        var reducedCosts = [Double](repeating: 0, count: lp.columnCount)
        var rowDuals = [Double](repeating: 0, count: lp.rowCount)
        var rowStatus = [BasisStatus](repeating: .basic, count: lp.rowCount)
        var columnStatus = [BasisStatus](repeating: .atLower, count: lp.columnCount)
        var rowRanges: [Int: BoundRange] = [:]
        var columnRanges: [Int: BoundRange] = [:]
        var complete = true
        for (b, solution) in solutions.enumerated() {
            guard let solution else { continue }
            if solution.basis == nil { complete = false }
            for (local, j) in blockColumns[b].enumerated() {
                x[j] = solution.x[local]
                reducedCosts[j] = direction * solution.reducedCosts[local]
                columnStatus[j] = solution.basis?.columnStatus[local] ?? .atLower
            }
            for (local, i) in blockRows[b].enumerated() {
                rowDuals[i] = direction * solution.rowDuals[local]
                rowStatus[i] = solution.basis?.rowStatus[local] ?? .basic
            }
            for (local, range) in solution.columnRanges { columnRanges[blockColumns[b][local]] = flipped(range) }
            for (local, range) in solution.rowRanges { rowRanges[blockRows[b][local]] = flipped(range) }
        }
        if let master {
            for b in pricedBlocks { for j in blockColumns[b] { x[j] = 0 } }
            let offset = linkingColumns.count + 2 * couplingRows.count
            let weights = Self.convexWeights(
                Array(master.columnValues[offset...]), proposals: proposals.map { ($0.block, $0.isRay) }, blocks: solutions.count)
            for (p, proposal) in proposals.enumerated() {
                let theta = weights[p]
                guard theta != 0 else { continue }
                for (local, j) in blockColumns[proposal.block].enumerated() { x[j] += theta * proposal.x[local] }
            }
            for (m, j) in linkingColumns.enumerated() { x[j] = master.columnValues[m] }
        }
        for (k, i) in couplingRows.enumerated() { rowDuals[i] = direction * duals[k] }
        if !impliedColumns.isEmpty {
            // y from its row: α·y = the value in [lo, hi] ∩ [L − s, U − s] nearest 0.
            let activity = lp.rowActivities(of: x)
            for item in impliedColumns {
                let column = lp.columns[item.column]
                let row = lp.rows[item.row]
                let s = activity[item.row] - item.coefficient * x[item.column]
                let lo = min(item.coefficient * column.lowerBound, item.coefficient * column.upperBound)
                let hi = max(item.coefficient * column.lowerBound, item.coefficient * column.upperBound)
                let from = max(lo, row.lowerBound - s)
                let to = min(hi, row.upperBound - s)
                let target = min(max(0, from), max(from, to))
                x[item.column] = min(max(target / item.coefficient, column.lowerBound), column.upperBound)
            }
        }
        var linkingReduced = linkingColumns.map { direction * lp.columns[$0].cost }
        for entry in linkingEntries { linkingReduced[entry.column] -= duals[entry.row] * entry.value }
        let nonbasic =
            linkingColumns.enumerated().map { (column: $0.element, reduced: linkingReduced[$0.offset]) }
            + impliedColumns.map { (column: $0.column, reduced: direction * lp.columns[$0.column].cost) }
        for (j, reduced) in nonbasic {
            let column = lp.columns[j]
            reducedCosts[j] = direction * reduced
            if !column.lowerBound.isFinite, !column.upperBound.isFinite {
                columnStatus[j] = .free
            } else if column.lowerBound == column.upperBound {
                columnStatus[j] = .fixed
            } else if column.upperBound.isFinite, !column.lowerBound.isFinite || x[j] - column.lowerBound > column.upperBound - x[j] {
                columnStatus[j] = .atUpper
            } else {
                columnStatus[j] = .atLower
            }
        }
        let gap = report.upperBound - report.lowerBound
        return SolveResult(
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            raw: RawSolverStatus(
                returnCode: "dantzig-wolfe", solutionStatus: "optimal",
                message:
                    "Dantzig–Wolfe by block: \(report.blocks) blocks (\(report.pricedBlocks) priced), \(report.couplingRows) coupling rows, \(report.rounds) rounds, proven gap \(gap)"
            ),
            sense: lp.sense, objectiveValue: lp.objectiveValue(of: x), columnValues: x, rowActivities: lp.rowActivities(of: x),
            rowDuals: rowDuals, columnReducedCosts: reducedCosts,
            basis: complete ? LPBasis(rowStatus: rowStatus, columnStatus: columnStatus) : nil,
            rowRanges: rowRanges, columnRanges: columnRanges, iterations: iterations,
            warmStarted: options.startingBasis != nil)
    }

    /// A block range in the caller's sense (block LPs minimise).
    private func flipped(_ range: BoundRange) -> BoundRange {
        var range = range
        range.objectiveRate *= direction
        return range
    }
}
