// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import KnelpuntLP
import Testing

/// Random damage to datasets/tiny. The loader must never crash; it either returns a dataset that
/// passes an independent re-check (``ContractCheck``) or throws with at least one error located
/// inside the file it names.
@Suite("Fuzzing the loader with mutated copies of datasets/tiny")
struct FuzzTests {
    static let iterations = 3_000
    static let seed: UInt64 = 0x4B4E_454C_5055_4E54 // "KNELPUNT"

    @Test("3,000 seeded mutations: no crash, and every invalid result is reported inside the files")
    func mutations() throws {
        var random = SplitMix64(seed: Self.seed)
        var rejected = 0
        var accepted = 0
        for iteration in 0..<Self.iterations {
            var files = DatasetFiles.tiny
            var applied: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                applied.append(Mutator.mutate(&files, using: &random))
            }
            let (dataset, diagnostics) = files.load()
            let context = "iteration \(iteration): \(applied.joined(separator: "; "))"
            if let dataset {
                accepted += 1
                #expect(!diagnostics.contains { $0.severity == .error }, "\(context)")
                let problems = ContractCheck.problems(in: dataset)
                #expect(problems.isEmpty, "\(context): accepted a dataset that breaks the contract: \(problems)")
            } else {
                rejected += 1
                #expect(diagnostics.contains { $0.severity == .error }, "\(context): rejected without an error")
            }
            for diagnostic in diagnostics {
                #expect(Self.isInRange(diagnostic, files: files), "\(context): \(diagnostic) points outside its file")
            }
            if iteration % 100 == 0 {
                #expect(files.load().diagnostics == diagnostics, "\(context): diagnostics differ between two runs")
            }
        }
        // The mutations must exercise both outcomes, or the test proves nothing.
        #expect(rejected > Self.iterations / 2)
        #expect(accepted > 30)
    }

    /// The diagnostic names a file of the input (or the folder) and a line and column inside it.
    static func isInRange(_ diagnostic: Diagnostic, files: DatasetFiles) -> Bool {
        if diagnostic.file == "." { return diagnostic.line == nil }
        guard let bytes = files.files[diagnostic.file] else {
            // Only a missing required file may be named without being present.
            return diagnostic.rule == .missingFile && diagnostic.line == nil
        }
        guard let line = diagnostic.line else { return diagnostic.column == nil || diagnostic.rule == .missingColumn }
        let lines = physicalLines(bytes)
        guard line >= 1 && line <= lines.count else { return false }
        guard let column = diagnostic.column else { return true }
        let widest = lines.map { $0.count }.max() ?? 0
        return column >= 1 && column <= widest + 1
    }

    /// Lines split at `\r\n`, `\n` or `\r`; each as its characters (an upper bound on cells too).
    static func physicalLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                lines.append([])
            } else if byte & 0xC0 != 0x80 {
                lines[lines.count - 1].append(byte)
            }
            index += 1
        }
        if lines.count > 1 && lines[lines.count - 1].isEmpty { lines.removeLast() }
        return lines
    }
}

/// Mutations of a dataset's files.
enum Mutator {
    static let garbage: [String] = [
        "", "x", "-1", "-0", "0", "1e400", "-1e400", "NaN", "nan", "inf", "-Infinity", "1,5", "\"1,5\"", "1 000",
        "99999999999999999999", "2025", "20250", "1899", "2.5", "0.5", "1.0000001", "1e-320", "\"", "\"\"", "a b",
        "é", "\u{0}", "#", "coast", "port", "h2-port", "wind", "electricity", "hydrogen", "2019-02-29", "2020-02-29",
        "0-6;22-23", "24-25", String(repeating: "9", count: 400), String(repeating: "x", count: 2_000), "\t", "\r", "\n",
        ",", "=", "[", "]", "[[x]]", "'", "\\", "{", "}", "true",
    ]

    /// Applies one random mutation and describes it.
    static func mutate(_ files: inout DatasetFiles, using random: inout SplitMix64) -> String {
        let names = files.files.keys.sorted()
        guard let name = names.randomElement(using: &random) else { return "no files" }
        var bytes = files.files[name] ?? []
        let description: String
        switch Int.random(in: 0..<13, using: &random) {
        case 0:
            let cut = Int.random(in: 0...bytes.count, using: &random)
            bytes = Array(bytes.prefix(cut))
            description = "truncate \(name) at \(cut)"
        case 1:
            let at = Int.random(in: 0...bytes.count, using: &random)
            let specials: [UInt8] = [0x2C, 0x22, 0x0A, 0x0D, 0x23, 0x00, 0xFF, 0xC3, 0x80, 0x20, 0x3D, 0x5B, 0x5D, 0x2D, 0x2E, 0x31]
            let inserted = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                Bool.random(using: &random) ? specials.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            bytes.insert(contentsOf: inserted, at: at)
            description = "insert \(inserted) into \(name) at \(at)"
        case 2, 3:
            var lines = splitLines(bytes)
            guard !lines.isEmpty else { return "nothing to change in \(name)" }
            let index = Int.random(in: 0..<lines.count, using: &random)
            if Bool.random(using: &random) {
                lines.remove(at: index)
                description = "delete line \(index + 1) of \(name)"
            } else {
                lines.insert(lines[index], at: index)
                description = "duplicate line \(index + 1) of \(name)"
            }
            bytes = joinLines(lines)
        case 4, 5, 6:
            var lines = splitLines(bytes)
            guard !lines.isEmpty else { return "nothing to change in \(name)" }
            let index = Int.random(in: 0..<lines.count, using: &random)
            var cells = split(lines[index], on: name.hasSuffix(".toml") ? 0x3D : 0x2C)
            let cell = Int.random(in: 0..<cells.count, using: &random)
            let value = garbage.randomElement(using: &random)!
            cells[cell] = Array(value.utf8)
            lines[index] = join(cells, with: name.hasSuffix(".toml") ? 0x3D : 0x2C)
            bytes = joinLines(lines)
            description = "set cell \(cell + 1) of line \(index + 1) of \(name) to \(value.debugDescription.prefix(30))"
        case 7:
            var lines = splitLines(bytes)
            guard let header = lines.firstIndex(where: { $0.first != 0x23 }) else { return "no header in \(name)" }
            var cells = split(lines[header], on: 0x2C)
            guard cells.count > 1 else { return "one column in \(name)" }
            let a = Int.random(in: 0..<cells.count, using: &random)
            let b = Int.random(in: 0..<cells.count, using: &random)
            if Bool.random(using: &random) {
                cells.swapAt(a, b)
                description = "swap header cells \(a + 1) and \(b + 1) of \(name)"
            } else {
                cells.remove(at: a)
                description = "drop header cell \(a + 1) of \(name)"
            }
            lines[header] = join(cells, with: 0x2C)
            bytes = joinLines(lines)
        case 8:
            if Bool.random(using: &random) {
                files.files[name] = nil
                return "delete \(name)"
            }
            files.files["extra-\(Int.random(in: 0..<3, using: &random)).csv"] = Array("a,b\n1,2\n".utf8)
            return "add an unknown file"
        case 9:
            bytes = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            description = "replace \(name) with \(bytes.count) random bytes"
        case 10:
            var lines = splitLines(bytes)
            guard lines.count > 1 else { return "one line in \(name)" }
            let a = Int.random(in: 0..<lines.count, using: &random)
            let b = Int.random(in: 0..<lines.count, using: &random)
            lines.swapAt(a, b)
            bytes = joinLines(lines)
            description = "swap lines \(a + 1) and \(b + 1) of \(name)"
        case 11:
            let ending: [UInt8] = [[0x0D], [0x0D, 0x0A], [0x0A]].randomElement(using: &random)!
            bytes = join(splitLines(bytes), with: ending) + ending
            description = "line endings \(ending) in \(name)"
        default:
            bytes = [0xEF, 0xBB, 0xBF] + bytes
            description = "byte-order mark on \(name)"
        }
        files.files[name] = bytes
        return description
    }

    static func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines = split(bytes, on: 0x0A)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    static func joinLines(_ lines: [[UInt8]]) -> [UInt8] { join(lines, with: 0x0A) + [0x0A] }

    static func split(_ bytes: [UInt8], on separator: UInt8) -> [[UInt8]] {
        bytes.split(separator: separator, omittingEmptySubsequences: false).map(Array.init)
    }

    static func join(_ parts: [[UInt8]], with separator: [UInt8]) -> [UInt8] {
        Array(parts.joined(separator: separator))
    }

    static func join(_ parts: [[UInt8]], with separator: UInt8) -> [UInt8] { join(parts, with: [separator]) }
}
