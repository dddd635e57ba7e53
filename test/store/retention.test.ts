import { statSync } from "node:fs";
import { setImmediate as yieldToEvents } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PredictionStore } from "../../server/store/store.ts";
import type { SqliteDb } from "../../server/store/db.ts";
import { RetentionSweep } from "../../server/store/retention.ts";
import { parseRetention } from "../../server/store/retentionSettings.ts";
import { updateSettings } from "../../server/store/modelSettings.ts";
import { BatchError, type PredictionInput } from "../../server/ingest/types.ts";
import { tempStore } from "../helpers/database.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2023-11-14T22:13:20Z; the rows span the 40 days before it. */
const NOW = 1_700_000_000_000;

let store: PredictionStore;
let path: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ store, path, cleanup } = await tempStore("retention.db", NOW));
});
afterEach(() => cleanup());

/** `count` rows, evenly spread over the 40 days before NOW, ten features each (the demo's shape). */
function history(count: number, prefix = "h"): PredictionInput[] {
  return Array.from({ length: count }, (_, i) => ({
    row: i + 1,
    id: `${prefix}${i}`,
    ts: NOW - 40 * DAY + Math.floor((i * 40 * DAY) / count),
    features: Object.fromEntries(Array.from({ length: 10 }, (_, f) => [`f${f}`, Math.sin(i * (f + 1))])),
    prediction: i % 2,
    score: (i % 100) / 100,
  }));
}

function logHistory(count: number): void {
  const rows = history(count);
  for (let start = 0; start < rows.length; start += 5000) store.log("m", rows.slice(start, start + 5000));
}

const count = (sql: string, ...params: unknown[]) =>
  store.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

function addProfile(grain: string, start: number, source = "predictions"): void {
  store.db
    .prepare(
      "insert into driftbook_profiles (model, source, grain, start, column_name, data) values ('m', ?, ?, ?, 'f0', x'00')",
    )
    .run(source, grain, start);
}

describe("retention sweep", () => {
  it("deletes rows older than the rows period and profiles whose whole span is older than theirs", async () => {
    logHistory(4000);
    // In place of the profiles kept at ingest, ones whose days and months straddle the cutoffs.
    store.db.exec("delete from driftbook_profiles");
    for (let start = NOW - 40 * DAY; start < NOW; start += HOUR) addProfile("bucket", start);
    const straddling = Date.UTC(2023, 9, 10); // the UTC day 35 days and a few hours before NOW
    addProfile("day", straddling);
    addProfile("day", straddling - DAY);
    addProfile("month", Date.UTC(2023, 9, 1)); // October: ends after the profiles cutoff
    addProfile("all", 0, "reference:training:1");
    updateSettings(store.db, "m", { retention: parseRetention({ rows: "30d", profiles: "35d" }) });
    const versionBefore = store.model("m")!.version;

    const report = await new RetentionSweep(store, () => NOW, { batchRows: 300 }).sweep();

    const rowsCutoff = NOW - 30 * DAY;
    const profilesCutoff = NOW - 35 * DAY;
    expect(count(`select count(*) from m where ts < ?`, rowsCutoff)).toBe(0);
    expect(count(`select count(*) from m`)).toBe(history(4000).filter((row) => row.ts! >= rowsCutoff).length);
    expect(count("select min(start) from driftbook_profiles where grain = 'bucket'")).toBeGreaterThanOrEqual(
      profilesCutoff - HOUR,
    );
    // Profiles outlive their rows: the buckets between 35 and 30 days back have no rows left.
    expect(
      count("select count(*) from driftbook_profiles where grain = 'bucket' and start < ?", rowsCutoff),
    ).toBeGreaterThanOrEqual(5 * 24);
    expect(
      store.db.prepare("select grain, start from driftbook_profiles where grain <> 'bucket' order by start").all(),
    ).toEqual([
      { grain: "all", start: 0 },
      { grain: "month", start: Date.UTC(2023, 9, 1) },
      { grain: "day", start: straddling },
    ]);
    // Rows are 14.4 min apart: 1,000 of them in the first 10 days. Buckets ending by the cutoff:
    // the first 5 days' 120; and the day before the straddling one.
    expect(report.deleted).toEqual([{ model: "m", rows: 1000, profiles: 120 + 1 }]);
    expect(store.model("m")!.version).toBe(versionBefore + 1);
  });

  it("takes ingest batches between its steps, and a second sweep finds nothing", async () => {
    logHistory(6000);
    updateSettings(store.db, "m", { retention: parseRetention({ rows: "30d" }) });
    const sweep = new RetentionSweep(store, () => NOW, { batchRows: 100 });
    let done = false;
    const sweeping = sweep.sweep().then((report) => ((done = true), report));
    let batches = 0;
    while (!done) {
      const fresh = history(10, `new${batches}-`).map((row) => ({ ...row, ts: NOW }));
      expect(store.log("m", fresh).written).toBe(10);
      batches++;
      await yieldToEvents();
    }
    const report = await sweeping;
    expect(report.deleted[0]!.rows).toBe(1500);
    expect(batches).toBeGreaterThanOrEqual(15); // one between each pair of its 16 steps at least
    expect(count("select count(*) from m where ts = ?", NOW)).toBe(batches * 10);
    expect(await sweep.sweep()).toEqual({ deleted: [], freedPages: 0 });
  });

  it("gives the freed pages back to the file system", async () => {
    logHistory(20_000);
    updateSettings(store.db, "m", { retention: parseRetention({ rows: "10d" }) });
    (store.db as SqliteDb).pragma("wal_checkpoint(TRUNCATE)");
    const sizeBefore = statSync(path).size;
    expect((store.db as SqliteDb).pragma("auto_vacuum", { simple: true })).toBe(2);
    const report = await new RetentionSweep(store, () => NOW, { vacuumPages: 4 }).sweep();
    expect(report.deleted[0]!.rows).toBe(15_000);
    expect(report.freedPages).toBeGreaterThan(20);
    expect((store.db as SqliteDb).pragma("freelist_count", { simple: true })).toBe(0);
    (store.db as SqliteDb).pragma("wal_checkpoint(TRUNCATE)");
    expect(statSync(path).size).toBeLessThan(sizeBefore - report.freedPages * 60_000);
  });
});

describe("retention settings", () => {
  it("reads durations, keeps null as for good, and names the field it refuses", () => {
    expect(parseRetention({ rows: "30d", profiles: "400d" })).toEqual({ rowsMs: 30 * DAY, profilesMs: 400 * DAY });
    expect(parseRetention({ rows: "12w", profiles: null })).toEqual({ rowsMs: 84 * DAY, profilesMs: null });
    const refused: [unknown, string][] = [
      ["30d", "retention"],
      [{ rows: 30 }, "retention.rows"],
      [{ rows: "soon" }, "retention.rows"],
      [{ rows: "10m" }, "retention.rows"],
      [{ rows: "30d", profiles: "7d" }, "retention.profiles"],
      [{ profiles: "400d" }, "retention.profiles"],
      [{ row: "30d" }, "retention.row"],
    ];
    for (const [value, field] of refused) {
      expect(() => parseRetention(value), JSON.stringify(value)).toThrow(BatchError);
      try {
        parseRetention(value);
      } catch (error) {
        expect((error as BatchError).details).toEqual({ field });
      }
    }
  });
});
