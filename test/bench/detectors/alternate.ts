/**
 * Times a detector against a numpy baseline script side by side, for the kernel benches (mmd, lsdd):
 * the two sides alternate for `rounds` rounds of `runs` timed runs each (numpy: one process per round,
 * after a warm-up run; ours: after one warm-up call), so load from other processes hits both alike,
 * and each side's times are kept for the best and the median.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { seededRng } from "../../../detectors/random/rng.ts";

export interface Alternation<Result, Baseline> {
  /** Wall times of our timed runs, ms. */
  ours: number[];
  /** CPU time (user + system) of our timed runs, ms. */
  ourCpu: number[];
  /** Wall times the script reported, ms. */
  theirs: number[];
  /** Our last result and the script's last output, for the agreement check. */
  result: Result;
  baseline: Baseline & { times: number[] };
}

/**
 * Runs `<python> <script beside this file> ...args` with `input` on stdin once per round (it prints
 * JSON with `times`, the rest is the baseline's result), alternating with `runs` calls of `ours(run)`.
 */
export function alternate<Result, Baseline>(options: {
  script: string;
  args: (string | number)[];
  input: Buffer;
  rounds: number;
  runs: number;
  ours: (run: number) => Result;
  /** The interpreter: "python3" by default; Debian's /usr/bin/python3 for scikit-learn baselines. */
  python?: string;
}): Alternation<Result, Baseline> {
  const { script, args, input, rounds, runs, ours, python: interpreter = "python3" } = options;
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const times = { ours: [] as number[], ourCpu: [] as number[], theirs: [] as number[] };
  let result = ours(0);
  let baseline: (Baseline & { times: number[] }) | undefined;
  for (let round = 0; round < rounds; round++) {
    const python = spawnSync(interpreter, [path, ...args.map(String)], {
      input,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (python.status !== 0) throw new Error(`${script} failed: ${python.stderr}`);
    baseline = JSON.parse(python.stdout) as Baseline & { times: number[] };
    times.theirs.push(...baseline.times);
    for (let run = 0; run < runs; run++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      result = ours(run);
      times.ours.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      times.ourCpu.push((used.user + used.system) / 1000);
    }
  }
  if (baseline === undefined) throw new Error("alternate: rounds must be at least 1");
  return { ...times, result, baseline };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** `n` rows of `d` standard normal values plus `shift`, from the seeded generator. */
export function normalRows(rng: ReturnType<typeof seededRng>, n: number, d: number, shift: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal() + shift));
}

/** Reference then current rows as row-major float64 bytes, the scripts' stdin. */
export function rowBytes(reference: number[][], current: number[][]): Buffer {
  return Buffer.from(Float64Array.from([...reference, ...current].flat()).buffer);
}

/** |a − b| ≤ 1e-9·|b|: the agreement the benches ask of a statistic and its baseline. */
export function agrees(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.abs(b);
}
