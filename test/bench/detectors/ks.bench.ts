import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bench, describe } from "vitest";
import { seededRng } from "../../../detectors/random/rng.ts";
import { ks } from "../../../detectors/univariate/ks.ts";

// The case measured: ks on 1e6 vs 1e6 points against scipy.stats.ks_2samp on the same data, run in
// the same process tree (ks_scipy.py), median of RUNS timed runs after one warm-up on each side.
// Target: ratio ≤ 1.0.
const N = 1_000_000;
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function compare(): void {
  const rng = seededRng(7);
  const reference = Float64Array.from({ length: N }, () => rng.normal());
  const current = Float64Array.from({ length: N }, () => rng.normal() + 0.005);
  const input = Buffer.concat([Buffer.from(reference.buffer), Buffer.from(current.buffer)]);
  const script = fileURLToPath(new URL("./ks_scipy.py", import.meta.url));
  const python = spawnSync("python3", [script, String(N), String(N), String(RUNS)], {
    input,
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (python.status !== 0) throw new Error(`ks_scipy.py failed: ${python.stderr}`);
  const scipy = JSON.parse(python.stdout) as { ms: number; statistic: number; pValue: number };

  let result = ks(reference, current);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    result = ks(reference, current);
    times.push(performance.now() - start);
  }
  const ours = median(times);
  const agree =
    result.statistic === scipy.statistic && Math.abs(result.pValue! - scipy.pValue) <= 1e-6 * scipy.pValue + 1e-12;
  console.log(
    `ks (n=${N}+${N}, two-sided, auto → asymptotic kstwo): ours ${ours.toFixed(0)} ms, scipy ${scipy.ms.toFixed(0)} ms, ratio ${(ours / scipy.ms).toFixed(2)}` +
      (agree ? "" : ` — MISMATCH: D ${result.statistic} vs ${scipy.statistic}, p ${result.pValue} vs ${scipy.pValue}`),
  );
}

describe("detectors/ks vs scipy", () => {
  // One iteration: the callback runs both sides itself and prints the side-by-side ratio.
  bench("ks side by side with scipy.stats.ks_2samp", compare, {
    iterations: 1,
    time: 0,
    warmupIterations: 0,
    warmupTime: 0,
  });
});
