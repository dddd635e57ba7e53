/**
 * An example workbook run headless over the seeded demo data, as the demo-data integration tests
 * need it: a temporary folder with the demo seeded so that its seven days are the seven whole UTC
 * days before today, optionally today's first predictions, and the workbook copied from workbooks/;
 * then `driftbook run` (a real child process) with `--json`, as often as a test asks.
 */
import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DAY_MS, liveRows } from "../../server/demo/credit.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import type { CellStatus, Output } from "../../server/protocol/index.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { ROOT, driftbook, type CliResult } from "./cli.ts";
import { tempDir } from "./workbooks.ts";

/** The start of the current UTC day: the seeded demo's days are the seven whole UTC days before it. */
export const TODAY = Math.floor(Date.now() / DAY_MS) * DAY_MS;

/** `2026-12-06`: the UTC day of epoch ms, as the example workbooks name days. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What `driftbook run --json` reports of each cell. */
export interface HeadlessReport {
  cells: { status: CellStatus; outputs?: Output[] }[];
}

export interface DemoWorkbook {
  dir: string;
  db: string;
  /** Runs the workbook once more; `name` names its JSON report. */
  run(name?: string): Promise<{ run: CliResult; report: HeadlessReport; outputs: Output[] }>;
  cleanup(): Promise<void>;
}

/** The demo seeded up to today and `todayRows` of today's first predictions (unlabelled), beside `workbook`. */
export async function demoWorkbook(workbook: string, { todayRows = 0 } = {}): Promise<DemoWorkbook> {
  const { dir, cleanup } = await tempDir();
  const db = join(dir, "demo.db");
  const store = new PredictionStore(db);
  seedDemo(store, { now: TODAY });
  // Today's first predictions, as `npm start` streams them.
  if (todayRows > 0) store.log("credit", liveRows(todayRows, { now: TODAY + 3_600_000, seed: 7 }).rows);
  store.close();
  await copyFile(join(ROOT, "workbooks", workbook), join(dir, workbook));
  const run = async (name = "run") => {
    const json = join(dir, `${name}.json`);
    const result = await driftbook(["run", join(dir, workbook), "--db", db, "--workbooks", dir, "--json", json]);
    const report = JSON.parse(await readFile(json, "utf8")) as HeadlessReport;
    return { run: result, report, outputs: report.cells.flatMap((cell) => cell.outputs ?? []) };
  };
  return { dir, db, run, cleanup };
}
