// SPDX-License-Identifier: GPL-3.0-or-later

/// Solves an LP of ``BlockStructure`` shape exactly by Dantzig–Wolfe decomposition, using
/// another ``LPSolver`` for the small block LPs and the master, and falls back to that solver
/// on the whole LP whenever the decomposition cannot prove its answer.
///
/// Method (internally always minimising; a maximisation is negated):
/// 1. Blocks without coefficients in coupling rows are solved once. The others are solved at
///    coupling prices π = 0; with no linking columns and the coupling rows already met, those
///    block optima are optimal for the whole LP (a relaxation's optimum that is feasible).
/// 2. Otherwise a master LP chooses, per priced block b, a convex combination Σ_p θ_p x_b^p of
///    the block solutions found so far (one convexity row Σ_p θ_p = 1 per block), plus the
///    linking columns, subject to the coupling rows. Phase 1 minimises artificial slacks on
///    the coupling rows until they are zero (no big-M); phase 2 minimises the true cost. Each
///    block's points enter relative to its first one (costs and coupling values as
///    differences), which keeps the master's duals accurate when block costs are large; a
///    master whose own columns still price out is solved again with a tighter dual tolerance.
/// 3. With coupling duals π and the master's convexity duals σ_b, each priced block is solved
///    with costs c_b − πᵀA_b (warm-started from its previous basis). A block solution whose
///    reduced cost at the master's duals is negative adds a column; a block whose LP is
///    unbounded at these costs adds a ray (a direction of its recession cone with negative
///    cost, found by a small LP over the cone cut by a unit box), which enters the master
///    without a convexity share. The Lagrangian bound L(π) = Σ_b z_b + Σ_k π_k·(active bound
///    of row k) + min over the linking columns is a proven lower bound at any π; the master's
///    objective an upper bound. Phase 2 prices at duals smoothed toward the best bound's π̂
///    (``DecompositionOptions/smoothing``, Wentges smoothing with mis-pricing: see
///    `columnGeneration`). Stop when the master's objective and the best bound meet within
///    ``DecompositionOptions/relativeGap``.
/// 4. The answer: x_b = Σ_p θ_p x_b^p; duals of block rows and reduced costs from the block
///    solves at π̂ (the blocks are priced once more at π̂ when the last pricing was elsewhere);
///    coupling-row duals π̂. That is a primal and dual feasible pair with the proven gap. It is
///    re-checked independently with ``FeasibilityReport``; if the check fails, or the master
///    stalls, or rounds run out, the monolithic LP is solved instead and
///    ``DecompositionReport/fallbackReason`` says why.
///
/// The returned basis has each block's final basis and the coupling rows basic, linking
/// columns non-basic: valid to warm-start the monolithic LP or a later stage.
public struct DantzigWolfeSolver: LPSolver {
    public let inner: any LPSolver
    public let structure: BlockStructure
    public let settings: DecompositionOptions

    public init(inner: any LPSolver, structure: BlockStructure, settings: DecompositionOptions = DecompositionOptions()) {
        self.inner = inner
        self.structure = structure
        self.settings = settings
    }

    public var backendDescription: String { "\(inner.backendDescription), Dantzig–Wolfe by block" }

    /// What the inner solver would reject (with the same message), then the block structure.
    public func check(_ lp: LinearProgram) throws(SolverError) {
        try inner.check(lp)
        try structure.check(lp)
        guard settings.smoothing >= 0, settings.smoothing < 1 else {
            throw .invalidOption(problem: "decomposition smoothing \(settings.smoothing) is outside [0, 1) (0 turns it off)")
        }
    }

    /// ``SolveOptions/timeLimitSeconds`` and ``SolveOptions/iterationLimit`` bound the whole
    /// decomposed solve (every block, master and fallback solve together): each inner solve gets
    /// what is left, and reaching either ends the solve with that termination (no fallback).
    public func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
        // Reject an invalid model or request up front, as the inner solver would on the whole
        // LP, whether or not the decomposition would have delivered.
        try check(lp)
        try options.check()
        try options.sensitivity.check(for: lp)
        let started = ContinuousClock.now
        var run = DecompositionRun(
            lp: lp, structure: structure, options: options, settings: settings, inner: inner,
            deadline: options.timeLimitSeconds.map { started + .milliseconds(Int64(($0 * 1000).rounded(.down))) })
        do {
            if var result = try run.solve() {
                result.solveTimeSeconds = (ContinuousClock.now - started).inSeconds
                result.decomposition = run.report
                return result
            }
        } catch {
            // A block or master solve failed: the whole LP goes to the inner solver, which
            // reports any problem with the LP's own row and column indices.
            run.report.fallbackReason = "a block or master solve failed: \(error)"
        }
        if let (status, message) = run.limitHit {
            var result = SolveResult(
                termination: status, primalStatus: .noSolution, dualStatus: .noSolution,
                raw: RawSolverStatus(
                    returnCode: status == .timeLimit ? "time limit" : "iteration limit", solutionStatus: "none",
                    message: "Dantzig–Wolfe decomposition stopped after \(run.report.rounds) rounds: \(message)"),
                sense: lp.sense, objectiveValue: nil, iterations: run.iterations)
            result.solveTimeSeconds = (ContinuousClock.now - started).inSeconds
            result.decomposition = run.report
            return result
        }
        if let block = run.infeasibleBlock {
            run.report.infeasibleBlock = block
            var result = SolveResult(
                termination: .infeasible, primalStatus: .noSolution, dualStatus: .noSolution,
                raw: RawSolverStatus(
                    returnCode: "block infeasible", solutionStatus: "none",
                    message: "Dantzig–Wolfe decomposition: block \(block)'s own rows and bounds are infeasible, so the LP is"),
                sense: lp.sense, objectiveValue: nil, iterations: run.iterations)
            result.solveTimeSeconds = (ContinuousClock.now - started).inSeconds
            result.decomposition = run.report
            return result
        }
        var result = try inner.solve(lp, options: run.limited(options))
        result.iterations += run.iterations
        result.solveTimeSeconds = (ContinuousClock.now - started).inSeconds
        result.decomposition = run.report
        return result
    }
}

/// The state of one decomposed solve (see ``DantzigWolfeSolver``).
struct DecompositionRun: Sendable {
    let lp: LinearProgram
    let options: SolveOptions
    let settings: DecompositionOptions
    let inner: any LPSolver
    /// +1 when minimising, −1 when maximising (internal costs are direction × cost).
    let direction: Double
    let blockColumns: [[Int]]
    let blockRows: [[Int]]
    let linkingColumns: [Int]
    let couplingRows: [Int]
    /// Block LPs in internal (minimisation) sense with their own costs.
    let templates: [LinearProgram]
    let couplingEntries: [[CouplingEntry]]
    let linkingEntries: [CouplingEntry]
    let pricedBlocks: [Int]
    /// Linking columns set after the solve from their implied coupling row (see `init`).
    let impliedColumns: [(column: Int, row: Int, coefficient: Double)]
    /// Coupling rows left out of the master (free or implied).
    let droppedRows: [Int]
    /// Rows and columns of the caller's sensitivity request.
    let sensitiveRows: [Bool]
    let sensitiveColumns: [Bool]
    /// Blocks with equal values have the same matrix (same rows, columns and coefficients'
    /// positions): the first such block's index.
    let sameShape: [Int]
    var solutions: [BlockSolution?]
    var proposals: [Proposal] = []
    /// The points of each block the master holds (for `hasPoint`).
    var points: [Set<[Double]>]
    /// The master's dual feasibility tolerance once tightened (`nil`: the caller's).
    var masterDualTolerance: Double?
    /// Upper bound of each artificial coupling slack in phase 2 (two per coupling row, as the
    /// master lays them out): 10× its value where phase 1 ended, at most phase 1's end tolerance;
    /// empty (all 0) until then.
    var phaseTwoSlackLimit: [Double] = []
    /// Each priced block's reference point in the master (its first point proposal): cost and
    /// nonzero coupling values (see `buildMaster`).
    var referenceCost: [Double]
    var referenceCoupling: [[(row: Int, value: Double)]?]
    /// Rounds each proposal has spent outside the master's basis.
    var ages: [Int] = []
    var report = DecompositionReport()
    var iterations = 0
    /// When the caller's time limit runs out (`nil`: no limit).
    let deadline: ContinuousClock.Instant?
    /// The limit that stopped the run, with the solve that reached it.
    var limitHit: (status: TerminationStatus, message: String)?
    /// A block proved infeasible, with ``DecompositionOptions/infeasibleBlockEndsSolve`` set.
    var infeasibleBlock: Int?

    init(
        lp: LinearProgram, structure: BlockStructure, options: SolveOptions, settings: DecompositionOptions, inner: any LPSolver,
        deadline: ContinuousClock.Instant? = nil
    ) {
        self.deadline = deadline
        self.lp = lp
        self.options = options
        self.settings = settings
        self.inner = inner
        direction = lp.sense == .minimize ? 1 : -1
        var sensitiveRows = [Bool](repeating: false, count: lp.rowCount)
        var sensitiveColumns = [Bool](repeating: false, count: lp.columnCount)
        for i in options.sensitivity.rows where i >= 0 && i < lp.rowCount { sensitiveRows[i] = true }
        for j in options.sensitivity.columns where j >= 0 && j < lp.columnCount { sensitiveColumns[j] = true }
        self.sensitiveRows = sensitiveRows
        self.sensitiveColumns = sensitiveColumns
        let blocks = structure.blockCount
        var columns = [[Int]](repeating: [], count: blocks)
        var rows = [[Int]](repeating: [], count: blocks)
        var linking: [Int] = []
        var coupling: [Int] = []
        var localColumn = [Int](repeating: 0, count: lp.columnCount)
        var localRow = [Int](repeating: 0, count: lp.rowCount)
        for (j, block) in structure.columnBlock.enumerated() {
            if let block {
                localColumn[j] = columns[block].count
                columns[block].append(j)
            } else {
                localColumn[j] = linking.count
                linking.append(j)
            }
        }
        for (i, block) in structure.rowBlock.enumerated() {
            if let block {
                localRow[i] = rows[block].count
                rows[block].append(i)
            } else {
                localRow[i] = coupling.count
                coupling.append(i)
            }
        }
        // Coupling rows that can never bind stay out of the master (their duals are 0): free
        // rows, and rows `L ≤ s(x) + α·y ≤ U` whose linking column y (cost 0, in no other
        // coupling row) can absorb every value s takes within the column bounds — like the
        // rules' share rows `Σ_t (w_t/E_i)·u[i,t] − q_i = 0` with q_i ∈ [0, 1]. y is set
        // afterwards from s.
        let implied = Self.impliedCouplingRows(
            lp: lp, structure: structure, coupling: coupling, localRow: localRow, localColumn: localColumn, linking: linking)
        var keepRow = [Bool](repeating: true, count: coupling.count)
        var keepLinking = [Bool](repeating: true, count: linking.count)
        for k in implied.droppedRows { keepRow[k] = false }
        for item in implied.columns { keepLinking[item.linking] = false }
        impliedColumns = implied.columns.map { (column: linking[$0.linking], row: coupling[$0.row], coefficient: $0.coefficient) }
        droppedRows = implied.droppedRows.map { coupling[$0] }
        var keptCoupling: [Int] = []
        var keptLinking: [Int] = []
        for (k, i) in coupling.enumerated() where keepRow[k] {
            localRow[i] = keptCoupling.count
            keptCoupling.append(i)
        }
        for (m, j) in linking.enumerated() where keepLinking[m] {
            localColumn[j] = keptLinking.count
            keptLinking.append(j)
        }
        coupling = keptCoupling
        linking = keptLinking
        var isCoupling = [Bool](repeating: false, count: lp.rowCount)
        var isLinking = [Bool](repeating: false, count: lp.columnCount)
        for i in coupling { isCoupling[i] = true }
        for j in linking { isLinking[j] = true }
        var templates: [LinearProgram] = []
        for b in 0..<blocks {
            // Block LPs carry no row/column names (the answer is checked and reported on `lp`).
            var block = LinearProgram(name: "block\(b)", sense: .minimize)
            for j in columns[b] {
                let column = lp.columns[j]
                block.addColumn(name: "", lowerBound: column.lowerBound, upperBound: column.upperBound, cost: direction * column.cost)
            }
            for i in rows[b] { block.addRow(name: "", lowerBound: lp.rows[i].lowerBound, upperBound: lp.rows[i].upperBound, terms: []) }
            templates.append(block)
        }
        var entries = [[CouplingEntry]](repeating: [], count: blocks)
        var linkingEntries: [CouplingEntry] = []
        for k in lp.entryValues.indices {
            let i = Int(lp.entryRows[k])
            let j = Int(lp.entryColumns[k])
            let value = lp.entryValues[k]
            if let b = structure.rowBlock[i] {
                templates[b].addCoefficient(row: localRow[i], column: localColumn[j], value: value)
            } else if !isCoupling[i] {
                continue
            } else if let b = structure.columnBlock[j] {
                entries[b].append(CouplingEntry(column: localColumn[j], row: localRow[i], value: value))
            } else if isLinking[j] {
                linkingEntries.append(CouplingEntry(column: localColumn[j], row: localRow[i], value: value))
            }
        }
        blockColumns = columns
        blockRows = rows
        linkingColumns = linking
        couplingRows = coupling
        self.templates = templates
        couplingEntries = entries
        self.linkingEntries = linkingEntries
        pricedBlocks = (0..<blocks).filter { !entries[$0].isEmpty }
        var shapes: [Int] = []
        for b in 0..<blocks {
            let t = templates[b]
            let match =
                b > 0 && templates[b - 1].rowCount == t.rowCount && templates[b - 1].columnCount == t.columnCount
                && templates[b - 1].entryRows == t.entryRows && templates[b - 1].entryColumns == t.entryColumns
            shapes.append(match ? shapes[b - 1] : b)
        }
        sameShape = shapes
        solutions = Array(repeating: nil, count: blocks)
        referenceCost = Array(repeating: 0, count: blocks)
        points = Array(repeating: [], count: blocks)
        referenceCoupling = Array(repeating: nil, count: blocks)
        report.blocks = blocks
        report.pricedBlocks = pricedBlocks.count
        report.couplingRows = coupling.count
        report.linkingColumns = linking.count
        report.droppedCouplingRows = droppedRows.count
    }

    /// The coupling rows (indices into `coupling`) that cannot bind, and the linking columns
    /// (indices into `linking`) implied by them; see `init`.
    static func impliedCouplingRows(
        lp: LinearProgram, structure: BlockStructure, coupling: [Int], localRow: [Int], localColumn: [Int], linking: [Int]
    )
        -> (droppedRows: [Int], columns: [(linking: Int, row: Int, coefficient: Double)])
    {
        var low = [Double](repeating: 0, count: coupling.count)
        var high = low
        var linkingTerms = [[(linking: Int, coefficient: Double)]](repeating: [], count: coupling.count)
        for k in lp.entryValues.indices {
            let i = Int(lp.entryRows[k])
            let j = Int(lp.entryColumns[k])
            let value = lp.entryValues[k]
            guard structure.rowBlock[i] == nil else { continue }
            let row = localRow[i]
            let column = lp.columns[j]
            if structure.columnBlock[j] == nil {
                linkingTerms[row].append((localColumn[j], value))
            } else {
                low[row] += value * (value > 0 ? column.lowerBound : column.upperBound)
                high[row] += value * (value > 0 ? column.upperBound : column.lowerBound)
            }
        }
        var free = [Bool](repeating: false, count: coupling.count)
        var appearances = [Int](repeating: 0, count: linking.count)
        for (k, i) in coupling.enumerated() {
            free[k] = lp.rows[i].lowerBound == -.infinity && lp.rows[i].upperBound == .infinity
            if !free[k] { for term in linkingTerms[k] { appearances[term.linking] += 1 } }
        }
        var dropped: [Int] = []
        var columns: [(linking: Int, row: Int, coefficient: Double)] = []
        for (k, i) in coupling.enumerated() {
            if free[k] {
                dropped.append(k)
                continue
            }
            guard linkingTerms[k].count == 1, let term = linkingTerms[k].first, appearances[term.linking] == 1 else { continue }
            let column = lp.columns[linking[term.linking]]
            let row = lp.rows[i]
            guard column.cost == 0, column.lowerBound.isFinite, column.upperBound.isFinite, low[k].isFinite, high[k].isFinite else { continue }
            let lo = min(term.coefficient * column.lowerBound, term.coefficient * column.upperBound)
            let hi = max(term.coefficient * column.lowerBound, term.coefficient * column.upperBound)
            let slack = 1e-9 * (1 + max(abs(low[k]), abs(high[k])))
            guard low[k] + hi >= row.lowerBound - slack, high[k] + lo <= row.upperBound + slack else { continue }
            dropped.append(k)
            columns.append((term.linking, k, term.coefficient))
        }
        return (dropped, columns)
    }

    /// Runs the decomposition; `nil` (with ``report``'s fallback reason) when the monolithic LP
    /// should be solved instead.
    mutating func solve() throws(SolverError) -> SolveResult? {
        if let reason = unsuitable() {
            report.fallbackReason = reason
            return nil
        }
        let zero = [Double](repeating: 0, count: couplingRows.count)
        let priced = Set(pricedBlocks)
        guard try price((0..<templates.count).filter { !priced.contains($0) }, duals: zero, phaseOne: false, sensitivity: true),
            try price(pricedBlocks, duals: zero, phaseOne: false, sensitivity: false)
        else { return nil }
        if limitExhausted() { return nil }
        if let b = (0..<templates.count).first(where: { !priced.contains($0) && solutions[$0]?.ray != nil }) {
            report.fallbackReason = "block \(b) is unbounded and not coupled (the LP is unbounded or infeasible)"
            return nil
        }
        if linkingColumns.isEmpty, !pricedBlocks.contains(where: { solutions[$0]?.ray != nil }), relaxationMeetsCouplingRows() {
            report.lowerBound = objectiveOfBlocks()
            report.upperBound = report.lowerBound
            return try complete(master: nil, duals: zero)
        }
        proposePricedBlocks()
        let seed = couplingRows.map { settings.seedRowDuals[$0] ?? 0 }
        if seed.contains(where: { $0 != 0 }) {
            guard try price(pricedBlocks, duals: seed, phaseOne: false, sensitivity: false) else { return nil }
            proposePricedBlocks()
        }
        return try columnGeneration()
    }

    /// Every priced block's last solution joins the master (its point, and its ray when the
    /// block was unbounded).
    private mutating func proposePricedBlocks() {
        for b in pricedBlocks {
            addProposal(block: b, point: true)
            if solutions[b]?.ray != nil { addProposal(block: b, point: false) }
        }
    }

    private func unsuitable() -> String? {
        if options.method == .interior { return "interior point asked (no basis to decompose)" }
        return nil
    }

    /// `options` with what is left of the caller's time and iteration limits.
    func limited(_ options: SolveOptions) -> SolveOptions {
        var limited = options
        if let deadline { limited.timeLimitSeconds = max(0, (deadline - ContinuousClock.now).inSeconds) }
        if let limit = self.options.iterationLimit { limited.iterationLimit = max(0, limit - iterations) }
        return limited
    }

    /// Records and reports a limit that ran out between solves.
    mutating func limitExhausted() -> Bool {
        if let deadline, ContinuousClock.now >= deadline {
            limitHit = (.timeLimit, "the time limit of \(options.timeLimitSeconds ?? 0) s ran out")
        } else if let limit = options.iterationLimit, iterations >= limit {
            limitHit = (.iterationLimit, "the iteration limit of \(limit) was reached")
        }
        return limitHit != nil
    }
}
