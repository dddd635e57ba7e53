/**
 * Evaluates a workbook's alert rules after a run: advances every instance, stores the new
 * states and the transitions, and sends the notifications due — to nobody when an instance is
 * silenced, and to nobody either for a run triggered by an edit, which only previews what the
 * rules would do and stores nothing. States are stored before any delivery starts, so an
 * evaluation that overlaps a slow delivery sees the states it must see.
 */
import type { CellStatus, Output } from "../protocol/index.ts";
import { matchesAll } from "./matchers.ts";
import { defaultMessage, renderMessage } from "./message.ts";
import type { Notifier } from "./notify.ts";
import type { AlertNotification } from "./payloads.ts";
import { planEvaluation, type PlannedTransition, type RuleOutput } from "./plan.ts";
import { fingerprint, type AlertRule } from "./rule.ts";
import type { AlertStore, NotificationOutcome, Silence, StoredInstance, TransitionRecord, Trigger } from "./state.ts";

export interface EvaluateOptions {
  /** The workbook's path, as in the rules' ids. */
  workbook: string;
  /** The workbook's alert rules (see alertRules). */
  rules: AlertRule[];
  /** Rule name → what its cell showed on this run; rules without an entry did not run and are left as they are. */
  outputs: Record<string, RuleOutput>;
  trigger: Trigger;
  now?: number;
  store: AlertStore;
  notifier: Notifier;
  /** A link to the workbook, for notifications. */
  link?: string;
  /** More names for `message` templates: the front matter's `model`, `params`… */
  templateData?: Record<string, unknown>;
}

export interface AlertEvaluation {
  /** Every transition, with its notification's outcome once delivery ended. */
  transitions: TransitionRecord[];
  /** The evaluated instances' states after this evaluation (for an edit: what they would be). */
  instances: StoredInstance[];
}

export async function evaluateAlerts(options: EvaluateOptions): Promise<AlertEvaluation> {
  const { store, trigger } = options;
  const now = options.now ?? Date.now();
  const preview = trigger === "edit";
  const plan = planEvaluation(options.rules, options.outputs, store.instances({ workbook: options.workbook }), now);
  const silences = store.activeSilences(now);
  const outcomes = plan.transitions.map((transition) => outcomeOf(transition, preview, silences));
  const transitions = plan.transitions.map((transition, index) => recordOf(transition, trigger, now, outcomes[index]));
  if (preview) return { transitions, instances: plan.instances };

  const ids = store.save({ upserts: plan.instances, deletes: plan.deletes, history: transitions });
  const byRule = new Map<AlertRule, number[]>();
  plan.transitions.forEach(({ rule }, index) => {
    if (outcomes[index] === "pending") byRule.set(rule, [...(byRule.get(rule) ?? []), index]);
  });
  await Promise.all(
    [...byRule].map(async ([rule, indexes]) => {
      const notification = notificationOf(rule, indexes.map((index) => plan.transitions[index]), now, options);
      const deliveries = await options.notifier.send(rule.notify, notification);
      const failures = deliveries.filter((delivery) => !delivery.ok).map((delivery) => `${delivery.channel}: ${delivery.error}`);
      const delivery = {
        notification: (failures.length > 0 ? "failed" : "sent") as NotificationOutcome,
        attempts: deliveries.reduce((sum, { attempts }) => sum + attempts, 0),
        ...(failures.length > 0 && { deliveryError: failures.join("; ") }),
      };
      // Retry at the next evaluation only what was really attempted: a channel missing from the
      // config (0 attempts) would fail the same way on every run, filling the history.
      const retry = deliveries.some((d) => !d.ok && d.attempts > 0);
      for (const index of indexes) {
        Object.assign(transitions[index], delivery);
        store.recordDelivery(ids[index], delivery);
        const { to, instance } = plan.transitions[index];
        if (retry && to === "firing") store.markUndelivered(rule.id, instance, now);
      }
    }),
  );
  return { transitions, instances: plan.instances };
}

/**
 * Forgets the instances of rules no longer in the workbook (`ruleNames`: every alert cell's
 * name, valid or not), recording each open one as a transition to normal. It sends nothing:
 * the rule, and so its channels, are gone.
 */
export function forgetRemovedRules(options: { workbook: string; ruleNames: string[]; store: AlertStore; trigger: Trigger; now?: number }): TransitionRecord[] {
  const now = options.now ?? Date.now();
  const removed = options.store.instances({ workbook: options.workbook }).filter((instance) => !options.ruleNames.includes(instance.rule));
  const transitions = removed
    .filter((instance) => instance.state !== "normal")
    .map(({ ruleId, workbook, rule, instance, labels, state, lastValue }): TransitionRecord => ({
      ruleId, workbook, rule, instance, labels, from: state, to: "normal", value: lastValue, at: now,
      trigger: options.trigger, reason: "rule removed from the workbook", notification: "none", attempts: 0,
    }));
  if (removed.length) options.store.save({ upserts: [], deletes: removed, history: transitions });
  return transitions;
}

/**
 * What an `alert` cell showed, from cell results as `driftbook run` reports them (CellReport)
 * or the live session shows them (CellView): its alert output, else its error.
 */
export function ruleOutputsOf(cells: { kind: string; name?: string; status: CellStatus; outputs: Output[] }[]): Record<string, RuleOutput> {
  const outputs: Record<string, RuleOutput> = {};
  for (const cell of cells) {
    if (cell.kind !== "alert" || cell.name === undefined) continue;
    const alert = cell.outputs.find((output) => output.kind === "alert");
    const error = cell.outputs.find((output) => output.kind === "error");
    if (cell.status === "fulfilled" && alert?.kind === "alert") outputs[cell.name] = alert;
    else if (cell.status === "rejected" || cell.status === "timeout") {
      outputs[cell.name] = error?.kind === "error" ? error : { kind: "error", message: `the cell ${cell.status === "timeout" ? "timed out" : "failed"}` };
    }
  }
  return outputs;
}

function outcomeOf(transition: PlannedTransition, preview: boolean, silences: Silence[]): NotificationOutcome {
  if (!transition.notify) return "none";
  if (preview) return "preview";
  if (silences.some((silence) => matchesAll(silence.matchers, transition.labels))) return "silenced";
  return transition.rule.notify.length ? "pending" : "none";
}

function recordOf(transition: PlannedTransition, trigger: Trigger, now: number, notification: NotificationOutcome): TransitionRecord {
  const { rule, instance, labels, from, to, value, reason } = transition;
  return {
    ruleId: rule.id,
    workbook: rule.workbook,
    rule: rule.name,
    instance,
    labels,
    from,
    to,
    value,
    at: now,
    trigger,
    ...(reason && { reason }),
    notification,
    attempts: 0,
  };
}

function notificationOf(rule: AlertRule, transitions: PlannedTransition[], now: number, options: EvaluateOptions): AlertNotification {
  return {
    ruleId: rule.id,
    rule: rule.name,
    workbook: rule.workbook,
    ...(options.link && { link: options.link }),
    alerts: transitions.map(({ notify, labels, instance, value, activeSince }) => {
      const key = rule.each ? instance : undefined;
      const context = { ...options.templateData, alert: rule.name, workbook: rule.workbook, severity: rule.severity, status: notify, key, value, labels };
      const summary = rule.message === undefined ? defaultMessage({ alert: rule.name, key, value }) : renderMessage(rule.message, context);
      return {
        status: notify!,
        labels,
        annotations: { summary },
        startsAt: activeSince ?? now,
        endsAt: notify === "resolved" ? now : null,
        fingerprint: fingerprint(rule.id, labels),
        ...(key !== undefined && { key }),
        value,
      };
    }),
  };
}
