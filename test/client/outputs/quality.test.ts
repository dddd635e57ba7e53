/** The browser's dataQuality report on linkedom's DOM: summary, findings and a row per column, data as text. */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { renderQuality } from "../../../client/outputs/quality.ts";
import { QUALITY_COLUMNS, type QualityOutput } from "../../../server/protocol/index.ts";

const dom = parseHTML("<!doctype html><html><body></body></html>");
// The renderer builds its elements with the global document, as in the browser.
Object.assign(globalThis, { document: dom.document });

const MARKUP = "<img src=x onerror=alert(1)>";
const output: QualityOutput = {
  kind: "quality",
  rows: 1200,
  totalColumns: 2,
  missingCells: { count: 30, share: 0.0125 },
  labelCoverage: 0.75,
  findings: [{ check: "categories the reference never had", columns: ["region"] }],
  columns: [
    { column: "age", role: "feature", type: "numeric", missing: { count: 30, share: 0.025 }, distinct: 60, issues: [] },
    {
      column: "region",
      role: "feature",
      type: "categorical",
      missing: { count: 0, share: 0 },
      distinct: 3,
      issues: [`5 unseen (0.4167%): ${MARKUP}`],
    },
  ],
};

describe("renderQuality in the browser", () => {
  const report = renderQuality(output);
  const rows = [...report.querySelectorAll("tbody tr")];

  it("summarizes the table and lists what the checks found", () => {
    expect(report.querySelector("p")?.textContent).toBe(
      "data quality: 1,200 rows × 2 columns — 1.25% of cells missing; 75% labelled",
    );
    expect([...report.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "categories the reference never had: region",
    ]);
    expect(report.className).toContain("has-findings");
  });

  it("shows each column with its findings, flagged ones marked, data as text", () => {
    expect([...report.querySelectorAll("th")].map((th) => th.textContent)).toEqual(QUALITY_COLUMNS);
    expect(rows.map((row) => row.className)).toEqual(["", "flagged"]);
    expect([...rows[0].querySelectorAll("td")].map((td) => td.textContent)).toEqual([
      "age",
      "feature",
      "numeric",
      "30 (2.5%)",
      "60",
      "",
    ]);
    expect(rows[1].querySelector("td.findings")?.textContent).toBe(`5 unseen (0.4167%): ${MARKUP}`);
    expect(report.querySelector("img")).toBeNull();
  });
});
