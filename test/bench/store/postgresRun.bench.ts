/**
 * The demo workbook (workbooks/credit-drift.md) run headless on PostgreSQL against the same run
 * on SQLite, at 1M rows: the profile benches' credit-like rows (7 days × 142,858, segments by
 * region, built once into test/bench/.cache/ by creditCache.ts), copied into a throwaway
 * PostgreSQL database through the store (PredictionStore.copyStaged, which keeps their profiles
 * as ingest does). Each side is `driftbook run` end to end as a scheduler would start it (a
 * process: the CLI, its cell process, the queries), three times in turn after one warm-up each;
 * the medians are compared.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { describe } from "vitest";
import { PredictionStore } from "../../../server/store/store.ts";
import { ROOT } from "../../helpers/cli.ts";
import { startPostgresCluster } from "../../helpers/postgres.ts";
import { tempDir } from "../../helpers/workbooks.ts";
import { sideBySide } from "../helpers.ts";
import { cachedDatabase } from "./creditCache.ts";
import { recordFigure } from "../summary.ts";

const LARGE = {
  model: "credit",
  days: 7,
  perDay: 142_858,
  referenceRows: 5000,
  end: Date.UTC(2026, 10, 27),
  driftFrom: 5,
  segments: ["region"],
};
const RUNS = 3;

/** Seconds one `driftbook run` of the demo workbook takes on `db`; throws with its output when it fails. */
function runOnce(db: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, ["bin/driftbook.js", "run", "workbooks/credit-drift.md", "--db", db], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`driftbook run exited ${run.status}:\n${run.stderr}${run.stdout}`);
  return seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function compare(): Promise<void> {
  const cached = cachedDatabase("credit-7x143k-region", LARGE);
  const { dir, cleanup } = await tempDir("driftbook-bench-");
  const cluster = await startPostgresCluster();
  try {
    const sqlite = join(dir, "credit.db");
    copyFileSync(cached.path, sqlite);
    const postgres = await cluster.createDatabase();
    const store = new PredictionStore(postgres);
    const copyStarted = performance.now();
    store.copyStaged("credit", { reference: "training" }, sqlite);
    const { written } = store.copyStaged("credit", "predictions", sqlite);
    const copySeconds = (performance.now() - copyStarted) / 1000;
    store.close();
    const times = { sqlite: [] as number[], postgres: [] as number[] };
    runOnce(sqlite);
    runOnce(postgres);
    for (let i = 0; i < RUNS; i++) {
      times.sqlite.push(runOnce(sqlite));
      times.postgres.push(runOnce(postgres));
    }
    const [onSqlite, onPostgres] = [median(times.sqlite), median(times.postgres)];
    recordFigure({
      figure: `driftbook run workbooks/credit-drift.md at ${(written / 1e6).toFixed(1)}M rows (7 days × 142,858, segments by region), PostgreSQL vs SQLite (median of ${RUNS})`,
      ours: `${onPostgres.toFixed(2)} s on PostgreSQL (rows and profiles copied in through the store in ${copySeconds.toFixed(0)} s)`,
      baseline: `${onSqlite.toFixed(2)} s on SQLite`,
      ratio: onSqlite / onPostgres,
    });
  } finally {
    cluster.remove();
    await cleanup();
  }
}

describe("the demo workbook on PostgreSQL vs SQLite", () => {
  sideBySide("credit-drift.md at 1M rows on both engines", compare);
});
