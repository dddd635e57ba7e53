/**
 * The browser's drift report on linkedom's DOM: each feature's status as its row class and text,
 * the values each table held, and the notes (why a feature was not tested, new and missing
 * categories), all as text.
 */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { renderDrift } from "../../../client/outputs/drift.ts";
import { DRIFT_COLUMNS } from "../../../server/protocol/index.ts";
import { MARKUP_CATEGORY, REPORT_WITH_NOTES, REPORT_WITH_NOTES_VERDICT } from "../../helpers/driftReport.ts";

const dom = parseHTML("<!doctype html><html><body></body></html>");
// The renderer builds its elements with the global document, as in the browser.
Object.assign(globalThis, { document: dom.document });

describe("renderDrift in the browser", () => {
  const report = renderDrift(REPORT_WITH_NOTES);
  const rows = [...report.querySelectorAll("tbody tr")];
  const cells = (row: Element) => [...row.querySelectorAll("td")].map((td) => td.textContent);

  it("says what the share counts and what it leaves out", () => {
    expect(report.querySelector("p")?.textContent).toBe(
      `auto: ${REPORT_WITH_NOTES_VERDICT.verdict}${REPORT_WITH_NOTES_VERDICT.share}`,
    );
    expect([...report.querySelectorAll("th")].map((th) => th.textContent)).toEqual(DRIFT_COLUMNS);
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
      `new in current: ${MARKUP_CATEGORY} (5); not in current: boat (20 in reference)`,
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
