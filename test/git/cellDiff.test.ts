import { describe, expect, it } from "vitest";
import { diffWorkbooks } from "../../server/git/cellDiff.ts";
import { diffLines } from "../../server/git/lineDiff.ts";

const FRONT = "---\ntitle: Credit\nparams:\n  window: 24h\n---\n";
const INTRO = "\n# Credit\n\nCompares the latest predictions with the reference.\n\n";
const CURRENT = "```sql current\nselect * from credit\nwhere ts >= ${since(params.window)}\n```\n";
const DRIFT = "```js\nconst drift = detectors.tabularDrift(reference, current);\n```\n";
const ALERT = "```alert drifted\nwhen: drift.share > 0.3\nseverity: critical\n```\n";
const GAP = "\n";

const workbook = (...parts: string[]) => parts.join("");
const base = workbook(FRONT, INTRO, CURRENT, GAP, DRIFT, GAP, ALERT);

/** The blocks as "change type[:kind[:name]]", for compact expectations. */
const summary = (oldText: string, newText: string) =>
  diffWorkbooks(oldText, newText).blocks.map((block) =>
    [block.change, block.type, block.kind, block.name].filter(Boolean).join(":"),
  );

describe("diffWorkbooks", () => {
  it("finds nothing changed in the same text", () => {
    const diff = diffWorkbooks(base, base);
    expect(diff.frontMatter).toEqual({ before: FRONT, after: FRONT, changed: false });
    expect(diff.blocks.every((block) => block.change === "same" && block.before === block.after && !block.lines)).toBe(
      true,
    );
    expect(summary(base, base)).toEqual([
      "same:prose",
      "same:cell:sql:current",
      "same:prose",
      "same:cell:js",
      "same:prose",
      "same:cell:alert:drifted",
    ]);
  });

  it("reports an edited named cell as changed, with its line diff", () => {
    const edited = workbook(
      FRONT,
      INTRO,
      CURRENT.replace("where ts", "where score > 0.5 and ts"),
      GAP,
      DRIFT,
      GAP,
      ALERT,
    );
    const changed = diffWorkbooks(base, edited).blocks.filter((block) => block.change !== "same");
    expect(changed).toEqual([
      {
        change: "changed",
        type: "cell",
        kind: "sql",
        name: "current",
        before: CURRENT,
        after: CURRENT.replace("where ts", "where score > 0.5 and ts"),
        lines: [
          { op: "same", text: "```sql current" },
          { op: "same", text: "select * from credit" },
          { op: "del", text: "where ts >= ${since(params.window)}" },
          { op: "add", text: "where score > 0.5 and ts >= ${since(params.window)}" },
          { op: "same", text: "```" },
        ],
      },
    ]);
  });

  it("pairs an edited unnamed cell with its old version", () => {
    const edited = workbook(
      FRONT,
      INTRO,
      CURRENT,
      GAP,
      DRIFT.replace("current);", 'current, {correction: "fdr"});'),
      GAP,
      ALERT,
    );
    expect(summary(base, edited)).toEqual([
      "same:prose",
      "same:cell:sql:current",
      "same:prose",
      "changed:cell:js",
      "same:prose",
      "same:cell:alert:drifted",
    ]);
  });

  it("reports an added cell", () => {
    const plot = '```js\nPlot.barY(drift.features, {x: "feature", y: "statistic"}).plot()\n```\n';
    const added = workbook(FRONT, INTRO, CURRENT, GAP, DRIFT, GAP, plot, GAP, ALERT);
    expect(summary(base, added)).toEqual([
      "same:prose",
      "same:cell:sql:current",
      "same:prose",
      "same:cell:js",
      "same:prose",
      "added:cell:js",
      "added:prose",
      "same:cell:alert:drifted",
    ]);
    expect(diffWorkbooks(base, added).blocks[5]).toEqual({ change: "added", type: "cell", kind: "js", after: plot });
  });

  it("reports a removed cell", () => {
    const removed = workbook(FRONT, INTRO, CURRENT, GAP, DRIFT);
    expect(summary(base, removed)).toEqual([
      "same:prose",
      "same:cell:sql:current",
      "same:prose",
      "same:cell:js",
      "removed:prose",
      "removed:cell:alert:drifted",
    ]);
    expect(diffWorkbooks(base, removed).blocks[5]).toEqual({
      change: "removed",
      type: "cell",
      kind: "alert",
      name: "drifted",
      before: ALERT,
    });
  });

  it("reports a front matter change with its lines", () => {
    const after = FRONT.replace("24h", "7d");
    const diff = diffWorkbooks(base, base.replace(FRONT, after));
    expect(diff.frontMatter).toEqual({
      before: FRONT,
      after,
      changed: true,
      lines: [
        { op: "same", text: "---" },
        { op: "same", text: "title: Credit" },
        { op: "same", text: "params:" },
        { op: "del", text: "  window: 24h" },
        { op: "add", text: "  window: 7d" },
        { op: "same", text: "---" },
      ],
    });
    expect(diff.blocks.every((block) => block.change === "same")).toBe(true);
    expect(diffWorkbooks("", base).frontMatter).toMatchObject({ before: "", after: FRONT, changed: true });
  });

  it("reports edited prose as changed", () => {
    const edited = base.replace("with the reference.\n", "with the reference set,\nfeature by feature.\n");
    const diff = diffWorkbooks(base, edited);
    expect(summary(base, edited)).toEqual([
      "changed:prose",
      "same:cell:sql:current",
      "same:prose",
      "same:cell:js",
      "same:prose",
      "same:cell:alert:drifted",
    ]);
    expect(diff.blocks[0].lines?.filter((line) => line.op !== "same")).toEqual([
      { op: "del", text: "Compares the latest predictions with the reference." },
      { op: "add", text: "Compares the latest predictions with the reference set," },
      { op: "add", text: "feature by feature." },
    ]);
  });

  it("keeps a renamed sql cell as one changed cell, and a cell replaced by another kind as removed and added", () => {
    const renamed = base.replace("```sql current", "```sql recent");
    expect(summary(base, renamed)[1]).toBe("changed:cell:sql:recent");
    const replaced = base.replace(CURRENT, "```js\nconst current = [];\n```\n");
    expect(summary(base, replaced).slice(1, 3)).toEqual(["removed:cell:sql:current", "added:cell:js"]);
  });
});

describe("diffLines", () => {
  it("keeps common lines and orders deletions before additions", () => {
    expect(diffLines("a\nb\nc\n", "a\nx\nc\nd")).toEqual([
      { op: "same", text: "a" },
      { op: "del", text: "b" },
      { op: "add", text: "x" },
      { op: "same", text: "c" },
      { op: "add", text: "d" },
    ]);
    expect(diffLines("", "")).toEqual([]);
  });
});
