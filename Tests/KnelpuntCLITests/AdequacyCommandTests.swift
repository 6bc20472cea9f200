// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

@Suite("National adequacy apart from the grants (dataset.toml adequacy)")
struct AdequacyCommandTests {
    /// Two nodes, gen → town over a 100 MW line; a 150 MW plant at gen available 60 % in the
    /// 100 h `peak` slice (90 MW) and fully in the 8,660 h `rest`; a 40 MW plant at town; firm
    /// public load 100 MW at town and one firm request of 60 MW there.
    ///
    /// By hand. National load L = 100 + 60 = 160 MW in both slices; supply S = 130 MW at the peak,
    /// 190 MW in the rest, so α(peak) = 1 − 130/160 = 0.1875 (30 MW, 3,000 MWh shed in 100 h),
    /// α(rest) = 0.
    /// - `in-grants`: at the peak at most 90 + 40 = 130 MW reach town, so the request gets 130 − 100
    ///   = 30 MW (the supply blocks it); in the rest the line allows 100 + 40 − 100 = 40 MW. Grant 30.
    /// - `apart`: at the peak every load is served at 0.8125: 81.25 + 0.8125·g ≤ 130 → g ≤ 60; in the
    ///   rest (no shed) 100 + g ≤ 140 → g ≤ 40: the line decides, grant 40.
    static func write(to dataset: URL, adequacy: String?, lineMW: Int = 100) throws {
        try FileManager.default.createDirectory(at: dataset, withIntermediateDirectories: true)
        let files: [String: String] = [
            "dataset.toml": """
            name = "adequacy"
            title = "A national shortage at the peak behind one line"
            description = "Hand-solved adequacy case"
            years = "2025"
            default_voll_eur_per_mwh = 2000
            energy_basis = "LHV"
            \(adequacy.map { "adequacy = \"\($0)\"" } ?? "")

            [sources]
            all = "Invented."

            """,
            "nodes.csv": "id,name,carrier,cluster,lat,lon\ngen,Generation,electricity,NORTH,53.0,6.0\ntown,Town,electricity,SOUTH,52.0,5.0\n",
            "links.csv":
                "id,name,from,to,carrier,capacity_mw,commissioned,retired,source\nline,Gen to town line,gen,town,electricity,\(lineMW),,,invented\n",
            "supply.csv": """
            id,name,node,kind,capacity_mw,profile,cost_eur_per_mwh,commissioned,retired,source
            plant,Plant,gen,generation,150,avail,10,,,invented
            local,Local plant,town,generation,40,,20,,,invented

            """,
            "consumers.csv": """
            id,name,cluster,electricity_node,hydrogen_node,group,stage,priority,queue_date,voll_eur_per_mwh,source
            pub,Town households,SOUTH,town,,public,none,,2000-01-01,,invented
            a,Alpha Steel,SOUTH,town,,other,none,,2020-01-01,,invented

            """,
            "demand.csv": "consumer,carrier,year,mw,profile,source\npub,electricity,2025,100,,invented\n",
            "timeslices.csv": "id,weight_h,month,hour,avail\npeak,100,1,18,0.6\nrest,8660,,,1\n",
            "transition.csv": """
            consumer,project,carrier,year,mw,profile,co2_avoided_kt_per_year,source
            a,a-furnace,electricity,2025,60,,100,invented

            """,
            "projects.csv": "id,name,programme,target,capacity_mw,year,status,source\n",
        ]
        for (name, text) in files { try text.write(to: dataset.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }

    func solve(adequacy: String?) throws -> (status: Int32, stderr: String, out: URL, folder: URL) {
        let folder = try CLI.temporaryDirectory()
        let dataset = folder.appendingPathComponent("adequacy")
        try Self.write(to: dataset, adequacy: adequacy)
        let out = folder.appendingPathComponent("out")
        let run = CLI.run(["solve", dataset.path, "--out", out.path, "--quiet"])
        return (run.status, run.stderr, out, folder)
    }

    @Test func apartGrantsOnTheLineAndReportsTheShed() throws {
        let run = try solve(adequacy: "apart")
        defer { try? FileManager.default.removeItem(at: run.folder) }
        #expect(run.status == 0, "\(run.stderr)")
        let requests = try RequestScenarioCommandTests.rows(run.out.appendingPathComponent("requests.csv"))
        #expect(requests.count == 1)
        RequestScenarioCommandTests.expectNumber(requests.first?["granted_mw"], 40, tolerance: 1e-6, "grant")
        #expect(requests.first?["blocking_asset"] == "line")
        let file = run.out.appendingPathComponent("adequacy.csv")
        #expect(
            try RequestScenarioCommandTests.header(file) == [
                "year", "policy", "timeslice", "weight_hours", "national_load_mw", "national_supply_mw", "shed_share", "shed_mw", "shed_mwh",
            ])
        let rows = try RequestScenarioCommandTests.rows(file)
        #expect(rows.map { $0["timeslice"] } == ["peak", "rest"])
        let expected: [[String: Double]] = [
            ["national_load_mw": 160, "national_supply_mw": 130, "shed_share": 0.1875, "shed_mw": 30, "shed_mwh": 3000],
            ["national_load_mw": 160, "national_supply_mw": 190, "shed_share": 0, "shed_mw": 0, "shed_mwh": 0],
        ]
        for (row, values) in zip(rows, expected) {
            for (column, value) in values.sorted(by: { $0.key < $1.key }) {
                RequestScenarioCommandTests.expectNumber(row[column], value, tolerance: 1e-6, "\(row["timeslice"] ?? "?") \(column)")
            }
        }
        // The firm load is served in full after the shed (its demand is net of it).
        let allocation = try RequestScenarioCommandTests.rows(run.out.appendingPathComponent("allocation.csv"))
        for row in allocation { RequestScenarioCommandTests.expectNumber(row["unserved_mwh"], 0, tolerance: 1e-6, "unserved") }
    }

    @Test func inGrantsLetsTheShortageRefuseTheRequest() throws {
        for mode in [nil, "in-grants"] {
            let run = try solve(adequacy: mode)
            defer { try? FileManager.default.removeItem(at: run.folder) }
            #expect(run.status == 0, "\(run.stderr)")
            let requests = try RequestScenarioCommandTests.rows(run.out.appendingPathComponent("requests.csv"))
            RequestScenarioCommandTests.expectNumber(requests.first?["granted_mw"], 30, tolerance: 1e-6, "grant (\(mode ?? "default"))")
            #expect(!FileManager.default.fileExists(atPath: run.out.appendingPathComponent("adequacy.csv").path))
        }
    }

    /// `explain` names the national shed apart from the grid's limit: 18.75 % in 100 h, and the
    /// line as the binding capacity of the 40 MW grant.
    @Test func explainNamesTheShedApartFromTheGrid() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("adequacy")
        try Self.write(to: dataset, adequacy: "apart")
        let run = CLI.run(["explain", "a-furnace", dataset.path, "--year", "2025"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("shed up to 18.8 % in 100 h (adequacy.csv); not a transport limit"), "\(run.stdout)")
        #expect(run.stdout.contains("granted 40.0 MW of 60.0 MW"), "\(run.stdout)")
        #expect(run.stdout.contains("line"), "\(run.stdout)")
    }

    /// The capacity map takes the shed apart too. With a 150 MW line the request gets its 60 MW;
    /// in the rest slice (no shed) gen's 150 MW and the local 40 MW leave 30 MW spare, at town and
    /// at gen alike. In the peak (α = 0.1875, the nation's supply used in full) a new load at town
    /// is served at 0.8125 and takes that from the other loads, all at town (share 1): no limit
    /// there; a new load at gen takes 0.8125·y from town's load, which the line then carries less.
    /// So both offtakes are 30 MW (without the relief of the other loads, town's would be 0).
    @Test func capacityMapTakesTheShedApart() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("adequacy")
        try Self.write(to: dataset, adequacy: "apart", lineMW: 150)
        let out = folder.appendingPathComponent("out")
        let run = CLI.run(["solve", dataset.path, "--capacity-map", "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let requests = try RequestScenarioCommandTests.rows(out.appendingPathComponent("requests.csv"))
        RequestScenarioCommandTests.expectNumber(requests.first?["granted_mw"], 60, tolerance: 1e-6, "grant")
        let map = try RequestScenarioCommandTests.rows(out.appendingPathComponent("capacity-map.csv"))
        #expect(map.map { $0["node"] } == ["gen", "town"])
        for row in map { RequestScenarioCommandTests.expectNumber(row["available_offtake_mw"], 30, tolerance: 1e-6, "\(row["node"] ?? "?") offtake") }
    }

    @Test func anUnknownModeIsAnErrorWithItsPosition() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("adequacy")
        try Self.write(to: dataset, adequacy: "maybe")
        let run = CLI.run(["validate", dataset.path])
        #expect(run.status != 0)
        let text = run.stdout + run.stderr
        #expect(text.contains("dataset.toml:7:"), "\(text)")
        #expect(text.contains("in-grants") && text.contains("apart"), "\(text)")
    }
}
