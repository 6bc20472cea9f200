// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData

/// Exit codes (sysexits.h).
enum ExitStatus {
    /// EX_USAGE: the command line is wrong.
    static let usage = ExitCode(64)
    /// EX_DATAERR: the input data is wrong.
    static let dataError = ExitCode(65)
    /// EX_NOINPUT: an input file does not exist or cannot be read.
    static let noInput = ExitCode(66)
    /// EX_SOFTWARE: an internal error (a bug).
    static let internalError = ExitCode(70)
    /// EX_CANTCREAT: an output file cannot be created.
    static let cannotCreate = ExitCode(73)
    /// EX_TEMPFAIL: the run stopped before it finished; run it again to continue.
    static let incomplete = ExitCode(75)
}

/// Resolves a DATASET argument: a folder path, or a bare name looked up under `datasets/`.
func resolveDatasetFolder(_ argument: String) throws -> URL {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
        return URL(fileURLWithPath: argument, isDirectory: true).standardizedFileURL
    }
    if !argument.contains("/") {
        let candidate = "datasets/\(argument)"
        if manager.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
            return URL(fileURLWithPath: candidate, isDirectory: true).standardizedFileURL
        }
    }
    throw ValidationError("dataset '\(argument)' not found: give a dataset folder, or a name under ./datasets (e.g. 'nl' or 'tiny')")
}

/// The dataset a scenario's or sweep spec's `base` names when no dataset is given: the `name`
/// of a dataset under ./datasets (a folder holding dataset.toml). Anything else (`/etc`) is a
/// usage error that names `file`, so no stray folder is read as a dataset.
func resolveBaseFolder(_ base: String, file: String) throws -> URL {
    let candidate = "datasets/\(base)"
    if Identifier<NodeTag>.isValid(base), FileManager.default.fileExists(atPath: candidate + "/" + DatasetSchema.manifestFile) {
        return URL(fileURLWithPath: candidate, isDirectory: true).standardizedFileURL
    }
    throw ValidationError(
        "`base = \"\(base)\"` in \(file) is not a dataset under ./datasets: `base` is a dataset's name (its folder holds \(DatasetSchema.manifestFile)); fix `base` or give the dataset folder on the command line"
    )
}

/// Loads a dataset, printing its warnings (and, on failure, every diagnostic) to standard error.
func loadDataset(_ folder: URL, strict: Bool) throws -> LoadedDataset {
    do {
        let loaded = try DatasetLoader.load(from: folder, strict: strict)
        for diagnostic in loaded.diagnostics { printError(diagnostic.formatted(directory: folder.path)) }
        return loaded
    } catch {
        for diagnostic in error.diagnostics { printError(diagnostic.formatted(directory: folder.path)) }
        printError(
            "\(folder.path): \(error.errorCount) error(s), \(error.warningCount) warning(s); fix them and run again (`knelpunt validate` lists them too)"
        )
        throw ExitStatus.dataError
    }
}

/// Parses a year list such as `2026,2030`, `2025-2035` or `2025-2027,2030` into ascending years.
func parseYears(_ text: String) throws -> [Int] {
    var years = Set<Int>()
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
        let piece = part.trimmingCharacters(in: .whitespaces)
        let ends = piece.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        switch ends.count {
        case 1:
            guard let year = ends[0] else { throw ValidationError("--years: '\(piece)' is not a year; write e.g. 2030, 2026,2030 or 2025-2035") }
            years.insert(year)
        case 2:
            guard let first = ends[0], let last = ends[1], first <= last else {
                throw ValidationError("--years: '\(piece)' is not a range; write e.g. 2025-2035 (first ≤ last)")
            }
            for year in first...last { years.insert(year) }
        default:
            throw ValidationError("--years: '\(piece)' is not a year or range; write e.g. 2026,2030 or 2025-2035")
        }
    }
    return years.sorted()
}

/// Checks requested years against the dataset's planning years.
func selectYears(_ requested: [Int]?, dataset: Dataset) throws -> [Int] {
    guard let requested else { return dataset.info.years }
    let outside = requested.filter { !dataset.info.years.contains($0) }
    guard outside.isEmpty else {
        let horizon = dataset.info.years.map(String.init).joined(separator: ",")
        throw ValidationError("--years: \(outside.map(String.init).joined(separator: ",")) not among the dataset's planning years (\(horizon))")
    }
    return requested
}
