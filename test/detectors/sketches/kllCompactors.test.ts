import { describe, expect, it } from "vitest";
import { KllCompactors } from "../../../detectors/sketches/kllCompactors.ts";
import { seededRng } from "../../../detectors/random/rng.ts";

/** Σ size_h · 2^h: the stream values the stack stands for. */
const weight = (stack: KllCompactors) => stack.sizes.reduce((sum, size, h) => sum + size * 2 ** h, 0);

/** Every level above 0 ascending, and the retained count their sizes. */
function expectWellFormed(stack: KllCompactors): void {
  for (let h = 1; h < stack.levels.length; h++) {
    const level = stack.levels[h].subarray(0, stack.sizes[h]);
    expect(Array.from(level), `level ${h}`).toEqual(Array.from(level).sort((a, b) => a - b));
  }
  expect(stack.retained).toBe(stack.sizes.reduce((a, b) => a + b, 0));
}

describe("KllCompactors", () => {
  it("compacts lazily: a stack of k = 256 takes 255 items before its first compaction, then stays under capacity", () => {
    const rng = seededRng(3);
    const stack = new KllCompactors(256);
    expect(stack.totalCapacity).toBe(256);
    for (let i = 0; i < 255; i++) stack.push(rng.next());
    expect([stack.levels.length, stack.retained]).toEqual([1, 255]);
    for (let i = 255; i < 100_000; i++) {
      stack.push(rng.next());
      expect(stack.full).toBe(false);
    }
    expect(weight(stack)).toBe(100_000);
    expect(stack.retained).toBeLessThan(3 * 256);
    expectWellFormed(stack);
  });

  it("merges level by level into the smaller k, keeping the weight of both", () => {
    const rng = seededRng(4);
    const a = new KllCompactors(256);
    const b = new KllCompactors(64);
    for (let i = 0; i < 30_000; i++) a.push(rng.normal());
    for (let i = 0; i < 7_000; i++) b.push(rng.normal());
    a.merge(b);
    expect([a.k, weight(a), a.full]).toEqual([64, 37_000, false]);
    expectWellFormed(a);
  });

  it("draws its coin from an injected source when given one", () => {
    const draws: number[] = [];
    const stack = new KllCompactors(8, () => (draws.push(0), 0.9));
    for (let i = 0; i < 100; i++) stack.push(i);
    expect(draws.length).toBeGreaterThan(0);
    // The seeded generator is not drawn from: its state is still the seed.
    expect(stack.coinState).toBe(0x2545f491);
  });
});
