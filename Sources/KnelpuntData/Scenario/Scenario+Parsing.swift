// SPDX-License-Identifier: GPL-3.0-or-later

extension Scenario {
    /// The top-level keys of a scenario file.
    public static let topLevelKeys = ["name", "base", "description", "security"]

    /// Reads a scenario file. Every problem is reported (syntax, unknown tables and keys, missing
    /// keys, wrong types, bad values) at its line and column in `file`.
    /// - Throws: ``DatasetError`` with every diagnostic when there is at least one error.
    public static func parse(_ bytes: [UInt8], file: String) throws(DatasetError) -> Scenario {
        let (scenario, diagnostics) = read(bytes, file: file)
        guard let scenario, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw DatasetError(diagnostics: sorted(diagnostics))
        }
        return scenario
    }

    /// Reads a scenario file from text.
    /// - Throws: ``DatasetError`` with every diagnostic when there is at least one error.
    public static func parse(_ text: String, file: String) throws(DatasetError) -> Scenario {
        try parse(Array(text.utf8), file: file)
    }

    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { left, right in
            let a = (left.element.line ?? 0, left.element.column ?? 0)
            let b = (right.element.line ?? 0, right.element.column ?? 0)
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
    }

    static func read(_ bytes: [UInt8], file: String) -> (Scenario?, [Diagnostic]) {
        let document = TOMLReader.read(bytes)
        var diagnostics = document.errors.map { $0.diagnostic(file: file) }
        let root = document.root
        var top = TOMLFields(root, file: file, context: "the scenario", afterSyntaxErrors: !document.errors.isEmpty)
        let tables = ScenarioEdit.Kind.allCases.map(\.tableName)
        top.rejectUnknownKeys(topLevelKeys + tables, what: "key or table")
        let name = top.string("name", required: document.errors.isEmpty)
        let base = top.string("base", required: false)
        let description = top.string("description", required: false)
        let security = top.choice("security", SecurityMode.self, required: false)
        diagnostics += top.diagnostics

        var edits: [(position: TOMLPosition, edit: ScenarioEdit)] = []
        for kind in ScenarioEdit.Kind.allCases {
            guard let entry = root.entry(kind.tableName) else { continue }
            guard let elements = entry.value.arrayValue, elements.allSatisfy({ $0.tableValue != nil }) else {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: entry.keyPosition.line, column: entry.keyPosition.column, rule: .wrongType,
                        message: "`\(kind.tableName)` must be an array of tables: write each edit under its own `[[\(kind.tableName)]]` header"))
                continue
            }
            for case .table(let table) in elements {
                var fields = TOMLFields(table, file: file, context: "[[\(kind.tableName)]]", afterSyntaxErrors: !document.errors.isEmpty)
                let edit = readEdit(kind, &fields)
                diagnostics += fields.diagnostics
                if let edit, !fields.hasErrors { edits.append((table.position, edit)) }
            }
        }
        edits.sort { $0.position < $1.position }
        guard let name else { return (nil, diagnostics) }
        return (Scenario(name: name, base: base, description: description, file: file, edits: edits.map(\.edit), security: security), diagnostics)
    }

    private static func readEdit(_ kind: ScenarioEdit.Kind, _ fields: inout TOMLFields) -> ScenarioEdit? {
        switch kind {
        case .delay:
            fields.rejectUnknownKeys(["project", "years"])
            let project = fields.id("project")
            let years = fields.integer("years", bounds: -100...100)
            guard let project, let years else { return nil }
            return .delay(ProjectDelay(project: project, years: years, origin: fields.origin))
        case .capacity:
            fields.rejectUnknownKeys(["target", "from_year", "add_mw", "set_mw", "reactance_pu"])
            let target = fields.id("target")
            let fromYear = fields.year("from_year")
            let reactance = fields.number("reactance_pu", required: false, bounds: NumericRanges.reactance, unit: "pu")
            let reactanceOnly = fields.table["reactance_pu"] != nil && fields.table["add_mw"] == nil && fields.table["set_mw"] == nil
            var amount: CapacityChange.Amount?
            switch reactanceOnly ? "add_mw" : fields.requireOne(of: ["add_mw", "set_mw"]) {
            case "add_mw" where reactanceOnly: amount = .add(0)
            case "add_mw": amount = fields.number("add_mw", bounds: NumericRanges.capacityAdded, unit: "MW").map { .add($0) }
            case "set_mw": amount = fields.number("set_mw", bounds: NumericRanges.capacity, unit: "MW").map { .set($0) }
            default: break
            }
            guard let target, let fromYear, let amount else { return nil }
            return .capacity(CapacityChange(target: target, fromYear: fromYear, amount: amount, reactancePU: reactance, origin: fields.origin))
        case .demand:
            fields.rejectUnknownKeys(["consumer", "carrier", "scale", "from_year"])
            let consumer = fields.id("consumer")
            let carrier = fields.choice("carrier", Carrier.self)
            let scale = fields.number("scale", bounds: NumericRanges.demandScale)
            let fromYear = fields.year("from_year")
            guard let consumer, let carrier, let scale, let fromYear else { return nil }
            return .demand(DemandScaling(consumer: ConsumerID(consumer), carrier: carrier, scale: scale, fromYear: fromYear, origin: fields.origin))
        case .flex:
            return readFlex(&fields)
        case .contingency:
            fields.rejectUnknownKeys(["link"])
            guard let link = fields.id("link") else { return nil }
            return .contingency(ContingencyAddition(link: LinkID(link), origin: fields.origin))
        case .remove:
            fields.rejectUnknownKeys(Removal.Target.allCases.map(\.rawValue))
            guard let key = fields.requireOne(of: Removal.Target.allCases.map(\.rawValue)), let target = Removal.Target(rawValue: key),
                let id = fields.id(key)
            else { return nil }
            return .remove(Removal(target: target, id: id, origin: fields.origin))
        }
    }

    /// `[[flex]]` uses the column names and ranges of flex.csv (``DatasetSchema/flex``).
    private static func readFlex(_ fields: inout TOMLFields) -> ScenarioEdit? {
        let schema = DatasetSchema.flex
        fields.rejectUnknownKeys(schema.columns.map(\.name).filter { $0 != "source" })
        let consumer = fields.id("consumer")
        let carrier = fields.choice("carrier", Carrier.self)
        let product = fields.choice("product", FlexProduct.self)
        let fromYear = fields.year("from_year")
        let toYear = fields.year("to_year", required: false)
        let maxMW = fields.number("max_mw", bounds: schema.column(named: "max_mw")?.bounds, unit: "MW")
        let maxHours = fields.number("max_hours_per_year", required: false, bounds: schema.column(named: "max_hours_per_year")?.bounds, unit: "h")
        let cost = fields.number("cost_eur_per_mwh", required: false, bounds: schema.column(named: "cost_eur_per_mwh")?.bounds, unit: "EUR/MWh")
        var window: HourWindow?
        if let text = fields.string("window", required: false) {
            window = HourWindow(parsing: text)
            if window == nil {
                fields.report(
                    fields.positions["window"], .badWindow,
                    "`window` \"\(text)\" is not an hour window; write ranges such as \"7-23\" or \"0-6;22-23\" (hours 0–23)")
            }
        }
        if let fromYear, let toYear, toYear < fromYear {
            fields.report(
                fields.positions["to_year"], .flexYearsReversed,
                "to_year \(toYear) is before from_year \(fromYear); swap them (to_year is the last year in force)")
        }
        guard let consumer, let carrier, let product, let fromYear, let maxMW, !fields.hasErrors else { return nil }
        return .flex(
            FlexAddition(
                consumer: ConsumerID(consumer), carrier: carrier, product: product, fromYear: fromYear, toYear: toYear, maxMW: maxMW,
                maxHoursPerYear: maxHours, costEURPerMWh: cost ?? 0, window: window, origin: fields.origin))
    }
}
