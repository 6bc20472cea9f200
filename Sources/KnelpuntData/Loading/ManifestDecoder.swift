// SPDX-License-Identifier: GPL-3.0-or-later

/// Turns dataset.toml into ``DatasetInfo``, driven by ``DatasetSchema/manifestKeys``.
enum ManifestDecoder {
    static func decode(_ bytes: [UInt8], sink: inout DiagnosticCollector) -> DatasetInfo? {
        var positions: [String: TOMLPosition] = [:]
        return decode(bytes, sink: &sink, positions: &positions)
    }

    /// ``decode(_:sink:)`` that also returns where each known key's value was written.
    static func decode(_ bytes: [UInt8], sink: inout DiagnosticCollector, positions: inout [String: TOMLPosition]) -> DatasetInfo? {
        let file = DatasetSchema.manifestFile
        let document = TOMLReader.read(bytes)
        for error in document.errors {
            sink.report(file: file, line: error.position.line, column: error.position.column, rule: error.rule, message: error.message)
        }
        let root = document.root
        var valid = document.errors.isEmpty
        func report(_ position: TOMLPosition?, _ rule: DiagnosticRule, _ message: String) {
            sink.report(file: file, line: position?.line, column: position?.column, rule: rule, message: message)
            valid = false
        }

        let known = DatasetSchema.manifestKeys.map(\.name)
        for entry in root.entries where DatasetSchema.manifestKey(named: entry.key) == nil {
            let hint =
                Spelling.closest(to: entry.key, among: known.filter { root[$0] == nil }).map { "did you mean `\($0)`?" }
                ?? "the keys are \(known.joined(separator: ", "))"
            report(entry.keyPosition, .unknownKey, "unknown key `\(entry.key)`; \(hint)")
        }

        var strings: [String: String] = [:]
        var years: [Int] = []
        var numbers: [String: Double] = [:]
        var sources: [(key: String, text: String)] = []
        for key in DatasetSchema.manifestKeys {
            guard let entry = root.entry(key.name) else {
                if key.required {
                    // After a syntax error the key may sit on the broken line; do not pile on.
                    if document.errors.isEmpty {
                        report(nil, .missingKey, "dataset.toml has no `\(key.name)`; add `\(key.name) = …` (\(key.type.documentation))")
                    } else {
                        valid = false
                    }
                }
                continue
            }
            let position = entry.valuePosition
            positions[key.name] = position
            switch key.type {
            case .text, .id:
                guard let text = entry.value.stringValue else {
                    report(position, .wrongType, "`\(key.name)` is \(entry.value.typeNameWithArticle); write it as a string in quotes")
                    continue
                }
                if key.type == .id && !NodeID.isValid(text) {
                    report(
                        position, .badId, "`\(key.name)` \(CellDecoder.quoted(text)) is not a valid id; use only letters, digits, `_`, `.` and `-`")
                    continue
                }
                strings[key.name] = text
            case .years:
                switch PlanningYears.parse(entry.value) {
                case .success(let parsed): years = parsed
                case .failure(let problem):
                    switch entry.value {
                    case .string, .array, .integer: report(position, .badYear, problem.message)
                    default: report(position, .wrongType, problem.message)
                    }
                }
            case .number(let bounds):
                guard let number = entry.value.doubleValue else {
                    report(position, .wrongType, "`\(key.name)` is \(entry.value.typeNameWithArticle); write a number without quotes")
                    continue
                }
                guard number.isFinite else {
                    report(position, .nonFinite, "`\(key.name)` is \(number); write a finite number")
                    continue
                }
                if let bounds, !bounds.contains(number) {
                    let rule = bounds.violatedRule(by: number)
                    report(
                        position, rule,
                        "`\(key.name)` \(ValueBounds.format(number)) is outside \(CellDecoder.range(bounds, unit: key.unit, value: number)); \(rule == .magnitudeOutOfRange && key.unit != nil ? "check the unit and correct it" : "correct it")"
                    )
                    continue
                }
                numbers[key.name] = number
            case .choice(let words):
                guard let text = entry.value.stringValue else {
                    report(
                        position, .wrongType,
                        "`\(key.name)` is \(entry.value.typeNameWithArticle); write one of \(words.map { "\"\($0)\"" }.joined(separator: ", ")) in quotes"
                    )
                    continue
                }
                guard words.contains(text) else {
                    let hint = Spelling.closest(to: text, among: words).map { "did you mean \"\($0)\"? " } ?? ""
                    report(
                        position, .badEnum,
                        "`\(key.name)` \(CellDecoder.quoted(text)) is not one of \(words.map { "\"\($0)\"" }.joined(separator: ", ")); \(hint)write one of them"
                    )
                    continue
                }
                strings[key.name] = text
            case .stringTable:
                guard let table = entry.value.tableValue else {
                    report(position, .wrongType, "`\(key.name)` must be a table: write `[\(key.name)]` followed by `key = \"text\"` lines")
                    continue
                }
                for source in table.entries {
                    guard let text = source.value.stringValue else {
                        report(
                            source.valuePosition, .wrongType,
                            "source `\(source.key)` is \(source.value.typeNameWithArticle); write it as a string in quotes")
                        continue
                    }
                    sources.append((source.key, text))
                }
            }
        }
        guard valid, let name = strings["name"], let title = strings["title"], let description = strings["description"],
            let energyBasis = strings["energy_basis"], let defaultVOLL = numbers["default_voll_eur_per_mwh"], !years.isEmpty
        else { return nil }
        return DatasetInfo(
            name: name, title: title, description: description, years: years,
            defaultVOLLEURPerMWh: defaultVOLL, energyBasis: energyBasis, sources: sources,
            security: strings["security"].flatMap(SecurityMode.init(rawValue:)) ?? .none,
            adequacy: strings["adequacy"].flatMap(AdequacyMode.init(rawValue:)) ?? .inGrants)
    }
}
