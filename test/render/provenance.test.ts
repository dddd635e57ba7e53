import { describe, expect, it } from "vitest";
import type { Provenance } from "../../server/protocol/index.ts";
import { renderProvenance } from "../../server/render/provenance.ts";

const XSS = "<img src=x onerror=alert(1)>";
const ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";
const DAY = Date.UTC(2026, 10, 26, 9);

const provenance: Provenance = {
  generatedAt: DAY,
  workbook: `credit ${XSS}.md`,
  gitCommit: "3f2a9c1d0e5b7a8c9d0e1f2a3b4c5d6e7f8a9b0c",
  gitStatus: "modified",
  params: { window: "24h", segment: XSS },
  trigger: "schedule",
  driftbookVersion: "0.1.0",
};

/** The definition list's values, by term, as text without tags. */
function values(html: string): Record<string, string> {
  const pairs = [...html.matchAll(/<dt>([^<]*)<\/dt><dd>(.*?)<\/dd>/g)];
  return Object.fromEntries(pairs.map(([, term, value]) => [term, value.replace(/<[^>]+>/g, "")]));
}

describe("renderProvenance", () => {
  it("says when, which file and commit, which params and trigger, what data each query read, and which Driftbook", () => {
    const html = renderProvenance(provenance, [
      {
        cellIndex: 0,
        sql: `select * from credit where note = '${XSS}' and ts >= ?`,
        rows: 1234,
        from: DAY - 86_400_000,
        to: DAY,
      },
      { cellIndex: 2, sql: "select count(*) as n from credit_reference", rows: 1 },
    ]);
    expect(values(html)).toEqual({
      Generated: "2026-11-26 09:00:00 UTC",
      Workbook: `credit ${ESCAPED}.md`,
      Version: "commit 3f2a9c1d0e5b, with changes not committed",
      Params: `window = &quot;24h&quot;, segment = &quot;${ESCAPED}&quot;`,
      Trigger: "scheduled run",
      Data:
        `cell 1: select * from credit where note = &#39;${ESCAPED}&#39; and ts &gt;= ? · 1,234 rows · ts 2026-11-25 09:00:00 UTC to 2026-11-26 09:00:00 UTC` +
        "cell 3: select count(*) as n from credit_reference · 1 row · no ts column",
      Driftbook: "0.1.0",
    });
    expect(html).toContain(`<time datetime="2026-11-26T09:00:00.000Z">`);
    expect(html).not.toContain(XSS);
  });

  it("says a preview is no recorded run, and what git knows of a file outside it or never committed", () => {
    const preview = { ...provenance, trigger: "preview" as const, params: {} };
    const outside = values(renderProvenance({ ...preview, gitCommit: undefined, gitStatus: undefined }, []));
    expect(outside).toMatchObject({
      Version: "not in a git repository",
      Params: "none",
      Trigger: "preview: shown on request, not a recorded run",
      Data: "no sql queries",
    });
    expect(values(renderProvenance({ ...preview, gitCommit: undefined, gitStatus: "untracked" }, [])).Version).toBe(
      "never committed",
    );
    expect(values(renderProvenance({ ...preview, gitStatus: "clean" }, [])).Version).toBe(
      "commit 3f2a9c1d0e5b, as committed",
    );
  });

  it("says whether a recorded run was a production run or a what-if", () => {
    const cli = { ...provenance, trigger: "cli" as const };
    expect(values(renderProvenance({ ...cli, production: true }, [])).Trigger).toBe("driftbook run · production run");
    expect(values(renderProvenance({ ...cli, production: false }, [])).Trigger).toBe(
      "driftbook run · what-if run: alert rules previewed from the stored state, nothing moved or notified",
    );
  });
});
