/**
 * Seeded test streams for the sketch and profile tests: the distributions issue 18 names, Zipf
 * streams of categories, exact ranks over a sorted copy, and random splits into buckets.
 */
import { seededRng, type Rng } from "../../../detectors/random/rng.ts";

/** The numeric distributions the bounds are tested on, n values each. */
export function numericStreams(n: number, seed = 1): Record<string, Float64Array> {
  const rng = seededRng(seed);
  const of = (draw: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => draw(i));
  return {
    uniform: of(() => rng.next()),
    normal: of(() => 100 + 15 * rng.normal()),
    // exp(N(0, 1)) with 0.1% outliers up to 1e9
    "lognormal with outliers": of(() => (rng.next() < 0.001 ? 1e9 * rng.next() : Math.exp(rng.normal()))),
    "integers with many ties": of(() => rng.int(50)),
    sorted: of((i) => i / 7),
    "reverse sorted": of((i) => (n - i) / 7),
  };
}

/** Exact ranks: how many values are < x and ≤ x, over an ascending copy. */
export function exactRanks(values: Float64Array): { below(x: number): number; atMost(x: number): number } {
  const sorted = values.slice().sort();
  const search = (x: number, inclusive: boolean) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < x || (inclusive && sorted[mid] === x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return { below: (x) => search(x, false), atMost: (x) => search(x, true) };
}

/** `total` cut at `pieces − 1` distinct random points: contiguous buckets of random sizes. */
export function randomCuts(rng: Rng, total: number, pieces: number): number[] {
  const cuts = new Set<number>();
  while (cuts.size < pieces - 1) cuts.add(1 + rng.int(total - 1));
  return [0, ...[...cuts].sort((a, b) => a - b), total];
}

/** n draws of "v<rank>" with P(rank r) ∝ 1/r^s over `distinct` ranks, and the true counts. */
export function zipfStream(
  n: number,
  distinct: number,
  s: number,
  seed = 3,
): { items: string[]; truth: Map<string, number> } {
  const rng = seededRng(seed);
  const cumulative = new Float64Array(distinct);
  let total = 0;
  for (let r = 0; r < distinct; r++) cumulative[r] = total += 1 / (r + 1) ** s;
  const items: string[] = [];
  const truth = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const u = rng.next() * total;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    const item = `v${lo + 1}`;
    items.push(item);
    truth.set(item, (truth.get(item) ?? 0) + 1);
  }
  return { items, truth };
}
