// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP

/// Generates larger instances of a dataset: its timeslices resampled to 96, 672 or 8,760 slices
/// with seeded profiles, and its network copied N times. The method is in docs/generator.md; the
/// same base, options and seed always give the same dataset (and, through ``DatasetWriter``, the
/// same bytes).
public enum InstanceGenerator {
    /// The time resolution of a generated dataset.
    public enum Resolution: Int, Sendable, Hashable, CaseIterable {
        /// 4 seasons × 24 hours; each slice stands for its season's days (90, 92, 92, 91 h).
        case seasonalDays = 96
        /// 4 seasons × one representative week of 168 hours; each slice stands for days/7 hours.
        case representativeWeeks = 672
        /// Every hour of a 365-day year, 1 h each.
        case hourly = 8760
    }

    public struct Options: Sendable, Hashable {
        public var resolution: Resolution
        /// Number of copies of the network (1: the base network as it is).
        public var scale: Int
        /// Seed of the profile noise.
        public var seed: UInt64
        /// Name of the generated dataset (an id); default `<base>-<slices>` plus `-x<scale>` when
        /// scaled.
        public var name: String?
        /// Reactances and security of the generated dataset (default: the base's).
        public var physics: Physics
        public init(resolution: Resolution, scale: Int = 1, seed: UInt64 = 1, name: String? = nil, physics: Physics = .base) {
            self.resolution = resolution
            self.scale = scale
            self.seed = seed
            self.name = name
            self.physics = physics
        }
    }

    public struct GeneratorError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Profile noise per kind of supply using the profile: (persistence φ per slice, amplitude σ).
    /// Profiles used by no wind or solar supply (demand shapes, interconnectors, electrolysers)
    /// keep their base values.
    public static let windNoise = (persistence: 0.95, amplitude: 0.30)
    public static let solarNoise = (persistence: 0.80, amplitude: 0.25)

    /// Most copies `scale` accepts.
    public static let maximumScale = 100

    /// The generated dataset.
    /// - Throws: ``GeneratorError`` when `options.scale` is outside 1…``maximumScale``, the name
    ///   is not an id, `--controllable` names no electricity link of the base, or N-1 is asked
    ///   for a dataset without AC links.
    public static func generate(base: Dataset, options: Options) throws(GeneratorError) -> Dataset {
        guard (1...maximumScale).contains(options.scale) else {
            throw GeneratorError(description: "scale \(options.scale) must be between 1 and \(maximumScale)")
        }
        let name = options.name ?? defaultName(base: base.info.name, options: options)
        guard Identifier<NodeTag>.isValid(name) else {
            throw GeneratorError(description: "dataset name '\(name)' is not an id (letters, digits, _, . and - only)")
        }
        if let problem = controllableLinkProblem(options.physics, base: base) { throw GeneratorError(description: problem) }
        let physical = withPhysics(base, options.physics)
        if options.physics.security == .n1, !physical.links.contains(where: { $0.reactancePU != nil }) {
            throw GeneratorError(
                description: "security n-1 needs AC links, but no link of dataset '\(base.info.name)' has a reactance_pu; add --physics")
        }
        var dataset = scaled(physical, copies: options.scale)
        dataset.timeslices = resampled(base, resolution: options.resolution, seed: options.seed)
        dataset.info = info(base: physical.info, name: name, options: options)
        return dataset
    }

    static func defaultName(base: String, options: Options) -> String {
        "\(base)-\(options.resolution.rawValue)" + (options.scale > 1 ? "-x\(options.scale)" : "")
    }

    static func info(base: DatasetInfo, name: String, options: Options) -> DatasetInfo {
        let method =
            "knelpunt generate \(base.name) --timeslices \(options.resolution.rawValue) --scale \(options.scale) --seed \(options.seed)"
            + physicsArguments(options.physics)
        var info = base
        info.name = name
        info.title = "\(base.title) (generated: \(options.resolution.rawValue) timeslices" + (options.scale > 1 ? ", \(options.scale) copies)" : ")")
        info.description =
            "Generated from dataset '\(base.name)' by `\(method)`: timeslices resampled and profiles drawn as described in docs/generator.md"
            + (options.scale > 1 ? "; the network is copied \(options.scale) times and the copies are joined by backbone links." : ".")
            + " Base description: " + base.description
        info.sources = base.sources + [(key: "generator", text: "\(method) (docs/generator.md)")]
        return info
    }

    /// The command-line options that give `physics` (empty for the base's physics).
    static func physicsArguments(_ physics: Physics) -> String {
        var text = physics.reactances ? " --physics" : ""
        if !physics.controllableLinks.isEmpty { text += " --controllable " + physics.controllableLinks.map(\.rawValue).joined(separator: ",") }
        if let security = physics.security { text += " --security \(security.rawValue)" }
        return text
    }

    // MARK: - Timeslices

    /// A meteorological season: its months, the month that stands for it, and its days.
    struct Season {
        var label: String
        var representativeMonth: Int
        var days: Int
        var months: [Int]
    }

    static let seasons = [
        Season(label: "win", representativeMonth: 1, days: 90, months: [12, 1, 2]),
        Season(label: "spr", representativeMonth: 4, days: 92, months: [3, 4, 5]),
        Season(label: "sum", representativeMonth: 7, days: 92, months: [6, 7, 8]),
        Season(label: "aut", representativeMonth: 10, days: 91, months: [9, 10, 11]),
    ]

    static let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    /// The slices of `resolution` as (id, weight h, month, hour), in chronological order within
    /// each season (96 and 672) or over the year (8,760).
    static func skeleton(_ resolution: Resolution) -> [(id: String, weight: Double, month: Int, hour: Int)] {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var slices: [(id: String, weight: Double, month: Int, hour: Int)] = []
        switch resolution {
        case .seasonalDays:
            for season in seasons {
                for hour in 0..<24 {
                    slices.append(("\(season.label)-h\(two(hour))", Double(season.days), season.representativeMonth, hour))
                }
            }
        case .representativeWeeks:
            for season in seasons {
                for day in 1...7 {
                    for hour in 0..<24 {
                        slices.append(("\(season.label)-d\(day)-h\(two(hour))", Double(season.days) / 7, season.representativeMonth, hour))
                    }
                }
            }
        case .hourly:
            var dayOfYear = 0
            for (index, days) in daysInMonth.enumerated() {
                for _ in 0..<days {
                    dayOfYear += 1
                    let day = dayOfYear < 10 ? "00\(dayOfYear)" : dayOfYear < 100 ? "0\(dayOfYear)" : "\(dayOfYear)"
                    for hour in 0..<24 { slices.append(("d\(day)-h\(two(hour))", 1, index + 1, hour)) }
                }
            }
        }
        return slices
    }

    /// The noise of a profile, from the kinds of supply that use it (`nil`: no noise).
    static func noise(for profile: String, in base: Dataset) -> (persistence: Double, amplitude: Double)? {
        let kinds = Set(base.supplies.filter { $0.profile == profile }.map(\.kind))
        if kinds.contains(.offshoreWind) || kinds.contains(.onshoreWind) { return windNoise }
        if kinds.contains(.solar) { return solarNoise }
        return nil
    }

    /// The base's timeslices resampled to `resolution` (the slots of ``slots(_:base:)``); every
    /// profile value is the share-weighted base value of the slot's base slices times an AR(1)
    /// noise factor 1 + (σ/√w_t)·ε_t (wind and solar profiles only; see ``AR1Noise``), clipped
    /// to [0, 1] and rounded to 4 decimals.
    static func resampled(_ base: Dataset, resolution: Resolution, seed: UInt64) -> Timeslices {
        let baseSlices = base.timeslices.slices
        let slots = slots(resolution, base: baseSlices)
        let names = base.timeslices.profileNames
        var values = [[Double]](repeating: [Double](repeating: 0, count: names.count), count: slots.count)
        for (p, name) in names.enumerated() {
            var noise = noise(for: name, in: base).map {
                AR1Noise(persistence: $0.persistence, amplitude: $0.amplitude, seed: seed ^ SplitMix64.hash(name))
            }
            for t in slots.indices {
                let baseValue = slots[t].sources.isEmpty ? 1 : slots[t].sources.reduce(0) { $0 + $1.share * baseSlices[$1.slice].profileValues[p] }
                let factor = noise?.nextFactor(hours: slots[t].weight) ?? 1
                values[t][p] = (min(1, max(0, baseValue * factor)) * 10_000).rounded() / 10_000
            }
        }
        let slices = slots.enumerated().map { t, slot in
            Timeslice(
                id: TimesliceID(slot.id), weightHours: slot.weight, month: slot.month, hour: slot.hour,
                profileValues: values[t], origin: RecordOrigin(file: "timeslices.csv", line: t + 2))
        }
        return Timeslices(profileNames: names, slices: slices)
    }

    // MARK: - Scaling

    /// Copy k's id: the base id for k = 1, `<id>_<k>` after.
    static func suffixed(_ id: String, copy k: Int) -> String { k == 1 ? id : "\(id)_\(k)" }
    static func named(_ name: String, copy k: Int) -> String { k == 1 ? name : "\(name) (copy \(k))" }

    /// `copies` copies of the network, demand and flex (ids of copy k ≥ 2 suffixed `_k`), with
    /// backbone links joining copy k to copy k+1 at the first node of each carrier.
    static func scaled(_ base: Dataset, copies: Int) -> Dataset {
        var result = base
        guard copies > 1 else { return result }
        func origin(_ file: String, _ index: Int) -> RecordOrigin { RecordOrigin(file: file, line: index + 2) }
        result.nodes = (1...copies).flatMap { k in
            base.nodes.map { node in
                var copy = node
                copy.id = NodeID(suffixed(node.id.rawValue, copy: k))
                copy.name = named(node.name, copy: k)
                return copy
            }
        }
        result.links =
            (1...copies).flatMap { k in
                base.links.map { link in
                    var copy = link
                    copy.id = LinkID(suffixed(link.id.rawValue, copy: k))
                    copy.name = named(link.name, copy: k)
                    copy.from = NodeID(suffixed(link.from.rawValue, copy: k))
                    copy.to = NodeID(suffixed(link.to.rawValue, copy: k))
                    return copy
                }
            } + backbone(base, copies: copies)
        result.projects = (1...copies).flatMap { k in
            base.projects.map { project in
                var copy = project
                copy.id = ProjectID(suffixed(project.id.rawValue, copy: k))
                copy.name = named(project.name, copy: k)
                copy.target = project.target.map { suffixed($0, copy: k) }
                return copy
            }
        }
        result.supplies = (1...copies).flatMap { k in
            base.supplies.map { supply in
                var copy = supply
                copy.id = SupplyID(suffixed(supply.id.rawValue, copy: k))
                copy.name = named(supply.name, copy: k)
                copy.node = NodeID(suffixed(supply.node.rawValue, copy: k))
                return copy
            }
        }
        result.conversions = (1...copies).flatMap { k in
            base.conversions.map { conversion in
                var copy = conversion
                copy.id = ConversionID(suffixed(conversion.id.rawValue, copy: k))
                copy.name = named(conversion.name, copy: k)
                copy.from = NodeID(suffixed(conversion.from.rawValue, copy: k))
                copy.to = NodeID(suffixed(conversion.to.rawValue, copy: k))
                return copy
            }
        }
        result.consumers = (1...copies).flatMap { k in
            base.consumers.map { consumer in
                var copy = consumer
                copy.id = ConsumerID(suffixed(consumer.id.rawValue, copy: k))
                copy.name = named(consumer.name, copy: k)
                copy.electricityNode = consumer.electricityNode.map { NodeID(suffixed($0.rawValue, copy: k)) }
                copy.hydrogenNode = consumer.hydrogenNode.map { NodeID(suffixed($0.rawValue, copy: k)) }
                copy.groupContract = consumer.groupContract.map { GroupContractID(suffixed($0.rawValue, copy: k)) }
                return copy
            }
        }
        result.demand = (1...copies).flatMap { k in
            base.demand.map { level in
                var copy = level
                copy.consumer = ConsumerID(suffixed(level.consumer.rawValue, copy: k))
                return copy
            }
        }
        result.transitions = (1...copies).flatMap { k in
            base.transitions.map { transition in
                var copy = transition
                copy.consumer = ConsumerID(suffixed(transition.consumer.rawValue, copy: k))
                copy.project = TransitionID(suffixed(transition.project.rawValue, copy: k))
                copy.dependsOn = transition.dependsOn.map { ProjectID(suffixed($0.rawValue, copy: k)) }
                copy.eop = transition.eop.map { EoPID(suffixed($0.rawValue, copy: k)) }
                return copy
            }
        }
        result.groupContracts = (1...copies).flatMap { k in
            base.groupContracts.map { contract in
                var copy = contract
                copy.id = GroupContractID(suffixed(contract.id.rawValue, copy: k))
                copy.name = named(contract.name, copy: k)
                return copy
            }
        }
        result.eops = (1...copies).flatMap { k in
            base.eops.map { eop in
                var copy = eop
                copy.id = EoPID(suffixed(eop.id.rawValue, copy: k))
                copy.company = named(eop.company, copy: k)
                return copy
            }
        }
        result.flex = (1...copies).flatMap { k in
            base.flex.map { flex in
                var copy = flex
                copy.consumer = ConsumerID(suffixed(flex.consumer.rawValue, copy: k))
                return copy
            }
        }
        result.contingencies = (1...copies).flatMap { k in
            base.contingencies.map { contingency in
                var copy = contingency
                copy.link = LinkID(suffixed(contingency.link.rawValue, copy: k))
                return copy
            }
        }
        // Records now sit at other lines of the files they will be written to.
        for i in result.nodes.indices { result.nodes[i].origin = origin("nodes.csv", i) }
        for i in result.links.indices { result.links[i].origin = origin("links.csv", i) }
        for i in result.projects.indices { result.projects[i].origin = origin("projects.csv", i) }
        for i in result.supplies.indices { result.supplies[i].origin = origin("supply.csv", i) }
        for i in result.conversions.indices { result.conversions[i].origin = origin("conversions.csv", i) }
        for i in result.consumers.indices { result.consumers[i].origin = origin("consumers.csv", i) }
        for i in result.demand.indices { result.demand[i].origin = origin("demand.csv", i) }
        for i in result.transitions.indices { result.transitions[i].origin = origin("transition.csv", i) }
        for i in result.flex.indices { result.flex[i].origin = origin("flex.csv", i) }
        for i in result.groupContracts.indices { result.groupContracts[i].origin = origin("group_contracts.csv", i) }
        for i in result.eops.indices { result.eops[i].origin = origin("eops.csv", i) }
        for i in result.contingencies.indices { result.contingencies[i].origin = origin("contingencies.csv", i) }
        return result
    }

    /// Backbone links: per carrier, copy k's first node of that carrier (file order) to copy
    /// k+1's, with the largest base capacity of a link of that carrier (1,000 MW if none);
    /// controllable (no reactance), so the copies stay independent AC networks.
    static func backbone(_ base: Dataset, copies: Int) -> [Link] {
        var links: [Link] = []
        for carrier in Carrier.allCases {
            guard let anchor = base.nodes.first(where: { $0.carrier == carrier }) else { continue }
            let capacity = base.links.filter { $0.carrier == carrier }.map(\.capacityMW).max().flatMap { $0 > 0 ? $0 : nil } ?? 1000
            for k in 1..<copies {
                links.append(
                    Link(
                        id: LinkID("backbone-\(carrier.rawValue)-\(k)-\(k + 1)"), name: "Backbone \(carrier.rawValue) copy \(k) to copy \(k + 1)",
                        from: NodeID(suffixed(anchor.id.rawValue, copy: k)), to: NodeID(suffixed(anchor.id.rawValue, copy: k + 1)),
                        carrier: carrier, capacityMW: capacity, commissioned: nil, retired: nil,
                        source:
                            "generated: joins copies \(k) and \(k + 1) at \(anchor.id) with the largest base \(carrier.rawValue) link capacity (docs/generator.md)",
                        origin: RecordOrigin(file: "links.csv", line: 0)))
            }
        }
        return links
    }
}
