/**
 * Evaluates a workbook's alert rules after a run: advances every instance, and stores the new
 * states, the transitions and the notifications they are due (in the outbox, one per channel)
 * in one transaction — to nobody when an instance is silenced, and to nobody either for a
 * preview (an edit, a viewer's re-run, a what-if run), which only shows what the rules would do
 * and stores nothing.
 * Delivery happens later, in the outbox's own loop (delivery.ts), so no run waits on a receiver.
 */
import type { CellStatus, Output } from "../protocol/index.ts";
import { matchesAll } from "./matchers.ts";
import { defaultMessage, ruleMessage } from "./message.ts";
import type { NewEntry, Outcome } from "./outbox.ts";
import type { NotifiedAlert } from "./payloads.ts";
import { planEvaluation, type PlannedTransition, type RuleOutput } from "./plan.ts";
import { fingerprint, type AlertRule } from "./rule.ts";
import type {
  AlertStore,
  NotificationOutcome,
  Silence,
  StoredInstance,
  AlertTransition,
  AlertTrigger,
} from "./state.ts";

/** Where due notifications go: the outbox, through the process's delivery loop (Delivery). */
export interface NotificationQueue {
  enqueue(entries: Omit<NewEntry, "unusable">[]): Map<number, Outcome>;
}

export interface EvaluateOptions {
  /** The workbook's path, as in the rules' ids. */
  workbook: string;
  /** The workbook's alert rules (see alertRules). */
  rules: AlertRule[];
  /** Rule name → what its cell showed on this run; rules without an entry did not run and are left as they are. */
  outputs: Record<string, RuleOutput>;
  trigger: AlertTrigger;
  /** Only preview what the rules would do: store nothing, notify nobody. Default: for a trigger `edit`. */
  preview?: boolean;
  now?: number;
  store: AlertStore;
  /** Where due notifications go; a preview, which notifies nobody, needs none. */
  notifications?: NotificationQueue;
  /** A link to the workbook, for notifications. */
  link?: string;
  /** How often the rules are evaluated, when known (the workbook's schedule): how long a firing alert stays valid in Alertmanager. */
  evaluationIntervalMs?: number;
  /** More names for `message` templates: the front matter's `model`, `params`… */
  templateData?: Record<string, unknown>;
}

export interface AlertEvaluation {
  /** Every transition, with its notification's outcome as queued (`pending` until delivered). */
  transitions: AlertTransition[];
  /** The evaluated instances' states after this evaluation (for a preview: what they would be). */
  instances: StoredInstance[];
  /** The workbook's instances as stored before this evaluation. */
  stored: StoredInstance[];
}

export function evaluateAlerts(options: EvaluateOptions): AlertEvaluation {
  const now = options.now ?? Date.now();
  const preview = options.preview ?? options.trigger === "edit";
  if (preview) return planFromStored(options, now, preview).evaluation;
  // Plans from the instances as stored inside the workbook's lock, so a second process
  // evaluating the same rules meanwhile plans from this one's result, not from the same old state.
  return options.store.exclusively(options.workbook, () => {
    const { evaluation, plan, outcomes } = planFromStored(options, now, preview);
    const { transitions } = evaluation;
    const ids = options.store.save({ upserts: plan.instances, deletes: plan.deletes, history: transitions });
    const entries = plan.transitions.flatMap((transition, index) => {
      if (outcomes[index] !== "pending") return [];
      const { rule, instance } = transition;
      const alert = notifiedAlert(transition, now, options);
      return rule.notify.map((channel) => ({
        historyId: ids[index],
        ruleId: rule.id,
        rule: rule.name,
        workbook: rule.workbook,
        instance,
        channel,
        alert,
        ...(options.link && { link: options.link }),
        ...(options.evaluationIntervalMs !== undefined && { evaluationIntervalMs: options.evaluationIntervalMs }),
      }));
    });
    if (entries.length === 0) return evaluation;
    if (!options.notifications) throw new Error(`evaluating the alerts of ${options.workbook}: no notification queue`);
    const queued = options.notifications.enqueue(entries);
    ids.forEach((id, index) => Object.assign(transitions[index], queued.get(id)));
    return evaluation;
  });
}

/** The rules' next states from the stored instances and silences, and each transition's notification outcome. */
function planFromStored(options: EvaluateOptions, now: number, preview: boolean) {
  const { store, trigger } = options;
  const stored = store.instances({ workbook: options.workbook });
  const plan = planEvaluation(options.rules, options.outputs, stored, now);
  const silences = store.activeSilences(now);
  const outcomes = plan.transitions.map((transition) => outcomeOf(transition, preview, silences));
  const transitions = plan.transitions.map((transition, index) => recordOf(transition, trigger, now, outcomes[index]));
  const evaluation: AlertEvaluation = { transitions, instances: plan.instances, stored };
  return { evaluation, plan, outcomes };
}

/**
 * Forgets the instances of rules no longer in the workbook (`ruleNames`: every alert cell's
 * name, valid or not), recording each open one as a transition to normal. It sends nothing:
 * the rule, and so its channels, are gone.
 */
export function forgetRemovedRules(options: {
  workbook: string;
  ruleNames: string[];
  store: AlertStore;
  trigger: AlertTrigger;
  now?: number;
}): AlertTransition[] {
  const now = options.now ?? Date.now();
  const removedNow = () =>
    options.store
      .instances({ workbook: options.workbook })
      .filter((instance) => !options.ruleNames.includes(instance.rule));
  if (removedNow().length === 0) return []; // the common case takes no write lock
  // Looked at again under the lock: another process may have forgotten them meanwhile.
  return options.store.exclusively(options.workbook, () => {
    const removed = removedNow();
    const transitions = removed
      .filter((instance) => instance.state !== "normal")
      .map(({ ruleId, workbook, rule, instance, labels, state, lastValue }): AlertTransition => ({
        ruleId,
        workbook,
        rule,
        instance,
        labels,
        from: state,
        to: "normal",
        value: lastValue,
        at: now,
        trigger: options.trigger,
        reason: "rule removed from the workbook",
        notification: "none",
        attempts: 0,
      }));
    if (removed.length) options.store.save({ upserts: [], deletes: removed, history: transitions });
    return transitions;
  });
}

/**
 * What an `alert` cell showed, from cell results as `driftbook run` reports them (CellReport)
 * or the live session shows them (CellView): its alert output, else its error.
 */
export function ruleOutputsOf(
  cells: { kind: string; name?: string; status: CellStatus; outputs: Output[] }[],
): Record<string, RuleOutput> {
  const outputs: Record<string, RuleOutput> = {};
  for (const cell of cells) {
    if (cell.kind !== "alert" || cell.name === undefined) continue;
    const alert = cell.outputs.find((output) => output.kind === "alert");
    const error = cell.outputs.find((output) => output.kind === "error");
    if (cell.status === "fulfilled" && alert?.kind === "alert") outputs[cell.name] = alert;
    else if (cell.status === "rejected" || cell.status === "timeout") {
      outputs[cell.name] =
        error?.kind === "error"
          ? error
          : { kind: "error", message: `the cell ${cell.status === "timeout" ? "timed out" : "failed"}` };
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

function recordOf(
  transition: PlannedTransition,
  trigger: AlertTrigger,
  now: number,
  notification: NotificationOutcome,
): AlertTransition {
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

/** What the notification of one transition says about its instance. */
function notifiedAlert(transition: PlannedTransition, now: number, options: EvaluateOptions): NotifiedAlert {
  const { rule, notify, labels, instance, value, activeSince } = transition;
  const key = rule.each ? instance : undefined;
  const summary =
    ruleMessage({ rule, instance, value, labels, status: notify! }, options.templateData) ??
    defaultMessage({ alert: rule.name, key, value });
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
}
