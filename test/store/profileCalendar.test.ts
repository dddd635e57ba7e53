import { describe, expect, it } from "vitest";
import { checkTimeZone, intervalsOf, nextDay, startOfDay, tilesOf } from "../../server/store/profileCalendar.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (text: string) => Date.parse(text);
const iso = (time: number) => new Date(time).toISOString();

describe("days of a time zone", () => {
  // Day starts from the tz database: New York is UTC−5 in winter and UTC−4 in summer (changes on
  // 2024-03-10 and 2024-11-03 at 02:00 local); Kolkata is UTC+5:30 all year.
  it.each([
    ["America/New_York", "2024-03-10T12:00:00Z", "2024-03-10T05:00:00.000Z", 23],
    ["America/New_York", "2024-11-03T12:00:00Z", "2024-11-03T04:00:00.000Z", 25],
    ["America/New_York", "2024-07-01T03:59:59Z", "2024-06-30T04:00:00.000Z", 24],
    ["Europe/Paris", "2024-03-31T12:00:00Z", "2024-03-30T23:00:00.000Z", 23],
    ["Asia/Kolkata", "2024-01-01T12:00:00Z", "2023-12-31T18:30:00.000Z", 24],
    ["America/Santiago", "2024-09-08T12:00:00Z", "2024-09-08T04:00:00.000Z", 23], // midnight skipped: the day starts at 01:00
    ["UTC", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000Z", 24],
  ])("%s: the day holding %s starts at %s and lasts %i h", (zone, instant, start, hours) => {
    const dayStart = startOfDay(zone, utc(instant));
    expect(iso(dayStart)).toBe(start);
    expect((nextDay(zone, dayStart) - dayStart) / HOUR).toBe(hours);
  });

  it("refuses a zone Intl does not know", () => {
    expect(() => checkTimeZone("Mars/Olympus")).toThrow(RangeError);
    expect(() => checkTimeZone("Europe/Paris")).not.toThrow();
  });
});

describe("intervalsOf", () => {
  it("cuts whole days of the zone, through a 23-hour day", () => {
    const intervals = intervalsOf(utc("2024-03-09T07:00:00Z"), utc("2024-03-11T06:00:00Z"), DAY, "America/New_York");
    expect(intervals.map(({ start, end }) => [iso(start), (end - start) / HOUR])).toEqual([
      ["2024-03-09T05:00:00.000Z", 24],
      ["2024-03-10T05:00:00.000Z", 23],
      ["2024-03-11T04:00:00.000Z", 24],
    ]);
  });

  it("cuts durations shorter than a day at multiples from the epoch, and several days as calendar days", () => {
    expect(
      intervalsOf(utc("2024-01-01T01:30:00Z"), utc("2024-01-01T12:00:00Z"), 6 * HOUR, "UTC").map((i) => iso(i.start)),
    ).toEqual(["2024-01-01T00:00:00.000Z", "2024-01-01T06:00:00.000Z"]);
    const weeks = intervalsOf(utc("2024-03-04T12:00:00Z"), utc("2024-03-12T00:00:00Z"), 7 * DAY, "Europe/Paris");
    expect(weeks.map(({ start, end }) => [iso(start), (end - start) / HOUR])).toEqual([
      ["2024-03-03T23:00:00.000Z", 168],
      ["2024-03-10T23:00:00.000Z", 168],
    ]);
  });
});

describe("tilesOf", () => {
  it("takes whole months inside the window, then whole days, then buckets at the edges", () => {
    const tiles = tilesOf(utc("2024-01-15T13:00:00Z"), utc("2024-04-02T05:00:00Z"));
    expect(tiles.map(({ grain, from, to }) => [grain, iso(from), iso(to)])).toEqual([
      ["bucket", "2024-01-15T13:00:00.000Z", "2024-01-16T00:00:00.000Z"],
      ["day", "2024-01-16T00:00:00.000Z", "2024-02-01T00:00:00.000Z"],
      ["month", "2024-02-01T00:00:00.000Z", "2024-04-01T00:00:00.000Z"],
      ["day", "2024-04-01T00:00:00.000Z", "2024-04-02T00:00:00.000Z"],
      ["bucket", "2024-04-02T00:00:00.000Z", "2024-04-02T05:00:00.000Z"],
    ]);
  });

  it("uses days when no whole month fits, buckets when no whole day does", () => {
    expect(tilesOf(utc("2024-01-15T13:00:00Z"), utc("2024-01-18T00:00:00Z")).map((tile) => tile.grain)).toEqual([
      "bucket",
      "day",
    ]);
    expect(tilesOf(utc("2024-01-15T13:00:00Z"), utc("2024-01-16T13:00:00Z"))).toEqual([
      { grain: "bucket", from: utc("2024-01-15T13:00:00Z"), to: utc("2024-01-16T13:00:00Z") },
    ]);
    expect(tilesOf(5, 5)).toEqual([]);
  });
});
