import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RuntimeHost } from "../../../server/runtime/host.ts";
import { PredictionStore } from "../../../server/store/store.ts";
import { analysed } from "../../helpers/workbooks.ts";
import { ENGINES, engineDatabases } from "../../helpers/engines.ts";

describe.each(ENGINES)("sql in cells, on %s", (engine) => {
  const databases = engineDatabases(engine);
  let store: PredictionStore;
  let host: RuntimeHost;
  let dbPath: string;

  beforeEach(async () => {
    dbPath = await databases.location();
    store = new PredictionStore(dbPath);
    host = new RuntimeHost({ dbPath, dataIntervalMs: 200 });
  }, 60_000);
  afterEach(async () => {
    await host.close();
    store.close();
  });

  const INJECTION = "x'); drop table credit; --";

  function logRows(count: number, start = 0) {
    store.log(
      "credit",
      Array.from({ length: count }, (_, i) => ({
        row: i + 1,
        id: `p${start + i}`,
        features: { age: 20 + ((start + i) % 50), note: "plain" },
        prediction: i % 2,
      })),
    );
  }

  /** One prediction at each of these hours after `day`. */
  function logHours(day: number, hours: number[]) {
    store.log(
      "credit",
      hours.map((hour, i) => ({ row: i + 1, id: `p${i}`, ts: day + hour * 3_600_000, features: {}, prediction: 0 })),
    );
  }

  describe("the sql tag", () => {
    it("returns an Arquero table with the query's columns, and binds every interpolation as a value", async () => {
      logRows(10);
      store.log("credit", [{ row: 1, id: "evil", features: { age: 99, note: INJECTION }, prediction: 1 }]);
      host.load(
        analysed(
          "```sql counts\nselect count(*) as n, max(age) as oldest from credit\n```",
          `const hostile = ${JSON.stringify(INJECTION)};`,
          "```sql matched\nselect id, note from credit where note = ${hostile}\n```",
          "const n = counts.get('n', 0);",
        ),
      );
      await host.whenIdle();
      const cells = host.snapshot();
      expect(cells.map((cell) => cell.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
      expect(cells[0].outputs[0]).toMatchObject({
        kind: "table",
        columns: [{ name: "n" }, { name: "oldest" }],
        rows: [[11, 99]],
        totalRows: 1,
      });
      // The injection string was stored and is matched as a plain value; the table is intact.
      expect(cells[2].outputs[0]).toMatchObject({ kind: "table", rows: [["evil", INJECTION]] });
      expect(store.db.prepare("select count(*) from credit").pluck().get()).toBe(11);
    });

    it("reports what each query read: its rows and the span of its ts column, for a report's provenance", async () => {
      const day = Date.UTC(2026, 10, 26);
      logHours(day, [0, 5, 2]);
      host.load(
        analysed(
          "```sql recent\nselect *\n  from credit where ts >= ${since}\n```",
          "const since = 0;",
          "const n = (await sql`select count(*) as n from credit`).get('n', 0);\nconst none = await sql`select ts from credit where ts < 0`;",
        ),
      );
      await host.whenIdle();
      expect(host.dataWindows()).toEqual([
        { cellIndex: 0, sql: "select * from credit where ts >= ?", rows: 3, from: day, to: day + 5 * 3_600_000 },
        { cellIndex: 2, sql: "select count(*) as n from credit", rows: 1 },
        { cellIndex: 2, sql: "select ts from credit where ts < 0", rows: 0 },
      ]);
    });

    it("splices sql.bucket's expression into a sql cell, while its other ${} stay bound values", async () => {
      const day = Date.UTC(2026, 10, 26);
      logHours(day, [1, 30, 50]);
      host.load(
        analysed(
          '```sql daily\nselect ${sql.bucket("ts", "1d")} as day, count(*) as n from credit where ts >= ${0} group by day order by day\n```',
        ),
      );
      await host.whenIdle();
      expect(host.snapshot()[0].outputs[0]).toMatchObject({
        kind: "table",
        rows: [
          [day, 1],
          [day + 86_400_000, 1],
          [day + 2 * 86_400_000, 1],
        ],
      });
      expect(host.dataWindows()[0]!.sql).toMatch(/^select \(cast\("ts" as bigint\) - .* where ts >= \? group by day/);
    });

    it("counts 100k logged rows", async () => {
      for (let batch = 0; batch < 10; batch++) logRows(10_000, batch * 10_000);
      host.load(analysed("```sql total\nselect count(*) as n from credit\n```"));
      await host.whenIdle();
      expect(host.snapshot()[0].outputs[0]).toMatchObject({ rows: [[100_000]] });
    });

    it("refuses writes from a cell with a clear error", async () => {
      logRows(1);
      host.load(
        analysed(
          "await sql`delete from credit`",
          "await sql`insert into credit (id, ts) values ('x', 1) returning id`",
        ),
      );
      await host.whenIdle();
      const [remove, insert] = host.snapshot();
      expect(remove.outputs[0]).toMatchObject({ kind: "error", message: expect.stringMatching(/read-only/) });
      expect(insert.outputs[0]).toMatchObject({ kind: "error", message: expect.stringMatching(/read-only/) });
      expect(store.db.prepare("select count(*) from credit").pluck().get()).toBe(1);
    });

    it("re-runs only the cells that read a model when its data changes", async () => {
      logRows(5);
      store.log("other", [{ row: 1, features: { a: 1 }, prediction: 0 }]);
      const runs = new Map<number, number>();
      host.subscribe((state) => {
        if (state.status === "running") runs.set(state.index, (runs.get(state.index) ?? 0) + 1);
      });
      host.load(
        analysed(
          "```sql n\nselect count(*) as n from credit\n```",
          "n.get('n', 0) * 2",
          "```sql o\nselect count(*) as n from other\n```",
          "const unrelated = 1;",
        ),
      );
      await host.whenIdle();
      logRows(3, 100);
      host.dataChanged(["credit"]);
      await expect.poll(() => runs.get(0)).toBe(2);
      await host.whenIdle();
      expect(Object.fromEntries(runs)).toEqual({ 0: 2, 1: 2, 2: 1, 3: 1 });
      expect(host.snapshot()[1].outputs).toEqual([{ kind: "json", value: 16 }]);
    });

    it("coalesces a burst of changes into a bounded number of re-runs", async () => {
      logRows(1);
      let runs = 0;
      host.subscribe((state) => {
        if (state.status === "running") runs++;
      });
      host.load(analysed("```sql n\nselect count(*) as n from credit\n```"));
      await host.whenIdle();
      runs = 0;
      const started = Date.now();
      for (let i = 0; i < 20; i++) {
        logRows(1, 1000 + i);
        host.dataChanged(["credit"]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const burstMs = Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 500));
      await host.whenIdle();
      // 20 changes over the burst (~0.4 s on SQLite, longer where a batch takes longer) with a 200 ms
      // interval: the leading run, at most one per interval during the burst, and the follow-up.
      expect(runs).toBeGreaterThanOrEqual(2);
      expect(runs).toBeLessThanOrEqual(Math.ceil(burstMs / 200) + 1);
      expect(host.snapshot()[0].outputs[0]).toMatchObject({ rows: [[21]] });
    });

    // A PostgreSQL database exists before any data; a SQLite file only once the first batch makes it.
    it.runIf(engine === "sqlite")(
      "reads data logged after the workbook started against an empty database",
      async () => {
        const empty = new RuntimeHost({ dbPath: dbPath + "-later" });
        try {
          empty.load(analysed("```sql n\nselect count(*) as n from credit\n```"));
          await empty.whenIdle();
          expect(empty.snapshot()[0].outputs[0]).toMatchObject({
            kind: "error",
            message: expect.stringMatching(/no database at .* yet/),
          });
          const later = new PredictionStore(dbPath + "-later");
          later.log("credit", [{ row: 1, features: { a: 1 }, prediction: 0 }]);
          later.close();
          empty.dataChanged(["credit"]);
          await expect.poll(() => empty.snapshot()[0].status).toBe("fulfilled");
          expect(empty.snapshot()[0].outputs[0]).toMatchObject({ rows: [[1]] });
        } finally {
          await empty.close();
        }
      },
    );
  });
});
