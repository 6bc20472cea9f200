// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

extension AllocationRun {
    /// The cost-stage LP of `year` as `knelpunt export` writes it: the model with its Kirchhoff
    /// rows and, under N-1, the post-contingency rows the lazy loop needed (solve, add the
    /// violated pairs, re-solve warm by the dual simplex, until none is violated). Each solve is
    /// by exact timeslice decomposition as in `solve` (``DecompositionMode/decomposesCostStage``;
    /// monolithic with `--decomposition off` or one slice). Its optimum is the optimum of the LP
    /// with every N-1 row, so another solver can check the answer on it. Without N-1 outages it is
    /// ``AllocationModel/build(dataset:year:)`` unchanged, no solve.
    public func certifyingCostStageModel(year: Int) throws(AnalysisError) -> (model: AllocationModel, rounds: Int) {
        var model = AllocationModel.build(dataset: dataset, year: year)
        guard !model.security.outageBranches.isEmpty else { return (model, 0) }
        var solveOptions = options.solveOptions
        let decompose = options.decomposition.decomposesCostStage(model)
        var settings = options.decompositionSettings
        settings.workers = max(1, options.workers) // one year: the workers go to its blocks
        var rounds = 0
        while true {
            let stage = "cost stage, N-1 round \(rounds + 1)"
            let result: SolveResult
            do {
                result =
                    decompose
                    ? try DantzigWolfeSolver(inner: solver, structure: model.blockStructure(), settings: settings).solve(
                        model.lp, options: solveOptions)
                    : try solver.solve(model.lp, options: solveOptions)
            } catch {
                throw .solver(year: year, stage: stage, error: error)
            }
            try CostStage.check(result, year: year, stage: stage)
            rounds += 1
            let rows = model.addContingencyRows(pairs: model.contingencyViolations(result, toleranceMW: 1e-6), dataset: dataset)
            if rows.isEmpty { return (model, rounds) }
            if let basis = result.basis {
                solveOptions.startingBasis = LPBasis(
                    rowStatus: basis.rowStatus + Array(repeating: .basic, count: rows.count), columnStatus: basis.columnStatus)
            }
            if solveOptions.method != .interior { solveOptions.method = .dualThenPrimal }
        }
    }
}
