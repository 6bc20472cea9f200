// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntModel
import Testing

@testable import KnelpuntAnalysis

/// The grants the last stage of the request view holds (``PolicyEngine/heldGrantsMW(_:view:margin:)``),
/// by hand: each grant less its margin, clamped to [0, R_r], and an indivisible request granted
/// at least min_mw never held below min_mw.
@Suite struct HeldGrantTests {
    @Test func marginsClampsAndMinimum() throws {
        var b = RequestAllocationTests.corridor()
        b.consumer("c", electricity: "load", queue: "2022-01-01", voll: 3000)
        b.transition("a", project: "a-furnace", year: 2025, mw: 100, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 80, co2: 50)
        b.transition("c", project: "c-heatpump", year: 2025, mw: 0.5, co2: 10)
        b.transitions[1].minMW = 60
        let view = b.build().view(year: 2025, allocation: .requests)
        let index = Dictionary(uniqueKeysWithValues: view.requests.enumerated().map { ($0.element.key.project.rawValue, $0.offset) })
        let a = try #require(index["a-furnace"])
        let bb = try #require(index["b-boiler"])
        let c = try #require(index["c-heatpump"])
        func grants(_ values: [Int: Double]) -> [Double] { view.requests.indices.map { values[$0] ?? 0 } }
        // The run's first hold: 1e-9 × R_r below the grant. a above R_a is clamped to R_a first.
        let share = PolicyEngine.heldGrantsMW(grants([a: 100.5, bb: 60, c: 0.25]), view: view, margin: { 1e-9 * $0 })
        #expect(abs(share[a] - (100 - 1e-7)) < 1e-12)
        #expect(share[bb] == 60, "b is granted its min_mw: the margin must not take it below")
        #expect(abs(share[c] - (0.25 - 5e-10)) < 1e-15)
        // The retry after an infeasible last stage: at least 1e-6 MW below; never below 0.
        let power = PolicyEngine.heldGrantsMW(grants([a: 40, bb: 59, c: 0.0000004]), view: view, margin: { max(1e-9 * $0, 1e-6) })
        #expect(abs(power[a] - (40 - 1e-6)) < 1e-12)
        #expect(abs(power[bb] - (59 - 1e-6)) < 1e-12, "b below its min_mw keeps no minimum")
        #expect(power[c] == 0)
    }
}

/// Loosening a held share by a slack in MW (``AllocationModel/loosenShareHold(member:byMW:)``), by
/// hand: q_r's upper bound rises by slack / R_r; a refused grant and a released share are
/// unchanged.
@Suite struct LoosenedHoldTests {
    @Test func shareHoldsRiseBySlackOverRequest() throws {
        var b = RequestAllocationTests.corridor()
        b.transition("a", project: "a-furnace", year: 2025, mw: 200, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 50, co2: 50)
        b.consumer("c", electricity: "load", queue: "2022-01-01", voll: 3000)
        b.transition("c", project: "c-heatpump", year: 2025, mw: 80, co2: 10)
        let view = b.build().view(year: 2025, allocation: .requests)
        var model = AllocationModel.build(dataset: b.build(), view: view)
        model.addAllocationRuleFamilies()
        let index = Dictionary(uniqueKeysWithValues: view.requests.enumerated().map { ($0.element.key.project.rawValue, $0.offset) })
        let a = try #require(index["a-furnace"])
        let bb = try #require(index["b-boiler"])
        let c = try #require(index["c-heatpump"])
        func upper(_ r: Int) -> Double { model.lp.columns[model.shortfallColumn[r]].upperBound }
        func lower(_ r: Int) -> Double { model.lp.columns[model.shortfallColumn[r]].lowerBound }
        model.fixShare(pair: a, share: 0.5, tolerance: 1e-9)
        model.refuseGrant(request: bb)
        model.loosenShareHold(member: a, byMW: 1e-6)
        model.loosenShareHold(member: bb, byMW: 1e-6)
        model.loosenShareHold(member: c, byMW: 1e-6)
        #expect(abs(upper(a) - (0.5 + 1e-9 + 1e-6 / 200)) < 1e-15, "200 MW: 1e-6 MW is 5e-9 of the share")
        #expect(lower(a) == 0)
        #expect(lower(bb) == 1 && upper(bb) == 1, "a refused grant stays refused")
        #expect(lower(c) == 0 && upper(c) == 1, "an unheld share stays free")
    }
}
