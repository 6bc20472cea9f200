// SPDX-License-Identifier: GPL-3.0-or-later

/// Grid physics of a generated dataset: `reactance_pu` for its AC electricity links and the
/// `security` criterion (docs/generator.md, "Grid physics").
extension InstanceGenerator {
    /// What the generated dataset says about grid physics.
    public struct Physics: Sendable, Hashable {
        /// Whether every AC electricity link gets a `reactance_pu`: the base's own when the base
        /// has any reactance (carried over per link, its controllable links stay controllable),
        /// otherwise ``defaultReactancePU(capacityMW:)`` for every electricity link not in
        /// ``controllableLinks``. `false`: the base's reactances as they are.
        public var reactances: Bool
        /// Electricity links written without a reactance (HVDC links and interconnectors): their
        /// flow stays free within ±capacity. Ids of the base.
        public var controllableLinks: [LinkID]
        /// The `security` of dataset.toml; `nil` = the base's.
        public var security: SecurityMode?
        public init(reactances: Bool = false, controllableLinks: [LinkID] = [], security: SecurityMode? = nil) {
            self.reactances = reactances
            self.controllableLinks = controllableLinks
            self.security = security
        }

        /// No change to the base's physics.
        public static let base = Physics()
    }

    /// System base of the per-unit reactances, MVA.
    public static let systemBaseMVA = 100.0
    /// Angle difference at which every derived AC link reaches its capacity, rad (about 17°).
    public static let ratedAngleDifferenceRad = 0.3
    /// Capacity standing in for a link that never has capacity above 0 MW, MW.
    public static let fallbackCapacityMW = 1000.0

    /// The derived reactance of an AC link of `capacityMW`, per unit on ``systemBaseMVA``:
    ///
    ///     x = δ · S_base / C     (δ = 0.3 rad, S_base = 100 MVA, C in MW)
    ///
    /// so a link carries its capacity at an angle difference δ, and parallel paths share flow in
    /// proportion to their capacities. Rounded to 1e-6 pu and kept within the dataset's range
    /// [1e-4, 10] pu; capacities ≤ 0 use ``fallbackCapacityMW``.
    public static func defaultReactancePU(capacityMW: Double) -> Double {
        let capacity = capacityMW > 0 ? capacityMW : fallbackCapacityMW
        let reactance = ratedAngleDifferenceRad * systemBaseMVA / capacity
        return min(10, max(1e-4, (reactance * 1e6).rounded() / 1e6))
    }

    /// The links of `physics.controllableLinks` that are not electricity links of `base`, as a
    /// message, or nil when all are.
    public static func controllableLinkProblem(_ physics: Physics, base: Dataset) -> String? {
        let electricity = Set(base.links.filter { $0.carrier == .electricity }.map(\.id))
        let unknown = physics.controllableLinks.filter { !electricity.contains($0) }
        guard !unknown.isEmpty else { return nil }
        return "--controllable names \(unknown.map { "'\($0)'" }.joined(separator: ", ")), not an electricity link of dataset '\(base.info.name)'"
    }

    /// `base` with `physics` applied: reactances on links and projects, and the security mode.
    static func withPhysics(_ base: Dataset, _ physics: Physics) -> Dataset {
        var result = base
        if let security = physics.security { result.info.security = security }
        guard physics.reactances else { return result }
        let controllable = Set(physics.controllableLinks)
        let baseHasReactances = base.links.contains { $0.reactancePU != nil } || base.projects.contains { $0.reactancePU != nil }
        let linkIndex = Dictionary(base.links.enumerated().map { ($1.id.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
        for i in result.links.indices {
            let link = result.links[i]
            if link.carrier != .electricity || controllable.contains(link.id) {
                result.links[i].reactancePU = nil
            } else if !baseHasReactances {
                result.links[i].reactancePU = defaultReactancePU(capacityMW: firstPositiveCapacityMW(of: i, in: base))
            }
        }
        for p in result.projects.indices {
            guard let target = result.projects[p].target, let l = linkIndex[target] else { continue }
            let link = result.links[l]
            if link.reactancePU == nil {
                result.projects[p].reactancePU = nil
            } else if !baseHasReactances {
                result.projects[p].reactancePU = projectReactancePU(result.projects[p], link: l, in: base)
            }
        }
        return result
    }

    /// Capacity of link `index` in links.csv, or when that is 0 the first capacity above 0 MW its
    /// non-cancelled projects give it (by project year); 0 when there is none.
    static func firstPositiveCapacityMW(of index: Int, in base: Dataset) -> Double {
        let link = base.links[index]
        if link.capacityMW > 0 { return link.capacityMW }
        let years = Set(base.projects.filter { $0.target == link.id.rawValue && $0.status != .cancelled }.map(\.year)).sorted()
        for year in years {
            let capacity = link.capacityMW + base.projectCapacityMW(target: link.id.rawValue, upTo: year)
            if capacity > YearView.inServiceThresholdMW { return capacity }
        }
        return 0
    }

    /// A derived project's reactance: that of the link's capacity after all non-cancelled projects
    /// up to the project's year (adding circuits lowers it); nil for a cancelled project or one
    /// that leaves the link without capacity.
    static func projectReactancePU(_ project: Project, link index: Int, in base: Dataset) -> Double? {
        guard project.status != .cancelled else { return nil }
        let link = base.links[index]
        let capacity = link.capacityMW + base.projectCapacityMW(target: link.id.rawValue, upTo: project.year)
        return capacity > YearView.inServiceThresholdMW ? defaultReactancePU(capacityMW: capacity) : nil
    }
}
