/**
 * A separate process that logs predictions until it is killed: batch after batch of `size` rows
 * of model `loop`, ids `b<batch>-<row>`, each batch one transaction through the store, printing
 * `batch N` once batch N is committed. Run as `node --import tsx ingestLoop.ts DB SIZE`.
 */
import { PredictionStore } from "../../server/store/store.ts";

const [dbPath, size] = process.argv.slice(2);
const store = new PredictionStore(dbPath!, { retryBusy: () => 10 });
for (let batch = 0; ; batch++) {
  const rows = Array.from({ length: Number(size) }, (_, row) => ({
    row: row + 1,
    id: `b${batch}-${row}`,
    ts: batch,
    features: { x: row, note: `batch ${batch}` },
    prediction: row % 2,
  }));
  store.log("loop", rows);
  process.stdout.write(`batch ${batch}\n`);
  await new Promise((resolve) => setImmediate(resolve));
}
