/**
 * The audit trail in the database (SQLite or PostgreSQL): one row per change a person made
 * through the server — silences, share links, commits, run-now, saves and settings — with who
 * made it (http/requestUser.ts) and when, listed newest first as Grafana's audit log is. Rows
 * are only ever added: the trail is a record, not state. Each write is one short statement on
 * the server's main thread (see "Main-thread writes" in store/db.ts).
 */
import type { AuditAction, AuditEvent, AuditPage } from "../protocol/index.ts";
import type { Db } from "../store/db.ts";

/** What one records; `at` defaults to now. */
export type AuditEntry = Omit<AuditEvent, "id" | "at"> & { at?: number };

/** Filters of a listing; `before` is the `next` of the previous page. */
export interface AuditQuery {
  user?: string;
  action?: AuditAction;
  workbook?: string;
  before?: number;
  limit: number;
}

interface AuditRow {
  id: number;
  at: number;
  user_name: string;
  action: AuditAction;
  workbook: string | null;
  target: string | null;
}

export class AuditStore {
  constructor(private readonly db: Db) {}

  record({ at = Date.now(), user, action, workbook, target }: AuditEntry): void {
    this.db
      .prepare("insert into driftbook_audit_events (at, user_name, action, workbook, target) values (?, ?, ?, ?, ?)")
      .run(at, user, action, workbook ?? null, target ?? null);
  }

  /** Events matching every filter given, newest first. */
  list(query: AuditQuery): AuditPage {
    const rows = this.db
      .prepare(
        `select * from driftbook_audit_events where (cast(@user as text) is null or user_name = @user)
           and (cast(@action as text) is null or action = @action)
           and (cast(@workbook as text) is null or workbook = @workbook)
           and (cast(@before as bigint) is null or id < @before)
           order by id desc limit @limit`,
      )
      .all({
        user: query.user ?? null,
        action: query.action ?? null,
        workbook: query.workbook ?? null,
        before: query.before ?? null,
        limit: query.limit + 1,
      }) as AuditRow[];
    const events = rows.slice(0, query.limit).map(eventOf);
    return { events, next: rows.length > query.limit ? events[events.length - 1]!.id : null };
  }
}

function eventOf(row: AuditRow): AuditEvent {
  return {
    id: Number(row.id),
    at: Number(row.at),
    user: row.user_name,
    action: row.action,
    ...(row.workbook !== null && { workbook: row.workbook }),
    ...(row.target !== null && { target: row.target }),
  };
}
