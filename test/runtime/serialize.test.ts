import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import * as detectors from "../../detectors/index.ts";
import {
  CATEGORY_LIMIT,
  TABLE_ROW_LIMIT,
  type DriftOutput,
  type JsonOutput,
  type TableOutput,
} from "../../server/protocol/index.ts";
import { alertOutput, serializeValue } from "../../server/runtime/serialize.ts";
import { html } from "../../server/runtime/stdlib/html.ts";
import { serverPlot as Plot } from "../../server/runtime/stdlib/plot.ts";

const XSS = "<img src=x onerror=alert(1)>";

describe("serializeValue", () => {
  it("shows nothing for undefined and JSON for primitives", () => {
    expect(serializeValue(undefined)).toBeUndefined();
    expect(serializeValue(null)).toEqual({ kind: "json", value: null });
    expect(serializeValue(42)).toEqual({ kind: "json", value: 42 });
    expect(serializeValue("text")).toEqual({ kind: "json", value: "text" });
  });

  it("turns a Plot chart into an svg output with its marks", () => {
    const data = [
      { feature: "age", statistic: 0.1 },
      { feature: "income", statistic: 0.4 },
      { feature: "region", statistic: 0.2 },
    ];
    const output = serializeValue(Plot.barY(data, { x: "feature", y: "statistic" }).plot());
    expect(output?.kind).toBe("svg");
    const svg = (output as { svg: string }).svg;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<rect/g)).toHaveLength(3);
  });

  it("turns a Plot figure with a title into an svg output: a chart, whatever its root", () => {
    const chart = Plot.plot({ title: XSS, marks: [Plot.dot([1, 2], { x: (d: number) => d })] });
    const output = serializeValue(chart);
    expect(output?.kind).toBe("svg");
    const markup = (output as { svg: string }).svg;
    expect(markup).toMatch(/^<figure/);
    expect(markup).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(markup).not.toContain("<img");
  });

  it("reads the first rows of an Arquero table column by column", () => {
    const table = aq.table({
      id: Array.from({ length: 2500 }, (_, i) => i),
      seen: Array.from({ length: 2500 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 1000)),
      label: Array.from({ length: 2500 }, (_, i) => (i === 0 ? null : `row ${i}`)),
    });
    const output = serializeValue(table) as TableOutput;
    expect(output.kind).toBe("table");
    expect(output.rows).toHaveLength(TABLE_ROW_LIMIT);
    expect(output.totalRows).toBe(2500);
    expect(output.columns).toEqual([
      { name: "id", type: "number" },
      { name: "seen", type: "date" },
      { name: "label", type: "string" },
    ]);
    expect(output.rows[0]).toEqual([0, "2024-01-01T00:00:00.000Z", null]);
    expect(output.rows[999]).toEqual([999, "2024-01-01T00:16:39.000Z", "row 999"]);
  });

  it("respects an Arquero table's filter and order", () => {
    const table = aq
      .table({ x: [1, 2, 3, 4, 5] })
      .filter((d: { x: number }) => d.x > 2)
      .orderby(aq.desc("x"));
    const output = serializeValue(table) as TableOutput;
    expect(output.rows).toEqual([[5], [4], [3]]);
    expect(output.totalRows).toBe(3);
  });

  it("writes values JSON cannot hold as text in table cells", () => {
    const output = serializeValue(
      aq.table({ v: [NaN, Infinity, -Infinity], big: [1n, 2n, 3n], obj: [{ a: 1 }, [1, 2], null] }),
    ) as TableOutput;
    expect(output.rows).toEqual([
      ["NaN", "1", '{"a":1}'],
      ["Infinity", "2", "[1,2]"],
      ["-Infinity", "3", null],
    ]);
    expect(output.columns.map((column) => column.type)).toEqual(["number", "bigint", "object"]);
  });

  it("turns an array of plain objects into a table over the union of their keys", () => {
    const rows = Array.from({ length: 1500 }, (_, i) => (i === 1 ? { a: i, b: XSS } : { a: i }));
    const output = serializeValue(rows) as TableOutput;
    expect(output.columns).toEqual([
      { name: "a", type: "number" },
      { name: "b", type: "string" },
    ]);
    expect(output.rows[1]).toEqual([1, XSS]);
    expect(output.rows).toHaveLength(TABLE_ROW_LIMIT);
    expect(output.totalRows).toBe(1500);
  });

  it("recognizes a drift report and fills in share and drift", () => {
    const report = {
      method: "tabularDrift",
      features: [
        { feature: "age", method: "ks", statistic: 0.31, pValue: 0.001, threshold: 0.05, drift: true },
        { feature: "region", method: "chi2", statistic: Infinity, pValue: 0.6, drift: false },
      ],
      drift: true,
    };
    expect(serializeValue(report)).toEqual({
      kind: "drift",
      method: "tabularDrift",
      features: [
        {
          feature: "age",
          method: "ks",
          status: "drifted",
          statistic: 0.31,
          pValue: 0.001,
          threshold: 0.05,
          drift: true,
        },
        {
          feature: "region",
          method: "chi2",
          status: "stable",
          statistic: null,
          pValue: 0.6,
          threshold: null,
          drift: false,
        },
      ],
      share: 0.5,
      tested: 2,
      drift: true,
    });
  });

  it("carries tabularDrift's statuses, row counts, reasons and category lists (cut to CATEGORY_LIMIT)", () => {
    const reference = Array.from({ length: 60 }, (_, i) => ({ city: `old ${i % 30}`, x: i, few: i < 40 ? i : null }));
    const current = Array.from({ length: 60 }, (_, i) => ({
      city: `new ${i % 25}`,
      x: i + 100,
      few: i < 10 ? i : null,
    }));
    const report = detectors.tabularDrift(reference, current, { categorical: ["city"] });
    const output = serializeValue(report) as DriftOutput;
    expect(output).toMatchObject({ tested: 2, share: 1, drift: true, referenceRows: 60, currentRows: 60 });
    const [city, x, few] = output.features;
    expect(city).toMatchObject({ status: "drifted", referenceRows: 60, currentRows: 60 });
    expect(city.newCategories?.distinct).toBe(25);
    expect(city.newCategories?.categories).toHaveLength(CATEGORY_LIMIT);
    expect(city.newCategories?.categories[0]).toEqual({ category: "new 0", count: 3 });
    expect(city.missingCategories?.distinct).toBe(30);
    expect(x).toMatchObject({ status: "drifted", referenceRows: 60, currentRows: 60 });
    expect(x.newCategories).toBeUndefined();
    expect(few).toMatchObject({
      status: "insufficient",
      statistic: null,
      pValue: null,
      referenceRows: 40,
      currentRows: 10,
    });
    expect(few.reason).toMatch(/^10 current values, fewer than minRows \(30\)/);
  });

  it("shows a value with toJSON (a Profile) as what toJSON gives, not its internals, with its text as text", () => {
    const profile = detectors.profileOf({ x: [1, 2, 3], note: [XSS, "b", null] });
    const output = serializeValue(profile) as JsonOutput;
    expect(output).toEqual({ kind: "json", value: profile.toJSON() });
    expect(output.value).toMatchObject({ rows: 3, columns: { note: { counts: { [XSS]: 1, b: 1 }, missing: 1 } } });
  });

  it("shows a single test result as json", () => {
    const result = { method: "ks", statistic: 0.2, pValue: 0.03, drift: true };
    expect(serializeValue(result)).toEqual({ kind: "json", value: result });
  });

  it("turns what an alert cell displays into an alert output, and leaves look-alikes from js cells as json", () => {
    const display = { alert: "inputs-drifted", severity: "critical", instances: [{ condition: true, value: 0.4 }] };
    expect(alertOutput(display)).toEqual({
      kind: "alert",
      name: "inputs-drifted",
      severity: "critical",
      instances: [{ condition: true, value: 0.4 }],
    });
    expect(serializeValue({ alert: "x", condition: true })).toEqual({
      kind: "json",
      value: { alert: "x", condition: true },
    });
  });

  it("keeps each instance's key and recovered, and makes a missing or NaN value null", () => {
    const instances = [
      { key: "age", condition: true, value: 0.4, recovered: false },
      { key: "income", condition: false, value: Number.NaN, recovered: true },
      { key: "region", condition: false, value: undefined },
      { condition: 1 as unknown as boolean, value: { when: new Date(Date.UTC(2024, 0, 1)) } },
    ];
    expect(alertOutput({ alert: "drift", instances }).instances).toEqual([
      { key: "age", condition: true, value: 0.4, recovered: false },
      { key: "income", condition: false, value: null, recovered: true },
      { key: "region", condition: false, value: null },
      { condition: true, value: { when: "2024-01-01T00:00:00.000Z" } },
    ]);
  });

  it("bounds an instance's value", () => {
    const [instance] = alertOutput({
      alert: "big",
      instances: [{ condition: true, value: Array.from({ length: 500 }, (_, i) => i) }],
    }).instances;
    expect((instance.value as unknown[]).length).toBeLessThanOrEqual(51);
  });

  it("turns an Error into an error output, keeping a line set by the worker", () => {
    expect(serializeValue(new TypeError("x is not a function"))).toEqual({
      kind: "error",
      message: "x is not a function",
    });
    expect(serializeValue(Object.assign(new Error("boom"), { line: 12 }))).toEqual({
      kind: "error",
      message: "boom",
      line: 12,
    });
  });

  it("turns html results into sanitized html outputs", () => {
    const output = serializeValue(html`<p onclick="steal()">${XSS}<script>alert(1)</script></p>`);
    expect(output).toEqual({ kind: "html", html: "<p>&lt;img src=x onerror=alert(1)&gt;</p>" });
  });

  it("replaces HTML and SVG over the output limit by a note with both sizes, never by cut markup", () => {
    const big = html`<p>${"x".repeat(3 * 1024 * 1024)}</p>`;
    expect(serializeValue(big, 1024 * 1024)).toEqual({
      kind: "html",
      html: '<p class="note">output cut at 1 MB: this HTML output is 3 MB, over the --max-output limit</p>',
    });
    expect(serializeValue(big)).toMatchObject({ kind: "html", html: expect.stringMatching(/^<p>x{1000}/) });
    const chart = Plot.dot(
      Array.from({ length: 2000 }, (_, i) => ({ x: i, y: i })),
      { x: "x", y: "y" },
    ).plot();
    expect(serializeValue(chart, 10_000)).toMatchObject({
      kind: "html",
      html: expect.stringMatching(/^<p class="note">output cut at 0\.00954 MB: this SVG output is 0\.\d+ MB/),
    });
  });

  it("shows a value whose accessors throw as an error", () => {
    const table = {
      numRows: () => 1,
      columnNames: () => ["a"],
      get: () => {
        throw new Error("closed");
      },
    };
    expect(serializeValue(table)).toEqual({ kind: "error", message: "cannot display this value: closed" });
  });
});

describe("serializeValue json copies", () => {
  const json = (value: unknown) => serializeValue(value) as JsonOutput;

  it("writes values JSON cannot hold as descriptive text", () => {
    const value = {
      nan: NaN,
      inf: -Infinity,
      big: 12n,
      missing: undefined,
      fn: function score() {},
      sym: Symbol("s"),
      when: new Date(0),
      map: new Map<unknown, unknown>([
        ["a", 1],
        [2, { b: true }],
      ]),
      set: new Set([1, 2]),
      typed: new Float64Array([0.5, 1.5]),
      error: new RangeError("out of range"),
    };
    expect(json(value)).toEqual({
      kind: "json",
      value: {
        nan: "NaN",
        inf: "-Infinity",
        big: "12n",
        missing: "undefined",
        fn: "ƒ score()",
        sym: "Symbol(s)",
        when: "1970-01-01T00:00:00.000Z",
        map: [
          ["a", 1],
          [2, { b: true }],
        ],
        set: [1, 2],
        typed: [0.5, 1.5],
        error: "RangeError: out of range",
      },
    });
  });

  it("marks cycles and keeps shared references", () => {
    const shared = { n: 1 };
    const value: Record<string, unknown> = { left: shared, right: shared };
    value.self = value;
    expect(json(value).value).toEqual({ left: { n: 1 }, right: { n: 1 }, self: "[Circular]" });
  });

  it("cuts depth, long collections and long strings and says so", () => {
    const output = json({
      deep: { a: { b: { c: { d: { e: { f: 1 } } } } } },
      list: Array.from({ length: 250 }, (_, i) => i),
      keys: Object.fromEntries(Array.from({ length: 205 }, (_, i) => [`k${i}`, i])),
      text: "x".repeat(12_000),
    });
    const value = output.value as Record<string, any>;
    expect(value.deep.a.b.c.d.e).toBe("[Object]");
    expect(value.list).toHaveLength(201);
    expect(value.list[200]).toBe("… 50 more items");
    expect(value.keys["…"]).toBe("5 more keys");
    expect(value.text).toHaveLength(10_001);
    expect(output.truncated).toBe(
      "values nested deeper than 6 levels; collections longer than 200 items (2); strings longer than 10000 characters",
    );
  });

  it("stops near 256 KB in total", () => {
    const output = json(Array.from({ length: 100 }, () => "y".repeat(9_000)));
    expect(JSON.stringify(output.value).length).toBeLessThan(256 * 1024 + 10_000);
    expect(output.truncated).toBe("everything past 256 KB");
    expect((output.value as string[]).at(-1)).toMatch(/^… \d+ more items$/);
  });

  it("keeps a __proto__ key as data", () => {
    const output = json(JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(Object.keys(output.value as object)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
