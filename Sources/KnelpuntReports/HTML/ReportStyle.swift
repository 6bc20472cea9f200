// SPDX-License-Identifier: GPL-3.0-or-later

/// The report's inline style sheet and script. Neither contains data: everything from the
/// dataset goes into the escaped HTML.
enum ReportStyle {
    static let css = """
        :root { --ink: #1b1f24; --muted: #5b6570; --line: #d9dee3; --bg: #f3f4f6; --card: #ffffff; --accent: #1d3557; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        .page-header, main, footer, .year-bar-inner { max-width: 1380px; margin: 0 auto; padding-left: 24px; padding-right: 24px; }
        .page-header { padding-top: 26px; padding-bottom: 6px; }
        h1 { font-size: 26px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
        h1 .dataset { display: block; font-size: 17px; font-weight: 400; color: var(--muted); margin-top: 4px; }
        h2 { font-size: 19px; margin: 0 0 14px; }
        h3 { font-size: 14px; margin: 14px 0 6px; }
        .meta { color: var(--muted); margin: 6px 0; }
        .intro { max-width: 920px; margin: 6px 0 4px; }
        .note { color: var(--muted); font-size: 12.5px; margin: 6px 0 10px; max-width: 980px; }
        .empty { color: var(--muted); font-style: italic; }
        small { color: var(--muted); font-size: 11.5px; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 12px; }
        a { color: var(--accent); }
        .visually-hidden, .year-radio { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
        svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
        .year-bar { position: sticky; top: 0; z-index: 10; background: rgba(243, 244, 246, 0.96); border-bottom: 1px solid var(--line); margin-top: 10px; }
        .year-bar-inner { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding-top: 8px; padding-bottom: 8px; }
        .year-bar-title { font-weight: 600; margin-right: 4px; }
        .year-bar label { display: inline-block; padding: 3px 11px; border: 1px solid #b8c1ca; border-radius: 14px; background: #ffffff; cursor: pointer; font-variant-numeric: tabular-nums; user-select: none; }
        .year-bar label:hover { border-color: var(--accent); }
        .year-bar-links { margin-left: auto; display: flex; gap: 14px; font-size: 13px; }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 20px 22px; margin: 18px 0; }
        .yv { display: none; }
        svg .yv { display: none; }
        .cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 14px; }
        table.horizon { margin-bottom: 22px; }
        .card { border: 1px solid var(--line); border-top: 4px solid var(--accent); border-radius: 8px; padding: 12px 14px 10px; background: #fff; }
        .card-unserved { border-top-color: #d1495b; }
        .card-co2 { border-top-color: #3f8f5a; }
        .card-bottlenecks { border-top-color: #e0662b; }
        .card-worst { border-top-color: #6d5a8c; }
        .card .label { text-transform: uppercase; letter-spacing: 0.05em; font-size: 11.5px; color: var(--muted); font-weight: 600; }
        .card .big { font-size: 28px; font-weight: 700; line-height: 1.15; margin: 6px 0 2px; font-variant-numeric: tabular-nums; }
        .card .big-name { font-size: 19px; line-height: 1.25; }
        .card .sub { color: var(--muted); font-size: 12.5px; margin-bottom: 8px; min-height: 18px; }
        .card table { width: 100%; border-collapse: collapse; font-size: 12.5px; }
        .card th, .card td { padding: 4px 0; border-top: 1px solid #edf0f2; font-weight: 400; text-align: left; vertical-align: top; }
        .card th { color: var(--muted); padding-right: 8px; white-space: nowrap; }
        .card td.num { text-align: right; }
        .table-scroll { overflow-x: auto; }
        table.data { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
        table.data caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
        table.data th, table.data td { padding: 5px 8px; border-bottom: 1px solid #e6e9ec; text-align: left; vertical-align: top; }
        table.data thead th { border-bottom: 2px solid #c4cbd2; font-weight: 600; background: #fafbfc; vertical-align: bottom; }
        table.data tbody th { font-weight: 500; }
        table.data tfoot th, table.data tfoot td { border-top: 2px solid #c4cbd2; font-weight: 600; }
        table.data .num { text-align: right; }
        table.data.small { font-size: 12px; }
        table.horizon td.bar-cell { background: linear-gradient(to left, #f6c9cf var(--w), transparent var(--w)); }
        tr.short th { color: #8a1023; }
        th button.sort { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; }
        th button.sort::after { content: " \\2195"; color: #9aa4ae; }
        th[aria-sort="ascending"] button.sort::after { content: " \\25B2"; color: var(--ink); }
        th[aria-sort="descending"] button.sort::after { content: " \\25BC"; color: var(--ink); }
        .map-layout { display: grid; grid-template-columns: minmax(0, 640px) minmax(0, 1fr); gap: 26px; align-items: start; }
        svg.geo { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
        svg.geo .map-bg { fill: #eef1f4; }
        svg.geo .land { fill: #ffffff; stroke: #9aa6b2; stroke-width: 0.8; stroke-linejoin: round; }
        svg.geo .water { fill: #dbe7f1; stroke: #9aa6b2; stroke-width: 0.6; stroke-linejoin: round; }
        svg.geo line { stroke-linecap: butt; }
        svg .node.el { fill: #ffffff; stroke: #1b1f24; stroke-width: 1.4; }
        svg .node.h2 { fill: #ffffff; stroke: #0f7b6c; stroke-width: 1.5; }
        svg .cap { stroke: none; }
        svg .cap-red { fill: #c62828; } svg .cap-orange { fill: #ef6c00; } svg .cap-yellow { fill: #f2c200; } svg .cap-green { fill: #2e7d32; }
        svg.geo .labels text { font-size: 10px; fill: #37414b; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
        svg .marker rect { fill: #1b1f24; stroke: #ffffff; stroke-width: 1.5; }
        abbr[title] { text-decoration: none; }
        svg .marker text { fill: #ffffff; font-size: 10.5px; font-weight: 700; text-anchor: middle; }
        svg.geo .leader { stroke: #1b1f24; stroke-width: 1; }
        svg.geo .scale-bar text, svg.geo .north text { font-size: 11px; fill: #1b1f24; }
        svg.geo .inset-frame rect { fill: none; stroke: #37414b; stroke-width: 1.2; stroke-dasharray: 5 3; }
        svg.geo .inset-frame text { font-size: 13px; font-weight: 700; fill: #37414b; }
        svg.map-inset { margin-top: 4px; }
        .inset-title { font-size: 13px; margin: 14px 0 2px; }
        .legend h3 { margin: 0 0 4px; font-size: 12.5px; }
        .legend ul, .bar-legend, .heat-legend { list-style: none; margin: 0 0 12px; padding: 0; }
        .legend li { display: flex; align-items: center; gap: 6px; font-size: 12.5px; line-height: 1.25; margin: 2px 0; }
        .legend { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); column-gap: 18px; }
        .legend h3:nth-of-type(3), .legend ul:nth-of-type(3) { grid-column: 1 / -1; }
        .legend ul:nth-of-type(3) { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); column-gap: 18px; }
        .legend h3:nth-of-type(1) { grid-column: 1; grid-row: 1; } .legend ul:nth-of-type(1) { grid-column: 1; grid-row: 2; }
        .legend h3:nth-of-type(2) { grid-column: 2; grid-row: 1; } .legend ul:nth-of-type(2) { grid-column: 2; grid-row: 2; }
        svg.swatch { flex: none; }
        .map-side table.bottlenecks { margin-top: 6px; }
        table.bottlenecks { table-layout: fixed; }
        table.bottlenecks col.c-rank { width: 30px; } table.bottlenecks col.c-asset { width: 31%; }
        table.bottlenecks col.c-value { width: 17%; } table.bottlenecks col.c-valid { width: 12%; }
        table.bottlenecks col.c-use { width: 13%; } table.bottlenecks col.c-affected { width: 27%; }
        table.bottlenecks th, table.bottlenecks td { overflow-wrap: break-word; padding-left: 5px; padding-right: 5px; }
        table.bottlenecks td.affected .count { font-weight: 600; }
        table.bottlenecks td.affected small { display: block; line-height: 1.3; }
        section, footer { scroll-margin-top: 56px; }
        details { margin: 10px 0; }
        details summary { cursor: pointer; color: var(--accent); }
        details ul { columns: 2; font-size: 12.5px; padding-left: 18px; }
        .heat-legend, .bar-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12.5px; align-items: center; }
        .heat-legend li, .bar-legend li { display: flex; align-items: center; gap: 5px; }
        .heat-swatch { display: inline-block; width: 22px; height: 14px; border: 1px solid #c4cbd2; }
        table.heat td { min-width: 58px; white-space: nowrap; }
        table.heat td.absent { color: #aab3bc; }
        table.heat td.has-project { box-shadow: inset 3px 0 0 #1b1f24; }
        table.heat .proj { font-size: 10px; margin-right: 3px; }
        table.heat tbody th { min-width: 240px; }
        .charts-heading { font-size: 16px; margin-top: 22px; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
        .chart-card { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 6px; background: #fff; }
        .chart-card.short { border-left: 4px solid #d1495b; }
        .chart-card figcaption { font-size: 12.5px; line-height: 1.35; min-height: 34px; }
        .company-name { font-weight: 600; font-size: 13.5px; }
        .cluster { color: var(--muted); font-size: 11.5px; }
        .stats { color: var(--muted); }
        .badge { display: inline-block; font-size: 10.5px; padding: 0 7px; border-radius: 9px; background: #e4e8ee; color: #37414b; vertical-align: 1px; }
        .badge.maatwerk { background: var(--accent); color: #ffffff; }
        .badge.public { background: #0f7b6c; color: #ffffff; }
        table.queue td.grant { background: linear-gradient(to right, var(--gc) var(--g), #f1f3f5 var(--g)); min-width: 34px; }
        table.queue td.grant-full { --gc: #b7dfc0; }
        table.queue td.grant-part { --gc: #f4c77d; }
        table.queue td.grant-zero { --gc: #f1f3f5; color: #b0263a; font-weight: 600; }
        table.queue td.grant-none { color: #9aa3ab; }
        svg.bars { display: block; width: 100%; height: auto; }
        svg.bars .axis { font-size: 10px; fill: var(--muted); }
        svg.bars .year { font-size: 9px; fill: var(--muted); text-anchor: middle; }
        svg.bars .grid { stroke: #d9dee3; stroke-dasharray: 3 3; }
        svg.bars .base { stroke: #5b6570; }
        table.comparison td.share { position: relative; padding-bottom: 9px; min-width: 92px; }
        table.comparison .share-bar { position: absolute; left: 8px; right: 8px; bottom: 3px; height: 3px; background: linear-gradient(to right, #2f5d8a var(--w), #e6e9ec var(--w)); }
        table.comparison td.short { color: #8a1023; }
        .delta.up { color: #1f6f3f; }
        .delta.down { color: #a5112a; }
        footer { padding-top: 8px; padding-bottom: 40px; color: #37414b; }
        footer h2 { font-size: 16px; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0 0 14px; font-size: 13px; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; word-break: break-word; }
        .provenance-grid { display: grid; grid-template-columns: minmax(0, 1.5fr) minmax(0, 1fr) minmax(0, 0.9fr); gap: 20px; align-items: start; }
        .provenance-grid table { margin-bottom: 14px; }
        code.hash { font-size: 10.5px; word-break: break-all; }
        @media (max-width: 1000px) {
          .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
          .map-layout, .provenance-grid { grid-template-columns: minmax(0, 1fr); }
          .year-bar-links { display: none; }
        }
        @media print {
          body { background: #ffffff; }
          .year-bar { position: static; }
          section { break-inside: avoid-page; border: 0; padding: 0; }
        }

        """

    /// Table sorting: turns the headers of `table.sortable` into buttons; sorts by `data-v`
    /// (numbers) or the text. Without script the tables keep their server-side order.
    static let script = """
        (function () {
          "use strict";
          var lang = document.documentElement.lang || "en";
          var tables = document.querySelectorAll("table.sortable");
          Array.prototype.forEach.call(tables, function (table) {
            var heads = table.tHead.rows[0].cells;
            Array.prototype.forEach.call(heads, function (th, column) {
              var button = document.createElement("button");
              button.type = "button";
              button.className = "sort";
              while (th.firstChild) { button.appendChild(th.firstChild); }
              th.appendChild(button);
              button.addEventListener("click", function () {
                var ascending = th.getAttribute("aria-sort") !== "ascending";
                Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
                th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
                var numeric = th.getAttribute("data-type") === "number";
                var body = table.tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                function key(row) {
                  var cell = row.cells[column];
                  var value = cell.getAttribute("data-v");
                  if (value === null) { value = cell.textContent; }
                  if (!numeric) { return value; }
                  var number = parseFloat(value);
                  return isNaN(number) ? -Infinity : number;
                }
                rows.sort(function (a, b) {
                  var x = key(a), y = key(b);
                  var order = numeric ? (x < y ? -1 : x > y ? 1 : 0) : String(x).localeCompare(String(y), lang);
                  if (order === 0) { order = Number(a.getAttribute("data-i")) - Number(b.getAttribute("data-i")); return order; }
                  return ascending ? order : -order;
                });
                rows.forEach(function (row) { body.appendChild(row); });
              });
            });
            table.setAttribute("data-sortable", "ready");
          });
        })();

        """
}
