// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntReports

/// datasets/tiny solved once per test process (the solves take well under a second), and the
/// reports built from it.
enum ReportFixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tinyFolder = repositoryRoot.appendingPathComponent("datasets/tiny")

    static let tiny: Dataset = {
        do {
            return try DatasetLoader.load(from: tinyFolder, strict: false).dataset
        } catch {
            preconditionFailure("datasets/tiny does not load: \(error)")
        }
    }()

    static func solve(_ policy: AllocationPolicy, dataset: Dataset = tiny) -> [YearOutcome] {
        var options = AllocationOptions()
        options.policy = policy
        do {
            return try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(years: dataset.info.years)
        } catch {
            preconditionFailure("datasets/tiny does not solve under \(policy): \(error)")
        }
    }

    static let cost = solve(.cost)
    static let leximin = solve(.leximin)

    static func manifest(_ outcomes: [YearOutcome], dataset: Dataset = tiny) -> RunManifest {
        RunManifest(
            toolVersion: "0.1.0-test", solver: "GLPK \(GLPKSolver.version)", dataset: dataset.info.name,
            datasetFolder: tinyFolder, years: dataset.info.years,
            options: ["policy": "cost", "lang": "en", "verify": "true"], tolerances: AnalysisTolerances(),
            outcomes: outcomes, commandLine: ["/some/where/knelpunt", "report", "tiny", "--out", "report.html"])
    }

    /// The report of tiny under `cost`, optionally with `leximin` side by side.
    static func input(language: ReportLanguage, compare: Bool = false, dataset: Dataset = tiny) -> ReportInput {
        let primary = ReportRun(label: "cost", kind: .policy, outcomes: cost)
        let comparisons = compare ? [ReportRun(label: "leximin", kind: .policy, outcomes: leximin)] : []
        return ReportInput(
            dataset: dataset, primary: primary, comparisons: comparisons,
            manifest: manifest(cost + (compare ? leximin : []), dataset: dataset), language: language)
    }

    /// Names that need escaping, and non-ASCII text that must come through unchanged.
    static let hostileNames = (
        chem: "Koninklijke Vopak <script>alert(\"x\")</script> & 'Zonen'",
        newco: "Zeeuws-Vlaanderen ë \"Nieuwkomer\" <b>",
        port: "Port <substation> & \"quay\""
    )

    /// tiny with hostile consumer and node names (ids unchanged, so the outcomes still apply).
    static let hostile: Dataset = {
        var dataset = tiny
        for index in dataset.consumers.indices {
            switch dataset.consumers[index].id.rawValue {
            case "chem": dataset.consumers[index].name = hostileNames.chem
            case "newco": dataset.consumers[index].name = hostileNames.newco
            default: break
            }
        }
        for index in dataset.nodes.indices where dataset.nodes[index].id.rawValue == "port" {
            dataset.nodes[index].name = hostileNames.port
        }
        return dataset
    }()

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Counts non-overlapping occurrences of `needle`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}
