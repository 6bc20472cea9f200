// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntReports

/// A scenario file as read from disk, with the hash recorded in manifests.
struct ScenarioFile {
    var scenario: Scenario
    var path: String
    var sha256: String
}

/// Reads a file named on the command line, or exits with 66.
func readInputFile(_ path: String, what: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        printError("knelpunt: cannot read \(what) \(path); check the path")
        throw ExitStatus.noInput
    }
    return [UInt8](data)
}

/// Reads and parses a scenario file, printing every diagnostic (exit 65 on errors).
func readScenarioFile(_ path: String) throws -> ScenarioFile {
    let bytes = try readInputFile(path, what: "scenario file")
    do {
        let scenario = try Scenario.parse(bytes, file: path)
        return ScenarioFile(scenario: scenario, path: path, sha256: SHA256.hex(bytes))
    } catch {
        for diagnostic in error.diagnostics { printError(diagnostic.description) }
        printError("\(path): \(error.errorCount) error(s); fix them and run again (`knelpunt validate DATASET --scenario \(path)` lists them too)")
        throw ExitStatus.dataError
    }
}

/// The dataset with the scenario applied, printing every diagnostic (exit 65 on errors).
func applyScenario(_ file: ScenarioFile, to dataset: Dataset) throws -> Dataset {
    do {
        return try file.scenario.apply(to: dataset)
    } catch {
        for diagnostic in error.diagnostics { printError(diagnostic.description) }
        printError("\(file.path): \(error.errorCount) error(s) against dataset \(dataset.info.name); fix the scenario and run again")
        throw ExitStatus.dataError
    }
}

/// A file name's stem for default output folders (`late.toml` → `late`).
func fileStem(_ path: String) -> String {
    URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
}

/// Writes one text file atomically (temporary file, then rename).
func writeFileAtomically(_ text: String, to url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url, options: .atomic)
}

/// Seconds since `start`, for timings printed to the user.
func secondsSince(_ start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// `knelpunt validate DATASET --scenario FILE`: checks the scenario file and its edits against the
/// dataset, printing every diagnostic to standard error and a summary line to standard output.
func validateScenario(_ path: String, against dataset: Dataset) throws {
    let bytes = try readInputFile(path, what: "scenario file")
    let diagnostics: [Diagnostic]
    var edits = 0
    do {
        let scenario = try Scenario.parse(bytes, file: path)
        edits = scenario.edits.count
        diagnostics = scenario.check(against: dataset)
    } catch {
        diagnostics = error.diagnostics
    }
    for diagnostic in diagnostics { printError(diagnostic.description) }
    let errors = diagnostics.count { $0.severity == .error }
    guard errors > 0 else {
        printOutput("\(path): valid scenario (\(edits) edit\(edits == 1 ? "" : "s")) for \(dataset.info.name), 0 errors")
        return
    }
    printOutput("\(path): invalid scenario, \(errors) error\(errors == 1 ? "" : "s")")
    throw ExitStatus.dataError
}
