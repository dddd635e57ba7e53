/**
 * The state machine of one alert instance, pure: `advance` takes the stored state and one
 * evaluation and returns the next state and the transition, if any, with the notification it
 * is due. It advances only on evaluations, so `for` counted in runs stays deterministic.
 *
 *   normal ─when→ pending ─held `for`→ firing ─clears→ resolved ─¬when→ normal
 *
 * - `for` 0 (or 1 run) skips pending; `for: N runs` fires on the Nth consecutive evaluation
 *   where `when` holds; `for: 30m` fires on the first evaluation at least 30 minutes after
 *   pending began. `when` failing while pending returns to normal.
 * - A firing instance clears when `recover` holds if the rule has one (hysteresis: a value
 *   hovering around the threshold does not flap), else when `when` no longer holds.
 * - `nodata` (no value) and `error` (the cell or an input failed) hold no condition. An
 *   instance that was firing keeps its alert open there (`activeSince` stays set) and without
 *   a notification: a lost run must not page twice. Its next value decides as if it were firing.
 * - `missing`: an `each` rule's item that is gone from the list. A firing instance resolves; the
 *   caller then forgets it.
 * - Notifications are due on → firing, on → resolved, and as reminders every `repeatMs` while
 *   firing (a reminder is a firing → firing transition). Their delivery, retries included, is
 *   the outbox's (delivery.ts), not the next evaluation's; `lastNotifiedAt` null while firing
 *   (left by databases from before the outbox) makes a reminder due at once.
 */
import type { AlertState, InstanceState } from "../protocol/index.ts";
import type { Hold } from "../analysis/index.ts";

export type { AlertState, InstanceState };

export type Evaluation =
  | { kind: "value"; condition: boolean; value: unknown; recovered?: boolean }
  | { kind: "nodata" }
  | { kind: "error"; message: string }
  | { kind: "missing" };

export interface Transition {
  from: AlertState;
  to: AlertState;
  /** The notification this transition is due, if any. */
  notify?: "firing" | "resolved";
  /** When the alert it notifies of started firing. */
  activeSince?: number;
}

export interface MachineRule {
  for: Hold;
  repeatMs: number;
  recover: boolean;
}

/** One evaluation's effect: the next state, and the transition when there was one. */
export interface Step {
  state: InstanceState;
  transition?: Transition;
}

export function initialState(now: number): InstanceState {
  return { state: "normal", since: now, pendingCount: 0, activeSince: null, lastValue: null, lastNotifiedAt: null };
}

export function advance(current: InstanceState, evaluation: Evaluation, now: number, rule: MachineRule): Step {
  switch (evaluation.kind) {
    case "nodata":
      return move(current, { ...current, state: "nodata", pendingCount: 0, lastValue: null }, now);
    case "error":
      return move(current, { ...current, state: "error", pendingCount: 0 }, now);
    case "missing":
      return current.activeSince === null
        ? move(current, { ...current, state: "normal", pendingCount: 0 }, now)
        : resolve(current, null, now);
    case "value":
      return current.activeSince === null
        ? whileInactive(current, evaluation, now, rule)
        : whileActive(current, evaluation, now, rule);
    default: {
      const unknown: never = evaluation;
      throw new Error(`unknown evaluation ${JSON.stringify(unknown)}`);
    }
  }
}

/** Normal, pending, resolved, or nodata/error with no open alert: `when` starts or continues pending. */
function whileInactive(
  current: InstanceState,
  { condition, value }: { condition: boolean; value: unknown },
  now: number,
  rule: MachineRule,
): Step {
  if (!condition) return move(current, { ...current, state: "normal", pendingCount: 0, lastValue: value }, now);
  const pending = current.state === "pending";
  const pendingCount = pending ? current.pendingCount + 1 : 1;
  const pendingSince = pending ? current.since : now;
  const held = "runs" in rule.for ? pendingCount >= rule.for.runs : now - pendingSince >= rule.for.ms;
  if (!held)
    return move(current, { ...current, state: "pending", since: pendingSince, pendingCount, lastValue: value }, now);
  const state: InstanceState = {
    state: "firing",
    since: now,
    pendingCount,
    activeSince: now,
    lastValue: value,
    lastNotifiedAt: now,
  };
  return { state, transition: { from: current.state, to: "firing", notify: "firing", activeSince: now } };
}

/** Firing, or nodata/error with an open alert: it stays open until it clears, with reminders. */
function whileActive(
  current: InstanceState,
  evaluation: { condition: boolean; value: unknown; recovered?: boolean },
  now: number,
  rule: MachineRule,
): Step {
  const clears = rule.recover ? evaluation.recovered === true : !evaluation.condition;
  if (clears) return resolve(current, evaluation.value, now);
  const activeSince = current.activeSince!;
  const reminderDue = current.lastNotifiedAt === null || now - current.lastNotifiedAt >= rule.repeatMs;
  const since = current.state === "firing" ? current.since : now;
  const state: InstanceState = {
    ...current,
    state: "firing",
    since,
    lastValue: evaluation.value,
    lastNotifiedAt: reminderDue ? now : current.lastNotifiedAt,
  };
  if (reminderDue) return { state, transition: { from: current.state, to: "firing", notify: "firing", activeSince } };
  return move(current, state, now);
}

function resolve(current: InstanceState, value: unknown, now: number): Step {
  const state: InstanceState = {
    state: "resolved",
    since: now,
    pendingCount: 0,
    activeSince: null,
    lastValue: value,
    lastNotifiedAt: now,
  };
  return {
    state,
    transition: { from: current.state, to: "resolved", notify: "resolved", activeSince: current.activeSince! },
  };
}

/** `next`, with `since` reset and a transition when the state changed. */
function move(current: InstanceState, next: InstanceState, now: number): Step {
  if (next.state === current.state) return { state: next };
  const state = next.state === "pending" ? next : { ...next, since: now };
  return { state, transition: { from: current.state, to: next.state } };
}
