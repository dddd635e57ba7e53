import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";
import { seededRng, type Rng } from "../../../detectors/random/rng.ts";
import { ks } from "../../../detectors/univariate/ks.ts";
import { sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";

// The cases measured: ks on 1e6 vs 1e6 points against scipy.stats.ks_2samp on the same data, run in
// the same process tree (ks_scipy.py), median of RUNS timed runs after one warm-up on each side.
// "normals" is the README's case; "uniform sums" is issue 16's sort-dominated one (sum of three
// uniforms, the current shifted by 0.002, method "asymp"), where scipy's p-value is cheap and the two
// sorts are most of the time. Its seed gives D = 0.0021, p = 0.025: scipy's kstwo.sf at n = 5e5 takes
// ≈ 0.6 s below p ≈ 0.02 (seeds 1, 6 and 7 land there) and ≈ 0.2 ms above. Target: ratio ≤ 1.0 on both.
const N = 1_000_000;
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function compare(
  label: string,
  seed: number,
  draw: (rng: Rng, shift: number) => number,
  shift: number,
  mode: "auto" | "asymp",
): void {
  const rng = seededRng(seed);
  const reference = Float64Array.from({ length: N }, () => draw(rng, 0));
  const current = Float64Array.from({ length: N }, () => draw(rng, shift));
  const input = Buffer.concat([Buffer.from(reference.buffer), Buffer.from(current.buffer)]);
  const script = fileURLToPath(new URL("./ks_scipy.py", import.meta.url));
  const python = spawnSync("python3", [script, String(N), String(N), String(RUNS), mode], {
    input,
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (python.status !== 0) throw new Error(`ks_scipy.py failed: ${python.stderr}`);
  const scipy = JSON.parse(python.stdout) as { ms: number; statistic: number; pValue: number };

  let result = ks(reference, current, { mode });
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    result = ks(reference, current, { mode });
    times.push(performance.now() - start);
  }
  const ours = median(times);
  const agree =
    result.statistic === scipy.statistic && Math.abs(result.pValue! - scipy.pValue) <= 1e-6 * scipy.pValue + 1e-12;
  recordFigure({
    figure: `ks ${label}, ${N.toExponential(0)} vs ${N.toExponential(0)} values (${mode})`,
    ours: `${ours.toFixed(0)} ms`,
    baseline: `scipy ks_2samp ${scipy.ms.toFixed(0)} ms`,
    ratio: ours / scipy.ms,
    measured: ours / scipy.ms,
    target: { atMost: 1.0 },
    warning: agree
      ? undefined
      : `results differ: D ${result.statistic} vs ${scipy.statistic}, p ${result.pValue} vs ${scipy.pValue}`,
  });
}

describe("detectors/ks vs scipy", () => {
  sideBySide("ks side by side with scipy.stats.ks_2samp (normals)", () =>
    compare("normals", 7, (rng, shift) => rng.normal() + shift, 0.005, "auto"),
  );
  sideBySide("ks side by side with scipy.stats.ks_2samp (uniform sums, sort-dominated)", () =>
    compare("uniform sums", 4, (rng, shift) => rng.next() + rng.next() + rng.next() + shift, 0.002, "asymp"),
  );
});
