/**
 * A replay's alert state, kept in memory: each step's rule outputs go through the real
 * evaluation (planEvaluation, the state machine of `for`, `recover` and `repeat`) from the
 * instances the previous step left, as consecutive production runs would move them — but
 * nothing is stored, no silence applies and nobody is notified.
 */
import { planEvaluation, type RuleOutput } from "../alerts/plan.ts";
import type { AlertRule } from "../alerts/rule.ts";
import type { StoredInstance } from "../alerts/state.ts";
import { instanceKey, type StepAlert } from "./types.ts";

export class AlertTrack {
  private instances: StoredInstance[] = [];

  constructor(private readonly rules: AlertRule[]) {}

  /** Evaluates one step's outputs at `at`; answers each evaluated instance's state by its replay key. */
  step(outputs: Record<string, RuleOutput>, at: number): Record<string, StepAlert> {
    const plan = planEvaluation(this.rules, outputs, this.instances, at);
    const identity = (ruleId: string, instance: string) => `${ruleId}\u0000${instance}`;
    const replaced = new Set([
      ...plan.deletes.map(({ ruleId, instance }) => identity(ruleId, instance)),
      ...plan.instances.map(({ ruleId, instance }) => identity(ruleId, instance)),
    ]);
    this.instances = [
      ...this.instances.filter(({ ruleId, instance }) => !replaced.has(identity(ruleId, instance))),
      ...plan.instances,
    ];
    const alerts: Record<string, StepAlert> = {};
    const eachRule = new Map(this.rules.map((rule) => [rule.id, rule.each]));
    for (const instance of plan.instances)
      alerts[instanceKey(instance.rule, instance.instance, eachRule.get(instance.ruleId)!)] = {
        state: instance.state,
        value: instance.lastValue,
      };
    // An `each` item gone from the list resolves (when it was open) and is forgotten: its last state.
    for (const transition of plan.transitions) {
      const key = instanceKey(transition.rule.name, transition.instance, transition.rule.each);
      if (!Object.hasOwn(alerts, key)) alerts[key] = { state: transition.to, value: transition.value };
    }
    return alerts;
  }
}
