// SPDX-License-Identifier: GPL-3.0-or-later

/// The dataset as the tables the reference model `models/allocation.mod` reads with GLPK's CSV
/// table driver (`table … IN "CSV"`).
///
/// GLPK's CSV driver (GLPK 5.0, `src/mpl/mpl6.c`) cannot read the dataset files as they are:
/// it rejects every empty cell ("empty field not allowed"), every cell longer than 100
/// characters ("field too long": the `source` and `name` columns), blank lines, tabs and a
/// byte-order mark, and it reads only the columns a `table` statement names, so the per-dataset
/// profile columns of timeslices.csv cannot be read at all. These tables are the same records
/// in the same files and order, with four changes, none of which computes anything:
///
/// - only the columns the model reads (no `name`, `source`, `cluster`, …);
/// - an empty cell is written as ``emptyCell`` (`(none)`), which no id, number or window can be;
/// - ids and other text are quoted (a quoted field is always text to GLPK, so an id such as
///   `001` is not read as the number 1); numbers are written unquoted in shortest exact form;
/// - the profile columns of timeslices.csv go to `profiles.csv` in long form
///   (`timeslice,profile,value`, one row per cell), and `dataset.toml`'s default VoLL to
///   `dataset.csv`.
///
/// Everything else — capacities after projects, existence in the year, demand levels in force,
/// transitions, profiles, flex windows and budgets — is computed by the model itself.
public enum MathProgTables {
    /// How an empty dataset cell is written (`(none)`: parentheses occur in no id, number or
    /// hour window).
    public static let emptyCell = "(none)"

    /// The tables of `dataset`, in a fixed order: `(file name, UTF-8 text)`.
    public static func files(_ dataset: Dataset) -> [(name: String, contents: String)] {
        let info = dataset.info
        var profileRows: [[String]] = []
        for slice in dataset.timeslices.slices {
            for (index, name) in dataset.timeslices.profileNames.enumerated() {
                profileRows.append([text(slice.id.rawValue), text(name), number(slice.profileValues[index])])
            }
        }
        return [
            ("dataset.csv", table(["name", "default_voll_eur_per_mwh"], [[text(info.name), number(info.defaultVOLLEURPerMWh)]])),
            (
                "timeslices.csv",
                table(
                    ["id", "weight_h", "hour"],
                    dataset.timeslices.slices.map { slice in
                        [text(slice.id.rawValue), number(slice.weightHours), integer(slice.hour)]
                    })
            ),
            ("profiles.csv", table(["timeslice", "profile", "value"], profileRows)),
            ("nodes.csv", table(["id", "carrier"], dataset.nodes.map { [text($0.id.rawValue), text($0.carrier.rawValue)] })),
            (
                "links.csv",
                table(
                    ["id", "from", "to", "carrier", "capacity_mw", "commissioned", "retired", "reactance_pu", "emergency_rating_mw"],
                    dataset.links.map { link in
                        [
                            text(link.id.rawValue), text(link.from.rawValue), text(link.to.rawValue), text(link.carrier.rawValue),
                            number(link.capacityMW), integer(link.commissioned), integer(link.retired), number(link.reactancePU),
                            number(link.emergencyRatingMW),
                        ]
                    })
            ),
            (
                "projects.csv",
                table(
                    ["id", "target", "capacity_mw", "year", "status", "reactance_pu"],
                    dataset.projects.filter { !$0.isExternal }.map { project in
                        [
                            text(project.id.rawValue), text(project.target ?? ""), number(project.capacityMW), String(project.year),
                            text(project.status.rawValue),
                            number(project.reactancePU),
                        ]
                    })
            ),
            (
                "supply.csv",
                table(
                    ["id", "node", "capacity_mw", "profile", "cost_eur_per_mwh", "commissioned", "retired"],
                    dataset.supplies.map { supply in
                        [
                            text(supply.id.rawValue), text(supply.node.rawValue), number(supply.capacityMW), text(supply.profile),
                            number(supply.costEURPerMWh), integer(supply.commissioned), integer(supply.retired),
                        ]
                    })
            ),
            (
                "conversions.csv",
                table(
                    ["id", "from", "to", "capacity_mw", "efficiency", "commissioned", "retired"],
                    dataset.conversions.map { conversion in
                        [
                            text(conversion.id.rawValue), text(conversion.from.rawValue), text(conversion.to.rawValue), number(conversion.capacityMW),
                            number(conversion.efficiency), integer(conversion.commissioned), integer(conversion.retired),
                        ]
                    })
            ),
            (
                "consumers.csv",
                table(
                    ["id", "electricity_node", "hydrogen_node", "voll_eur_per_mwh"],
                    dataset.consumers.map { consumer in
                        [
                            text(consumer.id.rawValue), text(consumer.electricityNode?.rawValue), text(consumer.hydrogenNode?.rawValue),
                            number(consumer.vollEURPerMWh),
                        ]
                    })
            ),
            (
                "demand.csv",
                table(
                    ["consumer", "carrier", "year", "mw", "profile"],
                    dataset.demand.map { level in
                        [text(level.consumer.rawValue), text(level.carrier.rawValue), String(level.year), number(level.mw), text(level.profile)]
                    })
            ),
            (
                "transition.csv",
                table(
                    ["consumer", "project", "carrier", "year", "mw", "profile"],
                    dataset.transitions.map { transition in
                        [
                            text(transition.consumer.rawValue), text(transition.project.rawValue), text(transition.carrier.rawValue),
                            String(transition.year), number(transition.mw), text(transition.profile),
                        ]
                    })
            ),
            (
                "flex.csv",
                table(
                    ["consumer", "carrier", "product", "from_year", "to_year", "max_mw", "max_hours_per_year", "cost_eur_per_mwh", "window"],
                    dataset.flex.map { flex in
                        [
                            text(flex.consumer.rawValue), text(flex.carrier.rawValue), text(flex.product.rawValue), String(flex.fromYear),
                            integer(flex.toYear), number(flex.maxMW), number(flex.maxHoursPerYear), number(flex.costEURPerMWh),
                            text(flex.window?.description),
                        ]
                    })
            ),
        ]
    }

    /// A MathProg data file setting the planning year: `param year := 2030;`.
    /// The N-1 pairs of one year, `n1_pairs.csv` (`monitored,outage,lodf`): monitored AC link l,
    /// outage k and LODF_{l,k}. The factors come from the year's PTDF (KnelpuntModel's
    /// `NetworkPhysics`), so the model layer computes the records and this only writes them.
    public static func contingencyPairs(_ records: [(monitored: LinkID, outage: LinkID, lodf: Double)]) -> (name: String, contents: String) {
        (
            "n1_pairs.csv",
            table(["monitored", "outage", "lodf"], records.map { [text($0.monitored.rawValue), text($0.outage.rawValue), number($0.lodf)] })
        )
    }

    public static func yearData(_ year: Int) -> String {
        """
        \(DatasetWriter.knelpuntMarker) export --format mathprog; `knelpunt export --force` may replace this folder.
        # Planning year for models/allocation.mod (glpsol -m allocation.mod -d year.dat).
        # The tables are read from the current folder; to read them from elsewhere add
        #   param data_dir := "path/to/tables";
        param year := \(year);
        end;

        """
    }

    // MARK: - Cells

    static func table(_ header: [String], _ records: [[String]]) -> String {
        var text = header.joined(separator: ",") + "\n"
        for record in records { text += record.joined(separator: ",") + "\n" }
        return text
    }

    /// Quoted text (GLPK doubles an inner quote, like RFC 4180); ``emptyCell`` for `nil` or empty.
    static func text(_ value: String?) -> String {
        guard let value, !value.isEmpty else { return emptyCell }
        var quoted = "\""
        for character in value { quoted += character == "\"" ? "\"\"" : String(character) }
        return quoted + "\""
    }

    static func number(_ value: Double?) -> String { value.map { CSVText.number($0) } ?? emptyCell }
    static func integer(_ value: Int?) -> String { value.map(String.init) ?? emptyCell }
}
