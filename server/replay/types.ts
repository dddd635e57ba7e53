/**
 * What a replay answers (issue 19): a workbook run as of each step of a past range, its alert
 * rules fed through the real state machine, as the JSON that `driftbook replay --json` writes
 * and the editor draws. Keys of `alerts` and `rules` are the rule's name, or `RULE[key]` for
 * each instance of an `each` rule.
 */
import type { AlertState, RuleReplay } from "../protocol/index.ts";

/** One instance's state after a step's evaluation, and the value its `when` had. */
export interface StepAlert {
  state: AlertState;
  value: unknown;
}

export interface ReplayStep {
  /** The step's time, ISO 8601 (UTC): the workbook ran as of it. */
  at: string;
  /** Every instance evaluated at this step, by key (`RULE` or `RULE[key]`). */
  alerts: Record<string, StepAlert>;
  /** The points cells recorded with `metric()` at this step, by name (`NAME{k=v}` with labels). */
  metrics: Record<string, number>;
}

// Episodes and a rule's replay are the editor's wire shapes too: one definition, in the protocol.
export type { Episode, RuleReplay } from "../protocol/index.ts";

export interface ReplayResult {
  workbook: string;
  steps: ReplayStep[];
  rules: Record<string, RuleReplay>;
}

/** The key of an instance in a replay: the rule's name, or `RULE[key]` in an `each` rule. */
export function instanceKey(rule: string, instance: string, each: boolean): string {
  return each ? `${rule}[${instance}]` : rule;
}

/** The rule a replay key belongs to: `RULE[key]` → `RULE` (a rule's name holds no `[`). */
export function ruleNameOf(key: string): string {
  const bracket = key.indexOf("[");
  return bracket < 0 ? key : key.slice(0, bracket);
}
