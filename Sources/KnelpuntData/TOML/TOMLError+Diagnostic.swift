// SPDX-License-Identifier: GPL-3.0-or-later

extension TOMLError {
    /// The dataset rule for this reader error.
    public var rule: DiagnosticRule {
        switch kind {
        case .syntax: return .badToml
        case .duplicateKey: return .duplicateKey
        case .encoding: return .badEncoding
        }
    }

    /// This error as a diagnostic of `file`, at its line and column.
    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(file: file, line: position.line, column: position.column, rule: rule, message: message)
    }
}
