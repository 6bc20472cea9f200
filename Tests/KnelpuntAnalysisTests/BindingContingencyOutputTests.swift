// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntReports
import Testing

/// bottlenecks.csv names the outage under which a link binds (`binding_contingency`), on the
/// hand-solved grids of ``PowerFlowTests``.
@Suite struct BindingContingencyOutputTests {
    /// The cells of `column` in the rows of `table` whose asset is `asset`.
    func cell(_ table: CSVTable, asset: String, column: String) throws -> String {
        let lines = table.render(.en).split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(lines.first)
        let assetIndex = try #require(header.firstIndex(of: "asset"))
        let columnIndex = try #require(header.firstIndex(of: column))
        let row = try #require(lines.dropFirst().first { $0.count == header.count && $0[assetIndex] == asset })
        return row[columnIndex]
    }

    /// Two parallel lines under N-1, l2's emergency rating raised to 150 MW: only "l1 after l2
    /// trips" binds, so l1's row says `l2`; l2 is no bottleneck and its cell is empty.
    @Test func postContingencyBottleneckNamesTheOutage() throws {
        var dataset = PowerFlowTests.parallelLines(security: .n1)
        dataset.links[1].emergencyRatingMW = 150
        let outcome = try PowerFlowTests().solve(dataset)
        let table = AllocationTables.bottlenecks([outcome])
        #expect(table.header.last == "binding_contingency")
        #expect(try cell(table, asset: "l1", column: "binding_contingency") == "l2")
        #expect(try cell(table, asset: "l1", column: "bottleneck") == "true")
        #expect(try cell(table, asset: "l2", column: "binding_contingency") == "")
    }

    /// Without N-1 the congested triangle line binds on the intact grid: a bottleneck, empty cell.
    @Test func intactGridBottleneckLeavesTheCellEmpty() throws {
        let outcome = try PowerFlowTests().solve(PowerFlowTests.triangle(reactances: true))
        let table = AllocationTables.bottlenecks([outcome])
        #expect(try cell(table, asset: "ac", column: "bottleneck") == "true")
        #expect(try cell(table, asset: "ac", column: "binding_contingency") == "")
    }
}
