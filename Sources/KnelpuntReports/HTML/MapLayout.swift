// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntData

/// A node placed on the map.
struct MapNode {
    var index: Int
    var id: NodeID
    var name: String
    var label: String
    var carrier: Carrier
    var point: SVGPoint
    /// Consumers attached, then links: labels go to the busiest nodes first.
    var weight: (consumers: Int, degree: Int)
}

/// A node label placed where it overlaps no other label or node.
struct MapLabel {
    var text: String
    var x: Double
    var y: Double
    var anchor: String
}

/// The fixed part of a map: its size, projection and nodes (the same in every year).
struct MapLayout {
    /// Size of the main map (SVG user units).
    static let mainSize = (width: 640.0, height: 760.0)
    /// Size of a detail map.
    static let insetSize = (width: 640.0, height: 330.0)
    static let margin = 14.0

    let width: Double
    let height: Double
    let bounds: GeoBounds
    let projection: MapProjection
    /// Indexed like the dataset's nodes; `nil` without coordinates.
    let nodes: [MapNode?]

    /// The whole dataset: its nodes with a margin, or the whole country when they cover much of
    /// the Netherlands. `nil` when no node has coordinates.
    static func mainBounds(_ dataset: Dataset) -> GeoBounds? {
        let located = dataset.nodes.filter { $0.latitude != nil && $0.longitude != nil }
        guard var bounds = GeoBounds(points: located.map { ($0.latitude!, $0.longitude!) }) else { return nil }
        let size = bounds.sizeKm
        bounds = bounds.padded(byKm: max(5, 0.06 * max(size.width, size.height)))
        let country = NetherlandsOutline.bounds
        let countrySize = country.sizeKm
        let overlaps =
            bounds.minLatitude < country.maxLatitude && country.minLatitude < bounds.maxLatitude
            && bounds.minLongitude < country.maxLongitude && country.minLongitude < bounds.maxLongitude
        if overlaps, size.width * size.height >= 0.25 * countrySize.width * countrySize.height {
            bounds = bounds.union(country.padded(byKm: 4))
        }
        return bounds
    }

    init(dataset: Dataset, bounds: GeoBounds, width: Double, height: Double) {
        self.width = width
        self.height = height
        self.bounds = bounds
        let projection = MapProjection(fitting: bounds, width: width - 2 * Self.margin, height: height - 2 * Self.margin)
        self.projection = projection
        var degree = Array(repeating: 0, count: dataset.nodes.count)
        var consumers = Array(repeating: 0, count: dataset.nodes.count)
        var position: [NodeID: Int] = [:]
        for (index, node) in dataset.nodes.enumerated() where position[node.id] == nil { position[node.id] = index }
        for link in dataset.links {
            if let a = position[link.from] { degree[a] += 1 }
            if let b = position[link.to] { degree[b] += 1 }
        }
        for consumer in dataset.consumers {
            for node in [consumer.electricityNode, consumer.hydrogenNode].compactMap({ $0 }) {
                if let index = position[node] { consumers[index] += 1 }
            }
        }
        nodes = dataset.nodes.enumerated().map { index, node in
            guard let latitude = node.latitude, let longitude = node.longitude else { return nil }
            var point = projection.point(latitude: latitude, longitude: longitude)
            point.x += Self.margin
            point.y += Self.margin
            return MapNode(
                index: index, id: node.id, name: node.name, label: Self.shortName(node.name), carrier: node.carrier,
                point: point, weight: (consumers[index], degree[index]))
        }
    }

    /// Pixel position of a geographic point.
    func point(latitude: Double, longitude: Double) -> SVGPoint {
        let p = projection.point(latitude: latitude, longitude: longitude)
        return SVGPoint(x: p.x + Self.margin, y: p.y + Self.margin)
    }

    /// The main map (the detail maps repeat no tooltips).
    var isMain: Bool { width == Self.mainSize.width && height == Self.mainSize.height }

    /// True when `p` lies inside the drawing.
    func contains(_ p: SVGPoint) -> Bool { p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height }

    /// Clusters crowded on the main map (at least three located nodes within 110 px) that hold
    /// grid bottlenecks, most bottleneck ends first (then by name), at most `limit`; each with the
    /// box of a detail map of `insetSize`'s shape around its nodes.
    static func insets(dataset: Dataset, main: MapLayout, summaries: [YearSummary], limit: Int = 2) -> [(cluster: String, bounds: GeoBounds)] {
        var clusterOf: [NodeID: String] = [:]
        for node in dataset.nodes where clusterOf[node.id] == nil { clusterOf[node.id] = node.cluster }
        var ends: [String: Int] = [:]
        for summary in summaries {
            for asset in summary.gridBottlenecks {
                let pair: (NodeID, NodeID) =
                    asset.kind == .link
                    ? (dataset.links[asset.index].from, dataset.links[asset.index].to)
                    : (dataset.conversions[asset.index].from, dataset.conversions[asset.index].to)
                for node in [pair.0, pair.1] { if let cluster = clusterOf[node] { ends[cluster, default: 0] += 1 } }
            }
        }
        var candidates: [(cluster: String, count: Int, bounds: GeoBounds)] = []
        for cluster in Set(dataset.nodes.map(\.cluster)).sorted() {
            let members = dataset.nodes.indices.filter { dataset.nodes[$0].cluster == cluster && main.nodes[$0] != nil }
            guard members.count >= 3, let count = ends[cluster], count > 0 else { continue }
            let points = members.map { main.nodes[$0]!.point }
            let spread = max((points.map(\.x).max()! - points.map(\.x).min()!), (points.map(\.y).max()! - points.map(\.y).min()!))
            guard spread < 110,
                let box = GeoBounds(points: members.map { (dataset.nodes[$0].latitude!, dataset.nodes[$0].longitude!) })
            else { continue }
            candidates.append((cluster, count, box.padded(byKm: 4).expanded(toAspect: insetSize.width / insetSize.height)))
        }
        return candidates.sorted { ($1.count, $0.cluster) < ($0.count, $1.cluster) }.prefix(limit).map { ($0.cluster, $0.bounds) }
    }

    func point(_ id: NodeID, in dataset: Dataset) -> SVGPoint? {
        dataset.nodes.firstIndex { $0.id == id }.flatMap { nodes[$0]?.point }
    }

    /// A node name without the bracketed detail, the voltage and alternatives after a slash
    /// ("Ens 380/220/110 kV" → "Ens", "Sloegebied/Vlissingen-Oost 150 kV" → "Sloegebied").
    static func shortName(_ name: String) -> String {
        var text = name
        if let bracket = text.range(of: " (") { text = String(text[..<bracket.lowerBound]) }
        var words = text.split(separator: " ").map(String.init)
        if let kv = words.firstIndex(of: "kV"), kv > 1,
            words[kv - 1].allSatisfy({ $0.isNumber || $0 == "/" })
        {
            words = Array(words[..<(kv - 1)])
        }
        text = words.joined(separator: " ")
        if let slash = text.firstIndex(of: "/"), text.distance(from: text.startIndex, to: slash) >= 4 { text = String(text[..<slash]) }
        return text.count > 24 ? String(text.prefix(23)) + "…" : text
    }

    /// Greedy placement: busiest nodes first, each label right, left, above or below its node,
    /// at the first spot that overlaps no placed label, no node, none of `obstacles` (the year's
    /// bottleneck markers) and stays inside the map (above the scale bar).
    func labels(avoiding obstacles: [SVGRect]) -> [MapLabel] {
        let nodes = self.nodes.compactMap { $0 }.filter { contains($0.point) }
        let characterWidth = 5.7
        let height = 11.0
        let frame = SVGRect(x: 2, y: 2, width: self.width - 4, height: self.height - 40)
        var taken = nodes.map { SVGRect(x: $0.point.x - 4, y: $0.point.y - 4, width: 8, height: 8) } + obstacles
        let order = nodes.sorted {
            ($1.weight.consumers, $1.weight.degree, $0.id.rawValue) < ($0.weight.consumers, $0.weight.degree, $1.id.rawValue)
        }
        var labels: [MapLabel] = []
        for node in order {
            // A hydrogen hub next to an electricity station would repeat its place name.
            if node.carrier == .hydrogen, nodes.contains(where: { $0.carrier == .electricity && $0.point.distance(to: node.point) < 9 }) {
                continue
            }
            let textWidth = Double(node.label.count) * characterWidth
            let p = node.point
            let candidates: [(SVGRect, MapLabel)] = [
                (
                    SVGRect(x: p.x + 6, y: p.y - 6, width: textWidth, height: height),
                    MapLabel(text: node.label, x: p.x + 6, y: p.y + 3.5, anchor: "start")
                ),
                (
                    SVGRect(x: p.x - 6 - textWidth, y: p.y - 6, width: textWidth, height: height),
                    MapLabel(text: node.label, x: p.x - 6, y: p.y + 3.5, anchor: "end")
                ),
                (
                    SVGRect(x: p.x - textWidth / 2, y: p.y - 7 - height, width: textWidth, height: height),
                    MapLabel(text: node.label, x: p.x, y: p.y - 9, anchor: "middle")
                ),
                (
                    SVGRect(x: p.x - textWidth / 2, y: p.y + 6, width: textWidth, height: height),
                    MapLabel(text: node.label, x: p.x, y: p.y + 15, anchor: "middle")
                ),
            ]
            for (box, label) in candidates where frame.contains(box) && !taken.contains(where: { $0.intersects(box) }) {
                taken.append(box)
                labels.append(label)
                break
            }
        }
        return labels
    }
}
