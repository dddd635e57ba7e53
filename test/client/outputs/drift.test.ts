/**
 * The browser's drift report on linkedom's DOM: each feature's status as its row class and text,
 * the values each table held, and the notes (why a feature was not tested, new and missing
 * categories), all as text.
 */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { renderDrift } from "../../../client/outputs/drift.ts";
import type { DriftOutput } from "../../../server/protocol/index.ts";

const dom = parseHTML("<!doctype html><html><body></body></html>");
// The renderer builds its elements with the global document, as in the browser.
Object.assign(globalThis, { document: dom.document });

const XSS = "<img src=x onerror=alert(1)>";

const output: DriftOutput = {
  kind: "drift",
  method: "auto",
  features: [
    {
      feature: "purpose",
      method: "chiSquareGoodnessOfFit",
      status: "drifted",
      statistic: null,
      pValue: 0,
      threshold: 0.05,
      drift: true,
      referenceRows: 5000,
      currentRows: 1500,
      newCategories: { categories: [{ category: XSS, count: 5 }], distinct: 1 },
      missingCategories: { categories: [], distinct: 0 },
    },
    {
      feature: "income",
      method: "skipped",
      status: "insufficient",
      statistic: null,
      pValue: null,
      threshold: null,
      drift: false,
      referenceRows: 5000,
      currentRows: 12,
      reason: "12 current values, fewer than minRows (30): too few to judge drift",
    },
  ],
  share: 1,
  tested: 1,
  drift: true,
  referenceRows: 5000,
  currentRows: 1500,
};

describe("renderDrift in the browser", () => {
  const report = renderDrift(output);
  const rows = [...report.querySelectorAll("tbody tr")];
  const cells = (row: Element) => [...row.querySelectorAll("td")].map((td) => td.textContent);

  it("says what the share counts and what it leaves out", () => {
    expect(report.querySelector("p")?.textContent).toBe(
      "auto: drift detected — 100% of 1 feature drifted; 1 with too few values (5,000 reference rows, 1,500 current)",
    );
    expect([...report.querySelectorAll("th")].map((th) => th.textContent)).toEqual([
      "feature",
      "method",
      "statistic",
      "",
      "p-value",
      "threshold",
      "values (ref / cur)",
      "status",
      "notes",
    ]);
  });

  it("shows each feature's status, values and notes, names as text", () => {
    expect(rows.map((row) => row.className)).toEqual(["drifted", "insufficient"]);
    expect(cells(rows[0])).toEqual([
      "purpose",
      "chiSquareGoodnessOfFit",
      "—",
      "",
      "0",
      "0.05",
      "5,000 / 1,500",
      "drift",
      `new in current: ${XSS} (5)`,
    ]);
    expect(rows[0].querySelector("img")).toBeNull();
    expect(cells(rows[1])).toEqual([
      "income",
      "skipped",
      "—",
      "",
      "—",
      "—",
      "5,000 / 12",
      "insufficient",
      "12 current values, fewer than minRows (30): too few to judge drift",
    ]);
  });
});
