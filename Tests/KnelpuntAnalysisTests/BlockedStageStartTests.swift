// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntGLPK
import KnelpuntModel
import Testing

@testable import KnelpuntAnalysis

/// The basis of the LP that proved a request blocked starts the verifier's rule-order check for
/// that request (``YearOutcome/blockedStageStarts``): only the simplex's starting point changes.
@Suite struct BlockedStageStartTests {
    /// fcfs on the 100 MW corridor of ``RequestAllocationTests/corridor(slices:)``: a 60 MW,
    /// b 50 MW, c 20 MW. a is granted in full (no proof of a block, so no basis), b's stage
    /// fixes it at 40 MW and c's at 0, both blocked by the line: their proofs' bases are kept,
    /// keyed by request. The checks started from them accept the run, and reject it with b cut
    /// to 30 MW (b could take 40 without taking from a).
    @Test func blockedRequestsKeepTheBasisOfTheirProof() throws {
        var b = RequestAllocationTests.corridor()
        b.consumer("c", electricity: "load", queue: "2022-01-01", voll: 3000)
        b.transition("a", project: "a-furnace", year: 2025, mw: 60, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 50, co2: 50)
        b.transition("c", project: "c-pump", year: 2025, mw: 20, co2: 10)
        let dataset = b.build()
        var options = AllocationOptions()
        options.view = .requests
        options.policy = .fcfs
        let model = AllocationModel.build(dataset: dataset, year: 2025, allocation: .requests)
        let outcome = try options.policy.allocate(model: model, dataset: dataset, solver: GLPKSolver(), options: options, start: nil)
        let granted = Dictionary(uniqueKeysWithValues: outcome.requests.map { ($0.key.project.rawValue, $0.grantedMW) })
        #expect(abs((granted["a-furnace"] ?? -1) - 60) < 1e-6)
        #expect(abs((granted["b-boiler"] ?? -1) - 40) < 1e-6)
        #expect(abs(granted["c-pump"] ?? -1) < 1e-6)
        #expect(Set(outcome.blockedStageStarts.keys.map(\.project.rawValue)) == ["b-boiler", "c-pump"])
        #expect(try RuleOrderCheck.violations(outcome, dataset: dataset, solver: GLPKSolver(), options: options).isEmpty)

        var wrong = outcome
        let index = try #require(wrong.requests.firstIndex { $0.key.project.rawValue == "b-boiler" })
        wrong.requests[index].grantedMW = 30
        wrong.requests[index].ruleShare = 30.0 / 50
        let violations = try RuleOrderCheck.violations(wrong, dataset: dataset, solver: GLPKSolver(), options: options)
        #expect(violations.contains { $0.contains("request b-boiler/electricity could be granted") }, "\(violations)")
    }
}
