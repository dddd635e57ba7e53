import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseWorkbook, type Block, type CellBlock } from "../../server/workbook/index.ts";

const fixture = (name: string) =>
  parseWorkbook(readFileSync(new URL(`../fixtures/workbooks/${name}`, import.meta.url), "utf8"));
const cells = (blocks: Block[]) => blocks.filter((block): block is CellBlock => block.type === "cell");
/** Each block as a short line: `prose@3` or `sql current@5`. */
const outline = (blocks: Block[]) =>
  blocks.map((b) =>
    b.type === "prose" ? `prose@${b.startLine}` : `${[b.kind, b.name].filter(Boolean).join(" ")}@${b.startLine}`,
  );

describe("parseWorkbook: blocks", () => {
  it("reads the design example: front matter, prose and every kind of cell", () => {
    const doc = fixture("design-example.md");
    expect(doc.frontMatter?.data).toEqual({
      title: "Credit model — daily drift",
      model: "credit",
      schedule: "0 * * * *",
      params: { window: "24h" },
    });
    expect(doc.frontMatter?.raw).toMatch(/^---\ntitle: .*\n---\n$/s);
    expect(outline(doc.blocks)).toEqual([
      "prose@8",
      "sql current@11",
      "prose@14",
      "js@15",
      "prose@19",
      "js@20",
      "prose@23",
      "alert inputs-drifted@24",
    ]);
    const [sql, , , alert] = cells(doc.blocks);
    expect(sql).toEqual({
      type: "cell",
      kind: "sql",
      name: "current",
      options: {},
      opening: "```sql current\n",
      source: "select * from credit where ts >= ${since(params.window)}\n",
      closing: "```\n",
      startLine: 11,
      sourceStartLine: 12,
    });
    expect(alert.source.split("\n")[0]).toBe(
      "when: drift.share > 0.3            # a JS expression over workbook variables",
    );
    expect(doc.problems).toEqual([]);
  });

  it("keeps consecutive prose lines as one block and has no front matter when the file has none", () => {
    const doc = parseWorkbook("# Title\n\ntext\n```js\n1\n```\nmore\n\nend\n");
    expect(doc.frontMatter).toBeUndefined();
    expect(doc.blocks).toEqual([
      { type: "prose", markdown: "# Title\n\ntext\n", startLine: 1 },
      expect.objectContaining({ kind: "js", source: "1\n", startLine: 4, sourceStartLine: 5 }),
      { type: "prose", markdown: "more\n\nend\n", startLine: 7 },
    ]);
    expect(parseWorkbook("").blocks).toEqual([]);
  });

  it("keeps CRLF line ends in every part", () => {
    const doc = fixture("crlf.md");
    expect(doc.frontMatter?.data).toEqual({ title: "Line ends from Windows", model: "credit" });
    const [sql, js] = cells(doc.blocks);
    expect(sql).toMatchObject({
      name: "recent",
      options: { hidden: true },
      opening: "```sql recent hidden\r\n",
      source: "select * from credit\r\nwhere ts > 0\r\n",
      closing: "```\r\n",
      startLine: 8,
      sourceStartLine: 9,
    });
    expect(js.startLine).toBe(15);
  });

  it("counts a lone CR as a line end, as CommonMark does", () => {
    expect(outline(fixture("mixed-line-ends.md").blocks)).toEqual(["prose@1", "js@3", "prose@6", "sql mixed@8"]);
  });

  it("leaves fences inside a longer fence, other languages, lists, quotes and indented code as prose", () => {
    const nested = fixture("nested-fence.md");
    expect(outline(nested.blocks)).toEqual(["prose@1", "js@21"]);
    expect(nested.blocks[0]).toMatchObject({ markdown: expect.stringContaining("````markdown\n```js\n") });
    expect(outline(fixture("unknown-language.md").blocks)).toEqual(["prose@1", "js@23"]);
    expect(outline(fixture("indented-fences.md").blocks)).toEqual([
      "prose@1",
      "js@3",
      "prose@6",
      "sql three@7",
      "prose@10",
      "js@25",
    ]);
  });

  it("keeps the indentation of an indented fence in its source", () => {
    const [one, three] = cells(fixture("indented-fences.md").blocks);
    expect(one).toMatchObject({ opening: " ```js\n", source: " const one = 1;\n", closing: " ```\n" });
    expect(three).toMatchObject({ opening: "   ```sql three\n", source: "   select 3\n", closing: "  ```\n" });
  });

  it("reads tilde fences, closed only by tildes at least as long", () => {
    const [, wide, alert] = cells(fixture("tilde-fences.md").blocks);
    expect(wide).toMatchObject({
      kind: "sql",
      name: "wide",
      source: "select '```' as backticks\n~~~\n",
      closing: "~~~~~\n",
    });
    expect(alert).toMatchObject({ kind: "alert", name: "tilde-alert", options: { hidden: true }, closing: "~~~   \n" });
  });

  it("runs an unclosed fence to the end of the file, with an empty closing", () => {
    const [, last] = cells(fixture("unclosed-fence.md").blocks);
    expect(last).toMatchObject({ name: "last", closing: "", startLine: 7 });
    expect(last.source).toBe("select * from credit\n``` a fence followed by text does not close it\nwhere ts > 0\n");
    expect(cells(fixture("unclosed-fence-no-newline.md").blocks)).toEqual([
      expect.objectContaining({ kind: "alert", name: "runs-to-end", source: "when: true", closing: "", startLine: 2 }),
    ]);
  });

  it("keeps non-ASCII text and accepts a Unicode identifier as a sql name", () => {
    const doc = fixture("unicode.md");
    expect(doc.frontMatter?.data.title).toBe("Modèle de crédit — 信用模型 📈");
    expect(cells(doc.blocks).map((cell) => cell.name)).toEqual(["données", undefined, "derive-forte"]);
    expect(doc.blocks.at(-1)).toEqual({ type: "prose", markdown: "\nFin. 終わり 👋\n", startLine: 23 });
    expect(doc.problems).toEqual([]);
  });
});

describe("parseWorkbook: problems", () => {
  it("names the file line of bad YAML and keeps the front matter text", () => {
    const text = "---\ntitle: ok\nparams:\n  window: 24h\n  window: 48h\n---\n```js\n1\n```\n";
    const doc = parseWorkbook(text);
    expect(doc.frontMatter).toEqual({ raw: text.slice(0, text.indexOf("```")), data: {} });
    expect(doc.problems).toEqual([{ line: 5, column: 3, message: expect.stringContaining("unique") }]);
    expect(cells(doc.blocks)).toHaveLength(1);
    expect(parseWorkbook("---\r\na: 1\r\nb: c: d\r\n---\r\n").problems).toMatchObject([{ line: 3 }]);
  });

  it("wants the front matter to be a mapping, closed, and accepts it empty", () => {
    expect(parseWorkbook("---\n- a\n- b\n---\n").problems).toEqual([
      { line: 2, column: 1, message: expect.stringContaining("mapping") },
    ]);
    expect(parseWorkbook("---\n---\n")).toEqual({
      frontMatter: { raw: "---\n---\n", data: {} },
      blocks: [],
      problems: [],
    });
    const unclosed = parseWorkbook("---\ntitle: x\n");
    expect(unclosed.frontMatter).toBeUndefined();
    expect(unclosed.problems).toEqual([{ line: 1, message: expect.stringContaining("never closed") }]);
    expect(parseWorkbook("---\ntitle: x\n...\n").frontMatter?.data).toEqual({ title: "x" });
    expect(parseWorkbook("---\nx: *nowhere\n---\n").problems).toEqual([
      { line: 2, column: 1, message: expect.stringContaining("alias") },
    ]);
  });

  it("reports an unknown option at the fence line with the cell's index, and keeps the cell", () => {
    const doc = parseWorkbook("# t\n\n```js\n1\n```\n\n```sql t hidden colour=red\nselect 1\n```\n");
    expect(doc.problems).toEqual([{ cellIndex: 1, line: 7, message: expect.stringContaining("`colour=red`") }]);
    expect(cells(doc.blocks)[1]).toMatchObject({ kind: "sql", name: "t", options: { hidden: true } });
    expect(parseWorkbook("```js hidden=yes\n```\n").problems).toEqual([
      { cellIndex: 0, line: 1, message: expect.stringContaining("takes no value") },
    ]);
    expect(parseWorkbook("```js chart\n```\n").problems).toMatchObject([
      { cellIndex: 0, message: expect.stringContaining("`chart`") },
    ]);
  });

  it("wants a name on sql and alert cells: a JS identifier, or letters, digits, _ and -", () => {
    const problemsOf = (info: string) => parseWorkbook(`text\n\`\`\`${info}\nx\n\`\`\`\n`).problems;
    expect(problemsOf("sql")).toEqual([{ cellIndex: 0, line: 2, message: expect.stringContaining("needs the name") }]);
    expect(problemsOf("sql 1st")).toMatchObject([{ line: 2, message: expect.stringContaining("`1st`") }]);
    expect(problemsOf("sql class")).toMatchObject([{ message: expect.stringContaining("`class`") }]);
    expect(problemsOf("alert")).toMatchObject([{ message: expect.stringContaining("needs a rule name") }]);
    expect(problemsOf("alert dérive")).toMatchObject([{ message: expect.stringContaining("`dérive`") }]);
    expect(problemsOf("sql $rows_2")).toEqual([]);
    expect(problemsOf("alert p95-latency_ms")).toEqual([]);
    const [cell] = cells(parseWorkbook("```sql 1st\nselect 1\n```\n").blocks);
    expect(cell).toMatchObject({ kind: "sql", source: "select 1\n" });
    expect(cell.name).toBeUndefined();
  });
});
