import { describe, expect, it } from "vitest";
import { budgetWindow, checkBudgets } from "../../server/replay/budget.ts";
import { ruleReplays } from "../../server/replay/episodes.ts";
import type { ReplayResult, ReplayStep, StepAlert } from "../../server/replay/types.ts";
import { ruleOf } from "../alerts/ruleOf.ts";

const DAY = 86_400_000;

/** 30 daily steps; `alerts(day)` gives each step's instances. */
function replay(alerts: (day: number) => Record<string, StepAlert>): ReplayResult {
  const steps: ReplayStep[] = Array.from({ length: 30 }, (_, day) => ({
    at: new Date((day + 1) * DAY).toISOString(),
    alerts: alerts(day),
    metrics: {},
  }));
  return { workbook: "w.md", steps, rules: ruleReplays(steps) };
}
const state = (firing: boolean): StepAlert => (firing ? { state: "firing", value: 1 } : { state: "normal", value: 0 });

describe("checkBudgets", () => {
  it("counts episodes that started within the budget's window, every instance of an each rule included", () => {
    const rule = ruleOf("w.md", "r", "each: xs\nwhen: item\nbudget: 2 per 7d");
    // Instance a fires on days 2, 25 and 28; b on day 27: three started in the last 7 days (days 24-30).
    const result = replay((day) => ({ "r[a]": state([2, 25, 28].includes(day)), "r[b]": state(day === 27) }));
    expect(checkBudgets([rule], result)).toEqual([
      {
        rule: "r",
        budget: { count: 2, windowMs: 7 * DAY },
        firings: 3,
        over: true,
        message: "r would have fired 3 times in the last 7 days, over its budget of 2 per 7 days",
      },
    ]);
    const roomy = ruleOf("w.md", "r", "each: xs\nwhen: item\nbudget: 3 per 7d");
    expect(checkBudgets([roomy], result)[0]).toMatchObject({ over: false, message: expect.stringMatching(/within/) });
  });

  it("checks only rules with a budget, and replays the longest window", () => {
    const rules = [
      ruleOf("w.md", "a", "when: x\nbudget: 1 per 30d"),
      ruleOf("w.md", "b", "when: x"),
      ruleOf("w.md", "c", "when: x\nbudget: 1 per 7d"),
    ];
    expect(
      checkBudgets(
        rules,
        replay(() => ({})),
      ).map((verdict) => verdict.rule),
    ).toEqual(["a", "c"]);
    expect(budgetWindow(rules)).toBe(30 * DAY);
    expect(budgetWindow([rules[1]])).toBeUndefined();
  });
});
