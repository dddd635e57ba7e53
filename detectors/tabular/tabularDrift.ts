/**
 * Data drift over whole tables, one test per column and a dataset verdict: Evidently 0.7's
 * DataDriftPreset (get_one_column_drift, DatasetDriftMetric), with Alibi Detect's multiple-testing
 * correction as an option.
 */

import { correct, type Correction, type CorrectionMethod } from "../correct.ts";
import {
  keptCount,
  presentKinds,
  profileColumn,
  readColumns,
  testValues,
  type ColumnProfile,
  type TableInput,
} from "../inputs/columns.ts";
import type { Dropped, Values } from "../types.ts";
import { profiledColumnType, selectTest, type InferredColumnType } from "./autoSelect.ts";
import { isTestName, TESTS, type TestName } from "./methods.ts";

export type { TableInput } from "../inputs/columns.ts";

/** "auto" (Evidently's choice per column) or one test for every column. */
export type TabularMethod = "auto" | TestName;

export interface TabularDriftOptions {
  /** Columns to compare. Default: the columns both tables have, except id, ts, label, prediction, score and proba_*. */
  features?: string[];
  /** Columns to read as categorical whatever their values (Evidently's `categorical_columns`). */
  categorical?: string[];
  /** "auto" (default), a test name for every column, or one per column type ({numeric, categorical}; a missing one is "auto"). */
  method?: TabularMethod | { numeric?: TabularMethod; categorical?: TabularMethod };
  /** Decide the p-value tests together with {@link correct} (Alibi Detect's TabularDrift style). Default: none. */
  correction?: CorrectionMethod;
  /** Threshold for every column (Evidently's `threshold`); with `correction`, its family-wise α (default 0.05). Default: each test's own. */
  threshold?: number;
  /** Dataset drift when at least this share of the tested columns drifts. Default 0.5, as Evidently. */
  driftShare?: number;
}

/** One column's line of the report. */
export interface FeatureDrift {
  feature: string;
  type: InferredColumnType;
  /** The test run, or "skipped" (see `reason`). */
  method: TestName | "skipped";
  /** The test's statistic or distance (NaN when skipped). */
  statistic: number;
  /** The p-value, for tests that have one. */
  pValue?: number;
  /** What the statistic or p-value was compared with (after correction, the corrected threshold; NaN when skipped). */
  threshold: number;
  drift: boolean;
  /** Missing values removed before testing (null, undefined, NaN, ±Infinity). */
  dropped: Dropped;
  /** Why a column was skipped. */
  reason?: string;
}

export interface TabularDriftResult {
  /** "auto", the test name, or "numeric: …, categorical: …". */
  method: string;
  /** Dataset drift: testedCount > 0 and share ≥ driftShare (Evidently's DatasetDriftMetric). */
  drift: boolean;
  /** driftedCount / testedCount (0 when nothing was tested). */
  share: number;
  driftedCount: number;
  /** Columns tested (not skipped). */
  testedCount: number;
  driftShare: number;
  /** With `correction`: the joint decision over the p-value tests (its `drift` is Alibi Detect's batch drift). */
  correction?: Correction;
  features: FeatureDrift[];
}

const RESERVED = new Set(["id", "ts", "label", "prediction", "score"]);

/**
 * Data drift over whole tables, column by column, as Evidently's DataDriftPreset computes it
 * (Evidently 0.7: ValueDrift per column through legacy get_one_column_drift, then
 * DatasetDriftMetric), with Alibi Detect's multiple-testing correction as an option.
 *
 * Per column:
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
 * it (≥, not >); `correction.drift` is Alibi's batch decision (any column flagged).
 *
 * The result is a drift report the workbook renderer shows as a table of features.
 *
 * @param reference the reference table: an Arquero table (columnNames(), array(name), numRows()) or an array of objects
 * @param current the current table, in the same form
 * @param options `features`, `categorical`, `method` ("auto"), `correction`, `threshold`, `driftShare` (0.5)
 * @returns `{method, drift, share, driftedCount, testedCount, driftShare, correction?, features: [{feature, type, method, statistic, pValue?, threshold, drift, dropped, reason?}]}`
 * @throws when a table is not a table, a listed feature or categorical column is missing, no
 * feature is left, an option is invalid, or a numeric test is asked for a categorical column
 * @example
 * tabularDrift(referenceRows, currentRows).share // share of drifting columns
 */
export function tabularDrift(
  reference: TableInput,
  current: TableInput,
  options: TabularDriftOptions = {},
): TabularDriftResult {
  const { correction, threshold, driftShare = 0.5 } = options;
  const chooser = methodChooser(options.method ?? "auto");
  if (threshold !== undefined && !Number.isFinite(threshold))
    throw new Error(`tabularDrift: threshold must be a finite number, got ${threshold}`);
  if (!(driftShare >= 0 && driftShare <= 1))
    throw new Error(`tabularDrift: driftShare must be between 0 and 1, got ${driftShare}`);
  if (correction !== undefined && correction !== "bonferroni" && correction !== "fdr") {
    throw new Error(`tabularDrift: correction must be "bonferroni" or "fdr", got ${String(correction)}`);
  }
  const ref = readColumns(reference, "tabularDrift: reference");
  const cur = readColumns(current, "tabularDrift: current");
  const explicit = options.features !== undefined;
  const features =
    options.features ??
    cur.names.filter((name) => ref.names.includes(name) && !RESERVED.has(name) && !name.startsWith("proba_"));
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
    const row = featureDrift(name, ref.column(name), cur.column(name), categorical.has(name), chooser, threshold);
    if (!explicit && row.type === "datetime") continue;
    rows.push(row);
  }
  if (rows.length === 0)
    throw new Error(
      "tabularDrift: no feature columns to compare (the tables share none besides id, ts, label, prediction, score and proba_*)",
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
    driftShare,
    ...(decided ? { correction: decided } : {}),
    features: rows,
  };
}

type Chooser = (type: "numeric" | "categorical") => TabularMethod;

function methodChooser(method: TabularDriftOptions["method"]): Chooser {
  const check = (value: unknown, where: string): TabularMethod => {
    if (value === "auto" || isTestName(value)) return value;
    throw new Error(
      `tabularDrift: ${where} must be "auto" or a test name (${Object.keys(TESTS).join(", ")}), got ${String(value)}`,
    );
  };
  if (typeof method === "object" && method !== null) {
    const numeric = check(method.numeric ?? "auto", "method.numeric");
    const categorical = check(method.categorical ?? "auto", "method.categorical");
    return (type) => (type === "numeric" ? numeric : categorical);
  }
  const single = check(method, "method");
  return () => single;
}

function describeMethod(method: NonNullable<TabularDriftOptions["method"]>): string {
  return typeof method === "string"
    ? method
    : `numeric: ${method.numeric ?? "auto"}, categorical: ${method.categorical ?? "auto"}`;
}

function featureDrift(
  feature: string,
  refValues: Values,
  curValues: Values,
  forcedCategorical: boolean,
  chooser: Chooser,
  threshold: number | undefined,
): FeatureDrift {
  const refProfile = profileColumn(refValues);
  const curProfile = profileColumn(curValues);
  const type = forcedCategorical ? "categorical" : profiledColumnType(curValues, curProfile);
  const skip = (reason: string, dropped = { reference: 0, current: 0 }): FeatureDrift => ({
    feature,
    type,
    method: "skipped",
    statistic: NaN,
    threshold: NaN,
    drift: false,
    dropped,
    reason,
  });
  if (type !== "numeric" && type !== "categorical") return skip(unsupported(type, curProfile));
  const mismatch = forcedCategorical ? undefined : typeMismatch(type, refProfile, curProfile);
  if (mismatch) return skip(mismatch);

  const dropped = {
    reference: refValues.length - keptCount(refProfile, type),
    current: curValues.length - keptCount(curProfile, type),
  };
  if (dropped.reference === refValues.length)
    return skip(`reference has no values (${refValues.length} rows, all missing)`, dropped);
  if (dropped.current === curValues.length)
    return skip(`current has no values (${curValues.length} rows, all missing)`, dropped);

  const chosen = chooser(type);
  const name: TestName =
    chosen === "auto" ? selectTest(refValues, curValues, type, refValues.length - dropped.reference) : chosen;
  const spec = TESTS[name];
  if (spec.reads === "numeric" && type !== "numeric") {
    throw new Error(
      `tabularDrift: ${name} needs a numeric column, but "${feature}" is categorical (give a method per type: {numeric, categorical})`,
    );
  }
  const t = threshold ?? spec.threshold;
  // Numeric tests get the raw column: they drop what testValues drops, and the binned distances
  // need to see missing values to tell integer from float columns as pandas would.
  const cleaned = spec.reads === "categories" || type === "categorical";
  const ref = cleaned ? testValues(refValues, type, refProfile) : refValues;
  const cur = cleaned ? testValues(curValues, type, curProfile) : curValues;
  try {
    const result = spec.run(ref, cur, type, t);
    const row: FeatureDrift = {
      feature,
      type,
      method: name,
      statistic: result.statistic,
      threshold: t,
      drift: spec.drifts(result, t),
      dropped,
    };
    if (result.pValue !== undefined) row.pValue = result.pValue;
    return row;
  } catch (error) {
    return skip(error instanceof Error ? error.message : String(error), dropped);
  }
}

function unsupported(type: InferredColumnType, profile: ColumnProfile): string {
  if (profile.length === profile.missing) return `no values in the current table (${profile.length} rows, all missing)`;
  if (type === "text")
    return "text column (more than half the current values distinct): list it in `categorical` to test it as categories";
  if (type === "datetime") return "datetime column";
  return `mixed value kinds in the current table (${presentKinds(profile).join(", ")}): list it in \`categorical\` to test it as categories`;
}

function typeMismatch(type: "numeric" | "categorical", ref: ColumnProfile, cur: ColumnProfile): string | undefined {
  const refKinds = presentKinds(ref);
  const curKinds = presentKinds(cur);
  if (refKinds.length === 0) return undefined;
  const same =
    type === "numeric" ? refKinds.length === 1 && refKinds[0] === "number" : refKinds.join() === curKinds.join();
  return same
    ? undefined
    : `type mismatch: ${refKinds.join(" and ")} in the reference, ${curKinds.join(" and ")} in the current table`;
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
    row.threshold = rung[i];
  });
  return decision;
}
