// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData

/// The default run of `datasets/nl` (request view, `acm`, all planning years) read back from
/// its CSVs, with the look-ups the calibration rows of docs/calibration.md need.
struct CalibrationRun {
    struct Consumer {
        var cluster: String
        var group: String
        var electricityNode: String
    }

    struct Request {
        var consumer: String
        var carrier: String
        var requestedMW: Double
        var grantedMW: Double
        var blockingAsset: String
        var firstFullYear: Int?
    }

    let years: ClosedRange<Int>
    let consumers: [String: Consumer]
    /// (year, consumer) → unserved MWh over both carriers.
    let unservedMWh: [Int: [String: Double]]
    /// year → assets that are bottlenecks (binding with a shadow value) that year.
    let bottlenecks: [Int: Set<String>]
    /// year → request id → the request's row (electricity and hydrogen requests have distinct ids).
    let requests: [Int: [String: Request]]
    let supplyIDs: [String]
    /// year → asset → shadow value (€/MW·yr) in bottlenecks.csv.
    let shadowValues: [Int: [String: Double]]
    /// year → hours with a national shed (adequacy.csv: Σ weight_hours where shed_share > 0).
    let shedHours: [Int: Double]

    /// A grant counts as full from this share of the request on (as requests.csv's
    /// `first_full_year`), and energy counts as short above ``shortMWh``.
    static let fullShare = 1 - 1e-6
    static let shortMWh = 1.0

    init(output: URL, dataset: URL, years: ClosedRange<Int>) throws {
        self.years = years
        var consumers: [String: Consumer] = [:]
        for row in try Self.rows(dataset.appendingPathComponent("consumers.csv")) {
            consumers[row["id", default: ""]] = Consumer(
                cluster: row["cluster", default: ""], group: row["group", default: ""], electricityNode: row["electricity_node", default: ""])
        }
        self.consumers = consumers
        supplyIDs = try Self.rows(dataset.appendingPathComponent("supply.csv")).map { $0["id", default: ""] }
        var unserved: [Int: [String: Double]] = [:]
        for row in try Self.rows(output.appendingPathComponent("allocation.csv")) {
            let year = Int(row["year", default: ""]) ?? 0
            unserved[year, default: [:]][row["consumer", default: ""], default: 0] += Double(row["unserved_mwh", default: ""]) ?? 0
        }
        unservedMWh = unserved
        var bottlenecks: [Int: Set<String>] = [:]
        for row in try Self.rows(output.appendingPathComponent("bottlenecks.csv")) where row["bottleneck"] == "true" {
            bottlenecks[Int(row["year", default: ""]) ?? 0, default: []].insert(row["asset", default: ""])
        }
        self.bottlenecks = bottlenecks
        var shadowValues: [Int: [String: Double]] = [:]
        for row in try Self.rows(output.appendingPathComponent("bottlenecks.csv")) {
            shadowValues[Int(row["year", default: ""]) ?? 0, default: [:]][row["asset", default: ""]] =
                Double(row["shadow_value_eur_per_mw_year", default: ""]) ?? 0
        }
        self.shadowValues = shadowValues
        var shedHours: [Int: Double] = [:]
        for row in try Self.rows(output.appendingPathComponent("adequacy.csv")) where (Double(row["shed_share", default: ""]) ?? 0) > 0 {
            shedHours[Int(row["year", default: ""]) ?? 0, default: 0] += Double(row["weight_hours", default: ""]) ?? 0
        }
        self.shedHours = shedHours
        var requests: [Int: [String: Request]] = [:]
        for row in try Self.rows(output.appendingPathComponent("requests.csv")) {
            requests[Int(row["year", default: ""]) ?? 0, default: [:]][row["request", default: ""]] = Request(
                consumer: row["consumer", default: ""], carrier: row["carrier", default: ""],
                requestedMW: Double(row["requested_mw", default: ""]) ?? 0,
                grantedMW: Double(row["granted_mw", default: ""]) ?? 0, blockingAsset: row["blocking_asset", default: ""],
                firstFullYear: Int(row["first_full_year", default: ""]))
        }
        self.requests = requests
    }

    private static func rows(_ file: URL) throws -> [[String: String]] {
        var diagnostics = DiagnosticCollector()
        let text = try String(contentsOf: file, encoding: .utf8)
        guard let document = CSVReader.read(text, file: file.lastPathComponent, diagnostics: &diagnostics) else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: file.path])
        }
        return (0..<document.rowCount).map { Dictionary(uniqueKeysWithValues: zip(document.header, document.row($0))) }
    }

    /// Unserved TWh that year of the consumers `where` selects.
    func unservedTWh(_ year: Int, where select: (Consumer) -> Bool) -> Double {
        (unservedMWh[year] ?? [:]).reduce(0) { total, entry in
            guard let consumer = consumers[entry.key], select(consumer) else { return total }
            return total + entry.value / 1e6
        }
    }

    func unservedTWh(cluster: String, _ year: Int) -> Double { unservedTWh(year) { $0.cluster == cluster } }

    func isBottleneck(_ asset: String, _ year: Int) -> Bool { bottlenecks[year]?.contains(asset) ?? false }

    func request(_ id: String, _ year: Int) -> Request? { requests[year]?[id] }

    func isFull(_ id: String, _ year: Int) -> Bool {
        guard let request = request(id, year) else { return false }
        return request.grantedMW >= Self.fullShare * request.requestedMW
    }

    /// Requests of a cluster active that year.
    func requests(cluster: String, _ year: Int) -> [Request] {
        (requests[year] ?? [:]).values.filter { consumers[$0.consumer]?.cluster == cluster }
    }
}

/// What a calibration row expects, checked as a list of named claims: every claim that fails is
/// reported with the row's number.
struct CalibrationClaims {
    private(set) var failures: [String] = []

    mutating func claim(_ holds: Bool, _ text: @autoclosure () -> String) {
        if !holds { failures.append(text()) }
    }
}
