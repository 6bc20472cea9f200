// SPDX-License-Identifier: GPL-3.0-or-later

extension SweepSpec {
    /// Reads a sweep spec, reporting every problem at its line and column in `file`.
    /// - Throws: ``DatasetError`` with every diagnostic when there is at least one error.
    public static func parse(_ bytes: [UInt8], file: String) throws(DatasetError) -> SweepSpec {
        let document = TOMLReader.read(bytes)
        var diagnostics = document.errors.map { $0.diagnostic(file: file) }
        let root = document.root
        var top = TOMLFields(root, file: file, context: "the sweep spec", afterSyntaxErrors: !document.errors.isEmpty)
        top.rejectUnknownKeys(["name", "base", "description", "policy", "years", "grid", "monte_carlo", "delay"], what: "key or table")
        let name = top.string("name", required: document.errors.isEmpty)
        let base = top.string("base", required: false)
        _ = top.string("description", required: false)
        let policy = top.string("policy", required: false)
        var years: [Int]?
        if let entry = root.entry("years") {
            switch PlanningYears.parse(entry.value) {
            case .success(let parsed): years = parsed
            case .failure(let problem): top.report(entry.valuePosition, .badYear, problem.message)
            }
        }
        let designKey = document.errors.isEmpty ? top.requireOne(of: ["grid", "monte_carlo"]) : nil
        diagnostics += top.diagnostics

        var design: Design?
        switch designKey {
        case "grid":
            if let entry = root.entry("delay") {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: entry.keyPosition.line, column: entry.keyPosition.column, rule: .unknownKey,
                        message:
                            "[[delay]] rules draw Monte Carlo delays; a [grid] sweep takes `delays` in [grid] instead; remove them or use [monte_carlo]"
                    ))
            }
            design = section("grid", root, file: file, &diagnostics) { fields in readGrid(&fields) }.map { .grid($0) }
        case "monte_carlo":
            let rules = readRules(root, file: file, &diagnostics)
            let written = root.entry("delay") != nil
            design = section("monte_carlo", root, file: file, &diagnostics) { fields in
                readMonteCarlo(&fields, rules: rules, written: written)
            }.map { .monteCarlo($0) }
        default:
            break
        }
        guard let name, let design, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw DatasetError(diagnostics: Scenario.sorted(diagnostics))
        }
        var spec = SweepSpec(name: name, base: base, policy: policy, years: years, design: design, file: file)
        spec.policyPosition = root.entry("policy")?.valuePosition
        return spec
    }

    private static func section<T>(
        _ key: String, _ root: TOMLTable, file: String, _ diagnostics: inout [Diagnostic],
        _ read: (inout TOMLFields) -> T?
    ) -> T? {
        guard let entry = root.entry(key) else { return nil }
        guard let table = entry.value.tableValue else {
            diagnostics.append(
                Diagnostic(
                    file: file, line: entry.keyPosition.line, column: entry.keyPosition.column, rule: .wrongType,
                    message: "`\(key)` must be a table: write `[\(key)]` followed by its keys"))
            return nil
        }
        var fields = TOMLFields(table, file: file, context: "[\(key)]")
        let value = read(&fields)
        diagnostics += fields.diagnostics
        return fields.hasErrors ? nil : value
    }

    private static func strings(_ fields: inout TOMLFields, _ key: String) -> [String]? {
        fields.array(key, required: false, expected: "an array of strings such as [\"a\", \"b\"]") { $0.stringValue }
    }

    private static func readGrid(_ fields: inout TOMLFields) -> Grid? {
        fields.rejectUnknownKeys(["delays", "combine", "projects", "statuses", "programmes"])
        let delays = fields.array("delays", expected: "an array of whole years such as [0, 1, 2, 3]") { $0.integerValue }
        let combination = fields.choice("combine", Combination.self, required: false) ?? .oneAtATime
        let projects = strings(&fields, "projects") ?? []
        let statusNames = strings(&fields, "statuses") ?? []
        var statuses: [ProjectStatus] = []
        for name in statusNames {
            guard let status = ProjectStatus(rawValue: name) else {
                fields.report(
                    fields.positions["statuses"], .badEnum,
                    "status \"\(name)\" is not one of \(ProjectStatus.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "))")
                continue
            }
            statuses.append(status)
        }
        let programmes = strings(&fields, "programmes") ?? []
        guard let delays else { return nil }
        if delays.isEmpty {
            fields.report(fields.positions["delays"], .valueOutOfRange, "`delays` is empty; give at least one delay such as [0, 1, 2]")
        }
        if let bad = delays.first(where: { abs($0) > 100 }) {
            fields.report(fields.positions["delays"], .valueOutOfRange, "delay \(bad) is outside −100…100 years")
        }
        if Set(delays).count != delays.count {
            fields.report(fields.positions["delays"], .duplicateKey, "`delays` lists a value twice; list each delay once")
        }
        let selection = Selection(projects: projects, statuses: statuses, programmes: programmes, origin: fields.origin)
        return Grid(selection: selection, delays: delays, combination: combination)
    }

    private static func readMonteCarlo(_ fields: inout TOMLFields, rules: [DelayRule], written: Bool) -> MonteCarlo? {
        fields.rejectUnknownKeys(["samples", "seed", "distribution"])
        let samples = fields.integer("samples", bounds: 1...maxMembers)
        let seed = fields.integer("seed", bounds: 0...Int.max)
        let distribution = fields.id("distribution", required: false)
        if !written && fields.positions["distribution"] == nil {
            fields.report(
                fields.table.position, .missingKey,
                "a Monte Carlo sweep needs at least one [[delay]] rule (e.g. status = \"planned\", values = [0, 1, 2]) or a `distribution` of the dataset's delay_distributions.csv (e.g. distribution = \"record\")"
            )
        }
        guard let samples, let seed else { return nil }
        return MonteCarlo(samples: samples, seed: UInt64(seed), rules: rules, distribution: distribution, origin: fields.origin)
    }

    private static func readRules(_ root: TOMLTable, file: String, _ diagnostics: inout [Diagnostic]) -> [DelayRule] {
        guard let entry = root.entry("delay") else { return [] }
        guard let elements = entry.value.arrayValue, elements.allSatisfy({ $0.tableValue != nil }) else {
            diagnostics.append(
                Diagnostic(
                    file: file, line: entry.keyPosition.line, column: entry.keyPosition.column, rule: .wrongType,
                    message: "`delay` must be an array of tables: write each rule under its own `[[delay]]` header"))
            return []
        }
        var rules: [DelayRule] = []
        for case .table(let table) in elements {
            var fields = TOMLFields(table, file: file, context: "[[delay]]")
            fields.rejectUnknownKeys(["project", "status", "programme", "values", "weights"])
            var match: DelayRule.Match?
            switch fields.requireOne(of: ["project", "status", "programme"]) {
            case "project": match = fields.id("project").map { .project($0) }
            case "status": match = fields.choice("status", ProjectStatus.self).map { .status($0) }
            case "programme": match = fields.string("programme").map { .programme($0) }
            default: break
            }
            let values = fields.array("values", expected: "an array of whole years such as [0, 1, 2]") { $0.integerValue }
            let weights = fields.array("weights", required: false, expected: "an array of numbers such as [0.5, 0.3, 0.2]") { $0.doubleValue }
            if let values {
                if values.isEmpty { fields.report(fields.positions["values"], .valueOutOfRange, "`values` is empty; give at least one delay") }
                if let bad = values.first(where: { abs($0) > 100 }) {
                    fields.report(fields.positions["values"], .valueOutOfRange, "delay \(bad) is outside −100…100 years")
                }
                if let weights {
                    if weights.count != values.count {
                        fields.report(
                            fields.positions["weights"], .valueOutOfRange,
                            "`weights` has \(weights.count) entries for \(values.count) values; give one weight per value")
                    } else if weights.contains(where: { !NumericRanges.delayWeight.contains($0) }) || weights.reduce(0, +) <= 0 {
                        fields.report(
                            fields.positions["weights"], .valueOutOfRange,
                            "`weights` must lie in the allowed range \(NumericRanges.delayWeight) (docs/numerics.md) and not all be 0")
                    }
                }
            }
            diagnostics += fields.diagnostics
            guard let match, let values, !fields.hasErrors else { continue }
            rules.append(DelayRule(match: match, values: values, weights: weights ?? Array(repeating: 1, count: values.count), origin: fields.origin))
        }
        return rules
    }
}
