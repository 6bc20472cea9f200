// SPDX-License-Identifier: GPL-3.0-or-later

/// The dataset format, declared once. The loader parses and checks cells from it and
/// ``DatasetSchema/markdown()`` generates docs/dataset-format.md from it, so the two cannot drift.
public enum DatasetSchema {
    /// The manifest file name.
    public static let manifestFile = "dataset.toml"

    /// Names in a dataset folder that the loader ignores (besides hidden files): the README, a
    /// `drafts` folder for data that is researched but not loaded yet, and a `derivations`
    /// folder for the scripts that derive numbers of the data from public inputs.
    public static let ignoredNames: [String] = ["README.md", "drafts", "derivations"]

    /// Every CSV file, in documentation order.
    public static let files: [FileSchema] = [
        nodes, links, projects, supply, conversions, consumers, groupContracts, demand, eops, transition, flex, timeslices, contingencies,
        delayDistributions, sources,
    ]

    /// The order in which the loader reads the CSV files: a file comes after every file it references.
    static let loadOrder: [FileSchema] = [
        nodes, timeslices, links, supply, conversions, projects, groupContracts, consumers, demand, eops, transition, flex, contingencies,
        delayDistributions, sources,
    ]

    /// Every file name in diagnostic order: the manifest, then the CSV files.
    public static var fileNames: [String] { [manifestFile] + files.map(\.name) }

    public static func file(named name: String) -> FileSchema? { files.first { $0.name == name } }

    private static func words<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> ColumnType where T.RawValue == String {
        .choice(type.allCases.map(\.rawValue))
    }

    private static let capacity = NumericRanges.capacity
    private static let year1 = "from 1 January of that year"

    public static let nodes = FileSchema(
        name: "nodes.csv", required: true,
        doc: "Substations, hubs and pipeline junctions. Each node carries one energy carrier.",
        columns: [
            ColumnSpec("id", .id, doc: "Node id, unique in nodes.csv."),
            ColumnSpec("name", .text, doc: "Human-readable name."),
            ColumnSpec("carrier", words(Carrier.self), doc: "Energy carrier at this node."),
            ColumnSpec("cluster", .text, doc: "Industrial cluster or region the node belongs to (for reports)."),
            ColumnSpec("lat", .number, unit: "degrees", .optional, bounds: .between(-90, 90), doc: "Latitude (WGS 84); empty = unknown."),
            ColumnSpec("lon", .number, unit: "degrees", .optional, bounds: .between(-180, 180), doc: "Longitude (WGS 84); empty = unknown."),
        ])

    public static let links = FileSchema(
        name: "links.csv", required: true,
        doc:
            "Lines, cables, transformers and pipelines between two nodes of the same carrier, usable in both directions up to their capacity. A link exists in years commissioned ≤ y < retired.",
        columns: [
            ColumnSpec("id", .id, doc: "Link id, unique across links.csv, supply.csv and conversions.csv."),
            ColumnSpec("name", .text, doc: "Human-readable name."),
            ColumnSpec("from", .reference(.node), doc: "One end."),
            ColumnSpec("to", .reference(.node), doc: "The other end (not `from`)."),
            ColumnSpec("carrier", words(Carrier.self), doc: "Carrier; both nodes must carry it."),
            ColumnSpec("capacity_mw", .number, unit: "MW", bounds: capacity, doc: "Transfer capacity in either direction, before projects."),
            ColumnSpec("commissioned", .year, .optional, doc: "First year in service; empty = in service before every planning year."),
            ColumnSpec("retired", .year, .optional, doc: "First year no longer in service; empty = never retired."),
            ColumnSpec(
                "reactance_pu", .number, unit: "pu", .optional, bounds: NumericRanges.reactance, omittable: true,
                doc:
                    "Series reactance of an AC line or transformer, per unit on a 100 MVA base; its flow then obeys Kirchhoff's laws. Empty (or no column) = a controllable link (HVDC, or any hydrogen pipeline) whose flow is free within ±capacity. Hydrogen links have none."
            ),
            ColumnSpec(
                "emergency_rating_mw", .number, unit: "MW", .optional, bounds: NumericRanges.emergencyRating, omittable: true,
                doc:
                    "Limit after a contingency (under `security = \"n-1\"`), before projects: a project's capacity_mw changes it too. Empty (or no column) = the capacity in that year. Below `capacity_mw` is a warning."
            ),
            .source,
        ])

    public static let projects = FileSchema(
        name: "projects.csv", required: false,
        doc:
            "Infrastructure projects that change the capacity of a link, supply or conversion \(year1) on, or projects outside the modelled network that connection requests depend on. Cancelled projects change nothing and are never in service.",
        columns: [
            ColumnSpec("id", .id, doc: "Project id, unique in projects.csv."),
            ColumnSpec("name", .text, doc: "Human-readable name."),
            ColumnSpec("programme", .text, .optional, doc: "Programme or plan the project belongs to (e.g. MIEK 2023); empty = none."),
            ColumnSpec(
                "target", .reference(.asset), .optional,
                doc:
                    "The link, supply or conversion whose capacity changes; empty = a project outside the modelled network (such as CO2 transport: Porthos, Aramis) that a request's `depends_on` may name; its capacity_mw must be 0."
            ),
            ColumnSpec(
                "capacity_mw", .number, unit: "MW", bounds: NumericRanges.projectCapacity,
                doc: "Capacity added (negative = removed); capacity plus projects must stay ≥ 0 in every planning year. 0 when `target` is empty."),
            ColumnSpec("year", .year, doc: "Year the change takes effect, \(year1)."),
            ColumnSpec("status", words(ProjectStatus.self), doc: "Project status; `cancelled` projects are ignored."),
            ColumnSpec(
                "reactance_pu", .number, unit: "pu", .optional, bounds: NumericRanges.reactance, omittable: true,
                doc:
                    "The target link's reactance \(year1) on (adding circuits lowers it); the target must be an AC link (one with `reactance_pu` in links.csv). Empty (or no column) = unchanged."
            ),
            .source,
        ])

    public static let supply = FileSchema(
        name: "supply.csv", required: true,
        doc: "What can be injected at a node: available power in a timeslice = capacity × profile value.",
        columns: [
            ColumnSpec("id", .id, doc: "Supply id, unique across links.csv, supply.csv and conversions.csv."),
            ColumnSpec("name", .text, doc: "Human-readable name."),
            ColumnSpec("node", .reference(.node), doc: "Node where the power is injected."),
            ColumnSpec("kind", words(SupplyKind.self), doc: "Kind of supply; wind and solar must sit at electricity nodes."),
            ColumnSpec("capacity_mw", .number, unit: "MW", bounds: capacity, doc: "Capacity before projects."),
            ColumnSpec("profile", .reference(.profile), .optional, doc: "Availability profile; empty = always fully available."),
            ColumnSpec("cost_eur_per_mwh", .number, unit: "EUR/MWh", bounds: NumericRanges.cost, doc: "Marginal cost of supplying 1 MWh."),
            ColumnSpec("commissioned", .year, .optional, doc: "First year in service; empty = in service before every planning year."),
            ColumnSpec("retired", .year, .optional, doc: "First year no longer in service; empty = never retired."),
            .source,
        ])

    public static let conversions = FileSchema(
        name: "conversions.csv", required: false,
        doc: "Electrolysers: take electricity at `from` and deliver efficiency × input as hydrogen at `to`.",
        columns: [
            ColumnSpec("id", .id, doc: "Conversion id, unique across links.csv, supply.csv and conversions.csv."),
            ColumnSpec("name", .text, doc: "Human-readable name."),
            ColumnSpec("from", .reference(.node), doc: "Electricity node the input is taken from."),
            ColumnSpec("to", .reference(.node), doc: "Hydrogen node the output is delivered to."),
            ColumnSpec("capacity_mw", .number, unit: "MW", bounds: capacity, doc: "Electrical input capacity before projects."),
            ColumnSpec(
                "efficiency", .number, bounds: NumericRanges.efficiency,
                doc: "Hydrogen out (on the dataset's energy basis) per unit of electricity in, as a fraction."),
            ColumnSpec("commissioned", .year, .optional, doc: "First year in service; empty = in service before every planning year."),
            ColumnSpec("retired", .year, .optional, doc: "First year no longer in service; empty = never retired."),
            .source,
        ])

    public static let consumers = FileSchema(
        name: "consumers.csv", required: true,
        doc: "Companies or aggregated groups of companies that take electricity and/or hydrogen.",
        columns: [
            ColumnSpec("id", .id, doc: "Consumer id, unique in consumers.csv."),
            ColumnSpec("name", .text, doc: "Human-readable name."),
            ColumnSpec("cluster", .text, doc: "Industrial cluster (for reports)."),
            ColumnSpec("electricity_node", .reference(.node), .optional, doc: "Electricity node the consumer is connected to; empty = none."),
            ColumnSpec("hydrogen_node", .reference(.node), .optional, doc: "Hydrogen node the consumer is connected to; empty = none."),
            ColumnSpec(
                "group", words(ConsumerGroup.self),
                doc:
                    "`maatwerk`: a company with a custom sustainability agreement track; `other`: everyone else (newcomers, aggregated demand); `public`: households, services and DSO-connected load behind a substation (firm transport)."
            ),
            ColumnSpec(
                "stage", words(AgreementStage.self),
                doc: "Maatwerk stage reached: none, expression of principles, joint letter of intent, binding agreement."),
            ColumnSpec(
                "priority", .integer, .optional, bounds: .between(1, 3),
                doc: "ACM priority category (1 congestion relief, 2 safety, 3 basic needs); empty = none."),
            ColumnSpec(
                "queue_date", .date, .optional,
                doc:
                    "Date of the transport-capacity request (first come, first served); empty = no place in the queue: capacity in use before any request (e.g. public load), so its requests need their own `request_date`."
            ),
            ColumnSpec(
                "voll_eur_per_mwh", .number, unit: "EUR/MWh", .optional, bounds: NumericRanges.voll,
                doc: "Value of lost load; empty = `default_voll_eur_per_mwh` from dataset.toml."),
            ColumnSpec(
                "group_contract", .reference(.groupContract), .optional, omittable: true,
                doc:
                    "Id of the group transport contract (group_contracts.csv) the consumer takes part in; its firm load and its requests' load count against the contract's capacity. Empty (or no column) = none."
            ),
            .source,
        ])

    public static let groupContracts = FileSchema(
        name: "group_contracts.csv", required: false,
        doc:
            "Group transport contracts (groepstransportovereenkomst): in every timeslice of the years a contract is in force, the firm load of its members (consumers.csv `group_contract`) plus their requests' load stays ≤ capacity_mw. A contract without members is a warning.",
        columns: [
            ColumnSpec("id", .id, doc: "Group contract id, unique in group_contracts.csv."),
            ColumnSpec("name", .text, doc: "Human-readable name."),
            ColumnSpec("capacity_mw", .number, unit: "MW", bounds: NumericRanges.groupContractCapacity, doc: "Transport capacity the members share."),
            ColumnSpec("from_year", .year, doc: "First year in force, \(year1)."),
            ColumnSpec("to_year", .year, .optional, doc: "Last year in force (inclusive), not before from_year; empty = open-ended."),
            .source,
        ])

    public static let demand = FileSchema(
        name: "demand.csv", required: true,
        doc:
            "Demand levels: the transport capacity already in use, firm (connection requests are in transition.csv). A row holds \(year1) until the next row of the same consumer and carrier; demand in a timeslice = mw × profile value.",
        columns: [
            ColumnSpec("consumer", .reference(.consumer), doc: "The consumer."),
            ColumnSpec("carrier", words(Carrier.self), doc: "Carrier demanded; the consumer needs a node of this carrier."),
            ColumnSpec("year", .year, doc: "Year the level takes effect, \(year1); one row per consumer, carrier and year."),
            ColumnSpec("mw", .number, unit: "MW", bounds: NumericRanges.demand, doc: "Demand level."),
            ColumnSpec("profile", .reference(.profile), .optional, doc: "Demand profile; empty = flat (1 in every timeslice)."),
            .source,
        ])

    public static let transition = FileSchema(
        name: "transition.csv", required: false,
        doc:
            "Connection requests: electrification and hydrogen projects of consumers, each asking for mw of transport capacity \(year1) on, on top of demand.csv (the capacity already in use). Requests are ranked by request_date (first come, first served).",
        columns: [
            ColumnSpec("consumer", .reference(.consumer), doc: "The consumer."),
            ColumnSpec("project", .id, doc: "Transition project id; one row per project and carrier, and a project belongs to one consumer."),
            ColumnSpec("carrier", words(Carrier.self), doc: "Carrier demanded; the consumer needs a node of this carrier."),
            ColumnSpec("year", .year, doc: "Year the extra demand starts, \(year1)."),
            ColumnSpec("mw", .number, unit: "MW", bounds: NumericRanges.demand, doc: "Capacity requested: the extra demand when granted in full."),
            ColumnSpec("profile", .reference(.profile), .optional, doc: "Demand profile; empty = flat."),
            ColumnSpec("co2_avoided_kt_per_year", .number, unit: "kt CO2/yr", bounds: NumericRanges.co2, doc: "Emissions avoided when fully served."),
            ColumnSpec(
                "request_date", .date, .optional, omittable: true,
                doc: "Date of this connection request (first come, first served); empty (or no column) = the consumer's `queue_date`."),
            ColumnSpec(
                "product", words(RequestProduct.self), .optional, omittable: true,
                doc:
                    "Transport right requested: `firm` (every hour), `time-block` (only in the hours of `window`), `tdtr` (time-duration-bound: curtailable in at most curtail_hours_per_year hours), `non-firm` (curtailable in any hour). Empty (or no column) = `firm`."
            ),
            ColumnSpec(
                "curtail_hours_per_year", .number, unit: "h", .optional, bounds: NumericRanges.curtailHours, omittable: true,
                doc:
                    "Yearly curtailment budget of a `tdtr` request, in full-load hours of the grant; only `tdtr` rows may have it. Empty (or no column) = 1,314 h (15 % of 8,760 h, as TDTR85)."
            ),
            ColumnSpec(
                "window", .hourWindow, .optional, omittable: true,
                doc:
                    "Hours of day (0–23, inclusive ranges such as `7-23` or `0-6;22-23`) in which a `time-block` request may take transport; every `time-block` row needs one, other rows none. Needs `hour` in every timeslice."
            ),
            ColumnSpec(
                "min_mw", .number, unit: "MW", .optional, bounds: NumericRanges.minGrant, omittable: true,
                doc:
                    "Smallest useful grant of an indivisible request (the grant is 0 or at least min_mw), not above mw; empty (or no column) = divisible."
            ),
            ColumnSpec(
                "depends_on", .reference(.project), .optional, omittable: true,
                doc:
                    "Id of a project in projects.csv (such as CO2 transport) without which the request's CO2 reduction cannot happen, even when granted; empty (or no column) = none."
            ),
            ColumnSpec(
                "eop", .reference(.eop), .optional, omittable: true,
                doc:
                    "Id of the Expression of Principles (eops.csv) the request belongs to; solve sums its requests' CO2 per EoP in eop.csv. Empty (or no column) = none."
            ),
            .source,
        ])

    public static let eops = FileSchema(
        name: "eops.csv", required: false,
        doc:
            "Expressions of Principles (EoP) and the later agreements of the maatwerk track: what a company claims its transition projects will avoid. Requests name theirs in transition.csv `eop`, so the claims can be checked against the requests' CO2 (eop.csv of solve).",
        columns: [
            ColumnSpec("id", .id, doc: "EoP id, unique in eops.csv."),
            ColumnSpec("company", .text, doc: "The company (or companies) that signed it."),
            ColumnSpec(
                "stage", .choice(AgreementStage.allCases.filter { $0 != .none }.map(\.rawValue)),
                doc: "The document: expression of principles, joint letter of intent or binding agreement."),
            ColumnSpec("date", .date, doc: "Date the document was signed or published."),
            ColumnSpec(
                "co2_reduction_kt_per_year", .number, unit: "kt CO2/yr", bounds: NumericRanges.co2,
                doc: "CO2 reduction the document claims, per year once realised (the upper end where it gives a range)."),
            .source,
        ])

    public static let flex = FileSchema(
        name: "flex.csv", required: false,
        doc: "Flexible-load commitments: demand that may be curtailed, within limits, at a cost.",
        columns: [
            ColumnSpec("consumer", .reference(.consumer), doc: "The consumer."),
            ColumnSpec("carrier", words(Carrier.self), doc: "Carrier curtailed; the consumer needs a node of this carrier."),
            ColumnSpec(
                "product", words(FlexProduct.self),
                doc:
                    "`cbc` capacity-limiting contract, `atr85` transport right curtailable in 15 % of hours, `time-block` time-block transport right, `curtail` other agreed curtailment."
            ),
            ColumnSpec("from_year", .year, doc: "First year in force, \(year1); one row per consumer, carrier, product and from_year."),
            ColumnSpec("to_year", .year, .optional, doc: "Last year in force (inclusive); empty = open-ended."),
            ColumnSpec("max_mw", .number, unit: "MW", bounds: capacity, doc: "Most demand that may be curtailed at once."),
            ColumnSpec(
                "max_hours_per_year", .number, unit: "h", .optional, bounds: NumericRanges.budgetHours,
                doc: "Yearly budget in full-load hours at max_mw; empty = unlimited."),
            ColumnSpec("cost_eur_per_mwh", .number, unit: "EUR/MWh", bounds: NumericRanges.cost, doc: "Cost (compensation) per MWh curtailed."),
            ColumnSpec(
                "window", .hourWindow, .optional,
                doc:
                    "Hours of day (0–23, inclusive ranges) in which curtailment may happen, e.g. `7-23` or `0-6;22-23`; empty = any hour. Needs `hour` in every timeslice."
            ),
            .source,
        ])

    public static let timeslices = FileSchema(
        name: "timeslices.csv", required: true,
        doc:
            "The time resolution: each row stands for weight_h hours of the year. Weights add up to 8,760 or 8,784 h within 1e-6 relative (about 0.009 h; a warning above 1e-9 relative) and are used as given, not rescaled. Every column after the fixed ones is a profile named by its header (an id).",
        columns: [
            ColumnSpec("id", .id, doc: "Timeslice id, unique in timeslices.csv."),
            ColumnSpec("weight_h", .number, unit: "h", bounds: NumericRanges.weight, doc: "Hours of the year this slice stands for."),
            ColumnSpec("month", .integer, .optional, bounds: .between(1, 12), doc: "Month of the slice (for reports); empty = not tied to a month."),
            ColumnSpec(
                "hour", .integer, .optional, bounds: .between(0, 23),
                doc: "Hour of day (0–23); empty = not tied to an hour (allowed only when no flex or request window exists)."),
        ],
        extraColumns: ColumnSpec(
            "<profile>", .number, bounds: NumericRanges.profile,
            doc: "Profile value in this slice, a fraction of capacity or demand; every cell needs a value."))

    public static let contingencies = FileSchema(
        name: "contingencies.csv", required: false,
        doc:
            "The single outages the electricity grid must survive when dataset.toml says `security = \"n-1\"`: each row trips one AC link, in every year it is in service. Without this file every AC link in service that year is a contingency; with it (even header-only), exactly the listed ones. Ignored under `security = \"none\"`.",
        columns: [
            ColumnSpec("link", .reference(.link), doc: "The AC link (one with `reactance_pu`) that trips; one row per link."),
            .source,
        ])

    public static let delayDistributions = FileSchema(
        name: "delay_distributions.csv", required: false,
        doc:
            "Named distributions of project delays for Monte Carlo sweeps (`[monte_carlo] distribution = \"NAME\"`, docs/scenarios.md). Each row gives one delay's weight for the projects one selector matches: exactly one of status, programme and project. The rows with the same distribution and selector form one rule, P(delay_years) = weight / Σ weights of the rule; each delay_years appears once per rule. A project rule beats a status rule, which beats a programme rule.",
        columns: [
            ColumnSpec("distribution", .id, doc: "Name of the distribution."),
            ColumnSpec(
                "status", words(ProjectStatus.self), .optional,
                doc: "Selector: every project of projects.csv with this status; empty = not this selector."),
            ColumnSpec("programme", .text, .optional, doc: "Selector: every project of this `programme`; empty = not this selector."),
            ColumnSpec("project", .reference(.project), .optional, doc: "Selector: this project; empty = not this selector."),
            ColumnSpec(
                "delay_years", .integer, unit: "years", bounds: NumericRanges.delayYears,
                doc: "Delay in whole years (0 = on time), as in a sweep's `[[delay]] values`."),
            ColumnSpec(
                "weight", .number, bounds: NumericRanges.delayRowWeight,
                doc: "Relative weight of this delay within its rule (probabilities need not add up to 1)."),
            .source,
        ])
}
