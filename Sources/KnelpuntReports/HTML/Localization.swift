// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// The language of an HTML report: its labels and its number format.
public enum ReportLanguage: String, Sendable, CaseIterable {
    /// Dutch: decimal comma, `.` between thousands ("1.234,5").
    case nl
    /// English: decimal point, `,` between thousands ("1,234.5").
    case en
}

/// Formats numbers for a report language, independently of the machine's locale, so that the
/// same inputs always give the same text.
public struct ReportNumberFormat: Sendable {
    public var language: ReportLanguage

    public init(language: ReportLanguage) { self.language = language }

    /// No-break space between a number and its unit.
    static let unitSpace = "\u{00A0}"

    /// `value` with exactly `decimals` decimals, thousands grouped, the language's decimal mark
    /// and U+2212 as minus sign; never "−0".
    public func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        let fixed = CSVTable.fixed(value, decimals: decimals)
        let negative = fixed.hasPrefix("-")
        let digits = negative ? String(fixed.dropFirst()) : fixed
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let integer = Array(parts[0])
        var grouped = ""
        for (offset, character) in integer.enumerated() {
            if offset > 0, (integer.count - offset) % 3 == 0 { grouped += language == .nl ? "." : "," }
            grouped.append(character)
        }
        if parts.count > 1 { grouped += (language == .nl ? "," : ".") + parts[1] }
        return (negative ? "\u{2212}" : "") + grouped
    }

    /// A whole number with grouped thousands.
    public func integer(_ value: Int) -> String { number(Double(value), decimals: 0) }

    /// `fraction` × 100 with a percent sign, e.g. "62,5 %".
    public func percent(_ fraction: Double, decimals: Int = 1) -> String {
        number(fraction * 100, decimals: decimals) + Self.unitSpace + "%"
    }

    /// Energy in MWh, GWh or TWh, whichever reads best (three significant digits or more).
    public func energy(_ mwh: Double) -> String {
        let magnitude = abs(mwh)
        if magnitude >= 1_000_000 { return number(mwh / 1_000_000, decimals: 2) + Self.unitSpace + "TWh" }
        if magnitude >= 1_000 { return number(mwh / 1_000, decimals: 1) + Self.unitSpace + "GWh" }
        return number(mwh, decimals: 0) + Self.unitSpace + "MWh"
    }

    /// MWh shown as GWh with one decimal (no unit: the unit is in the column header).
    public func gwh(_ mwh: Double) -> String { number(mwh / 1_000, decimals: 1) }

    /// € per MW per year shown as k€ per MW per year (no unit), with fewer decimals for large values.
    public func kiloEuroPerMW(_ eurPerMWYear: Double) -> String {
        let value = eurPerMWYear / 1_000
        return number(value, decimals: abs(value) >= 10 ? 0 : 1)
    }

    /// A span of years such as "2025–2035" (no grouping in years).
    public func years(_ years: [Int]) -> String {
        guard let first = years.first, let last = years.last else { return "" }
        return first == last ? String(first) : "\(first)–\(last)"
    }
}

/// Every label of the report, in Dutch and English side by side.
struct ReportStrings: Sendable {
    let language: ReportLanguage

    private func t(_ nl: String, _ en: String) -> String { language == .nl ? nl : en }

    // MARK: Page
    func documentTitle(_ dataset: String) -> String { t("Knelpuntenrapport", "Bottleneck report") + " — " + dataset }
    var heading: String { t("Knelpuntenrapport", "Bottleneck report") }
    var year: String { t("Jaar", "Year") }
    var yearSelector: String { t("Kies het jaar voor kaart, kaarten en tabellen", "Choose the year for the map, cards and tables") }
    func rule(_ name: String) -> String { t("Verdeelregel: ", "Allocation rule: ") + name }
    func yearsShown(_ span: String) -> String { t("jaren ", "years ") + span }
    var navSummary: String { t("Samenvatting", "Summary") }
    var navMap: String { t("Kaart", "Map") }
    func policyName(_ raw: String) -> String {
        switch raw {
        case "cost": return t("minimale kosten (cost)", "minimum cost (cost)")
        case "leximin": return t("eerlijk, max-min (leximin)", "fair, max-min (leximin)")
        case "priority": return t("ACM-categorieën (priority)", "ACM categories (priority)")
        case "fcfs": return t("wie eerst komt (fcfs)", "first come, first served (fcfs)")
        case "acm": return t("ACM-prioriteit, dan wachtrij (acm)", "ACM priority, then queue (acm)")
        default: return raw
        }
    }
    var intro: String {
        t(
            "Per planjaar verdeelt één lineair programma (GLPK) de net- en leidingcapaciteit over de vraag van de industrie. Dit rapport laat zien wie tekortkomt, welke verbinding of elektrolyser dat veroorzaakt, wat 1 MW extra waard is en hoeveel geplande CO₂-reductie in gevaar komt.",
            "For each planning year one linear program (GLPK) allocates grid and pipeline capacity to industrial demand. This report shows who is short, which line or electrolyser causes it, what one more MW is worth and how much planned CO₂ reduction is at risk."
        )
    }

    // MARK: Groups and kinds
    var groupAll: String { t("alle", "all") }
    var groupMaatwerk: String { "maatwerk" }
    var groupOther: String { t("overig", "other") }
    var groupPublic: String { t("publiek", "public") }
    /// The name of a consumer group (``ConsumerGroup`` raw value), or of all groups (`all`).
    func group(_ raw: String) -> String {
        switch raw {
        case ConsumerGroup.maatwerk.rawValue: return groupMaatwerk
        case ConsumerGroup.other.rawValue: return groupOther
        case ConsumerGroup.public.rawValue: return groupPublic
        default: return groupAll
        }
    }
    func kind(_ kind: AssetKind) -> String {
        switch kind {
        case .link: return t("verbinding", "link")
        case .conversion: return t("elektrolyser", "electrolyser")
        case .supply: return t("aanbod", "supply")
        }
    }
    func carrier(_ carrier: Carrier) -> String { carrier == .electricity ? electricity : hydrogen }

    // MARK: Queue (request view)
    var queueHeading: String { t("Wachtrij: toegekend vermogen per aanvraag", "Queue: capacity granted per request") }
    var queueIntro: String {
        t(
            "Elke rij is een aanvraag voor transportcapaciteit (transition.csv), in volgorde van aanvraagdatum. Per jaar het toegekende deel van de gevraagde MW in procenten (groen: volledig, oranje: deels, rood: niets; – nog niet aangevraagd). De laatste kolom noemt voor het gekozen jaar de capaciteit die de aanvraag blokkeert; `knelpunt explain AANVRAAG` legt uit wat nodig is.",
            "Each row is a request for transport capacity (transition.csv), in order of request date. Per year the share of the requested MW granted, in per cent (green: full, orange: partly, red: nothing; – not yet requested). The last column names, for the chosen year, the capacity that blocks the request; `knelpunt explain REQUEST` explains what it needs."
        )
    }
    var colQueuePlace: String { t("Plek", "Place") }
    var colRequest: String { t("Aanvraag", "Request") }
    var colTier: String { t("Tier", "Tier") }
    var colRequestedMW: String { t("Gevraagd (MW)", "Requested (MW)") }
    var colBlocking: String { t("Geblokkeerd door", "Blocked by") }
    var notRequestedYet: String { t("nog niet aangevraagd", "not yet requested") }
    var navQueue: String { t("Wachtrij", "Queue") }

    var electricity: String { t("elektriciteit", "electricity") }
    var hydrogen: String { t("waterstof", "hydrogen") }
    var none: String { t("geen", "none") }

    // MARK: Summary cards
    func summaryHeading(_ year: Int) -> String { t("Samenvatting \(year)", "Summary \(year)") }
    var cardUnserved: String { t("Niet geleverde energie", "Unserved energy") }
    func ofDemand(_ share: String) -> String { t("\(share) van de vraag", "\(share) of demand") }
    var nationalShed: String { t("Landelijk tekort, apart afgeschakeld", "National shortage, shed apart") }
    func shedInHours(_ energy: String, _ hours: String) -> String { t("\(energy) in \(hours) uur", "\(energy) in \(hours) h") }
    var cardCO2: String { t("CO₂-reductie in gevaar", "CO₂ reduction at risk") }
    func ofPlanned(_ planned: String) -> String { t("van \(planned) kt gepland", "of \(planned) kt planned") }
    var cardBottlenecks: String { t("Knelpunten in net en leidingen", "Grid and pipeline bottlenecks") }
    func bottleneckSplit(supply: String) -> String {
        t("en \(supply) beperkingen in het aanbod (opwek, import)", "and \(supply) limits in supply (generation, imports)")
    }
    var affectedShort: String { t("bedrijven getroffen", "companies affected") }
    var perYear: String { t("jaar", "yr") }
    func largest(_ name: String) -> String { t("grootste: ", "largest: ") + name }
    var cardWorst: String { t("Slechtst bediend", "Worst off") }
    func servedShare(_ share: String) -> String { t("\(share) geleverd", "\(share) served") }
    var allServed: String { t("iedereen volledig beleverd", "everyone fully served") }
    var horizonCaption: String { t("Alle jaren in één oogopslag", "All years at a glance") }

    // MARK: Column headers (units in the header)
    var colCompany: String { t("Bedrijf", "Company") }
    var colGroup: String { t("Groep", "Group") }
    var colCluster: String { "Cluster" }
    var colDemandGWh: String { t("Vraag (GWh)", "Demand (GWh)") }
    var colServedGWh: String { t("Geleverd (GWh)", "Served (GWh)") }
    var colFlexGWh: String { t("Flex (GWh)", "Flex (GWh)") }
    var colUnservedGWh: String { t("Niet geleverd (GWh)", "Unserved (GWh)") }
    var colServedShare: String { t("Geleverd aandeel (%)", "Served share (%)") }
    var colUnservedShare: String { t("Niet geleverd (% van vraag)", "Unserved (% of demand)") }
    var colCO2Kt: String { t("CO₂ in gevaar (kt)", "CO₂ at risk (kt)") }
    var colGridBottlenecks: String { t("Knelpunten net", "Grid bottlenecks") }
    var colSupplyBottlenecks: String { t("Knelpunten aanbod", "Supply bottlenecks") }
    var colCostMEUR: String { t("Kosten (M€/jaar)", "Cost (M€/yr)") }
    var colRank: String { "#" }
    var colAsset: String { t("Verbinding of installatie", "Link or installation") }
    var colKind: String { t("Soort", "Kind") }
    var colShadow: String { t("Schaduwwaarde (k€/MW/jaar)", "Shadow value (k€/MW/yr)") }
    var colValidUpTo: String { t("Geldig tot (+MW)", "Valid up to (+MW)") }
    var colUtilisation: String { t("Benutting (%)", "Utilisation (%)") }
    var colAffected: String { t("Getroffen bedrijven", "Affected companies") }
    var colShadowShort: String { t("k€/MW/jaar", "k€/MW/yr") }
    var colValidShort: String { t("tot +MW", "up to +MW") }
    var colUseShort: String { t("Benut", "Used") }

    // MARK: Map
    func mapHeading(_ year: Int) -> String { t("Net en knelpunten in \(year)", "Grid and bottlenecks in \(year)") }
    var mapTitle: String { t("Kaart van knooppunten en verbindingen", "Map of nodes and links") }
    func mapDescription(nodes: Int, links: Int) -> String {
        t(
            "Kaart met \(nodes) knooppunten en \(links) verbindingen, gekleurd naar benutting en dikker naarmate de schaduwwaarde hoger is; knelpunten zijn genummerd. De tabel naast de kaart geeft dezelfde gegevens als tekst.",
            "Map with \(nodes) nodes and \(links) links, coloured by utilisation and thicker with a higher shadow value; bottlenecks are numbered. The table next to the map gives the same data as text."
        )
    }
    func mapYear(_ year: Int, bottlenecks: Int) -> String { t("\(year): \(bottlenecks) knelpunten", "\(year): \(bottlenecks) bottlenecks") }
    func linkTitle(
        name: String, capacity: String, peak: String, utilisation: String, shadow: String?, inService: Bool = true,
        bindingContingency: String? = nil
    ) -> String {
        var text = t(
            "\(name): capaciteit \(capacity) MW, piek \(peak) MW, benutting \(utilisation)",
            "\(name): capacity \(capacity) MW, peak \(peak) MW, utilisation \(utilisation)")
        if !inService { text += t("; niet in bedrijf dit jaar", "; not in service this year") }
        if let shadow { text += t("; schaduwwaarde \(shadow) k€/MW/jaar", "; shadow value \(shadow) k€/MW/yr") }
        if let bindingContingency { text += "; " + bindsWhenOut(bindingContingency) }
        return text
    }
    /// N-1: a bottleneck that binds only after the outage of `link` (bottlenecks.csv `binding_contingency`).
    func bindsWhenOut(_ link: String) -> String { t("knelt als \(link) uitvalt", "binds when \(link) is out") }
    var noCoordinates: String { t("Geen knooppunten met coördinaten: geen kaart.", "No nodes with coordinates: no map.") }
    var north: String { "N" }
    func insetTitle(_ letter: String, cluster: String) -> String {
        t("Uitsnede \(letter): cluster \(cluster), vergroot", "Detail \(letter): cluster \(cluster), enlarged")
    }
    var legend: String { t("Legenda", "Legend") }
    var legendUtilisation: String { t("Benutting = piekstroom / capaciteit", "Utilisation = peak flow / capacity") }
    var legendShadow: String { t("Lijndikte = schaduwwaarde (k€/MW/jaar)", "Line width = shadow value (k€/MW/yr)") }
    var legendLines: String { t("Lijnsoort", "Line style") }
    var electricityLink: String { t("elektriciteit (doorgetrokken)", "electricity (solid)") }
    var hydrogenLink: String { t("waterstof (gestreept)", "hydrogen (dashed)") }
    var conversionLink: String { t("elektrolyser (gestippeld)", "electrolyser (dotted)") }
    var zeroCapacity: String {
        t(
            "0 MW: niet in bedrijf (nog niet gebouwd, buiten gebruik of geschrapt); nooit een knelpunt",
            "0 MW: not in service (not yet built, retired or cancelled); never a bottleneck")
    }
    var nodeElectricity: String { t("knooppunt elektriciteit", "electricity node") }
    var nodeHydrogen: String { t("knooppunt waterstof", "hydrogen node") }
    var markerLegend: String { t("knelpunt, genummerd naar schaduwwaarde", "bottleneck, numbered by shadow value") }
    var noValue: String { t("geen knelpunt", "no bottleneck") }
    var legendCapacityMap: String {
        t("Capaciteitskaart: vrije afname na de wachtrij (binnenste stip)", "Capacity map: offtake still available after the queue (inner dot)")
    }
    func capacityClass(_ colour: CapacityColour) -> String {
        switch colour {
        case .red: return t("rood: geen ruimte (< 1 MW)", "red: no room (< 1 MW)")
        case .orange: return t("oranje: 1–10 MW", "orange: 1–10 MW")
        case .yellow: return t("geel: 10–100 MW", "yellow: 10–100 MW")
        case .green: return t("groen: ≥ 100 MW", "green: ≥ 100 MW")
        }
    }
    func capacityTitle(offtake: String, infeed: String) -> String {
        t("vrij: afname \(offtake) MW, invoeding \(infeed) MW", "available: offtake \(offtake) MW, infeed \(infeed) MW")
    }
    var full: String { t("vol", "full") }
    func gridBottlenecksCaption(_ year: Int) -> String { t("Knelpunten in net en leidingen, \(year)", "Grid and pipeline bottlenecks, \(year)") }
    var noGridBottlenecks: String { t("Geen knelpunten in net en leidingen in dit jaar.", "No grid or pipeline bottlenecks this year.") }
    func supplyLimits(_ count: Int) -> String {
        t("Beperkingen in het aanbod (opwek, import): \(count)", "Limits in supply (generation, imports): \(count)")
    }
    var shadowExplained: String {
        t(
            "Schaduwwaarde: wat 1 MW extra capaciteit het hele jaar zou besparen (k€ per MW per jaar), geldig tot het genoemde aantal extra MW.",
            "Shadow value: what one more MW of capacity for the whole year would save (k€ per MW per year), valid up to the stated extra MW.")
    }
    var outlineNote: String { t("Kustlijn schematisch; knooppunten op ware positie.", "Coastline schematic; nodes at their true position.") }

    // MARK: Timeline
    var timelineHeading: String { t("Knelpunten door de jaren", "Bottleneck timeline") }
    var timelineIntro: String {
        t(
            "Schaduwwaarde per jaar in k€ per MW per jaar. ▲ = project (MIEK, TenneT, Gasunie) dat vanaf dat jaar capaciteit toevoegt; ✕ = geannuleerd project. Een leeg vak is geen knelpunt, – betekent dat de installatie dat jaar niet bestaat.",
            "Shadow value per year in k€ per MW per year. ▲ = project (MIEK, TenneT, Gasunie) adding capacity from that year; ✕ = cancelled project. An empty cell is no bottleneck, – means the installation does not exist that year."
        )
    }
    var timelineCaption: String { t("Schaduwwaarde per asset en jaar (k€/MW/jaar)", "Shadow value per asset and year (k€/MW/yr)") }
    func supplyRows(_ count: Int) -> String { t("Aanbod (opwek en import): \(count) rijen", "Supply (generation and imports): \(count) rows") }
    var project: String { t("project", "project") }
    var cancelled: String { t("geannuleerd", "cancelled") }
    var notPresent: String { t("bestaat niet", "not present") }
    var noBottlenecksAtAll: String { t("In geen enkel jaar een knelpunt.", "No bottleneck in any year.") }

    // MARK: Companies
    var companiesHeading: String { t("Bedrijven", "Companies") }
    func companyTableCaption(_ year: Int) -> String { t("Vraag en levering per bedrijf in \(year)", "Demand and supply per company in \(year)") }
    var sortHint: String { t("Klik op een kolomkop om te sorteren.", "Click a column header to sort.") }
    var chartsHeading: String { t("Vraag en levering per jaar", "Demand and supply per year") }
    var chartsIntro: String {
        t(
            "Elke staaf is de vraag van een jaar: geleverd, afgesproken flex (afschakeling volgens contract) en niet geleverd. Bedrijven met het laagste geleverde aandeel staan eerst; elke grafiek heeft een eigen schaal.",
            "Each bar is one year's demand: served, agreed flex (curtailment under contract) and unserved. Companies with the lowest served share come first; each chart has its own scale."
        )
    }
    var served: String { t("geleverd", "served") }
    var flex: String { t("flex (afgesproken)", "flex (agreed)") }
    var unserved: String { t("niet geleverd", "unserved") }
    func lowestShare(_ share: String, _ year: Int) -> String { t("laagste aandeel \(share) (\(year))", "lowest share \(share) (\(year))") }
    func co2Peak(_ kt: String, _ year: Int) -> String { t("CO₂ in gevaar tot \(kt) kt (\(year))", "CO₂ at risk up to \(kt) kt (\(year))") }
    func chartTitle(_ name: String) -> String { t("Vraag en levering van \(name)", "Demand and supply of \(name)") }
    func chartYear(year: Int, demand: String, served: String, flex: String, unserved: String) -> String {
        t(
            "\(year): vraag \(demand), geleverd \(served), flex \(flex), niet geleverd \(unserved)",
            "\(year): demand \(demand), served \(served), flex \(flex), unserved \(unserved)")
    }
    var noDemand: String { t("geen vraag", "no demand") }

    // MARK: Comparison
    var comparisonHeading: String { t("Verdeelregels vergeleken", "Allocation rules compared") }
    func comparisonIntro(_ primary: String) -> String {
        t(
            "Geleverd aandeel per bedrijf onder elke regel; tussen haakjes het verschil met \(primary) in procentpunten.",
            "Served share per company under each rule; in brackets the difference from \(primary) in percentage points.")
    }
    func comparisonCaption(_ year: Int) -> String { t("Geleverd aandeel per regel in \(year) (%)", "Served share per rule in \(year) (%)") }
    var rowUnserved: String { t("Niet geleverd, totaal (GWh)", "Unserved, total (GWh)") }
    var rowMinShare: String { t("Laagste aandeel (%)", "Lowest share (%)") }
    var rowCost: String { t("Kosten (M€/jaar)", "Cost (M€/yr)") }
    var percentagePoints: String { t("%-punt", "pp") }

    // MARK: Provenance
    var provenanceHeading: String { t("Herkomst en reproduceerbaarheid", "Provenance and reproducibility") }
    var reproducible: String {
        t(
            "Dezelfde invoerbestanden en opties geven hetzelfde rapport, byte voor byte. Energie in GWh (1 GWh = 1.000 MWh); waterstof in MWh op LHV-basis.",
            "The same input files and options give the same report, byte for byte. Energy in GWh (1 GWh = 1,000 MWh); hydrogen in MWh on an LHV basis."
        )
    }
    var tool: String { t("Programma", "Tool") }
    var solver: String { t("Oplosser", "Solver") }
    var dataset: String { t("Dataset", "Dataset") }
    var scenario: String { t("Scenario", "Scenario") }
    var inputFiles: String { t("Invoerbestanden", "Input files") }
    var colFile: String { t("Bestand", "File") }
    var colBytes: String { "Bytes" }
    var options: String { t("Opties", "Options") }
    var tolerances: String { t("Toleranties", "Tolerances") }
    var solves: String { t("Oplossingen per jaar", "Solves per year") }
    var colRule: String { t("Regel", "Rule") }
    var colStatus: String { "Status" }
    var colLPs: String { t("LP's", "LPs") }
    var colIterations: String { t("Iteraties", "Iterations") }
    var commandLine: String { t("Opdrachtregel", "Command line") }
    var colName: String { t("Naam", "Name") }
    var colValue: String { t("Waarde", "Value") }
}
