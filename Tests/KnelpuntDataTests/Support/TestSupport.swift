// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData

/// Paths inside the repository, found from this file's location.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // Support
        .deletingLastPathComponent() // KnelpuntDataTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent()

    static func dataset(_ name: String) -> URL { root.appendingPathComponent("datasets/\(name)") }

    static var fixtures: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    }
}

/// A dataset's files as editable text, for building broken variants of a valid dataset.
struct DatasetFiles: Sendable {
    var files: [String: [UInt8]]

    /// datasets/tiny, read once.
    static let tiny: DatasetFiles = {
        do {
            return DatasetFiles(files: try InMemoryDataset(copying: Repository.dataset("tiny")).files)
        } catch {
            preconditionFailure("cannot read datasets/tiny: \(error)")
        }
    }()

    func text(_ file: String) -> String { String(decoding: files[file] ?? [], as: UTF8.self) }

    mutating func setText(_ file: String, _ text: String) { files[file] = Array(text.utf8) }

    /// The file's lines (split on `\n`; the tiny files use `\n` only), 1-based access via `line(_:_:)`.
    func lines(_ file: String) -> [String] {
        text(file).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    mutating func setLines(_ file: String, _ lines: [String]) { setText(file, lines.joined(separator: "\n")) }

    /// Replaces 1-based line `line` of `file`.
    mutating func setLine(_ file: String, _ line: Int, _ text: String) {
        var all = lines(file)
        all[line - 1] = text
        setLines(file, all)
    }

    /// Inserts `text` as the new 1-based line `line`.
    mutating func insertLine(_ file: String, _ line: Int, _ text: String) {
        var all = lines(file)
        all.insert(text, at: line - 1)
        setLines(file, all)
    }

    /// Appends a line (the tiny files end with a newline).
    mutating func appendLine(_ file: String, _ text: String) {
        var all = lines(file)
        if all.last == "" { all.removeLast() }
        all.append(text)
        setLines(file, all + [""])
    }

    /// Sets the cell in 1-based `line` and `column` (a simple comma split; no quotes in the line).
    mutating func setCell(_ file: String, line: Int, column: Int, _ value: String) {
        var cells = lines(file)[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[column - 1] = value
        setLine(file, line, cells.joined(separator: ","))
    }

    /// Removes 1-based `column` from every non-comment line.
    mutating func removeColumn(_ file: String, _ column: Int) {
        setLines(
            file,
            lines(file).map { line in
                guard !line.hasPrefix("#"), !line.isEmpty else { return line }
                var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                cells.remove(at: column - 1)
                return cells.joined(separator: ",")
            })
    }

    mutating func replace(_ file: String, _ old: String, with new: String) {
        precondition(text(file).contains(old), "\(file) does not contain \(old)")
        setText(file, text(file).replacingOccurrences(of: old, with: new))
    }

    var source: InMemoryDataset { InMemoryDataset(files: files) }

    /// Loads the files; returns every diagnostic and the dataset when it loaded.
    func load(options: DatasetLoader.Options = .init()) -> (dataset: Dataset?, diagnostics: [Diagnostic]) {
        do {
            let loaded = try DatasetLoader.load(from: source, options: options)
            return (loaded.dataset, loaded.diagnostics)
        } catch {
            return (nil, error.diagnostics)
        }
    }
}

/// Reads a CSV text and returns the table and diagnostics.
func readCSV(_ text: String, file: String = "test.csv") -> (table: CSVDocument?, diagnostics: [Diagnostic]) {
    var sink = DiagnosticCollector()
    let table = CSVReader.read(text, file: file, diagnostics: &sink)
    return (table, sink.finished())
}

func readCSV(bytes: [UInt8], file: String = "test.csv") -> (table: CSVDocument?, diagnostics: [Diagnostic]) {
    var sink = DiagnosticCollector()
    let table = CSVReader.read(bytes, file: file, diagnostics: &sink)
    return (table, sink.finished())
}
