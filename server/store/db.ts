/**
 * Opens the SQLite file: WAL so readers (workbook workers) never block the one writer, and a
 * schema version so later releases can migrate a team's existing database in place.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;

/** The default database, relative to the working directory. */
export const DEFAULT_DB_PATH = "data/driftbook.db";

/** Each entry moves the schema up one version; never edit one that has shipped. */
const MIGRATIONS: string[] = [
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
];

export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  // NORMAL in WAL mode: a committed batch survives a crash of the process (kill -9); only an
  // operating-system crash or power loss can take back the last commits.
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`the database was written by a newer Driftbook (schema ${current}, this one knows ${MIGRATIONS.length})`);
  }
  db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
