// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntReports
import Testing

/// Sweep specs, member generation, percentiles and the journal.
@Suite struct ScenarioSweepTests {
    let tiny = DatasetBuilder.tiny()

    func spec(_ text: String) throws(DatasetError) -> SweepSpec { try SweepSpec.parse(Array(text.utf8), file: "sweep.toml") }

    func specErrors(_ text: String) -> [Diagnostic] {
        do {
            _ = try spec(text)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func threeProjects() -> Dataset {
        var builder = DatasetBuilder()
        builder.years = [2025, 2030]
        builder.node("a")
        builder.node("b")
        builder.link("ab", "a", "b", capacity: 100)
        builder.project("p1", target: "ab", capacity: 10, year: 2026)
        builder.project("p2", target: "ab", capacity: 10, year: 2027, status: .construction)
        builder.project("p3", target: "ab", capacity: 10, year: 2028, status: .inService)
        return builder.build()
    }

    @Test func gridOneAtATime() throws {
        let members = try spec("name = \"g\"\n[grid]\ndelays = [0, 1, 3]\n").members(for: threeProjects())
        #expect(members.map(\.label) == ["baseline", "p1+1", "p1+3", "p2+1", "p2+3"])
        #expect(members.map(\.index) == Array(0..<5))
        #expect(members[0].scenario.isEmpty)
        #expect(members[4].delayText == "p2+3")
    }

    @Test func gridTogetherAndFactorial() throws {
        let together = try spec("name = \"g\"\n[grid]\ndelays = [0, 2]\ncombine = \"together\"\n").members(for: threeProjects())
        #expect(together.map(\.label) == ["baseline", "all+2"])
        #expect(together[1].delayText == "p1+2;p2+2")
        let factorial = try spec(
            "name = \"g\"\n[grid]\ndelays = [0, 1]\ncombine = \"factorial\"\nstatuses = [\"planned\", \"construction\", \"in-service\"]\n"
        )
        .members(for: threeProjects())
        #expect(factorial.count == 8)
        #expect(factorial.map(\.delayText).last == "p1+1;p2+1;p3+1")
        #expect(Set(factorial.map(\.delayText)).count == 8)
    }

    @Test func monteCarloIsSeededAndPerMember() throws {
        let text = { (samples: Int, seed: Int) in
            "name = \"mc\"\n[monte_carlo]\nsamples = \(samples)\nseed = \(seed)\n[[delay]]\nstatus = \"planned\"\nvalues = [0, 1, 2, 3]\n"
                + "[[delay]]\nproject = \"p2\"\nvalues = [5, 6]\nweights = [1, 0]\n"
        }
        let data = threeProjects()
        let first = try spec(text(40, 11)).members(for: data)
        let again = try spec(text(40, 11)).members(for: data)
        #expect(first == again)
        // A member does not depend on how many samples there are.
        #expect(try spec(text(10, 11)).members(for: data) == Array(first.prefix(10)))
        #expect(try spec(text(40, 12)).members(for: data).map(\.delayText) != first.map(\.delayText))
        // p2 always gets 5 (weight 0 on 6); p1 draws from 0–3, p3 (in service) from no rule.
        #expect(first.allSatisfy { $0.delays.contains { $0.project == "p2" && $0.years == 5 } })
        #expect(first.allSatisfy { !$0.delays.contains { $0.project == "p3" } })
        let drawn = Set(first.compactMap { $0.delays.first { $0.project == "p1" }?.years ?? 0 })
        #expect(drawn == [0, 1, 2, 3])
    }

    @Test func specErrorsHavePositions() {
        let both = specErrors("name = \"x\"\n[grid]\ndelays = [1]\n[monte_carlo]\nsamples = 3\nseed = 1\n")
        #expect(both.map(\.rule) == [.duplicateKey])
        #expect(both.first?.line == 4)
        let weights = specErrors(
            "name = \"x\"\n[monte_carlo]\nsamples = 3\nseed = 1\n[[delay]]\nstatus = \"planned\"\nvalues = [0, 1]\nweights = [1]\n")
        #expect(weights.map(\.rule) == [.valueOutOfRange])
        #expect(weights.first?.line == 8 && weights.first?.column == 11)
        let noRule = specErrors("name = \"x\"\n[monte_carlo]\nsamples = 3\nseed = 1\n")
        #expect(noRule.map(\.rule) == [.missingKey])
    }

    @Test func unknownProjectInASpec() throws {
        let sweep = try spec("name = \"x\"\n[grid]\ndelays = [1]\nprojects = [\"p1\", \"p9\"]\n")
        do {
            _ = try sweep.members(for: threeProjects())
            Issue.record("an unknown project was accepted")
        } catch {
            #expect(error.diagnostics.map(\.rule) == [.unknownReference])
            #expect(error.diagnostics.first?.message.contains("`p9`") == true)
        }
    }

    @Test func percentilesInterpolateBetweenOrderStatistics() {
        let values: [Double] = [1, 2, 3, 4, 10]
        #expect(SweepTables.percentile(values, 0.5) == 3)
        #expect(abs(SweepTables.percentile(values, 0.9) - 7.6) < 1e-12)
        #expect(abs(SweepTables.percentile(values, 0.1) - 1.4) < 1e-12)
        #expect(SweepTables.percentile([5], 0.9) == 5)
    }

    @Test func sweepResultsAreTheSameWithOneOrTwoWorkers() throws {
        let sweep = try spec("name = \"g\"\n[grid]\ndelays = [0, 1, 2]\n")
        let members = try sweep.members(for: tiny)
        var options = AllocationOptions()
        options.workers = 1
        let base = try BaseCase.solve(dataset: tiny, years: [2029, 2030], solver: GLPKSolver(), options: options)
        let runner = SweepRunner(base: base, solver: GLPKSolver(), options: options)
        let one = try runner.run(members, workers: 1) { _ in }
        let two = try runner.run(members, workers: 2) { _ in }
        #expect(one == two)
        #expect(SweepTables.scenarios(one).render(.en) == SweepTables.scenarios(two).render(.en))
        #expect(one.map { $0.years[1].bottlenecks.contains("coast-port") } == [false, true, true])
        let limited = try runner.run(members, workers: 2, limit: 1) { _ in }
        #expect(limited.count == 1)
    }

    @Test func journalRoundTripsDoublesExactlyAndDropsATornLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(SweepJournal.fileName)
        let header = SweepJournalHeader(spec: "s", specSHA256: "a", datasetSHA256: "b", policy: "cost", years: [2030], scenarios: 3, shard: "1/1")
        let awkward: [Double] = [0.1 + 0.2, 78_840.000_000_000_01, 1e-300, .leastNonzeroMagnitude, 123_456_789.123_456_78, -0.0]
        var results: [SweepResult] = []
        for index in 0..<3 {
            let consumer = SweepResult.Consumer(consumer: "c", unservedMWh: awkward[5 - index], co2AtRiskKt: 1.0 / 7.0)
            let year = SweepResult.Year(
                year: 2030, demandMWh: awkward[index], unservedMWh: awkward[index + 3], co2AtRiskKt: awkward[(index + 1) % 6],
                costEUR: Double(index) / 3, bottlenecks: ["x"], consumers: [consumer])
            results.append(SweepResult(index: index, label: "r\(index)", delays: "p+\(index)", years: [year]))
        }
        let journal = try SweepJournal.create(at: url, header: header)
        for result in results.reversed() { try journal.append(result) }
        let (readHeader, read, _) = try SweepJournal.read(url)
        #expect(readHeader == header)
        #expect(read == results)
        #expect(read.map { $0.years[0].unservedMWh.bitPattern } == results.map { $0.years[0].unservedMWh.bitPattern })
        // Cut the file in the middle of its last line, as a kill during a write would.
        var bytes = try Data(contentsOf: url)
        bytes.removeLast(20)
        try bytes.write(to: url)
        let (_, resumed) = try SweepJournal.resume(at: url, header: header)
        #expect(resumed.map(\.index) == [1, 2])
        #expect(try Data(contentsOf: url).last == 0x0A)
        var other = header
        other.specSHA256 = "changed"
        #expect(throws: SweepJournalError.self) { try SweepJournal.resume(at: url, header: other) }
    }
}
