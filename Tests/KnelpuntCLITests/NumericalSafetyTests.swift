// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Issue 18's reproductions of values that `validate` used to accept, solver limits and the
/// smaller scenario and TOML points, end to end in process.
@Suite struct NumericalSafetyTests {
    /// A copy of datasets/tiny in a fresh folder, with `edit` applied to the text of `file`.
    func tinyCopy(editing file: String? = nil, _ edit: (String) -> String = { $0 }) throws -> URL {
        let folder = try CLI.temporaryDirectory()
        let copy = folder.appendingPathComponent("tiny")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("datasets/tiny"), to: copy)
        if let file {
            let url = copy.appendingPathComponent(file)
            try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }
        return copy
    }

    func replacing(_ old: String, _ new: String) -> (String) -> String {
        { text in
            precondition(text.contains(old), "\(old) not found")
            return text.replacingOccurrences(of: old, with: new)
        }
    }

    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test(arguments: [
        (
            "links.csv", "coast,port,electricity,100,", "coast,port,electricity,1e300,",
            "links.csv:2:6: error [magnitudeOutOfRange]: capacity_mw `1e300` is outside the allowed range [0, 1000000] MW"
        ),
        (
            "conversions.csv", "h2-port,50,0.6,", "h2-port,50,1e-300,",
            "conversions.csv:2:6: error [efficiencyOutOfRange]: efficiency `1e-300` is outside the allowed range [0.001, 1]"
        ),
        (
            "dataset.toml", "default_voll_eur_per_mwh = 2000", "default_voll_eur_per_mwh = 1e14",
            "dataset.toml:6:28: error [magnitudeOutOfRange]: `default_voll_eur_per_mwh` 100000000000000 is outside the allowed range (0, 1000000] EUR/MWh"
        ),
        (
            "demand.csv", "chem,hydrogen,2025,18,", "chem,hydrogen,2025,1.2e16,",
            "demand.csv:2:4: error [magnitudeOutOfRange]: mw `1.2e16` is outside the allowed range [0, 100000] MW"
        ),
    ])
    func valuesValidateAcceptedAreDataErrors(file: String, old: String, new: String, diagnostic: String) throws {
        let dataset = try tinyCopy(editing: file, replacing(old, new))
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let validate = CLI.run(["validate", dataset.path])
        #expect(validate.status == 65)
        #expect(validate.stderr.contains("\(dataset.path)/\(diagnostic)"), "\(validate.stderr)")
        let solve = CLI.run(["solve", dataset.path, "--out", dataset.deletingLastPathComponent().appendingPathComponent("o").path, "--quiet"])
        #expect(solve.status == 65)
        #expect(solve.stderr.contains(diagnostic))
    }

    @Test(arguments: [("1e15", "1000000000000000.0"), ("1e300", "1e+300")])
    func hugeDemandScaleIsADataError(scale: String, shown: String) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try write(
            "name = \"huge\"\n[[demand]]\nconsumer = \"steel\"\ncarrier = \"electricity\"\nscale = \(scale)\nfrom_year = 2028\n", "huge.toml",
            in: folder)
        let expected = "\(scenario):5:9: error [magnitudeOutOfRange]: `scale` \(shown) is outside the allowed range [0, 1000] (docs/numerics.md)"
        let validate = CLI.run(["validate", "tiny", "--scenario", scenario])
        #expect(validate.status == 65)
        #expect(validate.stderr.contains(expected), "\(validate.stderr)")
        let solve = CLI.run(["solve", "tiny", "--scenario", scenario, "--out", folder.appendingPathComponent("o").path, "--quiet"])
        #expect(solve.status == 65)
        #expect(solve.stderr.contains(expected))
    }

    @Test func scaledDemandMustStayInRange() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // steel takes 120 MW: × 1000 = 120,000 MW, above 1e5 MW although the scale itself is allowed.
        let scenario = try write(
            "name = \"big\"\n[[demand]]\nconsumer = \"steel\"\ncarrier = \"electricity\"\nscale = 1000\nfrom_year = 2028\n", "big.toml", in: folder)
        let validate = CLI.run(["validate", "tiny", "--scenario", scenario])
        #expect(validate.status == 65)
        #expect(
            validate.stderr.contains(
                "\(scenario):5:9: error [magnitudeOutOfRange]: scaling by 1000 takes steel's electricity demand to 120000 MW, outside the allowed range [0, 100000] MW"
            ), "\(validate.stderr)")
    }

    @Test func capacityAddedBeyondTheRangeIsReportedAtTheScenarioLine() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try write("name = \"big\"\n[[capacity]]\ntarget = \"coast-port\"\nfrom_year = 2026\nadd_mw = 999950\n", "cap.toml", in: folder)
        let validate = CLI.run(["validate", "tiny", "--scenario", scenario])
        #expect(validate.status == 65)
        #expect(
            validate.stderr.contains("\(scenario):5:10: error [magnitudeOutOfRange]: this change leaves `coast-port` with 1000050 MW in 2026"),
            "\(validate.stderr)")
        let huge = try write("name = \"huge\"\n[[capacity]]\ntarget = \"coast-port\"\nfrom_year = 2026\nset_mw = 1e300\n", "set.toml", in: folder)
        let failed = CLI.run(["validate", "tiny", "--scenario", huge])
        #expect(failed.status == 65)
        #expect(
            failed.stderr.contains("\(huge):5:10: error [magnitudeOutOfRange]: `set_mw` 1e+300 is outside the allowed range [0, 1000000] MW"),
            "\(failed.stderr)")
    }

    @Test func badlyScaledLPIsAWarningNotAnError() throws {
        // One timeslice of 0.001 h (the resolution): valid data, but objective and budget coefficients span > 1e9.
        let dataset = try tinyCopy(editing: "timeslices.csv") { text in
            text.replacingOccurrences(of: "winter-day,2190,", with: "winter-day,4379.999,").replacingOccurrences(
                of: "winter-night,2190,", with: "winter-night,0.001,")
        }
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let run = CLI.run([
            "solve", dataset.path, "--years", "2025", "--view", "energy", "--policy", "cost", "--out",
            dataset.deletingLastPathComponent().appendingPathComponent("o").path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "knelpunt: warning: year 2025: the allocation LP is badly scaled: matrix coefficients span a ratio of 2.3e+12 (from 9.51e-10 at share[steel/electricity] / u[steel/electricity,1] to 2.19e+03 at budget[newco.electricity.cbc.2025] / z[newco.electricity.cbc.2025,3])"
            ), "\(run.stderr)")
        // A demand at the resolution (0.001 MW) keeps its share row (w_t / annual MWh) within range: no warning.
        let tinyDemand = try tinyCopy(editing: "demand.csv", replacing("chem,hydrogen,2025,18,", "chem,hydrogen,2025,0.001,"))
        defer { try? FileManager.default.removeItem(at: tinyDemand.deletingLastPathComponent()) }
        let shares = CLI.run([
            "solve", tinyDemand.path, "--years", "2025", "--out", tinyDemand.deletingLastPathComponent().appendingPathComponent("o").path, "--quiet",
        ])
        #expect(shares.status == 0, "\(shares.stderr)")
        #expect(!shares.stderr.contains("badly scaled"), "\(shares.stderr)")
        let clean = CLI.run([
            "solve", "tiny", "--years", "2025", "--out", dataset.deletingLastPathComponent().appendingPathComponent("c").path, "--quiet",
        ])
        #expect(clean.status == 0)
        #expect(!clean.stderr.contains("badly scaled"))
    }

    /// Found by the robustness harness (case 838): valid data at the range edges (a 1e5 MW
    /// hydrogen project next to a 0.001 MW flex commitment). The decomposed cost stage's duals put
    /// the optimal-face restriction just outside GLPK's tolerances, and the first leximin step was
    /// reported infeasible. The year is now solved again monolithic and cold, and the manifest says so.
    @Test func troubleAfterADecomposedCostStageIsRetriedFromScratch() throws {
        let dataset = try tinyCopy(editing: "flex.csv", replacing("newco,electricity,cbc,2025,,15,", "newco,electricity,cbc,2025,,0.0010001,"))
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let transition = dataset.appendingPathComponent("transition.csv")
        try replacing("chem,chem-green-h2,hydrogen,2030,6,", "chem,chem-green-h2,hydrogen,2030,1e5,")(
            try String(contentsOf: transition, encoding: .utf8)
        )
        .write(to: transition, atomically: true, encoding: .utf8)
        let out = dataset.deletingLastPathComponent().appendingPathComponent("o")
        let run = CLI.run(["solve", dataset.path, "--years", "2030", "--view", "energy", "--policy", "cost", "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("monolithic from scratch after the first attempt failed: year 2030"))
        // The same answer as a run that never decomposes.
        let plain = dataset.deletingLastPathComponent().appendingPathComponent("p")
        #expect(
            CLI.run([
                "solve", dataset.path, "--years", "2030", "--view", "energy", "--policy", "cost", "--out", plain.path, "--quiet", "--decomposition",
                "off",
            ]).status == 0)
        for file in ["allocation.csv", "summary.csv", "bottlenecks.csv"] {
            #expect(try Data(contentsOf: out.appendingPathComponent(file)) == Data(contentsOf: plain.appendingPathComponent(file)), "\(file)")
        }
    }

    @Test func timeLimitStopsTheRunWithYearAndStage() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = folder.appendingPathComponent("gen").path
        #expect(CLI.run(["generate", "tiny", "--timeslices", "672", "--scale", "2", "--out", generated, "--quiet"]).status == 0)
        let run = CLI.run([
            "solve", generated, "--years", "2025", "--time-limit", "0.001", "--out", folder.appendingPathComponent("o").path, "--quiet",
        ])
        #expect(run.status == 70)
        #expect(
            run.stderr.contains(
                "knelpunt: year 2025, firm load (minimise firm unserved energy): the solver's time limit (--time-limit) stopped it before an optimum"),
            "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("o").path))
    }

    @Test(arguments: ["auto", "off"])
    func iterationLimitStopsTheRunWithYearAndStage(decomposition: String) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = CLI.run([
            "solve", "tiny", "--years", "2025", "--iteration-limit", "1", "--decomposition", decomposition,
            "--out", folder.appendingPathComponent("o").path, "--quiet",
        ])
        #expect(run.status == 70)
        #expect(
            run.stderr.contains(
                "knelpunt: year 2025, firm load (minimise firm unserved energy): the solver's iteration limit stopped it before an optimum"),
            "\(run.stderr)")
        #expect(run.stderr.contains("GLP_EITLIM"))
    }

    @Test func limitsMustBePositive() {
        #expect(CLI.run(["solve", "tiny", "--time-limit", "0", "--out", "/nonexistent/o"]).status == 64)
        #expect(CLI.run(["solve", "tiny", "--time-limit", "nan", "--out", "/nonexistent/o"]).status == 64)
        #expect(CLI.run(["solve", "tiny", "--iteration-limit", "0", "--out", "/nonexistent/o"]).status == 64)
        let relief = CLI.run(["relief", "tiny", "--asset", "coast-port", "--step", "1e299", "--max", "1e300", "--out", "/nonexistent/r.csv"])
        #expect(relief.status == 64)
        #expect(relief.stderr.contains("--max must be a number of MW between 0 and 1000000"))
    }

    @Test func hugeIntegerInDatasetTomlSaysItIsOutOfRange() throws {
        let dataset = try tinyCopy(
            editing: "dataset.toml", replacing("default_voll_eur_per_mwh = 2000", "default_voll_eur_per_mwh = 99999999999999999999999999"))
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let run = CLI.run(["validate", dataset.path])
        #expect(run.status == 65)
        #expect(
            run.stderr.contains("dataset.toml:6:28: error [badToml]: `99999999999999999999999999` is outside the range of a 64-bit integer"),
            "\(run.stderr)")
        #expect(!run.stderr.contains("put text in quotes"))
    }

    @Test func baseMustNameADataset() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let etc = try write("name = \"etc\"\nbase = \"/etc\"\n", "etc.toml", in: folder)
        let run = CLI.run(["solve", "--scenario", etc, "--out", folder.appendingPathComponent("o").path])
        #expect(run.status == 64)
        #expect(run.stderr.contains("`base = \"/etc\"` in \(etc) is not a dataset under ./datasets"), "\(run.stderr)")
        #expect(!run.stderr.contains("unknownFile"))
        let byName = try write("name = \"ok\"\nbase = \"tiny\"\n", "ok.toml", in: folder)
        #expect(CLI.run(["solve", "--scenario", byName, "--years", "2025", "--out", folder.appendingPathComponent("n").path, "--quiet"]).status == 0)
        let notADataset = try write("name = \"no\"\nbase = \"Tests\"\n", "no.toml", in: folder)
        #expect(CLI.run(["solve", "--scenario", notADataset, "--out", folder.appendingPathComponent("t").path]).status == 64)
    }

    @Test func removingASupplyTwiceNamesTheFirstRemoval() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let twice = try write("name = \"twice\"\n[[remove]]\nsupply = \"gas\"\n[[remove]]\nsupply = \"gas\"\n", "twice.toml", in: folder)
        let run = CLI.run(["validate", "tiny", "--scenario", twice])
        #expect(run.status == 65)
        #expect(
            run.stderr.contains("\(twice):5:10: error [duplicateKey]: supply `gas` was already removed at line 2 of this scenario; remove it once"),
            "\(run.stderr)")
        #expect(!run.stderr.contains("no supply"))
    }
}
