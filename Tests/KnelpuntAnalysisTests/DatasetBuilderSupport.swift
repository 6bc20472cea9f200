// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData

/// Builds small datasets in code for hand-solvable tests (no CSV round trip).
struct DatasetBuilder {
    var nodes: [Node] = []
    var links: [Link] = []
    var projects: [Project] = []
    var supplies: [Supply] = []
    var conversions: [Conversion] = []
    var consumers: [Consumer] = []
    var demand: [DemandLevel] = []
    var transitions: [TransitionProject] = []
    var flex: [FlexCommitment] = []
    var profileNames: [String] = []
    var slices: [Timeslice] = []
    var years: [Int] = [2025]
    var defaultVOLL = 2000.0

    private static let origin = RecordOrigin(file: "test", line: 0)

    mutating func slice(_ id: String, hours: Double, hour: Int? = nil, month: Int? = nil, profiles: [Double] = []) {
        slices.append(Timeslice(id: TimesliceID(id), weightHours: hours, month: month, hour: hour, profileValues: profiles, origin: Self.origin))
    }

    mutating func node(_ id: String, _ carrier: Carrier = .electricity, lat: Double? = nil, lon: Double? = nil) {
        nodes.append(Node(id: NodeID(id), name: id, carrier: carrier, cluster: "X", latitude: lat, longitude: lon, origin: Self.origin))
    }

    mutating func link(
        _ id: String, _ from: String, _ to: String, capacity: Double, carrier: Carrier = .electricity, commissioned: Int? = nil, retired: Int? = nil
    ) {
        links.append(
            Link(
                id: LinkID(id), name: id, from: NodeID(from), to: NodeID(to), carrier: carrier, capacityMW: capacity,
                commissioned: commissioned, retired: retired, source: "test", origin: Self.origin))
    }

    mutating func project(_ id: String, target: String, capacity: Double, year: Int, status: ProjectStatus = .planned) {
        projects.append(
            Project(
                id: ProjectID(id), name: id, programme: "MIEK", target: target, capacityMW: capacity, year: year,
                status: status, source: "test", origin: Self.origin))
    }

    mutating func supply(_ id: String, at node: String, capacity: Double, cost: Double, profile: String? = nil, kind: SupplyKind = .generation) {
        supplies.append(
            Supply(
                id: SupplyID(id), name: id, node: NodeID(node), kind: kind, capacityMW: capacity, profile: profile,
                costEURPerMWh: cost, commissioned: nil, retired: nil, source: "test", origin: Self.origin))
    }

    mutating func conversion(_ id: String, from: String, to: String, capacity: Double, efficiency: Double) {
        conversions.append(
            Conversion(
                id: ConversionID(id), name: id, from: NodeID(from), to: NodeID(to), capacityMW: capacity,
                efficiency: efficiency, commissioned: nil, retired: nil, source: "test", origin: Self.origin))
    }

    mutating func consumer(
        _ id: String, electricity: String? = nil, hydrogen: String? = nil, group: ConsumerGroup = .maatwerk,
        priority: Int? = nil, queue: String = "2020-01-01", voll: Double? = nil
    ) {
        consumers.append(
            Consumer(
                id: ConsumerID(id), name: id, cluster: "X", electricityNode: electricity.map { NodeID($0) },
                hydrogenNode: hydrogen.map { NodeID($0) }, group: group, stage: .none, priority: priority,
                queueDate: CalendarDate(iso: queue)!, vollEURPerMWh: voll, source: "test", origin: Self.origin))
    }

    mutating func demand(_ consumer: String, _ carrier: Carrier = .electricity, year: Int = 2025, mw: Double, profile: String? = nil) {
        demand.append(
            DemandLevel(consumer: ConsumerID(consumer), carrier: carrier, year: year, mw: mw, profile: profile, source: "test", origin: Self.origin))
    }

    mutating func transition(_ consumer: String, project: String, _ carrier: Carrier = .electricity, year: Int, mw: Double, co2: Double) {
        transitions.append(
            TransitionProject(
                consumer: ConsumerID(consumer), project: TransitionID(project), carrier: carrier, year: year,
                mw: mw, profile: nil, co2AvoidedKtPerYear: co2, source: "test", origin: Self.origin))
    }

    mutating func flex(
        _ consumer: String, _ carrier: Carrier = .electricity, product: FlexProduct = .cbc, from: Int = 2025, to: Int? = nil,
        maxMW: Double, maxHours: Double? = nil, cost: Double, window: String? = nil
    ) {
        flex.append(
            FlexCommitment(
                consumer: ConsumerID(consumer), carrier: carrier, product: product, fromYear: from, toYear: to,
                maxMW: maxMW, maxHoursPerYear: maxHours, costEURPerMWh: cost,
                window: window.flatMap { HourWindow(parsing: $0) }, source: "test", origin: Self.origin))
    }

    func build() -> Dataset {
        Dataset(
            info: DatasetInfo(
                name: "test", title: "test", description: "", years: years, defaultVOLLEURPerMWh: defaultVOLL,
                energyBasis: "LHV", sources: []),
            nodes: nodes, links: links, projects: projects, supplies: supplies, conversions: conversions, consumers: consumers,
            demand: demand, transitions: transitions, flex: flex, timeslices: Timeslices(profileNames: profileNames, slices: slices))
    }

    /// The datasets/tiny system, built in code (the loader test checks the CSV gives the same).
    static func tiny() -> Dataset {
        var b = DatasetBuilder()
        b.years = Array(2025...2030)
        b.profileNames = ["wind"]
        b.slice("winter-day", hours: 2190, hour: 12, month: 1, profiles: [0.9])
        b.slice("winter-night", hours: 2190, hour: 0, month: 1, profiles: [0.6])
        b.slice("summer-day", hours: 2190, hour: 12, month: 7, profiles: [0.45])
        b.slice("summer-night", hours: 2190, hour: 0, month: 7, profiles: [0.2])
        b.node("coast")
        b.node("port")
        b.node("h2-port", .hydrogen)
        b.link("coast-port", "coast", "port", capacity: 100)
        b.project("coast-port-upgrade", target: "coast-port", capacity: 100, year: 2030)
        b.supply("wind", at: "coast", capacity: 300, cost: 0, profile: "wind", kind: .offshoreWind)
        b.supply("gas", at: "port", capacity: 70, cost: 90)
        b.conversion("electrolyser", from: "port", to: "h2-port", capacity: 50, efficiency: 0.6)
        b.consumer("chem", hydrogen: "h2-port", queue: "2019-06-01", voll: 3000)
        b.consumer("newco", electricity: "port", group: .other, queue: "2023-03-15")
        b.consumer("steel", electricity: "port", queue: "2018-01-10", voll: 4000)
        b.demand("chem", .hydrogen, mw: 18)
        b.demand("newco", mw: 30)
        b.demand("steel", mw: 120)
        b.transition("chem", project: "chem-green-h2", .hydrogen, year: 2030, mw: 6, co2: 50)
        b.flex("newco", maxMW: 15, maxHours: 1095, cost: 100, window: "0-6;22-23")
        return b.build()
    }
}
