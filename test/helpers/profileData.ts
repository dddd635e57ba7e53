/**
 * Seeded rows for the profile tests: numeric columns drawn normal, lognormal with outliers and
 * as integers, categorical columns of 5 and 5,000 values, a boolean, a column mostly missing, and
 * a classifier's prediction and score, at times spread over `hours` from `from`.
 */
import type { PredictionInput } from "../../server/ingest/types.ts";

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export const NUMERIC_COLUMNS = ["normal", "lognormal", "integer", "sparse", "prediction", "score"];

export function profileRows(
  random: () => number,
  count: number,
  { from, hours, idPrefix, regions = 5 }: { from: number; hours: number; idPrefix: string; regions?: number },
): PredictionInput[] {
  return Array.from({ length: count }, (_, i) => {
    const score = random();
    const outlier = random() < 0.01;
    return {
      row: i + 1,
      id: `${idPrefix}-${i}`,
      ts: from + Math.floor(random() * hours * 3_600_000),
      features: {
        normal: 50 + 10 * normal(random),
        lognormal: outlier ? 1e6 * (1 + random()) : Math.exp(normal(random)),
        integer: Math.floor(random() * 100),
        sparse: random() < 0.3 ? 1 - 2 * random() : null,
        five: `v${Math.floor(random() * 5)}`,
        many: `w${Math.floor(random() * 5000)}`,
        flag: random() < 0.4,
        region: random() < 0.05 ? null : `r${Math.floor(random() * regions)}`,
      },
      prediction: score >= 0.5 ? 1 : 0,
      score,
    };
  });
}
