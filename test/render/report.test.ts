import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import type { Output } from "../../server/protocol/index.ts";
import { renderReport, type ReportCell } from "../../server/render/report.ts";
import { alertOutput, serializeValue } from "../../server/runtime/serialize.ts";
import { html } from "../../server/runtime/stdlib/html.ts";
import { serverPlot as Plot } from "../../server/runtime/stdlib/plot.ts";
import type { Block, CellBlock, WorkbookDoc } from "../../server/workbook/types.ts";

const XSS = "<img src=x onerror=alert(1)>";
const ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

function prose(text: string): Block {
  return { type: "prose", markdown: text, startLine: 1 };
}

function cell(kind: CellBlock["kind"], source: string, fields: Partial<CellBlock> = {}): CellBlock {
  const opening = "```" + kind + "\n";
  return {
    type: "cell",
    kind,
    options: {},
    opening,
    source,
    closing: "```\n",
    startLine: 1,
    sourceStartLine: 2,
    ...fields,
  };
}

function doc(blocks: Block[], problems: WorkbookDoc["problems"] = []): WorkbookDoc {
  return { blocks, problems };
}

const shown = (...values: unknown[]): Output[] => values.map((value) => serializeValue(value)!);

/** What every report is given besides its cells (see test/render/provenance.test.ts). */
const SOURCE = {
  provenance: { generatedAt: 0, workbook: "t.md", params: {}, trigger: "cli" as const, driftbookVersion: "0.1.0" },
  dataWindows: [],
};

describe("renderReport", () => {
  const page = renderReport({
    ...SOURCE,
    title: `Drift ${XSS}`,
    doc: doc([
      prose(`# Credit model\n\nLogged value: ${XSS} and [link](javascript:alert(1))\n`),
      cell("sql", "select * from credit\n", { name: "current" }),
      prose("Charts:\n"),
      cell("js", "Plot.barY(rows, {x: 'f', y: 's'}).plot()\n"),
      cell("js", "secret()\n", { options: { hidden: true } }),
      cell("alert", "when: drift.share > 0.3\n", { name: "inputs-drifted" }),
    ]),
    cells: [
      {
        status: "fulfilled",
        ms: 12.4,
        outputs: shown(aq.table({ id: Array.from({ length: 2500 }, (_, i) => i), note: Array(2500).fill(XSS) })),
      },
      {
        status: "fulfilled",
        ms: 1534,
        outputs: shown(
          Plot.barY(
            [
              { f: "a", s: 1 },
              { f: "b", s: 2 },
            ],
            { x: "f", y: "s" },
          ).plot(),
          { note: XSS },
        ),
      },
      { status: "rejected", outputs: [{ kind: "error", message: `bad ${XSS}`, line: 9, cellLine: 2 }] },
      {
        status: "fulfilled",
        outputs: [
          alertOutput({ alert: "inputs-drifted", severity: "critical", instances: [{ condition: true, value: 0.4 }] }),
        ],
      },
    ],
  });

  it("is one self-contained page without scripts", () => {
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("<style>");
    expect(/<script|<link|<[^>]*\son\w+=/i.test(page)).toBe(false);
  });

  it("escapes every string from data: title, prose, table, json and error", () => {
    expect(page.includes("<img")).toBe(false);
    expect(page).toContain(`<title>Drift ${ESCAPED}</title>`);
    expect(page).toContain(`<p>Logged value: ${ESCAPED} and [link](javascript:alert(1))</p>`);
    expect(page).toContain(`<td>${ESCAPED}</td>`);
    expect(page).toContain(`&quot;note&quot;: &quot;${ESCAPED}&quot;`);
    expect(page).toContain(`bad ${ESCAPED}`);
  });

  it("renders prose as Markdown", () => {
    expect(page).toContain("<h1>Credit model</h1>");
  });

  it("says when a table was cut", () => {
    expect(page).toContain("showing 1,000 of 2,500 rows");
    expect(page.match(/<tr><td class="number">/g)).toHaveLength(1000);
  });

  it("inlines charts", () => {
    expect(page).toMatch(/<div class="output output-svg"><svg[^>]*>/);
    expect(page.match(/<rect/g)).toHaveLength(2);
  });

  it("shows each cell's status and duration", () => {
    expect(page).toContain(`sql current · <span class="status status-fulfilled">fulfilled</span> · 12 ms`);
    expect(page).toContain(`<span class="status status-fulfilled">fulfilled</span> · 1.5 s`);
    expect(page).toContain(`<span class="status status-rejected">rejected</span></div>`);
    expect(page).toContain("4 cells: 3 fulfilled, 1 rejected");
  });

  it("shows sources collapsed and escaped, except for hidden cells", () => {
    expect(page).toContain(
      `<details class="source"><summary>source</summary><pre><code>Plot.barY(rows, {x: &#39;f&#39;, y: &#39;s&#39;}).plot()\n</code></pre></details>`,
    );
    expect(page).toContain("select * from credit");
    expect(page).toContain("when: drift.share &gt; 0.3");
    expect(page.includes("secret()")).toBe(false);
  });

  it("shows errors with their line and alerts as a status line", () => {
    expect(page).toContain(`<div class="output output-error"><strong>Error at line 2</strong>`);
    expect(page).toContain(
      `<div class="output output-alert alert-holds">alert <strong>inputs-drifted</strong>: condition holds (critical) · value 0.4</div>`,
    );
  });
});

describe("renderReport edge cases", () => {
  it("lists format problems and shows cells without results as pending", () => {
    const page = renderReport({
      ...SOURCE,
      title: "t",
      doc: doc([cell("js", "1\n")], [{ line: 2, message: `bad YAML ${XSS}` }]),
      cells: [],
    });
    expect(page).toContain(`<li>line 2: bad YAML ${ESCAPED}</li>`);
    expect(page).toContain(`<span class="status status-pending">pending</span>`);
    expect(page).not.toContain("Workbooks</a>");
  });

  it("links back to the workbook list when given one", () => {
    const page = renderReport({ ...SOURCE, title: "t", doc: doc([]), cells: [], home: "/" });
    expect(page).toContain(
      `<header class="report"><a href="/">Workbooks</a> · <strong>t</strong> · 0 cells</header>\n<dl class="provenance">`,
    );
  });

  it("keeps html outputs' sanitized markup", () => {
    const cells: ReportCell[] = [{ status: "fulfilled", outputs: shown(html`<b onclick="x()">${XSS}</b>`) }];
    const page = renderReport({ ...SOURCE, title: "t", doc: doc([cell("js", "html``\n")]), cells });
    expect(page).toContain(`<div class="output output-html"><b>${ESCAPED}</b></div>`);
  });
});
