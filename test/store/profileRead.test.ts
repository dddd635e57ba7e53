/**
 * readProfiles over a real database whose profiles the store kept at ingest: windows merged from
 * month, day and bucket profiles agree with raw SQL over the same rows, `every` cuts UTC days and
 * a zone's days (23 hours across DST), segments and reference sets read their own profiles, an
 * as-of read merges only the buckets that ended by then, and bad options are refused naming the option.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Profile, profileOf, type NumericProfile } from "../../detectors/index.ts";
import type { PredictionInput } from "../../server/ingest/types.ts";
import { updateSettings } from "../../server/store/modelSettings.ts";
import { ProfileReadError, readProfiles, type ProfileReadOptions } from "../../server/store/profileRead.ts";
import { encodeRows, ROWS_COLUMN } from "../../server/store/storedProfiles.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { referenceVersions } from "../../server/store/references.ts";
import { tempDir } from "../helpers/workbooks.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FIRST = Date.UTC(2024, 0, 10, 0, 10);
const LAST = Date.UTC(2024, 2, 25);
const REGIONS = ["eu", "us", "apac"];

let store: PredictionStore;
let cleanup: () => Promise<void>;

/** A row every 20 minutes from FIRST to LAST: x numeric with gaps, region categorical. */
function rows(): PredictionInput[] {
  const logged: PredictionInput[] = [];
  for (let ts = FIRST, row = 0; ts < LAST; ts += 20 * MINUTE, row++) {
    const x = row % 17 === 0 ? null : ((row * 7919) % 1000) / 10 + (ts > Date.UTC(2024, 1, 20) ? 25 : 0);
    logged.push({ row, id: `p${row}`, ts, features: { x, region: REGIONS[(row * 31) % 3] }, prediction: row % 2 });
  }
  return logged;
}

beforeAll(async () => {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  store = new PredictionStore(join(temp.dir, "driftbook.db"));
  updateSettings(store.db, "shop", { segments: ["region"] });
  store.log("shop", rows());
});
afterAll(async () => {
  store.close();
  await cleanup();
});

const read = (options: ProfileReadOptions) => readProfiles(store.db, "shop", options);

/** The raw rows with `ts` in [from, to) (and `where`), profiled from SQL: the reference the stored profiles must match. */
function rawProfile(from: number, to: number, where = "true"): Profile {
  const raw = store.db
    .prepare(`select x, region, prediction from shop where ts >= ? and ts < ? and ${where} order by ts`)
    .all(from, to) as { x: number | null; region: string; prediction: number }[];
  return profileOf({
    prediction: raw.map((row) => row.prediction),
    region: raw.map((row) => row.region),
    x: raw.map((row) => row.x),
  });
}

/** The fields of a profile that merging keeps exactly; sums and moments within 1e-12 relative. */
function expectSameExactFields(actual: Profile, expected: Profile): void {
  expect(actual.rows).toBe(expected.rows);
  for (const name of ["prediction", "x"]) {
    const [mine, theirs] = [actual.column(name), expected.column(name)] as NumericProfile[];
    expect([mine.count, mine.missing, mine.min, mine.max]).toEqual([
      theirs.count,
      theirs.missing,
      theirs.min,
      theirs.max,
    ]);
    expect(mine.sum).toBeCloseTo(theirs.sum, 6);
    expect(Math.abs(mine.variance - theirs.variance) / theirs.variance).toBeLessThan(1e-12);
  }
  expect(actual.column("region").toJSON()).toEqual(expected.column("region").toJSON());
}

describe("readProfiles", () => {
  // From 13:20 on Jan 15 to 05:40 on Mar 10: buckets to Jan 16, days to Feb 1, February whole, days to Mar 10, buckets.
  const since = "2024-01-15T13:20:00Z";
  const until = "2024-03-10T05:40:00Z";
  const from = Date.UTC(2024, 0, 15, 13);
  const to = Date.UTC(2024, 2, 10, 6);

  it("merges a window from month, day and bucket profiles into what raw SQL over its buckets gives", () => {
    const [window] = read({ since, until });
    expect(window).toMatchObject({ start: from, end: to });
    expectSameExactFields(window.profile, rawProfile(from, to));
  });

  it("gives the same exact fields as merging each of the window's buckets on its own", () => {
    const buckets = read({ since, until, every: "1h" });
    expect(buckets).toHaveLength((to - from) / HOUR);
    const merged = new Profile();
    for (const { profile } of buckets) merged.merge(profile);
    expectSameExactFields(read({ since, until })[0].profile, merged);
  });

  it("reads February from its month profile, not from its 696 buckets", () => {
    const february = Date.UTC(2024, 1, 1);
    const monthRows = store.db.prepare(
      "update driftbook_profiles set data = ? where model = 'shop' and source = 'predictions' and grain = 'month' and start = ? and segment = '' and column_name = ?",
    );
    const before = read({ since, until })[0].profile.rows;
    const stored = rawProfile(february, Date.UTC(2024, 2, 1)).rows;
    monthRows.run(encodeRows(stored + 1_000_000), february, ROWS_COLUMN);
    try {
      expect(read({ since, until })[0].profile.rows).toBe(before + 1_000_000);
    } finally {
      monthRows.run(encodeRows(stored), february, ROWS_COLUMN);
    }
  });

  it("cuts UTC days with every: 1d, each holding that day's rows", () => {
    const days = read({ since: "2024-02-27", until: "2024-03-02", every: "1d" });
    const counts = store.db
      .prepare("select count(*) from shop where ts >= ? and ts < ? group by ts / 86400000 order by 1")
      .pluck()
      .all(Date.UTC(2024, 1, 27), Date.UTC(2024, 2, 2));
    expect(days.map((day) => new Date(day.start!).toISOString().slice(0, 10))).toEqual([
      "2024-02-27",
      "2024-02-28",
      "2024-02-29",
      "2024-03-01",
    ]);
    expect(days.map((day) => day.profile.rows)).toEqual(counts);
  });

  it("cuts the days of a time zone, the call's or else the model's, through a 23-hour day", () => {
    // New York's days around the change to summer time on 2024-03-10 (02:00 local): 24, 23, 24 hours.
    const starts = ["2024-03-09T05:00:00Z", "2024-03-10T05:00:00Z", "2024-03-11T04:00:00Z", "2024-03-12T04:00:00Z"].map(
      Date.parse,
    );
    const expected = starts.slice(0, 3).map((start, i) => ({
      start,
      end: starts[i + 1],
      rows: rawProfile(start, starts[i + 1]).rows,
    }));
    const window = { since: starts[0], until: starts[3], every: "1d" };
    const asRead = (windows: ReturnType<typeof read>) =>
      windows.map(({ start, end, profile }) => ({ start, end, rows: profile.rows }));
    expect(asRead(read({ ...window, tz: "America/New_York" }))).toEqual(expected);
    updateSettings(store.db, "shop", { tz: "America/New_York" });
    try {
      expect(asRead(read(window))).toEqual(expected);
    } finally {
      updateSettings(store.db, "shop", { tz: null });
    }
    expect(expected.map(({ start, end }) => (end - start) / HOUR)).toEqual([24, 23, 24]);
  });

  it("starts and ends at the stored data by default, with whole intervals for every", () => {
    const [all] = read({});
    expect(all).toMatchObject({ start: Date.UTC(2024, 0, 10), end: LAST });
    expect(all.profile.rows).toBe(rows().length);
    const days = read({ every: "1d" });
    expect(days).toHaveLength((LAST - Date.UTC(2024, 0, 10)) / (24 * HOUR));
  });

  it("reads one segment value from its day and month profiles", () => {
    const region = { column: "region", value: "eu" };
    const [window] = read({ since, until, segment: region });
    // Segment values are kept per day: the window widens to whole UTC days.
    const [start, end] = [Date.UTC(2024, 0, 15), Date.UTC(2024, 2, 11)];
    expect(window).toMatchObject({ start, end });
    expectSameExactFields(window.profile, rawProfile(start, end, "region = 'eu'"));
    const days = read({ since: "2024-03-01", until: "2024-03-03", every: "1d", segment: region });
    expect(days.map((day) => day.profile.rows)).toEqual([
      rawProfile(Date.UTC(2024, 2, 1), Date.UTC(2024, 2, 2), "region = 'eu'").rows,
      rawProfile(Date.UTC(2024, 2, 2), Date.UTC(2024, 2, 3), "region = 'eu'").rows,
    ]);
  });

  it("reads each value of a segment column on its own, by value, per interval", async () => {
    const days = read({ since: "2024-03-01", until: "2024-03-03", every: "1d", segment: { column: "region" } });
    const expected = [Date.UTC(2024, 2, 1), Date.UTC(2024, 2, 2)].flatMap((start) =>
      [...REGIONS].sort().map((value) => ({
        start,
        segment: { column: "region", value },
        rows: rawProfile(start, start + 24 * HOUR, `region = '${value}'`).rows,
      })),
    );
    expect(days.map(({ start, segment, profile }) => ({ start, segment, rows: profile.rows }))).toEqual(expected);
  });

  it("reads the reference set's one profile, by default the training set", () => {
    store.replaceReference("shop", rows().slice(0, 500));
    const [reference] = read({ reference: true });
    expect(reference).toMatchObject({ start: null, end: null });
    expect(reference.profile.rows).toBe(500);
    expect(reference.profile.column("region").type).toBe("categorical");
    expect(read({ reference: "training" })[0].profile.rows).toBe(500);
  });

  it.each<[string, ProfileReadOptions | "model", string, string]>([
    ["an unknown model", "model", "model", 'no model named "nope" (models: shop)'],
    ["a bad duration", { every: "1x" }, "every", 'every: invalid duration "1x"'],
    ["an every shorter than a bucket", { every: "30m" }, "every", "not a whole number of the model's buckets"],
    ["too many intervals", { every: "1h", since: "2020-01-01" }, "every", "more than 10000: read a shorter window"],
    ["an unknown zone", { every: "1d", tz: "Mars/Olympus" }, "tz", 'tz: "Mars/Olympus" is not a time zone'],
    ["a bad time", { since: "yesterday" }, "since", 'since: "yesterday" is neither an ISO time'],
    [
      "since after until",
      { since: "2024-02-02", until: "2024-02-01" },
      "since",
      "since (2024-02-02T00:00:00.000Z) is after until",
    ],
    [
      "an unknown segment column",
      { segment: { column: "country", value: "fr" } },
      "segment",
      'segment: "country" is not a segment column of model "shop" (its segment columns: region)',
    ],
    [
      "an unknown reference set",
      { reference: "holdout" },
      "reference",
      'no reference set named "holdout" (it has: training)',
    ],
    ["a window on a reference set", { reference: true, since: "7d" }, "since", "a reference set is one profile"],
  ])("refuses %s, naming the option", (_, options, option, message) => {
    store.replaceReference("shop", rows().slice(0, 10));
    let error: unknown;
    try {
      if (options === "model") readProfiles(store.db, "nope", {});
      else read(options);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ProfileReadError);
    expect((error as ProfileReadError).option).toBe(option);
    expect((error as Error).message).toContain(message);
  });
});

describe("readProfiles as of a past moment", () => {
  const asOf = Date.UTC(2024, 2, 10, 5, 40);
  const lastBucket = Date.UTC(2024, 2, 10, 5);

  it("merges only the buckets that ended by then, durations counting back from it", () => {
    const [all] = read({ asOf });
    expect(all).toMatchObject({ start: Date.UTC(2024, 0, 10), end: lastBucket });
    expectSameExactFields(all.profile, rawProfile(FIRST, lastBucket));
    const [day] = read({ since: "1d", asOf });
    expect(day).toMatchObject({ start: Date.UTC(2024, 2, 9, 5), end: lastBucket });
    expect(day.profile.rows).toBe(rawProfile(Date.UTC(2024, 2, 9, 5), lastBucket).rows);
  });

  it("clamps until at it, and cuts every's last interval there", () => {
    expect(read({ since: "2024-03-09", until: "2024-03-20", asOf })[0]).toMatchObject({ end: lastBucket });
    const days = read({ since: "2024-03-08", every: "1d", asOf });
    expect(days.map(({ start, end }) => [start, end])).toEqual([
      [Date.UTC(2024, 2, 8), Date.UTC(2024, 2, 9)],
      [Date.UTC(2024, 2, 9), Date.UTC(2024, 2, 10)],
      [Date.UTC(2024, 2, 10), lastBucket],
    ]);
    expect(days[2].profile.rows).toBe(rawProfile(Date.UTC(2024, 2, 10), lastBucket).rows);
  });

  it("reads the reference version in force then, and says when none was", async () => {
    store.replaceReference("shop", rows().slice(0, 300));
    await new Promise((resolve) => setTimeout(resolve, 5));
    store.replaceReference("shop", rows().slice(0, 20));
    const [current, previous] = referenceVersions(store.db, "shop");
    expect(read({ reference: true, asOf: previous.createdAt! })[0].profile.rows).toBe(300);
    expect(read({ reference: true, asOf: current.createdAt! })[0].profile.rows).toBe(20);
    const first = referenceVersions(store.db, "shop").at(-1)!;
    expect(() => read({ reference: true, asOf: first.createdAt! - 1 })).toThrow(
      `reference: no version of reference set "training" of model "shop" was in force at ${new Date(first.createdAt! - 1).toISOString()}`,
    );
  });
});
