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
// each into a fresh database file, one transaction per batch, after one untimed warm-up batch
// each. Batches are parsed beforehand, so only store.log is timed: typing, inserting and, on one
// side, profiling. Target: with profiles ≥ 80% of the rows/s without.
const BATCHES = 10;

async function compare(): Promise<void> {
  const { dir, cleanup } = await tempDir("driftbook-bench-");
  const bodies = Array.from({ length: BATCHES + 1 }, (_, b) => ndjson(records(b))); // batch 0 warms up
  const sides = {
    with: new PredictionStore(join(dir, "with.db")),
    without: new PredictionStore(join(dir, "without.db"), { profiles: false }),
  };
  const ms = { with: 0, without: 0 };
  try {
    // The sides take turns batch by batch, so a neighbour's load on this shared machine falls on both.
    for (let b = 0; b <= BATCHES; b++) {
      for (const side of ["without", "with"] as const) {
        const batch = parsePredictionColumns(bodies[b]!, "ndjson");
        const start = performance.now();
        sides[side].log("m", batch);
        if (b > 0) ms[side] += performance.now() - start;
      }
    }
    const profiled = sides.with.db.prepare("select count(*) from driftbook_profiles").pluck().get() as number;
    if (profiled === 0) throw new Error("the store with profiles kept none");
  } finally {
    sides.with.close();
    sides.without.close();
    await cleanup();
  }
  const total = BATCH * BATCHES;
  recordFigure({
    figure: `store.log with profiles kept at ingest, ${BATCHES} batches of ${BATCH / 1000}k rows × ${FEATURES.length} features`,
    ours: formatRate(total, ms.with),
    baseline: `store.log without profiles ${formatRate(total, ms.without)}`,
    ratio: ms.without / ms.with,
    measured: ms.without / ms.with,
    target: { atLeast: 0.8 },
  });
}

describe("store ingest with profiles vs without", () => {
  sideBySide("ingest with and without profiles, side by side", compare);
});
