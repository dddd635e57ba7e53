import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createCell, parseWorkbook, serializeWorkbook, type CellBlock } from "../../server/workbook/index.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = "test/fixtures/workbooks";

/** Every `.md` file under a folder of the repository, subfolders included, as repository paths. */
function markdownFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => join(folder, name));
}

const read = (path: string) => readFileSync(join(root, path), "utf8");

describe("serializeWorkbook(parseWorkbook(text)) gives back the same bytes", () => {
  for (const path of [...markdownFiles("workbooks"), ...markdownFiles(fixtures)]) {
    it(path, () => {
      const text = read(path);
      expect(serializeWorkbook(parseWorkbook(text))).toBe(text);
    });
  }
});

describe("fixtures keep the bytes they test (see .gitattributes)", () => {
  it("crlf.md has only CRLF line ends", () => {
    const text = read(`${fixtures}/crlf.md`);
    expect(text).toContain("\r\n");
    expect(text.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
  });

  it("mixed-line-ends.md has CRLF, CR and LF line ends", () => {
    const text = read(`${fixtures}/mixed-line-ends.md`);
    expect(text).toContain("\r\n");
    expect(text).toMatch(/\r(?!\n)/);
    expect(text).toMatch(/(?<!\r)\n/);
  });

  it("no-final-newline.md and unclosed-fence-no-newline.md end without a line end", () => {
    expect(read(`${fixtures}/no-final-newline.md`)).not.toMatch(/[\r\n]$/);
    expect(read(`${fixtures}/unclosed-fence-no-newline.md`)).not.toMatch(/[\r\n]$/);
  });

  it("bom.md starts with a byte order mark", () => {
    expect(read(`${fixtures}/bom.md`).startsWith("\uFEFF---")).toBe(true);
  });
});

describe("createCell", () => {
  const cellOf = (text: string): CellBlock => {
    const [block] = parseWorkbook(text).blocks;
    if (block?.type !== "cell") throw new Error(`not a cell: ${JSON.stringify(text)}`);
    return block;
  };

  it("writes a canonical fence that parses back to the same cell", () => {
    const cell = createCell({ kind: "sql", name: "current", options: { hidden: true }, source: "select 1\n" });
    expect(cell).toEqual({
      type: "cell",
      kind: "sql",
      name: "current",
      options: { hidden: true },
      opening: "```sql current hidden\n",
      source: "select 1\n",
      closing: "```\n",
      startLine: 0,
      sourceStartLine: 0,
    });
    const text = serializeWorkbook({ blocks: [cell], problems: [] });
    expect({ ...cellOf(text), startLine: 0, sourceStartLine: 0 }).toEqual(cell);
  });

  it("uses a fence longer than any backtick fence in the source", () => {
    const source = "const md = `\n```js\nx\n````\n`;\n";
    const cell = createCell({ kind: "js", source });
    expect(cell.opening).toBe("`````js\n");
    expect(cell.closing).toBe("`````\n");
    expect(cellOf(serializeWorkbook({ blocks: [cell], problems: [] })).source).toBe(source);
  });

  it("ends the source with a line end and uses the given one", () => {
    const cell = createCell({ kind: "alert", name: "late", source: "when: true" }, "\r\n");
    expect(cell.opening + cell.source + cell.closing).toBe("```alert late\r\nwhen: true\r\n```\r\n");
    expect(createCell({ kind: "js", source: "" }).opening + createCell({ kind: "js", source: "" }).closing).toBe(
      "```js\n```\n",
    );
  });
});
