// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

/// `[monte_carlo] distribution = NAME`: the dataset's delay_distributions.csv rules as `[[delay]]` rules.
@Suite struct SweepDistributionTests {
    func spec(_ text: String) throws(DatasetError) -> SweepSpec { try SweepSpec.parse(Array(text.utf8), file: "sweep.toml") }

    func tiny() throws -> Dataset { try #require(DatasetFiles.tinyWithDelays.load().dataset) }

    static let monteCarlo = "name = \"mc\"\n[monte_carlo]\nsamples = 400\nseed = 7\n"

    @Test("distribution = \"slow\" draws exactly like the same rules typed as [[delay]] tables")
    func sameAsTypedRules() throws {
        let data = try tiny()
        let named = try spec(Self.monteCarlo + "distribution = \"slow\"\n").members(for: data)
        let typed = try spec(
            Self.monteCarlo
                + "[[delay]]\nstatus = \"planned\"\nvalues = [0, 1, 2, 3]\nweights = [0.4, 0.3, 0.2, 0.1]\n"
                + "[[delay]]\nprogramme = \"MIEK 2023\"\nvalues = [2]\n"
        ).members(for: data)
        #expect(named.map(\.delayText) == typed.map(\.delayText))
        // The weights are the record's, not equal ones: P(0) = 0.4, P(1) = 0.3, P(2) = 0.2, P(3) = 0.1.
        // 400 draws: a binomial standard deviation is at most √(0.25/400) = 0.025; allow 3σ = 0.075.
        for (delay, probability) in [(0, 0.4), (1, 0.3), (2, 0.2), (3, 0.1)] {
            let share = Double(named.filter { ($0.delays.first?.years ?? 0) == delay }.count) / 400
            #expect(abs(share - probability) <= 0.075, "P(\(delay)) = \(share)")
        }
    }

    @Test("A spec rule replaces the distribution's rule for the same selector, and only that one")
    func specRuleWins() throws {
        let data = try tiny()
        let replaced = try spec(Self.monteCarlo + "distribution = \"slow\"\n[[delay]]\nstatus = \"planned\"\nvalues = [5]\n").members(for: data)
        #expect(Set(replaced.map(\.delayText)) == ["coast-port-upgrade+5"])
        // A project rule of the spec beats the distribution's status rule (project > status > programme).
        let byProject = try spec(Self.monteCarlo + "distribution = \"slow\"\n[[delay]]\nproject = \"coast-port-upgrade\"\nvalues = [7]\n")
            .members(for: data)
        #expect(Set(byProject.map(\.delayText)) == ["coast-port-upgrade+7"])
        // A spec rule for another project adds to the distribution's rules.
        let added = try spec(Self.monteCarlo + "distribution = \"fast\"\n[[delay]]\nproject = \"chem-green-h2\"\nvalues = [1]\n").members(for: data)
        #expect(Set(added.map(\.delayText)) == ["chem-green-h2+1", "chem-green-h2+1;coast-port-upgrade+1"])
    }

    func memberErrors(_ sweep: SweepSpec, _ data: Dataset) -> [Diagnostic] {
        do {
            _ = try sweep.members(for: data)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test("An unknown distribution is a spec error at the name's position, listing the names that exist")
    func unknownName() throws {
        let misspelt = memberErrors(try spec(Self.monteCarlo + "distribution = \"slwo\"\n"), try tiny())
        #expect(misspelt.count == 1)
        let diagnostic = try #require(misspelt.first)
        #expect(diagnostic.description.hasPrefix("sweep.toml:5:16: error [unknownReference]"), "\(diagnostic)")
        #expect(
            diagnostic.message
                == "no delay distribution `slwo` in the dataset's delay_distributions.csv; did you mean `slow`? (its distributions are `fast`, `slow`)"
        )
        let none = memberErrors(try spec(Self.monteCarlo + "distribution = \"record\"\n"), try #require(DatasetFiles.tiny.load().dataset))
        #expect(none.map(\.rule) == [.unknownReference])
        #expect(none.first?.message.contains("has no delay_distributions.csv distributions") == true)
    }

    @Test("A Monte Carlo spec needs [[delay]] rules or a distribution; the name must be an id")
    func parsing() throws {
        let parsed = try spec(Self.monteCarlo + "distribution = \"slow\"\n")
        guard case .monteCarlo(let design) = parsed.design else {
            Issue.record("not a Monte Carlo spec")
            return
        }
        #expect(design.distribution == "slow")
        #expect(design.rules.isEmpty)
        func errors(_ text: String) -> [Diagnostic] {
            do {
                _ = try spec(text)
                return []
            } catch {
                return error.diagnostics
            }
        }
        let missing = errors(Self.monteCarlo)
        #expect(missing.map(\.rule) == [.missingKey])
        #expect(missing.first?.message.contains("distribution = \"record\"") == true)
        #expect(errors(Self.monteCarlo + "distribution = \"a b\"\n").map { "\($0.rule):\($0.line ?? 0):\($0.column ?? 0)" } == ["badId:5:16"])
        #expect(errors(Self.monteCarlo + "distribution = 3\n").map(\.rule) == [.wrongType])
    }
}
