import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PART_BYTES } from "../../server/ingest/batchParts.ts";
import { parsePredictionColumns } from "../../server/ingest/parseBatch.ts";
import { BatchError } from "../../server/ingest/types.ts";
import { readProfiles } from "../../server/store/profileRead.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { ParserStoppedError, StoreWriter } from "../../server/store/writer.ts";
import { batchError } from "../helpers/batchError.ts";
import { tempDir } from "../helpers/workbooks.ts";

// Bodies over twice PART_BYTES, so the writer gets them in parts from the parser threads; each
// is checked against the same body stored whole through PredictionStore.log, the path it replaced.
let dir: string;
let cleanup: () => Promise<void>;
let store: PredictionStore;
let whole: PredictionStore;
let writer: StoreWriter;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  store = new PredictionStore(join(dir, "writer.db"));
  whole = new PredictionStore(join(dir, "whole.db"));
  writer = new StoreWriter({ dbPath: join(dir, "writer.db"), busyTimeoutMs: 1000, onChange: () => {} });
});
afterEach(async () => {
  await writer.close();
  store.close();
  whole.close();
  await cleanup();
});

type Row = { id?: string; ts?: number; features: Record<string, unknown>; prediction: unknown };
const ROWS = Math.ceil((3.5 * PART_BYTES) / 120); // about 120 bytes a row: four parts or so
function rows(count = ROWS, edit: (row: Row, index: number) => void = () => {}): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const row: Row = {
      id: `r${i}`,
      ts: i % 10 === 0 ? undefined : 1_700_000_000_000 + i,
      features: { x: i / 7, city: ["Lyon", "Zürich", "Oslo"][i % 3], flag: i % 2 === 0, note: i % 5 ? null : `n${i}` },
      prediction: i % 2,
    };
    edit(row, i);
    return row;
  });
}
const ndjson = (items: unknown[]) => items.map((item) => JSON.stringify(item)).join("\n");
const bytes = (text: string) => Buffer.from(text, "utf8");
const tableOf = (db: PredictionStore, table = "m") => db.db.prepare(`select * from "${table}" order by rowid`).all();
const columnsOf = (db: PredictionStore) => db.model("m")!.columns.map(({ name, type }) => `${name} ${type}`);

describe("StoreWriter with a body in parts", () => {
  it("stores what the whole body stores, in the same column order, with one time of writing for rows without one", async () => {
    // "late" first shows in the last rows; "sparse" is mentioned with nulls early and has a value only at the end.
    const text = ndjson(
      rows(ROWS, (row, i) => {
        if (i > ROWS - 5) row.features.late = i;
        if (i === 3) row.features.sparse = null;
        if (i === ROWS - 1) row.features.sparse = "s";
      }),
    );
    expect(bytes(text).byteLength).toBeGreaterThan(3 * PART_BYTES);
    const result = await writer.write("predictions", "m", "ndjson", bytes(text));
    expect(result).toMatchObject({ written: ROWS, duplicates: 0 });
    whole.log("m", parsePredictionColumns(text, "ndjson"));
    expect(columnsOf(store)).toEqual(columnsOf(whole));
    const stored = tableOf(store) as { ts: number; ingested_at: number }[];
    const stamped = new Set(stored.filter((_, i) => i % 10 === 0).map((row) => row.ts));
    expect(stamped.size).toBe(1);
    expect(new Set(stored.map((row) => row.ingested_at))).toEqual(stamped);
    const withoutStamps = (table: unknown[]) =>
      table.map((row, i) => ({ ...(row as object), ...(i % 10 === 0 && { ts: 0 }), ingested_at: 0 }));
    expect(withoutStamps(stored)).toEqual(withoutStamps(tableOf(whole)));
    // The parts' profiles, merged, count what the whole body's do (sketches aside: they merge).
    const exactFields = (db: PredictionStore) =>
      readProfiles(db.db, "m").map(({ profile }) =>
        Object.entries(profile.toJSON().columns).map(([name, column]) => {
          const { quantiles: _, mean: __, std: ___, ...exact } = column as unknown as Record<string, unknown>;
          return [name, exact];
        }),
      );
    expect(exactFields(store)).toEqual(exactFields(whole));
    expect(await writer.write("predictions", "m", "ndjson", bytes(text))).toMatchObject({
      written: 0,
      duplicates: ROWS,
    });
    expect(await writer.write("reference", "m", "ndjson", bytes(text))).toMatchObject({ written: ROWS });
    expect(tableOf(store, "m_reference")).toHaveLength(ROWS);
  });

  it("refuses a bad row in a later part, an id two parts share, and a value its column does not take, as the whole body would, storing nothing", async () => {
    const bad = [
      ndjson(rows(ROWS, (row, i) => i === ROWS - 3 && (row.features.x = [1]))),
      ndjson(rows(ROWS, (row, i) => i === ROWS - 2 && (row.id = "r1"))),
      `${ndjson(rows())}\n{"id":"r1", oops}`,
      ndjson(rows(ROWS, (row, i) => i === ROWS - 2 && (row.features.x = "text"))),
      ndjson(rows(ROWS, (row, i) => i === ROWS - 2 && (row.features.CITY = "x"))),
    ];
    for (const text of bad) {
      const expected = batchError(() => whole.log("m", parsePredictionColumns(text, "ndjson")));
      const refused = writer.write("predictions", "m", "ndjson", bytes(text));
      await expect(refused).rejects.toBeInstanceOf(BatchError);
      await expect(refused).rejects.toMatchObject({ message: expected.message, details: expected.details });
      expect(store.model("m")).toBeUndefined();
    }
  });
  it("stores a body of more parts than it inserts while parsing, and refuses a bad row in an early part as the whole body would", async () => {
    const many = Math.ceil((24 * PART_BYTES) / 120);
    const text = ndjson(rows(many));
    expect(await writer.write("predictions", "m", "ndjson", bytes(text))).toMatchObject({ written: many });
    expect(store.model("m")!.rows).toBe(many);
    const bad = ndjson(rows(many, (row, i) => i === 1000 && (row.prediction = { nested: true })));
    const expected = batchError(() => whole.log("m", parsePredictionColumns(bad, "ndjson")));
    await expect(writer.write("predictions", "m", "ndjson", bytes(bad))).rejects.toMatchObject({
      message: expected.message,
      details: expected.details,
    });
    expect(store.model("m")!.rows).toBe(many);
  });
});

describe("StoreWriter when a parser thread stops", () => {
  it("fails the batch with ParserStoppedError, stores nothing, and parses the next batch on a new thread", async () => {
    await writer.ready;
    await writer.close();
    writer = new StoreWriter({
      dbPath: join(dir, "writer.db"),
      busyTimeoutMs: 1000,
      onChange: () => {},
      parsers: { heapMb: 8 }, // a JSON array of this size does not fit: the thread runs out of memory
    });
    const huge = `[${Array(200_000)
      .fill(JSON.stringify(rows(1)[0]))
      .join(",")}]`;
    const stopped = writer.write("predictions", "m", "json", bytes(huge));
    await expect(stopped).rejects.toBeInstanceOf(ParserStoppedError);
    await expect(stopped).rejects.toThrow(
      /the ingest parser thread stopped \(.+\) before it parsed the batch; nothing was stored/,
    );
    expect(store.model("m")).toBeUndefined();
    expect(await writer.write("predictions", "m", "ndjson", bytes(ndjson(rows(10))))).toMatchObject({ written: 10 });
  });
});
