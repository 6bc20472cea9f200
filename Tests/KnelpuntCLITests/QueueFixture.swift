// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The hand-solvable queue of the request-view CLI tests: a plant at `gen` (`supplyMW`,
/// 10 €/MWh), one 100 MW line `line` to `town`, one flat slice of 8,760 h, no firm load; Alpha
/// Steel asked 100 MW (a-furnace, 2020-01-01, 100 kt CO2) before Beta Chemicals asked 100 MW
/// (b-boiler, 2021-01-01, 50 kt), both from 2025. `projects` is projects.csv.
enum QueueFixture {
    static func write(to dataset: URL, description: String, years: String, supplyMW: Double = 1000, projects: String) throws {
        try FileManager.default.createDirectory(at: dataset, withIntermediateDirectories: true)
        let files: [String: String] = [
            "dataset.toml": """
            name = "queue"
            title = "Two requests behind one line"
            description = "\(description)"
            years = "\(years)"
            default_voll_eur_per_mwh = 2000
            energy_basis = "LHV"

            [sources]
            all = "Invented."

            """,
            "nodes.csv": "id,name,carrier,cluster,lat,lon\ngen,Generation,electricity,NORTH,53.0,6.0\ntown,Town,electricity,SOUTH,52.0,5.0\n",
            "links.csv":
                "id,name,from,to,carrier,capacity_mw,commissioned,retired,source\nline,Gen to town line,gen,town,electricity,100,,,invented\n",
            "supply.csv":
                "id,name,node,kind,capacity_mw,profile,cost_eur_per_mwh,commissioned,retired,source\nplant,Plant,gen,generation,\(supplyMW),,10,,,invented\n",
            "consumers.csv": """
            id,name,cluster,electricity_node,hydrogen_node,group,stage,priority,queue_date,voll_eur_per_mwh,source
            a,Alpha Steel,SOUTH,town,,other,none,,2020-01-01,,invented
            b,Beta Chemicals,SOUTH,town,,other,none,,2021-01-01,,invented

            """,
            "demand.csv": "consumer,carrier,year,mw,profile,source\n",
            "timeslices.csv": "id,weight_h,month,hour\nyear,8760,,\n",
            "transition.csv": """
            consumer,project,carrier,year,mw,profile,co2_avoided_kt_per_year,source
            a,a-furnace,electricity,2025,100,,100,invented
            b,b-boiler,electricity,2025,100,,50,invented

            """,
            "projects.csv": projects,
        ]
        for (name, text) in files { try text.write(to: dataset.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }
}
