/**
 * The calendar of profile reads: where days start in a time zone, how a window splits into
 * `every` intervals, and which stored grains tile an interval. Pure arithmetic on epoch
 * milliseconds, so profileRead.ts only queries and merges.
 *
 * A stored bucket belongs to an interval when its start lies in it (a day or month profile is
 * the merge of the buckets that start in that UTC day or month). Tiling takes whole UTC months
 * inside the interval, then whole UTC days inside what is left, then buckets at the edges
 * (issue 18: "a 30-day view merges and decodes tens of sketches, not thousands").
 */

import { bucketStart, DAY_MS, monthStart, nextMonthStart } from "./buckets.ts";

/** A stored profile grain (C's `driftbook_profiles.grain`), with the starts it covers: `[from, to)`. */
export interface Tile {
  grain: "month" | "day" | "bucket";
  from: number;
  to: number;
}

/** An `every` interval: the buckets starting in `[start, end)` make its profile. */
export interface Interval {
  start: number;
  end: number;
}

/** Throws a RangeError naming `zone` unless it is an IANA time zone Intl knows ("Europe/Paris", "UTC"). */
export function checkTimeZone(zone: string): void {
  formatter(zone);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, format);
  }
  return format;
}

/** The wall-clock fields of `instant` in `zone`. */
function wallClock(zone: string, instant: number): { year: number; month: number; day: number; wallMs: number } {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  const wallMs = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return { year: parts.year, month: parts.month - 1, day: parts.day, wallMs };
}

/** How far `zone` is ahead of UTC at `instant`, in ms (to the second, as Intl reports it). */
function offsetAt(zone: string, instant: number): number {
  return wallClock(zone, instant).wallMs - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant the wall clock of `zone` first reads midnight of (year, month, day); `day` may
 * overflow (Date.UTC normalizes it). The zone's offset is taken a day before and a day after, so a
 * DST change that day (US zones at 02:00, 23 or 25 hour days) is seen; where a DST jump skips
 * midnight (America/Santiago, September), the day starts at the jump.
 */
function midnight(zone: string, year: number, month: number, day: number): number {
  const wall = Date.UTC(year, month, day);
  const candidates = [wall - offsetAt(zone, wall - DAY_MS), wall - offsetAt(zone, wall + DAY_MS)].sort((a, b) => a - b);
  return candidates.find((instant) => wallClock(zone, instant).wallMs === wall) ?? candidates[1];
}

/** The start of the day (in `zone`) that holds `instant`. */
export function startOfDay(zone: string, instant: number): number {
  const { year, month, day } = wallClock(zone, instant);
  return midnight(zone, year, month, day);
}

/** The start of the day after the one (in `zone`) that starts at `dayStart`: 23, 24 or 25 hours later. */
export function nextDay(zone: string, dayStart: number): number {
  const { year, month, day } = wallClock(zone, dayStart + DAY_MS / 2);
  return midnight(zone, year, month, day + 1);
}

export const ceilTo = (instant: number, step: number) => Math.ceil(instant / step) * step;

/** The last boundary of `everyMs` at or before `instant`: a day start of `zone` for whole days, else a multiple of `everyMs`. */
export function boundaryAtOrBefore(instant: number, everyMs: number, zone: string): number {
  return everyMs % DAY_MS === 0 ? startOfDay(zone, instant) : bucketStart(instant, everyMs);
}

/**
 * The intervals of `everyMs` that cover `[start, end)`, whole: calendar days of `zone` (23, 24 or
 * 25 hours, `nextDay`) when it is a whole number of days, else multiples of `everyMs` from the
 * epoch. The caller clips the first and last to a window it was given.
 */
export function intervalsOf(start: number, end: number, everyMs: number, zone: string): Interval[] {
  const intervals: Interval[] = [];
  const days = everyMs % DAY_MS === 0 ? everyMs / DAY_MS : 0;
  for (let from = boundaryAtOrBefore(start, everyMs, zone); from < end;) {
    let to = from + everyMs;
    if (days > 0) for (let day = 0, next = from; day < days; day++) to = next = nextDay(zone, next);
    intervals.push({ start: from, end: to });
    from = to;
  }
  return intervals;
}

/**
 * The fewest stored grains whose buckets are exactly those starting in `[start, end)`: UTC
 * months inside it, then UTC days inside what is left on either side, then buckets. A bucket
 * divides a day (store/settingsInput.ts refuses others), so days and months tile exactly.
 */
export function tilesOf(start: number, end: number): Tile[] {
  if (start >= end) return [];
  const tiles: Tile[] = [];
  const firstDay = ceilTo(start, DAY_MS);
  const lastDay = bucketStart(end, DAY_MS);
  if (firstDay >= lastDay) return [{ grain: "bucket", from: start, to: end }];
  const add = (grain: Tile["grain"], from: number, to: number) => {
    if (from < to) tiles.push({ grain, from, to });
  };
  const monthFrom = monthStart(firstDay) === firstDay ? firstDay : nextMonthStart(firstDay);
  const monthTo = monthStart(lastDay);
  add("bucket", start, firstDay);
  if (monthFrom < monthTo) {
    add("day", firstDay, monthFrom);
    add("month", monthFrom, monthTo);
    add("day", monthTo, lastDay);
  } else add("day", firstDay, lastDay);
  add("bucket", lastDay, end);
  return tiles;
}
