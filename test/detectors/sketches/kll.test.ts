import { describe, expect, it } from "vitest";
import { KllSketch, KLL_DEFAULT_K } from "../../../detectors/index.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { exactRanks, numericStreams, randomCuts } from "./streams.ts";

const N = 1_000_000;
const BOUND = 2.296 / KLL_DEFAULT_K ** 0.9723;
const STATED = `${(BOUND * 100).toFixed(2)}% (2.296 / k^0.9723, k = ${KLL_DEFAULT_K})`;
const streams = numericStreams(N);

function sketchOf(values: Float64Array, from = 0, to = values.length): KllSketch {
  const sketch = new KllSketch();
  for (let i = from; i < to; i++) sketch.update(values[i]);
  return sketch;
}

/**
 * The largest rank error over q = 0.001…0.999 (the distance from q to the true rank interval
 * [#below, #at most]/n of the returned value, so ties count as exact) and over the cdf at 2,000
 * points (every 500th order statistic and the midpoints between them).
 */
function worstRankError(sketch: KllSketch, values: Float64Array): { quantile: number; cdf: number } {
  const ranks = exactRanks(values);
  const n = values.length;
  let quantile = 0;
  for (let i = 1; i < 1000; i++) {
    const q = i / 1000;
    const v = sketch.quantile(q);
    const [low, high] = [ranks.below(v) / n, ranks.atMost(v) / n];
    quantile = Math.max(quantile, q < low ? low - q : q > high ? q - high : 0);
  }
  const sorted = values.slice().sort();
  let cdf = 0;
  for (let i = 0; i < n; i += 500) {
    for (const x of [sorted[i], (sorted[i] + sorted[Math.min(n - 1, i + 250)]) / 2]) {
      cdf = Math.max(cdf, Math.abs(sketch.cdf(x) - ranks.atMost(x) / n));
    }
  }
  return { quantile, cdf };
}

describe("KllSketch on 1e6 values", () => {
  for (const [name, values] of Object.entries(streams)) {
    it(`${name}: every quantile q = 0.001…0.999 and the cdf are within the rank bound ${STATED}; n, min, max exact`, () => {
      const sketch = sketchOf(values);
      expect(sketch.rankErrorBound()).toBeCloseTo(BOUND, 15);
      const worst = worstRankError(sketch, values);
      expect(worst.quantile).toBeLessThanOrEqual(BOUND);
      expect(worst.cdf).toBeLessThanOrEqual(BOUND);
      expect(sketch.n).toBe(N);
      const sorted = values.slice().sort();
      expect([sketch.min, sketch.max]).toEqual([sorted[0], sorted[N - 1]]);
      expect([sketch.quantile(0), sketch.quantile(1)]).toEqual([sorted[0], sorted[N - 1]]);
      expect([sketch.cdf(sorted[0] - 1), sketch.cdf(sorted[N - 1])]).toEqual([0, 1]);
      // A 1e6-value sketch keeps under 3k items, and encodes to 8 bytes each and a small header.
      expect(sketch.retainedItems).toBeLessThan(3 * KLL_DEFAULT_K);
      expect(sketch.encode().length).toBeLessThan(8 * sketch.retainedItems + 100);
    });
  }

  for (const name of ["normal", "lognormal with outliers", "integers with many ties", "sorted"]) {
    it(`${name}: merging random splits into 2–1000 buckets stays within the rank bound ${STATED}`, () => {
      const values = streams[name];
      const rng = seededRng(name.length);
      for (const pieces of [2, 10, 100, 1000]) {
        const cuts = randomCuts(rng, N, pieces);
        const parts = cuts.slice(1).map((end, i) => sketchOf(values, cuts[i], end));
        // Fold in a random order, as buckets decoded from a store might be.
        const merged = new KllSketch();
        for (const part of rng.shuffle(parts)) merged.merge(part);
        expect(merged.n).toBe(N);
        const worst = worstRankError(merged, values);
        expect(worst.quantile, `${pieces} pieces`).toBeLessThanOrEqual(BOUND);
        expect(worst.cdf, `${pieces} pieces`).toBeLessThanOrEqual(BOUND);
        const sorted = values.slice().sort();
        expect([merged.min, merged.max]).toEqual([sorted[0], sorted[N - 1]]);
      }
    });
  }
});

describe("KllSketch on inputs hard for its compaction sort", () => {
  // Runs that rise and fall, or repeat, drive a median-of-three quicksort past its depth limit in
  // most level-0 compactions (the sort then hands the range to the built-in one).
  const hard: Record<string, Float64Array> = {
    "organ pipes of 800": Float64Array.from({ length: N }, (_, i) => Math.min(i % 800, 800 - (i % 800)) + i / N),
    "sawtooth of 64": Float64Array.from({ length: N }, (_, i) => i % 64),
  };
  for (const [name, values] of Object.entries(hard)) {
    it(`${name}: every quantile and the cdf are within the rank bound, whole and bulk-updated`, () => {
      const bulk = new KllSketch();
      bulk.updateAll(values);
      expect(bulk.encode()).toEqual(sketchOf(values).encode());
      const worst = worstRankError(bulk, values);
      expect(worst.quantile).toBeLessThanOrEqual(BOUND);
      expect(worst.cdf).toBeLessThanOrEqual(BOUND);
    });
  }
});

describe("KllSketch basics", () => {
  it("is exact, with bound 0, until its first compaction", () => {
    const sketch = new KllSketch();
    const values = [5, 1, 4, 1, 3];
    for (const value of values) sketch.update(value);
    expect(sketch.rankErrorBound()).toBe(0);
    expect(sketch.sortedView()).toEqual({
      values: Float64Array.from([1, 1, 3, 4, 5]),
      weights: Float64Array.from([1, 1, 1, 1, 1]),
    });
    expect([0.2, 0.4, 0.41, 0.6, 0.8, 0.81].map((q) => sketch.quantile(q))).toEqual([1, 1, 3, 3, 4, 5]);
    expect([0.5, 1, 2, 4.5, 5].map((x) => sketch.cdf(x))).toEqual([0, 0.4, 0.4, 0.8, 1]);
  });

  it("an empty sketch answers NaN and merges as nothing", () => {
    const sketch = new KllSketch();
    expect([sketch.quantile(0.5), sketch.cdf(0)]).toEqual([NaN, NaN]);
    const other = sketchOf(streams.uniform, 0, 1000);
    sketch.merge(new KllSketch());
    other.merge(sketch);
    expect(other.n).toBe(1000);
  });

  it("weights always sum to n, and the sorted view ascends", () => {
    const sketch = sketchOf(streams.normal, 0, 123_457);
    const { values, weights } = sketch.sortedView();
    expect(weights.reduce((a, b) => a + b, 0)).toBe(123_457);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  });

  it("encode/decode round-trips exactly, and a decoded sketch continues the same coin sequence", () => {
    const values = streams["lognormal with outliers"];
    const whole = new KllSketch();
    let stored = new KllSketch().encode();
    for (let batch = 0; batch < 200; batch++) {
      // What the store does per ingest batch: decode, update, encode.
      const sketch = KllSketch.decode(stored);
      for (let i = batch * 500; i < (batch + 1) * 500; i++) {
        sketch.update(values[i]);
        whole.update(values[i]);
      }
      stored = sketch.encode();
    }
    expect(stored).toEqual(whole.encode());
    const decoded = KllSketch.decode(stored);
    expect(decoded.sortedView()).toEqual(whole.sortedView());
    expect([decoded.n, decoded.min, decoded.max, decoded.k]).toEqual([whole.n, whole.min, whole.max, whole.k]);
    expect(decoded.encode()).toEqual(stored);
  });

  it("updateAll gives what update one value at a time gives, byte for byte, from empty or stored sketches", () => {
    const values = streams["lognormal with outliers"];
    const oneByOne = new KllSketch();
    let stored = new KllSketch().encode();
    // Runs of every size around the compaction points, as ingest batches of any size would be.
    for (let start = 0, run = 1; start < 300_000; start += run, run = (run * 7 + 3) % 20_011) {
      const sketch = KllSketch.decode(stored);
      sketch.updateAll(values.subarray(start, start + run));
      for (let i = start; i < Math.min(start + run, values.length); i++) oneByOne.update(values[i]);
      stored = sketch.encode();
      expect(stored, `after ${start + run} values`).toEqual(oneByOne.encode());
    }
  });

  it("updateAll takes the values before a non-finite one, then throws naming it", () => {
    const sketch = new KllSketch();
    expect(() => sketch.updateAll([1, 2, NaN, 3])).toThrow(
      "KllSketch.updateAll: values must be finite numbers, got NaN at index 2",
    );
    const expected = new KllSketch();
    expected.update(1);
    expected.update(2);
    expect(sketch.encode()).toEqual(expected.encode());
  });

  it("uses the injected random source for its coin", () => {
    const low = new KllSketch(8, () => 0);
    const high = new KllSketch(8, () => 0.99);
    for (let i = 0; i < 1000; i++) {
      low.update(i);
      high.update(i);
    }
    // Keeping even positions always keeps the smaller of each pair, odd positions the larger.
    expect(low.quantile(0.5)).toBeLessThan(high.quantile(0.5));
  });

  it("merges sketches of different k at the smaller k, and a sketch with itself", () => {
    const big = sketchOf(streams.uniform, 0, 50_000);
    const small = new KllSketch(64);
    for (let i = 50_000; i < 100_000; i++) small.update(streams.uniform[i]);
    big.merge(small);
    expect([big.k, big.n]).toEqual([64, 100_000]);
    expect(Math.abs(big.cdf(0.5) - 0.5)).toBeLessThan(big.rankErrorBound() + 0.01);
    big.merge(big);
    expect(big.n).toBe(200_000);
  });

  it("refuses bad input with errors naming the cause", () => {
    expect(() => new KllSketch(4)).toThrow("KllSketch: k must be an integer in [8, 65535], got 4");
    expect(() => new KllSketch().update(NaN)).toThrow("KllSketch.update: values must be finite numbers, got NaN");
    expect(() => new KllSketch().update(Infinity)).toThrow("finite numbers, got Infinity");
    expect(() => new KllSketch().quantile(1.5)).toThrow("KllSketch.quantile: q must be in [0, 1], got 1.5");
    const bytes = sketchOf(streams.normal, 0, 5000).encode();
    expect(() => KllSketch.decode(bytes.subarray(0, bytes.length - 3))).toThrow("KllSketch.decode: truncated input");
    expect(() => KllSketch.decode(new Uint8Array([0x46, 1]))).toThrow("KllSketch.decode: not an encoded KllSketch");
    const corrupt = bytes.slice();
    corrupt[7] ^= 0xff; // n's low bytes: the level weights no longer sum to it
    expect(() => KllSketch.decode(corrupt)).toThrow("level weights sum to");
  });
});
