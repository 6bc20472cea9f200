// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

@Suite struct SolveCommandTests {
    @Test func versionNamesToolAndGLPK() throws {
        let output = try CLI.runProcess(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("knelpunt"))
        #expect(output.stdout.contains("GLPK 5."))
    }

    @Test func solveTinyWritesEveryFileAndRerunsAreByteIdentical() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let first = temp.appendingPathComponent("a")
        let second = temp.appendingPathComponent("b")
        let run1 = CLI.run(["solve", "tiny", "--out", first.path])
        #expect(run1.status == 0, "\(run1.stderr)")
        #expect(run1.stdout.contains("bottleneck coast-port"))
        let run2 = CLI.run(["solve", "datasets/tiny", "--out", second.path, "--quiet"])
        #expect(run2.status == 0)
        #expect(run2.stdout.isEmpty)
        for name in ["allocation.csv", "bottlenecks.csv", "nodes.csv", "flex.csv", "co2.csv", "summary.csv", "fairness.csv"] {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between runs")
            #expect(!a.isEmpty)
        }
        let manifest = try String(contentsOf: first.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"sha256\""))
        #expect(manifest.contains("\"glpk") || manifest.contains("GLPK"))
        // No staging folder is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: temp.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func tinyNumbersMatchTheHandSolution() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = temp.appendingPathComponent("o")
        // docs/tiny-by-hand.md works out the energy view under the cost rule.
        #expect(CLI.run(["solve", "tiny", "--years", "2025", "--view", "energy", "--policy", "cost", "--out", out.path, "--quiet"]).status == 0)
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(summary.contains("2025,all,1471680.000,1349040.000,16425.000,106215.000,348100500.00,348100500.00,3,0.000"))
        let bottlenecks = try String(contentsOf: out.appendingPathComponent("bottlenecks.csv"), encoding: .utf8)
        #expect(bottlenecks.contains("2025,coast-port,link,100.000,100.000,1.000000,6570.000,11826000.00,10.000,true,chem"))
    }

    /// `--decomposition on|off` and `--cost-tie-break none` give the same tiny totals as the
    /// hand solution (cost, unserved, bottleneck value); the manifest records both options and
    /// how the cost stage was solved; `none` leaves rule_step empty.
    @Test func decompositionAndTieBreakOptionsKeepTheOptimum() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let cases: [(name: String, arguments: [String], method: String)] = [
            ("off", ["--decomposition", "off"], "monolithic"),
            ("on", ["--decomposition", "on"], "decomposed"),
            ("none", ["--cost-tie-break", "none"], "decomposed"),
        ]
        for item in cases {
            let out = temp.appendingPathComponent(item.name)
            let run = CLI.run(
                ["solve", "tiny", "--years", "2025", "--view", "energy", "--policy", "cost", "--out", out.path, "--quiet"] + item.arguments)
            #expect(run.status == 0, "\(run.stderr)")
            let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
            #expect(
                summary.contains("2025,all,1471680.000,1349040.000,16425.000,106215.000,348100500.00,348100500.00,3,0.000"),
                "\(item.name): \(summary)")
            let bottlenecks = try String(contentsOf: out.appendingPathComponent("bottlenecks.csv"), encoding: .utf8)
            #expect(bottlenecks.contains("2025,coast-port,link,100.000,100.000,1.000000,6570.000,11826000.00"), "\(item.name)")
            let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
            #expect(manifest.contains("\"cost_stage_method\" : \"\(item.method)"), "\(item.name): \(manifest)")
            #expect(manifest.contains("\"cost_tie_break\" : \"\(item.name == "none" ? "none" : "leximin")\""))
            let allocation = try String(contentsOf: out.appendingPathComponent("allocation.csv"), encoding: .utf8)
            let steps = allocation.split(separator: "\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().last ?? ""
            }
            #expect(steps.allSatisfy { item.name == "none" ? $0.isEmpty : !$0.isEmpty }, "\(item.name): \(steps)")
        }
        let bad = CLI.run(["solve", "tiny", "--decomposition", "maybe", "--out", temp.appendingPathComponent("x").path])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("maybe"))
    }

    @Test func dutchDialectUsesSemicolonsDecimalCommasAndBOM() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = temp.appendingPathComponent("o")
        #expect(CLI.run(["solve", "tiny", "--years", "2025", "--csv-dialect", "nl", "--out", out.path, "--quiet"]).status == 0)
        let data = try Data(contentsOf: out.appendingPathComponent("summary.csv"))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("year;group;demand_mwh"))
        #expect(text.contains("2025;all;1471680,000;1349040,000"))
    }

    @Test func existingOutputNeedsForce() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = temp.appendingPathComponent("o")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: out.appendingPathComponent("note.txt"))
        let refused = try CLI.runProcess(["solve", "tiny", "--years", "2025", "--out", out.path])
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("--force"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("note.txt").path))
        // --force replaces only what knelpunt wrote: a folder of the user's own stays.
        let foreign = try CLI.runProcess(["solve", "tiny", "--years", "2025", "--out", out.path, "--force", "--quiet"])
        #expect(foreign.status == 73)
        #expect(foreign.stderr.contains("was not written by knelpunt"), "\(foreign.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("note.txt").path))
        let own = temp.appendingPathComponent("own")
        #expect(try CLI.runProcess(["solve", "tiny", "--years", "2025", "--out", own.path, "--quiet"]).status == 0)
        let forced = try CLI.runProcess(["solve", "tiny", "--years", "2025", "--out", own.path, "--force", "--quiet"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: own.appendingPathComponent("allocation.csv").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path).sorted() == ["o", "own"]) // no staging, no lock left
    }

    @Test(arguments: [
        (["solve", "tiny", "--years", "20x5"], "--years"),
        (["solve", "tiny", "--years", "2040"], "planning years"),
        (["solve", "tiny", "--policy", "random"], "--policy"),
        (["solve", "tiny", "--csv-dialect", "fr"], "--csv-dialect"),
        (["solve", "no-such-dataset"], "not found"),
        (["compare-policies", "tiny", "--policies", "cost,magic"], "magic"),
    ])
    func usageErrorsExit64(arguments: [String], mentions: String) throws {
        let output = try CLI.runProcess(arguments)
        #expect(output.status == 64, "\(arguments): \(output.stderr)")
        #expect(output.stderr.contains(mentions), "\(output.stderr)")
    }

    /// The energy view's tables (`--view energy`); the request view's: ComparePoliciesRequestTests.
    @Test func comparePoliciesWritesSideBySideTables() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = temp.appendingPathComponent("o")
        let output = CLI.run(["compare-policies", "tiny", "--years", "2025", "--view", "energy", "--policies", "leximin,acm", "--out", out.path])
        #expect(output.status == 0, "\(output.stderr)")
        let comparison = try String(contentsOf: out.appendingPathComponent("policy-comparison.csv"), encoding: .utf8)
        #expect(
            comparison.hasPrefix(
                "year,consumer,carrier,group,demand_mwh,served_share_leximin,unserved_mwh_leximin,served_share_acm,unserved_mwh_acm\n"))
        #expect(comparison.split(separator: "\n").count == 4)
        let price = try String(contentsOf: out.appendingPathComponent("price-of-fairness.csv"), encoding: .utf8)
        #expect(price.contains("2025,leximin,"))
        let fairness = try String(contentsOf: out.appendingPathComponent("fairness.csv"), encoding: .utf8)
        #expect(fairness.contains("2025,leximin,all,3,"))
    }
}

/// nl 2031's firm-load stage ends phase 1 of its decomposition with slacks of 8.98e-11 MWh, not
/// 0; with them fixed at 0 the phase-2 master was infeasible even in exact arithmetic and the
/// stage fell back to the monolithic LP. Every stage of that year now decomposes.
@Suite struct DecompositionOnNLTests {
    @Test func nl2031DecomposesWithoutFallback() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("nl")
        let run = CLI.run(["solve", "nl", "--years", "2031", "--no-verify", "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"cost_stage_method\" : \"decomposed"), "\(manifest.prefix(400))")
        #expect(!manifest.contains("decomposition_fallback"), "a stage fell back to the monolithic LP")
    }
}
