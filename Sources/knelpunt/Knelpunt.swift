// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import KnelpuntGLPK

@main
struct Knelpunt: ParsableCommand {
    static let toolVersion = "0.1.0"
    static let configuration = CommandConfiguration(
        commandName: "knelpunt",
        abstract: "Find where Dutch grid and hydrogen capacity falls short of industrial demand.",
        version: "knelpunt \(toolVersion) (GLPK \(GLPKSolver.version))",
        subcommands: [
            Solve.self, ComparePolicies.self, Validate.self, Export.self, Generate.self, Report.self, Diff.self, Relief.self, Explain.self,
            Sweep.self, Merge.self,
        ]
    )
}
