/**
 * The rows the store ingest benches log (ingest.bench.ts, profiles.bench.ts): 10k-row batches
 * with 20 features (10 numeric, 10 categorical), a score and a prediction, the same each run.
 */
export const BATCH = 10_000;
export const FEATURES = Array.from({ length: 20 }, (_, i) => `f${i}`);

/** Batch `batch`'s rows: ids and times follow on from the batch before. */
export function records(batch: number) {
  return Array.from({ length: BATCH }, (_, i) => {
    const n = batch * BATCH + i;
    const features: Record<string, number | string> = {};
    FEATURES.forEach((name, j) => (features[name] = j < 10 ? ((n * (j + 1)) % 997) / 7 : `c${(n + j) % 13}`));
    return { id: `r${n}`, ts: 1_700_000_000_000 + n, features, prediction: n % 2, score: (n % 100) / 100 };
  });
}

/** Rows as the NDJSON body a client would POST. */
export function ndjson(rows: ReturnType<typeof records>): string {
  return rows.map((row) => JSON.stringify(row)).join("\n");
}
