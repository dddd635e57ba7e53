import { describe, expect, it } from "vitest";
import { parseDuration } from "../../server/protocol/duration.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("parseDuration", () => {
  it.each([
    ["90s", 90 * SECOND],
    ["30m", 30 * MINUTE],
    ["24h", 24 * HOUR],
    ["7d", 7 * DAY],
    ["2w", 14 * DAY],
    ["1h30m", 90 * MINUTE],
    ["1d 12h", 36 * HOUR],
    ["500ms", 500],
    ["1.5h", 90 * MINUTE],
    [" 10m ", 10 * MINUTE],
    [2500, 2500],
    [0, 0],
  ])("reads %j", (duration, ms) => {
    expect(parseDuration(duration)).toBe(ms);
  });

  it.each(["", "24", "abc", "10 minutes", "-5m", "5x", "h", "1h-30m", "24H"])("refuses %j, naming it", (duration) => {
    expect(() => parseDuration(duration)).toThrow(`invalid duration ${JSON.stringify(duration)}`);
  });

  it.each([-1, NaN, Infinity])("refuses %s milliseconds", (duration) => {
    expect(() => parseDuration(duration)).toThrow(`invalid duration ${duration}`);
  });

  it("says what a duration looks like", () => {
    expect(() => parseDuration("soon")).toThrow(/like 90s, 30m, 24h, 7d, 2w or 1h30m/);
  });
});
