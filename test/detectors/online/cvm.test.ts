// Online CVM (detectors/online/cvm.ts): the statistic against its definition, the no-change run
// length against ert over fresh references, the detection delay after a 1σ shift, and state round trips.
import { describe, expect, it } from "vitest";
import { online } from "../../../detectors/index.ts";
import { cvmReference, cvmStatistic } from "../../../detectors/online/cvmStatistic.ts";
import { seededRng } from "../../../detectors/random/rng.ts";

/** Σ over the pooled sample of (F − G)², F and G the two ECDFs, standardised as Anderson (1962). */
function bruteForce(reference: number[], window: number[]): number {
  const n = reference.length;
  const w = window.length;
  const ecdf = (sample: number[], z: number) => sample.filter((v) => v <= z).length / sample.length;
  let sum = 0;
  for (const z of [...reference, ...window]) sum += (ecdf(reference, z) - ecdf(window, z)) ** 2;
  const mean = 1 / 6 + 1 / (6 * (n + w));
  const variance =
    ((n + w + 1) * (4 * n * w * (n + w) - 3 * (n * n + w * w) - 2 * n * w)) / (45 * (n + w) ** 2 * 4 * n * w);
  return ((sum * n * w) / (n + w) ** 2 - mean) / Math.sqrt(variance);
}

describe("online.cvm", () => {
  it("computes the standardised CVM statistic of its definition, ties included", () => {
    const rng = seededRng(3);
    for (const ties of [false, true]) {
      const draw = () => (ties ? rng.int(6) : rng.normal());
      const reference = Array.from({ length: 57 }, draw);
      const window = Array.from({ length: 13 }, draw);
      expect(cvmStatistic(cvmReference(reference), Float64Array.from(window))).toBeCloseTo(
        bruteForce(reference, window),
        10,
      );
    }
  });

  it("runs ert steps on average without change (fresh reference per trial)", () => {
    const ert = 50;
    const windowSizes = [5, 10];
    const trials = 1000;
    const rng = seededRng(11);
    const runs: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const reference = Array.from({ length: 100 }, () => rng.normal());
      const detector = online.cvm(reference, { ert, windowSizes, nBootstraps: 3000 });
      let time = 0;
      while (!detector.update(rng.normal()).drift) time++;
      // Alibi's ERT counts from t = min(windowSizes) − 1.
      runs.push(time + 1 - (Math.min(...windowSizes) - 1));
    }
    const mean = runs.reduce((a, b) => a + b, 0) / trials;
    // Run lengths are geometric with mean ert, sd ≈ ert: the 99% interval of the mean is ert ± 2.576·ert/√trials
    // (±4.1 here), widened by the thresholds' own simulation error (one seeded set, nBootstraps = 3000) to ±7.
    console.log(`online.cvm: average run length ${mean.toFixed(1)} over ${trials} trials (ert ${ert})`);
    expect(Math.abs(mean - ert)).toBeLessThan(7);
  }, 120_000);

  it("detects a 1σ shift in one feature within a bounded median delay", () => {
    const rng = seededRng(5);
    const delays: number[] = [];
    for (let trial = 0; trial < 30; trial++) {
      const reference = Array.from({ length: 200 }, () => [rng.normal(), rng.normal()]);
      const detector = online.cvm(reference, { ert: 100, windowSizes: [10, 20], nBootstraps: 2000 });
      let delay = 0;
      while (!detector.update([rng.normal(), rng.normal() + 1]).drift && delay < 1000) delay++;
      delays.push(delay + 1);
    }
    delays.sort((a, b) => a - b);
    const median = delays[delays.length >> 1];
    console.log(`online.cvm: median detection delay after a 1σ shift ${median} (ert 100, windows 10 and 20)`);
    expect(median).toBeLessThan(30);
  }, 120_000);

  it("continues exactly after state() → restore(), and reset() starts over", () => {
    const rng = seededRng(8);
    const reference = Array.from({ length: 80 }, () => ({ a: rng.normal(), b: rng.normal() }));
    const detector = online.cvm(reference, { ert: 30, windowSizes: [4, 8], nBootstraps: 600 });
    const stream = Array.from({ length: 40 }, (_, i) => ({ a: rng.normal() + (i > 20 ? 1.5 : 0), b: rng.normal() }));
    for (const x of stream.slice(0, 15)) detector.update(x);
    const restored = online.restore(JSON.parse(JSON.stringify(detector.state())));
    for (const x of stream.slice(15)) expect(restored.update(x)).toEqual(detector.update(x));
    detector.reset();
    const first = detector.update(stream[0]);
    expect(first.time).toBe(1);
    expect(first.threshold).toBeNaN();
    expect(() => detector.update({ a: 1 } as never)).toThrow(/no field "b"/);
    expect(() => online.cvm(reference, { ert: 30, windowSizes: [0] })).toThrow(/windowSizes/);
  });
});
