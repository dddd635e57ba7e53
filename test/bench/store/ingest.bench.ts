import { availableParallelism } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe } from "vitest";
import { startServer } from "../../../server/compose.ts";
import { parsePredictionColumns } from "../../../server/ingest/parseBatch.ts";
import { PredictionStore } from "../../../server/store/store.ts";
import { tempDir } from "../../helpers/workbooks.ts";
import { formatRate, sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";
import { BATCH, FEATURES, ndjson, postBatch, records, takeTurns, type Turns } from "./ingestRecords.ts";

// The case measured: 10k-row batches with 20 features (10 numeric, 10 categorical), a score
// and a prediction (ingestRecords.ts). Each side writes BATCHES batches into a fresh database file, one
// transaction per batch, after one untimed warm-up batch each (so every side is measured with its
// code compiled, as a running server's is); target: HTTP NDJSON ingest ≥ 50% of the raw insert
// loop's rows/s.
const BATCHES = 10;

async function compare(): Promise<void> {
  const { dir, cleanup } = await tempDir("driftbook-bench-");
  const batches = Array.from({ length: BATCHES + 1 }, (_, b) => records(b)); // batch 0 warms up
  const bodies = batches.map(ndjson);
  const total = BATCH * BATCHES;
  // Raw: a prepared insert into a ready-made table, values already in column order.
  const raw = new Database(join(dir, "raw.db"));
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  raw.exec(
    `create table m (id text primary key, ts integer, ${FEATURES.map((f, j) => `${f} ${j < 10 ? "real" : "text"}`).join(", ")}, prediction real, score real)`,
  );
  const insert = raw.prepare(
    `insert into m values (${Array(FEATURES.length + 4)
      .fill("?")
      .join(", ")})`,
  );
  const rawWrite = raw.transaction((rows: ReturnType<typeof records>) => {
    for (const row of rows)
      insert.run(row.id, row.ts, ...FEATURES.map((f) => row.features[f]), row.prediction, row.score);
  });
  // The store, called directly: parsing the NDJSON body into a column batch, typing, inserting.
  const store = new PredictionStore(join(dir, "store.db"));
  // HTTP: POST each NDJSON body to a real server on a loopback port: parsed in parts on its parser
  // threads while its writer thread inserts them.
  const server = await startServer({ port: 0, workbooksDir: dir, dbPath: join(dir, "http.db") });
  let rawTurns: Turns, storeTurns: Turns, httpTurns: Turns;
  try {
    [rawTurns, storeTurns, httpTurns] = await takeTurns(BATCHES, [
      (b) => rawWrite(batches[b]!),
      (b) => store.log("m", parsePredictionColumns(bodies[b]!, "ndjson")),
      (b) => postBatch(server.url, bodies[b]!),
    ]);
  } finally {
    raw.close();
    store.close();
    await server.close();
    await cleanup();
  }
  const shape = `${BATCHES} NDJSON batches of ${BATCH / 1000}k rows × ${FEATURES.length} features`;
  const { ms: rawMs } = rawTurns;
  const baseline = `raw better-sqlite3 prepared insert ${formatRate(total, rawMs)}`;
  // What the machine allows: the HTTP side's threads need its CPU time per batch, spread over
  // the cores at best, so no schedule can answer a batch faster than that share.
  const cores = availableParallelism();
  const cpuPerBatch = httpTurns.cpuMs / BATCHES;
  const bound = rawMs / BATCHES / (cpuPerBatch / cores);
  recordFigure({
    figure: `ingest over HTTP end to end (parser threads, then the writer thread), ${shape}, profiles kept`,
    ours:
      `${formatRate(total, httpTurns.ms)} (CPU of all its threads ${Math.round(cpuPerBatch)} ms a batch, ` +
      `so at most ${bound.toFixed(2)} on ${cores} cores)`,
    baseline,
    ratio: rawMs / httpTurns.ms,
    measured: rawMs / httpTurns.ms,
    target: { atLeast: 0.5 },
  });
  recordFigure({
    figure: `ingest through store.log (parse + type + insert + profiles), ${shape}`,
    ours: formatRate(total, storeTurns.ms),
    baseline,
    ratio: rawMs / storeTurns.ms,
  });
}

describe("store ingest vs a raw prepared insert", () => {
  sideBySide("ingest side by side with raw better-sqlite3", compare);
});
