import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { PredictionStore } from "../../server/store/store.ts";
import { referenceSource, referenceVersions } from "../../server/store/references.ts";
import { readsModel } from "../../server/runtime/stdlib/sql.ts";
import { BatchError, type PredictionInput } from "../../server/ingest/types.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";
import { rollBackBefore } from "../helpers/schemaHistory.ts";
import { tableColumns, tableExists } from "../../server/store/tableSchema.ts";

describe.each(ENGINES)("reference sets on %s", (engine) => {
  const databases = engineDatabases(engine);
  let store: PredictionStore;
  let path: string;
  let clock: number;
  beforeEach(async () => {
    clock = 1_700_000_000_000;
    path = await databases.location();
    store = new PredictionStore(path, { now: () => clock });
  });
  afterEach(() => store.close());

  function row(n: number, features: PredictionInput["features"]): PredictionInput {
    return { row: n, id: `p${n}`, ts: n, features, prediction: 1 };
  }

  const values = (table: string, column: string) =>
    store.db.prepare(`select ${column} from "${table}" order by ts`).pluck().all();

  describe("named, versioned reference sets", () => {
    it("keeps the version a replace replaces, with when it was set and replaced", () => {
      store.log("m", [row(1, { age: 30 })]);
      const first = store.replaceReference("m", [row(1, { age: 20 }), row(2, { age: 21 })]);
      expect(first.reference).toEqual({
        name: "training",
        version: 1,
        table: "m_reference",
        createdAt: clock,
        replacedAt: null,
        rows: 2,
      });
      const setAt = clock;
      clock += 60_000;
      const second = store.replaceReference("m", [row(3, { age: 40 })]);
      expect(second.reference).toMatchObject({ version: 2, table: "m_reference", rows: 1 });
      expect(values("m_reference", "age")).toEqual([40]);
      expect(values("m_reference_training__1", "age")).toEqual([20, 21]);
      expect(referenceVersions(store.db, "m")).toEqual([
        { name: "training", version: 2, table: "m_reference", createdAt: clock, replacedAt: null, rows: 1 },
        {
          name: "training",
          version: 1,
          table: "m_reference_training__1",
          createdAt: setAt,
          replacedAt: clock,
          rows: 2,
        },
      ]);
      // A third replace keeps both earlier versions: the current table's ts index moves aside each time.
      store.replaceReference("m", [row(4, { age: 50 })]);
      expect(values("m_reference_training__2", "age")).toEqual([40]);
      expect(referenceVersions(store.db, "m").map((v) => [v.version, v.replacedAt === null])).toEqual([
        [3, true],
        [2, false],
        [1, false],
      ]);
    });

    it("keeps other names in <model>_reference_<name>, beside an untouched training set", () => {
      store.replaceReference("m", [row(1, { age: 20 })]);
      const shadow = store.replaceReference("m", [row(2, { age: 99 })], "last_quarter");
      expect(shadow.reference).toMatchObject({ name: "last_quarter", version: 1, table: "m_reference_last_quarter" });
      expect(values("m_reference", "age")).toEqual([20]);
      expect(values("m_reference_last_quarter", "age")).toEqual([99]);
      expect(store.model("m")).toMatchObject({ referenceRows: 1, references: ["last_quarter", "training"] });
    });

    it("keeps each version's own column types", () => {
      store.replaceReference("m", [row(1, { extra: "a" })]);
      store.replaceReference("m", [row(2, { extra: 5 })]);
      const typeOf = (table: string) => tableColumns(store.db, table)!.get("extra")!.type;
      expect([typeOf("m_reference_training__1"), typeOf("m_reference")]).toEqual(["TEXT", "REAL"]);
    });

    it("leaves the current version and the catalogue as they were when a replace is refused", () => {
      store.log("m", [row(1, { age: 30 })]);
      store.replaceReference("m", [row(1, { age: 20 })]);
      expect(() => store.replaceReference("m", [row(2, { age: "old" })])).toThrow(BatchError);
      expect(() => store.replaceReference("m", [])).toThrow(/no rows/);
      expect(values("m_reference", "age")).toEqual([20]);
      expect(referenceVersions(store.db, "m").map((v) => v.version)).toEqual([1]);
      expect(tableExists(store.db, "m_reference_training__1")).toBe(false);
    });

    it("refuses names that could collide with another name's or version's table, naming the field", () => {
      for (const name of ["Training", "1st", "a__b", "a_", "_a", "a-b", "x".repeat(41), ""]) {
        let error: unknown;
        try {
          store.replaceReference("m", [row(1, { age: 1 })], name);
        } catch (thrown) {
          error = thrown;
        }
        expect(error, name).toBeInstanceOf(BatchError);
        expect((error as BatchError).details, name).toEqual({ field: "name" });
      }
      expect(store.model("m")).toBeUndefined();
    });

    it("names a version's profile source in one place", () => {
      expect(referenceSource("training", 3)).toBe("reference:training:3");
    });

    it("re-runs cells that read any of the model's reference tables", () => {
      expect(readsModel(new Set(["select", "m_reference_last_quarter"]), "m")).toBe(true);
      expect(readsModel(new Set(["m_reference_training__2"]), "m")).toBe(true);
      expect(readsModel(new Set(["m_reference"]), "m")).toBe(true);
      expect(readsModel(new Set(["mm_reference_x", "m_other"]), "m")).toBe(false);
    });

    // A SQLite file from before versions were kept; a PostgreSQL database never had that schema.
    it.runIf(engine === "sqlite")("records a reference set stored before versions as version 1 of training", () => {
      store.replaceReference("m", [row(1, { age: 20 }), row(2, { age: 30 })]);
      store.close();
      // The schema as it was before the catalogue.
      const old = new Database(path);
      rollBackBefore(old, "references");
      old.close();
      store = new PredictionStore(path, { now: () => clock });
      expect(referenceVersions(store.db, "m")).toEqual([
        { name: "training", version: 1, table: "m_reference", createdAt: null, replacedAt: null, rows: 2 },
      ]);
      expect(store.replaceReference("m", [row(3, { age: 1 })]).reference.version).toBe(2);
    });
  });
});
