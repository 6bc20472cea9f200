// SPDX-License-Identifier: GPL-3.0-or-later

/// TOML number syntax.
enum TOMLNumber {
    static func parse(_ token: String) -> TOMLValue? {
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let bytes = Array(token.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            let radix: Int? =
                switch bytes[1] {
                case UInt8(ascii: "x"): 16
                case UInt8(ascii: "o"): 8
                case UInt8(ascii: "b"): 2
                default: nil
                }
            if let radix {
                guard let digits = withoutUnderscores(Array(bytes[2...]), hex: true) else { return nil }
                return Int(String(decoding: digits, as: UTF8.self), radix: radix).map { .integer($0) }
            }
        }
        var body = bytes[...]
        if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { body = body.dropFirst() }
        guard let digits = withoutUnderscores(Array(body), hex: false) else { return nil }
        let isFloat = digits.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        // Integer part: digits without a leading zero (except "0" itself).
        let integerPart = digits.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !integerPart.isEmpty, integerPart.count == 1 || integerPart.first != 0x30 else { return nil }
        let signed = String(decoding: bytes.prefix(bytes.count - body.count) + digits, as: UTF8.self)
        if !isFloat {
            guard integerPart.count == digits.count else { return nil }
            return Int(signed).map { .integer($0) }
        }
        guard isDecimalFloat(digits[...]), let value = Double(signed), value.isFinite else { return nil }
        return .float(value)
    }

    /// A decimal integer in valid TOML syntax that does not fit in `Int` (e.g. 26 nines).
    static func isOverflowingInteger(_ token: String) -> Bool {
        var body = Array(token.utf8)[...]
        if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { body = body.dropFirst() }
        guard let digits = withoutUnderscores(Array(body), hex: false), !digits.isEmpty,
            digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), digits.count == 1 || digits.first != 0x30
        else { return false }
        return Int(token.filter { $0 != "_" }) == nil
    }

    /// Removes `_` that sit between two digits; nil when an underscore is misplaced.
    static func withoutUnderscores(_ bytes: [UInt8], hex: Bool) -> [UInt8]? {
        func isDigit(_ byte: UInt8) -> Bool { hex ? isHexDigit(byte) : (byte >= 0x30 && byte <= 0x39) }
        var result: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "_") {
                guard index > 0, index + 1 < bytes.count, isDigit(bytes[index - 1]), isDigit(bytes[index + 1]) else { return nil }
                continue
            }
            result.append(byte)
        }
        return result
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    /// digits [. digits] [(e|E) [+-] digits]
    static func isDecimalFloat(_ bytes: ArraySlice<UInt8>) -> Bool {
        var rest = bytes
        func digitRun(_ slice: inout ArraySlice<UInt8>) -> Bool {
            let count = slice.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            slice = slice.dropFirst(count)
            return count > 0
        }
        guard digitRun(&rest) else { return false }
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            guard digitRun(&rest) else { return false }
        }
        if let e = rest.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            rest = rest.dropFirst()
            if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { rest = rest.dropFirst() }
            guard digitRun(&rest) else { return false }
        }
        return rest.isEmpty
    }

    static func looksLikeDate(_ token: String) -> Bool {
        let bytes = Array(token.utf8)
        return token.contains(":") || (bytes.count >= 7 && bytes[4] == UInt8(ascii: "-") && bytes.prefix(4).allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
    }
}
