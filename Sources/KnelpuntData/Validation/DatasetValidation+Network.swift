// SPDX-License-Identifier: GPL-3.0-or-later

extension DatasetValidation {
    /// Carriers must fit: links within one carrier, conversions electricity → hydrogen, consumer
    /// nodes of the named carrier, wind and solar at electricity nodes, and demand, transition
    /// and flex rows only for carriers the consumer has a node for.
    static func carrierMismatches(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        let data = context.records
        let carrierOf = Dictionary(data.nodes.map { ($0.id, $0.carrier) }, uniquingKeysWith: { first, _ in first })
        func expect(_ node: NodeID, _ carrier: Carrier, at origin: RecordOrigin, column: String, _ what: String) {
            guard let actual = carrierOf[node], actual != carrier else { return }
            context.report(
                &sink, .carrierMismatch, at: origin, column: column,
                message: "\(what) `\(node)` is a \(actual.rawValue) node, but must be a \(carrier.rawValue) node; pick a \(carrier.rawValue) node")
        }
        for link in data.links {
            expect(link.from, link.carrier, at: link.origin, column: "from", "\(link.carrier.rawValue) link `\(link.id)` starts at")
            expect(link.to, link.carrier, at: link.origin, column: "to", "\(link.carrier.rawValue) link `\(link.id)` ends at")
        }
        for conversion in data.conversions {
            expect(conversion.from, .electricity, at: conversion.origin, column: "from", "conversion `\(conversion.id)` takes input from")
            expect(conversion.to, .hydrogen, at: conversion.origin, column: "to", "conversion `\(conversion.id)` delivers to")
        }
        for supply in data.supplies where [.offshoreWind, .onshoreWind, .solar].contains(supply.kind) {
            expect(supply.node, .electricity, at: supply.origin, column: "node", "\(supply.kind.rawValue) supply `\(supply.id)` sits at")
        }
        var consumers: [ConsumerID: Consumer] = [:]
        for consumer in data.consumers {
            if consumers[consumer.id] == nil { consumers[consumer.id] = consumer }
            if let node = consumer.electricityNode {
                expect(node, .electricity, at: consumer.origin, column: "electricity_node", "electricity_node")
            }
            if let node = consumer.hydrogenNode {
                expect(node, .hydrogen, at: consumer.origin, column: "hydrogen_node", "hydrogen_node")
            }
        }
        func needsNode(_ consumerID: ConsumerID, _ carrier: Carrier, at origin: RecordOrigin, _ what: String) {
            guard let consumer = consumers[consumerID], consumer.node(for: carrier) == nil else { return }
            context.report(
                &sink, .carrierMismatch, at: origin, column: "carrier",
                message:
                    "\(what) of `\(consumerID)` is \(carrier.rawValue), but the consumer has no \(carrier.rawValue)_node in consumers.csv; set it or change the carrier"
            )
        }
        for level in data.demand { needsNode(level.consumer, level.carrier, at: level.origin, "demand") }
        for transition in data.transitions {
            needsNode(transition.consumer, transition.carrier, at: transition.origin, "transition project `\(transition.project)`")
        }
        for commitment in data.flex { needsNode(commitment.consumer, commitment.carrier, at: commitment.origin, "flex commitment") }
    }

    static func selfLoops(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        for link in context.records.links where link.from == link.to {
            context.report(
                &sink, .selfLoop, at: link.origin, column: "to",
                message: "link `\(link.id)` runs from `\(link.from)` to itself; correct `from` or `to`")
        }
    }

    /// Capacity plus the non-cancelled projects up to each planning year (in which the asset
    /// exists) must lie in ``NumericRanges/capacity``. Reported at the project that takes it out.
    static func negativeCapacityAfterProjects(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        let data = context.records
        let years = context.planningYears
        guard !years.isEmpty, !data.projects.isEmpty else { return }
        let byTarget = data.projectsByTarget()
        var reported: Set<String> = []
        for asset in data.assetsInFileOrder {
            let facts = data.facts(of: asset)
            guard !reported.contains(facts.id), let indices = byTarget[facts.id] else { continue }
            let projects = indices.map { data.projects[$0] }.filter { $0.status != .cancelled }
            guard !projects.isEmpty else { continue }
            for year in years where Dataset.exists(commissioned: facts.commissioned, retired: facts.retired, in: year) {
                let total = facts.capacityMW + data.projectCapacityMW(target: facts.id, upTo: year, byTarget: byTarget)
                guard total < -1e-9 || total > NumericRanges.maxCapacityMW else { continue }
                // The last project applied by this year (latest year, then latest in the file).
                guard let culprit = projects.filter({ $0.year <= year }).max(by: { ($0.year, $0.origin.line) < ($1.year, $1.origin.line) }) else {
                    continue
                }
                let sum =
                    "`\(facts.id)` has \(ValueBounds.format(facts.capacityMW)) MW plus projects = \(ValueBounds.format(total)) MW in \(year) after project `\(culprit.id)`"
                if total < 0 {
                    context.report(
                        &sink, .negativeCapacityAfterProjects, at: culprit.origin, column: "capacity_mw",
                        message: "\(sum); check the project's sign, year or target")
                } else {
                    context.report(
                        &sink, .magnitudeOutOfRange, at: culprit.origin, column: "capacity_mw",
                        message:
                            "\(sum), outside the allowed range \(NumericRanges.capacity) MW (docs/numerics.md); check the project's unit and amount")
                }
                reported.insert(facts.id)
                break
            }
        }
    }

    /// Warns about consumer nodes that no supply reaches through links (either direction, any
    /// year) and conversions (electricity → hydrogen only).
    static func unreachableDemand(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        let files = [DatasetSchema.nodes, DatasetSchema.links, DatasetSchema.supply, DatasetSchema.conversions, DatasetSchema.consumers].map(\.name)
        guard files.allSatisfy(context.isComplete) else { return }
        let data = context.records
        var neighbours: [NodeID: [NodeID]] = [:]
        for link in data.links {
            neighbours[link.from, default: []].append(link.to)
            neighbours[link.to, default: []].append(link.from)
        }
        for conversion in data.conversions { neighbours[conversion.from, default: []].append(conversion.to) }
        var reached = Set(data.supplies.map(\.node))
        var frontier = data.supplies.map(\.node)
        while let node = frontier.popLast() {
            for next in neighbours[node] ?? [] where !reached.contains(next) {
                reached.insert(next)
                frontier.append(next)
            }
        }
        var pairs = Set<ConsumerCarrier>()
        for level in data.demand { pairs.insert(ConsumerCarrier(consumer: level.consumer, carrier: level.carrier)) }
        for transition in data.transitions { pairs.insert(ConsumerCarrier(consumer: transition.consumer, carrier: transition.carrier)) }
        for consumer in data.consumers {
            for carrier in Carrier.allCases where pairs.contains(ConsumerCarrier(consumer: consumer.id, carrier: carrier)) {
                guard let node = consumer.node(for: carrier), !reached.contains(node) else { continue }
                context.report(
                    &sink, .unreachableDemand, at: consumer.origin, column: "\(carrier.rawValue)_node",
                    message:
                        "no supply reaches \(carrier.rawValue) node `\(node)` of `\(consumer.id)` through links and conversions, so its demand can never be served; add a link, conversion or supply"
                )
            }
        }
    }
}
