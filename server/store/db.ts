/**
 * Opens the SQLite file: WAL so readers (workbook workers) never block the one writer, and a
 * schema version so later releases can migrate a team's existing database in place. Every
 * write transaction goes through writeTransaction: `BEGIN IMMEDIATE`, so a second writer waits
 * for the lock (busy timeout) instead of failing at once.
 */
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { openChecked, type DatabaseCheck } from "./openCheck.ts";
import { createReferenceCatalogue } from "./references.ts";
import type { Db } from "./connection.ts";
import { isPostgresUrl } from "./location.ts";
import { PgDb } from "./postgres/pgDb.ts";
import { PgError } from "./postgres/syncClient.ts";
import { migratePostgres } from "./postgres/schema.ts";

export type { Db } from "./connection.ts";
export { DEFAULT_DB_PATH } from "./location.ts";
/** A connection to SQLite itself, for what only SQLite has (pragmas, backups, WAL checkpoints). */
export type SqliteDb = Database.Database;

/**
 * Each entry moves the schema up one version; never edit one that has shipped. A function is for
 * a step that SQL alone cannot take (one that names tables after the data in them). A new entry
 * goes at the end, and its undo at the end of test/helpers/schemaHistory.ts.
 */
const MIGRATIONS: (string | ((db: SqliteDb) => void))[] = [
  `create table driftbook_models (
     name text primary key,
     created_at integer not null,
     updated_at integer not null,
     version integer not null default 0
   )`,
  // Alerts (server/alerts/state.ts): each rule instance's current state, every transition, silences.
  `create table driftbook_alert_instances (
     rule_id text not null,
     instance text not null,
     workbook text not null,
     rule text not null,
     labels text not null,
     state text not null,
     since integer not null,
     pending_count integer not null,
     active_since integer,
     last_value text,
     last_evaluated_at integer not null,
     last_notified_at integer,
     definition_hash text not null,
     primary key (rule_id, instance)
   );
   create index driftbook_alert_instances_workbook on driftbook_alert_instances (workbook);
   create table driftbook_alert_history (
     id integer primary key autoincrement,
     rule_id text not null,
     instance text not null,
     workbook text not null,
     rule text not null,
     labels text not null,
     from_state text not null,
     to_state text not null,
     value text,
     at integer not null,
     trigger text not null,
     reason text,
     notification text not null,
     attempts integer not null default 0,
     delivery_error text
   );
   create index driftbook_alert_history_workbook on driftbook_alert_history (workbook, id);
   create table driftbook_alert_silences (
     id text primary key,
     matchers text not null,
     starts_at integer not null,
     ends_at integer not null,
     comment text not null,
     created_by text,
     created_at integer not null
   );
   create index driftbook_alert_silences_ends_at on driftbook_alert_silences (ends_at)`,
  // Run history (server/runs/store.ts): one row per headless run, and the metric points cells record.
  `create table driftbook_runs (
     id integer primary key autoincrement,
     workbook text not null,
     content_hash text not null,
     git_commit text,
     params text not null,
     trigger text not null,
     started_at integer not null,
     duration_ms integer not null,
     status text not null,
     cells text not null,
     errors text not null,
     alerts text not null,
     report_path text
   );
   create index driftbook_runs_workbook on driftbook_runs (workbook, id);
   create table driftbook_metric_points (
     id integer primary key autoincrement,
     workbook text not null,
     run_id integer not null references driftbook_runs (id) on delete cascade,
     name text not null,
     labels text not null,
     value real not null,
     at integer not null
   );
   create index driftbook_metric_points_series on driftbook_metric_points (workbook, name, at)`,
  // Share links (server/shares/store.ts): the token's SHA-256 only, never the token.
  `create table driftbook_shares (
     id text primary key,
     token_hash text not null unique,
     workbook text not null,
     created_at integer not null,
     expires_at integer not null,
     last_access_at integer,
     revoked_at integer
   );
   create index driftbook_shares_workbook on driftbook_shares (workbook, created_at)`,
  // The notification outbox (server/alerts/outbox.ts): one row per alert instance, channel and
  // notification, kept until delivered, rejected, expired or replaced by a newer state's.
  `create table driftbook_outbox (
     id integer primary key autoincrement,
     rule_id text not null,
     instance text not null,
     channel text not null,
     workbook text not null,
     rule text not null,
     link text,
     alert text not null,
     history_id integer,
     evaluation_interval_ms integer,
     state text not null,
     created_at integer not null,
     expires_at integer not null,
     attempts integer not null default 0,
     failures integer not null default 0,
     next_attempt_at integer not null,
     claimed_until integer,
     last_error text,
     delivered_at integer
   );
   create index driftbook_outbox_due on driftbook_outbox (state, next_attempt_at);
   create index driftbook_outbox_instance on driftbook_outbox (rule_id, instance, channel, state);
   create index driftbook_outbox_history on driftbook_outbox (history_id)`,
  // Workbook identities (server/shares/workbookIds.ts): share links point at a workbook's stable
  // id, which follows renames made through Driftbook and dies with the workbook, not at its path.
  // Links made before this version are bound to the workbook now at their path. No foreign key:
  // a revoked link keeps the id of its deleted workbook, whose row is gone.
  `create table driftbook_workbook_ids (
     id text primary key,
     path text not null unique,
     created_at integer not null
   );
   insert into driftbook_workbook_ids (id, path, created_at)
     select lower(hex(randomblob(9))), workbook, min(created_at) from driftbook_shares group by workbook;
   alter table driftbook_shares add column workbook_id text;
   update driftbook_shares set workbook_id = (select id from driftbook_workbook_ids where path = driftbook_shares.workbook);
   drop index driftbook_shares_workbook;
   alter table driftbook_shares drop column workbook;
   create index driftbook_shares_workbook_id on driftbook_shares (workbook_id, created_at)`,
  // The process that records each run (server/runs/store.ts), so a run left `running` by a
  // process that died (kill -9, power loss) is recorded as interrupted once that is certain.
  `alter table driftbook_runs add column pid integer;
   alter table driftbook_runs add column hostname text;
   create index driftbook_runs_running on driftbook_runs (id) where status = 'running'`,
  // A run error names its cell `cellIndex`, as a problem does (the protocol's glossary), not `cell`.
  `update driftbook_runs set errors = (
     select json_group_array(case when json_type(value, '$.cell') is null then json(value)
       else json_remove(json_set(value, '$.cellIndex', json_extract(value, '$.cell')), '$.cell') end)
     from (select value from json_each(driftbook_runs.errors) order by key))
   where errors like '%"cell"%'`,
  // Whether a run was a production run (its alert transitions stored and notified) or a what-if
  // (`--param`, `--rev`, run-now with other params), which only previews its rules (runs/store.ts).
  `alter table driftbook_runs add column production integer not null default 1`,
  // Named, versioned reference sets (server/store/references.ts).
  createReferenceCatalogue,
  // Profiles kept at ingest (profileStore.ts): each model's settings (bucket, segments, zone,
  // retention (retention.ts), whether its profiles need a rebuild) and its stored profiles, one
  // row per period and column. A model's tables gain ingested_at and label_ingested_at on their
  // next write (store.ts).
  `create table driftbook_model_settings (
     model text primary key,
     bucket_ms integer not null default 3600000,
     segments text not null default '[]',
     segment_cap integer not null default 100,
     tz text,
     retention_rows_ms integer,
     retention_profiles_ms integer,
     profiles_state text not null default 'current'
   );
   create table driftbook_profiles (
     model text not null,
     source text not null,
     grain text not null,
     start integer not null,
     segment text not null default '',
     segment_value text not null default '',
     column_name text not null,
     data blob not null,
     primary key (model, source, grain, start, segment, segment_value, column_name)
   ) without rowid`,
  // The moment an as-of run read the data as of (runs/execute.ts); null for a run on the data as it was.
  `alter table driftbook_runs add column as_of integer`,
  // Online detectors in cells (onlineState.ts): each named state's detector, the last rowid it
  // was fed and when it fired, moved by production runs only; and calibrated detectors by
  // configuration and reference content, so a re-run does not recalibrate.
  `create table driftbook_online_states (
     workbook text not null,
     name text not null,
     model text not null,
     config text not null,
     checkpoint integer not null,
     state text not null,
     latest text,
     fired text not null default '[]',
     updated_at integer not null,
     primary key (workbook, name)
   ) without rowid;
   create table driftbook_online_calibrations (
     key text primary key,
     state text not null,
     created_at integer not null
   ) without rowid`,
  // The segment values of rows with no value and of values past the cap (profileDeltas.ts) start
  // with U+FFFF, not NUL, so profiles store the same on PostgreSQL, whose text cannot hold NUL.
  `update driftbook_profiles set segment_value = char(65535) || substr(segment_value, 2)
   where segment_value in (char(0) || 'missing', char(0) || 'other')`,
  // Wrong tokens per client address (server/http/failureThrottle.ts), in the database so that
  // every server sharing it throttles guessing together.
  `create table driftbook_login_failures (
     address text not null,
     at integer not null
   );
   create index driftbook_login_failures_address on driftbook_login_failures (address, at);
   create index driftbook_login_failures_at on driftbook_login_failures (at)`,
  // Export cursors (server/export/exportCursors.ts): per target, workbook and model, the run the
  // points go to there and the last point delivered, so a repeated export sends only what is new.
  `create table driftbook_export_cursors (
     target text not null,
     workbook text not null,
     model text not null,
     external_run text not null,
     last_point_id integer not null,
     updated_at integer not null,
     primary key (target, workbook, model)
   )`,
  // Several servers on one database: each schedule tick and data run claimed by the one server
  // that runs it (runs/runClaims.ts), the server that ran each run, and stored run reports in the
  // database so any server serves any report (runs/reports.ts): the files earlier versions wrote are moved
  // in (a file that is gone leaves its run without a report; the files stay for the operator).
  (db) => {
    db.exec(`create table driftbook_run_claims (
       workbook text not null,
       trigger text not null,
       slot_at integer not null,
       server text not null,
       primary key (workbook, trigger, slot_at)
     ) without rowid;
     alter table driftbook_runs add column server text;
     create table driftbook_reports (
       run_id integer primary key references driftbook_runs (id) on delete cascade,
       html text not null
     )`);
    const files = db.prepare("select id, report_path from driftbook_runs where report_path is not null").all();
    const insert = db.prepare("insert into driftbook_reports (run_id, html) values (?, ?)");
    for (const { id, report_path } of files as { id: number; report_path: string }[]) {
      const html = readReportFile(report_path);
      if (html !== undefined) insert.run(id, html);
    }
    db.exec("alter table driftbook_runs drop column report_path");
  },
  // The audit trail (server/audit/store.ts): who silenced, shared, committed, ran or saved what.
  `create table driftbook_audit_events (
     id integer primary key autoincrement,
     at integer not null,
     user_name text not null,
     action text not null,
     workbook text,
     target text
   );
   create index driftbook_audit_events_workbook on driftbook_audit_events (workbook, id);
   create index driftbook_audit_events_user on driftbook_audit_events (user_name, id)`,
  // Share links that let viewers download tables, charts and drift reports (http/routes/exports.ts).
  `alter table driftbook_shares add column downloads integer not null default 0`,
];

/** A report file an earlier version stored, or undefined when it is gone. */
function readReportFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Main-thread writes. The server stores ingest batches on its writer thread (writer.ts), since a
 * batch can take seconds to parse and insert. Run records, alert state, the outbox and share
 * links are written on the main thread: each is one short transaction of a few rows, and when
 * another writer holds the lock it waits at most the busy timeout, in practice the length of one
 * batch insert (parsing happens outside the transaction), before failing with SQLITE_BUSY (503).
 */

/** How long a write waits for another connection's write lock before SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** How much of the file to check at open (openCheck.ts); default quick_check. */
  check?: DatabaseCheck;
  /** Default DEFAULT_BUSY_TIMEOUT_MS. */
  busyTimeoutMs?: number;
  /**
   * What a write transaction does when the lock is still held after the busy timeout: the
   * milliseconds to wait before trying again, or undefined to give up (SQLITE_BUSY is thrown).
   * Without it, SQLITE_BUSY is thrown at once: the server answers 503; the CLI waits.
   */
  retryBusy?: (attempt: number) => number | undefined;
}

const busyRetries = new WeakMap<Db, NonNullable<OpenOptions["retryBusy"]>>();

/**
 * Opens and migrates the database at `location` (location.ts): a PostgreSQL URL, or a SQLite
 * file, created when missing and checked; a DatabaseOpenError says why a file cannot be used.
 */
export function openDatabase(location: string, options: OpenOptions = {}): Db {
  if (isPostgresUrl(location)) return openPostgres(location, options);
  return openSqlite(location, options);
}

/**
 * A writer waits for another's row locks up to the busy timeout (`lock_timeout`), as SQLite's
 * waits for the file's write lock.
 */
function openPostgres(url: string, options: OpenOptions): Db {
  const db = PgDb.open(url, { settings: { lock_timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS } });
  try {
    migratePostgres(db);
  } catch (error) {
    db.close();
    throw error;
  }
  if (options.retryBusy) busyRetries.set(db, options.retryBusy);
  return db;
}

export function openSqlite(path: string, options: OpenOptions = {}): SqliteDb {
  const db = openChecked(path, options.check, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  if (options.retryBusy) busyRetries.set(db, options.retryBusy);
  // NORMAL in WAL mode: a committed batch survives a crash of the process (kill -9); only an
  // operating-system crash or power loss can take back the last commits.
  db.pragma("synchronous = NORMAL");
  migrate(db);
  return db;
}

/**
 * Runs `write` in one `BEGIN IMMEDIATE` transaction and returns its result. A deferred
 * transaction that reads first and writes later cannot wait for the lock: SQLite answers
 * SQLITE_BUSY at once, without the busy handler, because its snapshot may be stale
 * (https://www.sqlite.org/lang_transaction.html, "BEGIN IMMEDIATE"). Immediate takes the write
 * lock first, so the busy timeout applies. `write` must be safe to run again: after a
 * SQLITE_BUSY the connection's retryBusy may call it once more.
 */
export function writeTransaction<T>(db: Db, write: () => T): T {
  const retry = busyRetries.get(db);
  for (let attempt = 1; ; attempt++) {
    try {
      return db.transaction(write).immediate();
    } catch (error) {
      const delayMs = retry && isBusy(error) ? retry(attempt) : undefined;
      if (delayMs === undefined) throw error;
      sleepSync(delayMs);
    }
  }
}

/**
 * True for "another writer holds the lock": SQLite's SQLITE_BUSY (and its extended codes), or
 * PostgreSQL's lock_not_available (55P03, lock_timeout passed) and deadlock_detected (40P01).
 */
export function isBusy(error: unknown): boolean {
  if (error instanceof PgError) return error.code === "55P03" || error.code === "40P01";
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/**
 * True when the database could not be reached: PostgreSQL down or restarting, the connection
 * lost (PgError's `connection`, or the writer thread's DatabaseUnreachableError).
 */
export function isUnreachable(error: unknown): boolean {
  return (error as { connection?: unknown } | null)?.connection === true;
}

/** Blocks the thread: only the CLI retries, and it has nothing else to do while it waits. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Brings the schema up to date. A current schema is checked with a plain read, so a process
 * starting while another one writes neither waits nor fails; an update takes the write lock and
 * looks again, since another process may have migrated in the meantime.
 */
function migrate(db: SqliteDb): void {
  const current = () => db.pragma("user_version", { simple: true }) as number;
  const found = current();
  if (found > MIGRATIONS.length) {
    throw new Error(
      `the database was written by a newer Driftbook (schema ${found}, this one knows ${MIGRATIONS.length})`,
    );
  }
  if (found === MIGRATIONS.length) return;
  writeTransaction(db, () => {
    for (let version = current(); version < MIGRATIONS.length; version++) {
      const migration = MIGRATIONS[version]!;
      if (typeof migration === "string") db.exec(migration);
      else migration(db);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
}
