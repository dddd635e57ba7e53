/**
 * Category counts of two samples over their union, Python's `sorted` order for category names (by
 * which Evidently 0.7's binary tests pick the positive category), and a binary column's positive counts.
 */

import type { Dropped, Values } from "../types.ts";
import { presentCategories } from "../inputs/clean.ts";
import type { CountedPair } from "../inputs/profileInputs.ts";

/** Counts of each category in two samples, over the union of their categories. */
export interface CategoryCounts<T> {
  /** The categories in order of first appearance, reference first, then those seen only in current. */
  categories: T[];
  /** How often each category occurs in the reference (0 for one seen only in current). */
  reference: Float64Array;
  /** How often each category occurs in the current sample (0 for one seen only in the reference). */
  current: Float64Array;
  /** Each value's index into `categories`, per sample. */
  codes: { reference: Int32Array; current: Int32Array };
}

/**
 * Counts the categories of two samples over their union (categories compared with SameValueZero,
 * so this works for category names and for distinct numbers alike).
 */
export function countCategories<T>(reference: ArrayLike<T>, current: ArrayLike<T>): CategoryCounts<T> {
  const index = new Map<T, number>();
  const categories: T[] = [];
  const codes = (values: ArrayLike<T>) => {
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      let code = index.get(values[i]);
      if (code === undefined) {
        code = categories.length;
        index.set(values[i], code);
        categories.push(values[i]);
      }
      out[i] = code;
    }
    return out;
  };
  const tally = (found: Int32Array) => {
    const counts = new Float64Array(categories.length);
    for (let i = 0; i < found.length; i++) counts[found[i]]++;
    return counts;
  };
  const referenceCodes = codes(reference);
  const currentCodes = codes(current);
  return {
    categories,
    reference: tally(referenceCodes),
    current: tally(currentCodes),
    codes: { reference: referenceCodes, current: currentCodes },
  };
}

/**
 * Orders category names the way Python's `sorted` orders the raw values they came from: names that
 * are numbers (as `String(number)` writes them) numerically and before the others, other names by
 * UTF-16 code unit ("false" < "true", as False < True).
 */
function compareCategories(a: string, b: string): number {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function numeric(name: string): number | undefined {
  const value = Number(name);
  return name !== "" && String(value) === name ? value : undefined;
}

/** A binary column pair reduced to counts of the positive category. */
export interface BinaryCounts {
  /** The category counted as 1: `positive` if given, else the larger of the sorted categories. */
  positive: string;
  /** The categories present (one or two), sorted with {@link compareCategories}. */
  categories: string[];
  reference: { ones: number; n: number };
  current: { ones: number; n: number };
  dropped: Dropped;
}

/**
 * Category counts of two raw samples over the union of their categories, as strings, with their sizes:
 * missing values (null, undefined, NaN) dropped and counted.
 * @throws when a sample has no values left
 */
export function countedValues(reference: Values, current: Values, fn: string): CountedPair {
  const ref = presentCategories(reference, `${fn}: reference`);
  const cur = presentCategories(current, `${fn}: current`);
  const counts = countCategories(ref.values, cur.values);
  return {
    categories: counts.categories,
    reference: counts.reference,
    current: counts.current,
    nRef: ref.values.length,
    nCur: cur.values.length,
    dropped: { reference: ref.dropped, current: cur.dropped },
  };
}

/**
 * Reads two samples of a binary column: drops missing values (null, undefined, NaN), checks that
 * at most two categories occur in the union, and counts the positive one in each sample.
 * Categories are compared as strings (`presentCategories`), so `1`, `true` and `"yes"` are names.
 * @throws when a sample has no values, when more than two categories occur, or when `positive` is
 * not one of two categories present
 */
export function binaryCounts(reference: Values, current: Values, fn: string, positive?: unknown): BinaryCounts {
  return binaryOf(countedValues(reference, current, fn), fn, positive);
}

/**
 * {@link binaryCounts} from the category counts of two samples (raw, or from profiles).
 * @throws when more than two categories occur, or `positive` is not one of two categories present
 */
export function binaryOf(counts: CountedPair, fn: string, positive?: unknown): BinaryCounts {
  const categories = [...counts.categories].sort(compareCategories);
  if (categories.length > 2) {
    const shown = categories.slice(0, 5).join(", ") + (categories.length > 5 ? ", …" : "");
    throw new Error(`${fn}: expects a binary column, found ${categories.length} categories (${shown})`);
  }
  const chosen = positive === undefined ? categories[categories.length - 1] : String(positive);
  if (categories.length === 2 && !categories.includes(chosen)) {
    throw new Error(`${fn}: positive category ${chosen} is not one of ${categories.join(", ")}`);
  }
  const at = counts.categories.indexOf(chosen);
  return {
    positive: chosen,
    categories,
    reference: { ones: at < 0 ? 0 : counts.reference[at], n: counts.nRef },
    current: { ones: at < 0 ? 0 : counts.current[at], n: counts.nCur },
    dropped: counts.dropped,
  };
}
