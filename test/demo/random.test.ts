import { describe, expect, it } from "vitest";
import { seededRandom } from "../../server/demo/random.ts";

const draws = (seed: number, n: number, kind: "next" | "normal") => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => random[kind]());
};

describe("the demo's seeded random numbers", () => {
  it("repeat for a seed and differ across seeds", () => {
    expect(draws(42, 100, "next")).toEqual(draws(42, 100, "next"));
    expect(draws(43, 100, "next")).not.toEqual(draws(42, 100, "next"));
  });

  it("match mulberry32's published sequence", () => {
    // The reference implementation (the gist in random.ts), run in Node 20 for seed 0.
    expect(draws(0, 3, "next")).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
  });

  it("are uniform on [0, 1), and normal deviates have mean 0 and variance 1", () => {
    const uniform = draws(7, 100_000, "next");
    expect(uniform.every((u) => u >= 0 && u < 1)).toBe(true);
    const mean = uniform.reduce((a, b) => a + b) / uniform.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    const normal = draws(7, 100_000, "normal");
    const m = normal.reduce((a, b) => a + b) / normal.length;
    const v = normal.reduce((a, b) => a + (b - m) ** 2, 0) / normal.length;
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(Math.abs(v - 1)).toBeLessThan(0.02);
  });
});
