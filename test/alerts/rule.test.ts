import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { alertRules, fingerprint, instanceLabels } from "../../server/alerts/rule.ts";
import { analyseWorkbook } from "../../server/analysis/index.ts";
import { parseWorkbook } from "../../server/workbook/index.ts";
import { ruleOf } from "./ruleOf.ts";

const parse = (source: string) => ruleOf("credit.md", "inputs-drifted", source);

describe("alertRules", () => {
  it("reads every alert cell with usable settings; the analysis reports bad ones as problems in file coordinates", () => {
    const analysis = analyseWorkbook(
      parseWorkbook(
        "# W\n\n```js\nconst x = 1;\n```\n\n```alert fine\nwhen: x > 0\n```\n\n```alert broken\nwhen: x > 0\nfor: soon\n```\n",
      ),
    );
    const rules = alertRules("w.md", analysis);
    expect(rules.map((rule) => rule.id)).toEqual(["w.md#fine"]);
    expect(rules[0]).toMatchObject({ workbook: "w.md", name: "fine", for: { runs: 0 } });
    expect(analysis.problems).toEqual([
      {
        cellIndex: 2,
        line: 13,
        column: 6,
        cellLine: 2,
        cellColumn: 6,
        message: expect.stringMatching(/^`for`: "soon" is neither/),
      },
    ]);
  });

  it("keeps the rule of a cell whose expression does not compile, so its instances show the error", () => {
    const analysis = analyseWorkbook(parseWorkbook("```alert broken\nwhen: x >\nfor: 2 runs\n```\n"));
    expect(analysis.problems).toHaveLength(1);
    expect(alertRules("w.md", analysis)).toEqual([expect.objectContaining({ id: "w.md#broken", for: { runs: 2 } })]);
  });
});

describe("instance identity", () => {
  const rule = parse("each: xs\nwhen: item\nseverity: critical\nkeyLabel: feature\nlabels: {team: ml}");

  it("labels an instance with its rule, workbook, severity, labels and key", () => {
    expect(instanceLabels(rule, "age")).toEqual({
      alertname: "inputs-drifted",
      workbook: "credit.md",
      severity: "critical",
      team: "ml",
      feature: "age",
    });
    expect(instanceLabels(parse("when: x"), "")).toEqual({ alertname: "inputs-drifted", workbook: "credit.md" });
  });

  it("fingerprints the rule id and the sorted labels: 16 hex digits of sha256", () => {
    const labels = { b: "2", a: "1" };
    const expected = createHash("sha256")
      .update(
        JSON.stringify([
          "credit.md#x",
          [
            ["a", "1"],
            ["b", "2"],
          ],
        ]),
      )
      .digest("hex")
      .slice(0, 16);
    expect(fingerprint("credit.md#x", labels)).toBe(expected);
    expect(fingerprint("credit.md#x", { a: "1", b: "2" })).toBe(expected);
    expect(fingerprint("credit.md#y", labels)).not.toBe(expected);
  });
});
