import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { alertRules, DEFAULT_REPEAT_MS, fingerprint, instanceLabels, parseRule, RuleError } from "../../server/alerts/rule.ts";
import { parseWorkbook } from "../../server/workbook/index.ts";

const parse = (source: string) => parseRule("credit.md", "inputs-drifted", source);
const failure = (source: string) => {
  try {
    parse(source);
  } catch (error) {
    if (error instanceof RuleError) return { field: error.field, line: error.line, message: error.message };
    throw error;
  }
  throw new Error("expected a RuleError");
};

describe("parseRule", () => {
  it("reads every setting", () => {
    const rule = parse(
      'when: drift.share > 0.3\nrecover: drift.share < 0.2\nfor: 2 runs\nseverity: critical\nlabels: {team: ml, tier: 1}\nnotify: [ml-oncall, team]\nmessage: "{{value}} drifted"\nrepeat: 1h\n',
    );
    expect(rule).toEqual({
      id: "credit.md#inputs-drifted",
      workbook: "credit.md",
      name: "inputs-drifted",
      definitionHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      for: { runs: 2 },
      severity: "critical",
      labels: { team: "ml", tier: "1" },
      message: "{{value}} drifted",
      notify: ["ml-oncall", "team"],
      repeatMs: 3_600_000,
      each: false,
      keyLabel: "instance",
      recover: true,
    });
  });

  it("has defaults: fire at once, no channels, remind every 4 hours", () => {
    expect(parse("when: x")).toMatchObject({ for: { runs: 0 }, labels: {}, notify: [], repeatMs: DEFAULT_REPEAT_MS, each: false, recover: false });
    expect(DEFAULT_REPEAT_MS).toBe(4 * 3_600_000);
  });

  it("reads for as runs or a duration", () => {
    expect(parse("when: x\nfor: 1 run").for).toEqual({ runs: 1 });
    expect(parse("when: x\nfor: 30m").for).toEqual({ ms: 1_800_000 });
    expect(parse("when: x\nfor: 1h30m").for).toEqual({ ms: 5_400_000 });
    expect(parse("when: x\nfor: 0").for).toEqual({ runs: 0 });
    expect(parse("when: x\nnotify: ml-oncall").notify).toEqual(["ml-oncall"]);
  });

  it("names the field of a bad setting, at its line", () => {
    expect(failure("when: x\nfor: 2")).toMatchObject({ field: "for", line: 2, message: expect.stringContaining("`for`: write a count of runs") });
    expect(failure("when: x\nfor: two weeks")).toMatchObject({ field: "for", message: expect.stringContaining('"two weeks" is neither') });
    expect(failure("when: x\nrepeat: 0s")).toMatchObject({ field: "repeat", line: 2 });
    expect(failure("when: x\nlabels: [a]")).toMatchObject({ field: "labels" });
    expect(failure("when: x\nlabels:\n  team: ml\n  9lives: x")).toMatchObject({ field: "labels.9lives", line: 4 });
    expect(failure("when: x\nlabels:\n  alertname: y")).toMatchObject({ field: "labels.alertname", message: expect.stringContaining("set by Driftbook") });
    expect(failure("when: x\nlabels:\n  team: {a: 1}")).toMatchObject({ field: "labels.team", line: 3 });
    expect(failure("when: x\nnotify: [a, 3]")).toMatchObject({ field: "notify" });
    expect(failure("when: x\nmessage: [a]")).toMatchObject({ field: "message" });
    expect(failure("when: x\nkeyLabel: feature")).toMatchObject({ field: "keyLabel", message: expect.stringContaining("add `each") });
    expect(failure("each: xs\nwhen: item\nkeyLabel: workbook")).toMatchObject({ field: "keyLabel" });
    expect(failure("each: xs\nwhen: item\nkeyLabel: feature\nlabels: {feature: x}")).toMatchObject({ field: "labels.feature" });
  });

  it("reads an each rule's key label", () => {
    expect(parse("each: drift.features\nwhen: item.drift\nkeyLabel: feature")).toMatchObject({ each: true, keyLabel: "feature" });
    expect(parse("each: drift.features\nwhen: item.drift")).toMatchObject({ each: true, keyLabel: "instance" });
  });

  it("changes the definition hash with the rule's content, not its comments or layout", () => {
    const hash = parse("when: x > 1\nfor: 2 runs").definitionHash;
    expect(parse("when: x > 1   # the threshold\n\nfor: 2 runs\n").definitionHash).toBe(hash);
    expect(parse("when: x > 2\nfor: 2 runs").definitionHash).not.toBe(hash);
    expect(parse("when: x > 1\nfor: 3 runs").definitionHash).not.toBe(hash);
  });
});

describe("alertRules", () => {
  it("reads every alert cell and reports bad settings as problems in file coordinates", () => {
    const doc = parseWorkbook("# W\n\n```js\nconst x = 1;\n```\n\n```alert fine\nwhen: x > 0\n```\n\n```alert broken\nwhen: x > 0\nfor: soon\n```\n");
    const { rules, problems } = alertRules("w.md", doc);
    expect(rules.map((rule) => rule.id)).toEqual(["w.md#fine"]);
    expect(problems).toEqual([{ cellIndex: 2, line: 13, column: 6, message: expect.stringMatching(/^`for`: "soon" is neither/) }]);
  });
});

describe("instance identity", () => {
  const rule = parse("each: xs\nwhen: item\nseverity: critical\nkeyLabel: feature\nlabels: {team: ml}");

  it("labels an instance with its rule, workbook, severity, labels and key", () => {
    expect(instanceLabels(rule, "age")).toEqual({ alertname: "inputs-drifted", workbook: "credit.md", severity: "critical", team: "ml", feature: "age" });
    expect(instanceLabels(parse("when: x"), "")).toEqual({ alertname: "inputs-drifted", workbook: "credit.md" });
  });

  it("fingerprints the rule id and the sorted labels: 16 hex digits of sha256", () => {
    const labels = { b: "2", a: "1" };
    const expected = createHash("sha256").update(JSON.stringify(["credit.md#x", [["a", "1"], ["b", "2"]]])).digest("hex").slice(0, 16);
    expect(fingerprint("credit.md#x", labels)).toBe(expected);
    expect(fingerprint("credit.md#x", { a: "1", b: "2" })).toBe(expected);
    expect(fingerprint("credit.md#y", labels)).not.toBe(expected);
  });
});
