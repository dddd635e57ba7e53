/**
 * The notification outbox: notifications waiting for their channel, kept in the database so
 * none is lost when a receiver is down or the process stops (Alertmanager's notification log
 * plays this part there). One row per alert instance, channel and notification. Per instance and
 * channel only the newest notification is pending: queueing one supersedes an undelivered older
 * one, as Alertmanager keeps only an alert's latest state, so a stuck `firing` never holds back
 * the `resolved` behind it. This module is the rows (queue, claim, record, expire) and each
 * transition's outcome in the alert history; delivery.ts makes the attempts. In the server these
 * writes stay on the main thread: each is one short transaction (see "Main-thread writes" in
 * store/db.ts).
 */
import { writeTransaction, type Db } from "../store/db.ts";
import { parameterList } from "../store/sqlLists.ts";
import { holdTransactionLock } from "../store/transactionLock.ts";
import type { NotifiedAlert } from "./payloads.ts";
import type { NotificationOutcome } from "./state.ts";

/**
 * `pending`: waiting for an attempt (or, once delivered to a channel that must hear a firing
 * alert again and again, for its next re-post); `delivered`; `rejected` (refused for good by the
 * receiver, or a channel that cannot be used); `expired` (undelivered past its expiry);
 * `superseded` (a newer notification of its instance and channel replaced it undelivered).
 */
export type EntryState = "pending" | "delivered" | "rejected" | "expired" | "superseded";

export interface NewEntry {
  /** The alert history entry (transition) this notification reports. */
  historyId: number;
  ruleId: string;
  rule: string;
  workbook: string;
  /** The instance's key, as the state machine keys instances ("" for a plain rule). */
  instance: string;
  channel: string;
  link?: string;
  alert: NotifiedAlert;
  /** How often the rule is evaluated, when known (its workbook's schedule). */
  evaluationIntervalMs?: number;
  /** Why the channel cannot be used: the entry is stored rejected and never attempted. */
  unusable?: string;
}

export interface OutboxEntry extends Omit<NewEntry, "unusable"> {
  id: number;
  state: EntryState;
  createdAt: number;
  expiresAt: number;
  /** Attempts until the first delivery (re-posts are not counted). */
  attempts: number;
  /** Failed attempts since the last success: the backoff's exponent. */
  failures: number;
  nextAttemptAt: number;
  lastError?: string;
  deliveredAt?: number;
}

/** How one attempt went. */
export type AttemptResult =
  | { kind: "delivered"; /** Post it again then (a firing alert to Alertmanager). */ repostAt?: number }
  | { kind: "failed"; error: string; retryAt: number }
  | { kind: "rejected"; error: string };

/** A transition's notification outcome, over every channel it was queued for. */
export interface Outcome {
  notification: NotificationOutcome;
  attempts: number;
  deliveryError?: string;
}

type Row = Record<string, unknown>;

export class Outbox {
  constructor(private readonly db: Db) {}

  /**
   * Queues entries, each superseding the undelivered entry of its instance and channel; returns
   * their ids and the outcome of every history entry touched (theirs and the superseded ones').
   */
  enqueue(entries: NewEntry[], now: number, expireMs: number): { ids: number[]; outcomes: Map<number, Outcome> } {
    const supersede = this.db.prepare(
      `update driftbook_outbox set state = 'superseded' where rule_id = ? and instance = ? and channel = ? and state = 'pending' returning history_id`,
    );
    const insert = this.db
      .prepare(
        `insert into driftbook_outbox (rule_id, instance, channel, workbook, rule, link, alert, history_id, evaluation_interval_ms, state,
         created_at, expires_at, next_attempt_at, last_error)
       values (@ruleId, @instance, @channel, @workbook, @rule, @link, @alert, @historyId, @evaluationIntervalMs, @state,
         @now, @expiresAt, @now, @lastError)
       returning id`,
      )
      .pluck();
    return writeTransaction(this.db, () => {
      const touched = new Set<number>();
      const ids = entries.map((entry) => {
        for (const row of supersede.all(entry.ruleId, entry.instance, entry.channel) as Row[])
          touched.add(row.history_id as number);
        touched.add(entry.historyId);
        const row = {
          ...entry,
          link: entry.link ?? null,
          alert: JSON.stringify(entry.alert),
          evaluationIntervalMs: entry.evaluationIntervalMs ?? null,
          state: entry.unusable === undefined ? "pending" : "rejected",
          now,
          expiresAt: now + expireMs,
          lastError: entry.unusable ?? null,
        };
        return insert.get(row) as number;
      });
      return { ids, outcomes: this.syncHistory(touched) };
    });
  }

  /**
   * Takes the entries due at `now` for one attempt: each is leased for `leaseMs`, so another
   * process sharing the database does not attempt it at the same time and a process that dies
   * mid-attempt leaves it to the next. An entry waits while an older one of its instance and
   * channel is still in flight, so a receiver never hears `resolved` before the `firing` it ends.
   * First it expires what is overdue and ends the re-posts of alerts no longer open. Processes
   * sharing the database claim in turn (the outbox's transaction lock), so an entry is claimed
   * by one of them.
   */
  claimDue(now: number, leaseMs: number): { claimed: OutboxEntry[]; expired: OutboxEntry[] } {
    return writeTransaction(this.db, () => {
      holdTransactionLock(this.db, "outbox");
      this.db
        .prepare(
          `update driftbook_outbox set state = 'delivered' where state = 'pending' and delivered_at is not null
             and coalesce(claimed_until, 0) <= @now and not exists (select 1 from driftbook_alert_instances i
               where i.rule_id = driftbook_outbox.rule_id and i.instance = driftbook_outbox.instance and i.active_since is not null)`,
        )
        .run({ now });
      const expired = (
        this.db
          .prepare(
            `update driftbook_outbox set state = 'expired', last_error = coalesce(last_error, 'never attempted')
             where state = 'pending' and delivered_at is null and expires_at <= @now and coalesce(claimed_until, 0) <= @now returning ${ENTRY}`,
          )
          .all({ now }) as Row[]
      ).map(entryOf);
      this.syncHistory(new Set(expired.map((entry) => entry.historyId)));
      const claimed = (
        this.db
          .prepare(
            `select ${ENTRY} from driftbook_outbox o where state = 'pending' and next_attempt_at <= @now and coalesce(claimed_until, 0) <= @now
               and not exists (select 1 from driftbook_outbox f where f.rule_id = o.rule_id and f.instance = o.instance
                 and f.channel = o.channel and f.id != o.id and f.claimed_until > @now)
             order by id limit 500`,
          )
          .all({ now }) as Row[]
      ).map(entryOf);
      const lease = this.db.prepare("update driftbook_outbox set claimed_until = ? where id = ?");
      for (const entry of claimed) lease.run(now + leaseMs, entry.id);
      return { claimed, expired };
    });
  }

  /** Records an attempt on a claimed entry and ends its lease; returns its transition's outcome. */
  record(entry: OutboxEntry, result: AttemptResult, now: number): Outcome | undefined {
    const counted = entry.deliveredAt === undefined ? 1 : 0;
    return writeTransaction(this.db, () => {
      switch (result.kind) {
        case "delivered":
          this.db
            .prepare(
              `update driftbook_outbox set attempts = attempts + @counted, failures = 0, delivered_at = coalesce(delivered_at, @now),
                 claimed_until = null, next_attempt_at = coalesce(@repostAt, next_attempt_at),
                 state = case when state = 'pending' and @repostAt is not null then 'pending' else 'delivered' end
               where id = @id`,
            )
            .run({ id: entry.id, counted, now, repostAt: result.repostAt ?? null });
          break;
        case "failed":
          this.db
            .prepare(
              `update driftbook_outbox set attempts = attempts + @counted, failures = failures + 1, last_error = @error,
                 next_attempt_at = @retryAt, claimed_until = null where id = @id`,
            )
            .run({ id: entry.id, counted, error: result.error, retryAt: result.retryAt });
          break;
        case "rejected":
          this.db
            .prepare(
              `update driftbook_outbox set attempts = attempts + @counted, last_error = @error, claimed_until = null,
                 state = case when state = 'pending' then 'rejected' else state end where id = @id`,
            )
            .run({ id: entry.id, counted, error: result.error });
          break;
        default: {
          const unknown: never = result;
          throw new Error(`unknown attempt result ${JSON.stringify(unknown)}`);
        }
      }
      return this.syncHistory(new Set([entry.historyId])).get(entry.historyId);
    });
  }

  /** How many of these entries are still waiting for their first delivery. */
  undelivered(ids: number[]): number {
    if (ids.length === 0) return 0;
    return this.db
      .prepare(
        `select count(*) from driftbook_outbox where state = 'pending' and delivered_at is null and id in (${parameterList(ids.length)})`,
      )
      .pluck()
      .get(...ids) as number;
  }

  /** Entries waiting for their first delivery, by channel: the outbox's depth. */
  depth(): Record<string, number> {
    const rows = this.db
      .prepare(
        "select channel, count(*) as n from driftbook_outbox where state = 'pending' and delivered_at is null group by channel order by channel",
      )
      .all() as { channel: string; n: number }[];
    return Object.fromEntries(rows.map(({ channel, n }) => [channel, n]));
  }

  /** Pending entries (undelivered, and re-posts), oldest first. */
  pending(): OutboxEntry[] {
    return (
      this.db.prepare(`select ${ENTRY} from driftbook_outbox where state = 'pending' order by id`).all() as Row[]
    ).map(entryOf);
  }

  /**
   * When the next pending entry falls due (or its lease ends) after `now`; undefined when none
   * will. Entries already due were just left waiting behind an attempt in flight, which wakes
   * the loop when it ends.
   */
  nextDue(now: number): number | undefined {
    const row = this.db
      .prepare(
        `select min(due) as at from (select case when next_attempt_at > coalesce(claimed_until, 0) then next_attempt_at
             else claimed_until end as due from driftbook_outbox where state = 'pending') as pending where due > ?`,
      )
      .get(now) as { at: number | null };
    return row.at ?? undefined;
  }

  /** Forgets finished entries created before `before` (the history keeps their outcome). */
  prune(before: number): void {
    this.db.prepare("delete from driftbook_outbox where state != 'pending' and created_at < ?").run(before);
  }

  /** Writes each history entry's outcome from its outbox rows; returns them by history id. */
  private syncHistory(historyIds: Set<number>): Map<number, Outcome> {
    const rows = this.db.prepare(
      `select channel, state, attempts, last_error as "lastError", delivered_at as "deliveredAt" from driftbook_outbox
       where history_id = ? order by id`,
    );
    const update = this.db.prepare(
      "update driftbook_alert_history set notification = ?, attempts = ?, delivery_error = ? where id = ?",
    );
    const outcomes = new Map<number, Outcome>();
    for (const id of historyIds) {
      const outcome = historyOutcome((rows.all(id) as Row[]).map(withoutNulls) as Parameters<typeof historyOutcome>[0]);
      update.run(outcome.notification, outcome.attempts, outcome.deliveryError ?? null, id);
      outcomes.set(id, outcome);
    }
    return outcomes;
  }
}

/**
 * A transition's outcome from its entries, one per channel: `sent` once every channel has it;
 * else, the first that applies of `pending` (a channel still trying), `failed` (rejected or
 * expired), `superseded`. The error names each channel that has not had it.
 */
export function historyOutcome(
  entries: Pick<OutboxEntry, "channel" | "state" | "attempts" | "lastError" | "deliveredAt">[],
): Outcome {
  const attempts = entries.reduce((sum, entry) => sum + entry.attempts, 0);
  const undelivered = entries.filter((entry) => entry.deliveredAt === undefined);
  const ranked = undelivered
    .map((entry) => undeliveredOutcome(entry.state))
    .sort((a, b) => OUTCOME_RANK.indexOf(a) - OUTCOME_RANK.indexOf(b));
  const errors = undelivered
    .filter((entry) => entry.lastError !== undefined)
    .map((entry) => `${entry.channel}: ${entry.lastError}`);
  return {
    notification: ranked[0] ?? "sent",
    attempts,
    ...(errors.length > 0 && { deliveryError: errors.join("; ") }),
  };
}

const OUTCOME_RANK: NotificationOutcome[] = ["pending", "failed", "superseded", "sent"];

function undeliveredOutcome(state: EntryState): NotificationOutcome {
  switch (state) {
    case "pending":
      return "pending";
    case "rejected":
    case "expired":
      return "failed";
    case "superseded":
      return "superseded";
    case "delivered":
      return "sent";
    default: {
      const unknown: never = state;
      throw new Error(`unknown outbox state ${JSON.stringify(unknown)}`);
    }
  }
}

/** The columns of an entry, named as OutboxEntry names them (quoted: PostgreSQL folds bare names to lower case). */
const ENTRY = `id, history_id as "historyId", rule_id as "ruleId", rule, workbook, instance, channel, link, alert,
  evaluation_interval_ms as "evaluationIntervalMs", state, created_at as "createdAt", expires_at as "expiresAt", attempts,
  failures, next_attempt_at as "nextAttemptAt", last_error as "lastError", delivered_at as "deliveredAt"`;

/** A row of ENTRY columns as an entry: its alert parsed, its null columns left out. */
function entryOf(row: Row): OutboxEntry {
  const { alert, ...columns } = withoutNulls(row);
  return { ...columns, alert: JSON.parse(alert as string) } as OutboxEntry;
}

function withoutNulls(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null));
}
