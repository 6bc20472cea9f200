// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis

/// manifest.json: everything needed to reproduce a run's numbers. The CSV files carry no
/// timestamps (reruns are byte-identical); the manifest holds the run-specific facts.
public struct RunManifest: Codable, Sendable {
    public struct InputFile: Codable, Sendable {
        public var name: String
        public var sha256: String
        public var bytes: Int
    }

    public struct YearSolve: Codable, Sendable {
        public var year: Int
        public var policy: String
        public var status: String
        public var solverStatus: String
        public var solveSeconds: Double
        public var iterations: Int
        public var lpSolves: Int
        public var rows: Int
        public var columns: Int
        public var costStageSeconds: Double
        public var costStageMethod: String
        public var decomposedLpSolves: Int
        public var decompositionFallback: String?
        /// The slack by which the rule's holds were loosened once after a stage was infeasible
        /// at the simplex's tolerance (absent: never).
        public var holdsLoosenedMw: Double?
        /// With `--capacity-map`: its LP solves (slice LPs included), the probes whose value the
        /// timeslice bound certified, the probes proven with an earlier probe's duals and a
        /// feasible point found by timeslice, the probes solved as one LP of the whole year by
        /// timeslice (the probe split into one copy per slice), and the probes solved as one LP
        /// of the whole year by the simplex.
        public var capacityMapLpSolves: Int?
        public var capacityMapProbesCertified: Int?
        public var capacityMapProbesSharedDual: Int?
        public var capacityMapProbesDecomposed: Int?
        public var capacityMapProbesMonolithic: Int?
        /// Kirchhoff and N-1 facts (absent for a year without AC branches and without N-1).
        public var security: Security?
        /// The mixed-integer stages (absent when no stage decided several indivisible requests
        /// at once).
        public var mipStages: [MIPStage]?
    }

    /// One `mip_stages` entry: a stage that decided several indivisible requests at once by
    /// GLPK's branch and cut, the requests it decided, its status, integer objective, LP bound
    /// and the relative gap between them.
    public struct MIPStage: Codable, Sendable {
        public var stage: String
        public var requests: [String]
        public var status: String
        public var objective: Double?
        public var lpBound: Double?
        public var relativeGap: Double?
        public var seconds: Double
    }

    /// The `security` entry of a year: mode, what was checked, and what the lazy N-1 loop added.
    public struct Security: Codable, Sendable {
        public var mode: String
        public var acBranches: Int
        public var kirchhoffCyclesPerTimeslice: Int
        public var contingenciesChecked: Int
        public var skippedOutages: [String]
        public var contingencyRowsAdded: Int
        public var rounds: Int
        public var costStageRounds: Int
    }

    public var tool: String
    public var toolVersion: String
    public var solver: String
    public var dataset: String
    public var datasetPath: String
    public var inputFiles: [InputFile]
    public var scenario: String?
    public var years: [Int]
    public var options: [String: String]
    public var tolerances: [String: Double]
    public var solves: [YearSolve]
    public var commandLine: [String]

    public init(
        toolVersion: String, solver: String, dataset: String, datasetFolder: URL, scenario: String? = nil,
        years: [Int], options: [String: String], tolerances: AnalysisTolerances, outcomes: [YearOutcome], commandLine: [String]
    ) {
        tool = "knelpunt"
        self.toolVersion = toolVersion
        self.solver = solver
        self.dataset = dataset
        datasetPath = datasetFolder.path
        inputFiles = Self.hashFiles(in: datasetFolder)
        self.scenario = scenario
        self.years = years
        self.options = options
        self.tolerances = [
            "binding_mw": tolerances.bindingMW, "power_mw": tolerances.powerMW,
            "shadow_value_eur_per_mw_year": tolerances.shadowValueEURPerMWYear,
            "verifier_absolute": tolerances.verifierAbsolute, "verifier_relative": tolerances.verifierRelative,
            "kirchhoff_residual_mw": tolerances.kirchhoffResidualMW,
            "certificate_absolute": tolerances.certificate.absolute, "certificate_relative": tolerances.certificate.relative,
            "certificate_dual_absolute": tolerances.certificate.dualAbsolute, "certificate_dual_relative": tolerances.certificate.dualRelative,
            "certificate_cost_relative": tolerances.certificate.costRelative,
            "certificate_optimality_relative": tolerances.certificate.optimalityRelative, "certificate_round_off": tolerances.certificate.roundOff,
        ]
        solves = outcomes.map {
            YearSolve(
                year: $0.year, policy: $0.policy, status: $0.solve.termination.rawValue, solverStatus: $0.solve.rawStatus,
                solveSeconds: $0.solve.solveSeconds, iterations: $0.solve.iterations, lpSolves: $0.solve.lpSolves,
                rows: $0.solve.rows, columns: $0.solve.columns, costStageSeconds: $0.solve.costStageSeconds,
                costStageMethod: $0.solve.costStageMethod, decomposedLpSolves: $0.solve.decomposedLPSolves,
                decompositionFallback: $0.solve.decompositionFallback, holdsLoosenedMw: $0.solve.holdsLoosenedMW,
                capacityMapLpSolves: $0.capacityMap.isEmpty ? nil : $0.solve.capacityMapLPSolves,
                capacityMapProbesCertified: $0.capacityMap.isEmpty ? nil : $0.solve.capacityMapProbesCertified,
                capacityMapProbesSharedDual: $0.capacityMap.isEmpty ? nil : $0.solve.capacityMapProbesSharedDual,
                capacityMapProbesDecomposed: $0.capacityMap.isEmpty ? nil : $0.solve.capacityMapProbesDecomposed,
                capacityMapProbesMonolithic: $0.capacityMap.isEmpty ? nil : $0.solve.capacityMapProbesMonolithic,
                security: $0.solve.security.map {
                    Security(
                        mode: $0.mode, acBranches: $0.acBranches, kirchhoffCyclesPerTimeslice: $0.kirchhoffCyclesPerTimeslice,
                        contingenciesChecked: $0.contingenciesChecked, skippedOutages: $0.skippedOutages,
                        contingencyRowsAdded: $0.contingencyRowsAdded, rounds: $0.rounds, costStageRounds: $0.costStageRounds)
                },
                mipStages: $0.solve.mipStages.isEmpty
                    ? nil
                    : $0.solve.mipStages.map {
                        MIPStage(
                            stage: $0.stage, requests: $0.requests.map(\.description), status: $0.status.rawValue, objective: $0.objective,
                            lpBound: $0.lpBound, relativeGap: $0.relativeGap, seconds: $0.seconds)
                    })
        }
        self.commandLine = commandLine
    }

    /// SHA-256 of every regular file directly in the dataset folder, sorted by name.
    static func hashFiles(in folder: URL) -> [InputFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name in
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = try? Data(contentsOf: url)
            else { return nil }
            return InputFile(name: name, sha256: SHA256.hex(data), bytes: data.count)
        }
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else { return "{}\n" }
        return text + "\n"
    }
}
