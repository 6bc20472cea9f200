import KnelpuntData
import Testing

// SPDX-License-Identifier: GPL-3.0-or-later
@testable import KnelpuntReports

@Suite struct MapLabelTests {
    @Test(arguments: [
        ("Ens 380/220/110 kV", "Ens"),
        ("Maasvlakte 380 kV", "Maasvlakte"),
        ("Prinses Amaliahaven 380 kV (new station Maasvlakte 2)", "Prinses Amaliahaven"),
        ("Rotterdam port 150 kV industrial grid (Botlek/Pernis/Europoort at Geervliet)", "Rotterdam port"),
        ("Sloegebied/Vlissingen-Oost 150 kV", "Sloegebied"),
        ("Eemshaven Oudeschip/Robbenplaat 380/220 kV", "Eemshaven Oudeschip"),
        ("Port <sub> & \"quay\"", "Port <sub> & \"quay\""), // escaped when written
        ("Tata Steel IJmuiden site grid with a long tail", "Tata Steel IJmuiden sit…"),
    ])
    func shortNames(_ name: String, _ expected: String) {
        #expect(MapLayout.shortName(name) == expected)
    }
}

/// Map layout of the bundled Dutch-shaped tiny dataset and of synthetic crowded clusters.
@Suite struct MapLayoutPlacementTests {
    @Test func tinyFitsTheMapAndLabelsStayInside() throws {
        let bounds = try #require(MapLayout.mainBounds(ReportFixture.tiny))
        let layout = MapLayout(dataset: ReportFixture.tiny, bounds: bounds, width: 640, height: 760)
        let nodes = layout.nodes.compactMap { $0 }
        #expect(nodes.count == 3)
        for node in nodes { #expect(layout.contains(node.point), "\(node.id) outside the map") }
        // The coast station is north-east of the port: right of and above it.
        let coast = try #require(nodes.first { $0.id == "coast" })
        let port = try #require(nodes.first { $0.id == "port" })
        #expect(coast.point.x > port.point.x && coast.point.y < port.point.y)
        // 58 km apart (haversine), on the map within the east-west scale error.
        let km = coast.point.distance(to: port.point) / layout.projection.pixelsPerKm
        #expect(abs(km - greatCircleKm((52.47, 4.60), (51.95, 4.10))) < 0.5)
        let labels = layout.labels(avoiding: [])
        #expect(labels.count >= 2)
        #expect(labels.allSatisfy { $0.x >= 0 && $0.x <= 640 && $0.y >= 0 && $0.y <= 760 })
        // A dataset covering a small area is not padded out to the whole country.
        #expect(bounds.sizeKm.height < 120)
        // No crowded cluster of three nodes: no detail map.
        #expect(MapLayout.insets(dataset: ReportFixture.tiny, main: layout, summaries: []).isEmpty)
    }

    @Test func labelsAvoidMarkersAndEachOther() throws {
        let bounds = try #require(MapLayout.mainBounds(ReportFixture.tiny))
        let layout = MapLayout(dataset: ReportFixture.tiny, bounds: bounds, width: 640, height: 760)
        let free = layout.labels(avoiding: [])
        let blocked = layout.labels(avoiding: [SVGRect(x: 0, y: 0, width: 640, height: 760)])
        #expect(!free.isEmpty && blocked.isEmpty)
    }

    @Test func expandedBoundsHaveTheRequestedShape() {
        let box = GeoBounds(minLatitude: 51.8, maxLatitude: 52.0, minLongitude: 4.0, maxLongitude: 4.3)
        for aspect in [0.5, 1.0, 640.0 / 330.0, 4.0] {
            let size = box.expanded(toAspect: aspect).sizeKm
            #expect(abs(size.width / size.height - aspect) < 0.01 * aspect, "aspect \(aspect)")
        }
    }
}
