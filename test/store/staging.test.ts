import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it, onTestFinished } from "vitest";
import type { PredictionInput } from "../../server/ingest/types.ts";
import { StagedWrite } from "../../server/store/staging.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { tempDir } from "../helpers/workbooks.ts";

let store: PredictionStore;
let path: string;
beforeEach(async () => {
  const { dir, cleanup } = await tempDir();
  path = join(dir, "store.db");
  store = new PredictionStore(path);
  onTestFinished(async () => {
    store.close();
    await cleanup();
  });
});

const row = (n: number, features: PredictionInput["features"]): PredictionInput => ({
  row: n,
  id: `p${n}`,
  ts: n,
  features,
  prediction: n % 2,
});
/** The logged columns of each row (ingested_at and label_ingested_at are checked in store.test.ts). */
const rows = (table: string) =>
  (store.db.prepare(`select * from "${table}" order by id`).all() as Record<string, unknown>[]).map(
    ({ ingested_at: _, label_ingested_at: __, ...logged }) => logged,
  );
const version = () => store.model("m")?.version;

describe("StagedWrite", () => {
  it("stages chunks typed as the store types them, then copies them in one write, counting stored ids as duplicates", () => {
    store.log("m", [row(1, { age: 30 })]);
    const staged = new StagedWrite(store, path, "m", "predictions");
    try {
      staged.write([row(1, { age: 31 }), row(2, { age: 40, city: "Oslo" })]);
      staged.write([row(3, { age: 50, city: "Rome" })]);
      expect(() => staged.write([row(4, { age: "old" })])).toThrow(/row 4: field "age" expects a number/);
      expect(rows("m")).toHaveLength(1); // nothing reaches the store before the commit
      expect(version()).toBe(1);
      expect(existsSync(staged.path)).toBe(true);
      const result = staged.commit();
      expect(result).toMatchObject({ written: 2, duplicates: 1 });
      expect(result.columns.map((column) => `${column.name} ${column.type}`)).toEqual([
        "id TEXT",
        "ts INTEGER",
        "age REAL",
        "prediction REAL",
        "city TEXT",
      ]);
    } finally {
      staged.discard();
    }
    expect(existsSync(staged.path)).toBe(false);
    expect(rows("m")).toEqual([
      { id: "p1", ts: 1, age: 30, prediction: 1, city: null },
      { id: "p2", ts: 2, age: 40, prediction: 0, city: "Oslo" },
      { id: "p3", ts: 3, age: 50, prediction: 1, city: "Rome" },
    ]);
    expect(version()).toBe(2);
  });

  it("replaces the reference set, typed after the predictions", () => {
    store.log("m", [row(1, { code: "7" })]);
    store.replaceReference("m", [row(9, { code: "old" })]);
    const staged = new StagedWrite(store, path, "m", { reference: "training" });
    try {
      expect(() => staged.write([row(5, { code: 5 })])).toThrow(
        /row 5: field "code" expects text \(its column is TEXT\)/,
      );
      staged.write([row(5, { code: "5" })]);
      staged.write([row(6, { code: "6" })]);
      expect(rows("m_reference")).toEqual([{ id: "p9", ts: 9, code: "old", prediction: 1 }]);
      expect(staged.commit()).toMatchObject({ written: 2, duplicates: 0 });
    } finally {
      staged.discard();
    }
    expect(rows("m_reference")).toEqual([
      { id: "p5", ts: 5, code: "5", prediction: 1 },
      { id: "p6", ts: 6, code: "6", prediction: 0 },
    ]);
    expect(rows("m_reference_training__1")).toEqual([{ id: "p9", ts: 9, code: "old", prediction: 1 }]);
  });

  it("refuses a copy whose column the store typed otherwise meanwhile, and changes nothing", () => {
    store.log("m", [row(1, { age: 30 })]);
    const staged = new StagedWrite(store, path, "m", "predictions");
    try {
      staged.write([row(2, { city: 1 })]);
      store.log("m", [row(3, { city: "Oslo" })]); // another writer, between staging and copy
      const before = rows("m");
      expect(() => staged.commit()).toThrow('column "city" became TEXT while the file was read, which has REAL values');
      expect(rows("m")).toEqual(before);
    } finally {
      staged.discard();
    }
  });
});
