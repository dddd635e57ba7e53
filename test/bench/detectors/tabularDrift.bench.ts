import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as aq from "arquero";
import { describe } from "vitest";
import { tabularDrift } from "../../../detectors/tabular/tabularDrift.ts";
import { weyl } from "../../detectors/fixtureData.ts";
import { sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";

// The case measured: "auto" on 100k × 50 columns (30 numeric, 20 categorical), target within 2 s.
// Both tables have 100k rows, so Evidently's rule picks wasserstein (normed) for the numeric columns
// and jensenShannon for the categorical ones. The tables are Weyl sequences that tabularDrift_scipy.py
// rebuilds exactly; it runs the same per-column scipy calls Evidently makes (the baseline), and the
// statistics of both sides are compared. Median of RUNS timed runs after one warm-up on each side.
const ROWS = 100_000;
const NUMERIC = 30;
const CATEGORICAL = 20;
const RUNS = 3;

function tables(): { reference: Record<string, ArrayLike<unknown>>; current: Record<string, ArrayLike<unknown>> } {
  const reference: Record<string, ArrayLike<unknown>> = {};
  const current: Record<string, ArrayLike<unknown>> = {};
  for (let j = 0; j < NUMERIC; j++) {
    const scale = 1 + j;
    const shift = j % 3 === 0 ? 0.05 * scale : 0;
    reference[`num${j}`] = weyl(1 + 2 * j * ROWS, ROWS).map((u) => u * scale);
    current[`num${j}`] = weyl(1 + 2 * j * ROWS + ROWS, ROWS).map((u) => u * scale + shift);
  }
  for (let k = 0; k < CATEGORICAL; k++) {
    const labels = Array.from({ length: 2 + (k % 6) }, (_, i) => `v${i}`);
    // Every fourth column drifts clearly, the others slightly (an extra first label in 10 copies).
    const skewed = [labels[0], ...Array.from({ length: k % 4 === 0 ? 1 : 10 }, () => labels).flat()];
    const start = 1 + 2 * (NUMERIC + k) * ROWS;
    reference[`cat${k}`] = Array.from(weyl(start, ROWS), (u) => labels[Math.floor(u * labels.length)]);
    current[`cat${k}`] = Array.from(weyl(start + ROWS, ROWS), (u) => skewed[Math.floor(u * skewed.length)]);
  }
  return { reference, current };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function timed(run: () => ReturnType<typeof tabularDrift>): { ms: number; result: ReturnType<typeof tabularDrift> } {
  let result = run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = run();
    times.push(performance.now() - start);
  }
  return { ms: median(times), result };
}

function compare(): void {
  const script = fileURLToPath(new URL("./tabularDrift_scipy.py", import.meta.url));
  const python = spawnSync("python3", [script, String(ROWS), String(NUMERIC), String(CATEGORICAL), String(RUNS)], {
    encoding: "utf8",
  });
  if (python.status !== 0) throw new Error(`tabularDrift_scipy.py failed: ${python.stderr}`);
  const scipy = JSON.parse(python.stdout) as { ms: number; statistics: number[] };

  const { reference, current } = tables();
  const arquero = timed(() => tabularDrift(aq.table(reference), aq.table(current)));
  const methods = new Set(arquero.result.features.map((f) => f.method));
  const mismatches = arquero.result.features.filter(
    (f, i) => !(Math.abs(f.statistic - scipy.statistics[i]) <= 1e-9 * Math.abs(scipy.statistics[i]) + 1e-12),
  );
  recordFigure({
    figure: `tabularDrift "auto", ${ROWS / 1000}k rows × ${NUMERIC + CATEGORICAL} columns (${NUMERIC} numeric), Arquero tables (${[...methods].join(", ")})`,
    ours: `${arquero.ms.toFixed(0)} ms`,
    baseline: `scipy restatement ${scipy.ms.toFixed(0)} ms`,
    ratio: arquero.ms / scipy.ms,
    measured: arquero.ms,
    target: { atMost: 2000, unit: "ms" },
    warning: mismatches.length ? `statistics differ in ${mismatches.map((f) => f.feature).join(", ")}` : undefined,
  });

  const referenceRows = rowsOf(reference);
  const currentRows = rowsOf(current);
  const objects = timed(() => tabularDrift(referenceRows, currentRows));
  recordFigure({
    figure: `tabularDrift "auto", the same as arrays of row objects`,
    ours: `${objects.ms.toFixed(0)} ms`,
  });
}

function rowsOf(columns: Record<string, ArrayLike<unknown>>): Record<string, unknown>[] {
  const names = Object.keys(columns);
  return Array.from({ length: ROWS }, (_, i) => Object.fromEntries(names.map((name) => [name, columns[name][i]])));
}

describe("detectors/tabularDrift vs scipy", () => {
  sideBySide("tabularDrift side by side with scipy", compare);
});
