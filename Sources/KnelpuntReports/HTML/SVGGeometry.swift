// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A point in SVG user units (CSS pixels): x to the right, y down.
public struct SVGPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public func distance(to other: SVGPoint) -> Double { hypot(other.x - x, other.y - y) }

    /// "x,y" with one decimal, the way coordinates are written into the SVG.
    var svg: String { SVG.coordinate(x) + "," + SVG.coordinate(y) }
}

/// An axis-aligned rectangle in SVG user units.
public struct SVGRect: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public func intersects(_ other: SVGRect) -> Bool {
        x < other.x + other.width && other.x < x + width && y < other.y + other.height && other.y < y + height
    }

    public func contains(_ other: SVGRect) -> Bool {
        other.x >= x && other.y >= y && other.x + other.width <= x + width && other.y + other.height <= y + height
    }
}

/// Formatting of SVG coordinates: fixed decimals, "." as separator, independent of the locale.
enum SVG {
    static func coordinate(_ value: Double) -> String { CSVTable.fixed(value, decimals: 1) }

    /// A closed path through `points` ("M x,y L x,y … Z").
    static func closedPath(_ points: [SVGPoint]) -> String {
        guard let first = points.first else { return "" }
        return "M" + first.svg + points.dropFirst().map { "L" + $0.svg }.joined() + "Z"
    }
}

/// A latitude/longitude box in degrees.
public struct GeoBounds: Hashable, Sendable {
    public var minLatitude: Double
    public var maxLatitude: Double
    public var minLongitude: Double
    public var maxLongitude: Double

    public init(minLatitude: Double, maxLatitude: Double, minLongitude: Double, maxLongitude: Double) {
        self.minLatitude = minLatitude
        self.maxLatitude = maxLatitude
        self.minLongitude = minLongitude
        self.maxLongitude = maxLongitude
    }

    /// The smallest box around `points` (latitude, longitude); `nil` when there are none.
    public init?(points: [(latitude: Double, longitude: Double)]) {
        guard let first = points.first else { return nil }
        self.init(minLatitude: first.latitude, maxLatitude: first.latitude, minLongitude: first.longitude, maxLongitude: first.longitude)
        for point in points.dropFirst() {
            minLatitude = min(minLatitude, point.latitude)
            maxLatitude = max(maxLatitude, point.latitude)
            minLongitude = min(minLongitude, point.longitude)
            maxLongitude = max(maxLongitude, point.longitude)
        }
    }

    public func union(_ other: GeoBounds) -> GeoBounds {
        GeoBounds(
            minLatitude: min(minLatitude, other.minLatitude), maxLatitude: max(maxLatitude, other.maxLatitude),
            minLongitude: min(minLongitude, other.minLongitude), maxLongitude: max(maxLongitude, other.maxLongitude))
    }

    /// Width and height in km on the equirectangular projection at the box's middle latitude.
    public var sizeKm: (width: Double, height: Double) {
        let middle = (minLatitude + maxLatitude) / 2
        return (
            (maxLongitude - minLongitude) * MapProjection.kmPerDegree * cos(middle * .pi / 180),
            (maxLatitude - minLatitude) * MapProjection.kmPerDegree
        )
    }

    /// The box grown east-west or north-south (about its centre) until width / height in km is
    /// `aspect`.
    public func expanded(toAspect aspect: Double) -> GeoBounds {
        let size = sizeKm
        var result = self
        if size.width / max(size.height, 1e-9) < aspect {
            let extra = (aspect * size.height - size.width) / 2
            let middle = (minLatitude + maxLatitude) / 2
            let degrees = extra / (MapProjection.kmPerDegree * max(cos(middle * .pi / 180), 0.01))
            result.minLongitude -= degrees
            result.maxLongitude += degrees
        } else {
            let extra = (size.width / aspect - size.height) / 2 / MapProjection.kmPerDegree
            result.minLatitude -= extra
            result.maxLatitude += extra
        }
        return result
    }

    /// The box grown by `km` on every side (at least; longitudes use the box's middle latitude).
    public func padded(byKm km: Double) -> GeoBounds {
        let middle = (minLatitude + maxLatitude) / 2
        let dLatitude = km / MapProjection.kmPerDegree
        let dLongitude = km / (MapProjection.kmPerDegree * max(cos(middle * .pi / 180), 0.01))
        return GeoBounds(
            minLatitude: minLatitude - dLatitude, maxLatitude: maxLatitude + dLatitude,
            minLongitude: minLongitude - dLongitude, maxLongitude: maxLongitude + dLongitude)
    }
}

/// Equirectangular projection with the cos(latitude) correction: one km is the same number of
/// pixels east-west and north-south at the reference latitude (the middle of the mapped box),
/// so the map is drawn to scale there. Over the Netherlands (50.75°–53.5° N) the east-west scale
/// is within ±3.2 % of the reference (cos φ / cos φ0), and north-south is exact.
public struct MapProjection: Hashable, Sendable {
    /// Mean Earth radius (IUGG), km.
    public static let earthRadiusKm = 6371.0088
    /// Length of one degree of latitude, km.
    public static let kmPerDegree = earthRadiusKm * .pi / 180

    /// Latitude whose cosine scales longitudes, degrees.
    public let referenceLatitude: Double
    /// North-west corner of the mapped box, degrees.
    public let northLatitude: Double
    public let westLongitude: Double
    /// Pixels per km, the same in x and y.
    public let pixelsPerKm: Double
    /// Pixel position of the north-west corner (centres the box in the drawing area).
    public let offset: SVGPoint

    /// The projection that fits `bounds` into a `width` × `height` pixel area, centred.
    public init(fitting bounds: GeoBounds, width: Double, height: Double) {
        referenceLatitude = (bounds.minLatitude + bounds.maxLatitude) / 2
        northLatitude = bounds.maxLatitude
        westLongitude = bounds.minLongitude
        let size = bounds.sizeKm
        pixelsPerKm = min(width / max(size.width, 1e-9), height / max(size.height, 1e-9))
        offset = SVGPoint(x: (width - size.width * pixelsPerKm) / 2, y: (height - size.height * pixelsPerKm) / 2)
    }

    /// Distance east and south of the north-west corner, km.
    public func kilometres(latitude: Double, longitude: Double) -> (east: Double, south: Double) {
        (
            (longitude - westLongitude) * Self.kmPerDegree * cos(referenceLatitude * .pi / 180),
            (northLatitude - latitude) * Self.kmPerDegree
        )
    }

    public func point(latitude: Double, longitude: Double) -> SVGPoint {
        let km = kilometres(latitude: latitude, longitude: longitude)
        return SVGPoint(x: offset.x + km.east * pixelsPerKm, y: offset.y + km.south * pixelsPerKm)
    }
}

/// Great-circle distance (haversine), km; used to check the projection.
public func greatCircleKm(_ a: (latitude: Double, longitude: Double), _ b: (latitude: Double, longitude: Double)) -> Double {
    let radians = Double.pi / 180
    let dLatitude = (b.latitude - a.latitude) * radians
    let dLongitude = (b.longitude - a.longitude) * radians
    let h =
        sin(dLatitude / 2) * sin(dLatitude / 2)
        + cos(a.latitude * radians) * cos(b.latitude * radians) * sin(dLongitude / 2) * sin(dLongitude / 2)
    return 2 * MapProjection.earthRadiusKm * asin(min(1, sqrt(h)))
}

/// Round numbers for scale bars and axes.
public enum NiceNumber {
    /// The largest number of the form 1, 2 or 5 × 10^k that is ≤ `value` (`value` > 0).
    public static func floor125(_ value: Double) -> Double {
        precondition(value > 0 && value.isFinite, "floor125 needs a positive finite value")
        let power = pow(10, floor(log10(value)))
        for step in [5.0, 2.0, 1.0] where step * power <= value * (1 + 1e-12) { return step * power }
        return power / 2
    }
}

/// A map scale bar: the longest round length (1, 2 or 5 × 10^k km) that fits in `maxPixels`.
public struct ScaleBar: Hashable, Sendable {
    public let lengthKm: Double
    public let lengthPixels: Double

    public init(pixelsPerKm: Double, maxPixels: Double) {
        lengthKm = NiceNumber.floor125(maxPixels / pixelsPerKm)
        lengthPixels = lengthKm * pixelsPerKm
    }
}

/// A colour scale with steps: value v falls in bin i when thresholds[i−1] ≤ v < thresholds[i].
public struct StepColourScale: Hashable, Sendable {
    /// Ascending bin edges; `colours.count == thresholds.count + 1`.
    public let thresholds: [Double]
    /// CSS colours, lightest (lowest) first.
    public let colours: [String]
    /// Bins from this index on are dark: text on them is white.
    public let firstDarkBin: Int

    public init(thresholds: [Double], colours: [String], firstDarkBin: Int) {
        precondition(colours.count == thresholds.count + 1, "a step scale needs one colour more than thresholds")
        precondition(zip(thresholds, thresholds.dropFirst()).allSatisfy { $0 < $1 }, "thresholds must ascend")
        self.thresholds = thresholds
        self.colours = colours
        self.firstDarkBin = firstDarkBin
    }

    public func bin(for value: Double) -> Int { thresholds.firstIndex { value < $0 } ?? thresholds.count }
    public func colour(for value: Double) -> String { colours[bin(for: value)] }
    public func textColour(for value: Double) -> String { bin(for: value) >= firstDarkBin ? "#ffffff" : "#1b1b1b" }

    /// One legend entry per bin: its colour and "< a", "a–b" or "≥ b", with `label` formatting an edge.
    public func legend(_ label: (Double) -> String) -> [(colour: String, text: String)] {
        colours.indices.map { bin in
            let text: String
            if bin == 0 {
                text = "< " + label(thresholds[0])
            } else if bin == thresholds.count {
                text = "≥ " + label(thresholds[bin - 1])
            } else {
                text = label(thresholds[bin - 1]) + "–" + label(thresholds[bin])
            }
            return (colours[bin], text)
        }
    }

    /// Link utilisation (peak flow / capacity): grey below 50 %, then orange to deep red at ≥ 95 %
    /// (a line this full is at its limit). Distinguishable in greyscale by lightness.
    public static let utilisation = StepColourScale(
        thresholds: [0.5, 0.8, 0.95], colours: ["#a9b4bf", "#f2b15c", "#e0662b", "#a5112a"], firstDarkBin: 2)

    /// Shadow values (€ per MW per year) on decades from 1 k€ to 10 M€: light to dark blue-purple.
    public static let shadowValue = StepColourScale(
        thresholds: [1e3, 1e4, 1e5, 1e6, 1e7],
        colours: ["#eef1f8", "#c9d4ec", "#93a8d9", "#5d78c0", "#3b4a9c", "#24195e"], firstDarkBin: 3)
}

/// Line width growing with the logarithm of a value, clamped to a range.
public struct LogWidthScale: Hashable, Sendable {
    public let domain: ClosedRange<Double>
    public let range: ClosedRange<Double>

    public init(domain: ClosedRange<Double>, range: ClosedRange<Double>) {
        precondition(domain.lowerBound > 0, "a log scale needs a positive domain")
        self.domain = domain
        self.range = range
    }

    public func width(for value: Double) -> Double {
        guard value > domain.lowerBound else { return range.lowerBound }
        let position = min(1, log(value / domain.lowerBound) / log(domain.upperBound / domain.lowerBound))
        return range.lowerBound + position * (range.upperBound - range.lowerBound)
    }

    /// Shadow values (€/MW/yr) from 1 k€ to 100 M€ → 2.5 to 11 px; a fixed domain, so widths
    /// mean the same in every report.
    public static let shadowValue = LogWidthScale(domain: 1e3...1e8, range: 2.5...11)
}

/// Vertical bars on a linear scale from 0 (at the baseline) to `maxValue` (`heightPixels` up).
public struct BarScale: Hashable, Sendable {
    public let maxValue: Double
    public let heightPixels: Double

    public init(maxValue: Double, heightPixels: Double) {
        self.maxValue = maxValue
        self.heightPixels = heightPixels
    }

    public func height(_ value: Double) -> Double {
        guard maxValue > 0, value > 0 else { return 0 }
        return value / maxValue * heightPixels
    }

    /// Segments stacked upwards from `baseline` (the y of value 0): each segment's top y and height.
    public func stack(_ values: [Double], baseline: Double) -> [(y: Double, height: Double)] {
        var top = baseline
        return values.map { value in
            let height = self.height(value)
            top -= height
            return (top, height)
        }
    }
}

/// Pushes markers apart until no two are closer than `minimumDistance`, and none is closer than
/// `clearance` to a fixed point (nodes that must stay visible), or the iterations run out.
/// Deterministic: fixed order, and coincident points separate along a fixed angle per index.
public func separateMarkers(
    _ anchors: [SVGPoint], minimumDistance: Double, fixed: [SVGPoint] = [], clearance: Double = 0,
    iterations: Int = 80
) -> [SVGPoint] {
    func direction(_ dx: Double, _ dy: Double, seed: Int) -> (x: Double, y: Double, distance: Double) {
        let distance = hypot(dx, dy)
        if distance < 1e-9 {
            let angle = Double(seed) * 2.399963 // golden angle, radians
            return (cos(angle), sin(angle), 0)
        }
        return (dx / distance, dy / distance, distance)
    }
    var points = anchors
    for _ in 0..<iterations {
        var moved = false
        for i in points.indices {
            for j in points.indices where j > i {
                let d = direction(points[j].x - points[i].x, points[j].y - points[i].y, seed: j)
                guard d.distance < minimumDistance - 1e-9 else { continue }
                let push = (minimumDistance - d.distance) / 2 + 0.01
                points[i].x -= d.x * push
                points[i].y -= d.y * push
                points[j].x += d.x * push
                points[j].y += d.y * push
                moved = true
            }
            for (k, point) in fixed.enumerated() {
                let d = direction(points[i].x - point.x, points[i].y - point.y, seed: i + k)
                guard d.distance < clearance - 1e-9 else { continue }
                let push = clearance - d.distance + 0.01
                points[i].x += d.x * push
                points[i].y += d.y * push
                moved = true
            }
        }
        if !moved { break }
    }
    return points
}
