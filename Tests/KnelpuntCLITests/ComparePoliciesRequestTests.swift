// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `compare-policies` in the request view, on the queue of ``ExplainCommandTests`` (two 100 MW
/// requests behind one 100 MW line in 2025, the line 200 MW from 2026). By hand, in 2025: fcfs
/// and acm grant the earlier request (a-furnace) 100 MW and b-boiler 0; leximin grants 50 MW
/// each; `cost` values both requests alike (same VoLL, flat, firm), so its leximin tie-break
/// gives 50/50. Every rule grants 100 MW in total, so none gives up MW relative to `cost`.
/// Shares (1, 0): Jain (1+0)²/(2·1) = 0.5, Gini 2·1/(2·2²·0.5) = 0.5.
@Suite struct ComparePoliciesRequestTests {
    @Test func grantsPerRequestAndRuleByHand() throws {
        let dataset = try ExplainCommandTests.queueDataset()
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let out = dataset.deletingLastPathComponent().appendingPathComponent("cmp")
        let run = CLI.run(["compare-policies", dataset.path, "--policies", "cost,leximin,fcfs", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "2025  cost: granted 100.0 MW, min granted share 50.0 % | leximin: granted 100.0 MW, min granted share 50.0 % | fcfs: granted 100.0 MW, min granted share 0.0 %"
            ))
        let comparison = ExplainCommandTests.rows(try String(contentsOf: out.appendingPathComponent("policy-comparison.csv"), encoding: .utf8))
        #expect(comparison.count == 4)
        let expected: [(year: String, request: String, cost: Double, leximin: Double, fcfs: Double)] = [
            ("2025", "a-furnace", 50, 50, 100), ("2025", "b-boiler", 50, 50, 0), ("2026", "a-furnace", 100, 100, 100),
            ("2026", "b-boiler", 100, 100, 100),
        ]
        for (row, hand) in zip(comparison, expected) {
            #expect(row["year"] == hand.year && row["request"] == hand.request && row["fcfs_rank"] == (hand.request == "a-furnace" ? "1" : "2"))
            for (policy, mw) in [("cost", hand.cost), ("leximin", hand.leximin), ("fcfs", hand.fcfs)] {
                #expect(abs((Double(row["granted_mw_\(policy)"] ?? "") ?? -1) - mw) <= 1e-3, "\(hand.request) \(policy)")
                #expect(abs((Double(row["granted_share_\(policy)"] ?? "") ?? -1) - mw / 100) <= 1e-6, "\(hand.request) \(policy)")
            }
        }
        let price = ExplainCommandTests.rows(try String(contentsOf: out.appendingPathComponent("price-of-fairness.csv"), encoding: .utf8))
        let fcfs2025 = try #require(price.first { $0["year"] == "2025" && $0["policy"] == "fcfs" })
        #expect(abs((Double(fcfs2025["granted_mw"] ?? "") ?? 0) - 100) <= 1e-3)
        #expect(abs(Double(fcfs2025["granted_mw_given_up"] ?? "") ?? 1) <= 1e-3)
        #expect(abs(Double(fcfs2025["min_granted_share"] ?? "") ?? 1) <= 1e-6)
        #expect(fcfs2025["requests_short"] == "1")
        #expect(abs((Double(fcfs2025["co2_at_risk_kt"] ?? "") ?? 0) - 50) <= 1e-3)
        let fairness = ExplainCommandTests.rows(try String(contentsOf: out.appendingPathComponent("fairness.csv"), encoding: .utf8))
        let all = try #require(fairness.first { $0["year"] == "2025" && $0["policy"] == "fcfs" && $0["group"] == "all" })
        #expect(all["requests"] == "2" && all["requests_below_50pct"] == "1")
        #expect(abs((Double(all["jain_index"] ?? "") ?? 0) - 0.5) <= 1e-6)
        #expect(abs((Double(all["gini"] ?? "") ?? 0) - 0.5) <= 1e-6)
        #expect(abs((Double(all["mean_granted_share"] ?? "") ?? 0) - 0.5) <= 1e-6)
        let leximin = try #require(fairness.first { $0["year"] == "2025" && $0["policy"] == "leximin" && $0["group"] == "all" })
        #expect(leximin["requests_below_50pct"] == "0" && leximin["requests_below_90pct"] == "2")
        #expect(fairness.contains { $0["group"] == "public" && $0["requests"] == "0" })
    }

    /// `--view energy` keeps the energy tables (served share per consumer and carrier).
    @Test func theEnergyViewKeepsItsTables() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = temp.appendingPathComponent("cmp")
        let run = CLI.run(["compare-policies", "tiny", "--years", "2025", "--view", "energy", "--policies", "cost", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let comparison = try String(contentsOf: out.appendingPathComponent("policy-comparison.csv"), encoding: .utf8)
        #expect(comparison.hasPrefix("year,consumer,carrier,group,demand_mwh,served_share_cost,unserved_mwh_cost\n"))
        let price = try String(contentsOf: out.appendingPathComponent("price-of-fairness.csv"), encoding: .utf8)
        #expect(price.hasPrefix("year,policy,served_mwh,unserved_mwh,cost_eur,served_mwh_given_up,extra_cost_eur,min_share\n"))
        #expect(run.stdout.contains("2025  cost: min share 50.0 %, unserved 106.2 GWh"))
    }
}
