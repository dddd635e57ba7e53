/**
 * The demo workbook (workbooks/credit-drift.md) run headless on PostgreSQL against the same run
 * on SQLite, at 1M rows: the demo's data (server/demo/credit.ts: a reference set, drift from day
 * five, delayed labels, segments by region) at 7 days × 142,858 predictions, logged into SQLite
 * through the store in 10k-row batches, then copied into a throwaway PostgreSQL database through
 * the store (PredictionStore.copyStaged, which keeps their profiles as ingest does). Each side is `driftbook run` end to end as a scheduler would start it (a
 * process: the CLI, its cell process, the queries), three times in turn after one warm-up each;
 * the medians are compared.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe } from "vitest";
import { PredictionStore } from "../../../server/store/store.ts";
import { ROOT } from "../../helpers/cli.ts";
import { startPostgresCluster } from "../../helpers/postgres.ts";
import { tempDir } from "../../helpers/workbooks.ts";
import { sideBySide } from "../helpers.ts";
import { CREDIT_MODEL, historyRows, referenceRows } from "../../../server/demo/credit.ts";
import { DEMO_REFERENCE_ROWS, DEMO_SEGMENTS } from "../../../server/demo/seed.ts";
import { recordFigure } from "../summary.ts";

const PER_DAY = 142_858;
const CHUNK = 10_000;
const RUNS = 3;

/** The demo's data at 1M predictions, into the store at `location`; returns the predictions written. */
function seedLarge(location: string): number {
  const store = new PredictionStore(location);
  try {
    const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const history = historyRows({ days: 7, perDay: PER_DAY, end, seed: 1 });
    store.updateSettings(CREDIT_MODEL, { segments: DEMO_SEGMENTS });
    store.replaceReference(CREDIT_MODEL, referenceRows(DEMO_REFERENCE_ROWS, 1));
    let written = 0;
    for (let i = 0; i < history.rows.length; i += CHUNK) {
      written += store.log(CREDIT_MODEL, history.rows.slice(i, i + CHUNK)).written;
    }
    const labels = history.labels
      .filter((label) => label.availableAt <= end)
      .map(({ id, label }, i) => ({ row: i + 1, id, label }));
    for (let i = 0; i < labels.length; i += CHUNK) store.attachLabels(CREDIT_MODEL, labels.slice(i, i + CHUNK));
    return written;
  } finally {
    store.close();
  }
}

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
  const { dir, cleanup } = await tempDir("driftbook-bench-");
  const cluster = await startPostgresCluster();
  try {
    const sqlite = join(dir, "credit.db");
    const written = seedLarge(sqlite);
    const postgres = await cluster.createDatabase();
    const store = new PredictionStore(postgres);
    const copyStarted = performance.now();
    store.updateSettings(CREDIT_MODEL, { segments: DEMO_SEGMENTS });
    store.copyStaged(CREDIT_MODEL, { reference: "training" }, sqlite);
    store.copyStaged(CREDIT_MODEL, "predictions", sqlite);
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
      figure: `driftbook run workbooks/credit-drift.md on the demo's data at ${(written / 1e6).toFixed(1)}M predictions (7 days × ${PER_DAY.toLocaleString("en")}, segments by region), PostgreSQL vs SQLite (median of ${RUNS})`,
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
