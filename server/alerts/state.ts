/**
 * Alert state in the database (tables from the store's migrations, on SQLite or PostgreSQL):
 * each rule instance's current state, the history of its transitions with their notification
 * outcome, and silences. Being in the database, state survives a restart and is shared by every
 * server and `driftbook run` process on the same database; evaluations of one workbook take
 * turns (exclusively), so a transition happens once whichever process evaluates it. In the
 * server these writes stay on the main thread: each is one short transaction (see "Main-thread
 * writes" in store/db.ts).
 */
import { randomUUID } from "node:crypto";
import { writeTransaction, type Db } from "../store/db.ts";
import { holdTransactionLock } from "../store/transactionLock.ts";
import type {
  AlertInstance,
  AlertState,
  AlertTransition,
  AlertTrigger,
  NotificationOutcome,
  Silence,
  StoredAlertTransition,
} from "../protocol/index.ts";

export type { AlertTransition, AlertTrigger, NotificationOutcome, Silence, StoredAlertTransition };

/** An instance as stored: with the hash of the rule definition it was evaluated under. */
export interface StoredInstance extends AlertInstance {
  definitionHash: string;
}

/** Expired silences stay listed this long (as in Grafana), then only the database keeps them. */
export const EXPIRED_SILENCES_SHOWN_MS = 5 * 86_400_000;

type Row = Record<string, unknown>;

// An optional filter `(cast(@x as text) is null or …)` names its type: PostgreSQL cannot tell a
// parameter's type from `is null` alone.

export class AlertStore {
  constructor(private readonly db: Db) {}

  /** Current instances, oldest rule first, optionally of one workbook or one rule. */
  instances(filter: { workbook?: string; ruleId?: string } = {}): StoredInstance[] {
    const rows = this.db
      .prepare(
        `select * from driftbook_alert_instances where (cast(@workbook as text) is null or workbook = @workbook)
           and (cast(@ruleId as text) is null or rule_id = @ruleId) order by workbook, rule, instance`,
      )
      .all({ workbook: filter.workbook ?? null, ruleId: filter.ruleId ?? null }) as Row[];
    return rows.map(instanceOf);
  }

  /** Writes one evaluation in one transaction: new states, forgotten instances, history; returns the history ids in order. */
  save(changes: {
    upserts: StoredInstance[];
    deletes: { ruleId: string; instance: string }[];
    history: AlertTransition[];
  }): number[] {
    const upsert = this.db.prepare(
      `insert into driftbook_alert_instances (rule_id, instance, workbook, rule, labels, state, since, pending_count,
         active_since, last_value, last_evaluated_at, last_notified_at, definition_hash)
       values (@ruleId, @instance, @workbook, @rule, @labels, @state, @since, @pendingCount, @activeSince, @lastValue,
         @lastEvaluatedAt, @lastNotifiedAt, @definitionHash)
       on conflict (rule_id, instance) do update set workbook = excluded.workbook, rule = excluded.rule,
         labels = excluded.labels, state = excluded.state, since = excluded.since, pending_count = excluded.pending_count,
         active_since = excluded.active_since, last_value = excluded.last_value,
         last_evaluated_at = excluded.last_evaluated_at, last_notified_at = excluded.last_notified_at,
         definition_hash = excluded.definition_hash`,
    );
    const remove = this.db.prepare("delete from driftbook_alert_instances where rule_id = ? and instance = ?");
    const insert = this.db
      .prepare(
        `insert into driftbook_alert_history (rule_id, instance, workbook, rule, labels, from_state, to_state, value, at, trigger,
         reason, notification, attempts, delivery_error)
       values (@ruleId, @instance, @workbook, @rule, @labels, @from, @to, @value, @at, @trigger, @reason, @notification,
         @attempts, @deliveryError)
       returning id`,
      )
      .pluck();
    return writeTransaction(this.db, () => {
      for (const { ruleId, instance } of changes.deletes) remove.run(ruleId, instance);
      for (const stored of changes.upserts) {
        upsert.run({ ...stored, labels: JSON.stringify(stored.labels), lastValue: json(stored.lastValue) });
      }
      return changes.history.map((entry) => {
        const { labels, value, reason, deliveryError } = entry;
        const row = {
          ...entry,
          labels: JSON.stringify(labels),
          value: json(value),
          reason: reason ?? null,
          deliveryError: deliveryError ?? null,
        };
        return insert.get(row) as number;
      });
    });
  }

  /**
   * Runs `write` in one transaction (a savepoint inside another) that holds the workbook's alert
   * lock: processes evaluating the same workbook's rules at once (several servers, `driftbook
   * run`) take turns, and each reads the instances inside `write`, as the one before left them,
   * so a transition and its notifications are stored once.
   */
  exclusively<T>(workbook: string, write: () => T): T {
    return writeTransaction(this.db, () => {
      holdTransactionLock(this.db, `alerts:${workbook}`);
      return write();
    });
  }

  /** Transitions, newest first, `limit` at a time; pass the returned `next` as `before` for the next page. */
  history(query: { workbook?: string; ruleId?: string; limit: number; before?: number }): {
    entries: StoredAlertTransition[];
    next: number | null;
  } {
    const rows = this.db
      .prepare(
        `select * from driftbook_alert_history where (cast(@workbook as text) is null or workbook = @workbook)
           and (cast(@ruleId as text) is null or rule_id = @ruleId) and (cast(@before as bigint) is null or id < @before)
           order by id desc limit @limit`,
      )
      .all({
        workbook: query.workbook ?? null,
        ruleId: query.ruleId ?? null,
        before: query.before ?? null,
        limit: query.limit + 1,
      }) as Row[];
    const entries = rows.slice(0, query.limit).map(historyOf);
    return { entries, next: rows.length > query.limit ? entries[entries.length - 1].id : null };
  }

  /** The workbook's transitions at or after `since` caused by runs of this trigger, oldest first. */
  transitionsSince(query: { workbook: string; since: number; trigger: AlertTrigger }): StoredAlertTransition[] {
    const rows = this.db
      .prepare("select * from driftbook_alert_history where workbook = ? and at >= ? and trigger = ? order by id")
      .all(query.workbook, query.since, query.trigger) as Row[];
    return rows.map(historyOf);
  }

  createSilence(silence: Omit<Silence, "id">): Silence {
    const stored = { id: randomUUID(), ...silence };
    this.db
      .prepare(
        `insert into driftbook_alert_silences (id, matchers, starts_at, ends_at, comment, created_by, created_at)
         values (@id, @matchers, @startsAt, @endsAt, @comment, @createdBy, @createdAt)`,
      )
      .run({ ...stored, matchers: JSON.stringify(stored.matchers), createdBy: stored.createdBy ?? null });
    return stored;
  }

  /** Silences in force at `now`: started and not yet ended. */
  activeSilences(now: number): Silence[] {
    const rows = this.db
      .prepare("select * from driftbook_alert_silences where starts_at <= ? and ends_at > ? order by ends_at")
      .all(now, now) as Row[];
    return rows.map(silenceOf);
  }

  /** Active, future, and recently expired silences, soonest end first. */
  silences(now: number): Silence[] {
    const rows = this.db
      .prepare("select * from driftbook_alert_silences where ends_at > ? order by ends_at")
      .all(now - EXPIRED_SILENCES_SHOWN_MS) as Row[];
    return rows.map(silenceOf);
  }

  /** Ends a silence now (it stays listed as expired); undefined when there is no silence with that id. */
  expireSilence(id: string, now: number): Silence | undefined {
    this.db
      .prepare(
        "update driftbook_alert_silences set ends_at = case when ends_at < @now then ends_at else @now end where id = @id",
      )
      .run({ now, id });
    const row = this.db.prepare("select * from driftbook_alert_silences where id = ?").get(id) as Row | undefined;
    return row && silenceOf(row);
  }
}

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function instanceOf(row: Row): StoredInstance {
  return {
    ruleId: row.rule_id as string,
    workbook: row.workbook as string,
    rule: row.rule as string,
    instance: row.instance as string,
    labels: JSON.parse(row.labels as string),
    state: row.state as AlertState,
    since: row.since as number,
    pendingCount: row.pending_count as number,
    activeSince: row.active_since as number | null,
    lastValue: JSON.parse((row.last_value as string | null) ?? "null"),
    lastEvaluatedAt: row.last_evaluated_at as number,
    lastNotifiedAt: row.last_notified_at as number | null,
    definitionHash: row.definition_hash as string,
  };
}

function historyOf(row: Row): StoredAlertTransition {
  return {
    id: row.id as number,
    ruleId: row.rule_id as string,
    workbook: row.workbook as string,
    rule: row.rule as string,
    instance: row.instance as string,
    labels: JSON.parse(row.labels as string),
    from: row.from_state as AlertState,
    to: row.to_state as AlertState,
    value: JSON.parse((row.value as string | null) ?? "null"),
    at: row.at as number,
    trigger: row.trigger as AlertTrigger,
    ...(row.reason !== null && { reason: row.reason as string }),
    notification: row.notification as NotificationOutcome,
    attempts: row.attempts as number,
    ...(row.delivery_error !== null && { deliveryError: row.delivery_error as string }),
  };
}

function silenceOf(row: Row): Silence {
  return {
    id: row.id as string,
    matchers: JSON.parse(row.matchers as string),
    startsAt: row.starts_at as number,
    endsAt: row.ends_at as number,
    comment: row.comment as string,
    ...(row.created_by !== null && { createdBy: row.created_by as string }),
    createdAt: row.created_at as number,
  };
}
