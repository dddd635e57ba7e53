/**
 * Stored run reports: the static HTML page of a run (the one `driftbook run --html` writes),
 * kept in the database (driftbook_reports) for the newest `keep` runs of each workbook, and no
 * longer than `keepDays` when that is set. In the database rather than a server's folder, so
 * that with several servers on one database any of them serves any run's report; reports that
 * earlier versions wrote to `reports/` beside a SQLite file were moved in by its migration.
 */
import { writeTransaction, type Db } from "../store/db.ts";

export const DEFAULT_KEEP_REPORTS = 50;

export interface ReportStorage {
  /** Reports kept per workbook; older runs lose theirs. */
  keep: number;
  /** Reports of runs started more than this many days ago are deleted whatever their number. */
  keepDays?: number;
}

/** Stores the run's report and deletes the workbook's reports past `keep` or `keepDays`, in one transaction. */
export function storeReport(
  db: Db,
  run: { id: number; workbook: string },
  html: string,
  storage: ReportStorage,
  now = Date.now(),
): void {
  writeTransaction(db, () => {
    db.prepare(
      `insert into driftbook_reports (run_id, html) values (?, ?)
       on conflict (run_id) do update set html = excluded.html`,
    ).run(run.id, html);
    const stored = db
      .prepare(
        `select r.run_id as id, runs.started_at as startedAt from driftbook_reports r
         join driftbook_runs runs on runs.id = r.run_id
         where runs.workbook = ? order by r.run_id desc`,
      )
      .all(run.workbook) as Array<{ id: number; startedAt: number }>;
    const oldest = storage.keepDays === undefined ? -Infinity : now - storage.keepDays * 86_400_000;
    const remove = db.prepare("delete from driftbook_reports where run_id = ?");
    stored.forEach((report, index) => {
      if (index >= storage.keep || (report.startedAt < oldest && report.id !== run.id)) remove.run(report.id);
    });
  });
}

/** The run's stored report, or undefined when it has none (any more). */
export function storedReport(db: Db, runId: number): string | undefined {
  return db.prepare("select html from driftbook_reports where run_id = ?").pluck().get(runId) as string | undefined;
}
