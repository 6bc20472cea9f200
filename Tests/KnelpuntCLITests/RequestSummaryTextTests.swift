// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// The run summary that `solve` prints in the request view (RunSummaryText), on hand-solved data.
@Suite struct RequestSummaryTextTests {
    /// The queue of ``ExplainCommandTests``: under fcfs in 2025 Alpha Steel gets the whole 100 MW
    /// line and Beta Chemicals 0 of its 100 MW (CO2 at risk: all of its 50 kt); in 2026 the
    /// upgraded line grants both.
    @Test func theQueueNamesTheShortRequestWithItsBlockingAsset() throws {
        let dataset = try ExplainCommandTests.queueDataset()
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let out = dataset.deletingLastPathComponent().appendingPathComponent("out")
        let run = CLI.run(["solve", dataset.path, "--policy", "fcfs", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains("2025 [fcfs]: requested 200.0 MW, granted 100.0 MW (50.0 %), 1 of 2 requests short, CO2 at risk 50 kt\n"))
        #expect(run.stdout.contains("    short: Beta Chemicals, b-boiler (electricity): 0.0 of 100.0 MW granted, blocked by line\n"))
        #expect(run.stdout.contains("2026 [fcfs]: requested 200.0 MW, granted 200.0 MW (100.0 %), 0 of 2 requests short, CO2 at risk 0 kt\n"))
        #expect(!run.stdout.contains("firm load unserved"))
        #expect(!run.stdout.contains("Alpha Steel"))
    }

    /// tiny in 2025 has no requests yet and its firm load is short as in the hand solution
    /// (docs/tiny-by-hand.md): the least unserved energy is 106,215 MWh, split by VoLL into
    /// 78,840 MWh of the chemical plant's hydrogen and 27,375 MWh of the newcomer.
    @Test func firmUnservedEnergyIsReportedAsASecurityOfSupplyViolation() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let run = CLI.run(["solve", "tiny", "--years", "2025", "--out", temp.appendingPathComponent("o").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2025 [acm]: no connection requests active, CO2 at risk 0 kt\n"))
        #expect(run.stdout.contains("    firm load unserved 106.2 GWh: security of supply violated\n"))
        #expect(run.stdout.contains("        Chemical plant (hydrogen) 78.8 GWh\n        Newcomer on the waiting list (electricity) 27.4 GWh\n"))
    }

    /// `--view energy` keeps the energy summary: tiny's hand solution under `cost`, 106,215 of
    /// 1,471,680 MWh unserved (7.2 %), chem 78,840 MWh.
    @Test func theEnergyViewKeepsItsSummary() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let run = CLI.run([
            "solve", "tiny", "--years", "2025", "--view", "energy", "--policy", "cost", "--out", temp.appendingPathComponent("o").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2025 [cost]: unserved 106.2 GWh (7.2 % of demand), CO2 at risk"))
        #expect(run.stdout.contains("    short: Chemical plant (hydrogen) 78.8 GWh unserved"))
    }
}
