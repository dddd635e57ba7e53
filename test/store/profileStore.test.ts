import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LabelProfile, NumericProfile } from "../../detectors/index.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { BatchError } from "../../server/ingest/types.ts";
import { StagedWrite } from "../../server/store/staging.ts";
import { rebuildProfiles } from "../../server/store/profileRebuild.ts";
import { decodeRows } from "../../server/store/storedProfiles.ts";
import { referenceSource } from "../../server/store/references.ts";
import { exactProfiles, storedProfiles } from "../helpers/profiles.ts";
import { NUMERIC_COLUMNS, profileRows, seeded } from "../helpers/profileData.ts";
import { expectProfilesMatchSql } from "../helpers/profileSql.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";
import { SEGMENT_MISSING, SEGMENT_OTHER } from "../../server/store/profileDeltas.ts";

const NOW = Date.UTC(2026, 1, 10);
/** Two days either side of a month's end, so days roll up into two months. */
const FROM = Date.UTC(2026, 0, 30, 6);
const CATEGORICAL = ["five", "many", "flag", "region"];
const COLUMNS = { numeric: NUMERIC_COLUMNS, categorical: CATEGORICAL };
const HOUR = 3_600_000;

describe.each(ENGINES)("profiles on %s", (engine) => {
  const databases = engineDatabases(engine);
  let store: PredictionStore;
  let path: string;
  beforeEach(async () => {
    path = await databases.location();
    store = new PredictionStore(path, { now: () => NOW });
  });
  afterEach(() => store.close());

  const labelsAt = (model: string, grain: string, start: number, segment = "", value = "") => {
    const data = store.db
      .prepare(
        `select data from driftbook_profiles where model = ? and source = 'predictions' and grain = ? and start = ?
       and segment = ? and segment_value = ? and column_name = '@labels'`,
      )
      .pluck()
      .get(model, grain, start, segment, value) as Uint8Array | undefined;
    return data && LabelProfile.decode(data);
  };

  function logRandom(model: string, seed: number, batches: number, rows = 2000, regions = 5) {
    const random = seeded(seed);
    for (let batch = 0; batch < batches; batch++) {
      store.log(model, profileRows(random, rows, { from: FROM, hours: 72, idPrefix: `b${batch}`, regions }));
    }
  }

  describe("profiles kept at ingest", () => {
    it("hold the counts, missing, min and max raw SQL gives for every bucket, day and month, and sums within 1e-12 of exactly rounded ones", () => {
      logRandom("exact", 1, 6);
      const checked = expectProfilesMatchSql(store.db, "exact", COLUMNS);
      const periods = store.db
        .prepare("select grain, count(distinct start) as n from driftbook_profiles group by grain order by grain")
        .all();
      // 72 hours from 06:00 on January 30th: 72 buckets, 4 days, 2 months.
      expect(periods).toEqual([
        { grain: "bucket", n: 72 },
        { grain: "day", n: 4 },
        { grain: "month", n: 2 },
      ]);
      expect(checked).toBe((72 + 4 + 2) * (1 + NUMERIC_COLUMNS.length + CATEGORICAL.length));
    });

    it("hold what raw SQL gives when every row of a batch falls in one bucket (no row indices), duplicates and nulls included", () => {
      const random = seeded(5);
      for (let batch = 0; batch < 4; batch++) {
        store.log("one", profileRows(random, 500, { from: FROM + batch * HOUR, hours: 1, idPrefix: `o${batch}` }));
      }
      // Ids of batch 0 again, in batch 0's bucket: the rows written are a selection of the batch.
      expect(store.log("one", profileRows(random, 700, { from: FROM, hours: 1, idPrefix: "o0" }))).toMatchObject({
        written: 200,
        duplicates: 500,
      });
      expectProfilesMatchSql(store.db, "one", COLUMNS);
      const buckets = store.db
        .prepare("select count(distinct start) from driftbook_profiles where model = 'one' and grain = 'bucket'")
        .pluck()
        .get();
      expect(buckets).toBe(4);
    });

    it("keep a rejected batch out of every profile", () => {
      logRandom("rejected", 2, 1, 500);
      const before = storedProfiles(store.db, "rejected");
      const bad = profileRows(seeded(3), 300, { from: FROM, hours: 72, idPrefix: "bad" });
      bad[250]!.features.normal = "not a number";
      expect(() => store.log("rejected", bad)).toThrow(BatchError);
      expect(storedProfiles(store.db, "rejected")).toEqual(before);
    });

    it("count a row once when its id comes again, in a later batch or the same one", () => {
      const random = seeded(4);
      const first = profileRows(random, 400, { from: FROM, hours: 6, idPrefix: "a" });
      store.log("dups", first);
      const again = [...first.slice(0, 100), ...profileRows(random, 100, { from: FROM, hours: 6, idPrefix: "b" })];
      again.push({ ...again[150]!, row: 201, features: { ...again[150]!.features, normal: 1e9 } });
      expect(store.log("dups", again)).toMatchObject({ written: 100, duplicates: 101 });
      expectProfilesMatchSql(store.db, "dups", COLUMNS);
    });

    it("record when each row and each label was written", () => {
      store.log("stamps", [{ row: 1, id: "a", ts: FROM, features: { x: 1 }, prediction: 1, label: 1 }]);
      store.log("stamps", [{ row: 1, id: "b", ts: FROM, features: { x: 2 }, prediction: 0 }]);
      const stamps = () => store.db.prepare("select id, ingested_at, label_ingested_at from stamps order by id").all();
      expect(stamps()).toEqual([
        { id: "a", ingested_at: NOW, label_ingested_at: NOW },
        { id: "b", ingested_at: NOW, label_ingested_at: null },
      ]);
      expect(store.model("stamps")!.columns.map(({ name }) => name)).toEqual(["id", "ts", "x", "prediction", "label"]);
    });

    it("record the time asIfAt gives while it runs, and the clock's again after, even when the write failed", () => {
      const at = FROM + HOUR;
      store.asIfAt(at, () => store.log("backfill", [{ row: 1, id: "a", ts: FROM, features: { x: 1 }, prediction: 1 }]));
      expect(() => store.asIfAt(at, () => store.attachLabels("missing", [{ row: 1, id: "a", label: 1 }]))).toThrow(
        /no model named "missing"/,
      );
      store.attachLabels("backfill", [{ row: 1, id: "a", label: 1 }]);
      expect(store.db.prepare("select ingested_at, label_ingested_at from backfill").get()).toEqual({
        ingested_at: at,
        label_ingested_at: NOW,
      });
    });
  });

  describe("labels in profiles", () => {
    it("go to the bucket of their prediction however late they come, once however often they are sent, and move when they change", () => {
      store.log("late", [
        { row: 1, id: "p1", ts: FROM + 5 * HOUR + 10, features: { x: 1 }, prediction: 1, score: 0.9 },
        { row: 2, id: "p2", ts: FROM + 30 * HOUR, features: { x: 2 }, prediction: 0, score: 0.2 },
      ]);
      const bucket = FROM + 5 * HOUR;
      expect(labelsAt("late", "bucket", bucket)).toBeUndefined();
      // Three days later: the label of p1 only.
      store.attachLabels("late", [{ row: 1, id: "p1", label: 1 }]);
      store.attachLabels("late", [{ row: 1, id: "p1", label: 1 }]);
      for (const [grain, start] of [
        ["bucket", bucket],
        ["day", Date.UTC(2026, 0, 30)],
        ["month", Date.UTC(2026, 0, 1)],
      ] as const) {
        const labels = labelsAt("late", grain, start)!;
        expect({ grain, count: labels.count, confusion: labels.toJSON() }).toMatchObject({
          grain,
          count: 1,
          confusion: { confusion: { "1": { "1": 1 } } },
        });
      }
      expect(labelsAt("late", "bucket", FROM + 30 * HOUR)).toBeUndefined();
      store.attachLabels("late", [{ row: 1, id: "p1", label: 0 }]);
      expect(labelsAt("late", "bucket", bucket)!.toJSON()).toMatchObject({ count: 1, confusion: { "1": { "0": 1 } } });
      store.attachLabels("late", [{ row: 1, id: "p1", label: null }]);
      expect(labelsAt("late", "bucket", bucket)!.count).toBe(0);
    });

    it("count an id labelled twice in one batch once, by its last label, across chunks of the batch", () => {
      const rows = Array.from({ length: 1500 }, (_, i) => ({
        row: i + 1,
        id: `t${i}`,
        ts: FROM,
        features: { x: i },
        prediction: 1,
        score: 0.8,
      }));
      store.log("twice", rows);
      // t0 twice in the first thousand labels and again after it (another chunk), changing each time.
      const labels = [
        { row: 1, id: "t0", label: 0 },
        ...rows.map(({ id }, i) => ({ row: i + 2, id, label: 1 })),
        { row: 1502, id: "t0", label: 0 },
        { row: 1503, id: "missing", label: 1 },
      ];
      expect(store.attachLabels("twice", labels)).toMatchObject({ matched: 1502, unmatched: 1 });
      expect(store.db.prepare("select label from twice where id = 't0'").pluck().get()).toBe(0);
      const day = labelsAt("twice", "day", Date.UTC(2026, 0, 30))!;
      expect(day.toJSON()).toMatchObject({ count: 1500, confusion: { "1": { "0": 1, "1": 1499 } } });
    });

    it("keep regression sums for a numeric label without a score", () => {
      store.log("reg", [
        { row: 1, id: "a", ts: FROM, features: { x: 1 }, prediction: 10 },
        { row: 2, id: "b", ts: FROM, features: { x: 2 }, prediction: 20 },
      ]);
      store.attachLabels("reg", [
        { row: 1, id: "a", label: 12 },
        { row: 2, id: "b", label: 17 },
      ]);
      const labels = labelsAt("reg", "bucket", FROM - (FROM % HOUR))!;
      expect(labels.task).toBe("regression");
      expect({
        count: labels.count,
        sumAbsoluteError: labels.sumAbsoluteError,
        sumSquaredError: labels.sumSquaredError,
      }).toEqual({
        count: 2,
        sumAbsoluteError: 5,
        sumSquaredError: 13,
      });
    });
  });

  describe("segments", () => {
    it("keep day and month profiles per value up to the cap, the rest under other, and labels per segment", () => {
      store.updateSettings("seg", { segments: ["region"], segmentCap: 3 });
      logRandom("seg", 5, 3, 1000, 6);
      expectProfilesMatchSql(store.db, "seg", COLUMNS);
      const values = store.db
        .prepare("select distinct grain, segment_value from driftbook_profiles where segment = 'region' order by 1, 2")
        .all() as { grain: string; segment_value: string }[];
      expect(values.filter(({ grain }) => grain === "bucket")).toEqual([]);
      // Six regions, a cap of three: three of their own, the rest under other, nulls apart.
      const monthValues = values.filter(({ grain }) => grain === "month").map(({ segment_value }) => segment_value);
      expect(monthValues.filter((value) => value.startsWith("\uffff"))).toEqual([SEGMENT_MISSING, SEGMENT_OTHER]);
      expect(monthValues.filter((value) => !value.startsWith("\uffff"))).toHaveLength(3);
      const row = store.db.prepare("select id, ts, region from seg where region is not null limit 1").get() as {
        id: string;
        ts: number;
        region: string;
      };
      store.attachLabels("seg", [{ row: 1, id: row.id, label: 1 }]);
      const known = values.some(({ segment_value }) => segment_value === row.region);
      const day = row.ts - (row.ts % 86_400_000);
      expect(labelsAt("seg", "day", day, "region", known ? row.region : SEGMENT_OTHER)!.count).toBe(1);
    });
  });

  describe("reference profiles", () => {
    it("hold one profile per column of each version of the set (grain all), kept when the set is replaced, also when staged", () => {
      const rowsOf = (version: number) =>
        Object.fromEntries(
          storedProfiles(store.db, "ref", referenceSource("training", version))
            .filter(({ column_name }) => column_name === "@rows")
            .map((row) => [`${row.grain} ${row.start}`, decodeRows(row.data)]),
        );
      store.replaceReference("ref", profileRows(seeded(9), 300, { from: FROM, hours: 72, idPrefix: "a" }));
      expect(rowsOf(1)).toEqual({ "all 0": 300 });
      store.appendReference("ref", profileRows(seeded(10), 50, { from: FROM, hours: 72, idPrefix: "b" }));
      expect(rowsOf(1)).toEqual({ "all 0": 350 });
      store.replaceReference("ref", profileRows(seeded(11), 20, { from: FROM, hours: 72, idPrefix: "c" }));
      expect(rowsOf(2)).toEqual({ "all 0": 20 });
      expect(rowsOf(1)).toEqual({ "all 0": 350 });
      const normal = storedProfiles(store.db, "ref", referenceSource("training", 2)).find(
        ({ column_name }) => column_name === "normal",
      )!;
      expect(NumericProfile.decode(normal.data).count).toBe(20);
      const staged = new StagedWrite(store, path, "ref", { reference: "training" });
      try {
        staged.write(profileRows(seeded(12), 40, { from: FROM, hours: 72, idPrefix: "d" }));
        staged.write(profileRows(seeded(13), 60, { from: FROM, hours: 72, idPrefix: "e" }));
        staged.commit();
      } finally {
        staged.discard();
      }
      expect(rowsOf(3)).toEqual({ "all 0": 100 });
      expect(rowsOf(2)).toEqual({ "all 0": 20 });
    });

    it("of staged predictions are kept when the staged rows are copied in, new columns and duplicates included", () => {
      logRandom("staged", 14, 1, 500);
      const staged = new StagedWrite(store, path, "staged", "predictions");
      try {
        const rows = profileRows(seeded(15), 400, { from: FROM, hours: 72, idPrefix: "s" });
        rows.forEach((row, i) => (row.features.extra = i % 4 === 0 ? null : i));
        staged.write([...profileRows(seeded(14), 100, { from: FROM, hours: 72, idPrefix: "b0" }), ...rows]);
        expect(staged.commit()).toMatchObject({ written: 400, duplicates: 100 });
      } finally {
        staged.discard();
      }
      expectProfilesMatchSql(store.db, "staged", { ...COLUMNS, numeric: [...NUMERIC_COLUMNS, "extra"] });
    });
  });

  describe("rebuild", () => {
    it("rebuilds what ingest kept: exact fields equal, sketches within their bound", () => {
      store.updateSettings("re", { segments: ["region"] });
      logRandom("re", 6, 4, 1500);
      const ids = store.db.prepare("select id from re where rowid % 3 = 0").pluck().all() as string[];
      store.attachLabels(
        "re",
        ids.map((id, i) => ({ row: i + 1, id, label: i % 2 })),
      );
      const before = exactProfiles(store.db, "re", NUMERIC_COLUMNS);
      const medianBefore = NumericProfile.decode(monthProfile("normal"));
      expect(rebuildProfiles(store.db, "re").rows).toBe(6000);
      expect(exactProfiles(store.db, "re", NUMERIC_COLUMNS)).toEqual(before);
      const medianAfter = NumericProfile.decode(monthProfile("normal"));
      const bound = medianBefore.sketch.rankErrorBound() + medianAfter.sketch.rankErrorBound();
      expect(Math.abs(medianBefore.cdf(medianAfter.quantile(0.5)) - 0.5)).toBeLessThanOrEqual(bound);
      expect(storedProfiles(store.db, "re", "rebuild:predictions")).toEqual([]);
    });

    it("keeps the profiles of rows deleted since, and merges their buckets into the day and month of the oldest row", () => {
      logRandom("kept", 7, 2, 1500);
      const before = exactProfiles(store.db, "kept", NUMERIC_COLUMNS);
      // Retention takes the first 20 hours (whole buckets): their profiles must outlive them.
      store.db.prepare("delete from kept where ts < ?").run(FROM + 20 * HOUR);
      rebuildProfiles(store.db, "kept");
      expect(exactProfiles(store.db, "kept", NUMERIC_COLUMNS)).toEqual(before);
    });

    it("follows a changed bucket, which marks the model rebuild-needed until then", () => {
      logRandom("cut", 8, 1, 800);
      expect(store.updateSettings("cut", { bucketMs: 30 * 60_000 }).profilesState).toBe("rebuild-needed");
      expect(store.model("cut")!.profiles).toBe("rebuild-needed");
      rebuildProfiles(store.db, "cut");
      expect(store.model("cut")!.profiles).toBe("current");
      expectProfilesMatchSql(store.db, "cut", { ...COLUMNS, bucketMs: 30 * 60_000 });
      const buckets = store.db
        .prepare("select count(distinct start) from driftbook_profiles where grain = 'bucket'")
        .pluck()
        .get();
      expect(buckets).toBe(store.db.prepare("select count(distinct ts - ts % 1800000) from cut").pluck().get());
      expect(buckets).toBeGreaterThan(72);
    });
  });

  function monthProfile(column: string): Uint8Array {
    return store.db
      .prepare(
        "select data from driftbook_profiles where grain = 'month' and segment = '' and column_name = ? order by start limit 1",
      )
      .pluck()
      .get(column) as Uint8Array;
  }
});
