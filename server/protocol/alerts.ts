/** The JSON of the alerts API (/api/v1/alerts…), shared by the server and the browser. Times are epoch ms. */

export type AlertState = "normal" | "pending" | "firing" | "resolved" | "nodata" | "error";

/** Why a run evaluated the rules; `edit` is a live workbook's preview (an edit, a viewer's re-run), which stores nothing. */
export type AlertTrigger = "data" | "schedule" | "cli" | "manual" | "edit";

/**
 * What became of a transition's notification: `none` (none due, or no channel named),
 * `pending` (in the outbox, being delivered with retries), `sent` (to every channel), `failed`
 * (refused by a receiver, expired undelivered, or a channel that cannot be used),
 * `superseded` (a newer state's notification replaced it before it was delivered), `silenced`,
 * or `preview` (a preview's or a what-if run's evaluation: nothing stored, nobody notified).
 */
export type NotificationOutcome = "none" | "pending" | "sent" | "failed" | "superseded" | "silenced" | "preview";

export type MatchOperator = "=" | "!=" | "=~" | "!~";

/** A label matcher, as Alertmanager's: `name op value` (regexes anchored). */
export interface Matcher {
  name: string;
  op: MatchOperator;
  value: string;
}

/** What the state machine keeps of one rule instance. */
export interface InstanceState {
  state: AlertState;
  /** When the instance entered `state` (for pending: when `when` began to hold). */
  since: number;
  /** Consecutive evaluations where `when` held, while pending (or at the moment it fired). */
  pendingCount: number;
  /** When the open alert started firing; null when no alert is open. */
  activeSince: number | null;
  lastValue: unknown;
  lastNotifiedAt: number | null;
}

/** One rule instance where it stands. */
export interface AlertInstance extends InstanceState {
  /** `<workbook path>#<rule name>`. */
  ruleId: string;
  workbook: string;
  rule: string;
  /** The key of an `each` instance; "" for a plain rule's one instance. */
  instance: string;
  labels: Record<string, string>;
  lastEvaluatedAt: number;
}

/** An instance as GET /api/v1/alerts answers it: with the ids of the silences that mute it now. */
export interface AlertInstanceView extends AlertInstance {
  silencedBy: string[];
}

/** One transition of one instance, with how its notification went: what a run records and the history keeps. */
export interface AlertTransition {
  ruleId: string;
  workbook: string;
  rule: string;
  instance: string;
  labels: Record<string, string>;
  from: AlertState;
  to: AlertState;
  value: unknown;
  at: number;
  trigger: AlertTrigger;
  /** Why, beyond the evaluation itself: `reminder`, `rule changed`, `gone from the each list`, an error message. */
  reason?: string;
  notification: NotificationOutcome;
  attempts: number;
  deliveryError?: string;
}

/** A transition as the history stores it, with its id: GET /api/v1/alerts/history answers these, newest first. */
export type StoredAlertTransition = AlertTransition & { id: number };

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  comment: string;
  createdBy?: string;
  createdAt: number;
}

/** A silence as the API answers it, with where it stands now. */
export interface SilenceView extends Silence {
  status: "pending" | "active" | "expired";
}
