/**
 * The demo's seeded random numbers: mulberry32 (Tommy Ettinger, 2017, public domain;
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c) with Box–Muller normals.
 * Demo rows only need to look random and be the same for the same seed on every machine, which a
 * 32-bit state gives; the statistics library keeps its own generator private (detectors/random/).
 */

export interface DemoRandom {
  /** A float in [0, 1). */
  next(): number;
  /** A standard normal deviate. */
  normal(): number;
}

export function seededRandom(seed: number): DemoRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return { next, normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()) };
}
