// SPDX-License-Identifier: GPL-3.0-or-later

/// The kind of capacity an asset provides. Links, supplies and conversions share one id space,
/// so an id names at most one asset (``Dataset/asset(id:)``) and a project's target is never
/// ambiguous.
public enum AssetKind: String, Sendable, Hashable, Comparable, CaseIterable {
    /// A line or pipe between two nodes of one carrier (links.csv), capacity ±cap MW.
    case link
    /// An electrolyser from an electricity node to a hydrogen node (conversions.csv), input capacity MW.
    case conversion
    /// A source at a node (supply.csv), capacity MW × its availability profile.
    case supply

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One asset of a dataset: its kind and its index into the dataset's array of that kind
/// (``Dataset/links``, ``Dataset/conversions`` or ``Dataset/supplies``).
public struct AssetReference: Hashable, Sendable {
    public var kind: AssetKind
    public var index: Int
    public init(kind: AssetKind, index: Int) {
        self.kind = kind
        self.index = index
    }
}

/// What every asset has: an id, a name, a base capacity, service years and its row in the dataset.
public struct AssetFacts: Hashable, Sendable {
    public var id: String
    public var name: String
    /// The asset's row in its file.
    public var origin: RecordOrigin
    /// Capacity before projects, MW.
    public var capacityMW: Double
    /// First year in service (`nil`: always).
    public var commissioned: Int?
    /// First year out of service (`nil`: never).
    public var retired: Int?
}

extension Dataset {
    /// Every asset in the order validation and scenario messages list them: links, then
    /// supplies, then conversions, each in file order.
    public var assetsInFileOrder: [AssetReference] { assets(.link) + assets(.supply) + assets(.conversion) }

    /// Every asset, links first, then conversions, then supplies, each in file order.
    public var assets: [AssetReference] { assets(.link) + assets(.conversion) + assets(.supply) }

    /// The assets of one kind, in file order.
    public func assets(_ kind: AssetKind) -> [AssetReference] {
        let count: Int
        switch kind {
        case .link: count = links.count
        case .conversion: count = conversions.count
        case .supply: count = supplies.count
        }
        return (0..<count).map { AssetReference(kind: kind, index: $0) }
    }

    /// The asset with this id (links, then conversions, then supplies are searched), or `nil`.
    public func asset(id: String) -> AssetReference? {
        if let index = links.firstIndex(where: { $0.id.rawValue == id }) { return AssetReference(kind: .link, index: index) }
        if let index = conversions.firstIndex(where: { $0.id.rawValue == id }) { return AssetReference(kind: .conversion, index: index) }
        if let index = supplies.firstIndex(where: { $0.id.rawValue == id }) { return AssetReference(kind: .supply, index: index) }
        return nil
    }

    /// Id, base capacity and service years of `asset`.
    public func facts(of asset: AssetReference) -> AssetFacts {
        switch asset.kind {
        case .link:
            let link = links[asset.index]
            return AssetFacts(
                id: link.id.rawValue, name: link.name, origin: link.origin, capacityMW: link.capacityMW, commissioned: link.commissioned,
                retired: link.retired)
        case .conversion:
            let conversion = conversions[asset.index]
            return AssetFacts(
                id: conversion.id.rawValue, name: conversion.name, origin: conversion.origin, capacityMW: conversion.capacityMW,
                commissioned: conversion.commissioned, retired: conversion.retired)
        case .supply:
            let supply = supplies[asset.index]
            return AssetFacts(
                id: supply.id.rawValue, name: supply.name, origin: supply.origin, capacityMW: supply.capacityMW, commissioned: supply.commissioned,
                retired: supply.retired)
        }
    }

    /// The id of `asset`.
    public func id(of asset: AssetReference) -> String {
        switch asset.kind {
        case .link: return links[asset.index].id.rawValue
        case .conversion: return conversions[asset.index].id.rawValue
        case .supply: return supplies[asset.index].id.rawValue
        }
    }

    /// Indices into ``projects`` of each target id, in file order (cancelled projects included;
    /// projects outside the modelled network, which have no target, left out).
    public func projectsByTarget() -> [String: [Int]] {
        var index: [String: [Int]] = [:]
        for (p, project) in projects.enumerated() {
            guard let target = project.target else { continue }
            index[target, default: []].append(p)
        }
        return index
    }
}
