// Online FET (detectors/online/fet.ts): the no-change run length against ert over fresh references,
// the detection delay after a rise in the rate of ones, booleans, and state round trips.
import { describe, expect, it } from "vitest";
import { online } from "../../../detectors/index.ts";
import { seededRng } from "../../../detectors/random/rng.ts";

describe("online.fet", () => {
  it("runs ert steps on average without change (fresh reference per trial)", () => {
    const ert = 50;
    const windowSizes = [10, 20];
    const trials = 300;
    const rng = seededRng(21);
    const runs: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const reference = Array.from({ length: 200 }, () => (rng.next() < 0.3 ? 1 : 0));
      const detector = online.fet(reference, { ert, windowSizes, nBootstraps: 1000, seed: trial });
      let time = 0;
      while (!detector.update(rng.next() < 0.3 ? 1 : 0).drift) time++;
      runs.push(time + 1 - (Math.min(...windowSizes) - 1));
    }
    const mean = runs.reduce((a, b) => a + b, 0) / trials;
    // Geometric run lengths (sd ≈ ert): the 99% interval of the mean is ert ± 2.576·ert/√trials = ±7.4,
    // widened to ±10 for the thresholds' simulation error (nBootstraps = 1000 per trial).
    console.log(`online.fet: average run length ${mean.toFixed(1)} over ${trials} trials (ert ${ert})`);
    expect(Math.abs(mean - ert)).toBeLessThan(10);
  }, 120_000);

  it("detects a rise in the rate of ones (0.3 → 0.6) within a bounded median delay", () => {
    const rng = seededRng(4);
    const delays: number[] = [];
    for (let trial = 0; trial < 30; trial++) {
      const reference = Array.from({ length: 200 }, () => [rng.next() < 0.3, rng.next() < 0.5]);
      const detector = online.fet(reference, { ert: 100, windowSizes: [10, 20], nBootstraps: 2000, seed: trial });
      let delay = 0;
      while (!detector.update([Number(rng.next() < 0.6), Number(rng.next() < 0.5)]).drift && delay < 1000) delay++;
      delays.push(delay + 1);
    }
    delays.sort((a, b) => a - b);
    const median = delays[delays.length >> 1];
    console.log(`online.fet: median detection delay after a rate 0.3 → 0.6 ${median} (ert 100, windows 10 and 20)`);
    expect(median).toBeLessThan(40);
  }, 120_000);

  it("continues exactly after state() → restore(), and rejects non-binary values", () => {
    const rng = seededRng(9);
    const reference = Array.from({ length: 100 }, () => ({ a: rng.next() < 0.4, b: rng.next() < 0.2 ? 1 : 0 }));
    const detector = online.fet(reference, { ert: 30, windowSizes: [5, 10], nBootstraps: 600, alternative: "less" });
    const stream = Array.from({ length: 60 }, (_, i) => ({
      a: Number(rng.next() < (i > 25 ? 0.05 : 0.4)),
      b: Number(rng.next() < 0.2),
    }));
    for (const x of stream.slice(0, 18)) detector.update(x);
    const restored = online.restore(JSON.parse(JSON.stringify(detector.state())));
    for (const x of stream.slice(18)) expect(restored.update(x)).toEqual(detector.update(x));
    expect(() => detector.update({ a: 2, b: 0 })).toThrow(/not 0\/1/);
    expect(() => online.fet([0, 0, 0], { ert: 30, windowSizes: [5] })).toThrow(/all 0s/);
    expect(() => online.fet([0, 1, 0.5], { ert: 30, windowSizes: [5] })).toThrow(/0\/1 or booleans/);
  });
});
