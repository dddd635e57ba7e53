import { describe, expect, it } from "vitest";
import { compileCell, contentId } from "../../server/analysis/index.ts";
import { MAX_ALERT_INSTANCES } from "../../server/analysis/alert.ts";
import { alert, cellBlock, js, run, sql, type TestCell } from "./helpers.ts";

/** Compiles a test cell whose fence is on line 10, so its code starts on line 11. */
const compile = (cell: TestCell, cellIndex = 0) => compileCell(cellBlock(cell, 10), cellIndex);

describe("compileCell: js", () => {
  it("an expression cell displays its value and defines nothing", async () => {
    const cell = compile(js("a + b"));
    expect(cell).toMatchObject({ kind: "js", inputs: ["a", "b"], outputs: [], sourceStartLine: 11, bodyLine: 1 });
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
    const cell = compile(
      js("const a = x + 1;\nfunction twice(v) { return v * 2 }\nconst {b} = {b: twice(a)};\ndisplay(b);"),
    );
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
    expect(cell.bodyLine).toBe(1);
  });

  it("says how many generated characters precede the source on the body's first line", async () => {
    for (const source of ["const a = 1; null.x;", "null.x", "display(null.x)"]) {
      const cell = compile(js(source));
      const error = await run(cell, {}, "first-line.js").catch((caught: Error) => caught);
      const [, column] = /first-line\.js:1:(\d+)/.exec((error as Error).stack ?? "")!;
      // V8 places a failed property read at the property's name: the `x` of `null.x`.
      expect(Number(column) - cell.bodyColumn!).toBe(source.indexOf(".x") + 2);
    }
  });

  it("a syntax error gives a problem in file and cell coordinates, and an empty body", () => {
    const cell = compile(js("const a = 1;\nconst b = ;"), 4);
    expect(cell.problem).toEqual({
      cellIndex: 4,
      line: 12,
      column: 11,
      cellLine: 2,
      cellColumn: 11,
      message: "Unexpected token",
    });
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
    expect(cell).toMatchObject({
      kind: "sql",
      name: "current",
      inputs: ["sql", "since", "params"],
      outputs: ["current"],
    });
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
  const rule =
    'when: drift.share > 0.3\nfor: 2 runs\nseverity: critical\nnotify: [ml-oncall]\nmessage: "{{value}} drifted"\n';
  const one = (alert: string, instance: Record<string, unknown>, severity?: string) => ({
    alert,
    ...(severity && { severity }),
    instances: [instance],
  });

  it("displays the rule's one instance: a comparison's left operand is the value", async () => {
    const cell = compile(alert("inputs-drifted", rule));
    expect(cell).toMatchObject({
      kind: "alert",
      name: "inputs-drifted",
      inputs: ["drift"],
      outputs: [],
      sourceStartLine: 11,
      bodyLine: 1,
    });
    const high = await run(cell, { drift: { share: 0.4 } });
    expect(high).toEqual({
      displayed: [one("inputs-drifted", { value: 0.4, condition: true }, "critical")],
      outputs: {},
    });
    const low = await run(cell, { drift: { share: 0.1 } });
    expect(low.displayed).toEqual([one("inputs-drifted", { value: 0.1, condition: false }, "critical")]);
  });

  it("any other expression is its own value, and its truth the condition", async () => {
    const cell = compile(alert("stale", "when: rows.length === 0 || broken"));
    expect(cell.inputs).toEqual(["rows", "broken"]);
    expect((await run(cell, { rows: [1], broken: "yes" })).displayed).toEqual([
      one("stale", { value: "yes", condition: true }),
    ]);
  });

  it("evaluates recover on its own line", async () => {
    const cell = compile(alert("a", "when: x > 3\nseverity: warning\nrecover: x < limit\n"));
    expect(cell.inputs).toEqual(["x", "limit"]);
    expect((await run(cell, { x: 1, limit: 2 })).displayed).toEqual([
      one("a", { value: 1, condition: false, recovered: true }, "warning"),
    ]);
    const failing = compile(alert("a", "when: x > 3\nfor: 1m\nrecover: fail()\n"));
    const thrown = await run(
      failing,
      {
        x: 1,
        fail: () => {
          throw new Error("no");
        },
      },
      "rule.js",
    ).catch((caught: Error) => caught);
    expect((thrown as Error).stack).toMatch(/rule\.js:3:\d+/);
  });

  it("keeps working when an expression reads a variable named rule", async () => {
    const cell = compile(alert("a", "when: rule.limit < 5"));
    expect((await run(cell, { rule: { limit: 1 } })).displayed).toEqual([one("a", { value: 1, condition: true })]);
  });

  it("starts the body on the line of a block scalar's expression", async () => {
    const cell = compile(alert("a", "for: 2 runs\nwhen: |\n  a &&\n  b\n"));
    expect(cell.bodyLine).toBe(3);
    expect((await run(cell, { a: true, b: 0 })).displayed).toEqual([one("a", { value: 0, condition: false })]);
  });

  it("may await inside an expression", async () => {
    const cell = compile(alert("a", "when: (await load()) > 1"));
    expect((await run(cell, { load: async () => 2 })).displayed).toEqual([one("a", { value: 2, condition: true })]);
  });
});

describe("compileCell: alert with each", () => {
  const features = [
    { feature: "age", statistic: 0.31 },
    { feature: "income", statistic: 0.02 },
  ];

  it("makes one instance per item, keyed by item.feature, with item bound in when and recover", async () => {
    const cell = compile(
      alert("feature-drift", "each: drift.features\nwhen: item.statistic > limit\nrecover: item.statistic < limit / 2"),
    );
    expect(cell.inputs).toEqual(["drift", "limit"]);
    expect((await run(cell, { drift: { features }, limit: 0.1 })).displayed).toEqual([
      {
        alert: "feature-drift",
        instances: [
          { key: "age", condition: true, value: 0.31, recovered: false },
          { key: "income", condition: false, value: 0.02, recovered: true },
        ],
      },
    ]);
  });

  it("keys by `key`, else a string item itself, else item.name, else the index", async () => {
    const keyed = compile(alert("a", "each: rows\nkey: item.segment + '/' + item.region\nwhen: item.n < 10"));
    expect(keyed.inputs).toEqual(["rows"]);
    const rows = [{ segment: "new", region: "eu", n: 3 }];
    expect((await run(keyed, { rows })).displayed).toEqual([
      { alert: "a", instances: [{ key: "new/eu", condition: true, value: 3 }] },
    ]);
    const plain = compile(alert("b", "each: list\nwhen: item"));
    const list = ["x", 7, { name: "named" }, { other: 1 }];
    expect((await run(plain, { list })).displayed[0]).toMatchObject({
      instances: [{ key: "x" }, { key: "7" }, { key: "named" }, { key: "3" }],
    });
  });

  it("reads any iterable, and a missing list as no instances", async () => {
    const cell = compile(alert("a", "each: list\nwhen: item > 1"));
    expect((await run(cell, { list: new Set([1, 2]) })).displayed[0]).toMatchObject({
      instances: [{ key: "1" }, { key: "2" }],
    });
    expect((await run(cell, { list: null })).displayed).toEqual([{ alert: "a", instances: [] }]);
    await expect(run(cell, { list: 5 })).rejects.toThrow("each must give a list (an array or a table), not number");
  });

  it("refuses two items with one key, and more items than an alert may have", async () => {
    const cell = compile(alert("a", "each: list\nkey: item.k\nwhen: true"));
    await expect(run(cell, { list: [{ k: 1 }, { k: 1 }] })).rejects.toThrow('each: two items have the key "1"');
    const many = Array.from({ length: MAX_ALERT_INSTANCES + 1 }, (_, k) => ({ k }));
    await expect(run(cell, { list: many })).rejects.toThrow(`each gave ${MAX_ALERT_INSTANCES + 1} items`);
  });

  it("reads the workbook's own `item` in each, and the item in when", async () => {
    const cell = compile(alert("a", "each: item.list\nwhen: item > 1"));
    expect(cell.inputs).toEqual(["item"]);
    expect((await run(cell, { item: { list: [1, 2] } })).displayed[0]).toMatchObject({
      instances: [{ condition: false }, { condition: true }],
    });
  });

  it("keeps each expression's line, whatever the order of the keys", async () => {
    const cell = compile(alert("a", "when: check(item)\nseverity: warning\neach: list()\nkey: name(item)\n"));
    expect(cell.bodyLine).toBe(1);
    const boom = (line: string) => () => {
      throw new Error(line);
    };
    const lineOf = async (inputs: Record<string, unknown>) => {
      const error = await run(cell, { list: () => [1], check: () => true, name: String, ...inputs }, "rule.js").catch(
        (caught: Error) => caught,
      );
      return /rule\.js:(\d+):/.exec((error as Error).stack ?? "")?.[1];
    };
    expect(await lineOf({ check: boom("when") })).toBe("1");
    expect(await lineOf({ list: boom("each") })).toBe("3");
    expect(await lineOf({ name: boom("key") })).toBe("4");
  });

  it("refuses key without each", () => {
    expect(compile(alert("a", "when: x\nkey: item.k")).problem).toMatchObject({
      line: 12,
      message: expect.stringContaining("add `each: <list>`"),
    });
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
