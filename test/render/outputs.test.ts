import { describe, expect, it } from "vitest";
import { renderOutput } from "../../server/render/outputs.ts";
import { REPORT_WITH_NOTES, REPORT_WITH_NOTES_VERDICT } from "../helpers/driftReport.ts";

const XSS = "<img src=x onerror=alert(1)>";
const ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

describe("renderOutput", () => {
  it("renders a drift report as a table with a bar per feature", () => {
    const markup = renderOutput({
      kind: "drift",
      method: "tabularDrift",
      features: [
        {
          feature: XSS,
          method: "ks",
          status: "drifted",
          statistic: 0.4,
          pValue: 0.00001,
          threshold: 0.05,
          drift: true,
        },
        {
          feature: "region",
          method: "chi2",
          status: "stable",
          statistic: 0.1,
          pValue: 0.5234567,
          threshold: null,
          drift: false,
        },
      ],
      share: 0.5,
      tested: 2,
      drift: true,
    });
    expect(markup).toContain(
      'tabularDrift: <strong class="drifted">drift detected</strong> — 50% of 2 features drifted</p>',
    );
    expect(markup).toContain(`<tr class="drifted"><td>${ESCAPED}</td><td>ks</td><td class="number">0.4</td>`);
    expect(markup).toContain(`<span class="bar drifted" style="width:100.0%"></span>`);
    expect(markup).toContain(`<span class="bar" style="width:25.0%"></span>`);
    expect(markup).toContain(
      `<td class="number">1.00e-5</td><td class="number">0.05</td><td class="number"></td><td>drift</td><td class="notes"></td>`,
    );
    expect(markup).toContain(
      `<td class="number">0.5235</td><td class="number">—</td><td class="number"></td><td>ok</td>`,
    );
    expect(markup).not.toContain("<img");
  });

  it("shows a drift report's row counts, insufficient features and the categories only one table has", () => {
    const markup = renderOutput(REPORT_WITH_NOTES);
    expect(markup).toContain(
      `<p>auto: <strong class="drifted">${REPORT_WITH_NOTES_VERDICT.verdict}</strong>${REPORT_WITH_NOTES_VERDICT.share}</p>`,
    );
    expect(markup).toContain(
      `<td class="number">5,000 / 1,500</td><td>drift</td><td class="notes">new in current: ${ESCAPED} (5); not in current: boat (20 in reference)</td>`,
    );
    expect(markup).toContain(`<tr class="insufficient"><td>income</td><td>skipped</td><td class="number">—</td>`);
    expect(markup).toContain(
      `<td class="number">5,000 / 12</td><td>insufficient</td><td class="notes">12 current values, fewer than minRows (30): too few to judge drift</td>`,
    );
    expect(markup).not.toContain("<img");
  });

  it("renders a whole table without a cut note", () => {
    const markup = renderOutput({
      kind: "table",
      columns: [{ name: XSS, type: "string" }],
      rows: [[XSS], [null]],
      totalRows: 2,
    });
    expect(markup).toContain(`<th title="string">${ESCAPED}</th>`);
    expect(markup).toContain(`<td class="null"></td>`);
    expect(markup).toContain(`<p class="note">2 rows</p>`);
  });

  it("words numbers and instants as the browser does, the exact value in a title", () => {
    const markup = renderOutput({
      kind: "table",
      columns: [
        { name: "score", type: "number" },
        { name: "at", type: "date" },
      ],
      rows: [[0.123456789, "2026-03-01T13:45:00.000Z"]],
      totalRows: 1,
    });
    expect(markup).toContain(`<td class="number" title="0.123456789">0.1235</td>`);
    expect(markup).toContain(`<td class="date" title="2026-03-01T13:45:00.000Z">2026-03-01 13:45 UTC</td>`);
  });

  it("renders json with its truncation note, and alerts in each state", () => {
    expect(renderOutput({ kind: "json", value: { a: XSS }, truncated: "strings longer than 10000 characters" })).toBe(
      `<div class="output output-json"><pre>{\n  &quot;a&quot;: &quot;${ESCAPED}&quot;\n}</pre>` +
        `<p class="note">truncated: strings longer than 10000 characters</p></div>`,
    );
    expect(renderOutput({ kind: "alert", name: "a", instances: [{ condition: false, value: null }] })).toBe(
      `<div class="output output-alert alert-ok">alert <strong>a</strong>: ok</div>`,
    );
    expect(renderOutput({ kind: "alert", name: "a", instances: [] })).toContain(": unknown");
  });

  it("renders an each rule as counts of its states and one escaped line per instance, a preview marked", () => {
    const standing = { preview: true, since: 0, activeSince: null, hold: { runs: 2 } } as const;
    const markup = renderOutput({
      kind: "alert",
      name: "feature-drift",
      severity: "warning",
      instances: [
        {
          key: "age",
          condition: true,
          value: 0.31,
          standing: { ...standing, state: "pending", pendingCount: 1, stored: { state: "normal", pendingCount: 0 } },
        },
        { key: XSS, condition: false, value: 0.02, standing: { ...standing, state: "normal", pendingCount: 0 } },
      ],
    });
    expect(markup).toBe(
      `<div class="output output-alert alert-pending alert-preview">alert <strong>feature-drift</strong>: preview: 2 instances: 1 pending, 1 normal (warning)<ul>\n` +
        `<li class="alert-pending">age: pending 1/2 · would fire after 1 more run · stored: normal · value 0.31</li>\n` +
        `<li class="alert-normal">${ESCAPED}: normal · value 0.02</li>\n</ul></div>`,
    );
  });

  it("renders an error's line and column in its cell, else its line in the file", () => {
    expect(renderOutput({ kind: "error", message: XSS, line: 12, column: 7, cellLine: 2, cellColumn: 7 })).toBe(
      `<div class="output output-error"><strong>Error at line 2:7</strong><pre>${ESCAPED}</pre></div>`,
    );
    expect(renderOutput({ kind: "error", message: XSS, line: 3 })).toBe(
      `<div class="output output-error"><strong>Error at line 3 of the file</strong><pre>${ESCAPED}</pre></div>`,
    );
  });
});
