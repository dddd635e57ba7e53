/**
 * Total variation distance between category shares with Evidently 0.7's permutation p-value
 * (legacy tvd_stattest.py, utils.permutation_test), reproducing numpy's seeded draws.
 */

import { countCategories } from "../samples/categories.ts";
import { presentCategories } from "../inputs/clean.ts";
import { countedPair, samplePair, type ColumnInput } from "../inputs/profileInputs.ts";
import { groupedCodes, type CodedCounts } from "../categorical/profileCounts.ts";
import { numpyRandomState } from "../random/numpyRandom.ts";
import { checkAlpha, checkCount } from "../inputs/options.ts";
import type { TestResult, Values } from "../types.ts";

export interface TvdOptions {
  /** Significance level for the permutation p-value; drift when p < threshold. Default 0.1 (Evidently). */
  threshold?: number;
  /** Number of permutations. Default 1000 (Evidently). */
  permutations?: number;
  /** Seed of numpy's legacy generator, as `np.random.seed(seed)`. Default 0 (Evidently). */
  seed?: number;
}

/**
 * Total variation distance between the category shares of two samples, ½·Σ|p_i − q_i| over the
 * union of categories, with Evidently's permutation p-value (legacy tvd_stattest.py and
 * utils.permutation_test, Evidently 0.7). Values are read as categories (compared as strings), as
 * Evidently's `TVD` is a categorical test; missing values (null, undefined, NaN) are dropped and counted.
 *
 * The p-value is the share of permutations whose distance is at least the observed one. Each
 * permutation draws a new reference of the same size from the pooled samples without replacement
 * exactly as `np.random.choice(pooled, n_ref, replace=False)` does after `np.random.seed(seed)`
 * (numpy's legacy MT19937, reproduced in random/numpyRandom.ts), so with the defaults the p-value
 * equals Evidently's. Distances are compared exactly (as integers n_ref·n_cur·2·TVD), so permutations
 * that tie with the observed table count as ties. Cost: O(permutations × (n_ref + n_cur)).
 *
 * Two column profiles instead of samples: the distance is exact from their counts (a categorical
 * profile's `other` count is one more category); the permutations draw from the pooled sample laid
 * out category by category (the profile keeps no row order), so the p-value equals that of the raw
 * test on the same values grouped by category, in the profiles' category order. The cost stays
 * O(permutations × (n_ref + n_cur)).
 *
 * @param reference the reference sample (any values; each distinct value is a category), or its column profile
 * @param current the current sample
 * @param options `threshold` (default 0.1), `permutations` (default 1000), `seed` (default 0)
 * @returns `{method: "tvd", statistic, pValue, threshold, drift: pValue < threshold, dropped}`
 * @throws when a sample has no values, `threshold` is not in (0, 1), `permutations` is not a
 * positive integer, or `seed` is not an integer in [0, 2^32 − 1]
 */
export function tvd(reference: ColumnInput, current: ColumnInput, options: TvdOptions = {}): TestResult {
  const { threshold = 0.1, permutations = 1000, seed = 0 } = options;
  checkAlpha(threshold, "tvd");
  checkCount(permutations, "permutations", 1, "tvd");
  const pair = samplePair(reference, current, "tvd");
  const coded =
    pair.kind === "profiles" ? groupedCodes(countedPair(pair, "tvd")) : codedValues(pair.reference, pair.current);
  const { counts, codes, dropped } = coded;
  const nRef = codes.reference.length;
  const nCur = codes.current.length;
  const k = counts.reference.length;
  const totals = new Float64Array(k);
  for (let i = 0; i < k; i++) totals[i] = counts.reference[i] + counts.current[i];
  // 2·n_ref·n_cur·TVD, an integer, so tied tables compare equal.
  const scaled = (refCounts: Float64Array) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.abs(refCounts[i] * nCur - (totals[i] - refCounts[i]) * nRef);
    return s;
  };
  const observed = scaled(counts.reference);

  const pooled = new Int32Array(nRef + nCur);
  pooled.set(codes.reference);
  pooled.set(codes.current, nRef);
  const random = numpyRandomState(seed, "tvd");
  const order = new Int32Array(pooled.length);
  const drawn = new Float64Array(k);
  let atLeast = 0;
  for (let p = 0; p < permutations; p++) {
    random.permutation(pooled.length, order);
    drawn.fill(0);
    for (let i = 0; i < nRef; i++) drawn[pooled[order[i]]]++;
    if (observed <= scaled(drawn)) atLeast++;
  }
  const pValue = atLeast / permutations;
  const statistic = observed / (2 * nRef * nCur);
  return { method: "tvd", statistic, pValue, threshold, drift: pValue < threshold, dropped, ...coded.note };
}

/** The category counts of two raw samples and each value's category, in row order. */
function codedValues(reference: Values, current: Values): CodedCounts {
  const ref = presentCategories(reference, "tvd: reference");
  const cur = presentCategories(current, "tvd: current");
  const counts = countCategories(ref.values, cur.values);
  return { counts, codes: counts.codes, dropped: { reference: ref.dropped, current: cur.dropped }, note: {} };
}
