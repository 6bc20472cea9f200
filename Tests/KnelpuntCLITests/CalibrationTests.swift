// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Pins every row of docs/calibration.md: each public statement about congestion or a queue, and
/// what the default run of `datasets/nl` says for the same region and years, as claims on the
/// run's CSVs. A data or model change that changes what Knelpunt says about a row fails here
/// with the row's number; re-check the row (and its verdict) in the document, then the claim.
@Suite(.serialized) struct CalibrationTests {
    static let years = 2025...2035

    /// The rows, by their number in docs/calibration.md.
    static var rows: [Int: (CalibrationRun, inout CalibrationClaims) -> Void] {
        [
            1: { run, c in
                // Rotterdam port full 2022 → 2025–2026: the port infeeds bind; the existing (firm) load is
                // served, the port waiting list is not: the 650 MW requested in 2022 gets nothing.
                for year in 2025...2026 {
                    c.claim(run.unservedTWh(cluster: "RM", year) < 1e-6, "no RM firm shortage in \(year)")
                    for asset in ["e-smh-rmport", "e-wtl-rmport"] { c.claim(run.isBottleneck(asset, year), "\(asset) binds in \(year)") }
                    let recent = run.request("rm-waitlist-recent", year)
                    c.claim(
                        recent.map { $0.grantedMW == 0 && $0.blockingAsset == "e-smh-rmport" } ?? false,
                        "rm-waitlist-recent refused in \(year), blocked by e-smh-rmport")
                    c.claim(!run.isFull("rm-waitlist-early", year), "rm-waitlist-early short in \(year)")
                }
            },
            2: { run, c in
                // Relief 2027–2029 with the Simonshaven transformers: the port list is granted in full from
                // 2029, when e-smh-rmport does not bind (from 2030 it binds again for the non-firm batteries,
                // with the grown public load).
                for year in 2027...2029 { c.claim(run.unservedTWh(cluster: "RM", year) < 1e-6, "no RM firm shortage in \(year)") }
                for year in 2030...2035 { c.claim(run.unservedTWh(cluster: "RM", year) < 1e-6, "no RM firm shortage in \(year)") }
                for year in 2027...2028 { c.claim(!run.isFull("rm-waitlist-recent", year), "rm-waitlist-recent short in \(year)") }
                for year in 2029...2035 {
                    for id in ["rm-waitlist-early", "rm-waitlist-recent"] { c.claim(run.isFull(id, year), "\(id) granted in full in \(year)") }
                }
                c.claim(!run.isBottleneck("e-smh-rmport", 2029), "e-smh-rmport does not bind in 2029")
            },
            3: { run, c in
                // Moerdijk: nothing short before 2029; then the newcomers wait behind e-gt-mdk while Shell
                // Moerdijk's electrification, earlier in the queue, is granted.
                for year in 2025...2028 {
                    c.claim(run.unservedTWh(year) { $0.electricityNode == "E_MDK" } < 1e-6, "no shortage at E_MDK in \(year)")
                }
                c.claim(run.isFull("shell-moerdijk-electrification", 2029), "shell-moerdijk-electrification granted in full in 2029")
                for id in ["moerdijk-waitlist-1", "moerdijk-waitlist-2"] {
                    let request = run.request(id, 2029)
                    c.claim(
                        request.map { $0.grantedMW < $0.requestedMW && $0.blockingAsset == "e-gt-mdk" } ?? false,
                        "\(id) short in 2029, blocked by e-gt-mdk")
                }
            },
            4: { run, c in
                // Maasvlakte 2 / Amaliahaven: the new station is in service from 2026 and never binds.
                for year in 2026...2035 { c.claim(!run.isBottleneck("e-mvl-amh", year), "e-mvl-amh does not bind in \(year)") }
            },
            5: { run, c in
                // NZKG: the existing load is served and every NZKG electricity request but Tata's is granted
                // in full in every year; the Amsterdam infeed e-ozn-ams is worth less than 1 k€/MW·yr.
                for year in run.years {
                    c.claim(run.unservedTWh(cluster: "NZKG", year) < 1e-6, "no NZKG firm shortage in \(year)")
                    for request in run.requests(cluster: "NZKG", year) where request.consumer != "tata-steel" && request.carrier == "electricity" {
                        c.claim(request.grantedMW >= CalibrationRun.fullShare * request.requestedMW, "\(request.consumer) granted in full in \(year)")
                    }
                    c.claim((run.shadowValues[year]?["e-ozn-ams"] ?? 0) < 1000, "e-ozn-ams worth less than 1 k€/MW·yr in \(year)")
                }
            },
            6: { run, c in
                // Tata: the DRP + EAF request gets part, below half, 2030–2033, blocked at the Tata site;
                // in full from 2034, with the NZKG 380 kV reinforcement.
                for year in 2030...2033 {
                    let request = run.request("tata-drp-eaf", year)
                    c.claim(
                        request.map { $0.grantedMW > 0 && $0.grantedMW < 0.5 * $0.requestedMW } ?? false,
                        "tata-drp-eaf partly granted, below half, in \(year)")
                    c.claim(run.isBottleneck("e-bvw-tata", year), "e-bvw-tata binds in \(year)")
                }
                // Blocked at the Tata site: its connection or its own generation behind it (the two are
                // worth the same to the grant, so either may be named).
                for year in 2030...2033 {
                    c.claim(
                        ["e-bvw-tata", "gen-velsen-25"].contains(run.request("tata-drp-eaf", year)?.blockingAsset ?? ""),
                        "tata-drp-eaf blocked by e-bvw-tata or gen-velsen-25 in \(year)")
                }
                for year in 2034...2035 { c.claim(run.isFull("tata-drp-eaf", year), "tata-drp-eaf granted in full in \(year)") }
                for year in 2034...2035 { c.claim(!run.isBottleneck("e-bvw-tata", year), "e-bvw-tata does not bind in \(year)") }
            },
            7: { run, c in
                // Groningen / Friesland: room for every NNL offtake request in every year; the north-east's
                // public load is met; the Eemshaven 220 kV line binds from 2031 (infeed going south).
                for year in run.years {
                    c.claim(
                        run.requests(cluster: "NNL", year).allSatisfy { $0.grantedMW >= CalibrationRun.fullShare * $0.requestedMW },
                        "every NNL request granted in full in \(year)")
                    c.claim(run.unservedTWh(cluster: "NNL", year) < 1e-6, "no NNL firm shortage in \(year)")
                }
                for year in 2031...2035 { c.claim(run.isBottleneck("e-ems-vvl-220", year), "e-ems-vvl-220 binds in \(year)") }
            },
            8: { run, c in
                // DSO solar per node is in the data, but the 380/220 kV grid takes all of it in the north-east:
                // the PV at Meeden, Vierverlaten, Zeyerveen, Zwolle and Hengelo binds as a supply (its output
                // is worth more capacity; at the clear-sky noon peak it feeds in capacity × 0.9214, the
                // profile's maximum), so the 110 kV infeed congestion of the statement does not show.
                for node in ["mee", "vvl", "zyv", "zwo", "hgl"] {
                    c.claim(run.supplyIDs.contains("pv-dso-\(node)"), "pv-dso-\(node) in the data")
                    for year in [2025, 2030, 2035] { c.claim(run.isBottleneck("pv-dso-\(node)", year), "pv-dso-\(node) binds in \(year)") }
                }
            },
            9: { run, c in
                // Diemen–Lelystad–Ens: worth less than 1 k€ per MW and year in every year, also under N-1
                // (e-dim-lls binds in 2030 at a value of about 0.4 €/MW·yr); Lelystad–Ens never binds.
                for year in run.years {
                    for asset in ["e-dim-lls", "e-lls-ens"] {
                        c.claim((run.shadowValues[year]?[asset] ?? 0) < 1000, "\(asset) worth less than 1 k€/MW·yr in \(year)")
                    }
                    c.claim(!run.isBottleneck("e-lls-ens", year), "e-lls-ens does not bind in \(year)")
                }
            },
            10: { run, c in
                // Zeeland closed since 2023: both parts of the list wait behind Borssele–Terneuzen 2025–2029.
                for year in 2025...2029 {
                    c.claim(run.unservedTWh(cluster: "ZLD", year) < 1e-6, "no ZLD firm shortage in \(year)")
                    c.claim(run.isBottleneck("e-bsl-tnz", year), "e-bsl-tnz binds in \(year)")
                    for id in ["zld-waitlist-connectable", "zld-waitlist-rest"] {
                        let request = run.request(id, year)
                        c.claim(
                            request.map { $0.grantedMW < 0.5 * $0.requestedMW && $0.blockingAsset == "e-bsl-tnz" } ?? false,
                            "\(id) below half in \(year), blocked by e-bsl-tnz")
                    }
                }
            },
            11: { run, c in
                // Zeeland relief: e-bsl-tnz binds to 2033 and no longer from 2034 (Zeeuws-Vlaanderen 380 kV),
                // when the time-duration (tdtr) part of the list is granted in full.
                for year in 2031...2033 {
                    c.claim(run.isBottleneck("e-bsl-tnz", year), "e-bsl-tnz binds in \(year)")
                    c.claim(!run.isFull("zld-waitlist-connectable", year), "zld-waitlist-connectable short in \(year)")
                }
                for year in 2034...2035 {
                    c.claim(!run.isBottleneck("e-bsl-tnz", year), "e-bsl-tnz does not bind in \(year)")
                    for id in ["zld-waitlist-connectable", "zld-waitlist-rest"] { c.claim(run.isFull(id, year), "\(id) granted in full in \(year)") }
                }
            },
            12: { run, c in
                // Borssele: no room until the Sloegebied 380 kV station (first full year 2029).
                for year in 2025...2028 { c.claim(run.isBottleneck("e-bsl-sloe", year), "e-bsl-sloe binds in \(year)") }
                for year in 2029...2035 { c.claim(!run.isBottleneck("e-bsl-sloe", year), "e-bsl-sloe does not bind in \(year)") }
            },
            13: { run, c in
                // Limburg stop 2022: the existing load is served, the Limburg list waits behind Maasbracht–Graetheide.
                for year in 2025...2026 {
                    c.claim(run.unservedTWh(cluster: "CHEM", year) < 1e-6, "no CHEM firm shortage in \(year)")
                    c.claim(run.isBottleneck("e-mbr-grh", year), "e-mbr-grh binds in \(year)")
                    let request = run.request("chem-waitlist", year)
                    c.claim(
                        request.map { $0.grantedMW < $0.requestedMW && $0.blockingAsset == "e-mbr-grh" } ?? false,
                        "chem-waitlist short in \(year), blocked by e-mbr-grh")
                }
            },
            14: { run, c in
                // Chemelot: Maasbracht–Graetheide binds 2027–2028; Chemelot's first electrification, ahead in
                // the queue, is granted and the Limburg list gives way; relief 2029.
                for year in 2027...2028 {
                    c.claim(run.isBottleneck("e-mbr-grh", year), "e-mbr-grh binds in \(year)")
                    c.claim(run.isFull("chemelot-electrification-1", year), "chemelot-electrification-1 granted in full in \(year)")
                    c.claim(!run.isFull("chem-waitlist", year), "chem-waitlist short in \(year)")
                }
                c.claim(!run.isBottleneck("e-mbr-grh", 2029), "e-mbr-grh does not bind in 2029")
                for id in ["chemelot-electrification-1", "chem-waitlist"] { c.claim(run.isFull(id, 2029), "\(id) granted in full in 2029") }
            },
            15: { run, c in
                // Chemelot hydrogen waits for the Delta Rhine Corridor pipeline (2033).
                for year in 2030...2032 {
                    c.claim(run.request("oci-green-ammonia-geleen", year)?.grantedMW == 0, "OCI green ammonia refused in \(year)")
                }
                c.claim(run.isFull("oci-green-ammonia-geleen", 2033), "OCI green ammonia granted in full in 2033")
            },
            16: { run, c in
                // Noord-Brabant: nothing short in 2025 and the Brabant list granted 2025–2029; Rilland–
                // Geertruidenberg binds only in 2029–2030.
                c.claim(run.unservedTWh(2025) { $0.electricityNode == "E_EHV" } < 1e-6, "no shortage at E_EHV in 2025")
                for year in 2025...2029 { c.claim(run.isFull("brabant-waitlist", year), "brabant-waitlist granted in full in \(year)") }
                for year in 2025...2028 { c.claim(!run.isBottleneck("e-ril-gt", year), "e-ril-gt does not bind in \(year)") }
                c.claim(run.isBottleneck("e-ril-gt", 2029), "e-ril-gt binds in 2029")
            },
            17: { run, c in
                // Gelderland / Overijssel: at 380 kV the eastern requests are granted in full 2030–2035.
                for year in 2030...2035 {
                    for id in ["avr-duiven-capture", "nobian-mvr-hengelo"] { c.claim(run.isFull(id, year), "\(id) granted in full in \(year)") }
                }
            },
            18: { run, c in
                // Zuid-Holland: the port infeed binds in every year; the 380 kV ring is worth less than
                // 1 k€/MW·yr (e-wtr-bls and e-kij-gt touch their limits in a few years), two of its links never bind.
                for year in run.years {
                    c.claim(run.isBottleneck("e-wtl-rmport", year), "e-wtl-rmport binds in \(year)")
                    for asset in ["e-wtl-wtr", "e-wtr-bls", "e-bls-kij", "e-kij-gt"] {
                        c.claim((run.shadowValues[year]?[asset] ?? 0) < 1000, "\(asset) worth less than 1 k€/MW·yr in \(year)")
                    }
                    for asset in ["e-wtl-wtr", "e-bls-kij"] {
                        c.claim(!run.isBottleneck(asset, year), "\(asset) does not bind in \(year)")
                    }
                }
            },
            19: { run, c in
                // National: requests wait in every year to 2033 (all granted in 2034–2035); the modelled
                // electricity queue stays below the published 9.1 GW; with national adequacy apart, the grid
                // grants 68–87 % of the electricity requested.
                for year in run.years {
                    let requests = run.requests[year].map { Array($0.values) } ?? []
                    let electricity = requests.filter { $0.carrier == "electricity" }
                    let short = requests.contains { $0.grantedMW < CalibrationRun.fullShare * $0.requestedMW }
                    c.claim(year <= 2033 ? short : !short, year <= 2033 ? "some request short in \(year)" : "every request granted in \(year)")
                    c.claim(electricity.reduce(0) { $0 + $1.requestedMW } < 9_100, "less than 9.1 GW of electricity requested in \(year)")
                    let granted = electricity.reduce(0) { $0 + $1.grantedMW } / max(1, electricity.reduce(0) { $0 + $1.requestedMW })
                    if year <= 2033 {
                        c.claim(granted > 0.6 && granted < 0.9, "60–90 % of the electricity requested granted in \(year)")
                    }
                }
            },
            20: { run, c in
                // National adequacy (TenneT MLZ 2025: LOLE 12.6 h in 2033 and 9.2 h in 2035, norm 4 h): no
                // shed before 2030; from 2030 more than the norm, and more than MLZ's hours.
                for year in 2025...2029 { c.claim((run.shedHours[year] ?? 0) == 0, "no national shed in \(year)") }
                for year in 2030...2035 {
                    c.claim((run.shedHours[year] ?? 0) > 12.6, "national shed above 12.6 h in \(year)")
                    c.claim((run.shedHours[year] ?? 0) <= 72, "national shed within the 72 dunkelflaute hours in \(year)")
                }
                // The trend the row disagrees on: MLZ's hours fall from 2033 to 2035, the model's rise.
                c.claim((run.shedHours[2035] ?? 0) > (run.shedHours[2033] ?? 0), "more national shed hours in 2035 than in 2033")
            },
        ]
    }

    @Test("every row of docs/calibration.md holds on the default run of nl")
    func everyRowHolds() throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-calibration-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let out = temporary.appendingPathComponent("nl")
        let solve = CLI.run(["solve", "nl", "--no-verify", "--out", out.path, "--quiet"])
        try #require(solve.status == 0, "\(solve.stderr)")
        let run = try CalibrationRun(output: out, dataset: CLI.repositoryRoot.appendingPathComponent("datasets/nl"), years: Self.years)
        for (number, row) in Self.rows.sorted(by: { $0.key < $1.key }) {
            var claims = CalibrationClaims()
            row(run, &claims)
            #expect(
                claims.failures.isEmpty, "calibration row \(number) (docs/calibration.md) no longer holds: \(claims.failures.joined(separator: "; "))"
            )
        }
    }

    @Test("the document's table and the pinned rows are the same rows")
    func documentAndTestAgree() throws {
        let text = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("docs/calibration.md"), encoding: .utf8)
        let numbers = text.split(separator: "\n").compactMap { line -> Int? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            guard line.hasPrefix("| "), cells.count > 2 else { return nil }
            return Int(cells[1].trimmingCharacters(in: .whitespaces))
        }
        #expect(numbers == Array(1...20), "table rows \(numbers)")
        #expect(Set(numbers) == Set(Self.rows.keys))
    }
}
