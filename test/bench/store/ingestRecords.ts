/**
 * The rows the store ingest benches log (ingest.bench.ts, postgresIngest.bench.ts,
 * profiles.bench.ts): 10k-row batches with 20 features (10 numeric, 10 categorical), a score and
 * a prediction, the same each run; and how those benches send them and take turns.
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

/** POSTs one NDJSON body to a real server's ingest route; throws unless it answers 201. */
export async function postBatch(serverUrl: string, body: string): Promise<void> {
  const response = await fetch(`${serverUrl}/api/v1/models/m/predictions`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body,
  });
  if (response.status !== 201) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
}

/** One side's time over the timed batches: wall milliseconds, and CPU milliseconds of every thread of this process. */
export interface Turns {
  ms: number;
  cpuMs: number;
}

/**
 * Writes batch 0 (untimed: every side is measured with its code compiled, as a running server's
 * is) then batches 1…`batches` through every side, taking turns batch by batch so a neighbour's
 * load on the shared machine falls on all of them; returns each side's times. The CPU time is
 * the process's (`process.cpuUsage`, all threads): a server side's parser and writer threads
 * count too, so it tells how much of the machine's cores a side needs.
 */
export async function takeTurns(batches: number, sides: ((batch: number) => unknown)[]): Promise<Turns[]> {
  const turns = sides.map(() => ({ ms: 0, cpuMs: 0 }));
  for (let b = 0; b <= batches; b++) {
    for (const [i, side] of sides.entries()) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      await side(b);
      if (b === 0) continue;
      const used = process.cpuUsage(cpu);
      turns[i]!.ms += performance.now() - start;
      turns[i]!.cpuMs += (used.user + used.system) / 1000;
    }
  }
  return turns;
}
