// SPDX-License-Identifier: GPL-3.0-or-later

/// Escaping for text that goes into the HTML report. Every piece of data (names from the dataset,
/// ids, numbers, option values) passes through ``escape(_:)`` before it is written, in element
/// content and in attribute values alike; the report writes no data into `<script>` or `<style>`.
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, and the control
    /// characters that HTML forbids (C0 except tab, line feed and carriage return; DEL) replaced
    /// by U+FFFD. Other non-ASCII text is kept as it is (the report is UTF-8).
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}

/// Short spelling of the escape function for the renderers.
@inline(__always) func esc(_ text: String) -> String { HTMLText.escape(text) }
