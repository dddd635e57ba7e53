import { join } from "node:path";
import { describe } from "vitest";
import { parsePredictionColumns } from "../../../server/ingest/parseBatch.ts";
import { PredictionStore } from "../../../server/store/store.ts";
import { tempDir } from "../../helpers/workbooks.ts";
import { formatRate, sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";
import { BATCH, FEATURES, ndjson, records } from "./ingestRecords.ts";

// Issue 18: what keeping profiles at ingest costs. Two stores log the same batches (the ingest
// bench's, ingestRecords.ts), one keeping profiles (the default) and one not (profiles: false),
// each into a fresh database file, one transaction per batch, after three untimed warm-up batches
// each (the profile path calls its functions once per column per batch, so V8 needs a few batches
// to compile them fully, as a running server has). Batches are parsed beforehand, so only
// store.log is timed: typing, inserting and, on one side, profiling. Each side's figure is its median batch: the sides take turns batch by batch,
// and on a shared machine a neighbour's burst lands on a few batches of one side, which a total
// would charge to it. Target: with profiles ≥ 80% of the rows/s without.
const BATCHES = 10;
const WARM_UP = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function compare(): Promise<void> {
  const { dir, cleanup } = await tempDir("driftbook-bench-");
  const bodies = Array.from({ length: WARM_UP + BATCHES }, (_, b) => ndjson(records(b)));
  const sides = {
    with: new PredictionStore(join(dir, "with.db")),
    without: new PredictionStore(join(dir, "without.db"), { profiles: false }),
  };
  const ms: Record<keyof typeof sides, number[]> = { with: [], without: [] };
  try {
    for (let b = 0; b < WARM_UP + BATCHES; b++) {
      for (const side of ["without", "with"] as const) {
        const batch = parsePredictionColumns(bodies[b]!, "ndjson");
        const start = performance.now();
        sides[side].log("m", batch);
        if (b >= WARM_UP) ms[side].push(performance.now() - start);
      }
    }
    const profiled = sides.with.db.prepare("select count(*) from driftbook_profiles").pluck().get() as number;
    if (profiled === 0) throw new Error("the store with profiles kept none");
  } finally {
    sides.with.close();
    sides.without.close();
    await cleanup();
  }
  const [withMs, withoutMs] = [median(ms.with), median(ms.without)];
  recordFigure({
    figure: `store.log with profiles kept at ingest, ${BATCHES} batches of ${BATCH / 1000}k rows × ${FEATURES.length} features (median batch)`,
    ours: `${formatRate(BATCH, withMs)} (${withMs.toFixed(1)} ms a batch)`,
    baseline: `store.log without profiles ${formatRate(BATCH, withoutMs)} (${withoutMs.toFixed(1)} ms)`,
    ratio: withoutMs / withMs,
    measured: withoutMs / withMs,
    target: { atLeast: 0.8 },
  });
}

describe("store ingest with profiles vs without", () => {
  sideBySide("ingest with and without profiles, side by side", compare);
});
