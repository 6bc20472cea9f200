// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A decoded 8-bit PNG (grey, RGB or RGBA; not interlaced), enough to read Chromium's
/// screenshots without zlib: a small inflate (RFC 1951, after puff.c's canonical decoding) and
/// the five PNG row filters.
struct PNGImage {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let width: Int
    let height: Int
    /// Bytes per pixel (1 grey, 3 RGB, 4 RGBA).
    let channels: Int
    /// Unfiltered pixel rows, top to bottom.
    let pixels: [UInt8]

    /// The pixel at (x, y) as RGB.
    func rgb(x: Int, y: Int) -> (r: Int, g: Int, b: Int) {
        let offset = (y * width + x) * channels
        if channels < 3 { return (Int(pixels[offset]), Int(pixels[offset]), Int(pixels[offset])) }
        return (Int(pixels[offset]), Int(pixels[offset + 1]), Int(pixels[offset + 2]))
    }

    /// How many pixels in `rect` (clipped to the image) are within `tolerance` of `hex` ("#rrggbb").
    func count(_ hex: String, tolerance: Int = 8, in rect: (x: Int, y: Int, width: Int, height: Int)) -> Int {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        let target = (value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF)
        var hits = 0
        for y in max(0, rect.y)..<min(height, rect.y + rect.height) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.width) {
                let p = rgb(x: x, y: y)
                if abs(p.r - target.0) <= tolerance, abs(p.g - target.1) <= tolerance, abs(p.b - target.2) <= tolerance { hits += 1 }
            }
        }
        return hits
    }

    /// How many distinct colours `rect` holds (a blank area has one).
    func distinctColours(in rect: (x: Int, y: Int, width: Int, height: Int)) -> Int {
        var seen = Set<Int>()
        for y in max(0, rect.y)..<min(height, rect.y + rect.height) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.width) {
                let p = rgb(x: x, y: y)
                seen.insert(p.r << 16 | p.g << 8 | p.b)
            }
        }
        return seen.count
    }

    init(data: [UInt8]) throws {
        guard data.count > 8, Array(data[0..<8]) == [137, 80, 78, 71, 13, 10, 26, 10] else { throw Failure(description: "not a PNG") }
        var offset = 8
        var header: (width: Int, height: Int, depth: UInt8, type: UInt8, interlace: UInt8)?
        var compressed: [UInt8] = []
        func word(_ at: Int) -> Int { Int(data[at]) << 24 | Int(data[at + 1]) << 16 | Int(data[at + 2]) << 8 | Int(data[at + 3]) }
        while offset + 8 <= data.count {
            let length = word(offset)
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = offset + 8
            guard body + length + 4 <= data.count else { throw Failure(description: "truncated chunk \(type)") }
            switch type {
            case "IHDR": header = (word(body), word(body + 4), data[body + 8], data[body + 9], data[body + 12])
            case "IDAT": compressed += data[body..<(body + length)]
            default: break
            }
            offset = body + length + 4
            if type == "IEND" { break }
        }
        guard let header else { throw Failure(description: "no IHDR") }
        guard header.depth == 8, header.interlace == 0 else { throw Failure(description: "only 8-bit, non-interlaced PNGs") }
        let channels: Int
        switch header.type {
        case 0: channels = 1
        case 2: channels = 3
        case 4: channels = 2
        case 6: channels = 4
        default: throw Failure(description: "colour type \(header.type) not supported")
        }
        guard compressed.count > 2, (Int(compressed[0]) << 8 | Int(compressed[1])) % 31 == 0 else { throw Failure(description: "bad zlib header") }
        var inflater = Inflater(Array(compressed[2...]))
        let raw = try inflater.run()
        let stride = header.width * channels
        guard raw.count >= header.height * (stride + 1) else { throw Failure(description: "image data too short") }
        var pixels = [UInt8](repeating: 0, count: header.height * stride)
        for row in 0..<header.height {
            let filter = raw[row * (stride + 1)]
            let source = row * (stride + 1) + 1
            let target = row * stride
            for i in 0..<stride {
                let x = Int(raw[source + i])
                let a = i >= channels ? Int(pixels[target + i - channels]) : 0
                let b = row > 0 ? Int(pixels[target - stride + i]) : 0
                let c = (i >= channels && row > 0) ? Int(pixels[target - stride + i - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let pa = abs(p - a)
                    let pb = abs(p - b)
                    let pc = abs(p - c)
                    predicted = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c)
                default: throw Failure(description: "unknown filter \(filter)")
                }
                pixels[target + i] = UInt8((x + predicted) & 0xFF)
            }
        }
        self.width = header.width
        self.height = header.height
        self.channels = channels
        self.pixels = pixels
    }
}

/// Raw DEFLATE decoding (stored, fixed and dynamic Huffman blocks).
private struct Inflater {
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []
        init(lengths: [Int]) {
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
        4097, 6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let fixedLengths = Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
    static let fixedDistances = Huffman(lengths: Array(repeating: 5, count: 30))

    let input: [UInt8]
    var position = 0
    var bitBuffer = 0
    var bitCount = 0
    var output: [UInt8] = []

    init(_ input: [UInt8]) { self.input = input }

    mutating func bits(_ count: Int) throws -> Int {
        while bitCount < count {
            guard position < input.count else { throw PNGImage.Failure(description: "deflate stream ends early") }
            bitBuffer |= Int(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << count) - 1)
        bitBuffer >>= count
        bitCount -= count
        return value
    }

    mutating func decode(_ table: Huffman) throws -> Int {
        var code = 0
        var first = 0
        var index = 0
        for length in 1...15 {
            code |= try bits(1)
            let count = table.counts[length]
            if code - count < first { return table.symbols[index + (code - first)] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw PNGImage.Failure(description: "bad Huffman code")
    }

    mutating func run() throws -> [UInt8] {
        var last = 0
        repeat {
            last = try bits(1)
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(Self.fixedLengths, Self.fixedDistances)
            case 2:
                let tables = try dynamicTables()
                try codes(tables.0, tables.1)
            default: throw PNGImage.Failure(description: "bad block type")
            }
        } while last == 0
        return output
    }

    mutating func stored() throws {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw PNGImage.Failure(description: "stored block header missing") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~complement & 0xFFFF, position + 4 + length <= input.count else { throw PNGImage.Failure(description: "bad stored block") }
        output += input[(position + 4)..<(position + 4 + length)]
        position += 4 + length
    }

    mutating func dynamicTables() throws -> (Huffman, Huffman) {
        let literals = try bits(5) + 257
        let distances = try bits(5) + 1
        let codeLengths = try bits(4) + 4
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var lengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengths { lengths[order[index]] = try bits(3) }
        let lengthCode = Huffman(lengths: lengths)
        var all: [Int] = []
        while all.count < literals + distances {
            let symbol = try decode(lengthCode)
            switch symbol {
            case 0..<16: all.append(symbol)
            case 16:
                guard let previous = all.last else { throw PNGImage.Failure(description: "repeat without a length") }
                all += Array(repeating: previous, count: 3 + (try bits(2)))
            case 17: all += Array(repeating: 0, count: 3 + (try bits(3)))
            default: all += Array(repeating: 0, count: 11 + (try bits(7)))
            }
        }
        return (Huffman(lengths: Array(all[0..<literals])), Huffman(lengths: Array(all[literals..<(literals + distances)])))
    }

    mutating func codes(_ lengths: Huffman, _ distances: Huffman) throws {
        while true {
            let symbol = try decode(lengths)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < Self.lengthBase.count else { throw PNGImage.Failure(description: "bad length symbol") }
                let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
                let code = try decode(distances)
                guard code < Self.distanceBase.count else { throw PNGImage.Failure(description: "bad distance symbol") }
                let distance = Self.distanceBase[code] + (try bits(Self.distanceExtra[code]))
                guard distance <= output.count else { throw PNGImage.Failure(description: "distance too far back") }
                let start = output.count - distance
                for k in 0..<length { output.append(output[start + k]) }
            }
        }
    }
}

extension PNGImage {
    /// A PNG of RGB pixels with stored (uncompressed) deflate blocks, for testing the decoder
    /// without a browser. CRCs are left zero (the decoder does not check them).
    static func encodeStored(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
        var raw: [UInt8] = []
        for row in 0..<height {
            raw.append(0)
            raw += rgb[(row * width * 3)..<((row + 1) * width * 3)]
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, raw.count - offset)
            zlib.append(offset + length == raw.count ? 1 : 0)
            zlib += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            zlib += raw[offset..<(offset + length)]
            offset += length
        } while offset < raw.count
        zlib += [0, 0, 0, 0]
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let n = body.count
            return [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + body + [0, 0, 0, 0]
        }
        let w = width
        let h = height
        let header: [UInt8] = [
            UInt8(w >> 24 & 0xFF), UInt8(w >> 16 & 0xFF), UInt8(w >> 8 & 0xFF), UInt8(w & 0xFF),
            UInt8(h >> 24 & 0xFF), UInt8(h >> 16 & 0xFF), UInt8(h >> 8 & 0xFF), UInt8(h & 0xFF), 8, 2, 0, 0, 0,
        ]
        return [137, 80, 78, 71, 13, 10, 26, 10] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", [])
    }
}
