// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Verification (on by default) never lets a wrong optimum leave with exit 0.
@Suite struct VerificationCommandTests {
    struct Hazard: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let file: String
        let from: String
        let to: String
    }

    /// Issue 18's reproductions on `datasets/tiny`, each of which used to exit 0 with a wrong
    /// answer: `default_voll_eur_per_mwh = 1e14` (842 GWh unserved in 2025 where the optimum has
    /// about 106 GWh), a link of 1e300 MW (unserved 0), an efficiency of 1e-300.
    static let hazards = [
        Hazard(
            testDescription: "default VoLL 1e14", file: "dataset.toml", from: "default_voll_eur_per_mwh = 2000", to: "default_voll_eur_per_mwh = 1e14"
        ),
        Hazard(
            testDescription: "link capacity 1e300 MW", file: "links.csv", from: "coast,port,electricity,100,", to: "coast,port,electricity,1e300,"),
        Hazard(testDescription: "efficiency 1e-300", file: "conversions.csv", from: "port,h2-port,50,0.6,", to: "port,h2-port,50,1e-300,"),
    ]

    /// Each ends with the certificate's exit 70 naming year, stage and worst violation, or with
    /// 65 when validation rejects the magnitude first; never 0 and never a written result.
    @Test(arguments: hazards)
    func wrongOptimumNeverExitsZero(_ hazard: Hazard) throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let dataset = temp.appendingPathComponent("tiny-hazard")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("datasets/tiny"), to: dataset)
        let file = dataset.appendingPathComponent(hazard.file)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(hazard.from))
        try text.replacingOccurrences(of: hazard.from, with: hazard.to).write(to: file, atomically: true, encoding: .utf8)
        let out = temp.appendingPathComponent("out")
        let run = CLI.run(["solve", dataset.path, "--years", "2025", "--cost-tie-break", "none", "--out", out.path, "--quiet"])
        #expect(run.status == 70 || run.status == 65, "\(run.stderr)")
        if run.status == 70 {
            #expect(run.stderr.contains("year 2025, stage cost stage"), "\(run.stderr)")
            #expect(run.stderr.contains("independent optimality check") && run.stderr.contains("worst: "), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
    }
}
