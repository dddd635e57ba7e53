import { describe, expect, it } from "vitest";
import { FrequentItems } from "../../../detectors/index.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { randomCuts, zipfStream } from "./streams.ts";

const N = 200_000;
const CAPACITY = 100;
const { items, truth } = zipfStream(N, 20_000, 1.1);

/** Every item's true count lies in its [lower, upper], untracked items occur at most maxError(), which is ≤ n/(capacity+1). */
function expectWithinError(sketch: FrequentItems): void {
  const error = sketch.maxError();
  expect(error).toBeLessThanOrEqual(N / (CAPACITY + 1));
  const tracked = new Map(sketch.items().map((entry) => [entry.item, entry]));
  for (const [item, count] of truth) {
    const entry = tracked.get(item);
    if (entry) {
      expect(entry.lower, item).toBeLessThanOrEqual(count);
      expect(entry.upper, item).toBeGreaterThanOrEqual(count);
      expect(entry.upper - entry.lower).toBe(error);
    } else {
      expect(count, item).toBeLessThanOrEqual(error);
    }
  }
  // Anything occurring more than maxError() times is tracked: the heavy hitters are all there.
  const heavy = [...truth].filter(([, count]) => count > error).map(([item]) => item);
  expect(heavy.length).toBeGreaterThan(10);
  for (const item of heavy) expect(tracked.has(item), item).toBe(true);
}

describe("FrequentItems (mergeable Misra–Gries)", () => {
  it("counts a Zipf(1.1) stream of 20,000 values within maxError() ≤ n/(capacity+1) of the truth", () => {
    const sketch = new FrequentItems(CAPACITY);
    for (const item of items) sketch.update(item);
    expect(sketch.n).toBe(N);
    expect(sketch.maxError()).toBeGreaterThan(0);
    expectWithinError(sketch);
    const estimates = sketch.items().map((entry) => entry.lower);
    expect(estimates).toEqual([...estimates].sort((a, b) => b - a));
    expect(sketch.items().length).toBeLessThanOrEqual(2 * CAPACITY);
  });

  it("merged from random splits into 2–500 pieces, stays within its error bound", () => {
    const rng = seededRng(7);
    for (const pieces of [2, 50, 500]) {
      const cuts = randomCuts(rng, N, pieces);
      const merged = new FrequentItems(CAPACITY);
      for (let p = 0; p < pieces; p++) {
        const part = new FrequentItems(CAPACITY);
        for (let i = cuts[p]; i < cuts[p + 1]; i++) part.update(items[i]);
        merged.merge(part);
      }
      expect(merged.n).toBe(N);
      expectWithinError(merged);
      expect(merged.items().length).toBeLessThanOrEqual(CAPACITY);
    }
  });

  it("is exact while the distinct items fit, and weighted updates count as repeats", () => {
    const sketch = new FrequentItems(10);
    sketch.update("a", 5);
    sketch.update("b");
    sketch.update("a");
    expect(sketch.items()).toEqual([
      { item: "a", lower: 6, upper: 6 },
      { item: "b", lower: 1, upper: 1 },
    ]);
    expect(sketch.maxError()).toBe(0);
  });

  it("encode/decode round-trips exactly", () => {
    const sketch = new FrequentItems(CAPACITY);
    for (const item of items.slice(0, 50_000)) sketch.update(item);
    sketch.update("ünïcødé ✓", 3);
    const decoded = FrequentItems.decode(sketch.encode());
    expect(decoded.items()).toEqual(sketch.items());
    expect([decoded.n, decoded.maxError(), decoded.capacity]).toEqual([sketch.n, sketch.maxError(), CAPACITY]);
    expect(decoded.encode()).toEqual(sketch.encode());
  });

  it("refuses bad input with errors naming the cause", () => {
    expect(() => new FrequentItems(0)).toThrow("FrequentItems: capacity must be a positive integer, got 0");
    expect(() => new FrequentItems().update("a", -1)).toThrow(
      "FrequentItems.update: count must be a positive finite number, got -1",
    );
    expect(() => FrequentItems.decode(new Uint8Array([0x46, 1, 0]))).toThrow("FrequentItems.decode: truncated input");
    expect(() => FrequentItems.decode(new Uint8Array([0x4b, 1]))).toThrow(
      "FrequentItems.decode: not an encoded FrequentItems",
    );
  });
});
