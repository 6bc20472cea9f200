// SPDX-License-Identifier: GPL-3.0-or-later

/// The named rules a dataset is checked against. Each diagnostic carries exactly one rule; the
/// rule names appear in messages (`[unknownReference]`) and in docs/dataset-format.md.
public enum DiagnosticRule: String, Hashable, Comparable, Sendable, CaseIterable {
    // MARK: Files
    /// The dataset folder does not exist or cannot be listed.
    case missingFolder
    /// A file or folder in the dataset folder that is not part of the format.
    case unknownFile
    /// A required file is absent.
    case missingFile
    /// A file exists but cannot be read.
    case unreadableFile
    /// A file is larger than the loader's limit.
    case fileTooLarge
    /// A CSV file has no header row.
    case emptyFile

    // MARK: CSV syntax
    /// Bytes that are not UTF-8, or a NUL byte (a binary file).
    case badEncoding
    /// A quoted cell that never closes.
    case unterminatedQuote
    /// A `"` inside an unquoted cell, or text after a closing quote.
    case strayQuote
    /// A row whose number of cells differs from the header's.
    case wrongFieldCount

    // MARK: Header
    /// A column that the file's schema does not define.
    case unknownColumn
    /// A column that the file's schema requires is absent.
    case missingColumn
    /// The same column name appears twice in a header.
    case duplicateColumn

    // MARK: dataset.toml
    /// TOML syntax the reader does not accept.
    case badToml
    /// A TOML key or table defined twice.
    case duplicateKey
    /// A required key of dataset.toml is absent.
    case missingKey
    /// A key of dataset.toml that the format does not define.
    case unknownKey
    /// A dataset.toml value of the wrong type.
    case wrongType

    // MARK: Cells
    /// An empty cell in a column that needs a value.
    case missingValue
    /// An id that is not `[A-Za-z0-9_.-]+`.
    case badId
    /// A cell that is not a decimal number with `.` as decimal separator.
    case badNumber
    /// NaN, infinity, or a number too large for a double (such as `1e400`).
    case nonFinite
    /// A cell that is not a whole number.
    case badInteger
    /// A cell that is not a calendar year between 1900 and 2200.
    case badYear
    /// A cell that is not a real calendar date `YYYY-MM-DD`.
    case badDate
    /// A cell that is not one of the allowed words.
    case badEnum
    /// An hour window that is not `a-b;c-d` with 0 ≤ a ≤ b ≤ 23.
    case badWindow
    /// A number outside its column's documented range.
    case valueOutOfRange
    /// A magnitude beyond the range that keeps the LP numerically safe (docs/numerics.md).
    case magnitudeOutOfRange
    /// A capacity below 0 MW in a file.
    case negativeCapacity
    /// A demand below 0 MW.
    case negativeDemand
    /// A conversion efficiency outside [0.001, 1].
    case efficiencyOutOfRange
    /// A profile value outside [0, 1].
    case profileOutOfRange
    /// A reactance ≤ 0.
    case badReactance
    /// An empty profile value in timeslices.csv.
    case profileMissing
    /// An empty `source` cell (a warning: every number should say where it comes from).
    case missingSource
    /// A reference to a node, consumer, link/supply/conversion, profile, project or group
    /// contract that does not exist.
    case unknownReference

    // MARK: Records
    /// An id used twice (links, supply and conversions share one id space).
    case duplicateId
    /// Carriers that do not fit together (a link between carriers, an electrolyser into an
    /// electricity node, demand for a carrier the consumer has no node for, …).
    case carrierMismatch
    /// A link from a node to itself.
    case selfLoop
    /// `retired` ≤ `commissioned`.
    case retiredBeforeCommissioned
    /// Capacity plus projects below 0 MW in a planning year.
    case negativeCapacityAfterProjects
    /// A flex commitment whose `from_year` is after its `to_year`.
    case flexYearsReversed
    /// Two flex commitments with the same consumer, carrier, product and `from_year`.
    case duplicateFlex
    /// Two demand levels with the same consumer, carrier and year.
    case duplicateDemandYear
    /// Timeslice weights that do not add up to 8,760 or 8,784 hours within 1e-6 relative.
    case weightsNotAYear
    /// Timeslice weights within 1e-6 but not 1e-9 relative of 8,760 or 8,784 hours (warning;
    /// the weights are used as given).
    case weightsNearlyAYear
    /// A flex or request window exists but a timeslice has no hour of day.
    case windowWithoutHours
    /// A consumer's node that no supply can reach through links and conversions (warning).
    case unreachableDemand
    /// A consumer's value of lost load not above every supply and flex cost (warning).
    case vollNotAboveCosts
    /// A reactance where no AC flow can be: on a hydrogen link, or in a project whose target is
    /// not an AC link.
    case reactanceWithoutACLink
    /// An emergency rating below the link's capacity (warning).
    case emergencyRatingBelowCapacity
    /// A contingency naming a controllable link (no reactance).
    case contingencyNotAC
    /// The same link listed twice in contingencies.csv.
    case duplicateContingency
    /// `security = "n-1"` in a dataset without AC links (warning): no outage would be checked.
    case securityWithoutACLinks

    // MARK: Requests and group contracts
    /// A `window` on a request whose product is not `time-block`.
    case windowWithoutTimeBlock
    /// A `time-block` request without a `window`.
    case timeBlockWithoutWindow
    /// A `curtail_hours_per_year` on a request whose product is not `tdtr`.
    case curtailHoursWithoutTDTR
    /// A request's `min_mw` above its `mw`.
    case minMWAboveRequest
    /// A request without `request_date` whose consumer has no `queue_date`.
    case requestWithoutDate
    /// A group contract whose `to_year` is before its `from_year`.
    case groupContractYearsReversed
    /// A group contract that no consumer takes part in (warning).
    case unusedGroupContract
    /// A project without a target (outside the modelled network) with a nonzero capacity_mw.
    case externalProjectCapacity
    // MARK: Delay distributions
    /// A delay_distributions.csv row with none, or more than one, of status, programme and project.
    case delaySelector
    /// The same delay_years twice in one rule (distribution and selector) of delay_distributions.csv.
    case duplicateDelayValue
    // MARK: Provenance (sources.csv)
    /// A sources.csv entry naming a file that is not a data file of this dataset.
    case provenanceUnknownFile
    /// A sources.csv entry naming a row key that its file does not have.
    case provenanceUnknownRow
    /// A sources.csv entry naming a column that is not a number column of its file.
    case provenanceUnknownColumn
    /// Two sources.csv entries for the same file, row and column.
    case duplicateProvenance

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Severity before `--strict` is applied.
    public var defaultSeverity: Severity {
        switch self {
        case .missingSource, .weightsNearlyAYear, .unreachableDemand, .vollNotAboveCosts, .emergencyRatingBelowCapacity, .securityWithoutACLinks,
            .unusedGroupContract:
            return .warning
        default: return .error
        }
    }

    /// One sentence for the docs: what the rule checks and how to fix a violation.
    public var summary: String {
        switch self {
        case .missingFolder: return "The dataset folder does not exist or cannot be listed; check the path."
        case .unknownFile:
            return
                "A file or folder that is not part of the format (a typo in a file name, a stray export); rename or remove it. Hidden files, `README.md`, a `drafts` folder (data not loaded yet) and a `derivations` folder (scripts that derive the data) are ignored."
        case .missingFile: return "A required file is absent; add it (a header row alone is enough for an empty table)."
        case .unreadableFile: return "A file exists but cannot be read; check its permissions."
        case .fileTooLarge: return "A file is larger than the loader's limit (200 MB by default); aggregate the data."
        case .emptyFile: return "A CSV file has no header row; add the header."
        case .badEncoding: return "Bytes that are not UTF-8, or a NUL byte (a binary file); save the file as UTF-8 text."
        case .unterminatedQuote: return "A quoted cell never closes; add the closing `\"`."
        case .strayQuote:
            return "A `\"` inside an unquoted cell or text after a closing quote; quote the whole cell and double inner quotes (`\"\"`)."
        case .wrongFieldCount: return "A row has more or fewer cells than the header; quote cells that contain commas."
        case .unknownColumn: return "A column the schema does not define (often a typo); rename or remove it."
        case .missingColumn: return "A column the schema requires is absent; add it (cells may be empty where allowed)."
        case .duplicateColumn: return "A column name appears twice in the header; remove one."
        case .badToml: return "dataset.toml has syntax the reader does not accept; fix the syntax at the position given."
        case .duplicateKey: return "A TOML key or table is defined twice; keep one."
        case .missingKey: return "A required dataset.toml key is absent; add it."
        case .unknownKey: return "A dataset.toml key the format does not define (often a typo); rename or remove it."
        case .wrongType: return "A dataset.toml value has the wrong type (for example a number in quotes); write it as documented."
        case .missingValue: return "An empty cell in a column that needs a value; fill it in."
        case .badId: return "An id with characters outside `[A-Za-z0-9_.-]`; use letters, digits, `_`, `.` and `-` only."
        case .badNumber: return "Not a decimal number; use `.` as the decimal separator and no thousands separators."
        case .nonFinite:
            return "NaN, infinity or a number beyond double range (such as `1e400`); use a finite value or leave the cell empty where allowed."
        case .badInteger: return "Not a whole number; write digits only."
        case .badYear: return "Not a calendar year between 1900 and 2200; write a four-digit year."
        case .badDate: return "Not a real calendar date; write `YYYY-MM-DD`."
        case .badEnum: return "Not one of the allowed words (case-sensitive); use one listed for the column."
        case .badWindow: return "Not an hour window; write ranges such as `7-23` or `0-6;22-23` (hours 0–23)."
        case .valueOutOfRange: return "A number outside the column's range (given in the column's type); correct it."
        case .magnitudeOutOfRange:
            return
                "A capacity, demand, cost, value of lost load or scenario factor beyond the range listed in docs/numerics.md (generous for planning, safe for the LP solver); check the unit (MW, not kW) and correct it."
        case .negativeCapacity:
            return "A capacity below 0 MW; capacities in files are never negative (use a project with negative `capacity_mw` for a reduction)."
        case .negativeDemand: return "A demand below 0 MW; demand is never negative."
        case .efficiencyOutOfRange: return "An efficiency outside [0.001, 1]; write a fraction such as `0.6`, not a percentage."
        case .profileOutOfRange: return "A profile value outside [0, 1]; profiles are fractions of capacity or demand."
        case .badReactance:
            return
                "A reactance ≤ 0; write the series reactance in per unit on a 100 MVA base, or leave the cell empty for a controllable link (HVDC)."
        case .profileMissing: return "An empty profile value in timeslices.csv; every profile needs a value in every timeslice."
        case .missingSource: return "An empty `source` cell (warning); say where the numbers come from."
        case .unknownReference:
            return
                "A reference to a node, consumer, link/supply/conversion, profile, project or group contract that does not exist; fix the id or add the record."
        case .duplicateId:
            return
                "An id used twice in a file (links, supply and conversions share one id space so project targets are unambiguous; a transition project belongs to one consumer); rename one."
        case .carrierMismatch:
            return
                "Carriers that do not fit: a link whose carrier differs from its nodes', a conversion not from electricity to hydrogen, a consumer node of the wrong carrier, wind or solar at a hydrogen node, or demand/flex for a carrier the consumer has no node for."
        case .selfLoop: return "A link from a node to itself; correct `from` or `to`."
        case .retiredBeforeCommissioned: return "`retired` is not after `commissioned`; an asset exists in years commissioned ≤ y < retired."
        case .negativeCapacityAfterProjects:
            return "Capacity plus the non-cancelled projects is below 0 MW in a planning year; check the project's sign, year or target."
        case .flexYearsReversed: return "`from_year` is after `to_year`; swap them."
        case .duplicateFlex: return "Two flex rows with the same consumer, carrier, product and `from_year`; merge them."
        case .duplicateDemandYear: return "Two demand rows with the same consumer, carrier and year; keep one."
        case .weightsNotAYear:
            return "Timeslice weights do not add up to 8,760 or 8,784 hours within 1e-6 relative (about 0.009 h); correct `weight_h`."
        case .weightsNearlyAYear:
            return
                "Timeslice weights add up to 8,760 or 8,784 hours within 1e-6 but not 1e-9 relative (warning, usually rounded weights); they are used as given; round `weight_h` to add up exactly."
        case .windowWithoutHours:
            return "A flex or request window exists but a timeslice has no `hour`; give every timeslice an hour of day."
        case .unreachableDemand:
            return
                "A consumer's node cannot be reached from any supply through links (either direction) and conversions (warning); its demand can never be served."
        case .vollNotAboveCosts:
            return
                "A consumer's value of lost load (or the default) is not above every supply and flex cost (warning); shedding it would look cheaper than serving it."
        case .reactanceWithoutACLink:
            return
                "A reactance on a hydrogen link, or a project reactance whose target is a supply, a conversion or a controllable link (no reactance in links.csv); empty the cell (only AC lines and transformers have a reactance)."
        case .emergencyRatingBelowCapacity:
            return
                "An emergency rating below the link's capacity in links.csv (warning): after an outage the line would be allowed less than before; check the two columns (empty = the capacity)."
        case .contingencyNotAC:
            return
                "contingencies.csv names a controllable link (HVDC or hydrogen, no reactance), whose outage does not redistribute AC flows; remove the row or give the link its `reactance_pu`."
        case .duplicateContingency: return "contingencies.csv lists the same link twice; remove one row."
        case .securityWithoutACLinks:
            return
                "`security = \"n-1\"` but no link has a `reactance_pu` (warning), so no outage is checked; give the AC lines their reactance or write `\"none\"`."
        case .windowWithoutTimeBlock:
            return "A `window` on a request whose product is not `time-block` (transition.csv); empty the window or set product to `time-block`."
        case .timeBlockWithoutWindow:
            return "A `time-block` request without a `window` (transition.csv); give the hours of day in which it may take transport."
        case .curtailHoursWithoutTDTR:
            return
                "A `curtail_hours_per_year` on a request whose product is not `tdtr` (transition.csv); empty the cell or set product to `tdtr`."
        case .minMWAboveRequest:
            return "A request's `min_mw` above its `mw` (transition.csv), so no grant could ever be large enough; lower min_mw or empty it."
        case .requestWithoutDate:
            return
                "A request without `request_date` whose consumer has no `queue_date` (transition.csv), so it has no place in the queue; give either date."
        case .groupContractYearsReversed:
            return "A group contract's `to_year` is before its `from_year`; swap them (to_year is the last year in force)."
        case .unusedGroupContract:
            return
                "A group contract that no consumer names in `group_contract` (warning): it constrains nothing; add its members in consumers.csv or remove it."
        case .externalProjectCapacity:
            return
                "A project without a `target` (outside the modelled network) has a nonzero `capacity_mw`; write 0, or name the link, supply or conversion it changes."
        case .delaySelector:
            return
                "A delay_distributions.csv row must select its projects by exactly one of status, programme and project; fill in one and empty the others (write one row per selector)."
        case .duplicateDelayValue:
            return
                "The same delay_years appears twice in one rule (same distribution and selector) of delay_distributions.csv; merge the rows by adding their weights."
        case .provenanceUnknownFile:
            return "sources.csv names a file that is not a data file of this dataset (or is sources.csv itself); fix the file name."
        case .provenanceUnknownRow:
            return "sources.csv names a row key that its file does not have; write the key as the format defines it (see Provenance) or `*`."
        case .provenanceUnknownColumn:
            return "sources.csv names a column that is not a number column of its file; name a number column or `*`."
        case .duplicateProvenance: return "sources.csv has two entries for the same file, row and column; keep one."
        }
    }
}
