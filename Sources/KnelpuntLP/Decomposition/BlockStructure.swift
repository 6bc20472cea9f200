// SPDX-License-Identifier: GPL-3.0-or-later

/// Which block every row and column of a ``LinearProgram`` belongs to, for
/// ``DantzigWolfeSolver``.
///
/// The LP must have the bordered block-diagonal shape
///
///     min  c_0·y + Σ_b c_b·x_b
///     s.t. L ≤ A_0·y + Σ_b A_b·x_b ≤ U      (coupling rows)
///          l_b ≤ B_b·x_b ≤ u_b              (block rows, one set per block b)
///          bounds on y and every x_b
///
/// so a block row only touches columns of its own block, and a linking column (`nil` block:
/// y above) appears only in coupling rows. For the allocation model the blocks are timeslices,
/// the coupling rows are the flex budgets (and the share rows of the allocation rules), and
/// the linking columns are the rules' q_i and λ.
public struct BlockStructure: Sendable, Hashable {
    public var blockCount: Int
    /// Block of each column; `nil` for a linking column.
    public var columnBlock: [Int?]
    /// Block of each row; `nil` for a coupling row.
    public var rowBlock: [Int?]

    public init(blockCount: Int, columnBlock: [Int?], rowBlock: [Int?]) {
        self.blockCount = blockCount
        self.columnBlock = columnBlock
        self.rowBlock = rowBlock
    }

    /// Throws ``SolverError/invalidModel(problem:)`` naming the first row, column or entry that
    /// does not fit the shape above.
    public func check(_ lp: LinearProgram) throws(SolverError) {
        guard blockCount >= 1 else { throw .invalidModel(problem: "block structure has \(blockCount) blocks") }
        guard columnBlock.count == lp.columnCount, rowBlock.count == lp.rowCount else {
            throw .invalidModel(
                problem:
                    "block structure covers \(columnBlock.count) columns and \(rowBlock.count) rows; the LP has \(lp.columnCount) and \(lp.rowCount)")
        }
        for (j, block) in columnBlock.enumerated() {
            if let block, !(0..<blockCount).contains(block) {
                throw .invalidModel(problem: "column \(lp.columns[j].name) is in block \(block), outside 0..<\(blockCount)")
            }
        }
        for (i, block) in rowBlock.enumerated() {
            if let block, !(0..<blockCount).contains(block) {
                throw .invalidModel(problem: "row \(lp.rows[i].name) is in block \(block), outside 0..<\(blockCount)")
            }
        }
        for k in lp.entryValues.indices {
            let i = Int(lp.entryRows[k])
            let j = Int(lp.entryColumns[k])
            guard let rowBlock = rowBlock[i] else { continue }
            guard columnBlock[j] == rowBlock else {
                let place = columnBlock[j].map { "block \($0)" } ?? "no block (a linking column)"
                throw .invalidModel(
                    problem:
                        "row \(lp.rows[i].name) of block \(rowBlock) has a coefficient in column \(lp.columns[j].name) of \(place); only coupling rows may span blocks"
                )
            }
        }
    }
}

/// What a ``DantzigWolfeSolver`` did: the bounds it proved, how much work it took, and — when
/// it handed the LP to the monolithic solver instead — why.
public struct DecompositionReport: Sendable, Hashable {
    public var blocks = 0
    /// Blocks with coefficients in coupling rows (re-priced every round); the others are solved once.
    public var pricedBlocks = 0
    public var couplingRows = 0
    /// Coupling rows left out because they cannot bind (free, or absorbed by a linking column).
    public var droppedCouplingRows = 0
    public var linkingColumns = 0
    /// Master/pricing rounds (0 when the blocks' own optima already met the coupling rows).
    public var rounds = 0
    public var blockSolves = 0
    public var masterSolves = 0
    /// Master columns dropped (see ``DecompositionOptions/dropAfterRounds``).
    public var droppedProposals = 0
    /// The smoothing factor α the pricing used (``DecompositionOptions/smoothing``).
    public var smoothing = 0.0
    /// Pricings at smoothed duals that found no column for the master (each is followed by a
    /// pricing nearer the master's duals in the same round).
    public var misPricings = 0
    /// Extra pricings at the stability centre's duals at the end, so the reported duals and the
    /// block solutions belong together (0 or 1).
    public var finalPricings = 0
    /// Master solves repeated from scratch because the warm-started answer failed the
    /// independent check (``FeasibilityReport``) on the master LP.
    public var masterColdRestarts = 0
    /// Master solves in exact arithmetic (``SolveMethod/exact``) after the floating-point
    /// simplex failed on the master from scratch or pivoted past its iteration cap.
    public var masterExactSolves = 0
    /// Sum of the artificial coupling slacks where phase 1 ended (within its tolerance of 0,
    /// not always at 0); phase 2 keeps each slack within 10× its value there.
    public var phaseOneResidual = 0.0
    /// The master's dual feasibility tolerance after tightening (`nil`: the caller's); see
    /// ``DantzigWolfeSolver``.
    public var masterDualTolerance: Double? = nil
    /// Wall time spent in master solves and in block solves, seconds.
    public var masterSeconds = 0.0
    public var blockSeconds = 0.0
    /// Proven bounds on the optimum (internal minimisation sense: lower ≤ optimum ≤ upper).
    public var lowerBound: Double = -.infinity
    public var upperBound: Double = .infinity
    /// Why the monolithic LP was solved instead; `nil` when the decomposition delivered.
    public var fallbackReason: String? = nil
    /// The block whose own rows proved the LP infeasible, when that ended the solve
    /// (``DecompositionOptions/infeasibleBlockEndsSolve``): no monolithic LP was solved then,
    /// although ``fallbackReason`` names the block.
    public var infeasibleBlock: Int? = nil
    public init() {}
}

/// Settings of ``DantzigWolfeSolver``.
public struct DecompositionOptions: Sendable, Hashable {
    /// Converged when upper − lower bound ≤ this × max(1, |upper bound|).
    public var relativeGap: Double = 1e-9
    /// When no block can improve the master any more, a remaining gap up to this (relative) is
    /// accepted as round-off; above it the monolithic LP is solved instead.
    public var acceptedGap: Double = 1e-8
    /// A proposal (master column) that stays out of the master's basis this many rounds is
    /// dropped (each block keeps its newest); 0 (the default) keeps every proposal (why:
    /// docs/performance.md, "Tuning defaults").
    public var dropAfterRounds: Int = 0
    /// Master/pricing rounds before falling back to the monolithic LP.
    public var maxRounds: Int = 300
    /// Wentges smoothing α ∈ [0, 1) of the duals the blocks are priced at: α·π̂ + (1 − α)·π,
    /// with π̂ the coupling duals of the best Lagrangian bound so far and π the master's (see
    /// ``DantzigWolfeSolver``); 0 (the default) prices at the master's duals (plain column
    /// generation): on the cost stages measured, smoothing added rounds (why:
    /// docs/performance.md, "Dual smoothing and the master's accuracy").
    public var smoothing: Double = 0
    /// A block LP holds only its own rows and columns, so when one is proved infeasible the
    /// whole LP is infeasible. With this set, the solve then ends as infeasible (termination
    /// ``TerminationStatus/infeasible``, no values) instead of solving the monolithic LP, whose
    /// floating-point simplex may still accept it within its tolerances: for callers that have
    /// a remedy for an LP infeasible at the tolerance (Knelpunt's rule stages loosen their holds).
    public var infeasibleBlockEndsSolve = false
    /// Threads for the block solves (each block is created, solved and freed on one thread).
    /// The answer does not depend on it: see ``chunks``.
    public var workers: Int = 1
    /// The blocks are solved in this many contiguous chunks, each in order with every block
    /// warm-started from its neighbour on its first solve; chunks run in parallel. Fixed, so
    /// the same blocks start from the same bases whatever ``workers`` is.
    public var chunks: Int = 8
    /// Tolerances of the final independent check (``FeasibilityReport``); a result that fails
    /// it is replaced by the monolithic solve.
    public var check = FeasibilityTolerance(absolute: 1e-6, relative: 1e-9)
    /// Coupling-row duals (LP row index → dual, in the minimising sense of the block LPs: a
    /// block column's cost becomes c − Σ dual·a) at which the priced blocks are solved once more
    /// before the first master, their points joining the master's first proposals. Only the
    /// start of the column generation changes, never its optimum. For a caller that knows which
    /// way the blocks must move (a probe split by ``LinkingColumnSplit``: every slice towards
    /// its largest copy), where plain column generation would find that one block per round.
    public var seedRowDuals: [Int: Double] = [:]
    public init() {}
}
