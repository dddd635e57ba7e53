/**
 * Data drift over whole tables, one test per column and a dataset verdict: Evidently 0.7's
 * DataDriftPreset (get_one_column_drift, DatasetDriftMetric), with Alibi Detect's multiple-testing
 * correction as an option.
 */

import { correct, type Correction, type CorrectionMethod } from "../correct.ts";
import { readColumns, type TableInput } from "../inputs/columns.ts";
import type { Profile } from "../profiles/profile.ts";
import {
  describeMethod,
  featureDrift,
  methodChooser,
  type Chooser,
  type FeatureDrift,
  type MethodOption,
} from "./featureDrift.ts";
import { isProfile, profileFeatureDrift } from "./profileDrift.ts";
import { columnRole, NON_FEATURE_COLUMNS } from "./roles.ts";

export type { TableInput } from "../inputs/columns.ts";

export type { FeatureDrift, FeatureStatus, TabularMethod } from "./featureDrift.ts";

export interface TabularDriftOptions {
  /** Columns to compare. Default: the feature columns both tables have (see {@link columnRole}: not id, ts, label, prediction, score or proba_*). */
  features?: string[];
  /** Columns to read as categorical whatever their values (Evidently's `categorical_columns`). */
  categorical?: string[];
  /** "auto" (default), a test name for every column, or one per column type ({numeric, categorical}; a missing one is "auto"). */
  method?: MethodOption;
  /** Decide the p-value tests together with {@link correct} (Alibi Detect's TabularDrift style). Default: none. */
  correction?: CorrectionMethod;
  /** Threshold for every column (Evidently's `threshold`); with `correction`, its family-wise α (default 0.05). Default: each test's own. */
  threshold?: number;
  /** Dataset drift when at least this share of the tested columns drifts. Default 0.5, as Evidently. */
  driftShare?: number;
  /** The fewest values a column needs in each table for a verdict; below it the column is "insufficient". Default 30 (Evidently: none, i.e. 0). */
  minRows?: number;
}

export interface TabularDriftResult {
  /** "auto", the test name, or "numeric: …, categorical: …". */
  method: string;
  /** Dataset drift: testedCount > 0 and share ≥ driftShare (Evidently's DatasetDriftMetric). */
  drift: boolean;
  /** driftedCount / testedCount (0 when nothing was tested: see insufficientCount). */
  share: number;
  driftedCount: number;
  /** Columns tested: neither skipped nor insufficient. */
  testedCount: number;
  /** Columns with fewer than `minRows` values in a table, left out of `share`. */
  insufficientCount: number;
  driftShare: number;
  minRows: number;
  /** Rows of each table. */
  referenceRows: number;
  currentRows: number;
  /** With `correction`: the joint decision over the p-value tests (its `drift` is Alibi Detect's batch drift). */
  correction?: Correction;
  /** Set when both tables were profiles: the lines carry each test's `binning` and `approximate`. */
  fromProfiles?: true;
  features: FeatureDrift[];
}

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
 * @param reference the reference table: an Arquero table (columnNames(), array(name), numRows()) or an array of objects; or its Profile
 * @param current the current table, in the same form
 * @param options `features`, `categorical`, `method` ("auto"), `correction`, `threshold`, `driftShare` (0.5), `minRows` (30)
 * @returns `{method, drift, share, driftedCount, testedCount, insufficientCount, driftShare, minRows, referenceRows, currentRows, correction?, features: [{feature, type, method, status, statistic, pValue?, threshold, drift, dropped, referenceRows, currentRows, newCategories?, missingCategories?, reason?}]}`
 * @throws when a table is not a table, a listed feature or categorical column is missing, no
 * feature is left, an option is invalid, or a numeric test is asked for a categorical column
 * @example
 * tabularDrift(referenceRows, currentRows).share // share of drifting columns
 */
export function tabularDrift(
  reference: TableInput | Profile,
  current: TableInput | Profile,
  options: TabularDriftOptions = {},
): TabularDriftResult {
  const { correction, threshold, driftShare = 0.5, minRows = 30 } = options;
  const chooser = methodChooser(options.method ?? "auto");
  if (threshold !== undefined && !Number.isFinite(threshold))
    throw new Error(`tabularDrift: threshold must be a finite number, got ${threshold}`);
  if (!(driftShare >= 0 && driftShare <= 1))
    throw new Error(`tabularDrift: driftShare must be between 0 and 1, got ${driftShare}`);
  if (!(Number.isInteger(minRows) && minRows >= 0))
    throw new Error(`tabularDrift: minRows must be a whole number ≥ 0, got ${minRows}`);
  if (correction !== undefined && correction !== "bonferroni" && correction !== "fdr") {
    throw new Error(`tabularDrift: correction must be "bonferroni" or "fdr", got ${String(correction)}`);
  }
  const pair = tablePair(reference, current);
  const ref = pair.reference;
  const cur = pair.current;
  const explicit = options.features !== undefined;
  const features =
    options.features ?? cur.names.filter((name) => ref.names.includes(name) && columnRole(name) === "feature");
  for (const name of features) {
    if (!ref.names.includes(name))
      throw new Error(`tabularDrift: feature "${name}" is not a column of the reference table`);
    if (!cur.names.includes(name))
      throw new Error(`tabularDrift: feature "${name}" is not a column of the current table`);
  }
  const categorical = new Set(options.categorical ?? []);
  for (const name of categorical) {
    if (!features.includes(name))
      throw new Error(`tabularDrift: categorical column "${name}" is not one of the features compared`);
  }

  const rows: FeatureDrift[] = [];
  for (const name of features) {
    const row = pair.drift(name, categorical.has(name), chooser, threshold, minRows);
    if (!explicit && row.type === "datetime") continue;
    rows.push(row);
  }
  if (rows.length === 0)
    throw new Error(
      `tabularDrift: no feature columns to compare (the tables share none besides ${NON_FEATURE_COLUMNS})`,
    );

  const decided = correction === undefined ? undefined : applyCorrection(rows, correction, threshold ?? 0.05);
  const tested = rows.filter((row) => row.method !== "skipped");
  const driftedCount = tested.filter((row) => row.drift).length;
  const share = tested.length === 0 ? 0 : driftedCount / tested.length;
  return {
    method: describeMethod(options.method ?? "auto"),
    drift: tested.length > 0 && share >= driftShare,
    share,
    driftedCount,
    testedCount: tested.length,
    insufficientCount: rows.filter((row) => row.status === "insufficient").length,
    driftShare,
    minRows,
    referenceRows: ref.numRows,
    currentRows: cur.numRows,
    ...(decided ? { correction: decided } : {}),
    ...(pair.fromProfiles ? { fromProfiles: true as const } : {}),
    features: rows,
  };
}

/** Two tables or two profiles, read alike: column names, row counts, and one column's drift. */
interface TablePair {
  reference: { names: string[]; numRows: number };
  current: { names: string[]; numRows: number };
  fromProfiles: boolean;
  drift(
    name: string,
    forcedCategorical: boolean,
    chooser: Chooser,
    threshold: number | undefined,
    minRows: number,
  ): FeatureDrift;
}

function tablePair(reference: TableInput | Profile, current: TableInput | Profile): TablePair {
  const refProfile = isProfile(reference);
  const curProfile = isProfile(current);
  if (refProfile && curProfile) {
    const side = (profile: Profile) => ({ names: [...profile.columns.keys()], numRows: profile.rows });
    return {
      reference: side(reference),
      current: side(current),
      fromProfiles: true,
      drift: (name, ...rest) => profileFeatureDrift(name, reference.column(name), current.column(name), ...rest),
    };
  }
  if (refProfile || curProfile) {
    const [profiled, table] = refProfile ? ["reference", "current"] : ["current", "reference"];
    throw new Error(
      `tabularDrift: ${profiled} is a profile but ${table} is a table; pass two profiles or two tables (profileOf makes a profile of raw columns)`,
    );
  }
  const ref = readColumns(reference, "tabularDrift: reference");
  const cur = readColumns(current, "tabularDrift: current");
  return {
    reference: ref,
    current: cur,
    fromProfiles: false,
    drift: (name, ...rest) => featureDrift(name, ref.column(name), cur.column(name), ...rest),
  };
}

/** Replaces the p-value columns' decisions by the correction's flags. */
function applyCorrection(rows: FeatureDrift[], method: CorrectionMethod, alpha: number): Correction | undefined {
  const tested = rows.filter((row) => row.method !== "skipped" && row.pValue !== undefined);
  if (tested.length === 0) return undefined;
  const pValues = tested.map((row) => (Number.isNaN(row.pValue) ? 1 : (row.pValue as number)));
  const decision = correct(pValues, { method, alpha });
  // When FDR rejects nothing its threshold is the whole ladder: each column gets its rank's rung.
  const ranks = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const rung = new Array<number>(tested.length);
  ranks.forEach(
    ([, i], rank) =>
      (rung[i] = Array.isArray(decision.threshold) ? decision.threshold[rank] : (decision.threshold as number)),
  );
  tested.forEach((row, i) => {
    row.drift = decision.flags[i];
    row.status = row.drift ? "drifted" : "stable";
    row.threshold = rung[i];
  });
  return decision;
}
