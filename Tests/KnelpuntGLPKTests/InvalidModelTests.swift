// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// Inputs GLPK would abort on or silently accept must throw, naming the offender, from every
/// backend of the conformance suite (the decomposition reports them as GLPK does).
@Suite("Solvers reject invalid models and options")
struct InvalidModelTests {
    /// A valid base: min x + y, r0: x + y ≥ 1.
    static func base() -> LinearProgram {
        makeLP("base", columns: [("x", 0, inf, 1), ("y", 0, inf, 1)], rows: [("r0", 1, inf, [1, 1])])
    }

    struct BadModel: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let lp: LinearProgram
        /// Every fragment must appear in the error message.
        let fragments: [String]
    }

    static let badModels: [BadModel] = {
        var cases = [BadModel]()
        func add(_ name: String, _ fragments: [String], _ edit: (inout LinearProgram) -> Void) {
            var lp = base()
            edit(&lp)
            cases.append(BadModel(testDescription: name, lp: lp, fragments: fragments))
        }
        add("NaN column bound", ["column 0 'x'", "NaN"]) { $0.setColumnBounds(0, lower: .nan, upper: 1) }
        add("NaN row bound", ["row 0 'r0'", "NaN"]) { $0.setRowBounds(0, lower: 1, upper: .nan) }
        add("NaN cost", ["column 1 'y'", "cost nan"]) { $0.setCost(1, .nan) }
        add("infinite cost", ["column 1 'y'", "cost inf"]) { $0.setCost(1, .infinity) }
        add("NaN objective constant", ["objective constant"]) { $0.objectiveConstant = .nan }
        add("lower above upper (column)", ["column 1 'y'", "lower bound 3.0 above upper bound 2.0"]) { $0.setColumnBounds(1, lower: 3, upper: 2) }
        add("lower above upper (row)", ["row 0 'r0'", "lower bound 5.0 above upper bound 4.0"]) { $0.setRowBounds(0, lower: 5, upper: 4) }
        add("lower bound +infinity", ["column 0 'x'", "lower bound +infinity"]) { $0.setColumnBounds(0, lower: .infinity, upper: .infinity) }
        add("upper bound -infinity", ["row 0 'r0'", "upper bound -infinity"]) { $0.setRowBounds(0, lower: -.infinity, upper: -.infinity) }
        add("coefficient for a missing column", ["row 'r1'", "column 5", "2 columns"]) {
            $0.addRow(name: "r1", lowerBound: 0, upperBound: 1, terms: [(column: 5, coefficient: 1)])
        }
        add("coefficient for a missing row", ["row 3", "1 rows"]) { $0.addCoefficient(row: 3, column: 0, value: 1) }
        add("negative column index", ["column -1"]) {
            $0.addRow(name: "r1", lowerBound: 0, upperBound: 1, terms: [(column: -1, coefficient: 1)])
        }
        add("duplicate (row, column) entry", ["column 'x'", "twice in row 'r1'"]) {
            $0.addRow(name: "r1", lowerBound: 0, upperBound: 4, terms: [(column: 0, coefficient: 1), (column: 0, coefficient: 2)])
        }
        add("infinite coefficient", ["column 'y'", "row 'r1'", "inf"]) {
            $0.addRow(name: "r1", lowerBound: 0, upperBound: 4, terms: [(column: 1, coefficient: .infinity)])
        }
        add("NaN coefficient", ["column 'x'", "row 'r1'", "nan"]) {
            $0.addRow(name: "r1", lowerBound: 0, upperBound: 4, terms: [(column: 0, coefficient: .nan)])
        }
        add("column name longer than 255 bytes", ["column name", String(repeating: "c", count: 40), "255 bytes"]) {
            $0.addColumn(name: String(repeating: "c", count: 256), cost: 1)
        }
        add("row name longer than 255 bytes", ["row name", "ééé", "255 bytes"]) {
            $0.addRow(name: String(repeating: "é", count: 128), lowerBound: 0, upperBound: 1, terms: [(column: 0, coefficient: 1)])
        }
        add("model name longer than 255 bytes", ["model name", "255 bytes"]) { $0.name = String(repeating: "m", count: 300) }
        add("row name with a newline", ["row 1", "bad\\nrow", "control character"]) {
            $0.addRow(name: "bad\nrow", lowerBound: 0, upperBound: 1, terms: [(column: 0, coefficient: 1)])
        }
        add("column name with a tab", ["column 2", "tab\\tcol", "control character"]) { $0.addColumn(name: "tab\tcol") }
        add("column name with a NUL", ["column 2", "control character"]) { $0.addColumn(name: "nul\u{0}col") }
        return cases
    }()

    @Test("invalid model throws invalidModel naming the offender", arguments: SolverUnderTest.all, badModels)
    func invalidModel(_ backend: SolverUnderTest, _ bad: BadModel) {
        let error = solverError { _ = try backend.solver(for: bad.lp).solve(bad.lp) }
        guard case .invalidModel(let problem)? = error else {
            Issue.record("expected invalidModel, got \(String(describing: error))")
            return
        }
        for fragment in bad.fragments {
            #expect(problem.contains(fragment), "'\(fragment)' missing from: \(problem)")
        }
    }

    /// The base itself is valid (so the cases above fail for their edit, not for the base).
    @Test("the base model solves", arguments: SolverUnderTest.all)
    func baseSolves(_ backend: SolverUnderTest) throws {
        let result = try solveChecked(Self.base(), solver: backend.solver(for: Self.base()))
        #expect(result.termination == .optimal)
        expectClose(result.objectiveValue, 1, "objective")
    }

    struct BadOption: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let options: SolveOptions
        let fragments: [String]
    }

    static let badOptions: [BadOption] = {
        func options(_ edit: (inout SolveOptions) -> Void) -> SolveOptions {
            var options = SolveOptions()
            edit(&options)
            return options
        }
        return [
            BadOption(
                testDescription: "primal tolerance 0", options: options { $0.primalFeasibilityTolerance = 0 },
                fragments: ["primal feasibility tolerance", "0.0"]),
            BadOption(
                testDescription: "dual tolerance 2", options: options { $0.dualFeasibilityTolerance = 2 },
                fragments: ["dual feasibility tolerance", "2.0"]),
            BadOption(
                testDescription: "NaN tolerance", options: options { $0.primalFeasibilityTolerance = .nan },
                fragments: ["primal feasibility tolerance", "nan"]),
            BadOption(
                testDescription: "negative time limit", options: options { $0.timeLimitSeconds = -1 },
                fragments: ["time limit", "-1.0"]),
            BadOption(
                testDescription: "infinite time limit", options: options { $0.timeLimitSeconds = .infinity },
                fragments: ["time limit", "inf"]),
            BadOption(
                testDescription: "negative iteration limit", options: options { $0.iterationLimit = -5 },
                fragments: ["iteration limit", "-5"]),
            BadOption(
                testDescription: "sensitivity on a missing row", options: options { $0.sensitivity = SensitivityRequest(rows: [1]) },
                fragments: ["sensitivity", "row 1", "1 rows"]),
            BadOption(
                testDescription: "sensitivity on a negative column", options: options { $0.sensitivity = SensitivityRequest(columns: [-1]) },
                fragments: ["sensitivity", "column -1", "2 columns"]),
        ]
    }()

    @Test("invalid option throws invalidOption naming it", arguments: SolverUnderTest.all, badOptions)
    func invalidOption(_ backend: SolverUnderTest, _ bad: BadOption) {
        let error = solverError { _ = try backend.solver(for: Self.base()).solve(Self.base(), options: bad.options) }
        guard case .invalidOption(let problem)? = error else {
            Issue.record("expected invalidOption, got \(String(describing: error))")
            return
        }
        for fragment in bad.fragments {
            #expect(problem.contains(fragment), "'\(fragment)' missing from: \(problem)")
        }
    }

    /// A bad sensitivity index is rejected even when the model turns out infeasible (the ranges
    /// would never be computed, but the request is still wrong).
    @Test("sensitivity index is checked before solving", arguments: SolverUnderTest.all)
    func sensitivityCheckedUpFront(_ backend: SolverUnderTest) throws {
        let item = try #require(LPCatalogue.all.first { $0.name == "infeasible-rows" })
        var options = SolveOptions()
        options.sensitivity = SensitivityRequest(rows: [7])
        let error = solverError { _ = try backend.solver(for: item.lp).solve(item.lp, options: options) }
        #expect(error == .invalidOption(problem: "sensitivity requested for row 7, but the model has 2 rows"))
    }

    /// Errors read as cause plus location for the CLI.
    @Test("error descriptions carry the problem")
    func descriptions() {
        #expect(SolverError.invalidModel(problem: "row 0 'r0' has a NaN bound").description == "invalid model: row 0 'r0' has a NaN bound")
        #expect(SolverError.fileError(path: "/x.mps", problem: "no such file").description == "/x.mps: no such file")
    }
}
