/**
 * Stored run reports: the static HTML page of a run (the one `driftbook run --html` writes),
 * kept under `<data dir>/reports/` for the newest `keep` runs of each workbook, and no longer
 * than `keepDays` when that is set.
 */
import { mkdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunStore } from "./store.ts";

export const DEFAULT_KEEP_REPORTS = 50;

export interface ReportStorage {
  dir: string;
  /** Reports kept per workbook; older runs lose theirs. */
  keep: number;
  /** Reports of runs started more than this many days ago are deleted whatever their number. */
  keepDays?: number;
}

/** Writes the run's report, links it from the run record, and deletes the workbook's reports past `keep` or `keepDays`. */
export async function storeReport(
  runs: RunStore,
  run: { id: number; workbook: string },
  html: string,
  storage: ReportStorage,
  now = Date.now(),
): Promise<string> {
  await mkdir(storage.dir, { recursive: true });
  const path = join(storage.dir, `${run.id}.html`);
  await writeFile(path, html);
  runs.setReport(run.id, path);
  const oldest = storage.keepDays === undefined ? -Infinity : now - storage.keepDays * 86_400_000;
  const stored = runs.withReports(run.workbook);
  const expired = stored.filter(
    (report, index) => index >= storage.keep || (report.startedAt < oldest && report.id !== run.id),
  );
  for (const old of expired) {
    await unlink(old.reportPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
    runs.setReport(old.id, undefined);
  }
  return path;
}
