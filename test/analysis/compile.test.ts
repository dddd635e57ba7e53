import { describe, expect, it } from "vitest";
import { compileCell, contentId } from "../../server/analysis/index.ts";
import { alert, cellBlock, js, run, sql, type TestCell } from "./helpers.ts";

/** Compiles a test cell whose fence is on line 10, so its code starts on line 11. */
const compile = (cell: TestCell, cellIndex = 0) => compileCell(cellBlock(cell, 10), cellIndex);

describe("compileCell: js", () => {
  it("an expression cell displays its value and defines nothing", async () => {
    const cell = compile(js("a + b"));
    expect(cell).toMatchObject({ kind: "js", inputs: ["a", "b"], outputs: [], bodyStartLine: 11 });
    expect(await run(cell, { a: 1, b: 2 })).toEqual({ displayed: [3], outputs: {} });
  });

  it("an expression cell displays what its promise resolves to", async () => {
    expect((await run(compile(js("Promise.resolve(x * 2)")), { x: 21 })).displayed).toEqual([42]);
  });

  it("an expression cell reading a variable named like a wrapper local still works", async () => {
    expect((await run(compile(js("value + 1")), { value: 1 })).displayed).toEqual([2]);
  });

  it("an expression cell calling display shows only what it displays", async () => {
    const cell = compile(js("display(x)"));
    expect(cell.inputs).toEqual(["x"]);
    expect(await run(cell, { x: "shown" })).toEqual({ displayed: ["shown"], outputs: {} });
  });

  it("a program cell returns its declarations and displays only explicitly", async () => {
    const cell = compile(js("const a = x + 1;\nfunction twice(v) { return v * 2 }\nconst {b} = {b: twice(a)};\ndisplay(b);"));
    expect(cell.inputs).toEqual(["x"]);
    expect(cell.outputs).toEqual(["a", "twice", "b"]);
    const { displayed, outputs } = await run(cell, { x: 1 });
    expect(displayed).toEqual([4]);
    expect(outputs).toMatchObject({ a: 2, b: 4 });
    expect((outputs.twice as (v: number) => number)(5)).toBe(10);
  });

  it("a program cell may await at the top level", async () => {
    const cell = compile(js("const data = await load();"));
    expect((await run(cell, { load: async () => [1, 2] })).outputs).toEqual({ data: [1, 2] });
  });

  it("a trailing // comment does not swallow the suffix", async () => {
    expect((await run(compile(js("const a = 1; // the end")))).outputs).toEqual({ a: 1 });
    expect((await run(compile(js("40 + 2 // the answer")))).displayed).toEqual([42]);
  });

  it("keeps the source's lines: a throw on line 3 of the cell is line 3 of the body", async () => {
    const cell = compile(js("const a = 1;\nconst b = 2;\nthrow new Error('boom');"));
    const error = await run(cell, {}, "driftbook-cell-test.js").catch((caught: Error) => caught);
    expect((error as Error).message).toBe("boom");
    expect((error as Error).stack).toMatch(/driftbook-cell-test\.js:3:\d+/);
    expect(cell.bodyStartLine + 3 - 1).toBe(13);
  });

  it("a syntax error gives a problem in file coordinates and an empty body", () => {
    const cell = compile(js("const a = 1;\nconst b = ;"), 4);
    expect(cell.problem).toEqual({ cellIndex: 4, line: 12, column: 11, message: "Unexpected token" });
    expect(cell).toMatchObject({ body: "", inputs: [], outputs: [] });
  });
});

describe("compileCell: sql", () => {
  /** A fake `sql` tag that records what the worker's tag would read. */
  const recorder = () => {
    const calls: { raw: readonly string[]; values: unknown[] }[] = [];
    const tag = (strings: TemplateStringsArray, ...values: unknown[]) => {
      calls.push({ raw: strings.raw, values });
      return Promise.resolve({ rows: values.length });
    };
    return { calls, tag };
  };

  it("binds the query's result to the cell's name and displays it", async () => {
    const cell = compile(sql("current", "select * from credit\nwhere ts >= ${since(params.window)}\n"));
    expect(cell).toMatchObject({ kind: "sql", name: "current", inputs: ["sql", "since", "params"], outputs: ["current"] });
    const { calls, tag } = recorder();
    const since = (window: string) => `since ${window}`;
    const { displayed, outputs } = await run(cell, { sql: tag, since, params: { window: "24h" } });
    expect(outputs).toEqual({ current: { rows: 1 } });
    expect(displayed).toEqual([{ rows: 1 }]);
    expect(calls).toEqual([{ raw: ["select * from credit\nwhere ts >= ", "\n"], values: ["since 24h"] }]);
  });

  it("passes interpolations as values, never spliced into the SQL text", async () => {
    const cell = compile(sql("rows", "select * from t where name = ${name} and note like '%\\_%'"));
    const { calls, tag } = recorder();
    const hostile = "x'; drop table t; --";
    await run(cell, { sql: tag, name: hostile });
    expect(calls[0].raw).toEqual(["select * from t where name = ", " and note like '%\\_%'\n"]);
    expect(calls[0].raw.join("")).not.toContain(hostile);
    expect(calls[0].values).toEqual([hostile]);
  });

  it("reports a backtick with its line and column", () => {
    const cell = compile(sql("rows", "select a\nfrom `table`\n"));
    expect(cell.problem).toMatchObject({ line: 12, column: 6, message: expect.stringMatching(/backtick/) });
    expect(cell.outputs).toEqual(["rows"]);
  });

  it("reports a bad interpolation at its place in the cell", () => {
    expect(compile(sql("rows", "select ${a +} from t")).problem).toMatchObject({ line: 11, column: 13 });
    expect(compile(sql("rows", "select 1\nwhere ${)}")).problem).toMatchObject({ line: 12, column: 9 });
  });
});

describe("compileCell: alert", () => {
  const rule = "when: drift.share > 0.3\nfor: 2 runs\nseverity: critical\nnotify: [ml-oncall]\nmessage: \"{{value}} drifted\"\n";

  it("displays the rule's state: a comparison's left operand is the value", async () => {
    const cell = compile(alert("inputs-drifted", rule));
    expect(cell).toMatchObject({ kind: "alert", name: "inputs-drifted", inputs: ["drift"], outputs: [], bodyStartLine: 11 });
    const high = await run(cell, { drift: { share: 0.4 } });
    expect(high).toEqual({ displayed: [{ alert: "inputs-drifted", severity: "critical", value: 0.4, condition: true }], outputs: {} });
    const low = await run(cell, { drift: { share: 0.1 } });
    expect(low.displayed).toEqual([{ alert: "inputs-drifted", severity: "critical", value: 0.1, condition: false }]);
  });

  it("any other expression is its own value, and its truth the condition", async () => {
    const cell = compile(alert("stale", "when: rows.length === 0 || broken"));
    expect(cell.inputs).toEqual(["rows", "broken"]);
    expect((await run(cell, { rows: [1], broken: "yes" })).displayed).toEqual([{ alert: "stale", value: "yes", condition: true }]);
  });

  it("evaluates recover on its own line", async () => {
    const cell = compile(alert("a", "when: x > 3\nseverity: warning\nrecover: x < limit\n"));
    expect(cell.inputs).toEqual(["x", "limit"]);
    expect((await run(cell, { x: 1, limit: 2 })).displayed).toEqual([
      { alert: "a", severity: "warning", value: 1, condition: false, recovered: true },
    ]);
    const failing = compile(alert("a", "when: x > 3\nfor: 1m\nrecover: fail()\n"));
    const thrown = await run(failing, { x: 1, fail: () => { throw new Error("no") } }, "rule.js").catch((caught: Error) => caught);
    expect((thrown as Error).stack).toMatch(/rule\.js:3:\d+/);
  });

  it("keeps working when an expression reads a variable named rule", async () => {
    const cell = compile(alert("a", "when: rule.limit < 5"));
    expect((await run(cell, { rule: { limit: 1 } })).displayed).toEqual([{ alert: "a", value: 1, condition: true }]);
  });

  it("starts the body on the line of a block scalar's expression", async () => {
    const cell = compile(alert("a", "for: 2 runs\nwhen: |\n  a &&\n  b\n"));
    expect(cell.bodyStartLine).toBe(13);
    expect((await run(cell, { a: true, b: 0 })).displayed).toEqual([{ alert: "a", value: 0, condition: false }]);
  });
});

describe("contentId", () => {
  it("is 12 hex digits that follow the kind, name and source", () => {
    const id = contentId({ kind: "sql", name: "a", source: "select 1\n" });
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(contentId({ kind: "sql", name: "a", source: "select 1\n" })).toBe(id);
    expect(contentId({ kind: "sql", name: "b", source: "select 1\n" })).not.toBe(id);
    expect(contentId({ kind: "js", source: "select 1\n" })).not.toBe(id);
    expect(compile(sql("a", "select 1")).id).toBe(id);
  });
});
