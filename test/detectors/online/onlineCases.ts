/**
 * Shared checks of the online detectors: run lengths over seeded trials (each with a fresh
 * reference), their Monte-Carlo interval, and a restore that must continue exactly.
 */

import { expect } from "vitest";
import type { OnlineDetector } from "../../../detectors/online/index.ts";
import { type Rng, seededRng } from "../../../detectors/random/rng.ts";
import { normalRows } from "../multivariate/multivariateCases.ts";

/** A standard normal instance of `d` features, `shift` added to the first. */
export function normalInstance(rng: Rng, d: number, shift = 0): number[] {
  return normalRows(rng, 1, d, shift)[0];
}

/**
 * The time of the first detection of each trial: trial t draws a fresh reference from seed t,
 * builds its detector and feeds instances (first feature shifted by `shift`σ) until it fires,
 * at most `cap` of them (then the run counts as `cap`).
 */
export function runLengths(
  trials: number,
  d: number,
  shift: number,
  cap: number,
  build: (reference: number[][], seed: number) => OnlineDetector,
  referenceSize: number,
): number[] {
  return Array.from({ length: trials }, (_, trial) => {
    const rng = seededRng(1000 + trial);
    const detector = build(normalRows(rng, referenceSize, d), trial);
    for (let t = 1; t < cap; t++) if (detector.update(normalInstance(rng, d, shift)).drift) return t;
    return cap;
  });
}

/**
 * Asserts the mean run length is within z = 3 standard errors (the sample standard deviation over
 * √trials) of `ert`: the Monte-Carlo interval of a correctly calibrated detector's average run length.
 */
export function expectAverageRunLength(lengths: number[], ert: number, label: string): void {
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  const sd = Math.sqrt(lengths.reduce((a, b) => a + (b - mean) ** 2, 0) / (lengths.length - 1));
  const half = (3 * sd) / Math.sqrt(lengths.length);
  console.log(`${label}: average run length ${mean.toFixed(1)} (ert ${ert}, interval ±${half.toFixed(1)})`);
  expect(Math.abs(mean - ert)).toBeLessThan(half);
}

/** The median of `values`. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Feeds `detector` `before` instances, saves its state through JSON, and checks that the restored
 * detector and the original give identical results for the next `after` instances, and that both
 * reset to the same results.
 */
export function expectRestoreContinues(
  detector: OnlineDetector,
  restore: (state: ReturnType<OnlineDetector["state"]>) => OnlineDetector,
  d: number,
): void {
  const rng = seededRng(7);
  for (let t = 0; t < 25; t++) detector.update(normalInstance(rng, d, 0.5));
  const restored = restore(JSON.parse(JSON.stringify(detector.state())));
  expect(restored.kind).toBe(detector.kind);
  for (let t = 0; t < 30; t++) {
    const x = normalInstance(rng, d, 0.5);
    expect(restored.update(x)).toEqual(detector.update(x));
  }
  detector.reset();
  restored.reset();
  const x = normalInstance(rng, d);
  const first = detector.update(x);
  expect(first.time).toBe(1);
  expect(restored.update(x)).toEqual(first);
}
