/**
 * The categories one sample of a categorical column has and the other lacks, named with their
 * counts, so a drift report can say why a categorical test reads as it does: a category seen only
 * in current makes Evidently's chi-square statistic infinite with p = 0, and a distance large.
 */

import { countCategories } from "../samples/categories.ts";
import type { Values } from "../types.ts";

/** A category and how often it occurs in the sample that has it. */
export interface CategoryCount {
  category: string;
  count: number;
}

/** Categories present in only one of two samples. */
export interface CategoryChanges {
  /** Categories of current the reference never has, with their count in current. */
  newCategories: CategoryCount[];
  /** Categories of the reference current never has, with their count in the reference. */
  missingCategories: CategoryCount[];
}

/**
 * Compares the categories of two samples of a categorical column, as strings (as the categorical
 * tests compare them: 1 and "1" are one category).
 * @param reference the reference sample, missing values already dropped
 * @param current the current sample, missing values already dropped
 * @returns `{newCategories, missingCategories}`, each `[{category, count}]`, most frequent first
 * (ties by name)
 * @example
 * categoryChanges(["a", "a", "b"], ["a", "c"]) // => {newCategories: [{category: "c", count: 1}], missingCategories: [{category: "b", count: 1}]}
 */
export function categoryChanges(reference: Values, current: Values): CategoryChanges {
  const counts = countCategories(Array.from(reference, String), Array.from(current, String));
  return changesOf(counts.categories, counts.reference, counts.current);
}

/** {@link categoryChanges} from the counts of each category in both samples (raw, or from profiles). */
export function changesOf(categories: string[], reference: Float64Array, current: Float64Array): CategoryChanges {
  const only = (has: Float64Array, lacks: Float64Array): CategoryCount[] =>
    categories
      .map((category, i) => ({ category, count: has[i], absent: lacks[i] === 0 }))
      .filter((entry) => entry.absent)
      .map(({ category, count }) => ({ category, count }))
      .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  return { newCategories: only(current, reference), missingCategories: only(reference, current) };
}
