import { describe, expect, it } from "vitest";
import { checkBudgets } from "../../server/replay/budget.ts";
import { renderReplayReport } from "../../server/replay/report.ts";
import { ruleOf } from "../alerts/ruleOf.ts";
import { driftReplay } from "./replays.ts";

describe("renderReplayReport", () => {
  it("is one static page: each rule's summary, timeline and episodes, the budget verdicts and the metrics", () => {
    const result = driftReplay();
    const budgets = checkBudgets([ruleOf("credit-drift.md", "drifted", "when: x\nbudget: 0 per 7d")], result);
    const html = renderReplayReport({ title: "Credit <drift>", result, budgets });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain("Credit &lt;drift&gt;");
    expect(html).toContain("6 steps, 1970-01-02 00:00 to 1970-01-07 00:00 UTC");
    expect(html).toContain("<h2>drifted</h2>");
    expect(html).toContain("1 episode, 5 firings per 30 days, firing 50% of the time");
    expect(html).toContain("<td>1970-01-05 00:00</td><td>still firing</td><td></td><td>0.6</td>");
    expect(html).toContain(
      '<p class="over-budget">drifted would have fired once in the last 7 days, over its budget of 0 per 7 days</p>',
    );
    expect(html.match(/<svg/g)).toHaveLength(2);
  });
});
