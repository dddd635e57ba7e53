/**
 * The category counts every count-based categorical test starts from, read from raw samples or from
 * two column profiles, so each test states its arithmetic once and runs it on either.
 */

import { countedPair, samplePair, type ColumnInput, type CountedPair } from "../inputs/profileInputs.ts";
import { countedValues } from "../samples/categories.ts";
import type { Approximation, Dropped } from "../types.ts";

export type { ColumnInput } from "../inputs/profileInputs.ts";

/**
 * Category counts of two samples over the union of their categories (compared as strings), with
 * their sizes and the missing values dropped: from raw values (null, undefined and NaN dropped) or
 * from two column profiles (see countedPair: exact for categorical profiles, `other` one more category).
 * @throws when a sample has no values left, or only one of the two is a profile
 */
export function categoryPair(reference: ColumnInput, current: ColumnInput, fn: string): CountedPair {
  const pair = samplePair(reference, current, fn);
  return pair.kind === "profiles" ? countedPair(pair, fn) : countedValues(pair.reference, pair.current, fn);
}

/** Category counts with each value's category code, as the permutation tests draw from them. */
export interface CodedCounts {
  counts: { reference: Float64Array; current: Float64Array };
  codes: { reference: Int32Array; current: Int32Array };
  dropped: Dropped;
  note: { approximate?: Approximation };
}

/**
 * Codes laid out category by category (the first category's values, then the next …) for counts
 * read from profiles, which keep no row order.
 */
export function groupedCodes(pair: CountedPair): CodedCounts {
  const layout = (counts: Float64Array) => {
    const codes = new Int32Array(counts.reduce((sum, count) => sum + count, 0));
    let at = 0;
    counts.forEach((count, code) => {
      codes.fill(code, at, at + count);
      at += count;
    });
    return codes;
  };
  return {
    counts: pair,
    codes: { reference: layout(pair.reference), current: layout(pair.current) },
    dropped: pair.dropped,
    note: pair.approximate ? { approximate: pair.approximate } : {},
  };
}
