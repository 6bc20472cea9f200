// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import KnelpuntReports

/// `knelpunt export`: the allocation LP of one year as a file other solvers read, or the tables
/// the MathProg reference model reads.
struct Export: ParsableCommand {
    enum Format: String, CaseIterable, ExpressibleByArgument {
        /// Free MPS, names as built (`g[wind,0]`, `balance[port,3]`, …).
        case mps
        /// CPLEX LP, names adjusted as GLPK writes them (`-` → `~`, `[` → `(`, `]` → `)`).
        case lp
        /// A folder with the tables of models/allocation.mod and year.dat.
        case mathprog

        /// The default output: `out/<dataset>-<year>.mps`, `.lp`, or the folder `-mathprog`.
        func defaultPath(dataset: String, year: Int) -> String {
            switch self {
            case .mps, .lp: return "out/\(dataset)-\(year).\(rawValue)"
            case .mathprog: return "out/\(dataset)-\(year)-mathprog"
            }
        }
    }

    static let configuration = CommandConfiguration(
        abstract: "Write the allocation LP of one year as MPS or CPLEX LP, or the reference model's tables.",
        discussion: """
            mps and lp write exactly the LP that `knelpunt solve` builds for the year (its cost stage: \
            minimise supply cost + VoLL x unserved + flex cost, in EUR per year), so HiGHS, Gurobi, \
            CPLEX or glpsol can solve it (with reactances: its Kirchhoff rows; under N-1: the \
            post-contingency rows the lazy loop needed, whose optimum is that of the LP with all of them): e.g. `highs out/nl-2030.mps` or `glpsol --freemps out/nl-2030.mps`. \
            mathprog writes a folder with the dataset's tables in the form GLPK's CSV driver reads, \
            n1_pairs.csv (the year's N-1 pairs with their LODF, empty without N-1) and year.dat, for `cd DIR && glpsol -m models/allocation.mod -d year.dat` (see models/allocation.mod).
            """)

    /// `--out` of `export`.
    enum Output: OutputTarget {
        static let help = "Output file (mps, lp) or folder (mathprog); default out/<dataset>-<year>.<mps|lp> or out/<dataset>-<year>-mathprog."
    }

    @OptionGroup var input: DatasetOptions
    @OptionGroup var year: YearOption

    @Option(help: "mps (free MPS), lp (CPLEX LP) or mathprog (tables for models/allocation.mod).")
    var format: Format

    @OptionGroup var output: OutputOptions<Output>

    func run() throws {
        let inputs = try input.load()
        let data = inputs.dataset
        let selectedYear = try year.select(in: data)
        let kind: OutputKind =
            switch format {
            case .mps: .freeMPS
            case .lp: .cplexLP
            case .mathprog: .folder
            }
        let target = try output.checkTarget(
            default: format.defaultPath(dataset: data.info.name, year: selectedYear), kind: kind, inputs: inputs.paths)
        let path = target.url.path
        var summary = ""
        try writeOutput(target.url) {
            switch format {
            case .mps, .lp:
                // With N-1 the LP gains the post-contingency rows the lazy loop needed (a few solves).
                let (model, rounds) = try AllocationRun(dataset: data, solver: GLPKSolver()).certifyingCostStageModel(year: selectedYear)
                let options = GLPKWriteOptions(names: format == .mps ? .strict : .adjusted)
                try target.writeFile { temporary in
                    try GLPKSolver.write(model.lp, to: temporary, format: format == .mps ? .freeMPS : .cplexLP, options: options)
                }
                summary =
                    "\(model.lp.rowCount) rows, \(model.lp.columnCount) columns (\(data.info.name) \(selectedYear), cost stage, minimise EUR per year)"
                if !model.physics.cycles.isEmpty { summary += "; \(model.physics.cycles.count) Kirchhoff cycles per timeslice" }
                if rounds > 0 { summary += "; \(model.contingencyPairs.count) N-1 rows after \(rounds) rounds" }
            case .mathprog:
                // The N-1 pairs and their LODF come from the year's network physics (the model layer).
                let pairs = AllocationModel.build(dataset: data, year: selectedYear).mathProgContingencyTable(dataset: data)
                let files = MathProgTables.files(data) + [pairs, ("year.dat", MathProgTables.yearData(selectedYear))]
                try target.writeFolder(files)
                summary = "the tables of models/allocation.mod; run `cd \(path) && glpsol -m <path to>/models/allocation.mod -d year.dat`"
            }
        }
        output.report("Wrote \(path): \(summary)")
    }
}
