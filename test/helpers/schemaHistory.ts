/**
 * Takes a SQLite database written by this version back to the schema an earlier version wrote,
 * for the tests of a migration (server/store/db.ts MIGRATIONS): each migration from the earliest
 * one a test goes back to holds its undo here, in order, so no test counts migrations by hand. A
 * new migration needs its undo added at the end; test/store/db.test.ts fails until it is.
 */
import type { Database } from "better-sqlite3";

/** The migrations from the run errors' `cellIndex` one on, oldest first; '' where data alone changed. */
const UNDOS = [
  { migration: "cellIndex", undo: "" },
  { migration: "production", undo: "alter table driftbook_runs drop column production" },
  { migration: "references", undo: "drop table driftbook_references" },
  { migration: "profiles", undo: "drop table driftbook_profiles; drop table driftbook_model_settings" },
  { migration: "asOf", undo: "alter table driftbook_runs drop column as_of" },
  { migration: "online", undo: "drop table driftbook_online_states; drop table driftbook_online_calibrations" },
  { migration: "segmentValues", undo: "" },
  { migration: "loginFailures", undo: "drop table driftbook_login_failures" },
  { migration: "exportCursors", undo: "drop table driftbook_export_cursors" },
  {
    migration: "severalServers",
    undo:
      "drop table driftbook_run_claims; drop table driftbook_reports; alter table driftbook_runs drop column server; " +
      "alter table driftbook_runs add column report_path text",
  },
  { migration: "audit", undo: "drop table driftbook_audit_events" },
  { migration: "shareDownloads", undo: "alter table driftbook_shares drop column downloads" },
] as const;

export type Migration = (typeof UNDOS)[number]["migration"];

/** The earliest migration a test can go back before. */
export const EARLIEST_UNDONE: Migration = UNDOS[0].migration;

/**
 * Undoes `migration` and every one after it on `db` (a current SQLite schema), so the next open
 * runs them again, as it would on a file an earlier version wrote.
 */
export function rollBackBefore(db: Database, migration: Migration): void {
  const latest = db.pragma("user_version", { simple: true }) as number;
  const first = UNDOS.findIndex((entry) => entry.migration === migration);
  db.transaction(() => {
    for (let index = UNDOS.length - 1; index >= first; index--) {
      const { undo } = UNDOS[index]!;
      if (undo) db.exec(undo);
    }
    db.pragma(`user_version = ${latest - (UNDOS.length - first)}`);
  })();
}
