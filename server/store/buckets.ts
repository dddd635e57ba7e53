/**
 * The time periods profiles are kept for: buckets of a model's bucket size (1 hour by default),
 * days and months, all starting on UTC boundaries (epoch ms). Buckets divide a day, so they tile
 * days exactly, and hourly buckets are the unit from which a reader aligns days to a time zone.
 */

export const DAY_MS = 86_400_000;

/** The kinds of period a stored profile covers; 'all' is a reference set's one profile. */
export type Grain = "bucket" | "day" | "month" | "all";

/** The start of the bucket of `bucketMs` that holds `ts`. */
export function bucketStart(ts: number, bucketMs: number): number {
  return Math.floor(ts / bucketMs) * bucketMs;
}

/** The start of the UTC day that holds `ts`. */
export function dayStart(ts: number): number {
  return bucketStart(ts, DAY_MS);
}

/** The start of the UTC month that holds `ts`. */
export function monthStart(ts: number): number {
  const date = new Date(ts);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** The start of the UTC month after the one that holds `ts`. */
export function nextMonthStart(ts: number): number {
  const date = new Date(ts);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
