// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntReports
import Testing

@Suite struct SVGGeometryTests {
    /// The Netherlands, as the nl map shows it.
    let netherlands = GeoBounds(minLatitude: 50.75, maxLatitude: 53.51, minLongitude: 3.36, maxLongitude: 7.21)

    @Test func projectionKeepsKilometresEqualInBothDirections() {
        let projection = MapProjection(fitting: netherlands, width: 600, height: 700)
        #expect(abs(projection.referenceLatitude - 52.13) < 1e-9)
        // North-west corner at the offset; one degree of latitude is 111.19 km everywhere.
        let corner = projection.point(latitude: 53.51, longitude: 3.36)
        #expect(abs(corner.x - projection.offset.x) < 1e-9 && abs(corner.y - projection.offset.y) < 1e-9)
        let south = projection.point(latitude: 52.51, longitude: 3.36)
        #expect(abs((south.y - corner.y) / projection.pixelsPerKm - 111.195) < 0.01)
        // One degree of longitude at the reference latitude is 111.195 × cos(52.13°) = 68.26 km.
        let east = projection.point(latitude: 52.13, longitude: 4.36)
        let west = projection.point(latitude: 52.13, longitude: 3.36)
        #expect(abs((east.x - west.x) / projection.pixelsPerKm - 68.26) < 0.01)
        #expect(abs(east.y - west.y) < 1e-9)
    }

    @Test func projectedDistancesMatchTheGreatCircle() {
        let projection = MapProjection(fitting: netherlands, width: 600, height: 700)
        // Known pairs: Amsterdam–Rotterdam (≈ 57 km), Maasvlakte–Eemshaven (≈ 250 km),
        // Borssele–Graetheide (≈ 150 km, across the south).
        let pairs: [((Double, Double), (Double, Double), ClosedRange<Double>)] = [
            ((52.3676, 4.9041), (51.9244, 4.4777), 56...59),
            ((51.9599, 4.0239), (53.4442, 6.8591), 245...255),
            ((51.4333, 3.7217), (50.995, 5.8), 150...156),
        ]
        for (a, b, expected) in pairs {
            let truth = greatCircleKm((a.0, a.1), (b.0, b.1))
            #expect(expected.contains(truth), "haversine \(truth) km")
            let p = projection.point(latitude: a.0, longitude: a.1)
            let q = projection.point(latitude: b.0, longitude: b.1)
            let mapped = p.distance(to: q) / projection.pixelsPerKm
            // The east-west scale is exact at the reference latitude and off by cos(φ)/cos(φ0) − 1
            // elsewhere (at most 3.2 % at the ends of the country); north-south is exact.
            let scaleError = [a.0, b.0].map { abs(cos($0 * .pi / 180) / cos(projection.referenceLatitude * .pi / 180) - 1) }.max()!
            #expect(abs(mapped - truth) / truth <= scaleError + 0.003, "map \(mapped) km vs great circle \(truth) km")
        }
    }

    @Test func projectionFitsAndCentres() {
        let projection = MapProjection(fitting: netherlands, width: 600, height: 700)
        let size = netherlands.sizeKm
        // Width binds (263 km × ppk = 600 px) or height binds; either way both fit, centred.
        #expect(size.width * projection.pixelsPerKm <= 600 + 1e-9 && size.height * projection.pixelsPerKm <= 700 + 1e-9)
        let limiting = min(600 / size.width, 700 / size.height)
        #expect(abs(projection.pixelsPerKm - limiting) < 1e-12)
        let southEast = projection.point(latitude: 50.75, longitude: 7.21)
        #expect(abs(southEast.x + projection.offset.x - 600) < 1e-6)
        #expect(abs(southEast.y + projection.offset.y - 700) < 1e-6)
    }

    @Test(arguments: [(1.0, 7.0, 5.0), (2.04, 140.0, 50.0), (10.0, 140.0, 10.0), (0.5, 140.0, 200.0), (3.0, 30.0, 10.0)])
    func scaleBarIsTheLongestRoundLengthThatFits(_ pixelsPerKm: Double, _ maxPixels: Double, _ expectedKm: Double) {
        let bar = ScaleBar(pixelsPerKm: pixelsPerKm, maxPixels: maxPixels)
        #expect(abs(bar.lengthKm - expectedKm) < 1e-9)
        #expect(abs(bar.lengthPixels - expectedKm * pixelsPerKm) < 1e-9)
        #expect(bar.lengthPixels <= maxPixels + 1e-9)
    }

    @Test(arguments: [(0.7, 0.5), (1.0, 1.0), (9.99, 5.0), (20.0, 20.0), (0.031, 0.02), (49_999.0, 20_000.0)])
    func niceNumbers(_ value: Double, _ expected: Double) {
        #expect(abs(NiceNumber.floor125(value) - expected) < 1e-9 * expected)
    }

    @Test func utilisationColourScaleEndpointsAndLegend() {
        let scale = StepColourScale.utilisation
        #expect(scale.colour(for: 0) == scale.colours.first)
        #expect(scale.colour(for: 1.0) == scale.colours.last)
        #expect(scale.colour(for: 0.95) == scale.colours.last) // 95 % counts as full
        #expect(scale.colour(for: 0.9499) == scale.colours[2])
        #expect(scale.colour(for: 1.7) == scale.colours.last) // above capacity cannot happen, but stays "full"
        #expect(scale.bin(for: 0.5) == 1 && scale.bin(for: 0.4999) == 0)
        let legend = scale.legend { String(Int(($0 * 100).rounded())) + " %" }
        #expect(legend.map(\.text) == ["< 50 %", "50 %–80 %", "80 %–95 %", "≥ 95 %"])
        #expect(legend.map(\.colour) == scale.colours)
        #expect(Set(scale.colours).count == scale.colours.count)
    }

    @Test func shadowValueScalesAreLogarithmicAndClamped() {
        let colours = StepColourScale.shadowValue
        #expect(colours.colour(for: 0) == colours.colours.first)
        #expect(colours.colour(for: 43_552_102.4) == colours.colours.last)
        #expect(colours.bin(for: 11_826_000) == 5 && colours.bin(for: 317_000) == 3 && colours.bin(for: 26_000) == 2)
        #expect(colours.textColour(for: 43_552_102.4) == "#ffffff" && colours.textColour(for: 500) == "#1b1b1b")
        let widths = LogWidthScale.shadowValue
        #expect(abs(widths.width(for: 0) - 2.5) < 1e-12)
        #expect(abs(widths.width(for: 1e3) - 2.5) < 1e-12)
        #expect(abs(widths.width(for: 1e8) - 11) < 1e-12)
        #expect(abs(widths.width(for: 1e12) - 11) < 1e-12)
        // Each decade adds the same width: 8.5 px over 5 decades.
        #expect(abs(widths.width(for: 1e5) - (2.5 + 2 * 1.7)) < 1e-9)
        #expect(abs((widths.width(for: 1e6) - widths.width(for: 1e5)) - 1.7) < 1e-9)
    }

    @Test func barHeightsAreProportionalAndStack() {
        let scale = BarScale(maxValue: 1_051_200, heightPixels: 84)
        #expect(abs(scale.height(1_051_200) - 84) < 1e-12)
        #expect(abs(scale.height(525_600) - 42) < 1e-12)
        #expect(scale.height(0) == 0 && scale.height(-5) == 0)
        #expect(BarScale(maxValue: 0, heightPixels: 84).height(10) == 0)
        // Chemical plant in 2025: served 78 840, flex 0, unserved 78 840 MWh of 157 680.
        let chem = BarScale(maxValue: 210_240, heightPixels: 84)
        let segments = chem.stack([78_840, 0, 78_840], baseline: 106)
        #expect(abs(segments[0].y - (106 - 31.5)) < 1e-9 && abs(segments[0].height - 31.5) < 1e-9)
        #expect(segments[1].height == 0)
        #expect(abs(segments[2].y - (106 - 63)) < 1e-9 && abs(segments[2].height - 31.5) < 1e-9)
        #expect(abs(segments.map(\.height).reduce(0, +) - chem.height(157_680)) < 1e-9)
    }

    @Test func markersArePushedApartDeterministically() {
        let anchors = [SVGPoint(x: 100, y: 100), SVGPoint(x: 100, y: 100), SVGPoint(x: 105, y: 102), SVGPoint(x: 300, y: 300)]
        let placed = separateMarkers(anchors, minimumDistance: 20)
        for i in placed.indices {
            for j in placed.indices where j > i {
                #expect(placed[i].distance(to: placed[j]) >= 20 - 1e-6, "markers \(i) and \(j) overlap")
            }
        }
        #expect(placed[3] == anchors[3]) // a lone marker stays on its anchor
        #expect(separateMarkers(anchors, minimumDistance: 20) == placed)
        #expect(placed.allSatisfy { $0.distance(to: SVGPoint(x: 100, y: 100)) < 60 || $0 == anchors[3] })
        // Nodes stay uncovered: markers keep their clearance from fixed points.
        let nodes = [SVGPoint(x: 100, y: 100), SVGPoint(x: 120, y: 100), SVGPoint(x: 300, y: 305)]
        let clear = separateMarkers(anchors, minimumDistance: 20, fixed: nodes, clearance: 13)
        for marker in clear {
            for node in nodes { #expect(marker.distance(to: node) >= 13 - 1e-6, "marker \(marker) covers node \(node)") }
        }
        for i in clear.indices {
            for j in clear.indices where j > i { #expect(clear[i].distance(to: clear[j]) >= 20 - 0.5) }
        }
    }

    @Test func rectangles() {
        let a = SVGRect(x: 0, y: 0, width: 10, height: 10)
        #expect(a.intersects(SVGRect(x: 9, y: 9, width: 5, height: 5)))
        #expect(!a.intersects(SVGRect(x: 10, y: 0, width: 5, height: 5)))
        #expect(a.contains(SVGRect(x: 1, y: 1, width: 9, height: 9)))
        #expect(!a.contains(SVGRect(x: 1, y: 1, width: 10, height: 9)))
    }
}
