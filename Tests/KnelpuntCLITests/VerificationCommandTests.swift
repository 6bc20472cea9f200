// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Verification (on by default) rejects a wrong optimum with exit 70.
@Suite struct VerificationCommandTests {
    /// Issue 18: with `default_voll_eur_per_mwh = 1e14` GLPK stops at an allocation with 842 GWh
    /// unserved in 2025 where the optimum has about 106 GWh. The optimality certificate of the
    /// cost stage rejects it, naming the year, the stage and the worst violation.
    @Test func hugeDefaultVoLLWrongOptimumExits70() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let dataset = temp.appendingPathComponent("tiny-voll")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("datasets/tiny"), to: dataset)
        let toml = dataset.appendingPathComponent("dataset.toml")
        let text = try String(contentsOf: toml, encoding: .utf8)
        try text.replacingOccurrences(of: "default_voll_eur_per_mwh = 2000", with: "default_voll_eur_per_mwh = 1e14")
            .write(to: toml, atomically: true, encoding: .utf8)
        let out = temp.appendingPathComponent("out")
        let run = CLI.run(["solve", dataset.path, "--years", "2025", "--cost-tie-break", "none", "--verify", "--out", out.path, "--quiet"])
        #expect(run.status == 70, "\(run.stderr)")
        #expect(run.stderr.contains("year 2025, stage cost stage"), "\(run.stderr)")
        #expect(run.stderr.contains("worst: "), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
    }
}
