/**
 * Builds the database of profileWindow.bench.ts, as its own process (so the bench's heap and
 * timings stay its own): `days` days × `perDay` predictions of creditColumns.ts, written through
 * the store's insert (PredictionStore.log of column batches, in big transactions, with profiles
 * off), a reference set through replaceReference (profiled as ingest profiles it), then every
 * profile of the predictions built by the store's own rebuild (server/store/profileRebuild.ts,
 * what `driftbook profile rebuild` runs), so they are exactly what ingest would have kept.
 * argv: database path, JSON of BuildSpec. Prints the BuildTimes as JSON on stdout.
 */
import { seededRandom } from "../../../server/demo/random.ts";
import { rebuildProfiles } from "../../../server/store/profileRebuild.ts";
import { PredictionStore } from "../../../server/store/store.ts";
import { creditBatch } from "./creditColumns.ts";

export interface BuildSpec {
  model: string;
  days: number;
  perDay: number;
  referenceRows: number;
  /** Epoch ms at which the last day ends (a UTC midnight). */
  end: number;
  /** The first day (1-based) drawn drifted. */
  driftFrom: number;
  /** Segment columns of the model (settings), [] for none. */
  segments: string[];
}

export interface BuildTimes {
  insertMs: number;
  referenceMs: number;
  rebuildMs: number;
}

const DAY_MS = 86_400_000;
/** Rows per store.log call: one transaction each. */
const ROWS_PER_TRANSACTION = 250_000;

function build(path: string, spec: BuildSpec): BuildTimes {
  const rng = seededRandom(18);
  const start = spec.end - spec.days * DAY_MS;
  const spacing = DAY_MS / spec.perDay;
  let started = performance.now();
  const bulk = new PredictionStore(path, { profiles: false, check: "off" });
  try {
    if (spec.segments.length > 0) bulk.updateSettings(spec.model, { segments: spec.segments });
    for (let day = 0; day < spec.days; day++) {
      for (let offset = 0; offset < spec.perDay; offset += ROWS_PER_TRANSACTION) {
        const length = Math.min(ROWS_PER_TRANSACTION, spec.perDay - offset);
        const dayStart = start + day * DAY_MS;
        const batch = creditBatch({
          length,
          first: day * spec.perDay + offset,
          ts: (i) => dayStart + Math.floor((offset + i) * spacing),
          drifted: day + 1 >= spec.driftFrom,
          rng,
        });
        bulk.log(spec.model, batch);
      }
      process.stderr.write(`rows: day ${day + 1} of ${spec.days}\n`);
    }
  } finally {
    bulk.close();
  }
  const insertMs = performance.now() - started;
  const store = new PredictionStore(path, { check: "off" });
  try {
    started = performance.now();
    store.replaceReference(
      spec.model,
      creditBatch({ length: spec.referenceRows, first: 0, drifted: false, rng: seededRandom(1) }),
    );
    const referenceMs = performance.now() - started;
    started = performance.now();
    let reported = 0;
    rebuildProfiles(store.db, spec.model, (rows, share) => {
      if (share - reported < 0.05 && share < 1) return;
      reported = share;
      process.stderr.write(`profiles: ${rows} rows, ${Math.round(share * 100)} %\n`);
    });
    return { insertMs, referenceMs, rebuildMs: performance.now() - started };
  } finally {
    store.close();
  }
}

const [path, spec] = process.argv.slice(2);
console.log(JSON.stringify(build(path, JSON.parse(spec) as BuildSpec)));
