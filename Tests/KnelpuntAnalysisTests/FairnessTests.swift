// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// Hand-solvable allocation-rule cases: a 60 MW line from a free supply at A to B, where two
/// consumers of 50 MW each sit (one slice of 1000 h).
@Suite struct FairnessTests {
    func twoBehindOneLine(configure: (inout DatasetBuilder) -> Void = { _ in }) -> Dataset {
        var b = DatasetBuilder()
        b.slice("s", hours: 1000, hour: 12)
        b.node("A")
        b.node("B")
        b.link("A-B", "A", "B", capacity: 60)
        b.supply("free", at: "A", capacity: 1000, cost: 0)
        b.consumer("c1", electricity: "B", queue: "2021-01-01", voll: 5000)
        b.consumer("c2", electricity: "B", group: .other, queue: "2020-01-01", voll: 3000)
        b.demand("c1", mw: 50)
        b.demand("c2", mw: 50)
        configure(&b)
        return b.build()
    }

    func shares(_ dataset: Dataset, _ policy: AllocationPolicy) throws -> [String: Double] {
        var options = AllocationOptions()
        options.policy = policy
        let outcome = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
        var shares: [String: Double] = [:]
        for pair in outcome.pairs { shares[pair.key.consumer.rawValue] = pair.servedShare }
        return shares
    }

    @Test func leximinSplitsTheLineEqually() throws {
        let s = try shares(twoBehindOneLine(), .leximin)
        #expect(abs(s["c1"]! - 0.6) < 1e-6)
        #expect(abs(s["c2"]! - 0.6) < 1e-6)
    }

    @Test func costServesTheHigherVoLLFirst() throws {
        let s = try shares(twoBehindOneLine(), .cost)
        #expect(abs(s["c1"]! - 1.0) < 1e-6)
        #expect(abs(s["c2"]! - 0.2) < 1e-6)
    }

    @Test func costBreaksTiesByLeximin() throws {
        let dataset = twoBehindOneLine { b in
            b.consumers[0].vollEURPerMWh = 3000
        }
        let s = try shares(dataset, .cost)
        #expect(abs(s["c1"]! - 0.6) < 1e-6)
        #expect(abs(s["c2"]! - 0.6) < 1e-6)
    }

    @Test func aSecondPathIsNotHeldBackToTheOthersShare() throws {
        let dataset = twoBehindOneLine { b in
            b.node("C")
            b.link("A-C", "A", "C", capacity: 100)
            b.consumer("c3", electricity: "C", queue: "2022-01-01")
            b.demand("c3", mw: 50)
        }
        var options = AllocationOptions()
        options.policy = .leximin
        let outcome = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
        let byName = Dictionary(uniqueKeysWithValues: outcome.pairs.enumerated().map { ($1.key.consumer.rawValue, $0) })
        #expect(abs(outcome.pairs[byName["c1"]!].servedShare - 0.6) < 1e-6)
        #expect(abs(outcome.pairs[byName["c2"]!].servedShare - 0.6) < 1e-6)
        #expect(abs(outcome.pairs[byName["c3"]!].servedShare - 1.0) < 1e-6)
        #expect(outcome.pairRuleSteps[byName["c1"]!] == 1)
        // c3 reaches its full share in a step-1 solution that meets the step's fixing of c1 and
        // c2, so it is fixed there, without a floor LP of its own.
        #expect(outcome.pairRuleSteps[byName["c3"]!] == 1)
        #expect(outcome.pairBlockingAssets[byName["c1"]!] == "A-B")
        #expect(outcome.pairBlockingAssets[byName["c3"]!] == nil)
    }

    @Test func priorityOneIsServedFullyFirst() throws {
        let dataset = twoBehindOneLine { b in b.consumers[1].priority = 1 }
        let s = try shares(dataset, .priority)
        #expect(abs(s["c2"]! - 1.0) < 1e-6)
        #expect(abs(s["c1"]! - 0.2) < 1e-6)
        let acm = try shares(dataset, .acm)
        #expect(abs(acm["c2"]! - 1.0) < 1e-6)
    }

    @Test func firstComeFirstServedFollowsTheQueue() throws {
        // c2 asked first (2020) although its VoLL is lower.
        let s = try shares(twoBehindOneLine(), .fcfs)
        #expect(abs(s["c2"]! - 1.0) < 1e-6)
        #expect(abs(s["c1"]! - 0.2) < 1e-6)
        let swapped = twoBehindOneLine { b in b.consumers[0].queueDate = CalendarDate(year: 2019, month: 5, day: 1) }
        let t = try shares(swapped, .fcfs)
        #expect(abs(t["c1"]! - 1.0) < 1e-6)
        #expect(abs(t["c2"]! - 0.2) < 1e-6)
        // Equal dates form one class, leximin inside it.
        let equal = twoBehindOneLine { b in b.consumers[0].queueDate = b.consumers[1].queueDate }
        let u = try shares(equal, .fcfs)
        #expect(abs(u["c1"]! - 0.6) < 1e-6)
    }

    @Test func acmPutsPriorityBeforeTheQueue() throws {
        // c1 is category 3 but asked later; the queue alone would favour c2.
        let dataset = twoBehindOneLine { b in b.consumers[0].priority = 3 }
        let s = try shares(dataset, .acm)
        #expect(abs(s["c1"]! - 1.0) < 1e-6)
        #expect(abs(s["c2"]! - 0.2) < 1e-6)
    }

    @Test func flexRaisesTheWorstShareUnderLeximin() throws {
        let dataset = twoBehindOneLine { b in b.flex("c2", maxMW: 20, cost: 10) }
        let s = try shares(dataset, .leximin)
        // (50 − u1) + (50 − 20 − u2) ≤ 60 with u1 = u2 → u = 10 MW each → share 0.8.
        #expect(abs(s["c1"]! - 0.8) < 1e-6)
        #expect(abs(s["c2"]! - 0.8) < 1e-6)
    }
}
