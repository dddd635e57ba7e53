import { describe } from "vitest";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import copyStreams from "pg-copy-streams";
import { startServer } from "../../../server/compose.ts";
import { parsePredictionColumns } from "../../../server/ingest/parseBatch.ts";
import { PredictionStore } from "../../../server/store/store.ts";
import { startPostgresCluster } from "../../helpers/postgres.ts";
import { tempDir } from "../../helpers/workbooks.ts";
import { formatRate, sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";
import { BATCH, FEATURES, ndjson, postBatch, records, takeTurns } from "./ingestRecords.ts";

// Ingest into PostgreSQL, the case ingest.bench.ts measures on SQLite: 10k-row NDJSON batches
// with 20 features, a score and a prediction. The baseline is a raw `COPY … FROM STDIN` of the
// same rows into a ready-made table through `pg` and pg-copy-streams, one transaction per batch,
// its text encoded inside the timing. Each side writes into a database of its own in one
// throwaway cluster, after one untimed warm-up batch; the sides take turns batch by batch.
// Target: HTTP NDJSON ingest through Driftbook ≥ 50% of the raw COPY's rows/s.
const BATCHES = 10;

/** A row in COPY's text format (the bench's values hold no tab, newline or backslash). */
function copyLine(row: ReturnType<typeof records>[number]): string {
  return `${row.id}\t${row.ts}\t${FEATURES.map((f) => row.features[f]).join("\t")}\t${row.prediction}\t${row.score}\n`;
}

async function compare(): Promise<void> {
  const cluster = await startPostgresCluster();
  const { dir, cleanup } = await tempDir("driftbook-bench-");
  const batches = Array.from({ length: BATCHES + 1 }, (_, b) => records(b));
  const bodies = batches.map(ndjson);
  const total = BATCH * BATCHES;
  const raw = new pg.Client({ connectionString: await cluster.createDatabase() });
  await raw.connect();
  await raw.query(
    `create table m (id text primary key, ts bigint, ${FEATURES.map((f, j) => `${f} ${j < 10 ? "double precision" : "text"}`).join(", ")}, prediction double precision, score double precision)`,
  );
  const rawWrite = async (rows: ReturnType<typeof records>) => {
    await raw.query("begin");
    await pipeline(Readable.from([rows.map(copyLine).join("")]), raw.query(copyStreams.from("copy m from stdin")));
    await raw.query("commit");
  };
  const store = new PredictionStore(await cluster.createDatabase());
  const server = await startServer({ port: 0, workbooksDir: dir, dbPath: await cluster.createDatabase() });
  let rawMs: number, storeMs: number, httpMs: number;
  try {
    [rawMs, storeMs, httpMs] = (
      await takeTurns(BATCHES, [
        (b) => rawWrite(batches[b]!),
        (b) => store.log("m", parsePredictionColumns(bodies[b]!, "ndjson")),
        (b) => postBatch(server.url, bodies[b]!),
      ])
    ).map(({ ms }) => ms);
  } finally {
    await raw.end();
    store.close();
    await server.close();
    cluster.remove();
    await cleanup();
  }
  const shape = `${BATCHES} NDJSON batches of ${BATCH / 1000}k rows × ${FEATURES.length} features`;
  const baseline = `raw pg COPY ${formatRate(total, rawMs)}`;
  recordFigure({
    figure: `ingest into PostgreSQL over HTTP end to end, ${shape}`,
    ours: formatRate(total, httpMs),
    baseline,
    ratio: rawMs / httpMs,
    measured: rawMs / httpMs,
    target: { atLeast: 0.5 },
  });
  recordFigure({
    figure: `ingest into PostgreSQL through store.log (parse + type + copy + insert), ${shape}`,
    ours: formatRate(total, storeMs),
    baseline,
    ratio: rawMs / storeMs,
  });
}

describe("PostgreSQL ingest vs a raw COPY", () => {
  sideBySide("ingest side by side with raw pg COPY", compare);
});
