/**
 * One evaluation of a workbook's alert rules, pure: from the rules, what their cells showed
 * on this run and the stored instances, the instances' next states and the transitions. The
 * caller (evaluate.ts) stores them and sends the notifications they are due.
 */
import type { AlertOutput, ErrorOutput } from "../protocol/index.ts";
import { advance, initialState, type Evaluation, type Transition } from "./machine.ts";
import { instanceLabels, type AlertRule } from "./rule.ts";
import type { StoredInstance } from "./state.ts";

/** What a rule's cell showed on this run: its alert output, or the error it failed with. */
export type RuleOutput = AlertOutput | ErrorOutput;

export interface PlannedTransition extends Transition {
  rule: AlertRule;
  instance: string;
  labels: Record<string, string>;
  value: unknown;
  reason?: string;
}

export interface EvaluationPlan {
  /** The evaluated instances' next states. */
  instances: StoredInstance[];
  /** Instances to forget: reset by a changed rule, or gone from an `each` list. */
  deletes: { ruleId: string; instance: string }[];
  transitions: PlannedTransition[];
}

/**
 * Evaluates each rule that has an output (a rule whose cell did not run this time is left as
 * it is). Stored instances of a rule whose definition hash changed are reset first: the reset
 * is a transition to normal, due a `resolved` notification when an alert was open.
 */
export function planEvaluation(
  rules: AlertRule[],
  outputs: Record<string, RuleOutput>,
  stored: StoredInstance[],
  now: number,
): EvaluationPlan {
  const plan: EvaluationPlan = { instances: [], deletes: [], transitions: [] };
  for (const rule of rules) {
    const output = Object.hasOwn(outputs, rule.name) ? outputs[rule.name] : undefined;
    if (output)
      planRule(
        rule,
        output,
        stored.filter((instance) => instance.ruleId === rule.id),
        now,
        plan,
      );
  }
  return plan;
}

function planRule(
  rule: AlertRule,
  output: RuleOutput,
  stored: StoredInstance[],
  now: number,
  plan: EvaluationPlan,
): void {
  const current = new Map<string, StoredInstance>();
  for (const instance of stored) {
    if (instance.definitionHash === rule.definitionHash) {
      current.set(instance.instance, instance);
      continue;
    }
    plan.deletes.push({ ruleId: rule.id, instance: instance.instance });
    if (instance.state === "normal") continue;
    const open = instance.activeSince !== null;
    plan.transitions.push({
      from: instance.state,
      to: "normal",
      ...(open && { notify: "resolved", activeSince: instance.activeSince! }),
      rule,
      instance: instance.instance,
      labels: instance.labels,
      value: instance.lastValue,
      reason: "rule changed",
    });
  }
  for (const [key, evaluation] of evaluationsOf(rule, output, [...current.keys()])) {
    const before = current.get(key) ?? initialState(now);
    const { state, transition } = advance(before, evaluation, now, rule);
    const labels = current.get(key)?.labels ?? instanceLabels(rule, key);
    if (evaluation.kind === "missing") plan.deletes.push({ ruleId: rule.id, instance: key });
    else
      plan.instances.push({
        ...state,
        ruleId: rule.id,
        workbook: rule.workbook,
        rule: rule.name,
        instance: key,
        labels,
        lastEvaluatedAt: now,
        definitionHash: rule.definitionHash,
      });
    if (!transition) continue;
    const reason = reasonOf(evaluation, transition);
    plan.transitions.push({
      ...transition,
      rule,
      instance: key,
      labels,
      value: state.lastValue,
      ...(reason && { reason }),
    });
  }
}

/**
 * Each instance's evaluation, keyed by instance ("" for a plain rule). A failed cell is an
 * error for every known instance; an `each` rule with an empty list is no data for every known
 * instance; an item gone from a non-empty list is `missing`.
 */
function evaluationsOf(rule: AlertRule, output: RuleOutput, known: string[]): Map<string, Evaluation> {
  const evaluations = new Map<string, Evaluation>();
  if (output.kind === "error") {
    for (const key of known.length || rule.each ? known : [""])
      evaluations.set(key, { kind: "error", message: output.message });
    return evaluations;
  }
  const instances = rule.each
    ? output.instances
    : output.instances.slice(0, 1).map((instance) => ({ ...instance, key: "" }));
  if (instances.length === 0) {
    for (const key of known) evaluations.set(key, { kind: "nodata" });
    return evaluations;
  }
  for (const { key = "", condition, value, recovered } of instances) {
    const evaluation: Evaluation = isEmpty(value)
      ? { kind: "nodata" }
      : { kind: "value", condition, value, ...(recovered !== undefined && { recovered }) };
    evaluations.set(key, evaluation);
  }
  for (const key of known) if (!evaluations.has(key)) evaluations.set(key, { kind: "missing" });
  return evaluations;
}

/** No data: no value, an empty text or an empty list. */
function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

function reasonOf(evaluation: Evaluation, transition: Transition): string | undefined {
  if (evaluation.kind === "error") return evaluation.message;
  if (evaluation.kind === "missing") return "gone from the each list";
  if (transition.from === "firing" && transition.to === "firing") return "reminder";
  return undefined;
}
