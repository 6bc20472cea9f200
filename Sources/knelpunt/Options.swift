// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntReports

// The option groups every command is assembled from; each option is declared once, here.

extension AllocationPolicy: ExpressibleByArgument {}
extension AllocationView: ExpressibleByArgument {}
extension CSVDialect: ExpressibleByArgument {}
extension ReportLanguage: ExpressibleByArgument {}
extension DecompositionMode: ExpressibleByArgument {}
extension CostTieBreak: ExpressibleByArgument {}
extension SecurityMode: ExpressibleByArgument {}
extension Carrier: ExpressibleByArgument {}

/// A comma-separated list of allocation rules (`cost,leximin`), duplicates dropped, order kept.
struct PolicyList: ExpressibleByArgument, Equatable {
    var policies: [AllocationPolicy]

    init(_ policies: [AllocationPolicy]) { self.policies = policies }

    init?(argument: String) {
        var policies: [AllocationPolicy] = []
        for name in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let policy = AllocationPolicy(rawValue: name) else { return nil }
            if !policies.contains(policy) { policies.append(policy) }
        }
        guard !policies.isEmpty else { return nil }
        self.policies = policies
    }

    var defaultValueDescription: String { policies.map(\.rawValue).joined(separator: ",") }
    static var allValueStrings: [String] { AllocationPolicy.allCases.map(\.rawValue) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// The dataset argument and `--strict`.
struct DatasetOptions: ParsableArguments {
    @Argument(help: "Dataset folder, or a name under ./datasets (default: the scenario's or spec's `base`, else nl).", completion: .directory)
    var dataset: String?

    @Flag(help: "Treat dataset warnings as errors.")
    var strict = false

    /// The dataset folder: the argument, else `base` (of the scenario or spec file `baseFile`), else `nl`.
    func folder(base: String? = nil, from baseFile: String? = nil) throws -> URL {
        if let dataset { return try resolveDatasetFolder(dataset) }
        if let base { return try resolveBaseFolder(base, file: baseFile ?? "the scenario") }
        return try resolveDatasetFolder("nl")
    }

    /// Loads the dataset (printing its diagnostics) and applies the scenario file at `scenarioPath`.
    func load(scenario scenarioPath: String? = nil) throws -> Inputs {
        let scenario = try scenarioPath.map(readScenarioFile)
        let folder = try folder(base: scenario?.scenario.base, from: scenario?.path)
        let base = try loadDataset(folder, strict: strict).dataset
        let dataset = try scenario.map { try applyScenario($0, to: base) } ?? base
        return Inputs(folder: folder, base: base, dataset: dataset, scenario: scenario)
    }
}

/// A loaded dataset, before and after its scenario.
struct Inputs {
    var folder: URL
    /// The dataset as read.
    var base: Dataset
    /// The dataset with the scenario applied (`base` without one).
    var dataset: Dataset
    var scenario: ScenarioFile?

    /// The files and folders the run reads: the dataset folder and the scenario file.
    var paths: [URL] { [folder] + (scenario.map { [URL(fileURLWithPath: $0.path)] } ?? []) }

    /// `-<scenario file stem>` for default output names, or empty.
    var scenarioSuffix: String { scenario.map { "-" + fileStem($0.path) } ?? "" }
}

/// `--scenario FILE`.
struct ScenarioOption: ParsableArguments {
    @Option(help: "Scenario file (TOML, see docs/scenarios.md) applied to the dataset first.", completion: .file(extensions: ["toml"]))
    var scenario: String?
}

/// `--years`: a year list such as `2026,2030` or `2025-2035`.
struct YearsOption: ParsableArguments {
    @Option(help: "Years to solve, e.g. 2026,2030 or 2025-2035 (default: all planning years).", transform: parseYears)
    var years: [Int]?

    /// The requested years, checked against the dataset's planning years.
    func select(in dataset: Dataset) throws -> [Int] { try selectYears(years, dataset: dataset) }
}

/// `--year`: one planning year.
struct YearOption: ParsableArguments {
    @Option(help: "Planning year (default: the dataset's first).")
    var year: Int?

    /// The requested year, checked against the dataset's planning years.
    func select(in dataset: Dataset) throws -> Int {
        try selectYears(year.map { [$0] }, dataset: dataset).first ?? 0
    }
}

/// `--policy`: the allocation rule.
struct PolicyOption: ParsableArguments {
    @Option(help: "Allocation rule (acm: ACM tiers, then first come first served; the current Dutch rule).")
    var policy: AllocationPolicy = .acm
}

/// `--csv-dialect`.
struct DialectOption: ParsableArguments {
    @Option(name: .customLong("csv-dialect"), help: "CSV format: en (, and .) or nl (; and decimal comma, with BOM).")
    var csvDialect: CSVDialect = .en
}

/// What `--out` names for one command: its help text (with the default) and whether it is required.
protocol OutputTarget {
    static var help: String { get }
    /// True when the command has no default output.
    static var isRequired: Bool { get }
}

extension OutputTarget {
    static var isRequired: Bool { false }
}

/// `--out`, `--force` and `--quiet`.
struct OutputOptions<Target: OutputTarget>: ParsableArguments {
    @Option(help: ArgumentHelp(Target.help))
    var out: String?

    @Flag(help: "Replace an existing output that knelpunt wrote (an empty folder too); see README, Output safety.")
    var force = false

    @Flag(help: "Print nothing on standard output.")
    var quiet = false

    func validate() throws {
        if Target.isRequired, out == nil { throw ValidationError("Missing expected argument '--out <out>'") }
    }

    /// Checks and locks `--out` (else `defaultPath`) for a run reading `inputs`, by the
    /// library's output-safety policy (README "Output safety"): a refusal is printed and exits 73.
    /// Call before solving and keep the claim until the output is written.
    func checkTarget(
        default defaultPath: @autoclosure () -> String, kind: OutputKind, inputs: [URL], existing: OutputClaim.Existing? = nil
    ) throws -> OutputClaim {
        do {
            return try OutputClaim(path: out ?? defaultPath(), kind: kind, existing: existing ?? (force ? .replace : .refuse), inputs: inputs)
        } catch {
            throw exitStatus(reporting: error)
        }
    }

    /// Prints `text` on standard output unless `--quiet`.
    func report(_ text: @autoclosure () -> String) {
        if !quiet { printOutput(text()) }
    }
}

/// How allocations are solved: `--view`, `--workers`, `--verify`, `--decomposition`, `--cost-tie-break`.
struct RunOptions: ParsableArguments {
    @Option(
        help:
            "What is allocated: requests (transport capacity in MW granted to each connection request of transition.csv, firm load of demand.csv first) or energy (every demand, transition load included, shares energy at VoLL; for adequacy studies)."
    )
    var view: AllocationView = .requests

    @Option(help: "Years (sweep: scenarios) solved in parallel, one thread each.")
    var workers: Int = 2

    @Flag(
        inversion: .prefixedNo,
        help:
            "Re-check every result independently: each LP's optimality certificate (primal and dual feasibility, zero duality gap) and the balances and budgets (on by default; --no-verify skips it)."
    )
    var verify = verifyByDefault

    @Option(
        help:
            "Exact timeslice decomposition: auto uses it for the cost stage and, from 1,000 slices, for later stages; every mode gives the same optimum."
    )
    var decomposition: DecompositionMode = .auto

    @Option(help: "How the cost rule picks among allocations of equal cost: leximin gives unique shares, none the cost LP's own vertex (fastest).")
    var costTieBreak: CostTieBreak = .leximin

    @Option(
        name: .customLong("time-limit"),
        help: ArgumentHelp(
            "Wall-clock limit in seconds for each LP solve (a decomposed stage counts as one); reaching it stops the run with exit 70.",
            valueName: "seconds"))
    var timeLimitSeconds: Double = RunOptions.defaultTimeLimitSeconds

    @Option(help: ArgumentHelp("Simplex iteration limit for each LP solve (default: none); reaching it stops the run with exit 70.", valueName: "n"))
    var iterationLimit: Int?

    /// Ten minutes per LP: far above any bundled or generated instance (docs/performance.md),
    /// short enough that a run never spins unnoticed.
    static let defaultTimeLimitSeconds = 600.0

    func validate() throws {
        guard (1...256).contains(workers) else { throw ValidationError("--workers must be between 1 and 256") }
        guard timeLimitSeconds.isFinite, timeLimitSeconds > 0, timeLimitSeconds <= 2_000_000 else {
            throw ValidationError("--time-limit must be a number of seconds above 0 and at most 2000000")
        }
        if let iterationLimit, !(1...Int(Int32.max)).contains(iterationLimit) {
            throw ValidationError("--iteration-limit must be between 1 and \(Int32.max)")
        }
    }

    /// The allocation options for `policy` with these settings.
    func allocationOptions(policy: AllocationPolicy) -> AllocationOptions {
        var options = AllocationOptions()
        options.policy = policy
        options.view = view
        options.workers = workers
        options.verify = verify
        options.decomposition = decomposition
        options.costTieBreak = costTieBreak
        options.solveOptions.timeLimitSeconds = timeLimitSeconds
        options.solveOptions.iterationLimit = iterationLimit
        options.numericalWarnings = NumericalWarnings().print
        return options
    }
}

/// `--[no-]capacity-map` of `solve` and `report`: the capacity map of the request view.
struct CapacityMapOption: ParsableArguments {
    @Flag(
        inversion: .prefixedNo,
        help:
            "Request view: after the queue's grants, the largest flat firm offtake and infeed still available at every node, two exact LPs per node, solved by timeslice where the slices prove the value (capacity-map.csv; off by default: on nl 2030 it adds about 16 s of CPU, 53 s verified, docs/performance.md)."
    )
    var capacityMap = false

    /// Sets ``AllocationOptions/capacityMap`` (request view only).
    func apply(to options: inout AllocationOptions) {
        options.capacityMap = capacityMap && options.view == .requests
    }
}
