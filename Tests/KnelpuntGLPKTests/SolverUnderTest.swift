// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// One backend of the solver-neutral conformance suite (as MathOptInterface's tests run against
/// every optimizer): the catalogue, Netlib and invalid-model tests run against each of these.
///
/// Every backend must honour the whole ``LPSolver`` contract, so no case is skipped: the
/// Dantzig–Wolfe solver either proves its answer or solves the monolithic LP itself (see
/// ``DantzigWolfeSolver``). Whether it decomposed is checked separately: with several blocks,
/// on every optimal catalogue case; with one block, likewise.
struct SolverUnderTest: Sendable, CustomTestStringConvertible {
    enum Kind: Sendable {
        /// ``GLPKSolver`` on the whole LP.
        case glpk
        /// ``DantzigWolfeSolver`` over GLPK with every row and column in one block.
        case dantzigWolfeOneBlock
        /// ``DantzigWolfeSolver`` over GLPK with the LP's own block structure when it has one
        /// (``CatalogueCase/blocks``), else columns split into up to three contiguous blocks.
        case dantzigWolfeSeveralBlocks
    }

    let kind: Kind
    let testDescription: String

    static let glpk = SolverUnderTest(kind: .glpk, testDescription: "GLPK")
    static let dantzigWolfeOneBlock = SolverUnderTest(kind: .dantzigWolfeOneBlock, testDescription: "Dantzig–Wolfe, one block")
    static let dantzigWolfeSeveralBlocks = SolverUnderTest(kind: .dantzigWolfeSeveralBlocks, testDescription: "Dantzig–Wolfe, several blocks")
    static let all: [SolverUnderTest] = [.glpk, .dantzigWolfeOneBlock, .dantzigWolfeSeveralBlocks]

    /// The solver for `lp`; `blocks` is the LP's natural block structure, if it has one.
    func solver(for lp: LinearProgram, blocks: BlockStructure? = nil) -> any LPSolver {
        switch kind {
        case .glpk:
            return GLPKSolver()
        case .dantzigWolfeOneBlock:
            let structure = BlockStructure(
                blockCount: 1, columnBlock: Array(repeating: 0, count: lp.columnCount), rowBlock: Array(repeating: 0, count: lp.rowCount))
            return DantzigWolfeSolver(inner: GLPKSolver(), structure: structure)
        case .dantzigWolfeSeveralBlocks:
            return DantzigWolfeSolver(inner: GLPKSolver(), structure: blocks ?? Self.contiguousBlocks(lp, count: 3))
        }
    }

    /// A valid block structure for any LP: the columns in up to `count` contiguous ranges (at
    /// least two blocks, empty ones when there are fewer columns); a row whose coefficients all
    /// lie in one block belongs to it, every other row (empty ones included) couples. Entries
    /// outside the LP (an invalid model) make their row coupling, so the solver's own
    /// validation reports them.
    static func contiguousBlocks(_ lp: LinearProgram, count: Int) -> BlockStructure {
        let blocks = max(2, min(count, lp.columnCount))
        let columnBlock: [Int?] = (0..<lp.columnCount).map { $0 * blocks / lp.columnCount }
        var rowBlock = [Int?](repeating: nil, count: lp.rowCount)
        var rowIsMixed = [Bool](repeating: false, count: lp.rowCount)
        var rowHasEntry = [Bool](repeating: false, count: lp.rowCount)
        for k in lp.entryValues.indices {
            let i = Int(lp.entryRows[k])
            let j = Int(lp.entryColumns[k])
            guard (0..<lp.rowCount).contains(i) else { continue }
            guard (0..<lp.columnCount).contains(j) else {
                rowIsMixed[i] = true
                continue
            }
            if rowHasEntry[i], rowBlock[i] != columnBlock[j] { rowIsMixed[i] = true }
            rowHasEntry[i] = true
            rowBlock[i] = columnBlock[j]
        }
        for i in 0..<lp.rowCount where rowIsMixed[i] || !rowHasEntry[i] { rowBlock[i] = nil }
        return BlockStructure(blockCount: blocks, columnBlock: columnBlock, rowBlock: rowBlock)
    }
}
