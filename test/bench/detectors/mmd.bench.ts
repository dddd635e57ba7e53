import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { seededRng } from "../../../detectors/random/rng.ts";
import { mmd } from "../../../detectors/multivariate/mmd.ts";
import { sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";

// The case measured: n = 2000 per side, 10 dimensions, 100 permutations, against a vectorised numpy
// implementation (mmd_numpy.py). The two sides alternate for ROUNDS rounds of RUNS timed runs each
// (numpy: one process per round, after a warm-up run; ours: after one warm-up call), and the best
// time of each side is compared, so load from other processes distorts the ratio as little as possible.
// Target: ratio ≤ 1.0.
const N = 2000;
const D = 10;
const PERMUTATIONS = 100;
const ROUNDS = 4;
const RUNS = 3;

function rows(rng: ReturnType<typeof seededRng>, shift: number): number[][] {
  return Array.from({ length: N }, () => Array.from({ length: D }, () => rng.normal() + shift));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function compare(): void {
  const rng = seededRng(42);
  const reference = rows(rng, 0);
  const current = rows(rng, 0.05);
  const input = Buffer.from(Float64Array.from([...reference, ...current].flat()).buffer);
  const script = fileURLToPath(new URL("./mmd_numpy.py", import.meta.url));
  const numpyTimes: number[] = [];
  const ourTimes: number[] = [];
  let numpy = { sigma: 0, statistic: 0, times: [] as number[] };
  let result = mmd(reference, current, { permutations: PERMUTATIONS });
  for (let round = 0; round < ROUNDS; round++) {
    const python = spawnSync("python3", [script, String(N), String(N), String(D), String(PERMUTATIONS), String(RUNS)], {
      input,
      encoding: "utf8",
    });
    if (python.status !== 0) throw new Error(`mmd_numpy.py failed: ${python.stderr}`);
    numpy = JSON.parse(python.stdout) as typeof numpy;
    numpyTimes.push(...numpy.times);
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      result = mmd(reference, current, { permutations: PERMUTATIONS, seed: run });
      ourTimes.push(performance.now() - start);
    }
  }
  const ours = Math.min(...ourTimes);
  const theirs = Math.min(...numpyTimes);
  const agree =
    Math.abs(result.statistic - numpy.statistic) <= 1e-9 * Math.abs(numpy.statistic) &&
    Math.abs(result.sigma[0] - numpy.sigma) <= 1e-9 * numpy.sigma;
  recordFigure({
    figure: `mmd, ${N} + ${N} rows × ${D} dims, ${PERMUTATIONS} permutations (best of ${ROUNDS}×${RUNS} alternating runs)`,
    ours: `${ours.toFixed(0)} ms (median ${median(ourTimes).toFixed(0)})`,
    baseline: `vectorised numpy ${theirs.toFixed(0)} ms (median ${median(numpyTimes).toFixed(0)})`,
    ratio: ours / theirs,
    measured: ours / theirs,
    target: { atMost: 1.0 },
    warning: agree
      ? undefined
      : `results differ: statistic ${result.statistic} vs ${numpy.statistic}, sigma ${result.sigma[0]} vs ${numpy.sigma}`,
  });
}

sideBySide("mmd side by side with numpy", compare);
