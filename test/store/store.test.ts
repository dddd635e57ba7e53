import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PredictionStore } from "../../server/store/store.ts";
import type { PredictionInput } from "../../server/ingest/types.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";

describe.each(ENGINES)("PredictionStore on %s", (engine) => {
  const databases = engineDatabases(engine);
  let store: PredictionStore;
  let path: string;
  beforeEach(async () => {
    path = await databases.location();
    store = new PredictionStore(path, { now: () => 1_700_000_000_000 });
  });
  afterEach(() => store.close());

  function row(
    n: number,
    features: PredictionInput["features"],
    extra: Partial<PredictionInput> = {},
  ): PredictionInput {
    return { row: n, id: `p${n}`, features, prediction: 1, score: 0.7, ...extra };
  }

  const count = (table: string) => store.db.prepare(`select count(*) from "${table}"`).pluck().get();

  describe("writes", () => {
    it("creates a model from its first batch with one typed column per feature", () => {
      const result = store.log("credit", [
        row(1, { age: 31, region: "north", owner: true }),
        row(2, { age: 45.5, region: "south", owner: false }),
      ]);
      expect(result).toMatchObject({ written: 2, duplicates: 0 });
      expect(result.columns).toEqual([
        { name: "id", type: "TEXT", role: "id" },
        { name: "ts", type: "INTEGER", role: "ts" },
        { name: "age", type: "REAL", role: "feature" },
        { name: "region", type: "TEXT", role: "feature" },
        { name: "owner", type: "INTEGER", role: "feature" },
        { name: "prediction", type: "REAL", role: "prediction" },
        { name: "score", type: "REAL", role: "score" },
      ]);
      expect(store.db.prepare("select id, ts, age, region, owner from credit order by id").all()).toEqual([
        { id: "p1", ts: 1_700_000_000_000, age: 31, region: "north", owner: 1 },
        { id: "p2", ts: 1_700_000_000_000, age: 45.5, region: "south", owner: 0 },
      ]);
    });

    it("generates ids, keeps given timestamps, and adds a column for a new feature", () => {
      store.log("m", [{ row: 1, features: { a: 1 }, prediction: "yes", ts: 5 }]);
      store.log("m", [{ row: 1, features: { a: 2, b: "new" }, prediction: "no", ts: 6 }]);
      const rows = store.db.prepare("select id, ts, a, b from m order by ts").all() as {
        id: string;
        ts: number;
        a: number;
        b: string | null;
      }[];
      expect(rows.map((r) => [r.ts, r.a, r.b])).toEqual([
        [5, 1, null],
        [6, 2, "new"],
      ]);
      expect(rows[0].id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("rejects a value whose type conflicts with its column, naming row and field, and writes nothing of that batch", () => {
      store.log("m", [row(1, { age: 30 })]);
      expect(() =>
        store.log("m", [row(1, { age: 31 }, { id: "ok" }), row(2, { age: "forty" }, { id: "bad" })]),
      ).toThrow(/row 2: field "age" expects a number \(its column is REAL\), got "forty"/);
      expect(count("m")).toBe(1);
      expect(store.model("m")!.version).toBe(1);
    });

    it("rolls back new columns with a rejected batch", () => {
      store.log("m", [row(1, { a: 1 })]);
      expect(() => store.log("m", [row(2, { a: 1, fresh: "x" }), row(3, { a: "no" })])).toThrow(/row 3/);
      expect(store.model("m")!.columns.map((c) => c.name)).not.toContain("fresh");
    });

    it("does not store a retried batch twice", () => {
      store.log("m", [row(1, { a: 1 }), row(2, { a: 2 })]);
      expect(store.log("m", [row(1, { a: 1 }), row(2, { a: 2 }), row(3, { a: 3 })])).toMatchObject({
        written: 1,
        duplicates: 2,
      });
      expect(count("m")).toBe(3);
    });

    it("attaches delayed labels by prediction id and counts the unmatched", () => {
      store.log("m", [row(1, { a: 1 }), row(2, { a: 2 }), row(3, { a: 3 })]);
      const result = store.attachLabels("m", [
        { row: 1, id: "p1", label: 1 },
        { row: 2, id: "p3", label: 0 },
        { row: 3, id: "missing", label: 1 },
      ]);
      expect(result).toEqual({ matched: 2, unmatched: 1, unmatchedIds: ["missing"] });
      expect(store.model("m")).toMatchObject({ rows: 3, labelCoverage: 2 / 3 });
      expect(() => store.attachLabels("nobody", [{ row: 1, id: "x", label: 1 }])).toThrow(/no model named "nobody"/);
    });

    it("types the label column only from matched rows: labels for unknown ids leave the schema alone", () => {
      store.log("m", [row(1, { a: 1 }), row(2, { a: 2 })]);
      expect(store.attachLabels("m", [{ row: 1, id: "unknown", label: "yes" }])).toEqual({
        matched: 0,
        unmatched: 1,
        unmatchedIds: ["unknown"],
      });
      expect(store.model("m")!.columns.map((c) => c.name)).not.toContain("label");
      expect(store.model("m")!.version).toBe(1);
      // A null label of a stored row needs no column either, and is no change.
      expect(store.attachLabels("m", [{ row: 1, id: "p1", label: null }])).toMatchObject({ matched: 1, unmatched: 0 });
      expect(store.model("m")!.columns.map((c) => c.name)).not.toContain("label");
      // The first matched label types it: a number, although the unknown id's label was text.
      expect(
        store.attachLabels("m", [
          { row: 1, id: "ghost", label: "no" },
          { row: 2, id: "p2", label: 1 },
        ]),
      ).toMatchObject({ matched: 1, unmatched: 1 });
      expect(store.model("m")!.columns.find((c) => c.name === "label")).toEqual({
        name: "label",
        type: "REAL",
        role: "label",
      });
      expect(store.db.prepare("select label from m where id = 'p2'").pluck().get()).toBe(1);
    });

    it("bumps the version only when labels change what is stored", () => {
      store.log("m", [row(1, { a: 1 }), row(2, { a: 2 })]);
      const labels = [
        { row: 1, id: "p1", label: 1 },
        { row: 2, id: "p2", label: 0 },
      ];
      store.attachLabels("m", labels);
      expect(store.model("m")!.version).toBe(2);
      expect(store.attachLabels("m", labels)).toMatchObject({ matched: 2 }); // a retry
      expect(store.model("m")!.version).toBe(2);
      store.attachLabels("m", [{ row: 1, id: "p2", label: 1 }]);
      expect(store.model("m")!.version).toBe(3);
    });

    it("keeps the version and tells no listener when a retried batch is all duplicates", () => {
      const changed: string[] = [];
      store.onChange((model) => changed.push(model));
      const batch = [row(1, { a: 1 }), row(2, { a: 2 })];
      store.log("m", batch);
      expect(store.log("m", batch)).toMatchObject({ written: 0, duplicates: 2 });
      expect(store.model("m")!.version).toBe(1);
      expect(changed).toEqual(["m"]);
      // Duplicates that bring a new column still change the schema, so they count as a change.
      store.log("m", [row(1, { a: 1, fresh: "x" })]);
      expect(store.model("m")!.version).toBe(2);
      store.log("m", [row(3, { a: 3 })]);
      expect(store.model("m")!.version).toBe(3);
      expect(changed).toEqual(["m", "m", "m"]);
    });

    it("replaces the reference set, typed like the predictions", () => {
      store.log("m", [row(1, { zip: "01234" })]);
      store.replaceReference("m", [row(1, { zip: "02134" }), row(2, { zip: "99999" })]);
      store.replaceReference("m", [row(1, { zip: "11111" })]);
      expect(store.db.prepare("select zip from m_reference").pluck().all()).toEqual(["11111"]);
      expect(store.model("m")).toMatchObject({ rows: 1, referenceRows: 1 });
    });

    it("summarises models: schema, rows, time range, label coverage", () => {
      store.log("b", [
        { row: 1, features: { x: 1 }, prediction: 0, ts: 10 },
        { row: 2, features: { x: 2 }, prediction: 1, ts: 30 },
      ]);
      store.log("a", [{ row: 1, features: { x: 1 }, prediction: 0, ts: 20 }]);
      expect(store.models().map((m) => [m.name, m.rows, m.from, m.to, m.labelCoverage, m.referenceRows])).toEqual([
        ["a", 1, 20, 20, 0, null],
        ["b", 2, 10, 30, 0, null],
      ]);
      expect(store.model("nope")).toBeUndefined();
    });

    it("refuses invalid model names and tables that would collide", () => {
      for (const name of [
        "Credit",
        "1model",
        "credit-v2",
        "driftbook_models",
        "sqlite_master",
        "credit_reference",
        "credit_reference_shadow",
        "a".repeat(64),
      ]) {
        expect(() => store.log(name, [row(1, { a: 1 })]), name).toThrow(/model/i);
      }
    });

    it("refuses a batch that would give a model too many columns", async () => {
      const small = new PredictionStore(await databases.location(), { maxColumns: 6 });
      try {
        expect(() => small.log("m", [row(1, { a: 1, b: 2, c: 3 })])).toThrow(/more than 6 columns/);
        expect(small.model("m")).toBeUndefined();
      } finally {
        small.close();
      }
    });

    it("tells listeners which model changed, including changes committed by another process", async () => {
      const changed: string[] = [];
      store.onChange((model) => changed.push(model));
      store.log("m", [row(1, { a: 1 })]);
      expect(changed).toEqual(["m"]);
      const stop = store.watchOtherWriters(20);
      const other = new PredictionStore(path);
      other.log("n", [row(1, { a: 1 })]);
      other.close();
      await expect.poll(() => changed).toEqual(["m", "n"]);
      stop();
    });
  });

  describe("PredictionStore feature names", () => {
    it("stores a feature named like an Object property only where rows have it", async () => {
      const own = new PredictionStore(await databases.location());
      try {
        own.log("m", [row(1, { constructor: "yes", toString: 2 }), row(2, { other: 1 })]);
        expect(own.db.prepare('select "constructor", "toString", other from m order by id').all()).toEqual([
          { constructor: "yes", toString: 2, other: null },
          { constructor: null, toString: null, other: 1 },
        ]);
      } finally {
        own.close();
      }
    });
  });
});
