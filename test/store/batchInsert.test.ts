import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { batchError } from "../helpers/batchError.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";
import { columnBatchOf } from "../../server/ingest/columnBatch.ts";
import { parsePredictionColumns } from "../../server/ingest/parseBatch.ts";
import type { PredictionInput } from "../../server/ingest/types.ts";
import { PredictionStore } from "../../server/store/store.ts";

const NOW = 1_700_000_000_000;
describe.each(ENGINES)("insertBatch on %s", (engine) => {
  const databases = engineDatabases(engine);
  let store: PredictionStore;
  beforeEach(async () => {
    store = new PredictionStore(await databases.location(), { now: () => NOW, maxColumns: 1200 });
  });
  afterEach(() => store.close());

  /** The table's rows in write order, without PostgreSQL's explicit rowid (SQLite's is hidden). */
  const rowsOf = (table: string) =>
    (store.db.prepare(`select * from "${table}" order by rowid`).all() as Record<string, unknown>[]).map(
      ({ rowid: _, ...row }) => row,
    );

  describe("insertBatch, through PredictionStore.log", () => {
    it("stores every row of a batch that spans several statements and a shorter last one", () => {
      const rows: PredictionInput[] = Array.from({ length: 123 }, (_, i) => ({
        row: i + 1,
        id: `r${i}`,
        ts: i % 7 === 0 ? undefined : 1000 + i,
        features: { x: i % 3 === 0 ? null : i / 8, c: `c${i % 4}`, flag: i % 2 === 0 },
        prediction: i % 2,
      }));
      expect(store.log("m", columnBatchOf(rows))).toMatchObject({ written: 123, duplicates: 0 });
      expect(rowsOf("m")).toEqual(
        rows.map((row) => ({
          id: row.id,
          ts: row.ts ?? NOW,
          ingested_at: NOW,
          label_ingested_at: null,
          x: row.features.x,
          c: row.features.c,
          flag: row.features.flag ? 1 : 0,
          prediction: row.prediction,
        })),
      );
      const again = rows.slice(100).concat([{ row: 124, id: "new", features: { x: 1 }, prediction: 0 }]);
      expect(store.log("m", again)).toMatchObject({ written: 1, duplicates: 23 });
    });

    // 50 rows × 702 values would pass the 32,766 variables of one statement.
    it("stays within SQLite's variable limit for wide tables", () => {
      const names = Array.from({ length: 700 }, (_, j) => `f${j}`);
      const rows = Array.from({ length: 70 }, (_, i) => ({
        row: i + 1,
        id: `r${i}`,
        features: Object.fromEntries(names.map((name, j) => [name, i * 10_000 + j])),
        prediction: 1,
      }));
      expect(store.log("wide", rows).written).toBe(70);
      const last = store.db.prepare(`select f0, f699 from wide where id = 'r69'`).get();
      expect(last).toEqual({ f0: 690_000, f699: 690_699 });
    });

    it("stores the same table from a parsed column batch as from the rows", () => {
      const body = "id,ts,x,c,flag,prediction,score,proba_yes,label\na,5,1.5,u,true,yes,0.5,0.5,\nb,,,v,,no,,,no\n";
      store.log("parsed", parsePredictionColumns(body, "csv"));
      store.log("rows", [
        {
          row: 1,
          id: "a",
          ts: 5,
          features: { x: 1.5, c: "u", flag: true },
          prediction: "yes",
          score: 0.5,
          probabilities: { yes: 0.5 },
          label: null,
        },
        { row: 2, id: "b", features: { x: null, c: "v", flag: null }, prediction: "no", score: null, label: "no" },
      ]);
      expect(rowsOf("parsed")).toEqual(rowsOf("rows"));
      expect(store.model("parsed")!.columns).toEqual(store.model("rows")!.columns);
    });

    it("refuses the first value its column does not take, by row and then by column, and writes nothing", () => {
      store.log("m", [{ row: 1, id: "seed", features: { a: 1, b: "text", flag: true }, prediction: 1 }]);
      const bad: PredictionInput[] = [
        { row: 1, id: "ok", features: { a: 2, b: "fine", flag: 1 }, prediction: 1 },
        { row: 2, id: "late", features: { a: "three", b: "fine", flag: false }, prediction: 1 },
        { row: 3, id: "x", features: { a: "four", b: 4 }, prediction: 1 },
      ];
      const error = batchError(() => store.log("m", bad));
      expect(error.message).toBe('row 2: field "a" expects a number (its column is REAL), got "three"');
      expect(error.details).toEqual({ row: 2, field: "a" });
      const sameRow = batchError(() => store.log("m", [{ row: 7, features: { b: 5, a: "x" }, prediction: 1 }]));
      expect(sameRow.details).toEqual({ row: 7, field: "b" });
      expect(store.model("m")!.rows).toBe(1);
    });

    it("takes the numbers 0 and 1 and booleans into a boolean column, and refuses other numbers", () => {
      store.log("m", [{ row: 1, features: { flag: true }, prediction: 1 }]);
      store.log("m", [
        { row: 1, id: "n", features: { flag: 0 }, prediction: 1 },
        { row: 2, id: "mixed", features: { flag: 1 }, prediction: 1 },
        { row: 3, id: "bool", features: { flag: false }, prediction: 1 },
      ]);
      const stored = store.db.prepare("select id, flag from m where id in ('n', 'mixed', 'bool') order by id").all();
      expect(stored).toEqual([
        { id: "bool", flag: 0 },
        { id: "mixed", flag: 1 },
        { id: "n", flag: 0 },
      ]);
      const error = batchError(() => store.log("m", [{ row: 4, features: { flag: 2 }, prediction: 1 }]));
      expect(error.message).toBe('row 4: field "flag" expects a boolean (its column is INTEGER), got 2');
    });
  });
});
