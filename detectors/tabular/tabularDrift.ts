/**
 * tabularDrift, the public entry for drift over whole tables: two tables or two profiles
 * (tableDrift.ts), or a reference profile against one profile per segment value (segmentDrift.ts).
 */

import type { Profile } from "../profiles/profile.ts";
import { isProfileList, segmentDrift, type SegmentDriftResult, type SegmentWindow } from "./segmentDrift.ts";
import { tableDrift, type TableInput, type TabularDriftOptions, type TabularDriftResult } from "./tableDrift.ts";

export type { SegmentDrift, SegmentDriftResult, SegmentWindow } from "./segmentDrift.ts";
export type {
  FeatureDrift,
  FeatureStatus,
  TableInput,
  TabularDriftOptions,
  TabularDriftResult,
  TabularMethod,
} from "./tableDrift.ts";

/**
 * Data drift over whole tables, column by column, as Evidently's DataDriftPreset computes it
 * (Evidently 0.7: ValueDrift per column through legacy get_one_column_drift, then
 * DatasetDriftMetric), with Alibi Detect's multiple-testing correction as an option.
 *
 * Per column:
 * 0. The values each table holds for a test are counted (sampleSize.ts: `referenceRows`,
 *    `currentRows`); when both have values and either has fewer than `minRows` (default 30) the
 *    column is "insufficient": no test runs, it has no statistic, p-value or verdict, and it is
 *    left out of the dataset share. `minRows: 0` tests any size, as Evidently does.
 * 1. Type from the current values ({@link inferColumnType}), or categorical when listed in
 *    `categorical`. Text, datetime and unknown columns are reported as skipped (Evidently tests text
 *    with a text-content classifier, not implemented here; the default feature list leaves datetime
 *    columns out). A column whose reference holds other kinds of values than current (numbers
 *    against text, booleans against strings …) is skipped as a type mismatch (Evidently raises for
 *    a numeric column, and would compare 1 and "1" as different categories otherwise).
 * 2. Missing values dropped in each table separately (numeric: NaN, ±Infinity, null; categorical:
 *    null, NaN and ±Infinity) and counted; a column left empty in either table is skipped.
 * 3. The test: "auto" applies Evidently's rule ({@link defaultTest}: ks or chiSquareGoodnessOfFit /
 *    zTest for a reference of ≤ 1000 rows, wasserstein (normed) or jensenShannon above). Every test
 *    runs with Evidently's parameters, default threshold and comparison: ks 0.05 and
 *    cramerVonMises 0.1 drift when p ≤ t; chiSquareGoodnessOfFit, zTest, tTest (pooled) and
 *    mannWhitney ("less") 0.05, andersonDarling, fisherExact and tvd 0.1 when p < t; wasserstein,
 *    jensenShannon, psi, kl, hellinger 0.1 when statistic ≥ t; energyDistance 0.1 when > t;
 *    chiSquare (Alibi's contingency test) 0.05 when p < t. A test that throws on a column (e.g.
 *    zTest on three categories) skips that column with the error as reason.
 * With `correction`, the p-value columns drift when {@link correct} flags them at α = threshold ??
 * 0.05 (a NaN p-value counts as 1), and report the corrected threshold; distance columns keep
 * their own rule. Dataset drift is share ≥ driftShare over the tested columns, as Evidently decides
 * it (≥, not >) — only sufficient columns count; `correction.drift` is Alibi's batch decision (any
 * column flagged). Each column's `status` is "drifted", "stable", "insufficient" or "skipped"; a
 * categorical column names the categories only one table has (`newCategories`, `missingCategories`).
 *
 * The result is a drift report the workbook renderer shows as a table of features.
 *
 * From two profiles (a window's `Profile` each) instead of tables: the same steps on each column's
 * profile (profileDrift.ts): counts and missing values from the profile, the type and distinct
 * values from its counts or sketch, the test run on the two column profiles — categorical tests
 * exact from the counts, ks and wasserstein within their sketches' bound (`approximate` on the line),
 * binned distances on the reference's quantile bins (`binning`); the tests that need raw values
 * (cramerVonMises, andersonDarling, mannWhitney, energyDistance, tTest, fisherExact) are refused.
 * Columns are chosen by role as for tables, the correction and the dataset verdict are the same,
 * and the result has `fromProfiles: true`. A table against a profile is refused.
 *
 * Per segment: with a reference Profile and, as current, the entries of `profiles(model, {segment:
 * "region"})` (one window per value), each segment value is compared with the reference and the
 * p-value lines of all segments are decided together (Benjamini–Hochberg by default): see
 * segmentDrift.ts for the procedure and why. The result has one entry per value, `{column, value,
 * rows, drift, result}`, and the share and list of the drifted segments.
 *
 * @param reference the reference table: an Arquero table (columnNames(), array(name), numRows()) or an array of objects; or its Profile
 * @param current the current table, in the same form; or a list of segment profiles
 * @param options `features`, `categorical`, `method` ("auto"), `correction`, `threshold`, `driftShare` (0.5), `minRows` (30)
 * @returns `{method, drift, share, driftedCount, testedCount, insufficientCount, driftShare, minRows, referenceRows, currentRows, correction?, features: [{feature, type, method, status, statistic, pValue?, threshold, drift, dropped, referenceRows, currentRows, newCategories?, missingCategories?, reason?}]}`
 * @throws when a table is not a table, a listed feature or categorical column is missing, no
 * feature is left, an option is invalid, or a numeric test is asked for a categorical column
 * @example
 * tabularDrift(referenceRows, currentRows).share // share of drifting columns
 */
export function tabularDrift(
  reference: Profile,
  current: SegmentWindow[],
  options?: TabularDriftOptions,
): SegmentDriftResult;
export function tabularDrift(
  reference: TableInput | Profile,
  current: TableInput | Profile,
  options?: TabularDriftOptions,
): TabularDriftResult;
export function tabularDrift(
  reference: TableInput | Profile,
  current: TableInput | Profile | SegmentWindow[],
  options: TabularDriftOptions = {},
): TabularDriftResult | SegmentDriftResult {
  if (isProfileList(reference, current)) return segmentDrift(reference, current, options);
  return tableDrift(reference, current as TableInput | Profile, options);
}
