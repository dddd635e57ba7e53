import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";
import type { DriftOutput } from "../../../server/protocol/outputs.ts";
import type { RunReport } from "../../../server/runtime/runWorkbook.ts";
import { ROOT, runProcess } from "../../helpers/cli.ts";
import { tempDir } from "../../helpers/workbooks.ts";
import { agreementText, agreementWarning, decisionAgreement } from "../driftAgreement.ts";
import { sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";

// Issue 16's wide drift checks, end to end: a workbook with one `sql` cell per table and a
// `detectors.tabularDrift` cell, run by `driftbook run` as a real CLI process over a real store
// (written by wideStore.ts through PredictionStore). Baseline, in the same run: wideDrift_scipy.py,
// Python's sqlite3 reading the same `select *` into numpy arrays and scipy's normed Wasserstein
// distance per column (what Evidently runs for these columns), also as a whole process. Both sides'
// statistics are compared. The run's own report (--json) splits our time: loading (until the last
// sql cell is done: the cells start together), tabularDrift (its cell) and the rest (process start,
// the cell process, serializing outputs, recording the run); peak RSS from /usr/bin/time when present.
// The same check from the profiles the store kept at ingest (issue 18: a drift check on profiles reads
// no rows) runs too, with its decisions compared with the raw run's; and the store is written once
// more without profiles, to show what keeping them costs at ingest.
const CASES = [
  { rows: 356_000, columns: 100, targetMs: 8_000 },
  { rows: 50_000, columns: 990, targetMs: 30_000 },
];
const MODEL = "wide";
const BIN = fileURLToPath(new URL("../../../bin/driftbook.js", import.meta.url));
const STORE_SCRIPT = fileURLToPath(new URL("./wideStore.ts", import.meta.url));
const SCIPY_SCRIPT = fileURLToPath(new URL("./wideDrift_scipy.py", import.meta.url));
const TIME = "/usr/bin/time";

const WORKBOOK = `---
title: Wide drift
---

\`\`\`sql reference
select * from ${MODEL}_reference
\`\`\`

\`\`\`sql current
select * from ${MODEL}
\`\`\`

\`\`\`js
const drift = detectors.tabularDrift(reference, current)
\`\`\`

\`\`\`js
drift
\`\`\`
`;

const PROFILE_WORKBOOK = `---
title: Wide drift from profiles
---

\`\`\`js
const drift = detectors.tabularDrift(profile("${MODEL}", {reference: true}), profile("${MODEL}"))
\`\`\`

\`\`\`js
drift
\`\`\`

\`\`\`js
Math.max(0, ...drift.features.map((line) => line.approximate?.bound ?? 0))
\`\`\`
`;

interface Timed {
  ms: number;
  stdout: string;
  /** Peak resident size of the process and its children, when /usr/bin/time is there. */
  peakMb?: number;
}

/** Runs a command to its end, timing its wall clock; throws on a non-zero exit. */
async function timedProcess(command: string, args: string[]): Promise<Timed> {
  const measured = existsSync(TIME);
  const result = await runProcess(measured ? TIME : command, measured ? ["-f", "peak-kb %M", command, ...args] : args);
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(" ")} exited with ${result.code}: ${result.stdout}${result.stderr}`);
  const peak = /peak-kb (\d+)/.exec(result.stderr);
  return { ms: result.ms, stdout: result.stdout, ...(peak ? { peakMb: Number(peak[1]) / 1024 } : {}) };
}

/** Writes the wide model through wideStore.ts (its own process); returns the milliseconds it took. */
function writeStore(db: string, rows: number, columns: number, profiles: boolean): number {
  const started = performance.now();
  const store = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--max-old-space-size=8192",
      STORE_SCRIPT,
      db,
      MODEL,
      String(rows),
      String(columns),
      ...(profiles ? [] : ["--no-profiles"]),
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (store.status !== 0) throw new Error(`wideStore.ts failed: ${store.stderr}`);
  return performance.now() - started;
}

/** `driftbook run` of `workbook` (written into `dir`) over `db`, timed, with its --json report. */
async function runWorkbook(dir: string, name: string, workbook: string, db: string): Promise<[Timed, RunReport]> {
  await writeFile(join(dir, `${name}.md`), workbook);
  const report = join(dir, `${name}.json`);
  const timed = await timedProcess(process.execPath, [
    BIN,
    "run",
    join(dir, `${name}.md`),
    "--db",
    db,
    "--workbooks",
    dir,
    "--json",
    report,
    "--cell-timeout",
    "3600",
    "--cell-memory",
    "16384",
  ]);
  return [timed, JSON.parse(await readFile(report, "utf8")) as RunReport];
}

function driftOutput(run: RunReport, cell: number): DriftOutput {
  const output = run.cells[cell].outputs[0];
  if (output?.kind !== "drift") throw new Error(`the drift cell showed ${JSON.stringify(output)?.slice(0, 200)}`);
  return output;
}

const mb = (timed: Timed) => (timed.peakMb === undefined ? "" : `, peak RSS ${timed.peakMb.toFixed(0)} MB`);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function compare({ rows, columns, targetMs }: (typeof CASES)[number]): Promise<void> {
  const { dir, cleanup } = await tempDir("driftbook-bench-wide-");
  try {
    const db = join(dir, "wide.db");
    const storeMs = writeStore(db, rows, columns, true);
    const scipy = await timedProcess("python3", [SCIPY_SCRIPT, db, MODEL]);
    const [ours, run] = await runWorkbook(dir, "wide", WORKBOOK, db);
    const [fromProfiles, profileRun] = await runWorkbook(dir, "wide-profiles", PROFILE_WORKBOOK, db);
    const baseline = JSON.parse(scipy.stdout) as {
      loadMs: number;
      computeMs: number;
      statistics: Record<string, number>;
    };

    const loadingMs = Math.max(...run.cells.filter((cell) => cell.kind === "sql").map((cell) => cell.ms));
    const driftMs = run.cells[2].ms;
    const output = driftOutput(run, 3);
    const mismatches = output.features.filter((feature) => {
      const expected = baseline.statistics[feature.feature];
      return !(feature.statistic !== null && Math.abs(feature.statistic - expected) <= 1e-9 * Math.abs(expected));
    });
    const size = `${rows.toLocaleString("en")} rows × ${columns} numeric columns against a reference of the same size`;
    const scipyText = `python3 sqlite3 + numpy + scipy ${s(scipy.ms)} (loading ${s(baseline.loadMs)}, wasserstein ${s(baseline.computeMs)}${mb(scipy)})`;
    recordFigure({
      figure: `wide drift check, \`driftbook run\` end to end: ${size}`,
      ours: `${s(ours.ms)} (loading ${s(loadingMs)}, tabularDrift ${s(driftMs)}, the rest ${s(ours.ms - loadingMs - driftMs)}${mb(ours)})`,
      baseline: scipyText,
      ratio: ours.ms / scipy.ms,
      measured: ours.ms / 1000,
      target: { atMost: targetMs / 1000, unit: "s" },
      warning:
        output.features.length === columns && mismatches.length === 0
          ? undefined
          : `${output.features.length} features, ${mismatches.length} statistics differ from scipy's (${mismatches
              .slice(0, 3)
              .map((feature) => `${feature.feature}: ${feature.statistic} vs ${baseline.statistics[feature.feature]}`)
              .join(", ")})`,
    });

    // The bound of the loosest line stands for every line: the run report keeps decisions, not bounds.
    const bound = profileRun.cells[2].outputs[0];
    const maxBound = bound?.kind === "json" && typeof bound.value === "number" ? bound.value : 0;
    const agreement = decisionAgreement(driftOutput(profileRun, 1).features, output.features, () => maxBound);
    recordFigure({
      figure: `wide drift check from profiles (\`tabularDrift(profile(…, {reference: true}), profile(…))\`), \`driftbook run\` end to end: ${size}`,
      ours: `${s(fromProfiles.ms)} (profiles read and tabularDrift ${s(profileRun.cells[0].ms)}, the rest ${s(fromProfiles.ms - profileRun.cells[0].ms)}${mb(fromProfiles)}; ${agreementText(agreement)})`,
      baseline: scipyText,
      ratio: fromProfiles.ms / scipy.ms,
      measured: fromProfiles.ms / 1000,
      target: { atMost: targetMs / 1000, unit: "s" },
      warning: agreementWarning(agreement),
    });

    const plainMs = writeStore(join(dir, "plain.db"), rows, columns, false);
    recordFigure({
      figure: `writing the wide model (${rows.toLocaleString("en")} × ${columns}: reference in one batch, predictions in 10k-row batches) through PredictionStore, with profiles`,
      ours: s(storeMs),
      baseline: `without profiles ${s(plainMs)}`,
      ratio: plainMs / storeMs,
    });
  } finally {
    await cleanup();
  }
}

describe("driftbook run, wide drift checks vs python3 + scipy", () => {
  for (const wide of CASES) sideBySide(`${wide.rows} rows × ${wide.columns} columns`, () => compare(wide));
});
