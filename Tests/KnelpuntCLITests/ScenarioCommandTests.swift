// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `solve --scenario`, `diff`, `relief` and `validate --scenario` end to end on the tiny dataset.
@Suite struct ScenarioCommandTests {
    static let late = """
        name = "Coast-port upgrade two years late"
        base = "tiny"

        [[delay]]
        project = "coast-port-upgrade"
        years = 2
        """

    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func csvRows(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func solveWithAScenarioRecordsItInTheManifest() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try write(Self.late, "late.toml", in: folder)
        let out = folder.appendingPathComponent("o")
        let run = CLI.run(["solve", "tiny", "--scenario", scenario, "--years", "2030", "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"scenario\" : \"Coast-port upgrade two years late\""))
        #expect(manifest.contains("\"scenario_sha256\" : \""))
        let bottlenecks = try String(contentsOf: out.appendingPathComponent("bottlenecks.csv"), encoding: .utf8)
        #expect(bottlenecks.contains("2030,coast-port,link,100.000,"))
    }

    @Test func diffShowsTheBottleneckBackIn2030() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try write(Self.late, "late.toml", in: folder)
        let out = folder.appendingPathComponent("d")
        // The hand numbers are those of the energy view (docs/tiny-by-hand.md).
        let run = CLI.run(["diff", "--scenario", scenario, "--view", "energy", "--policy", "cost", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2030: unserved +78.8 GWh"))
        #expect(run.stdout.contains("newly binding: coast-port"))
        #expect(run.stdout.contains("1 changed year solved from the base's bases, 5 unchanged taken from the base"))
        let bottlenecks = try csvRows(out.appendingPathComponent("diff-bottlenecks.csv"))
        let changed = bottlenecks.dropFirst().filter { $0[3] != "still-binding" }
        #expect(changed.map { [$0[0], $0[1], $0[3]] } == [["2030", "coast-port", "newly-binding"]])
        let allocation = try csvRows(out.appendingPathComponent("diff-allocation.csv"))
        let header = try #require(allocation.first)
        let delta = try #require(header.firstIndex(of: "delta_unserved_mwh"))
        let moved = allocation.dropFirst().filter { Double($0[delta]) != 0 }
        #expect(moved.map { [$0[0], $0[1], $0[delta]] } == [["2030", "chem", "78840.000"]])
    }

    @Test func diffOfAnEmptyScenarioHasOnlyZeroDeltas() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try write("name = \"nothing\"\n", "empty.toml", in: folder)
        let out = folder.appendingPathComponent("d")
        let run = CLI.run(["diff", "tiny", "--scenario", scenario, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("no change in any year"))
        for name in ["diff-allocation.csv", "diff-bottlenecks.csv", "diff-summary.csv"] {
            let rows = try csvRows(out.appendingPathComponent(name))
            let deltas = rows[0].indices.filter { rows[0][$0].hasPrefix("delta_") }
            #expect(rows.count > 1 && !deltas.isEmpty)
            for row in rows.dropFirst() {
                for column in deltas where !row[column].isEmpty {
                    #expect(Double(row[column]) == 0, "\(name): \(rows[0][column]) = \(row[column])")
                }
            }
        }
    }

    @Test func scenarioErrorsStopTheRunWithPositions() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try write("name = \"bad\"\n[[capacity]]\ntarget = \"coast-port\"\nfrom_year = 2026\nadd_mw = -150\n", "bad.toml", in: folder)
        let run = CLI.run(["diff", "tiny", "--scenario", scenario, "--out", folder.appendingPathComponent("d").path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(scenario):5:10: error [negativeCapacityAfterProjects]"))
        let missing = CLI.run([
            "solve", "tiny", "--scenario", folder.appendingPathComponent("nope.toml").path, "--out", folder.appendingPathComponent("s").path,
        ])
        #expect(missing.status == 66)
    }

    @Test func validateChecksTheScenarioToo() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try write(Self.late, "late.toml", in: folder)
        let ok = CLI.run(["validate", "tiny", "--scenario", good])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("valid scenario (1 edit)"))
        let bad = try write(
            "name = \"bad\"\n[[delay]]\nproject = \"nope\"\nyears = 1\n[[demand]]\nconsumer = \"steel\"\ncarrier = \"hydrogen\"\nscale = 2\nfrom_year = 2028\n",
            "bad.toml", in: folder)
        let failed = CLI.run(["validate", "tiny", "--scenario", bad])
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("\(bad):3:11: error [unknownReference]: no project `nope`"))
        #expect(failed.stderr.contains("\(bad):7:11: error [carrierMismatch]"))
        #expect(failed.stdout.contains("invalid scenario, 2 errors"))
    }

    @Test func reliefCurveFile() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("relief.csv")
        // The hand numbers are those of the energy view (docs/tiny-by-hand.md).
        let run = CLI.run([
            "relief", "tiny", "--asset", "coast-port", "--step", "5", "--max", "100", "--year", "2025", "--view", "energy", "--policy", "cost",
            "--out", out.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("slope changes at +10.0 MW: 3942.0 → 0.0"))
        let rows = try csvRows(out)
        #expect(rows.count == 1 + 21)
        #expect(rows[1].prefix(9) == ["2025", "coast-port", "link", "0.000", "100.000", "106215.000", "0.000", "348100500.00", ""])
        #expect(rows[2][8] == "3942.000")
        #expect(rows.last?.last == "unchanged")
        // The request view (default, acm): tiny has no request in 2025 and all its load is firm, so
        // firm unserved energy falls as the energy view's unserved energy does.
        let requests = CLI.run([
            "relief", "tiny", "--asset", "coast-port", "--step", "5", "--max", "100", "--year", "2025", "--out", out.path, "--force",
        ])
        #expect(requests.status == 0, "\(requests.stderr)")
        #expect(requests.stdout.contains("firm unserved 106.2 GWh → 66.8 GWh"))
        #expect(requests.stdout.contains("slope changes at +10.0 MW: 3942.0 → 0.0 MWh less firm unserved per MW added"))
        let unknown = CLI.run(["relief", "tiny", "--asset", "nowhere", "--step", "5", "--max", "10", "--out", out.path, "--force"])
        #expect(unknown.status == 65)
    }

    /// The `kind` column comes from the dataset's asset of that id, for every kind.
    @Test(arguments: [("coast-port", "link"), ("electrolyser", "conversion"), ("gas", "supply"), ("wind", "supply")])
    func reliefNamesTheAssetKind(_ asset: String, _ kind: String) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("relief.csv")
        let run = CLI.run(["relief", "tiny", "--asset", asset, "--step", "5", "--max", "0", "--year", "2025", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try csvRows(out)
        #expect(rows.count == 2)
        #expect(rows.last.map { Array($0.prefix(3)) } == ["2025", asset, kind])
    }
}
