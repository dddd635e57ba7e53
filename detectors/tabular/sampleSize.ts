/**
 * How many values of a column each table holds, and whether that is enough to judge drift:
 * below tabularDrift's `minRows` a column gets no verdict. Evidently tests any sample size, but
 * with few values a test or distance says little: on the demo's credit data (server/demo/credit.ts,
 * averaged over seeds), 30 undrifted rows against a 5,000-row reference read as drift in ~70% of
 * the columns (normed Wasserstein and Jensen–Shannon distances are biased upwards on small
 * samples), 500 rows in ~2.5%.
 */

import { keptCount, type ColumnScan } from "../inputs/columns.ts";
import type { InferredColumnType } from "./autoSelect.ts";

/** A column's values in each table, and why they are too few to test (absent when enough). */
export interface SampleSize {
  /** Values of the reference column a test reads (non-missing; see {@link keptCount}). */
  referenceRows: number;
  /** Values of the current column a test reads. */
  currentRows: number;
  /** Set when both tables have values and either has fewer than `minRows`. */
  insufficient?: string;
}

/**
 * Counts the values a drift test of the column's type would read in each table — for "numeric"
 * the finite numbers, for "categorical" every present value except ±Infinity, for other types the
 * present values — and says when both counts are above zero and either is below `minRows`. A column
 * empty in either table is not "insufficient": tabularDrift skips it as empty.
 * @param reference the reference column's profile
 * @param current the current column's profile
 * @param type the column's type
 * @param minRows the fewest values each table needs for a verdict
 * @example
 * sampleSize(scanColumn(ref), scanColumn([1, 2, 3]), "numeric", 30).insufficient // => "3 current values, fewer than minRows (30): too few to judge drift"
 */
export function sampleSize(
  reference: ColumnScan,
  current: ColumnScan,
  type: InferredColumnType,
  minRows: number,
): SampleSize {
  const count = (profile: ColumnScan) =>
    type === "numeric" || type === "categorical" ? keptCount(profile, type) : profile.length - profile.missing;
  const referenceRows = count(reference);
  const currentRows = count(current);
  const insufficient = tooFew(referenceRows, currentRows, minRows);
  return { referenceRows, currentRows, ...(insufficient ? { insufficient } : {}) };
}

/**
 * Why `referenceRows` and `currentRows` values are too few for a verdict: undefined when either is
 * 0 (the column is empty, not insufficient) or both reach `minRows`.
 */
export function tooFew(referenceRows: number, currentRows: number, minRows: number): string | undefined {
  if (referenceRows === 0 || currentRows === 0) return undefined;
  const few = (rows: number) => rows < minRows;
  const short = [
    few(referenceRows) ? `${referenceRows} reference` : "",
    few(currentRows) ? `${currentRows} current` : "",
  ].filter(Boolean);
  if (short.length === 0) return undefined;
  const values = short.length === 1 && short[0].startsWith("1 ") ? "value" : "values";
  return `${short.join(" and ")} ${values}, fewer than minRows (${minRows}): too few to judge drift`;
}
