/**
 * One column of a tabular drift check: its type and sample size, the test chosen for it
 * (Evidently 0.7's get_one_column_drift), and its line of the report — tested (drifted or
 * stable), too few values (insufficient) or not tested, with the reason. tabularDrift.ts runs it
 * for every column and decides the dataset's verdict.
 */
import { keptCount, presentKinds, scanColumn, testValues, type ColumnScan } from "../inputs/columns.ts";
import type { Approximation, Binning, Dropped, TestResult, Values } from "../types.ts";
import { profiledColumnType, selectTest, type InferredColumnType } from "./autoSelect.ts";
import { categoryChanges, type CategoryCount } from "./categoryChanges.ts";
import { isTestName, TESTS, type TestName, type TestSpec } from "./methods.ts";
import { sampleSize } from "./sampleSize.ts";

/** "auto" (Evidently's choice per column) or one test for every column. */
export type TabularMethod = "auto" | TestName;

/** "auto", a test name for every column, or one per column type ({numeric, categorical}; a missing one is "auto"). */
export type MethodOption = TabularMethod | { numeric?: TabularMethod; categorical?: TabularMethod };

/** A column's outcome: tested and drifted or stable, too few values to judge, or not tested (see `reason`). */
export type FeatureStatus = "drifted" | "stable" | "insufficient" | "skipped";

/** One column's line of the report. */
export interface FeatureDrift {
  feature: string;
  type: InferredColumnType;
  /** The test run, or "skipped" when none ran (see `status` and `reason`). */
  method: TestName | "skipped";
  status: FeatureStatus;
  /** The test's statistic or distance (NaN when skipped). */
  statistic: number;
  /** The p-value, for tests that have one. */
  pValue?: number;
  /** What the statistic or p-value was compared with (after correction, the corrected threshold; NaN when skipped). */
  threshold: number;
  drift: boolean;
  /** Missing values removed before testing (null, undefined, NaN, ±Infinity). */
  dropped: Dropped;
  /** Values each table holds for the test (non-missing; the present values for a text, datetime or unknown column). */
  referenceRows: number;
  currentRows: number;
  /** Categorical columns: categories only current has (count in current), and only the reference has (count in the reference). */
  newCategories?: CategoryCount[];
  missingCategories?: CategoryCount[];
  /** Why a column was skipped or is insufficient. */
  reason?: string;
  /** From profiles: the test's binning and approximation, as it reports them (see TestResult). */
  binning?: Binning;
  approximate?: Approximation;
}

export type Chooser = (type: "numeric" | "categorical") => TabularMethod;

export function methodChooser(method: MethodOption | undefined): Chooser {
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

export function describeMethod(method: MethodOption): string {
  return typeof method === "string"
    ? method
    : `numeric: ${method.numeric ?? "auto"}, categorical: ${method.categorical ?? "auto"}`;
}

export function featureDrift(
  feature: string,
  refValues: Values,
  curValues: Values,
  forcedCategorical: boolean,
  chooser: Chooser,
  threshold: number | undefined,
  minRows: number,
): FeatureDrift {
  const refProfile = scanColumn(refValues);
  const curProfile = scanColumn(curValues);
  const type = forcedCategorical ? "categorical" : profiledColumnType(curValues, curProfile);
  const { insufficient, ...counts } = sampleSize(refProfile, curProfile, type, minRows);
  const skip = (
    reason: string,
    dropped = { reference: 0, current: 0 },
    status: "skipped" | "insufficient" = "skipped",
  ): FeatureDrift => skippedRow(feature, type, counts, reason, dropped, status);
  if (insufficient) {
    const dropped = {
      reference: refValues.length - counts.referenceRows,
      current: curValues.length - counts.currentRows,
    };
    return skip(insufficient, dropped, "insufficient");
  }
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
  const spec = checkedSpec(name, feature, type);
  const t = threshold ?? spec.threshold;
  // Numeric tests get the raw column: they drop what testValues drops, and the binned distances
  // need to see missing values to tell integer from float columns as pandas would.
  const cleaned = spec.reads === "categories" || type === "categorical";
  const ref = cleaned ? testValues(refValues, type, refProfile) : refValues;
  const cur = cleaned ? testValues(curValues, type, curProfile) : curValues;
  try {
    const row = testedRow(feature, type, name, spec, spec.run(ref, cur, type, t), t, dropped, counts);
    if (type === "categorical") Object.assign(row, categoryChanges(ref, cur));
    return row;
  } catch (error) {
    return skip(error instanceof Error ? error.message : String(error), dropped);
  }
}

/** A column's line when no test ran: no statistic, threshold or verdict, and why. */
export function skippedRow(
  feature: string,
  type: InferredColumnType,
  counts: { referenceRows: number; currentRows: number },
  reason: string,
  dropped: Dropped,
  status: "skipped" | "insufficient",
): FeatureDrift {
  return {
    feature,
    type,
    method: "skipped",
    status,
    statistic: NaN,
    threshold: NaN,
    drift: false,
    dropped,
    ...counts,
    reason,
  };
}

/** The test named for a column, checked against the column's type. */
export function checkedSpec(name: TestName, feature: string, type: "numeric" | "categorical"): TestSpec {
  const spec = TESTS[name];
  if (spec.reads === "numeric" && type !== "numeric") {
    throw new Error(
      `tabularDrift: ${name} needs a numeric column, but "${feature}" is categorical (give a method per type: {numeric, categorical})`,
    );
  }
  return spec;
}

/** A tested column's line: the test's statistic, p-value, decision, and (from profiles) its binning and approximation. */
export function testedRow(
  feature: string,
  type: "numeric" | "categorical",
  name: TestName,
  spec: TestSpec,
  result: TestResult,
  threshold: number,
  dropped: Dropped,
  counts: { referenceRows: number; currentRows: number },
): FeatureDrift {
  const drift = spec.drifts(result, threshold);
  const row: FeatureDrift = {
    feature,
    type,
    method: name,
    status: drift ? "drifted" : "stable",
    statistic: result.statistic,
    threshold,
    drift,
    dropped,
    ...counts,
  };
  if (result.pValue !== undefined) row.pValue = result.pValue;
  if (result.binning !== undefined) row.binning = result.binning;
  if (result.approximate !== undefined) row.approximate = result.approximate;
  return row;
}

function unsupported(type: InferredColumnType, profile: ColumnScan): string {
  if (profile.length === profile.missing) return `no values in the current table (${profile.length} rows, all missing)`;
  if (type === "text")
    return "text column (more than half the current values distinct): list it in `categorical` to test it as categories";
  if (type === "datetime") return "datetime column";
  if (type === "vector")
    return "vector column (one embedding per row): no per-column test judges it; compare the vectors with mmd, lsdd or classifierDrift (after project when they are long)";
  return `mixed value kinds in the current table (${presentKinds(profile).join(", ")}): list it in \`categorical\` to test it as categories`;
}

function typeMismatch(type: "numeric" | "categorical", ref: ColumnScan, cur: ColumnScan): string | undefined {
  const refKinds = presentKinds(ref);
  const curKinds = presentKinds(cur);
  if (refKinds.length === 0) return undefined;
  const same =
    type === "numeric" ? refKinds.length === 1 && refKinds[0] === "number" : refKinds.join() === curKinds.join();
  return same
    ? undefined
    : `type mismatch: ${refKinds.join(" and ")} in the reference, ${curKinds.join(" and ")} in the current table`;
}
