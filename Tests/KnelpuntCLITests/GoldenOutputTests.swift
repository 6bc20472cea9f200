// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Guards `datasets/nl` against silent changes: the CSVs of `knelpunt solve nl` for three years
/// must match the committed golden copies (text cells exactly, numbers within 1e-6 relative or
/// 1e-3 absolute). Regenerate on purpose with `KNELPUNT_RECORD_GOLDEN=1 swift test --filter Golden`
/// and review the diff.
@Suite struct GoldenOutputTests {
    static let golden = CLI.repositoryRoot.appendingPathComponent("Tests/KnelpuntCLITests/Golden/nl")
    static let files = [
        "requests.csv", "allocation.csv", "bottlenecks.csv", "nodes.csv", "flex.csv", "co2.csv", "summary.csv", "fairness.csv", "eop.csv",
        "adequacy.csv",
    ]

    @Test func nlMatchesGoldenOutput() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = temp.appendingPathComponent("nl")
        let run = try CLI.runProcess(["solve", "nl", "--years", "2025,2030,2034", "--out", out.path, "--quiet", "--verify"])
        #expect(run.status == 0, "\(run.stderr)")
        if ProcessInfo.processInfo.environment["KNELPUNT_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            for name in Self.files {
                let target = Self.golden.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: out.appendingPathComponent(name), to: target)
            }
            return
        }
        for name in Self.files {
            let expected = try String(contentsOf: Self.golden.appendingPathComponent(name), encoding: .utf8)
            let actual = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            let differences = Self.compare(expected: expected, actual: actual)
            #expect(differences.isEmpty, "\(name): \(differences.prefix(5).joined(separator: "; "))")
        }
    }

    static func compare(expected: String, actual: String) -> [String] {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        guard expectedLines.count == actualLines.count else {
            return ["\(actualLines.count) lines instead of \(expectedLines.count)"]
        }
        var differences: [String] = []
        for (number, (e, a)) in zip(expectedLines, actualLines).enumerated() where e != a {
            let eCells = e.split(separator: ",", omittingEmptySubsequences: false)
            let aCells = a.split(separator: ",", omittingEmptySubsequences: false)
            guard eCells.count == aCells.count else {
                differences.append("line \(number + 1): \(a) ≠ \(e)")
                continue
            }
            for (ec, ac) in zip(eCells, aCells) where ec != ac {
                if let x = Double(ec), let y = Double(ac), abs(x - y) <= max(1e-3, 1e-6 * max(abs(x), abs(y))) { continue }
                differences.append("line \(number + 1): '\(ac)' ≠ '\(ec)'")
            }
        }
        return differences
    }
}
