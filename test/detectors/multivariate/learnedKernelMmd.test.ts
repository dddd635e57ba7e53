import { describe, expect, it } from "vitest";
import { type Rng, seededRng } from "../../../detectors/random/rng.ts";
import { learnedKernelMmd } from "../../../detectors/multivariate/learnedKernelMmd.ts";
import { mmd } from "../../../detectors/multivariate/mmd.ts";
import { expectCalibrated, flaggedShare, normalRows } from "./multivariateCases.ts";

/** n rows of 20 independent Gaussians: the first N(shift, 1), the other 19 N(0, nuisanceScale²). */
function gaussianVectors(rng: Rng, n: number, nuisanceScale: number, shift: number): Float64Array[] {
  return Array.from({ length: n }, () =>
    Float64Array.from({ length: 20 }, (_, k) => (k === 0 ? rng.normal() + shift : nuisanceScale * rng.normal())),
  );
}

/** Powers of learnedKernelMmd and of mmd (median heuristic) over seeded trials of 500 rows a side. */
function powers(trials: number, nuisanceScale: number): { learned: number; median: number } {
  let learned = 0;
  let median = 0;
  for (let trial = 0; trial < trials; trial++) {
    const rng = seededRng(2100 + trial);
    const reference = gaussianVectors(rng, 500, nuisanceScale, 0);
    const current = gaussianVectors(rng, 500, nuisanceScale, 0.5);
    if (learnedKernelMmd(reference, current, { epochs: 10, seed: trial }).drift) learned++;
    if (mmd(reference, current, { seed: trial }).drift) median++;
  }
  console.log(
    `20-d Gaussians, first dimension shifted by 0.5σ, others at scale ${nuisanceScale}, n = 500 a side, ${trials} trials: ` +
      `power of learnedKernelMmd ${learned / trials}, of mmd with the median heuristic ${median / trials}`,
  );
  return { learned: learned / trials, median: median / trials };
}

describe("learnedKernelMmd calibration and power", () => {
  it("keeps its false-positive rate under no change", () => {
    // 400 seeded trials of 80 rows a side in 5 dimensions, each on a fresh sample: the binomial 99%
    // interval around 5% (printed with the share) is 2.5–8.0%.
    const trials = 400;
    const share = flaggedShare(trials, (trial) => {
      const rng = seededRng(7000 + trial);
      return learnedKernelMmd(normalRows(rng, 80, 5), normalRows(rng, 80, 5), { epochs: 5, seed: trial });
    });
    expectCalibrated("learnedKernelMmd", share, trials);
  });

  it("learns a short lengthscale on the shifted dimension and beats the median heuristic when other dimensions are wider", () => {
    // The median heuristic's bandwidth follows the 19 unchanged dimensions at scale 3, so a 0.5σ shift
    // of the unit-scale first one is diluted; the learned kernel (tested on a quarter of the rows) is not.
    const { learned, median } = powers(20, 3);
    expect(learned).toBeGreaterThanOrEqual(0.85);
    expect(learned - median).toBeGreaterThanOrEqual(0.3);
    const { kernel } = learnedKernelMmd(
      ...(() => {
        const rng = seededRng(2100);
        return [gaussianVectors(rng, 500, 3, 0), gaussianVectors(rng, 500, 3, 0.5)] as const;
      })(),
      { epochs: 10 },
    );
    const others = kernel.lengthscales.slice(1);
    expect(kernel.lengthscales[0]).toBeLessThan(Math.min(...others));
  });

  it("detects the shift of one standard-normal dimension among 20 (both tests nearly always do at n = 500)", () => {
    // With all 20 dimensions at unit scale the median heuristic already detects a 0.5σ shift in every
    // trial (power 1.0); the learned kernel, tested on a quarter of the rows, cannot exceed that.
    const { learned, median } = powers(10, 1);
    expect(median).toBe(1);
    expect(learned).toBeGreaterThanOrEqual(0.8);
  });
});

describe("learnedKernelMmd inputs and result", () => {
  const rng = seededRng(3);
  const reference = normalRows(rng, 40, 3);
  const current = normalRows(rng, 40, 3, 2);

  it("gives the same result for number[][], typed-array vectors and object rows", () => {
    const arrays = learnedKernelMmd(reference, current, { epochs: 3, seed: 1 });
    const typed = learnedKernelMmd(
      reference.map((r) => Float64Array.from(r)),
      current.map((r) => Float64Array.from(r)),
      { epochs: 3, seed: 1 },
    );
    const toObjects = (rows: number[][]) => rows.map(([a, b, c]) => ({ a, b, c }));
    const objects = learnedKernelMmd(toObjects(reference), toObjects(current), { epochs: 3, seed: 1 });
    expect(typed).toEqual(arrays);
    expect(objects).toEqual(arrays);
    expect(arrays.method).toBe("learnedKernelMmd");
    expect(arrays.kernel.lengthscales).toHaveLength(3);
    expect(arrays.split).toEqual({ train: { reference: 30, current: 30 }, test: { reference: 10, current: 10 } });
    expect(arrays.drift).toBe(true);
    expect(arrays.pValue).toBeLessThan(0.05);
    expect(arrays.threshold).toBe(0.05);
  });

  it("accepts Float32Array vectors and counts dropped rows", () => {
    const withGap = [...reference.map((r) => Float32Array.from(r)), Float32Array.of(NaN, 0, 0)];
    const result = learnedKernelMmd(
      withGap,
      current.map((r) => Float32Array.from(r)),
      { epochs: 2 },
    );
    expect(result.dropped).toEqual({ reference: 1, current: 0 });
  });

  it("repeats exactly for a seed", () => {
    expect(learnedKernelMmd(reference, current, { epochs: 2, seed: 4 })).toEqual(
      learnedKernelMmd(reference, current, { epochs: 2, seed: 4 }),
    );
  });

  it("names bad options and too few rows", () => {
    expect(() => learnedKernelMmd(reference, current, { trainSize: 1 })).toThrow(/trainSize must be between 0 and 1/);
    expect(() => learnedKernelMmd(reference, current, { epochs: 0 })).toThrow(/epochs must be an integer/);
    expect(() => learnedKernelMmd(reference, current, { learningRate: -1 })).toThrow(/learningRate must be a positive/);
    expect(() => learnedKernelMmd(reference.slice(0, 4), current)).toThrow(/reference has 4 complete rows/);
  });
});
