// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntData

extension ReportPage {
    func mapSection() -> String {
        var html = "<section id=\"map\" aria-labelledby=\"map-heading\">\n"
        html += "<h2 id=\"map-heading\">"
        for year in years { html += "<span class=\"yv y-\(year)\">\(esc(s.mapHeading(year)))</span>" }
        html += "</h2>\n"
        guard let bounds = MapLayout.mainBounds(input.dataset) else {
            return html + "<p>\(esc(s.noCoordinates))</p>\n</section>\n"
        }
        let main = MapLayout(dataset: input.dataset, bounds: bounds, width: MapLayout.mainSize.width, height: MapLayout.mainSize.height)
        let insets = MapLayout.insets(dataset: input.dataset, main: main, summaries: model.summaries)
        let letters = ["A", "B", "C"]
        html += "<div class=\"map-layout\">\n<div class=\"map-frame\">\n"
        html += mapSVG(
            main, id: "map", classes: "geo map", title: s.mapTitle,
            frames: insets.enumerated().map { (letters[$0.offset], $0.element.bounds) })
        html += "<p class=\"note\">\(esc(s.outlineNote))</p>\n"
        for (k, inset) in insets.enumerated() {
            let layout = MapLayout(dataset: input.dataset, bounds: inset.bounds, width: MapLayout.insetSize.width, height: MapLayout.insetSize.height)
            html += "<h3 class=\"inset-title\">\(esc(s.insetTitle(letters[k], cluster: inset.cluster)))</h3>\n"
            html += mapSVG(layout, id: "inset-\(k)", classes: "geo map-inset", title: s.insetTitle(letters[k], cluster: inset.cluster), frames: [])
        }
        html += "</div>\n<div class=\"map-side\">\n"
        html += mapLegend()
        for (index, summary) in model.summaries.enumerated() {
            html += "<div class=\"yv y-\(summary.year)\">\n" + bottleneckTable(summary, outcome: input.primary.outcomes[index]) + "</div>\n"
        }
        html += "<p class=\"note\">\(esc(s.shadowExplained))</p>\n"
        html += "</div>\n</div>\n</section>\n"
        return html
    }

    /// A map: the country outline, one layer of links per year, the nodes, one layer of labels
    /// and markers per year, the scale bar, and dashed frames (lettered) around the detail maps.
    func mapSVG(_ layout: MapLayout, id: String, classes: String, title: String, frames: [(letter: String, bounds: GeoBounds)]) -> String {
        let dataset = input.dataset
        let width = Int(layout.width)
        let height = Int(layout.height)
        var svg =
            "<svg class=\"\(classes)\" id=\"\(id)-svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
        svg += "<title id=\"\(id)-title\">\(esc(title))</title>\n"
        svg +=
            "<desc id=\"\(id)-desc\">\(esc(s.mapDescription(nodes: layout.nodes.compactMap { $0 }.filter { layout.contains($0.point) }.count, links: dataset.links.count)))</desc>\n"
        svg += "<defs><clipPath id=\"\(id)-clip\"><rect width=\"\(width)\" height=\"\(height)\"/></clipPath></defs>\n"
        svg += "<rect class=\"map-bg\" width=\"\(width)\" height=\"\(height)\"/>\n"
        svg += "<g clip-path=\"url(#\(id)-clip)\" aria-hidden=\"true\">\n"
        func ring(_ points: NetherlandsOutline.Ring) -> String {
            SVG.closedPath(points.map { layout.point(latitude: $0.latitude, longitude: $0.longitude) })
        }
        svg += "<path class=\"land\" d=\"\(ring(NetherlandsOutline.mainland))\"/>\n"
        for island in NetherlandsOutline.islands { svg += "<path class=\"land\" d=\"\(ring(island))\"/>\n" }
        for water in NetherlandsOutline.waters { svg += "<path class=\"water\" d=\"\(ring(water))\"/>\n" }
        svg += "</g>\n"
        let layers = input.primary.outcomes.enumerated().map { index, outcome in
            mapYearLayers(layout, outcome: outcome, summary: model.summaries[index])
        }
        for (index, outcome) in input.primary.outcomes.enumerated() {
            svg += "<g class=\"yv y-\(outcome.year)\">\n" + layers[index].links + "</g>\n"
        }
        svg += mapNodes(layout)
        for (index, outcome) in input.primary.outcomes.enumerated() {
            svg += "<g class=\"yv y-\(outcome.year)\">\n" + mapCapacityDots(layout, outcome: outcome) + layers[index].overlay + "</g>\n"
        }
        for frame in frames {
            let a = layout.point(latitude: frame.bounds.maxLatitude, longitude: frame.bounds.minLongitude)
            let b = layout.point(latitude: frame.bounds.minLatitude, longitude: frame.bounds.maxLongitude)
            svg +=
                "<g class=\"inset-frame\" aria-hidden=\"true\"><rect x=\"\(SVG.coordinate(a.x))\" y=\"\(SVG.coordinate(a.y))\" width=\"\(SVG.coordinate(b.x - a.x))\" height=\"\(SVG.coordinate(b.y - a.y))\"/>"
            svg += "<text x=\"\(SVG.coordinate(a.x + 3))\" y=\"\(SVG.coordinate(a.y - 4))\">\(frame.letter)</text></g>\n"
        }
        svg += mapFurniture(layout)
        svg += "</svg>\n"
        return svg
    }

    /// One year's links (quiet ones first, the most valuable bottleneck on top), and what goes
    /// above the nodes: node labels and the numbered bottleneck markers.
    func mapYearLayers(_ layout: MapLayout, outcome: YearOutcome, summary: YearSummary) -> (links: String, overlay: String) {
        let dataset = input.dataset
        var lines: [(order: Double, text: String)] = []
        // Links between the same two nodes are drawn side by side, 5 px apart.
        var parallel: [String: (count: Int, seen: Int)] = [:]
        func pairKey(_ asset: AssetOutcome) -> String? {
            switch asset.kind {
            case .link: return [dataset.links[asset.index].from.rawValue, dataset.links[asset.index].to.rawValue].sorted().joined(separator: "|")
            case .conversion:
                return [dataset.conversions[asset.index].from.rawValue, dataset.conversions[asset.index].to.rawValue].sorted().joined(separator: "|")
            case .supply: return nil
            }
        }
        for asset in outcome.assets { if let key = pairKey(asset) { parallel[key, default: (0, 0)].count += 1 } }
        for asset in outcome.assets where asset.kind != .supply {
            let ends: (NodeID, NodeID, Carrier?)
            switch asset.kind {
            case .link:
                let link = dataset.links[asset.index]
                ends = (link.from, link.to, link.carrier)
            case .conversion:
                let conversion = dataset.conversions[asset.index]
                ends = (conversion.from, conversion.to, nil)
            case .supply:
                continue
            }
            guard var from = layout.point(ends.0, in: dataset), var to = layout.point(ends.1, in: dataset) else { continue }
            if let key = pairKey(asset), let entry = parallel[key], entry.count > 1 {
                let shift = (Double(entry.seen) - Double(entry.count - 1) / 2) * 5
                parallel[key]!.seen += 1
                // Perpendicular to the pair in a fixed orientation (sorted ends), whatever the link's direction.
                let (a, b) = ends.0.rawValue < ends.1.rawValue ? (from, to) : (to, from)
                let length = max(a.distance(to: b), 1e-9)
                let nx = -(b.y - a.y) / length * shift
                let ny = (b.x - a.x) / length * shift
                from.x += nx
                from.y += ny
                to.x += nx
                to.y += ny
            }
            // Detail maps leave out lines that do not cross them.
            guard max(from.x, to.x) >= 0, min(from.x, to.x) <= layout.width, max(from.y, to.y) >= 0, min(from.y, to.y) <= layout.height else {
                continue
            }
            let zero = asset.capacityMW <= 1e-9
            let colour = zero ? Palette.zeroCapacity : StepColourScale.utilisation.colour(for: asset.utilisation ?? 0)
            let strokeWidth = asset.isBottleneck ? LogWidthScale.shadowValue.width(for: asset.shadowValueEURPerMWYear) : (zero ? 1.2 : 1.8)
            let w = SVG.coordinate(strokeWidth)
            var style = ""
            switch ends.2 {
            case .hydrogen?:
                style = " stroke-dasharray=\"\(SVG.coordinate(max(6, 2.6 * strokeWidth))) \(SVG.coordinate(max(3.5, 1.5 * strokeWidth)))\""
            case nil: style = " stroke-dasharray=\"0.1 \(SVG.coordinate(max(3, 1.9 * strokeWidth)))\" stroke-linecap=\"round\""
            case .electricity?: style = zero && !asset.isBottleneck ? " stroke-dasharray=\"2 3\"" : ""
            }
            let title = s.linkTitle(
                name: model.name(of: asset) + " (" + asset.id + ")", capacity: f.number(asset.capacityMW, decimals: 0),
                peak: f.number(asset.peakFlowMW, decimals: 0), utilisation: asset.utilisation.map { f.percent($0, decimals: 0) } ?? "–",
                shadow: asset.isBottleneck ? f.kiloEuroPerMW(asset.shadowValueEURPerMWYear) : nil, inService: asset.isInService,
                bindingContingency: model.bindingContingency(of: asset))
            let coordinates =
                "x1=\"\(SVG.coordinate(from.x))\" y1=\"\(SVG.coordinate(from.y))\" x2=\"\(SVG.coordinate(to.x))\" y2=\"\(SVG.coordinate(to.y))\""
            var text =
                "<g class=\"link\(asset.isBottleneck ? " bottleneck" : "")\(asset.isInService ? "" : " not-in-service")\" data-asset=\"\(esc(asset.id))\">"
            if layout.isMain { text += "<title>\(esc(title))</title>" }
            if asset.isBottleneck {
                text += "<line \(coordinates) stroke=\"#ffffff\" stroke-width=\"\(SVG.coordinate(strokeWidth + 2.5))\" stroke-linecap=\"round\"/>"
            }
            text +=
                "<line \(coordinates) stroke=\"\(colour)\" stroke-width=\"\(w)\"\(style)\(zero && !asset.isBottleneck ? " opacity=\"0.7\"" : "")/></g>\n"
            lines.append((asset.isBottleneck ? 1 + asset.shadowValueEURPerMWYear : (zero ? 0 : 0.5), text))
        }
        let links = lines.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element.text).joined()
        // Numbered markers, pushed apart so that none hides another or a node, with a leader to
        // the line. Bottlenecks between the same two nodes share one marker ("11–13").
        var groups: [(anchor: SVGPoint, ranks: [Int], assets: [AssetOutcome])] = []
        for (rank, asset) in summary.gridBottlenecks.enumerated() {
            let ends: (NodeID, NodeID) =
                asset.kind == .link
                ? (dataset.links[asset.index].from, dataset.links[asset.index].to)
                : (dataset.conversions[asset.index].from, dataset.conversions[asset.index].to)
            guard let from = layout.point(ends.0, in: dataset), let to = layout.point(ends.1, in: dataset) else { continue }
            let anchor = SVGPoint(x: (from.x + to.x) / 2, y: (from.y + to.y) / 2)
            guard layout.contains(anchor) else { continue }
            if let group = groups.firstIndex(where: { $0.anchor.distance(to: anchor) < 1 }) {
                groups[group].ranks.append(rank + 1)
                groups[group].assets.append(asset)
            } else {
                groups.append((anchor, [rank + 1], [asset]))
            }
        }
        let anchors = groups.map(\.anchor)
        let nodePoints = layout.nodes.compactMap { $0?.point }.filter { layout.contains($0) }
        let markers = separateMarkers(anchors, minimumDistance: 22, fixed: nodePoints, clearance: 14)
        let texts = groups.map { Self.rankText($0.ranks) }
        let widths = texts.map { max(19, 8 + 6.4 * Double($0.count)) }
        var svg = "<g class=\"labels\" aria-hidden=\"true\">\n"
        let markerBoxes = markers.enumerated().map { k, p in SVGRect(x: p.x - widths[k] / 2, y: p.y - 10, width: widths[k], height: 20) }
        for label in layout.labels(avoiding: markerBoxes) {
            svg +=
                "<text x=\"\(SVG.coordinate(label.x))\" y=\"\(SVG.coordinate(label.y))\" text-anchor=\"\(label.anchor)\">\(esc(label.text))</text>\n"
        }
        svg += "</g>\n<g class=\"markers\">\n"
        for (k, marker) in markers.enumerated() where marker.distance(to: anchors[k]) > 3 {
            svg +=
                "<line class=\"leader\" x1=\"\(SVG.coordinate(anchors[k].x))\" y1=\"\(SVG.coordinate(anchors[k].y))\" x2=\"\(SVG.coordinate(marker.x))\" y2=\"\(SVG.coordinate(marker.y))\"/>\n"
        }
        for (k, marker) in markers.enumerated() {
            let title = zip(groups[k].ranks, groups[k].assets).map { rank, asset in
                "\(rank). \(model.name(of: asset)): \(f.kiloEuroPerMW(asset.shadowValueEURPerMWYear)) k€/MW"
                    + (model.bindingContingency(of: asset).map { ", " + s.bindsWhenOut($0) } ?? "")
            }.joined(separator: "; ")
            let box = markerBoxes[k]
            svg += "<g class=\"marker\"><title>\(esc(title))</title>"
            svg +=
                "<rect x=\"\(SVG.coordinate(box.x))\" y=\"\(SVG.coordinate(marker.y - 9.5))\" width=\"\(SVG.coordinate(box.width))\" height=\"19\" rx=\"9.5\"/>"
            svg += "<text x=\"\(SVG.coordinate(marker.x))\" y=\"\(SVG.coordinate(marker.y + 3.6))\">\(texts[k])</text></g>\n"
        }
        svg += "</g>\n"
        return (links, svg)
    }

    func mapNodes(_ layout: MapLayout) -> String {
        var svg = "<g class=\"nodes\">\n"
        for case let node? in layout.nodes {
            let p = node.point
            let title = "<title>\(esc(node.name)) (\(esc(node.id.rawValue)))</title>"
            if node.carrier == .hydrogen {
                let d =
                    "M\(SVG.coordinate(p.x)),\(SVG.coordinate(p.y - 4.6))L\(SVG.coordinate(p.x + 4.6)),\(SVG.coordinate(p.y))L\(SVG.coordinate(p.x)),\(SVG.coordinate(p.y + 4.6))L\(SVG.coordinate(p.x - 4.6)),\(SVG.coordinate(p.y))Z"
                svg += "<path class=\"node h2\" d=\"\(d)\">\(title)</path>\n"
            } else {
                svg += "<circle class=\"node el\" cx=\"\(SVG.coordinate(p.x))\" cy=\"\(SVG.coordinate(p.y))\" r=\"3.4\">\(title)</circle>\n"
            }
        }
        return svg + "</g>\n"
    }

    /// The capacity map of one year (request view): a dot inside every node marker, coloured by
    /// the class of the offtake still available (``CapacityColour``); its title gives both MW.
    func mapCapacityDots(_ layout: MapLayout, outcome: YearOutcome) -> String {
        guard !outcome.capacityMap.isEmpty else { return "" }
        let byNode = Dictionary(outcome.capacityMap.map { ($0.node, $0) }, uniquingKeysWith: { first, _ in first })
        var svg = "<g class=\"capacity\">\n"
        for case let node? in layout.nodes {
            guard let capacity = byNode[node.id] else { continue }
            let title = esc(
                "\(node.name): "
                    + s.capacityTitle(
                        offtake: f.number(capacity.availableOfftakeMW, decimals: 0), infeed: f.number(capacity.availableInfeedMW, decimals: 0)))
            svg +=
                "<circle class=\"cap cap-\(capacity.offtakeColour.rawValue)\" cx=\"\(SVG.coordinate(node.point.x))\" cy=\"\(SVG.coordinate(node.point.y))\" r=\"2.1\"><title>\(title)</title></circle>\n"
        }
        return svg + "</g>\n"
    }

    /// Scale bar (km, to scale at the map's middle latitude) and north arrow.
    func mapFurniture(_ layout: MapLayout) -> String {
        let bar = ScaleBar(pixelsPerKm: layout.projection.pixelsPerKm, maxPixels: 130)
        let x = 20.0
        let y = layout.height - 22
        let end = x + bar.lengthPixels
        let middle = x + bar.lengthPixels / 2
        var svg = "<g class=\"scale-bar\" data-km=\"\(CSVTable.fixed(bar.lengthKm, decimals: 0))\" data-px=\"\(SVG.coordinate(bar.lengthPixels))\">"
        svg +=
            "<rect x=\"\(SVG.coordinate(x))\" y=\"\(SVG.coordinate(y))\" width=\"\(SVG.coordinate(bar.lengthPixels / 2))\" height=\"5\" fill=\"#1b1f24\"/>"
        svg +=
            "<rect x=\"\(SVG.coordinate(middle))\" y=\"\(SVG.coordinate(y))\" width=\"\(SVG.coordinate(bar.lengthPixels / 2))\" height=\"5\" fill=\"#ffffff\" stroke=\"#1b1f24\"/>"
        svg += "<text x=\"\(SVG.coordinate(x))\" y=\"\(SVG.coordinate(y - 5))\">0</text>"
        svg +=
            "<text x=\"\(SVG.coordinate(end))\" y=\"\(SVG.coordinate(y - 5))\" text-anchor=\"middle\">\(esc(f.number(bar.lengthKm, decimals: 0)))\u{00A0}km</text></g>\n"
        let nx = layout.width - 30
        let ny = 20.0
        svg += "<g class=\"north\" aria-hidden=\"true\"><path d=\"M\(SVG.coordinate(nx)),\(SVG.coordinate(ny))l7,20l-7,-5l-7,5z\" fill=\"#1b1f24\"/>"
        svg += "<text x=\"\(SVG.coordinate(nx))\" y=\"\(SVG.coordinate(ny + 34))\" text-anchor=\"middle\">\(esc(s.north))</text></g>\n"
        return svg
    }

    /// A short line in a legend, drawn like the map draws it.
    func swatch(colour: String, width: Double = 3, dash: String? = nil, round: Bool = false) -> String {
        var line = "<line x1=\"3\" y1=\"8\" x2=\"39\" y2=\"8\" stroke=\"\(colour)\" stroke-width=\"\(SVG.coordinate(width))\""
        if let dash { line += " stroke-dasharray=\"\(dash)\"" }
        if round { line += " stroke-linecap=\"round\"" }
        return "<svg class=\"swatch\" width=\"42\" height=\"16\" aria-hidden=\"true\">\(line)/></svg>"
    }

    /// Ranks as a marker shows them: "4", "11–13" (consecutive) or "2,5".
    static func rankText(_ ranks: [Int]) -> String {
        guard let first = ranks.first, let last = ranks.last else { return "" }
        if ranks.count > 2, ranks == Array(first...last) { return "\(first)–\(last)" }
        return ranks.map(String.init).joined(separator: ",")
    }

    /// A company name without its bracketed detail, for tight lists.
    static func withoutDetail(_ name: String) -> String {
        name.range(of: " (").map { String(name[..<$0.lowerBound]) } ?? name
    }

    func mapLegend() -> String {
        var html = "<div class=\"legend\" role=\"group\" aria-label=\"\(esc(s.legend))\">\n<h3>\(esc(s.legendUtilisation))</h3>\n<ul>"
        let bins = StepColourScale.utilisation.legend { f.percent($0, decimals: 0) }
        for (index, entry) in bins.enumerated() {
            let extra = index == bins.count - 1 ? " (\(s.full))" : ""
            html += "<li>\(swatch(colour: entry.colour, width: 4))\(esc(entry.text + extra))</li>"
        }
        html += "<li>\(swatch(colour: Palette.zeroCapacity, width: 1.5, dash: "2 3"))\(esc(s.zeroCapacity))</li></ul>\n"
        html += "<h3>\(esc(s.legendShadow))</h3>\n<ul>"
        html += "<li>\(swatch(colour: "#a9b4bf", width: 1.8))\(esc(s.noValue))</li>"
        for value in [1e3, 1e5, 1e7] {
            html +=
                "<li>\(swatch(colour: "#5b6570", width: LogWidthScale.shadowValue.width(for: value)))\(esc(f.number(value / 1000, decimals: 0)))</li>"
        }
        html += "</ul>\n<h3>\(esc(s.legendLines))</h3>\n<ul>"
        html += "<li>\(swatch(colour: "#5b6570"))\(esc(s.electricityLink))</li>"
        html += "<li>\(swatch(colour: "#5b6570", dash: "7.8 4.5"))\(esc(s.hydrogenLink))</li>"
        html += "<li>\(swatch(colour: "#5b6570", dash: "0.1 5.7", round: true))\(esc(s.conversionLink))</li>"
        html +=
            "<li><svg class=\"swatch\" width=\"42\" height=\"16\" aria-hidden=\"true\"><circle class=\"node el\" cx=\"21\" cy=\"8\" r=\"3.4\"/></svg>\(esc(s.nodeElectricity))</li>"
        html +=
            "<li><svg class=\"swatch\" width=\"42\" height=\"16\" aria-hidden=\"true\"><path class=\"node h2\" d=\"M21,3.4L25.6,8L21,12.6L16.4,8Z\"/></svg>\(esc(s.nodeHydrogen))</li>"
        html +=
            "<li><svg class=\"swatch\" width=\"42\" height=\"22\" aria-hidden=\"true\"><g class=\"marker\"><rect x=\"11.5\" y=\"1.5\" width=\"19\" height=\"19\" rx=\"9.5\"/><text x=\"21\" y=\"14.6\">1</text></g></svg>\(esc(s.markerLegend))</li>"
        html += "</ul>\n"
        if input.primary.outcomes.contains(where: { !$0.capacityMap.isEmpty }) {
            html += "<h3>\(esc(s.legendCapacityMap))</h3>\n<ul>"
            for colour in CapacityColour.allCases {
                html +=
                    "<li><svg class=\"swatch\" width=\"42\" height=\"16\" aria-hidden=\"true\"><circle class=\"node el\" cx=\"21\" cy=\"8\" r=\"3.4\"/><circle class=\"cap cap-\(colour.rawValue)\" cx=\"21\" cy=\"8\" r=\"2.1\"/></svg>\(esc(s.capacityClass(colour)))</li>"
            }
            html += "</ul>\n"
        }
        html += "</div>\n"
        return html
    }

    /// The numbered grid bottlenecks of a year as a table (the map's text alternative).
    func bottleneckTable(_ summary: YearSummary, outcome: YearOutcome) -> String {
        var html = ""
        if summary.gridBottlenecks.isEmpty {
            html += "<p class=\"empty\">\(esc(s.noGridBottlenecks))</p>\n"
        } else {
            html += "<table class=\"data bottlenecks\">\n<caption>\(esc(s.gridBottlenecksCaption(summary.year)))</caption>\n"
            html +=
                "<colgroup><col class=\"c-rank\"><col class=\"c-asset\"><col class=\"c-value\"><col class=\"c-valid\"><col class=\"c-use\"><col class=\"c-affected\"></colgroup>\n<thead><tr>"
            html += "<th scope=\"col\" class=\"num\">\(s.colRank)</th><th scope=\"col\">\(esc(s.colAsset))</th>"
            html += "<th scope=\"col\" class=\"num\"><abbr title=\"\(esc(s.colShadow))\">\(esc(s.colShadowShort))</abbr></th>"
            html += "<th scope=\"col\" class=\"num\"><abbr title=\"\(esc(s.colValidUpTo))\">\(esc(s.colValidShort))</abbr></th>"
            html += "<th scope=\"col\" class=\"num\"><abbr title=\"\(esc(s.colUtilisation))\">\(esc(s.colUseShort))</abbr></th>"
            html += "<th scope=\"col\">\(esc(s.colAffected))</th></tr></thead>\n<tbody>\n"
            let names = Dictionary(input.dataset.consumers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            for (rank, asset) in summary.gridBottlenecks.enumerated() {
                let affected = asset.affectedConsumers.map { names[$0] ?? $0.rawValue }
                let brief = affected.prefix(2).map(Self.withoutDetail).joined(separator: ", ") + (affected.count > 2 ? " +\(affected.count - 2)" : "")
                let utilisation = asset.capacityMW <= 1e-9 ? "0\u{00A0}MW" : asset.utilisation.map { f.percent($0, decimals: 0) } ?? "–"
                html +=
                    "<tr><td class=\"num\">\(rank + 1)</td><th scope=\"row\">\(esc(model.name(of: asset)))<br><small>\(esc(s.kind(asset.kind))) · \(esc(asset.id))</small>"
                if let outage = model.bindingContingency(of: asset) {
                    html += "<br><small class=\"contingency\">\(esc(s.bindsWhenOut(outage)))</small>"
                }
                html += "</th>"
                html += "<td class=\"num\">\(esc(f.kiloEuroPerMW(asset.shadowValueEURPerMWYear)))</td>"
                html += "<td class=\"num\">\(esc(asset.validUpToMW.map { f.number($0, decimals: 0) } ?? "–"))</td>"
                html += "<td class=\"num\">\(esc(utilisation))</td>"
                html += "<td class=\"affected\" title=\"\(esc(affected.joined(separator: "; ")))\"><span class=\"count\">\(affected.count)</span>"
                if !affected.isEmpty { html += " <small>\(esc(brief))</small>" }
                html += "</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        if !summary.supplyBottlenecks.isEmpty {
            html += "<details class=\"supply-limits\"><summary>\(esc(s.supplyLimits(summary.supplyBottlenecks.count)))</summary><ul>"
            for asset in summary.supplyBottlenecks {
                html += "<li>\(esc(model.name(of: asset))): \(esc(f.kiloEuroPerMW(asset.shadowValueEURPerMWYear)))\u{00A0}k€/MW</li>"
            }
            html += "</ul></details>\n"
        }
        return html
    }
}
