/**
 * Alarm budgets (`budget: 2 per 30d` on an alert rule): whether a replay shows a rule firing
 * more often than its budget allows, counted over the budget's window at the end of the replay.
 * Every episode counts, of every instance of an `each` rule: each one would page.
 */
import type { AlertRule } from "../alerts/rule.ts";
import type { Budget } from "../analysis/index.ts";
import { times } from "./format.ts";
import { describeSpan } from "./steps.ts";
import { ruleNameOf, type ReplayResult } from "./types.ts";

export interface BudgetVerdict {
  rule: string;
  budget: Budget;
  /** Episodes that started within the budget's window, ending at the replay's last step. */
  firings: number;
  over: boolean;
  message: string;
}

/** A verdict for each rule with a budget. */
export function checkBudgets(rules: AlertRule[], result: ReplayResult): BudgetVerdict[] {
  const last = Date.parse(result.steps[result.steps.length - 1]?.at ?? "");
  return rules.flatMap((rule) => {
    if (!rule.budget) return [];
    const budget = rule.budget;
    const from = last - budget.windowMs;
    const firings = Object.entries(result.rules)
      .filter(([key]) => ruleNameOf(key) === rule.name)
      .flatMap(([, replay]) => replay.episodes)
      .filter((episode) => Date.parse(episode.start) > from).length;
    const over = firings > budget.count;
    const window = describeSpan(budget.windowMs);
    const message = `${rule.name} would have fired ${times(firings)} in the last ${window}, ${
      over ? "over" : "within"
    } its budget of ${budget.count} per ${window}`;
    return [{ rule: rule.name, budget, firings, over, message }];
  });
}

/** The longest budget window of these rules: what `check --replay` replays; undefined when none has a budget. */
export function budgetWindow(rules: AlertRule[]): number | undefined {
  const windows = rules.flatMap((rule) => (rule.budget ? [rule.budget.windowMs] : []));
  return windows.length > 0 ? Math.max(...windows) : undefined;
}
