// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import Testing

/// Datasets on disk under Fixtures/, read through ``DatasetFolder`` (the other tests use memory).
@Suite("Fixture folders on disk")
struct FixtureTests {
    @Test("The smallest valid dataset: only the required files, a leap year of 8,784 h, no profiles")
    func minimalValid() throws {
        let loaded = try DatasetLoader.load(from: Repository.fixtures.appendingPathComponent("minimal-valid"), options: .init(strict: true))
        #expect(loaded.diagnostics.isEmpty)
        let data = loaded.dataset
        #expect(data.info.years == [2030])
        #expect(data.projects.isEmpty && data.conversions.isEmpty && data.transitions.isEmpty && data.flex.isEmpty)
        #expect(data.links.isEmpty)
        #expect(data.timeslices.profileNames.isEmpty)
        #expect(abs(data.timeslices.totalHours - 8784) <= 1e-9)
        #expect(data.consumers.first?.queueDate == CalendarDate(year: 2024, month: 2, day: 29))
    }

    @Test("A broken folder: every problem reported in file order; README.md and hidden files ignored; CRLF and BOM read")
    func brokenOnDisk() {
        let folder = Repository.fixtures.appendingPathComponent("broken-on-disk")
        do {
            _ = try DatasetLoader.load(from: folder)
            Issue.record("expected errors")
        } catch {
            let found = error.diagnostics.map {
                "\($0.file):\($0.line.map(String.init) ?? "-"):\($0.column.map(String.init) ?? "-") \($0.rule.rawValue)"
            }
            #expect(
                found == [
                    "dataset.toml:-:- missingKey",
                    "dataset.toml:7:1 unknownKey",
                    "links.csv:2:4 unknownReference",
                    "demand.csv:4:4 badNumber",
                    "notes:-:- unknownFile",
                ])
            #expect(error.errorCount == 5 && error.warningCount == 0)
            #expect(error.diagnostics[1].message == "unknown key `energy_base`; did you mean `energy_basis`?")
            #expect(
                error.diagnostics[4].formatted(directory: "fixtures/broken-on-disk")
                    == "fixtures/broken-on-disk/notes: error [unknownFile]: folder `notes` is not part of the dataset format; remove it or move it out of the dataset folder"
            )
        }
    }
}
