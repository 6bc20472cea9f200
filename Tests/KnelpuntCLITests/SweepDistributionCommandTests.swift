// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `knelpunt sweep` with `[monte_carlo] distribution = NAME` (delay_distributions.csv) end to end.
@Suite struct SweepDistributionCommandTests {
    static let header = "[monte_carlo]\nsamples = 12\nseed = 2025\n"

    static let distributions = """
        distribution,status,programme,project,delay_years,weight,source
        slow,planned,,,0,0.4,estimate: test
        slow,planned,,,1,0.3,estimate: test
        slow,planned,,,2,0.2,estimate: test
        slow,planned,,,3,0.1,estimate: test

        """

    /// A copy of datasets/tiny with delay_distributions.csv, and the folder holding it.
    func workspace() throws -> (folder: URL, dataset: URL) {
        let folder = try CLI.temporaryDirectory()
        let dataset = folder.appendingPathComponent("tiny")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("datasets/tiny"), to: dataset)
        try Self.distributions.write(to: dataset.appendingPathComponent("delay_distributions.csv"), atomically: true, encoding: .utf8)
        return (folder, dataset)
    }

    func sweep(_ name: String, _ body: String, in folder: URL, dataset: URL) throws -> (CLI.Output, URL) {
        let spec = folder.appendingPathComponent("\(name).toml")
        try ("name = \"\(name)\"\nyears = \"2028-2030\"\n" + body).write(to: spec, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent(name)
        return (CLI.run(["sweep", dataset.path, "--spec", spec.path, "--out", out.path, "--quiet"]), out)
    }

    @Test func namedDistributionGivesTheSweepOfTheTypedRules() throws {
        let (folder, dataset) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let chem = "[[delay]]\nproject = \"chem-green-h2\"\nvalues = [-1, 0, 1]\n"
        let (named, namedOut) = try sweep("named", Self.header + "distribution = \"slow\"\n" + chem, in: folder, dataset: dataset)
        #expect(named.status == 0, "\(named.stderr)")
        let typed = "[[delay]]\nstatus = \"planned\"\nvalues = [0, 1, 2, 3]\nweights = [0.4, 0.3, 0.2, 0.1]\n" + chem
        let other = folder.appendingPathComponent("typed")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let (written, writtenOut) = try sweep("named", Self.header + typed, in: other, dataset: dataset)
        #expect(written.status == 0, "\(written.stderr)")
        for file in ["sweep.csv", "sweep-percentiles.csv"] {
            let left = try Data(contentsOf: namedOut.appendingPathComponent(file))
            let right = try Data(contentsOf: writtenOut.appendingPathComponent(file))
            #expect(!left.isEmpty)
            #expect(left == right, "\(file) differs")
        }
        let table = try String(contentsOf: namedOut.appendingPathComponent("sweep.csv"), encoding: .utf8)
        #expect(table.contains("coast-port-upgrade+"), "no sample delayed the planned project")
    }

    @Test func unknownDistributionIsASpecError() throws {
        let (folder, dataset) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (run, _) = try sweep("bad", Self.header + "distribution = \"record\"\n", in: folder, dataset: dataset)
        #expect(run.status == 65)
        #expect(run.stderr.contains("bad.toml:6:16: error [unknownReference]: no delay distribution `record`"), "\(run.stderr)")
        #expect(run.stderr.contains("(its distributions are `slow`)"))
    }
}
