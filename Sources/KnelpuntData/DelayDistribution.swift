// SPDX-License-Identifier: GPL-3.0-or-later

/// One row of delay_distributions.csv: the relative weight of one whole-year delay for the
/// projects one selector matches, in a named distribution. The rows of one distribution with the
/// same selector form one rule: P(delay = d) = weight(d) / Σ weight.
public struct DelayDistributionRow: Hashable, Sendable {
    /// The distribution's name, as a sweep spec's `[monte_carlo] distribution` names it.
    public var distribution: String
    /// Selector: the projects of this status (exactly one of ``status``, ``programme``, ``project``).
    public var status: ProjectStatus?
    /// Selector: the projects of this programme.
    public var programme: String?
    /// Selector: one project of projects.csv.
    public var project: ProjectID?
    /// Delay in whole years, ≥ 0.
    public var delayYears: Int
    /// Relative weight of ``delayYears``, > 0.
    public var weight: Double
    public var source: String
    public var origin: RecordOrigin

    public init(
        distribution: String, status: ProjectStatus? = nil, programme: String? = nil, project: ProjectID? = nil, delayYears: Int, weight: Double,
        source: String, origin: RecordOrigin
    ) {
        self.distribution = distribution
        self.status = status
        self.programme = programme
        self.project = project
        self.delayYears = delayYears
        self.weight = weight
        self.source = source
        self.origin = origin
    }

    /// The selector, when exactly one of status, programme and project is given.
    public var match: SweepSpec.DelayRule.Match? {
        let given = [status != nil, programme != nil, project != nil].filter { $0 }.count
        guard given == 1 else { return nil }
        if let project { return .project(project.rawValue) }
        if let status { return .status(status) }
        return programme.map { .programme($0) }
    }
}

extension Dataset {
    /// The names of delay_distributions.csv's distributions, sorted.
    public var delayDistributionNames: [String] { Set(delayDistributions.map(\.distribution)).sorted() }

    /// The rules of distribution `name` in the order their selectors first appear, each with its
    /// values and weights in file order; `origin` is where the spec asked for them.
    public func delayRules(distribution name: String, origin: EditOrigin) -> [SweepSpec.DelayRule] {
        var rules: [SweepSpec.DelayRule] = []
        var index: [SweepSpec.DelayRule.Match: Int] = [:]
        for row in delayDistributions where row.distribution == name {
            guard let match = row.match else { continue }
            if let at = index[match] {
                rules[at].values.append(row.delayYears)
                rules[at].weights.append(row.weight)
            } else {
                index[match] = rules.count
                rules.append(SweepSpec.DelayRule(match: match, values: [row.delayYears], weights: [row.weight], origin: origin))
            }
        }
        return rules
    }
}
