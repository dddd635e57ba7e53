/**
 * Cleaning of one sample before a test: the finite numbers for numeric tests, the present values (not
 * null, undefined or NaN, as pandas' isna) as strings for categorical ones, counting what was dropped.
 */

import type { Values } from "../types.ts";

/**
 * Keeps the finite numbers of `values`, counting what it removed (NaN, ±Infinity, null,
 * undefined, non-numbers), and throws when nothing is left. Every numeric test calls this
 * first, so no NaN ever reaches a sort or an ECDF (scipy has no NaN policy there).
 */
export function finiteNumbers(values: Values, what: string): { values: Float64Array; dropped: number } {
  const kept = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === "number" && Number.isFinite(value)) kept[n++] = value;
  }
  if (n === 0) throw new Error(`${what} has no finite numbers (${values.length} values, all NaN, infinite or missing)`);
  return { values: n === kept.length ? kept : kept.slice(0, n), dropped: values.length - n };
}

/** Keeps the present values of a categorical column (not null, undefined or NaN), as strings. */
export function presentCategories(values: Values, what: string): { values: string[]; dropped: number } {
  const kept: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) continue;
    kept.push(String(value));
  }
  if (kept.length === 0) throw new Error(`${what} has no values (${values.length} values, all missing)`);
  return { values: kept, dropped: values.length - kept.length };
}
