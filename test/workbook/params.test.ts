import { describe, expect, it } from "vitest";
import { parseWorkbook } from "../../server/workbook/index.ts";
import { declareParams } from "../../server/workbook/paramDeclarations.ts";
import { paramDefaults, resolveParams } from "../../server/workbook/params.ts";

/** The declarations of a workbook whose front matter is these lines. */
function declared(...lines: string[]) {
  return declareParams(parseWorkbook(["---", ...lines, "---", ""].join("\n")).frontMatter).declarations;
}

const plain = declared(
  "params:",
  "  window: 24h",
  "  threshold: 0.3",
  "  notify: true",
  "  features: [age, income]",
  "  bins: {age: 10}",
  "  label: null",
);
const defaults = paramDefaults(plain);

const typed = declared(
  "params:",
  "  region: {type: select, options: [eu, us], default: eu, viewer: true}",
  "  k: {type: select, options: [1, 5, 10]}",
  "  segment: {type: select, options: {query: 'select distinct segment from credit'}, default: retail}",
  "  threshold: {type: range, min: 0, max: 1, step: 0.05, default: 0.3}",
  "  since: {type: date, default: 2026-01-31}",
  "  note: {type: text}",
  "  strict: {type: checkbox}",
);

describe("resolveParams over plain params", () => {
  it("keeps the defaults when nothing is overridden", () => {
    expect(resolveParams(plain, {})).toEqual({
      window: "24h",
      threshold: 0.3,
      notify: true,
      features: ["age", "income"],
      bins: { age: 10 },
      label: null,
    });
  });

  it("coerces each override to its default's type", () => {
    expect(
      resolveParams(plain, {
        window: "7d",
        threshold: "0.05",
        notify: "false",
        features: '["region"]',
        bins: '{"age": 20}',
        label: "v2",
      }),
    ).toEqual({ window: "7d", threshold: 0.05, notify: false, features: ["region"], bins: { age: 20 }, label: "v2" });
  });

  it.each([
    ["true", true],
    ["YES", true],
    ["1", true],
    ["no", false],
    ["0", false],
  ])("reads %j as the boolean %s", (text, value) => {
    expect(resolveParams(plain, { notify: text }).notify).toBe(value);
  });

  it("does not change the defaults", () => {
    resolveParams(plain, { threshold: "1" });
    expect(paramDefaults(plain).threshold).toBe(0.3);
    expect(defaults.threshold).toBe(0.3);
  });

  it("names an unknown key and the known ones", () => {
    expect(() => resolveParams(plain, { windw: "7d" })).toThrow(
      'unknown parameter "windw" (known parameters: window, threshold, notify, features, bins, label)',
    );
    expect(() => resolveParams(plain, { toString: "x" })).toThrow('unknown parameter "toString"');
  });

  it.each([
    ["threshold", "high", 'parameter "threshold" expects a number, got "high"'],
    ["threshold", "", 'parameter "threshold" expects a number, got ""'],
    ["threshold", "Infinity", 'parameter "threshold" expects a number, got "Infinity"'],
    ["notify", "maybe", 'parameter "notify" expects true or false, got "maybe"'],
    ["notify", "constructor", 'parameter "notify" expects true or false, got "constructor"'],
    ["features", "age,income", 'parameter "features" expects a JSON array, got "age,income"'],
    ["bins", "[1]", 'parameter "bins" expects a JSON object, got "[1]"'],
  ])("refuses %s=%j, naming the key and the value", (key, text, message) => {
    expect(() => resolveParams(plain, { [key]: text })).toThrow(message);
  });
});

describe("resolveParams over declared params", () => {
  it("takes each declaration's default, a select's first option when it names none", () => {
    expect(paramDefaults(typed)).toEqual({
      region: "eu",
      k: 1,
      segment: "retail",
      threshold: 0.3,
      since: "2026-01-31",
      note: "",
      strict: false,
    });
  });

  it("reads values as their declarations type them", () => {
    expect(
      resolveParams(typed, {
        region: "us",
        k: "10",
        threshold: "0.55",
        since: "2025-12-01",
        note: "hi",
        strict: "true",
      }),
    ).toMatchObject({ region: "us", k: 10, threshold: 0.55, since: "2025-12-01", note: "hi", strict: true });
  });

  it("takes any text for a select whose options a query lists, when the query's choices are not known", () => {
    expect(resolveParams(typed, { segment: "sme" }).segment).toBe("sme");
  });

  it.each([
    ["region", "asia", 'parameter "region" expects one of "eu", "us", got "asia"'],
    ["k", "2", 'parameter "k" expects one of 1, 5, 10, got "2"'],
    ["threshold", "1.5", 'parameter "threshold" expects a number from 0 to 1, got "1.5"'],
    ["threshold", "-0.1", 'parameter "threshold" expects a number from 0 to 1, got "-0.1"'],
    ["since", "31/01/2026", 'parameter "since" expects a date written YYYY-MM-DD, got "31/01/2026"'],
    ["since", "2026-13-45", 'parameter "since" expects a date written YYYY-MM-DD, got "2026-13-45"'],
    ["since", "2026-02-30", 'parameter "since" expects a date written YYYY-MM-DD, got "2026-02-30"'],
    ["strict", "maybe", 'parameter "strict" expects true or false, got "maybe"'],
    ["note", "x".repeat(1001), 'parameter "note" expects at most 1000 characters'],
  ])("refuses %s=%j against its declaration", (key, text, message) => {
    expect(() => resolveParams(typed, { [key]: text })).toThrow(message);
  });

  it("refuses to override a param whose declaration is faulty", () => {
    const faulty = declared("params:", "  region: {type: select, options: [eu], default: us}");
    expect(faulty[0].valid).toBe(false);
    expect(() => resolveParams(faulty, { region: "eu" })).toThrow('parameter "region" is declared wrongly');
  });
});
