import { describe, expect, it } from "vitest";
import { analyseWorkbook } from "../../server/analysis/index.ts";
import { alert, js, sql, workbook } from "./helpers.ts";

// Layout (see helpers.workbook): a two-line heading, then each cell's fence, its code, the
// closing fence and a blank line. One-line cells thus open on lines 3, 7, 11, 15 …

describe("analyseWorkbook", () => {
  it("compiles a healthy workbook without problems", () => {
    const analysis = analyseWorkbook(
      workbook([
        sql("current", "select * from t where ts > ${since(params.window)}"),
        js("const share = current.numRows() / 10;"),
        js("share"),
        alert("drifted", "when: share > 0.3"),
      ]),
    );
    expect(analysis.problems).toEqual([]);
    expect(
      analysis.cells.map(({ index, kind, inputs, outputs, sourceStartLine, bodyLine }) => ({
        index,
        kind,
        inputs,
        outputs,
        bodyStartLine: sourceStartLine + bodyLine - 1,
      })),
    ).toEqual([
      { index: 0, kind: "sql", inputs: ["sql", "since", "params"], outputs: ["current"], bodyStartLine: 4 },
      { index: 1, kind: "js", inputs: ["current"], outputs: ["share"], bodyStartLine: 8 },
      { index: 2, kind: "js", inputs: ["share"], outputs: [], bodyStartLine: 12 },
      { index: 3, kind: "alert", inputs: ["share"], outputs: [], bodyStartLine: 16 },
    ]);
    expect(analysis.cells.every((cell) => cell.problem === undefined)).toBe(true);
  });

  it("gives identical cells distinct ids: -1, -2 …", () => {
    const ids = analyseWorkbook(workbook([js("1"), js("2"), js("1"), js("1")])).cells.map((cell) => cell.id);
    expect(ids[2]).toBe(`${ids[0]}-1`);
    expect(ids[3]).toBe(`${ids[0]}-2`);
    expect(new Set(ids).size).toBe(4);
  });

  it("reports a name defined twice on both definers and leaves the other cells alone", () => {
    const { cells, problems } = analyseWorkbook(
      workbook([js("const x = 1;"), js("const y = 2;"), sql("x", "select 1"), js("y * 2")]),
    );
    const message = "x is defined more than once (cells 1 and 3)";
    expect(problems).toEqual([
      { cellIndex: 0, line: 4, cellLine: 1, message },
      // A named cell's names are on its fence, outside its source: no line of the cell.
      { cellIndex: 2, line: 11, message },
    ]);
    expect(cells.map((cell) => cell.problem?.message)).toEqual([message, undefined, message, undefined]);
  });

  it("lists every definer of a name defined three times", () => {
    const { problems } = analyseWorkbook(workbook([js("const x = 1;"), js("const x = 2;"), js("var x;")]));
    expect(problems.map((problem) => problem.message)).toEqual(
      Array(3).fill("x is defined more than once (cells 1, 2 and 3)"),
    );
  });

  it("reports a cycle of two cells on each, starting from its own name", () => {
    const { cells, problems } = analyseWorkbook(
      workbook([js("const a = b + 1;"), js("const b = a * 2;"), js("const c = 3;")]),
    );
    expect(problems).toEqual([
      { cellIndex: 0, line: 4, cellLine: 1, message: "circular definition: a → b → a" },
      { cellIndex: 1, line: 8, cellLine: 1, message: "circular definition: b → a → b" },
    ]);
    expect(cells[2].problem).toBeUndefined();
  });

  it("reports a cycle of three cells, and not on a cell that merely reads from it", () => {
    const { cells } = analyseWorkbook(
      workbook([js("const a = c;"), js("const b = a;"), js("const c = b;"), js("const d = a + b + c;")]),
    );
    expect(cells.map((cell) => cell.problem?.message)).toEqual([
      "circular definition: a → c → b → a",
      "circular definition: b → a → c → b",
      "circular definition: c → b → a → c",
      undefined,
    ]);
  });

  it("reports a cell reading its own name", () => {
    const { cells, problems } = analyseWorkbook(workbook([sql("rows", "select * from t limit ${rows.length}")]));
    expect(problems).toEqual([{ cellIndex: 0, line: 3, message: "circular definition: rows → rows" }]);
    expect(cells[0].problem).toEqual(problems[0]);
  });

  it("reports a cell reading its own name defined by another cell too", () => {
    const { problems } = analyseWorkbook(workbook([js("const x = 1;"), sql("x", "select ${x}")]));
    expect(problems.filter((problem) => problem.cellIndex === 1).map((problem) => problem.message)).toEqual([
      "x is defined more than once (cells 1 and 2)",
      "circular definition: x → x",
    ]);
  });

  it("gives a syntax error's line and column in the file and in its cell", () => {
    const { cells, problems } = analyseWorkbook(workbook([js("const a = 1;"), js("const b = 2;\nconst c = ;\n")]));
    expect(problems).toEqual([
      { cellIndex: 1, line: 9, column: 11, cellLine: 2, cellColumn: 11, message: "Unexpected token" },
    ]);
    expect(cells[0].problem).toBeUndefined();
  });

  it("reports alert YAML problems at their lines", () => {
    const { problems } = analyseWorkbook(
      workbook([
        alert("unknown-key", "when: x > 1\nwhen_not: 2"),
        alert("bad-yaml", "when: a: b"),
        alert("bad-when", "severity: warning\nwhen: x >"),
        alert("no-when", "severity: warning"),
        alert("bad-recover", "when: x\nrecover: const y = 1"),
      ]),
    );
    expect(problems).toEqual([
      {
        cellIndex: 0,
        line: 5,
        column: 1,
        cellLine: 2,
        cellColumn: 1,
        message: expect.stringMatching(/^Unknown alert key `when_not`; known keys: when, recover/),
      },
      {
        cellIndex: 1,
        line: 9,
        column: 7,
        cellLine: 1,
        cellColumn: 7,
        message: "Nested mappings are not allowed in compact mappings",
      },
      { cellIndex: 2, line: 14, column: 10, cellLine: 2, cellColumn: 10, message: "`when`: Unexpected token" },
      {
        cellIndex: 3,
        line: 18,
        column: 1,
        cellLine: 1,
        cellColumn: 1,
        message: "An alert rule needs `when: <JS expression>`",
      },
      {
        cellIndex: 4,
        line: 23,
        column: 10,
        cellLine: 2,
        cellColumn: 10,
        message: expect.stringMatching(/^`recover`: /),
      },
    ]);
  });

  it("includes format problems, marking their cells, and sorts problems by line", () => {
    const formatProblems = [
      { line: 1, message: "front matter: bad YAML" },
      { cellIndex: 1, line: 7, message: "Unknown cell option `fast`" },
    ];
    const { cells, problems } = analyseWorkbook(workbook([js("const a = ;"), js("a")], formatProblems));
    expect(problems.map((problem) => problem.line)).toEqual([1, 4, 7]);
    expect(cells[1].problem).toEqual(formatProblems[1]);
    expect(cells[0].problem?.message).toBe("Unexpected token");
  });
});
