// SPDX-License-Identifier: GPL-3.0-or-later

extension Scenario {
    /// The dataset with this scenario's edits applied: removals, then delays, capacity changes,
    /// demand scaling and new flex commitments (file order within each kind). Pure: `dataset` is
    /// not changed and the result depends only on the two inputs.
    ///
    /// Records the scenario adds carry ``RecordOrigin``s in the scenario file and `source`
    /// `scenario: <name>`; synthetic ids (capacity projects, demand companions) start with
    /// `scenario` or contain `~scenario` so they cannot be mistaken for dataset rows.
    /// - Throws: ``DatasetError`` with every diagnostic (at the scenario's file, line and column)
    ///   when an edit does not fit the dataset: an unknown id, a capacity or demand that would
    ///   become negative, a carrier the consumer has no node for, a duplicate flex commitment, ….
    public func apply(to dataset: Dataset) throws(DatasetError) -> Dataset {
        let (result, diagnostics) = applying(to: dataset)
        guard !diagnostics.contains(where: { $0.severity == .error }) else { throw DatasetError(diagnostics: diagnostics) }
        return result
    }

    /// Every problem of this scenario against `dataset` (empty when it applies cleanly).
    public func check(against dataset: Dataset) -> [Diagnostic] {
        applying(to: dataset).1
    }

    func applying(to dataset: Dataset) -> (Dataset, [Diagnostic]) {
        var applier = ScenarioApplier(scenario: self, data: dataset)
        if let base, base != dataset.info.name {
            applier.report(
                EditOrigin(table: nil), nil, .unknownReference,
                "the scenario is written for dataset `\(base)` (its `base`), but this dataset is `\(dataset.info.name)`; run it on `\(base)` or change `base`"
            )
        }
        if let security { applier.data.info.security = security }
        let ordered = edits.enumerated().sorted { ($0.element.kind, $0.offset) < ($1.element.kind, $1.offset) }
        for (index, edit) in ordered {
            applier.editIndex = index
            switch edit {
            case .remove(let removal): applier.remove(removal)
            case .delay(let delay): applier.delay(delay)
            case .capacity(let change): applier.change(change)
            case .demand(let scaling): applier.scale(scaling)
            case .flex(let addition): applier.add(addition)
            case .contingency(let addition): applier.add(addition)
            }
        }
        return (applier.data, Scenario.sorted(applier.diagnostics))
    }
}

/// Applies edits one by one to a copy of the dataset, collecting diagnostics.
struct ScenarioApplier {
    let scenario: Scenario
    var data: Dataset
    var diagnostics: [Diagnostic] = []
    /// Index of the edit being applied in ``Scenario/edits`` (for synthetic ids).
    var editIndex = 0
    /// Ids already removed by an earlier `[[remove]]`, with where that removal was written.
    var removed: [Removal.Target: [String: EditOrigin]] = [:]

    init(scenario: Scenario, data: Dataset) {
        self.scenario = scenario
        self.data = data
    }

    var source: String { "scenario: \(scenario.name)" }

    mutating func report(_ origin: EditOrigin, _ key: String?, _ rule: DiagnosticRule, _ message: String) {
        let position = origin.position(of: key)
        diagnostics.append(Diagnostic(file: scenario.file, line: position?.line, column: position?.column, rule: rule, message: message))
    }

    func recordOrigin(_ origin: EditOrigin) -> RecordOrigin {
        RecordOrigin(file: scenario.file, line: origin.table?.line ?? 0)
    }

    /// `word` with a spelling hint among `candidates`.
    static func hint(_ word: String, among candidates: [String]) -> String {
        Spelling.closest(to: word, among: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }

    // MARK: Lookups

    func asset(_ id: String) -> AssetReference? { data.asset(id: id) }

    /// Base capacity and service years of an asset.
    func assetFacts(_ asset: AssetReference) -> (capacity: Double, commissioned: Int?, retired: Int?) {
        let facts = data.facts(of: asset)
        return (facts.capacityMW, facts.commissioned, facts.retired)
    }

    var assetIDs: [String] {
        data.assetsInFileOrder.map { data.id(of: $0) }
    }

    /// What else an unknown id names, to make the message useful.
    func otherMeaning(of id: String) -> String? {
        if data.projects.contains(where: { $0.id.rawValue == id }) { return "a project in projects.csv" }
        if data.transitions.contains(where: { $0.project.rawValue == id }) { return "a transition project in transition.csv" }
        if data.consumers.contains(where: { $0.id.rawValue == id }) { return "a consumer" }
        if data.nodes.contains(where: { $0.id.rawValue == id }) { return "a node" }
        return asset(id).map { "a \($0.kind.rawValue)" }
    }

    enum ProjectMatch {
        case infrastructure(Int)
        case transition([Int])
    }

    /// Finds `id` in projects.csv or transition.csv, reporting unknown and ambiguous ids.
    mutating func project(_ id: String, origin: EditOrigin, key: String) -> ProjectMatch? {
        let infrastructure = data.projects.firstIndex { $0.id.rawValue == id }
        let transition = data.transitions.indices.filter { data.transitions[$0].project.rawValue == id }
        switch (infrastructure, transition.isEmpty) {
        case (let index?, true):
            return .infrastructure(index)
        case (nil, false):
            return .transition(transition)
        case (_?, false):
            report(
                origin, key, .duplicateId,
                "`\(id)` is both a project in projects.csv and a transition project in transition.csv; rename one of them in the dataset")
            return nil
        case (nil, true):
            let candidates = data.projects.map(\.id.rawValue) + data.transitions.map(\.project.rawValue)
            let meaning = otherMeaning(of: id).map { " (it is \($0))" } ?? ""
            report(
                origin, key, .unknownReference,
                "no project `\(id)` in projects.csv or transition.csv\(meaning)\(Self.hint(id, among: candidates))")
            return nil
        }
    }

    func consumerIndex(_ id: ConsumerID) -> Int? { data.consumers.firstIndex { $0.id == id } }

    mutating func unknownConsumer(_ id: ConsumerID, origin: EditOrigin) {
        let meaning = otherMeaning(of: id.rawValue).map { " (it is \($0))" } ?? ""
        report(
            origin, "consumer", .unknownReference,
            "no consumer `\(id)` in consumers.csv\(meaning)\(Self.hint(id.rawValue, among: data.consumers.map(\.id.rawValue)))")
    }

    /// Reports a carrier the consumer has no node for; true when it has one.
    mutating func checkNode(of consumer: Int, carrier: Carrier, origin: EditOrigin) -> Bool {
        guard data.consumers[consumer].node(for: carrier) == nil else { return true }
        report(
            origin, "carrier", .carrierMismatch,
            "consumer `\(data.consumers[consumer].id)` has no \(carrier.rawValue)_node in consumers.csv, so it takes no \(carrier.rawValue); change the carrier"
        )
        return false
    }

    /// Capacity plus projects must stay ≥ 0 in every planning year from `fromYear` on in which the
    /// asset exists; reported at `key` of the edit.
    mutating func checkCapacity(of target: String, from fromYear: Int, origin: EditOrigin, key: String, cause: String) {
        guard let asset = asset(target) else { return }
        let facts = assetFacts(asset)
        for year in data.info.years where year >= fromYear && Dataset.exists(commissioned: facts.commissioned, retired: facts.retired, in: year) {
            let total = facts.capacity + data.projectCapacityMW(target: target, upTo: year)
            if total > NumericRanges.maxCapacityMW {
                return report(
                    origin, key, .magnitudeOutOfRange,
                    "\(cause) leaves `\(target)` with \(ValueBounds.format(total)) MW in \(year), outside the allowed range \(NumericRanges.capacity) MW (docs/numerics.md); change the amount"
                )
            }
            guard total < -1e-9 else { continue }
            report(
                origin, key, .negativeCapacityAfterProjects,
                "\(cause) leaves `\(target)` with \(ValueBounds.format(total)) MW in \(year) (\(ValueBounds.format(facts.capacity)) MW plus projects); capacity cannot go below 0 MW, so change the amount or the year"
            )
            return
        }
    }

    // MARK: Edits

    mutating func remove(_ removal: Removal) {
        let id = removal.id
        let key = removal.target.rawValue
        if let earlier = removed[removal.target]?[id] {
            let line = earlier.table.map { "at line \($0.line)" } ?? "earlier"
            return report(
                removal.origin, key, .duplicateKey,
                "\(key) `\(id)` was already removed \(line) of this scenario; remove it once")
        }
        switch removal.target {
        case .consumer:
            let consumerID = ConsumerID(id)
            guard consumerIndex(consumerID) != nil else { return unknownConsumer(consumerID, origin: removal.origin) }
            data.consumers.removeAll { $0.id == consumerID }
            data.demand.removeAll { $0.consumer == consumerID }
            data.transitions.removeAll { $0.consumer == consumerID }
            data.flex.removeAll { $0.consumer == consumerID }
            removed[.consumer, default: [:]][id] = removal.origin
        case .supply:
            guard data.supplies.contains(where: { $0.id.rawValue == id }) else {
                let meaning =
                    otherMeaning(of: id).map {
                        " (it is \($0); only consumers, supplies and projects can be removed: set a link's or conversion's capacity to 0 with [[capacity]] set_mw = 0)"
                    } ?? ""
                return report(
                    removal.origin, key, .unknownReference,
                    "no supply `\(id)` in supply.csv\(meaning)\(Self.hint(id, among: data.supplies.map(\.id.rawValue)))")
            }
            data.supplies.removeAll { $0.id.rawValue == id }
            data.projects.removeAll { $0.target == id }
            removed[.supply, default: [:]][id] = removal.origin
        case .project:
            switch project(id, origin: removal.origin, key: key) {
            case .infrastructure(let index)?:
                let target = data.projects[index].target
                data.projects.remove(at: index)
                removed[.project, default: [:]][id] = removal.origin
                if let target {
                    checkCapacity(of: target, from: data.info.years.first ?? 0, origin: removal.origin, key: key, cause: "removing project `\(id)`")
                }
            case .transition?:
                data.transitions.removeAll { $0.project.rawValue == id }
                removed[.project, default: [:]][id] = removal.origin
            case nil:
                break
            }
        case .contingency:
            removeContingency(LinkID(id), origin: removal.origin)
        }
    }

    // MARK: Contingencies

    /// Index of link `id` when it is an AC link, else reports why not at `key`.
    mutating func acLink(_ id: LinkID, origin: EditOrigin, key: String) -> Int? {
        guard let index = data.links.firstIndex(where: { $0.id == id }) else {
            let meaning = otherMeaning(of: id.rawValue).map { " (it is \($0))" } ?? ""
            report(
                origin, key, .unknownReference,
                "no link `\(id)` in links.csv\(meaning)\(Self.hint(id.rawValue, among: data.links.map(\.id.rawValue)))")
            return nil
        }
        guard data.links[index].reactancePU != nil else {
            report(
                origin, key, .contingencyNotAC,
                "`\(id)` is a controllable \(data.links[index].carrier.rawValue) link (no `reactance_pu` in links.csv), whose outage does not redistribute AC flows; name an AC link"
            )
            return nil
        }
        return index
    }

    /// `[[remove]] contingency`: the outage of `link` is no longer checked. Without
    /// contingencies.csv the list becomes every AC link but this one.
    mutating func removeContingency(_ link: LinkID, origin: EditOrigin) {
        guard acLink(link, origin: origin, key: "contingency") != nil else { return }
        if !data.listsContingencies {
            data.contingencies = data.links.filter { $0.reactancePU != nil && $0.carrier == .electricity }.map {
                Contingency(link: $0.id, origin: recordOrigin(origin), source: source)
            }
            data.listsContingencies = true
        }
        guard data.contingencies.contains(where: { $0.link == link }) else {
            return report(
                origin, "contingency", .unknownReference,
                "`\(link)` is not in contingencies.csv, so its outage is not checked anyway; remove this edit")
        }
        data.contingencies.removeAll { $0.link == link }
        removed[.contingency, default: [:]][link.rawValue] = origin
    }

    /// `[[contingency]]`: the outage of `link` is checked too.
    mutating func add(_ addition: ContingencyAddition) {
        guard acLink(addition.link, origin: addition.origin, key: "link") != nil else { return }
        guard data.listsContingencies else {
            return report(
                addition.origin, "link", .duplicateContingency,
                "the dataset has no contingencies.csv, so every AC link in service (`\(addition.link)` too) is already a contingency; remove this edit"
            )
        }
        guard !data.contingencies.contains(where: { $0.link == addition.link }) else {
            return report(addition.origin, "link", .duplicateContingency, "`\(addition.link)` is already a contingency; remove this edit")
        }
        data.contingencies.append(Contingency(link: addition.link, origin: recordOrigin(addition.origin), source: source))
    }

    mutating func delay(_ delay: ProjectDelay) {
        let id = delay.project
        switch project(id, origin: delay.origin, key: "project") {
        case .infrastructure(let index)?:
            let moved = data.projects[index].year + delay.years
            guard PlanningYears.plausible.contains(moved) else {
                return report(delay.origin, "years", .badYear, "delaying `\(id)` by \(delay.years) years moves it to \(moved), outside 1900–2200")
            }
            let first = min(data.projects[index].year, moved)
            data.projects[index].year = moved
            if let target = data.projects[index].target {
                checkCapacity(of: target, from: first, origin: delay.origin, key: "years", cause: "delaying `\(id)` by \(delay.years) years")
            }
        case .transition(let indices)?:
            for index in indices {
                let moved = data.transitions[index].year + delay.years
                guard PlanningYears.plausible.contains(moved) else {
                    return report(delay.origin, "years", .badYear, "delaying `\(id)` by \(delay.years) years moves it to \(moved), outside 1900–2200")
                }
                data.transitions[index].year = moved
            }
        case nil:
            break
        }
    }

    mutating func change(_ change: CapacityChange) {
        let target = change.target
        guard let asset = asset(target) else {
            let meaning =
                otherMeaning(of: target).map { " (it is \($0)\($0.contains("project") ? "; shift it with [[delay]] or target its asset" : ""))" }
                ?? ""
            return report(
                change.origin, "target", .unknownReference,
                "no link, supply or conversion `\(target)`\(meaning)\(Self.hint(target, among: assetIDs))")
        }
        if change.reactancePU != nil {
            let problem: String? =
                switch asset.kind {
                case .link:
                    data.links[asset.index].reactancePU == nil
                        ? "`\(target)` is a controllable \(data.links[asset.index].carrier.rawValue) link (no `reactance_pu` in links.csv)" : nil
                case .supply, .conversion: "`\(target)` is a \(asset.kind.rawValue), not a link"
                }
            if let problem {
                return report(
                    change.origin, "reactance_pu", .reactanceWithoutACLink,
                    "\(problem), so it has no reactance to change; remove `reactance_pu` (only AC lines and transformers have one)")
            }
        }
        let facts = assetFacts(asset)
        let added: Double
        let key: String
        switch change.amount {
        case .add(let mw):
            added = mw
            key = "add_mw"
        case .set(let mw):
            key = "set_mw"
            guard Dataset.exists(commissioned: facts.commissioned, retired: facts.retired, in: change.fromYear) else {
                let span = "commissioned \(facts.commissioned.map(String.init) ?? "–"), retired \(facts.retired.map(String.init) ?? "–")"
                return report(
                    change.origin, "from_year", .valueOutOfRange,
                    "`\(target)` is not in service in \(change.fromYear) (\(span)), so its capacity cannot be set then; choose a from_year in service or use add_mw"
                )
            }
            added = mw - (facts.capacity + data.projectCapacityMW(target: target, upTo: change.fromYear))
        }
        var id = "scenario-\(change.origin.table.map { "L\($0.line)" } ?? "e\(editIndex)")-\(target)"
        while data.projects.contains(where: { $0.id.rawValue == id }) { id += "'" }
        var what: String =
            switch change.amount {
            case .add(let mw): "\(ValueBounds.format(mw)) MW added"
            case .set(let mw): "set to \(ValueBounds.format(mw)) MW"
            }
        if let reactance = change.reactancePU { what += ", reactance \(ValueBounds.format(reactance)) pu" }
        data.projects.append(
            Project(
                id: ProjectID(id), name: "\(target) \(what) from \(change.fromYear) (\(source))", programme: "scenario", target: target,
                capacityMW: added, year: change.fromYear, status: .planned, reactancePU: change.reactancePU, source: source,
                origin: recordOrigin(change.origin)))
        checkCapacity(of: target, from: change.fromYear, origin: change.origin, key: key, cause: "this change")
    }

    mutating func scale(_ scaling: DemandScaling) {
        let origin = scaling.origin
        guard let consumer = consumerIndex(scaling.consumer) else { return unknownConsumer(scaling.consumer, origin: origin) }
        guard checkNode(of: consumer, carrier: scaling.carrier, origin: origin) else { return }
        let isPair = { (c: ConsumerID, k: Carrier) in c == scaling.consumer && k == scaling.carrier }
        guard
            data.demand.contains(where: { isPair($0.consumer, $0.carrier) }) || data.transitions.contains(where: { isPair($0.consumer, $0.carrier) })
        else {
            return report(
                origin, "consumer", .unknownReference,
                "`\(scaling.consumer)` has no \(scaling.carrier.rawValue) demand in demand.csv or transition.csv to scale; check the consumer and carrier"
            )
        }
        if scaling.scale > 0 && scaling.scale < 1e-6 {
            return report(
                origin, "scale", .valueOutOfRange, "`scale` \(scaling.scale) is below 1e-6; write 0 to drop the demand, or a scale of at least 1e-6")
        }
        let from = scaling.fromYear
        // Demand levels: split the level in force at `from` so that earlier years keep it, then scale.
        let levels = data.demand.indices.filter { isPair(data.demand[$0].consumer, data.demand[$0].carrier) }
        if !levels.contains(where: { data.demand[$0].year == from }),
            let inForce = levels.filter({ data.demand[$0].year < from }).max(by: { data.demand[$0].year < data.demand[$1].year })
        {
            var split = data.demand[inForce]
            split.year = from
            split.source = source
            split.origin = recordOrigin(origin)
            data.demand.insert(split, at: inForce + 1)
        }
        for index in data.demand.indices where isPair(data.demand[index].consumer, data.demand[index].carrier) && data.demand[index].year >= from {
            data.demand[index].mw *= scaling.scale
        }
        // Transition projects: later ones are scaled; ones already in force get a companion row
        // right after them adding (scale − 1) × their MW from `from` on (no CO2 of its own), so
        // every partial sum of the pair's demand stays ≥ 0.
        var index = 0
        while index < data.transitions.count {
            let transition = data.transitions[index]
            guard isPair(transition.consumer, transition.carrier) else {
                index += 1
                continue
            }
            if transition.year >= from {
                data.transitions[index].mw *= scaling.scale
            } else if scaling.scale != 1 {
                var companion = transition
                var id = "\(transition.project.rawValue)~scenario\(from)-e\(editIndex)"
                while data.transitions.contains(where: { $0.project.rawValue == id }) { id += "'" }
                companion.project = TransitionID(id)
                companion.year = from
                companion.mw = transition.mw * (scaling.scale - 1)
                companion.co2AvoidedKtPerYear = 0
                companion.source = source
                companion.origin = recordOrigin(origin)
                data.transitions.insert(companion, at: index + 1)
                index += 1
            }
            index += 1
        }
        // Every scaled row must stay in the documented demand range.
        let scaled =
            data.demand.filter { isPair($0.consumer, $0.carrier) && $0.year >= from }.map(\.mw)
            + data.transitions.filter { isPair($0.consumer, $0.carrier) && $0.year >= from }.map(\.mw)
        if let high = scaled.max(), high > NumericRanges.maxDemandMW {
            return report(
                origin, "scale", .magnitudeOutOfRange,
                "scaling by \(ValueBounds.format(scaling.scale)) takes \(scaling.consumer)'s \(scaling.carrier.rawValue) demand to \(ValueBounds.format(high)) MW, outside the allowed range \(NumericRanges.demand) MW (docs/numerics.md); use a smaller scale"
            )
        }
        let scaledLevels = data.demand.filter { isPair($0.consumer, $0.carrier) && $0.year >= from }.map(\.mw)
        if let low = scaledLevels.filter({ $0 != 0 }).min(), NumericRanges.demand.isBelowResolution(low) {
            return report(
                origin, "scale", .magnitudeOutOfRange,
                "scaling by \(ValueBounds.format(scaling.scale)) takes \(scaling.consumer)'s \(scaling.carrier.rawValue) demand to \(ValueBounds.format(low)) MW, below the resolution of \(ValueBounds.format(NumericRanges.resolution)) MW (docs/numerics.md); use a scale of 0 or a larger one"
            )
        }
        // Round-off must not leave a slightly negative demand in any slice.
        let pair = ConsumerCarrier(consumer: scaling.consumer, carrier: scaling.carrier)
        for year in data.info.years where year >= from {
            if let found = data.view(year: year).pairs.first(where: { $0.key == pair }), let low = found.demandMW.min(), low < 0 {
                return report(
                    origin, "scale", .negativeDemand,
                    "scaling leaves \(pair) at \(low) MW in a timeslice of \(year) through round-off; use a scale of 0 or at least 1e-6")
            }
        }
    }

    mutating func add(_ addition: FlexAddition) {
        let origin = addition.origin
        guard let consumer = consumerIndex(addition.consumer) else { return unknownConsumer(addition.consumer, origin: origin) }
        guard checkNode(of: consumer, carrier: addition.carrier, origin: origin) else { return }
        let commitment = FlexCommitment(
            consumer: addition.consumer, carrier: addition.carrier, product: addition.product, fromYear: addition.fromYear,
            toYear: addition.toYear, maxMW: addition.maxMW, maxHoursPerYear: addition.maxHoursPerYear,
            costEURPerMWh: addition.costEURPerMWh, window: addition.window, source: source, origin: recordOrigin(origin))
        if let existing = data.flex.first(where: { $0.key == commitment.key }) {
            let place =
                existing.origin.file == scenario.file
                ? "line \(existing.origin.line) of this scenario" : "\(existing.origin.file) line \(existing.origin.line)"
            return report(
                origin, "from_year", .duplicateFlex,
                "\(addition.consumer) already has a \(addition.carrier.rawValue) \(addition.product.rawValue) commitment from \(addition.fromYear) (\(place)); change from_year or the product"
            )
        }
        if addition.window != nil, let slice = data.timeslices.slices.first(where: { $0.hour == nil }) {
            return report(
                origin, "window", .windowWithoutHours,
                "timeslice `\(slice.id)` has no hour, so a flex window cannot be applied; drop `window` or give every timeslice an hour")
        }
        data.flex.append(commitment)
    }
}
