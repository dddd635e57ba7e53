/**
 * Stored run reports: the static HTML page of a run (the one `driftbook run --html` writes),
 * kept under `<data dir>/reports/` for the newest `keep` runs of each workbook.
 */
import { mkdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunStore } from "./store.ts";

export const DEFAULT_KEEP_REPORTS = 50;

export interface ReportStorage {
  dir: string;
  /** Reports kept per workbook; older runs lose theirs. */
  keep: number;
}

/** Writes the run's report, links it from the run record, and deletes the workbook's reports past `keep`. */
export async function storeReport(runs: RunStore, run: { id: number; workbook: string }, html: string, storage: ReportStorage): Promise<string> {
  await mkdir(storage.dir, { recursive: true });
  const path = join(storage.dir, `${run.id}.html`);
  await writeFile(path, html);
  runs.setReport(run.id, path);
  for (const old of runs.withReports(run.workbook).slice(storage.keep)) {
    await unlink(old.reportPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
    runs.setReport(old.id, undefined);
  }
  return path;
}
