// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

/// Reading scenario files: every edit kind, and one test per diagnostic with its position.
@Suite struct ScenarioParsingTests {
    static let file = "what-if.toml"

    /// The diagnostics of parsing `text` (empty when it parses).
    func parseErrors(_ text: String) -> [Diagnostic] {
        do {
            _ = try Scenario.parse(text, file: Self.file)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The diagnostics of applying `text` to the tiny dataset (parsing must succeed).
    func applyErrors(_ text: String, to dataset: Dataset = DatasetBuilder.tiny()) throws -> [Diagnostic] {
        let scenario = try Scenario.parse(text, file: Self.file)
        do {
            _ = try scenario.apply(to: dataset)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Exactly one diagnostic, with this rule at this line and column of the scenario file.
    func expectOne(
        _ diagnostics: [Diagnostic], _ rule: DiagnosticRule, line: Int, column: Int, mentions: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(diagnostics.count == 1, "\(diagnostics)", sourceLocation: sourceLocation)
        guard let diagnostic = diagnostics.first else { return }
        #expect(diagnostic.rule == rule, "\(diagnostic)", sourceLocation: sourceLocation)
        #expect(diagnostic.file == Self.file, sourceLocation: sourceLocation)
        #expect(diagnostic.line == line && diagnostic.column == column, "\(diagnostic)", sourceLocation: sourceLocation)
        #expect(diagnostic.message.contains(mentions), "\(diagnostic.message)", sourceLocation: sourceLocation)
        #expect(diagnostic.description.hasPrefix("\(Self.file):\(line):\(column): error [\(rule.rawValue)]"), sourceLocation: sourceLocation)
    }

    @Test func readsEveryEditKindInFileOrder() throws {
        let scenario = try Scenario.parse(
            """
            name = "everything"
            base = "test"
            description = "one of each"

            [[remove]]
            consumer = "newco"

            [[delay]]
            project = "coast-port-upgrade"
            years = 2

            [[capacity]]
            target = "coast-port"
            from_year = 2027
            add_mw = 50

            [[capacity]]
            target = "gas"
            from_year = 2028
            set_mw = 80.5

            [[demand]]
            consumer = "steel"
            carrier = "electricity"
            scale = 1.2
            from_year = 2028

            [[flex]]
            consumer = "steel"
            carrier = "electricity"
            product = "atr85"
            max_mw = 100
            max_hours_per_year = 1314
            from_year = 2027
            window = "7-23"
            """, file: Self.file)
        #expect(scenario.name == "everything")
        #expect(scenario.base == "test")
        #expect(scenario.edits.map(\.kind) == [.remove, .delay, .capacity, .capacity, .demand, .flex])
        guard case .capacity(let set) = scenario.edits[3], case .set(let mw) = set.amount else {
            Issue.record("fourth edit is not a set_mw capacity change")
            return
        }
        #expect(set.target == "gas" && set.fromYear == 2028 && mw == 80.5)
        #expect(set.origin.table == TOMLPosition(line: 17, column: 1))
        #expect(set.origin.values["set_mw"] == TOMLPosition(line: 20, column: 10))
        guard case .flex(let flex) = scenario.edits[5] else {
            Issue.record("last edit is not a flex commitment")
            return
        }
        #expect(flex.product == .atr85 && flex.maxHoursPerYear == 1314 && flex.costEURPerMWh == 0 && flex.toYear == nil)
        #expect(flex.window == HourWindow(parsing: "7-23"))
    }

    @Test func anEmptyScenarioIsValidAndEmpty() throws {
        let scenario = try Scenario.parse("name = \"nothing\"\n", file: Self.file)
        #expect(scenario.isEmpty)
        let dataset = DatasetBuilder.tiny()
        #expect(try scenario.apply(to: dataset) == dataset)
    }

    // MARK: Parse errors, one per rule

    @Test func syntaxError() {
        expectOne(parseErrors("name = \"x\"\n[[delay]]\nproject = \"a\nyears = 2\n"), .badToml, line: 3, column: 11, mentions: "never closes")
    }

    @Test func missingName() {
        expectOne(parseErrors("[[delay]]\nproject = \"a\"\nyears = 1\n"), .missingKey, line: 1, column: 1, mentions: "`name`")
    }

    @Test func unknownTable() {
        expectOne(parseErrors("name = \"x\"\n\n[[dealy]]\nproject = \"a\"\n"), .unknownKey, line: 3, column: 1, mentions: "did you mean `delay`?")
    }

    @Test func tableWrittenWithSingleBrackets() {
        expectOne(parseErrors("name = \"x\"\n[delay]\nproject = \"a\"\nyears = 1\n"), .wrongType, line: 2, column: 1, mentions: "[[delay]]")
    }

    @Test func unknownKeyInAnEdit() {
        expectOne(
            parseErrors("name = \"x\"\n[[delay]]\nproject = \"a\"\nyears = 1\nyaers = 2\n"), .unknownKey, line: 5, column: 1, mentions: "`yaers`")
    }

    @Test func missingKeyInAnEdit() {
        expectOne(parseErrors("name = \"x\"\n[[delay]]\nproject = \"a\"\n"), .missingKey, line: 2, column: 1, mentions: "`years`")
    }

    @Test func wrongType() {
        expectOne(parseErrors("name = \"x\"\n[[delay]]\nproject = \"a\"\nyears = \"2\"\n"), .wrongType, line: 4, column: 9, mentions: "a string")
    }

    @Test func bothAddAndSet() {
        let text = "name = \"x\"\n[[capacity]]\ntarget = \"gas\"\nfrom_year = 2030\nadd_mw = 5\nset_mw = 80\n"
        expectOne(parseErrors(text), .duplicateKey, line: 6, column: 1, mentions: "`add_mw` and `set_mw`")
    }

    @Test func neitherAddNorSet() {
        expectOne(
            parseErrors("name = \"x\"\n[[capacity]]\ntarget = \"gas\"\nfrom_year = 2030\n"), .missingKey, line: 2, column: 1,
            mentions: "`add_mw` or `set_mw`")
    }

    @Test func badCarrier() {
        let text = "name = \"x\"\n[[demand]]\nconsumer = \"steel\"\ncarrier = \"electrcity\"\nscale = 2\nfrom_year = 2028\n"
        expectOne(parseErrors(text), .badEnum, line: 4, column: 11, mentions: "did you mean `electricity`?")
    }

    @Test func badYear() {
        let text = "name = \"x\"\n[[capacity]]\ntarget = \"gas\"\nfrom_year = 30\nadd_mw = 5\n"
        expectOne(parseErrors(text), .badYear, line: 4, column: 13, mentions: "not a calendar year")
    }

    @Test func badId() {
        expectOne(parseErrors("name = \"x\"\n[[remove]]\nconsumer = \"a b\"\n"), .badId, line: 3, column: 12, mentions: "not a valid id")
    }

    @Test func negativeSetCapacity() {
        let text = "name = \"x\"\n[[capacity]]\ntarget = \"gas\"\nfrom_year = 2030\nset_mw = -1\n"
        expectOne(parseErrors(text), .negativeCapacity, line: 5, column: 10, mentions: "-1")
    }

    @Test func negativeScale() {
        let text = "name = \"x\"\n[[demand]]\nconsumer = \"steel\"\ncarrier = \"electricity\"\nscale = -0.5\nfrom_year = 2028\n"
        expectOne(parseErrors(text), .negativeDemand, line: 5, column: 9, mentions: "-0.5")
    }

    @Test func nonFiniteNumber() {
        let text = "name = \"x\"\n[[capacity]]\ntarget = \"gas\"\nfrom_year = 2030\nadd_mw = nan\n"
        expectOne(parseErrors(text), .nonFinite, line: 5, column: 10, mentions: "finite")
    }

    @Test func badFlexWindowAndReversedYears() {
        let base = "name = \"x\"\n[[flex]]\nconsumer = \"steel\"\ncarrier = \"electricity\"\nproduct = \"cbc\"\nmax_mw = 10\nfrom_year = 2028\n"
        expectOne(parseErrors(base + "window = \"7-25\"\n"), .badWindow, line: 8, column: 10, mentions: "hour window")
        expectOne(parseErrors(base + "to_year = 2026\n"), .flexYearsReversed, line: 8, column: 11, mentions: "before from_year 2028")
        expectOne(parseErrors(base + "max_hours_per_year = 9000\n"), .valueOutOfRange, line: 8, column: 22, mentions: "9000")
    }

    @Test func removeNeedsExactlyOneTarget() {
        expectOne(
            parseErrors("name = \"x\"\n[[remove]]\nconsumer = \"a\"\nsupply = \"b\"\n"), .duplicateKey, line: 4, column: 1, mentions: "keep one")
        expectOne(parseErrors("name = \"x\"\n[[remove]]\n"), .missingKey, line: 2, column: 1, mentions: "`consumer` or `supply` or `project`")
    }

    @Test func reportsEveryProblemNotJustTheFirst() {
        let text = "name = \"x\"\n[[delay]]\nproject = \"a\"\n[[capacity]]\ntarget = \"gas\"\nadd_mw = 1\n[[bogus]]\n"
        let rules = parseErrors(text).map(\.rule)
        #expect(rules == [.missingKey, .missingKey, .unknownKey])
    }

    // MARK: Errors against the dataset

    @Test func unknownProject() throws {
        let text = "name = \"x\"\n[[delay]]\nproject = \"coast-port-upgrad\"\nyears = 2\n"
        expectOne(try applyErrors(text), .unknownReference, line: 3, column: 11, mentions: "did you mean `coast-port-upgrade`?")
    }

    @Test func unknownTarget() throws {
        let text = "name = \"x\"\n[[capacity]]\ntarget = \"coast-port-upgrade\"\nfrom_year = 2030\nadd_mw = 5\n"
        expectOne(try applyErrors(text), .unknownReference, line: 3, column: 10, mentions: "it is a project in projects.csv")
    }

    @Test func unknownConsumer() throws {
        let text = "name = \"x\"\n[[demand]]\nconsumer = \"steal\"\ncarrier = \"electricity\"\nscale = 2\nfrom_year = 2028\n"
        expectOne(try applyErrors(text), .unknownReference, line: 3, column: 12, mentions: "did you mean `steel`?")
    }

    @Test func unknownSupplyToRemove() throws {
        expectOne(
            try applyErrors("name = \"x\"\n[[remove]]\nsupply = \"coast-port\"\n"), .unknownReference, line: 3, column: 10, mentions: "it is a link")
    }

    @Test func negativeCapacityAfterTheEdit() throws {
        let text = "name = \"x\"\n[[capacity]]\ntarget = \"coast-port\"\nfrom_year = 2026\nadd_mw = -150\n"
        expectOne(try applyErrors(text), .negativeCapacityAfterProjects, line: 5, column: 10, mentions: "-50 MW in 2026")
    }

    @Test func negativeCapacityAfterADelay() throws {
        var builder = DatasetBuilder()
        builder.years = [2025, 2026, 2027]
        builder.node("a")
        builder.node("b")
        builder.link("ab", "a", "b", capacity: 100)
        builder.project("up", target: "ab", capacity: 50, year: 2025)
        builder.project("down", target: "ab", capacity: -150, year: 2026)
        let text = "name = \"x\"\n[[delay]]\nproject = \"up\"\nyears = 2\n"
        expectOne(try applyErrors(text, to: builder.build()), .negativeCapacityAfterProjects, line: 4, column: 9, mentions: "-50 MW in 2026")
    }

    @Test func carrierTheConsumerDoesNotTake() throws {
        let text = "name = \"x\"\n[[demand]]\nconsumer = \"steel\"\ncarrier = \"hydrogen\"\nscale = 2\nfrom_year = 2028\n"
        expectOne(try applyErrors(text), .carrierMismatch, line: 4, column: 11, mentions: "no hydrogen_node")
    }

    @Test func duplicateFlexCommitment() throws {
        let text = "name = \"x\"\n[[flex]]\nconsumer = \"newco\"\ncarrier = \"electricity\"\nproduct = \"cbc\"\nmax_mw = 10\nfrom_year = 2025\n"
        expectOne(try applyErrors(text), .duplicateFlex, line: 7, column: 13, mentions: "already has")
    }

    @Test func setCapacityOfAnAssetNotInService() throws {
        var builder = DatasetBuilder()
        builder.years = [2025, 2030]
        builder.node("a")
        builder.node("b")
        builder.link("ab", "a", "b", capacity: 100, commissioned: 2029)
        let text = "name = \"x\"\n[[capacity]]\ntarget = \"ab\"\nfrom_year = 2025\nset_mw = 50\n"
        expectOne(try applyErrors(text, to: builder.build()), .valueOutOfRange, line: 4, column: 13, mentions: "not in service in 2025")
    }

    @Test func delayOutOfTheCalendar() throws {
        let text = "name = \"x\"\n[[delay]]\nproject = \"coast-port-upgrade\"\nyears = 100\n"
        let dataset = DatasetBuilder.tiny()
        var late = dataset
        late.projects[0].year = 2150
        expectOne(try applyErrors(text, to: late), .badYear, line: 4, column: 9, mentions: "2250")
        #expect(try applyErrors(text, to: dataset).isEmpty)
    }

    @Test func scenarioForAnotherDataset() throws {
        let diagnostics = try applyErrors("name = \"x\"\nbase = \"nl\"\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.rule == .unknownReference)
        #expect(diagnostics.first?.message.contains("written for dataset `nl`") == true)
    }
}
