import { describe, expect, it } from "vitest";
import { analyseWorkbook } from "../../server/analysis/index.ts";
import { DEFAULT_REPEAT_MS } from "../../server/analysis/alertSettings.ts";
import { parseWorkbook } from "../../server/workbook/index.ts";

/** The one alert cell of a workbook whose YAML is `source` (on the file's line 2 onward). */
const cellOf = (source: string) =>
  analyseWorkbook(parseWorkbook("```alert inputs-drifted\n" + source + "\n```\n")).cells[0];
const parse = (source: string) => {
  const cell = cellOf(source);
  if (cell.problem || !cell.alert) throw new Error(cell.problem?.message ?? "no settings");
  return cell.alert;
};
/** The cell's problem, its line counted in the cell's YAML. */
const failure = (source: string) => {
  const { problem, alert } = cellOf(source);
  if (!problem) throw new Error("expected a problem");
  expect(alert).toBeUndefined();
  return { line: problem.line - 1, message: problem.message };
};

describe("alert settings", () => {
  it("reads every setting", () => {
    const rule = parse(
      'when: drift.share > 0.3\nrecover: drift.share < 0.2\nfor: 2 runs\nseverity: critical\nlabels: {team: ml, tier: 1}\nnotify: [ml-oncall, team]\nmessage: "{{value}} drifted"\nrepeat: 1h\n',
    );
    expect(rule).toEqual({
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
    expect(parse("when: x")).toMatchObject({
      for: { runs: 0 },
      labels: {},
      notify: [],
      repeatMs: DEFAULT_REPEAT_MS,
      each: false,
      recover: false,
    });
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
    expect(failure("when: x\nfor: 2")).toEqual({
      line: 2,
      message: expect.stringMatching(/^`for`: write a count of runs/),
    });
    expect(failure("when: x\nfor: two weeks").message).toMatch(/^`for`: "two weeks" is neither/);
    expect(failure("when: x\nrepeat: 0s")).toEqual({ line: 2, message: expect.stringMatching(/^`repeat`: /) });
    expect(failure("when: x\nlabels: [a]").message).toMatch(/^`labels`: /);
    expect(failure("when: x\nlabels:\n  team: ml\n  9lives: x")).toEqual({
      line: 4,
      message: expect.stringMatching(/^`labels\.9lives`: /),
    });
    expect(failure("when: x\nlabels:\n  alertname: y").message).toMatch(/^`labels\.alertname`: .*set by Driftbook/);
    expect(failure("when: x\nlabels:\n  team: {a: 1}")).toEqual({
      line: 3,
      message: expect.stringMatching(/^`labels\.team`: /),
    });
    expect(failure("when: x\nnotify: [a, 3]").message).toMatch(/^`notify`: /);
    expect(failure("when: x\nmessage: [a]").message).toMatch(/^`message`: /);
    expect(failure("when: x\nkeyLabel: feature").message).toMatch(/^`keyLabel`: .*add `each/);
    expect(failure("each: xs\nwhen: item\nkeyLabel: workbook").message).toMatch(/^`keyLabel`: /);
    expect(failure("each: xs\nwhen: item\nkeyLabel: feature\nlabels: {feature: x}").message).toMatch(
      /^`labels\.feature`: /,
    );
  });

  it("reports a bad expression before a bad setting", () => {
    expect(failure("when: x >\nfor: soon").message).toMatch(/^`when`: /);
  });

  it("reads an each rule's key label", () => {
    expect(parse("each: drift.features\nwhen: item.drift\nkeyLabel: feature")).toMatchObject({
      each: true,
      keyLabel: "feature",
    });
    expect(parse("each: drift.features\nwhen: item.drift")).toMatchObject({ each: true, keyLabel: "instance" });
  });

  it("changes the definition hash with the rule's content, not its comments or layout", () => {
    const hash = parse("when: x > 1\nfor: 2 runs").definitionHash;
    expect(parse("when: x > 1   # the threshold\n\nfor: 2 runs\n").definitionHash).toBe(hash);
    expect(parse("when: x > 2\nfor: 2 runs").definitionHash).not.toBe(hash);
    expect(parse("when: x > 1\nfor: 3 runs").definitionHash).not.toBe(hash);
  });

  it("reads an alarm budget as firings per a duration, naming the field when it is not one", () => {
    expect(parse("when: x > 1\nbudget: 2 per 30d").budget).toEqual({ count: 2, windowMs: 30 * 86_400_000 });
    expect(parse("when: x > 1\nbudget: 0 per 1w").budget).toEqual({ count: 0, windowMs: 604_800_000 });
    expect(parse("when: x > 1").budget).toBeUndefined();
    expect(failure("when: x > 1\nbudget: twice a month")).toEqual({
      line: 2,
      message:
        '`budget`: "twice a month" is not a budget; write a number of firings per a duration, such as `2 per 30d`',
    });
    expect(failure("when: x > 1\nbudget: 2 per fortnight").message).toMatch(/^`budget`: "fortnight" is not a duration/);
    expect(failure("when: x > 1\nbudget: 3").message).toMatch(/^`budget`: 3 is not a budget/);
  });

  it("keeps the definition hash when only the budget changes: it bounds replays, not instances", () => {
    const hash = parse("when: x > 1").definitionHash;
    expect(parse("when: x > 1\nbudget: 2 per 30d").definitionHash).toBe(hash);
  });
});
