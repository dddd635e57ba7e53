import { describe, expect, it } from "vitest";
import { resolveParams } from "../../server/workbook/params.ts";

const defaults = {
  window: "24h",
  threshold: 0.3,
  notify: true,
  features: ["age", "income"],
  bins: { age: 10 },
  label: null,
};

describe("resolveParams", () => {
  it("keeps the defaults when nothing is overridden", () => {
    expect(resolveParams(defaults, {})).toEqual(defaults);
  });

  it("coerces each override to its default's type", () => {
    expect(
      resolveParams(defaults, {
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
    expect(resolveParams(defaults, { notify: text }).notify).toBe(value);
  });

  it("does not change the defaults object", () => {
    resolveParams(defaults, { threshold: "1" });
    expect(defaults.threshold).toBe(0.3);
  });

  it("names an unknown key and the known ones", () => {
    expect(() => resolveParams(defaults, { windw: "7d" })).toThrow(
      'unknown parameter "windw" (known parameters: window, threshold, notify, features, bins, label)',
    );
    expect(() => resolveParams(defaults, { toString: "x" })).toThrow('unknown parameter "toString"');
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
    expect(() => resolveParams(defaults, { [key]: text })).toThrow(message);
  });
});
