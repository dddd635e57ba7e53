/**
 * Writes a wide model for test/bench/cli/wideDrift.bench.ts through PredictionStore, as
 * `driftbook log` and `driftbook reference` would: `<model>_reference` and `<model>`, each ROWS
 * rows × COLUMNS REAL features named f0, f1, …. It runs as its own process (argv: database path,
 * model, rows, columns) so the reference, which the store takes in one batch, lives in a heap of
 * its own and the bench's stays small. Rows go straight into column batches (typed columns), as
 * the server's parsers hand them to the store, so no table of row objects is ever held. A fifth
 * argument, `--no-profiles`, writes without profiles (StoreOptions.profiles): what keeping them costs.
 *
 * Values are deterministic (a multiplicative hash of row and column), continuous (so Evidently's
 * rule picks the normed Wasserstein distance), scaled by column; every third column of the current
 * table is shifted by 5 % of its scale (drift), and every tenth column has 1 % nulls in both tables.
 */
import { PredictionStore } from "../../../server/store/store.ts";
import { ColumnBatchBuilder, type ColumnBatch } from "../../../server/ingest/columnBatch.ts";
import type { PredictionInput } from "../../../server/ingest/types.ts";

const [path, model, rowsArg, columnsArg, profilesArg] = process.argv.slice(2);
const ROWS = Number(rowsArg);
const COLUMNS = Number(columnsArg);
/** The current table is logged in batches of this many rows, as a stream of predictions would be. */
const BATCH = 10_000;

/** Row `i` of `table` (0 reference, 1 current): a uniform in [0, 1) per cell, scaled and shifted by column. */
function row(table: 0 | 1, i: number): PredictionInput {
  const features: Record<string, number | null> = {};
  for (let j = 0; j < COLUMNS; j++) {
    const key = Math.imul(table * ROWS + i + 1, 0x9e3779b1) ^ Math.imul(j + 1, 0x85ebca6b);
    const uniform = (Math.imul(key ^ (key >>> 15), 0x2c1b3c6d) >>> 0) / 2 ** 32;
    const scale = 1 + (j % 17);
    const missing = j % 10 === 9 && uniform < 0.01;
    features[`f${j}`] = missing ? null : uniform * scale + (table === 1 && j % 3 === 0 ? 0.05 * scale : 0);
  }
  return {
    row: i + 1,
    id: `${table === 0 ? "r" : "c"}${i}`,
    ts: 1_750_000_000_000 + i * 1000,
    features,
    prediction: 0,
  };
}

function batch(table: 0 | 1, start: number, end: number): ColumnBatch {
  const builder = new ColumnBatchBuilder(end - start);
  for (let i = start; i < end; i++) builder.add(row(table, i));
  return builder.finish();
}

const store = new PredictionStore(path, { maxColumns: COLUMNS + 10, profiles: profilesArg !== "--no-profiles" });
try {
  store.replaceReference(model, batch(0, 0, ROWS));
  for (let start = 0; start < ROWS; start += BATCH) store.log(model, batch(1, start, Math.min(ROWS, start + BATCH)));
} finally {
  store.close();
}
