// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP

extension SweepSpec {
    /// Statuses a grid delays when it names none: projects not yet in service and not cancelled.
    public static let defaultStatuses: [ProjectStatus] = [.construction, .permitting, .planned, .study]

    /// The scenarios of this sweep, in index order. The same spec and dataset always give the
    /// same members (Monte Carlo draws use ``SplitMix64`` with one stream per member, so a member
    /// does not depend on how many others there are or which shard runs it).
    /// - Throws: ``DatasetError`` when the spec names unknown projects, selects none, or would
    ///   generate more than ``maxMembers`` scenarios.
    public func members(for dataset: Dataset) throws(DatasetError) -> [SweepMember] {
        var diagnostics: [Diagnostic] = []
        func report(_ origin: EditOrigin, _ key: String?, _ rule: DiagnosticRule, _ message: String) {
            let position = origin.position(of: key)
            diagnostics.append(Diagnostic(file: file, line: position?.line, column: position?.column, rule: rule, message: message))
        }
        if let base, base != dataset.info.name {
            report(
                EditOrigin(), nil, .unknownReference,
                "the sweep is written for dataset `\(base)` (its `base`), but this dataset is `\(dataset.info.name)`; run it on `\(base)` or change `base`"
            )
        }
        let transitionIDs = Set(dataset.transitions.map(\.project.rawValue))
        let projectIDs = Set(dataset.projects.map(\.id.rawValue))
        func checkKnown(_ id: String, _ origin: EditOrigin, _ key: String) -> Bool {
            guard projectIDs.contains(id) || transitionIDs.contains(id) else {
                let hint = Spelling.closest(to: id, among: projectIDs.sorted() + transitionIDs.sorted()).map { "; did you mean `\($0)`?" } ?? ""
                report(origin, key, .unknownReference, "no project `\(id)` in projects.csv or transition.csv\(hint)")
                return false
            }
            return true
        }

        var members: [SweepMember] = []
        switch design {
        case .grid(let grid):
            let selected = select(grid.selection, dataset: dataset, report: report, checkKnown: checkKnown)
            guard diagnostics.isEmpty else { throw DatasetError(diagnostics: diagnostics) }
            guard let count = Self.count(grid, projects: selected.count), count <= Self.maxMembers else {
                report(
                    grid.selection.origin, "delays", .valueOutOfRange,
                    "this grid makes more than \(Self.maxMembers) scenarios (\(grid.delays.count) delays over \(selected.count) projects, \(grid.combination.rawValue)); select fewer projects or use [monte_carlo]"
                )
                throw DatasetError(diagnostics: diagnostics)
            }
            for delays in Self.combinations(grid, projects: selected) {
                members.append(
                    member(
                        index: members.count, label: Self.label(delays, combination: grid.combination, total: selected.count),
                        delays: delays, origin: grid.selection.origin))
            }
        case .monteCarlo(let monteCarlo):
            for rule in monteCarlo.rules {
                if case .project(let id) = rule.match { _ = checkKnown(id, rule.origin, "project") }
            }
            var rules = monteCarlo.rules
            if let name = monteCarlo.distribution {
                let names = dataset.delayDistributionNames
                if names.contains(name) {
                    let record = dataset.delayRules(distribution: name, origin: monteCarlo.origin)
                    rules = Self.merged(spec: monteCarlo.rules, distribution: record)
                } else {
                    let hint = Spelling.closest(to: name, among: names).map { "did you mean `\($0)`? " } ?? ""
                    let known =
                        names.isEmpty
                        ? "the dataset has no delay_distributions.csv distributions; add the file or write [[delay]] rules"
                        : "its distributions are \(names.map { "`\($0)`" }.joined(separator: ", "))"
                    report(
                        monteCarlo.origin, "distribution", .unknownReference,
                        "no delay distribution `\(name)` in the dataset's delay_distributions.csv; \(hint)(\(known))")
                }
            }
            guard diagnostics.isEmpty else { throw DatasetError(diagnostics: diagnostics) }
            let drawn = Self.drawnProjects(rules, dataset: dataset)
            guard !drawn.isEmpty else {
                report(
                    rules.first?.origin ?? monteCarlo.origin, nil, .valueOutOfRange,
                    "no [[delay]] rule matches a project of the dataset; check the statuses, programmes and ids")
                throw DatasetError(diagnostics: diagnostics)
            }
            for sample in 0..<monteCarlo.samples {
                var generator = SplitMix64(seed: monteCarlo.seed, stream: sample)
                var delays: [(project: String, years: Int)] = []
                for (project, rule) in drawn {
                    let years = Self.draw(rule, &generator)
                    if years != 0 { delays.append((project, years)) }
                }
                let origin = drawn.first?.rule.origin ?? EditOrigin()
                members.append(member(index: sample, label: "mc-\(sample)", delays: delays, origin: origin))
            }
        }
        return members
    }

    private func member(index: Int, label: String, delays: [(project: String, years: Int)], origin: EditOrigin) -> SweepMember {
        let edits = delays.map { ScenarioEdit.delay(ProjectDelay(project: $0.project, years: $0.years, origin: origin)) }
        let scenario = Scenario(name: "\(name): \(label)", file: file, edits: edits)
        return SweepMember(index: index, label: label, delays: delays, scenario: scenario)
    }

    /// The selected project ids, sorted.
    private func select(
        _ selection: Selection, dataset: Dataset, report: (EditOrigin, String?, DiagnosticRule, String) -> Void,
        checkKnown: (String, EditOrigin, String) -> Bool
    ) -> [String] {
        if !selection.projects.isEmpty {
            if !selection.statuses.isEmpty || !selection.programmes.isEmpty {
                report(
                    selection.origin, "projects", .duplicateKey,
                    "[grid] names `projects` and also `statuses` or `programmes`; name the projects, or select them by status and programme, not both"
                )
            }
            if Set(selection.projects).count != selection.projects.count {
                report(selection.origin, "projects", .duplicateKey, "`projects` lists a project twice; list each once")
            }
            return selection.projects.filter { checkKnown($0, selection.origin, "projects") }.sorted()
        }
        let statuses = selection.statuses.isEmpty ? Self.defaultStatuses : selection.statuses
        let chosen = dataset.projects.filter { project in
            statuses.contains(project.status) && (selection.programmes.isEmpty || selection.programmes.contains(project.programme))
        }.map(\.id.rawValue).sorted()
        if chosen.isEmpty {
            report(
                selection.origin, selection.programmes.isEmpty ? "statuses" : "programmes", .valueOutOfRange,
                "the selection matches no project in projects.csv; check the statuses and programmes")
        }
        return chosen
    }

    static func count(_ grid: Grid, projects: Int) -> Int? {
        let nonZero = grid.delays.filter { $0 != 0 }.count
        switch grid.combination {
        case .oneAtATime:
            let (product, overflow) = projects.multipliedReportingOverflow(by: nonZero)
            return overflow ? nil : product + (grid.delays.contains(0) ? 1 : 0)
        case .together:
            return grid.delays.count
        case .factorial:
            var total = 1
            for _ in 0..<projects {
                let (next, overflow) = total.multipliedReportingOverflow(by: grid.delays.count)
                if overflow || next > maxMembers { return nil }
                total = next
            }
            return total
        }
    }

    /// Delay vectors of a grid in index order (zero delays left out).
    static func combinations(_ grid: Grid, projects: [String]) -> [[(project: String, years: Int)]] {
        switch grid.combination {
        case .oneAtATime:
            var result: [[(project: String, years: Int)]] = grid.delays.contains(0) ? [[]] : []
            for project in projects {
                for delay in grid.delays where delay != 0 { result.append([(project, delay)]) }
            }
            return result
        case .together:
            return grid.delays.map { delay in delay == 0 ? [] : projects.map { ($0, delay) } }
        case .factorial:
            var result: [[(project: String, years: Int)]] = [[]]
            for project in projects {
                result = result.flatMap { prefix in grid.delays.map { delay in delay == 0 ? prefix : prefix + [(project, delay)] } }
            }
            return result
        }
    }

    static func label(_ delays: [(project: String, years: Int)], combination: Combination, total: Int) -> String {
        guard let first = delays.first else { return "baseline" }
        let sign = { (years: Int) in years >= 0 ? "+\(years)" : "\(years)" }
        if combination == .together, delays.count == total, total > 1 { return "all\(sign(first.years))" }
        return delays.map { "\($0.project)\(sign($0.years))" }.joined(separator: ";")
    }

    /// The spec's own rules, then the distribution's rules whose selector the spec does not use:
    /// a spec rule replaces the distribution's rule for the same status, programme or project.
    static func merged(spec: [DelayRule], distribution: [DelayRule]) -> [DelayRule] {
        let written = Set(spec.map(\.match))
        return spec + distribution.filter { !written.contains($0.match) }
    }

    /// Each project a rule applies to, sorted by id, with its rule (project beats status beats programme).
    static func drawnProjects(_ rules: [DelayRule], dataset: Dataset) -> [(project: String, rule: DelayRule)] {
        var ids = Set(dataset.projects.map(\.id.rawValue))
        for rule in rules { if case .project(let id) = rule.match { ids.insert(id) } }
        var result: [(project: String, rule: DelayRule)] = []
        for id in ids.sorted() {
            let project = dataset.projects.first { $0.id.rawValue == id }
            let byProject = rules.first { if case .project(id) = $0.match { return true } else { return false } }
            let byStatus = rules.first { if case .status(let status) = $0.match { return status == project?.status } else { return false } }
            let byProgramme = rules.first { if case .programme(let name) = $0.match { return name == project?.programme } else { return false } }
            if let rule = byProject ?? byStatus ?? byProgramme { result.append((id, rule)) }
        }
        return result
    }

    /// One draw from a rule's discrete distribution (inverse CDF on one uniform number).
    static func draw(_ rule: DelayRule, _ generator: inout SplitMix64) -> Int {
        let total = rule.weights.reduce(0, +)
        let target = generator.uniform() * total
        var cumulative = 0.0
        for (value, weight) in zip(rule.values, rule.weights) {
            cumulative += weight
            if target < cumulative { return value }
        }
        return rule.values[rule.values.count - 1]
    }
}
