// SPDX-License-Identifier: GPL-3.0-or-later

/// Strict number syntax for CSV cells, parsed from UTF-8 bytes.
///
/// Numbers: `[+-]digits[.digits][(e|E)[+-]digits]` (also `.5` and `5.`), `.` as decimal
/// separator, no thousands separators, no units, no NaN or infinity. Integers: `[+-]digits`.
enum NumberSyntax {
    enum Outcome: Equatable {
        case value(Double)
        /// Not a number; the hint says what to change.
        case malformed(hint: String)
        /// NaN, infinity, or beyond the range of a double.
        case nonFinite
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    static func parseNumber(_ bytes: ByteSpan) -> Outcome {
        let count = bytes.count
        var index = 0
        var negative = false
        if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digitCount = 0
        var fractionDigits = 0
        var droppedDigits = 0
        while index < count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            accumulate(bytes[index], &mantissa, &significantDigits, &droppedDigits)
            digitCount += 1
            index += 1
        }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                let before = droppedDigits
                accumulate(bytes[index], &mantissa, &significantDigits, &droppedDigits)
                if droppedDigits == before { fractionDigits += 1 }
                digitCount += 1
                index += 1
            }
        }
        var exponent = 0
        var exponentValid = true
        if digitCount > 0 && index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            var exponentNegative = false
            if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits = 0
            while index < count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] - 0x30) }
                exponentDigits += 1
                index += 1
            }
            exponentValid = exponentDigits > 0
            if exponentNegative { exponent = -exponent }
        }
        guard digitCount > 0, exponentValid, index == count else {
            return .malformed(hint: hint(for: bytes))
        }
        // Exact fast path: an integer mantissa below 2^53 times or divided by an exact power of ten
        // is correctly rounded by one IEEE operation.
        let decimalExponent = exponent - fractionDigits + droppedDigits
        if droppedDigits == 0, mantissa < (1 << 53), abs(decimalExponent) <= 22 {
            var value = Double(mantissa)
            value = decimalExponent >= 0 ? value * powersOfTen[decimalExponent] : value / powersOfTen[-decimalExponent]
            return .value(negative ? -value : value)
        }
        guard let value = Double(bytes.string) else { return .malformed(hint: hint(for: bytes)) }
        return value.isFinite ? .value(value) : .nonFinite
    }

    /// Adds one digit to the mantissa, or counts it as dropped once 19 significant digits are held.
    private static func accumulate(_ digit: UInt8, _ mantissa: inout UInt64, _ significant: inout Int, _ dropped: inout Int) {
        if significant < 19 {
            mantissa = mantissa * 10 + UInt64(digit - 0x30)
            if mantissa > 0 { significant += 1 }
        } else {
            dropped += 1
        }
    }

    /// A whole number of at most 18 digits; nil otherwise.
    static func parseInteger(_ bytes: ByteSpan) -> Int? {
        var index = 0
        var negative = false
        if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < bytes.count, bytes.count - index <= 18 else { return nil }
        var value = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            index += 1
        }
        return negative ? -value : value
    }

    /// True for `nan`, `inf`, `infinity` in any case, with an optional sign.
    static func isNonFiniteWord(_ text: String) -> Bool {
        var word = text.lowercased()
        if word.hasPrefix("+") || word.hasPrefix("-") { word.removeFirst() }
        return word == "nan" || word == "inf" || word == "infinity"
    }

    private static func hint(for bytes: ByteSpan) -> String {
        if bytes.contains(UInt8(ascii: ",")) { return "use `.` as the decimal separator, not `,`" }
        if bytes.contains(UInt8(ascii: " ")) || bytes.contains(UInt8(ascii: "_")) || bytes.contains(UInt8(ascii: "'")) {
            return "write digits without thousands separators"
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "%") {
                return "write the number only; the unit is in the column name"
            }
            index += 1
        }
        return "write a decimal number such as `12.5`"
    }
}
