import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PredictionStore } from "../../server/store/store.ts";
import { ReadonlyDatabase } from "../../server/store/readonly.ts";
import { cellLocation } from "../../server/store/cellLocation.ts";
import { RunStore } from "../../server/runs/store.ts";
import type { PredictionInput } from "../../server/ingest/types.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";

const BASE = Date.UTC(2026, 10, 1);
const H = 3_600_000;

describe.each(ENGINES)("as-of views on a cell's read-only connection, on %s", (engine) => {
  const databases = engineDatabases(engine);
  let store: PredictionStore;
  let reader: ReadonlyDatabase;
  let clock: number;
  beforeEach(async () => {
    const location = await databases.location();
    clock = BASE;
    store = new PredictionStore(location, { now: () => clock });
    reader = new ReadonlyDatabase(cellLocation(location));
  }, 60_000);
  afterEach(() => {
    reader.close();
    store.close();
  });

  function row(id: string, hour: number, income: number, label?: number): PredictionInput {
    return {
      row: 1,
      id,
      ts: BASE + hour * H,
      features: { income },
      prediction: 1,
      ...(label !== undefined && { label }),
    };
  }

  /** Logs `rows` as if at `hour`: their ingested_at is then. */
  function logAt(hour: number, rows: PredictionInput[]): void {
    clock = BASE + hour * H;
    store.log("credit", rows);
  }

  const ids = () => reader.query("select id from credit order by ts", []).array("id") as string[];
  const labels = () =>
    Object.fromEntries(
      reader
        .query("select id, label, label_ingested_at from credit order by ts", [])
        .objects()
        .map((r) => {
          const { id, label, label_ingested_at } = r as {
            id: string;
            label: number | null;
            label_ingested_at: unknown;
          };
          return [id, [label, label_ingested_at === null ? null : "arrived"]];
        }),
    );

  describe("as of T", () => {
    beforeEach(() => {
      // p0 is older than ingested_at: its row counts as arrived at its ts, its label at ts + the median delay.
      logAt(10, [row("p0", 0, 10, 1), row("p1", 1, 11), row("p2", 2, 12)]);
      store.db.prepare("update credit set ingested_at = null, label_ingested_at = null where id = 'p0'").run();
      logAt(12, [row("p3", 3, 13)]);
      clock = BASE + 11 * H;
      store.attachLabels("credit", [{ row: 1, id: "p1", label: 0 }]); // a delay of 10 h, the only one measured
      clock = BASE + 13 * H;
      store.attachLabels("credit", [{ row: 1, id: "p2", label: 1 }]); // and 11 h: the median is 10.5 h
    });

    it("hides rows that came after T, by ts or by arrival", () => {
      reader.setAsOf(BASE + 10 * H - 1);
      expect(ids()).toEqual(["p0"]);
      reader.setAsOf(BASE + 10 * H);
      expect(ids()).toEqual(["p0", "p1", "p2"]);
      reader.setAsOf(BASE + 12 * H);
      expect(ids()).toEqual(["p0", "p1", "p2", "p3"]);
      reader.setAsOf(BASE + 2 * H);
      expect(ids()).toEqual(["p0"]);
      reader.setAsOf(undefined);
      expect(ids()).toEqual(["p0", "p1", "p2", "p3"]);
    });

    it("shows a label only once it had arrived; an old label at its ts plus the median label delay", () => {
      reader.setAsOf(BASE + 10.5 * H - 1);
      expect(labels()).toEqual({ p0: [null, null], p1: [null, null], p2: [null, null] });
      reader.setAsOf(BASE + 10.5 * H);
      expect(labels()).toEqual({ p0: [1, null], p1: [null, null], p2: [null, null] });
      reader.setAsOf(BASE + 11 * H);
      expect(labels()).toEqual({ p0: [1, null], p1: [0, "arrived"], p2: [null, null] });
      reader.setAsOf(BASE + 13 * H);
      expect(labels()).toEqual({ p0: [1, null], p1: [0, "arrived"], p2: [1, "arrived"], p3: [null, null] });
    });

    it("keeps the table's columns in their order, and a `ts >= ?` query keeps using the ts index", () => {
      const columns = () => reader.query("select * from credit", []).columnNames();
      const now = columns();
      reader.setAsOf(BASE + 12 * H);
      expect(columns()).toEqual(now);
      // PostgreSQL's planner picks a sequential scan on a table this small, so the plan is SQLite's only.
      if (engine === "sqlite") {
        const plan = reader
          .query("explain query plan select * from credit where ts >= ?", [BASE + H])
          .array("detail") as string[];
        expect(plan.join("\n")).toMatch(/USING INDEX credit_ts/);
      }
      expect(ids()).toEqual(["p0", "p1", "p2", "p3"]);
      expect(reader.query("select id from credit where ts >= ? order by ts", [BASE + 2 * H]).array("id")).toEqual([
        "p2",
        "p3",
      ]);
    });

    it("opens a connection already as of T, and reads the data as it is now again once cleared", () => {
      reader.close();
      reader.setAsOf(BASE + 10 * H);
      expect(reader.asOf).toBe(BASE + 10 * H);
      expect(ids()).toEqual(["p0", "p1", "p2"]);
    });

    it("shows the reference version in force at T, and none before the first, to joins as well", () => {
      clock = BASE + 5 * H;
      store.replaceReference("credit", [row("p1", -5, 1), row("p2", -4, 2)]);
      clock = BASE + 20 * H;
      store.replaceReference("credit", [row("p1", -5, 1), row("p2", -4, 2), row("p3", -3, 3)]);
      const joined = () =>
        reader.query("select count(*) as n from credit c join credit_reference r on r.id = c.id", []).get("n", 0);
      const referenceColumns = reader.query("select * from credit_reference", []).columnNames();
      reader.setAsOf(BASE + 4 * H);
      expect(reader.query("select * from credit_reference", []).columnNames()).toEqual(referenceColumns);
      expect(joined()).toBe(0);
      reader.setAsOf(BASE + 19 * H);
      expect(reader.query("select income from credit_reference order by ts", []).array("income")).toEqual([1, 2]);
      expect(joined()).toBe(2);
      reader.setAsOf(BASE + 20 * H);
      expect(joined()).toBe(3);
    });

    it("shows the metric points recorded by T", () => {
      const runs = new RunStore(store.db);
      const run = { workbook: "w.md", version: "v", params: {}, trigger: "cli" as const, production: true };
      const runId = runs.begin({ ...run, startedAt: BASE });
      const point = (hour: number) => ({ name: "share", value: hour, labels: {}, at: BASE + hour * H });
      runs.finish(runId, { ...run, startedAt: BASE, durationMs: 1, status: "ok", cells: [], errors: [], alerts: [] }, [
        point(1),
        point(2),
        point(3),
      ]);
      reader.setAsOf(BASE + 2 * H);
      expect(reader.query("select value from driftbook_metric_points order by at", []).array("value")).toEqual([1, 2]);
    });
  });
});
