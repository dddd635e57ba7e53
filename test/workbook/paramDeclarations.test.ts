import { describe, expect, it } from "vitest";
import { parseWorkbook } from "../../server/workbook/index.ts";
import { declareParams } from "../../server/workbook/paramDeclarations.ts";

/** Declares the params of a workbook whose front matter is these lines (the first at file line 2). */
function declare(...lines: string[]) {
  return declareParams(parseWorkbook(["---", ...lines, "---", "# Body", ""].join("\n")).frontMatter);
}

describe("declareParams", () => {
  it("reads every type of the issue's example, with their fields", () => {
    const { declarations, problems } = declare(
      "title: Credit",
      "params:",
      "  region: {type: select, options: [eu, us], default: eu, viewer: true, label: Region}",
      "  window: {type: select, options: [1d, 7d], default: 7d}",
      "  since: {type: date}",
      "  threshold: {type: range, min: 0, max: 1, step: 0.05, default: 0.3}",
      "  note: {type: text}",
      "  strict: {type: checkbox}",
      '  segment: {type: select, options: {query: "select distinct segment from credit"}, default: retail}',
    );
    expect(problems).toEqual([]);
    expect(declarations.map(({ name, input, viewer, line }) => [name, input, viewer, line])).toEqual([
      ["region", "select", true, 4],
      ["window", "select", false, 5],
      ["since", "date", false, 6],
      ["threshold", "range", false, 7],
      ["note", "text", false, 8],
      ["strict", "checkbox", false, 9],
      ["segment", "select", false, 10],
    ]);
    expect(declarations[0]).toMatchObject({ options: ["eu", "us"], default: "eu", label: "Region", valid: true });
    expect(declarations[3]).toMatchObject({ min: 0, max: 1, step: 0.05, default: 0.3 });
    expect(declarations[2].default).toBeNull();
    expect(declarations[6]).toMatchObject({ optionsQuery: "select distinct segment from credit", default: "retail" });
    expect(declarations[6].options).toBeUndefined();
  });

  it("infers the control of a param declared by its default alone", () => {
    const { declarations, problems } = declare(
      "params:",
      "  window: 24h",
      "  days: 14",
      "  notify: false",
      "  features: [age]",
      "  label:",
    );
    expect(problems).toEqual([]);
    expect(declarations.map(({ name, input, viewer }) => [name, input, viewer])).toEqual([
      ["window", "text", false],
      ["days", "number", false],
      ["notify", "checkbox", false],
      ["features", "json", false],
      ["label", "text", false],
    ]);
  });

  it.each([
    [["  a: {type: slider}"], 3, 'Param "a": unknown type "slider" (types: select, range, date, text, checkbox).'],
    [["  a:", "    type: text", "    optons: [x]"], 5, 'Param "a": unknown field "optons"'],
    [["  a: {type: select}"], 3, 'Param "a": a select needs `options`'],
    [
      ["  a:", "    type: select", "    options: [eu, us]", "    default: asia"],
      6,
      '`default` "asia" is not one of the options.',
    ],
    [
      ["  a: {type: select, options: {query: 'select 1'}}"],
      3,
      "a select whose options come from a query needs a `default`.",
    ],
    [
      ["  a:", "    type: range", "    min: 1", "    max: 0"],
      5,
      "a range needs numbers `min` and `max`, with min below max.",
    ],
    [["  a: {type: range, min: 0, max: 1, default: 2}"], 3, "`default` must be a number from 0 to 1."],
    [["  a: {type: range, min: 0, max: 1, step: -1}"], 3, "`step` must be a positive number."],
    [["  a: {type: date, default: 31.1.2026}"], 3, "a date's `default` must be written YYYY-MM-DD."],
    [["  a: {type: checkbox, default: maybe}"], 3, "a checkbox's `default` must be true or false."],
    [["  a: {type: text, viewer: yes please}"], 3, "`viewer` must be true or false."],
    [["  a: {type: text, options: [x]}"], 3, "`options` belongs to a select, not a text."],
  ])("reports a faulty declaration %j on its file line", (lines, line, message) => {
    const { declarations, problems } = declare("params:", ...(lines as string[]));
    expect(problems).toHaveLength(1);
    expect(problems[0].line).toBe(line);
    expect(problems[0].message).toContain(message);
    expect(declarations[0].valid).toBe(false);
  });

  it("reports params that are not a mapping", () => {
    expect(declare("params: [a, b]").problems).toEqual([
      { line: 2, message: "Front matter: `params` must be a mapping of names to defaults or declarations." },
    ]);
  });

  it("has nothing to declare without params or front matter", () => {
    expect(declare("title: x")).toEqual({ declarations: [], problems: [] });
    expect(declareParams(undefined)).toEqual({ declarations: [], problems: [] });
  });
});
