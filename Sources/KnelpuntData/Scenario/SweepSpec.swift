// SPDX-License-Identifier: GPL-3.0-or-later

/// A sweep: many scenarios generated from one small TOML file (docs/scenarios.md), either a grid
/// of project delays or a seeded Monte Carlo draw of delays per project.
///
/// ```toml
/// name = "MIEK projects late, one at a time"
/// years = "2028-2032"
/// [grid]
/// delays = [0, 1, 2, 3]
/// combine = "one-at-a-time"        # or "together", "factorial"
/// statuses = ["planned", "permitting"]
/// ```
public struct SweepSpec: Hashable, Sendable {
    public var name: String
    /// The dataset the spec is written for, if given.
    public var base: String?
    /// Allocation rule name (checked by the caller); `nil` = the default rule.
    public var policy: String?
    /// Planning years to solve; `nil` = all of the dataset's.
    public var years: [Int]?
    public var design: Design
    public var file: String
    /// Where `policy` was written, for messages.
    public var policyPosition: TOMLPosition?

    public enum Design: Hashable, Sendable {
        case grid(Grid)
        case monteCarlo(MonteCarlo)
    }

    /// Which projects of projects.csv a grid delays. Empty lists select everything; `projects`
    /// may also name transition projects.
    public struct Selection: Hashable, Sendable {
        public var projects: [String]
        public var statuses: [ProjectStatus]
        public var programmes: [String]
        public var origin: EditOrigin
        public init(projects: [String] = [], statuses: [ProjectStatus] = [], programmes: [String] = [], origin: EditOrigin = EditOrigin()) {
            self.projects = projects
            self.statuses = statuses
            self.programmes = programmes
            self.origin = origin
        }
    }

    public enum Combination: String, Hashable, Sendable, CaseIterable {
        /// A baseline (when 0 is among the delays), then each project alone with each non-zero delay.
        case oneAtATime = "one-at-a-time"
        /// Every selected project delayed by the same amount, once per delay.
        case together
        /// Every combination of delays over the selected projects (at most ``SweepSpec/maxMembers``).
        case factorial
    }

    public struct Grid: Hashable, Sendable {
        public var selection: Selection
        public var delays: [Int]
        public var combination: Combination
    }

    /// A discrete distribution of whole-year delays for the projects a rule matches: a project
    /// rule beats a status rule, which beats a programme rule; unmatched projects keep their year.
    /// P(delay = values[i]) = weights[i] / Σ weights.
    public struct DelayRule: Hashable, Sendable {
        public enum Match: Hashable, Sendable {
            case project(String)
            case status(ProjectStatus)
            case programme(String)
        }
        public var match: Match
        public var values: [Int]
        /// Relative weights, one per value (equal when not given).
        public var weights: [Double]
        public var origin: EditOrigin

        public init(match: Match, values: [Int], weights: [Double], origin: EditOrigin = EditOrigin()) {
            self.match = match
            self.values = values
            self.weights = weights
            self.origin = origin
        }
    }

    public struct MonteCarlo: Hashable, Sendable {
        public var samples: Int
        public var seed: UInt64
        /// The spec's own `[[delay]]` rules.
        public var rules: [DelayRule]
        /// `distribution`: the delay_distributions.csv distribution whose rules apply too; a rule
        /// of the spec replaces the distribution's rule with the same selector.
        public var distribution: String?
        /// Where `[monte_carlo]` and its keys were written, for messages.
        public var origin: EditOrigin

        public init(samples: Int, seed: UInt64, rules: [DelayRule], distribution: String? = nil, origin: EditOrigin = EditOrigin()) {
            self.samples = samples
            self.seed = seed
            self.rules = rules
            self.distribution = distribution
            self.origin = origin
        }
    }

    /// The most scenarios a spec may generate.
    public static let maxMembers = 1_000_000

    public init(name: String, base: String? = nil, policy: String? = nil, years: [Int]? = nil, design: Design, file: String = "(sweep)") {
        self.name = name
        self.base = base
        self.policy = policy
        self.years = years
        self.design = design
        self.file = file
    }
}

/// One scenario of a sweep.
public struct SweepMember: Hashable, Sendable {
    /// Position in the sweep (0-based); sharding and output order follow it.
    public var index: Int
    /// Short name: `baseline`, `<project>+2`, `all+1`, `mc-17`.
    public var label: String
    /// Delay in years per project, sorted by project id; zero delays are left out.
    public var delays: [(project: String, years: Int)]
    public var scenario: Scenario

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.index == rhs.index && lhs.label == rhs.label && lhs.scenario == rhs.scenario
            && lhs.delays.map(\.project) == rhs.delays.map(\.project) && lhs.delays.map(\.years) == rhs.delays.map(\.years)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(index)
        hasher.combine(label)
    }

    /// `p+2;q+1`, or empty for the baseline.
    public var delayText: String {
        delays.map { "\($0.project)\($0.years >= 0 ? "+" : "")\($0.years)" }.joined(separator: ";")
    }
}
