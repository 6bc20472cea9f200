// SPDX-License-Identifier: GPL-3.0-or-later
import Testing

/// The screenshot decoder itself, without a browser (the browser tests also decode a control
/// page with Chromium's own compressed PNGs).
@Suite struct PNGImageTests {
    @Test func storedBlocksRoundTrip() throws {
        // 300 × 250 RGB: more than one stored block (65 535 bytes each).
        let width = 300
        let height = 250
        var rgb: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width { rgb += [UInt8(x % 256), UInt8(y % 256), UInt8((x * y) % 251)] }
        }
        let image = try PNGImage(data: PNGImage.encodeStored(width: width, height: height, rgb: rgb))
        #expect(image.width == width && image.height == height && image.channels == 3)
        #expect(image.pixels == rgb)
        let p = image.rgb(x: 299, y: 249)
        #expect(p.r == 299 % 256 && p.g == 249 && p.b == (299 * 249) % 251)
        #expect(image.count("#000000", tolerance: 0, in: (0, 0, 1, 1)) == 1)
    }

    @Test func rejectsWhatIsNotAPNG() {
        #expect(throws: PNGImage.Failure.self) { try PNGImage(data: Array("GIF89a not a png".utf8)) }
        var broken = PNGImage.encodeStored(width: 2, height: 2, rgb: Array(repeating: 7, count: 12))
        broken.removeLast(30)
        #expect(throws: PNGImage.Failure.self) { try PNGImage(data: broken) }
    }
}
