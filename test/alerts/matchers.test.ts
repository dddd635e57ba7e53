import { describe, expect, it } from "vitest";
import { MatcherError, matchesAll, parseMatchers } from "../../server/alerts/matchers.ts";

const labels = { alertname: "feature-drift", workbook: "credit.md", feature: "age" };

describe("matchers", () => {
  it.each([
    [[{ name: "alertname", value: "feature-drift" }], true],
    [[{ name: "alertname", op: "!=", value: "feature-drift" }], false],
    [[{ name: "workbook", op: "=~", value: "credit.*" }], true],
    [[{ name: "workbook", op: "=~", value: "credit" }], false],
    [[{ name: "feature", op: "!~", value: "age|income" }], false],
    [[{ name: "team", op: "!=", value: "ml" }], true],
    [[{ name: "team", value: "" }], true],
    [
      [
        { name: "alertname", value: "feature-drift" },
        { name: "feature", value: "income" },
      ],
      false,
    ],
  ])("%j → %s", (input, expected) => {
    expect(matchesAll(parseMatchers(input), labels)).toBe(expected);
  });

  it.each([
    [undefined, "matchers"],
    [[], "matchers"],
    [["alertname=x"], "matchers[0]"],
    [[{ name: "bad name", value: "x" }], "matchers[0].name"],
    [[{ name: "a", op: "==", value: "x" }], "matchers[0].op"],
    [[{ name: "a", value: 3 }], "matchers[0].value"],
    [
      [
        { name: "a", value: "x" },
        { name: "b", op: "=~", value: "(" },
      ],
      "matchers[1].value",
    ],
  ])("refuses %j, naming %s", (input, field) => {
    expect(() => parseMatchers(input)).toThrow(MatcherError);
    try {
      parseMatchers(input);
    } catch (error) {
      expect((error as MatcherError).field).toBe(field);
    }
  });
});
