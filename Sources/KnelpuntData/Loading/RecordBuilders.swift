// SPDX-License-Identifier: GPL-3.0-or-later

/// Builds domain records from decoded rows. Each builder runs only on rows whose every cell
/// decoded against the schema, so the `guard`s below fail only if a builder and the schema
/// disagree about a column's name or type.
enum RecordBuilders {
    static func node(_ row: DecodedRow) -> Node? {
        guard let id = row.text("id"), let name = row.text("name"), let carrier = row.choice("carrier", as: Carrier.self),
            let cluster = row.text("cluster")
        else { return nil }
        return Node(
            id: NodeID(id), name: name, carrier: carrier, cluster: cluster,
            latitude: row.number("lat"), longitude: row.number("lon"), origin: row.origin)
    }

    static func link(_ row: DecodedRow) -> Link? {
        guard let id = row.text("id"), let name = row.text("name"), let from = row.text("from"), let to = row.text("to"),
            let carrier = row.choice("carrier", as: Carrier.self), let capacity = row.number("capacity_mw")
        else { return nil }
        return Link(
            id: LinkID(id), name: name, from: NodeID(from), to: NodeID(to), carrier: carrier, capacityMW: capacity,
            commissioned: row.integer("commissioned"), retired: row.integer("retired"),
            reactancePU: row.number("reactance_pu"), emergencyRatingMW: row.number("emergency_rating_mw"),
            source: row.text("source") ?? "", origin: row.origin)
    }

    static func project(_ row: DecodedRow) -> Project? {
        guard let id = row.text("id"), let name = row.text("name"),
            let capacity = row.number("capacity_mw"), let year = row.integer("year"),
            let status = row.choice("status", as: ProjectStatus.self)
        else { return nil }
        return Project(
            id: ProjectID(id), name: name, programme: row.text("programme") ?? "", target: row.text("target"),
            capacityMW: capacity, year: year, status: status, reactancePU: row.number("reactance_pu"),
            source: row.text("source") ?? "", origin: row.origin)
    }

    static func contingency(_ row: DecodedRow) -> Contingency? {
        guard let link = row.text("link") else { return nil }
        return Contingency(link: LinkID(link), origin: row.origin, source: row.text("source") ?? "")
    }

    static func supply(_ row: DecodedRow) -> Supply? {
        guard let id = row.text("id"), let name = row.text("name"), let node = row.text("node"),
            let kind = row.choice("kind", as: SupplyKind.self), let capacity = row.number("capacity_mw"),
            let cost = row.number("cost_eur_per_mwh")
        else { return nil }
        return Supply(
            id: SupplyID(id), name: name, node: NodeID(node), kind: kind, capacityMW: capacity,
            profile: row.text("profile"), costEURPerMWh: cost, commissioned: row.integer("commissioned"),
            retired: row.integer("retired"), source: row.text("source") ?? "", origin: row.origin)
    }

    static func conversion(_ row: DecodedRow) -> Conversion? {
        guard let id = row.text("id"), let name = row.text("name"), let from = row.text("from"), let to = row.text("to"),
            let capacity = row.number("capacity_mw"), let efficiency = row.number("efficiency")
        else { return nil }
        return Conversion(
            id: ConversionID(id), name: name, from: NodeID(from), to: NodeID(to), capacityMW: capacity,
            efficiency: efficiency, commissioned: row.integer("commissioned"), retired: row.integer("retired"),
            source: row.text("source") ?? "", origin: row.origin)
    }

    static func consumer(_ row: DecodedRow) -> Consumer? {
        guard let id = row.text("id"), let name = row.text("name"), let cluster = row.text("cluster"),
            let group = row.choice("group", as: ConsumerGroup.self), let stage = row.choice("stage", as: AgreementStage.self)
        else { return nil }
        return Consumer(
            id: ConsumerID(id), name: name, cluster: cluster,
            electricityNode: row.text("electricity_node").map(NodeID.init(rawValue:)),
            hydrogenNode: row.text("hydrogen_node").map(NodeID.init(rawValue:)),
            group: group, stage: stage, priority: row.integer("priority"), queueDate: row.date("queue_date"),
            vollEURPerMWh: row.number("voll_eur_per_mwh"), groupContract: row.text("group_contract").map(GroupContractID.init(rawValue:)),
            source: row.text("source") ?? "", origin: row.origin)
    }

    static func groupContract(_ row: DecodedRow) -> GroupContract? {
        guard let id = row.text("id"), let name = row.text("name"), let capacity = row.number("capacity_mw"),
            let fromYear = row.integer("from_year")
        else { return nil }
        return GroupContract(
            id: GroupContractID(id), name: name, capacityMW: capacity, fromYear: fromYear, toYear: row.integer("to_year"),
            source: row.text("source") ?? "", origin: row.origin)
    }

    static func demandLevel(_ row: DecodedRow) -> DemandLevel? {
        guard let consumer = row.text("consumer"), let carrier = row.choice("carrier", as: Carrier.self),
            let year = row.integer("year"), let mw = row.number("mw")
        else { return nil }
        return DemandLevel(
            consumer: ConsumerID(consumer), carrier: carrier, year: year, mw: mw,
            profile: row.text("profile"), source: row.text("source") ?? "", origin: row.origin)
    }

    static func transition(_ row: DecodedRow) -> TransitionProject? {
        guard let consumer = row.text("consumer"), let project = row.text("project"),
            let carrier = row.choice("carrier", as: Carrier.self), let year = row.integer("year"), let mw = row.number("mw"),
            let co2 = row.number("co2_avoided_kt_per_year")
        else { return nil }
        return TransitionProject(
            consumer: ConsumerID(consumer), project: TransitionID(project), carrier: carrier, year: year,
            mw: mw, profile: row.text("profile"), co2AvoidedKtPerYear: co2, requestDate: row.date("request_date"),
            product: row.choice("product", as: RequestProduct.self) ?? .firm, curtailHoursPerYear: row.number("curtail_hours_per_year"),
            window: row.window("window"), minMW: row.number("min_mw"), dependsOn: row.text("depends_on").map(ProjectID.init(rawValue:)),
            eop: row.text("eop").map(EoPID.init(rawValue:)), source: row.text("source") ?? "", origin: row.origin)
    }

    static func eop(_ row: DecodedRow) -> ExpressionOfPrinciples? {
        guard let id = row.text("id"), let company = row.text("company"), let stage = row.choice("stage", as: AgreementStage.self),
            let date = row.date("date"), let co2 = row.number("co2_reduction_kt_per_year")
        else { return nil }
        return ExpressionOfPrinciples(
            id: EoPID(id), company: company, stage: stage, date: date, co2ReductionKtPerYear: co2, source: row.text("source") ?? "",
            origin: row.origin)
    }

    static func flex(_ row: DecodedRow) -> FlexCommitment? {
        guard let consumer = row.text("consumer"), let carrier = row.choice("carrier", as: Carrier.self),
            let product = row.choice("product", as: FlexProduct.self), let fromYear = row.integer("from_year"),
            let maxMW = row.number("max_mw"), let cost = row.number("cost_eur_per_mwh")
        else { return nil }
        return FlexCommitment(
            consumer: ConsumerID(consumer), carrier: carrier, product: product, fromYear: fromYear,
            toYear: row.integer("to_year"), maxMW: maxMW, maxHoursPerYear: row.number("max_hours_per_year"),
            costEURPerMWh: cost, window: row.window("window"), source: row.text("source") ?? "", origin: row.origin)
    }

    static func timeslice(_ row: DecodedRow) -> Timeslice? {
        guard let id = row.text("id"), let weight = row.number("weight_h") else { return nil }
        return Timeslice(
            id: TimesliceID(id), weightHours: weight, month: row.integer("month"), hour: row.integer("hour"),
            profileValues: row.extraValues, origin: row.origin)
    }

    static func delayDistribution(_ row: DecodedRow) -> DelayDistributionRow? {
        guard let distribution = row.text("distribution"), let delay = row.integer("delay_years"), let weight = row.number("weight") else {
            return nil
        }
        return DelayDistributionRow(
            distribution: distribution, status: row.choice("status", as: ProjectStatus.self), programme: row.text("programme"),
            project: row.text("project").map(ProjectID.init(rawValue:)), delayYears: delay, weight: weight,
            source: row.text("source") ?? "", origin: row.origin)
    }
}
