/**
 * Issue 19's benchmark: a replay of the demo workbook (workbooks/credit-drift.md) over 7 days
 * hourly, 168 steps, at the demo's size (10,500 predictions, server/demo/seed.ts) and at 1M rows
 * (7 days × 142,858 of the profile benches' credit-like rows, built once into
 * test/bench/.cache/ by creditCache.ts). Target: ≤ 10 s at 1M rows — the workbook reads
 * profiles, so each step costs its window, not the table. The whole replayWorkbook call is
 * timed: the cell process's start, the first step's full run, and each step's re-run of the
 * cells that read data. The 1M-row database's history is dated as if logged live (rows at their
 * ts, the reference before the first row), as the demo's is, so every step sees its data.
 */
import { join } from "node:path";
import { describe } from "vitest";
import { seedDemo } from "../../../server/demo/seed.ts";
import { replayWorkbook } from "../../../server/replay/replay.ts";
import { replaySteps } from "../../../server/replay/steps.ts";
import type { ReplayResult } from "../../../server/replay/types.ts";
import { openDatabase } from "../../../server/store/db.ts";
import { PredictionStore } from "../../../server/store/store.ts";
import { loadWorkbook } from "../../../server/workspace/workbookFile.ts";
import { ROOT } from "../../helpers/cli.ts";
import { tempDir } from "../../helpers/workbooks.ts";
import { sideBySide } from "../helpers.ts";
import { cachedDatabase } from "../store/creditCache.ts";
import { recordFigure } from "../summary.ts";

const DAY_MS = 86_400_000;
const END = Date.UTC(2026, 10, 27);
const TARGET_S = 10;
const LARGE = {
  model: "credit",
  days: 7,
  perDay: 142_858,
  referenceRows: 5000,
  end: END,
  driftFrom: 5,
  segments: ["region"],
};

async function timedReplay(dbPath: string): Promise<{ seconds: number; result: ReplayResult }> {
  const workbook = await loadWorkbook(join(ROOT, "workbooks/credit-drift.md"), "credit-drift.md");
  const steps = replaySteps({ since: END - 7 * DAY_MS, until: END, everyMs: 3_600_000 });
  const started = performance.now();
  const result = await replayWorkbook({
    workbook,
    id: "credit-drift.md",
    dbPath,
    params: workbook.paramDefaults,
    steps,
    hostOptions: { output: () => {}, cellTimeoutMs: 120_000 },
  });
  return { seconds: (performance.now() - started) / 1000, result };
}

/** "1 episode from 2026-11-24 05:00", and a warning when a step's rule failed. */
function outcome(result: ReplayResult): { text: string; warning?: string } {
  const { episodes } = result.rules["inputs-drifted"];
  const failed = result.steps.filter((step) => step.alerts["inputs-drifted"]?.state === "error").length;
  return {
    text: `inputs-drifted: ${episodes.length} episode(s)${episodes.length ? ` from ${episodes[0].start.slice(0, 16)}` : ""}`,
    ...(failed > 0 && { warning: `inputs-drifted failed at ${failed} step(s)` }),
  };
}

async function demoSize(): Promise<void> {
  const { dir, cleanup } = await tempDir();
  try {
    const path = join(dir, "demo.db");
    const store = new PredictionStore(path);
    seedDemo(store, { now: END });
    store.close();
    const { seconds, result } = await timedReplay(path);
    const { text, warning } = outcome(result);
    recordFigure({
      figure: "replay of credit-drift.md, 7 days hourly (168 steps), the demo's 10,500 predictions",
      ours: `${seconds.toFixed(1)} s (${((seconds * 1000) / result.steps.length).toFixed(0)} ms a step; ${text})`,
      ...(warning && { warning }),
    });
  } finally {
    await cleanup();
  }
}

async function millionRows(): Promise<void> {
  const database = cachedDatabase("credit-7x143k-region", LARGE);
  const db = openDatabase(database.path, { check: "off" });
  try {
    db.exec("update credit set ingested_at = ts where ingested_at is not ts");
    db.prepare(
      "update driftbook_references set created_at = (select min(ts) from credit) - 1 where model = 'credit'",
    ).run();
  } finally {
    db.close();
  }
  const { seconds, result } = await timedReplay(database.path);
  const { text, warning } = outcome(result);
  recordFigure({
    figure:
      "replay of credit-drift.md, 7 days hourly (168 steps), 1M predictions (7 days × 142,858, segments by region)",
    ours: `${seconds.toFixed(1)} s (${((seconds * 1000) / result.steps.length).toFixed(0)} ms a step; ${text})`,
    measured: seconds,
    target: { atMost: TARGET_S, unit: "s" },
    ...(warning && { warning }),
  });
}

describe("replay", () => {
  sideBySide("credit-drift.md over 168 hourly steps at the demo's size", demoSize);
  sideBySide("credit-drift.md over 168 hourly steps at 1M rows", millionRows);
});
