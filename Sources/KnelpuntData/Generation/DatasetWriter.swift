// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Writes a ``Dataset`` as a dataset folder's files (docs/dataset-format.md): `dataset.toml` and
/// one CSV file per table, every column of the schema in its documented order, records in array
/// order. The same dataset always gives the same bytes.
///
/// Used by the instance generator (``InstanceGenerator``); loading the files again with
/// ``DatasetLoader`` gives back an equal dataset apart from each record's ``RecordOrigin`` and
/// the comment lines of the original files.
public enum DatasetWriter {
    /// The first line of the text files Knelpunt writes that have no other mark of their
    /// origin (dataset.toml here, year.dat of the MathProg tables): `--force` recognises its
    /// own output folders by it.
    public static let knelpuntMarker = "# Written by knelpunt"

    /// The files of `dataset`, in a fixed order: `(file name, UTF-8 text)`.
    public static func files(_ dataset: Dataset) -> [(name: String, contents: String)] {
        [
            ("dataset.toml", toml(dataset.info)),
            (
                "nodes.csv",
                CSVText.table(
                    ["id", "name", "carrier", "cluster", "lat", "lon"],
                    dataset.nodes.map { node in
                        [
                            node.id.rawValue, node.name, node.carrier.rawValue, node.cluster,
                            CSVText.number(node.latitude), CSVText.number(node.longitude),
                        ]
                    })
            ),
            linksFile(dataset.links),
            projectsFile(dataset.projects),
            (
                "supply.csv",
                CSVText.table(
                    ["id", "name", "node", "kind", "capacity_mw", "profile", "cost_eur_per_mwh", "commissioned", "retired", "source"],
                    dataset.supplies.map { supply in
                        [
                            supply.id.rawValue, supply.name, supply.node.rawValue, supply.kind.rawValue, CSVText.number(supply.capacityMW),
                            supply.profile ?? "", CSVText.number(supply.costEURPerMWh), CSVText.integer(supply.commissioned),
                            CSVText.integer(supply.retired), supply.source,
                        ]
                    })
            ),
            (
                "conversions.csv",
                CSVText.table(
                    ["id", "name", "from", "to", "capacity_mw", "efficiency", "commissioned", "retired", "source"],
                    dataset.conversions.map { conversion in
                        [
                            conversion.id.rawValue, conversion.name, conversion.from.rawValue, conversion.to.rawValue,
                            CSVText.number(conversion.capacityMW), CSVText.number(conversion.efficiency),
                            CSVText.integer(conversion.commissioned), CSVText.integer(conversion.retired), conversion.source,
                        ]
                    })
            ),
            consumersFile(dataset.consumers),
            (
                "demand.csv",
                CSVText.table(
                    ["consumer", "carrier", "year", "mw", "profile", "source"],
                    dataset.demand.map { level in
                        [
                            level.consumer.rawValue, level.carrier.rawValue, String(level.year), CSVText.number(level.mw), level.profile ?? "",
                            level.source,
                        ]
                    })
            ),
            transitionFile(dataset.transitions),
            (
                "flex.csv",
                CSVText.table(
                    [
                        "consumer", "carrier", "product", "from_year", "to_year", "max_mw", "max_hours_per_year", "cost_eur_per_mwh", "window",
                        "source",
                    ],
                    dataset.flex.map { flex in
                        [
                            flex.consumer.rawValue, flex.carrier.rawValue, flex.product.rawValue, String(flex.fromYear), CSVText.integer(flex.toYear),
                            CSVText.number(flex.maxMW), CSVText.number(flex.maxHoursPerYear), CSVText.number(flex.costEURPerMWh),
                            flex.window?.description ?? "", flex.source,
                        ]
                    })
            ),
            (
                "timeslices.csv",
                CSVText.table(
                    ["id", "weight_h", "month", "hour"] + dataset.timeslices.profileNames,
                    dataset.timeslices.slices.map { slice in
                        [slice.id.rawValue, CSVText.number(slice.weightHours), CSVText.integer(slice.month), CSVText.integer(slice.hour)]
                            + slice.profileValues.map { CSVText.number($0) }
                    })
            ),
        ] + (dataset.listsContingencies ? [contingenciesFile(dataset.contingencies)] : [])
            + (dataset.groupContracts.isEmpty ? [] : [groupContractsFile(dataset.groupContracts)])
            + (dataset.eops.isEmpty ? [] : [eopsFile(dataset.eops)])
            + (dataset.delayDistributions.isEmpty ? [] : [delayDistributionsFile(dataset.delayDistributions)])
    }

    /// links.csv; the physics columns (`reactance_pu`, `emergency_rating_mw`) only when a link has
    /// a value in them, so datasets without physics are written as before.
    static func linksFile(_ links: [Link]) -> (name: String, contents: String) {
        let physics = links.contains { $0.reactancePU != nil || $0.emergencyRatingMW != nil }
        let header =
            ["id", "name", "from", "to", "carrier", "capacity_mw", "commissioned", "retired"]
            + (physics ? ["reactance_pu", "emergency_rating_mw"] : []) + ["source"]
        return (
            "links.csv",
            CSVText.table(
                header,
                links.map { link in
                    [
                        link.id.rawValue, link.name, link.from.rawValue, link.to.rawValue, link.carrier.rawValue,
                        CSVText.number(link.capacityMW), CSVText.integer(link.commissioned), CSVText.integer(link.retired),
                    ]
                        + (physics ? [CSVText.number(link.reactancePU), CSVText.number(link.emergencyRatingMW)] : []) + [link.source]
                })
        )
    }

    /// projects.csv; `reactance_pu` only when a project has one.
    static func projectsFile(_ projects: [Project]) -> (name: String, contents: String) {
        let physics = projects.contains { $0.reactancePU != nil }
        let header = ["id", "name", "programme", "target", "capacity_mw", "year", "status"] + (physics ? ["reactance_pu"] : []) + ["source"]
        return (
            "projects.csv",
            CSVText.table(
                header,
                projects.map { project in
                    [
                        project.id.rawValue, project.name, project.programme, project.target ?? "", CSVText.number(project.capacityMW),
                        String(project.year), project.status.rawValue,
                    ] + (physics ? [CSVText.number(project.reactancePU)] : []) + [project.source]
                })
        )
    }

    static func contingenciesFile(_ contingencies: [Contingency]) -> (name: String, contents: String) {
        ("contingencies.csv", CSVText.table(["link", "source"], contingencies.map { [$0.link.rawValue, $0.source] }))
    }

    /// dataset.toml: the keys of the format, `years` as a range when contiguous, then `[sources]`.
    static func toml(_ info: DatasetInfo) -> String {
        var lines = [
            "\(knelpuntMarker) generate; `knelpunt generate --force` may replace this folder.",
            "name = \(tomlString(info.name))",
            "title = \(tomlString(info.title))",
            "description = \(tomlString(info.description))",
            "years = \(tomlString(yearsText(info.years)))",
            "default_voll_eur_per_mwh = \(CSVText.number(info.defaultVOLLEURPerMWh))",
            "energy_basis = \(tomlString(info.energyBasis))",
        ]
        if info.security != .none { lines.append("security = \(tomlString(info.security.rawValue))") }
        if info.adequacy != .inGrants { lines.append("adequacy = \(tomlString(info.adequacy.rawValue))") }
        if !info.sources.isEmpty {
            lines.append("")
            lines.append("[sources]")
            for (key, text) in info.sources { lines.append("\(key) = \(tomlString(text))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `"2025-2035"` for a contiguous ascending list, else `"2025,2030"`.
    static func yearsText(_ years: [Int]) -> String {
        guard let first = years.first, let last = years.last else { return "" }
        if years.count > 1, years == Array(first...last) { return "\(first)-\(last)" }
        return years.map(String.init).joined(separator: ",")
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    static func tomlString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

/// CSV text in the dataset format: comma separated, `\n` line ends, RFC 4180 quoting only where
/// needed, numbers in their shortest exact form.
enum CSVText {
    /// A table: the header line, then one line per record.
    static func table(_ header: [String], _ records: [[String]]) -> String {
        var text = header.map(cell).joined(separator: ",") + "\n"
        for record in records { text += record.map(cell).joined(separator: ",") + "\n" }
        return text
    }

    /// A cell, quoted when it holds a comma, quote, line break or surrounding blanks.
    static func cell(_ text: String) -> String {
        let needsQuotes =
            text.contains { $0 == "," || $0 == "\"" || $0.isNewline }
            || text.first.map { $0 == " " || $0 == "\t" } == true || text.last.map { $0 == " " || $0 == "\t" } == true
            || text.hasPrefix("#")
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// A finite number: integral values without a decimal point (`100`), others in Swift's
    /// shortest round-trip form (`0.5953`, `1e-05`), so reading it back gives the same `Double`.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    static func number(_ value: Double?) -> String { value.map { number($0) } ?? "" }
    static func integer(_ value: Int?) -> String { value.map(String.init) ?? "" }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
