/**
 * Data drift between two tables (or two profiles), one test per column and a dataset verdict:
 * Evidently 0.7's DataDriftPreset (get_one_column_drift, DatasetDriftMetric), with Alibi Detect's
 * multiple-testing correction as an option. Its parts are shared with segmentDrift.ts, which
 * decides many such comparisons together: the default features, the correction of the p-value
 * columns and the verdict over a report's lines.
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
 * tabularDrift of two tables or two profiles (see its comment in tabularDrift.ts, which also
 * sends segment lists to segmentDrift.ts).
 */
export function tableDrift(
  reference: TableInput | Profile,
  current: TableInput | Profile,
  options: TabularDriftOptions = {},
): TabularDriftResult {
  const { correction, threshold, driftShare, minRows } = checkedOptions(options);
  const chooser = methodChooser(options.method ?? "auto");
  const pair = tablePair(reference, current);
  const ref = pair.reference;
  const cur = pair.current;
  const explicit = options.features !== undefined;
  const features = options.features ?? defaultFeatures(ref.names, cur.names);
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

  const decided = correction === undefined ? undefined : correctFeatures(rows, correction, threshold ?? 0.05);
  return {
    method: describeMethod(options.method ?? "auto"),
    ...verdictOf(rows, driftShare),
    driftShare,
    minRows,
    referenceRows: ref.numRows,
    currentRows: cur.numRows,
    ...(decided ? { correction: decided } : {}),
    ...(pair.fromProfiles ? { fromProfiles: true as const } : {}),
    features: rows,
  };
}

/** The options' thresholds checked, with their defaults: driftShare 0.5, minRows 30. */
export function checkedOptions(options: TabularDriftOptions) {
  const { correction, threshold, driftShare = 0.5, minRows = 30 } = options;
  if (threshold !== undefined && !Number.isFinite(threshold))
    throw new Error(`tabularDrift: threshold must be a finite number, got ${threshold}`);
  if (!(driftShare >= 0 && driftShare <= 1))
    throw new Error(`tabularDrift: driftShare must be between 0 and 1, got ${driftShare}`);
  if (!(Number.isInteger(minRows) && minRows >= 0))
    throw new Error(`tabularDrift: minRows must be a whole number ≥ 0, got ${minRows}`);
  if (correction !== undefined && correction !== "bonferroni" && correction !== "fdr") {
    throw new Error(`tabularDrift: correction must be "bonferroni" or "fdr", got ${String(correction)}`);
  }
  return { correction, threshold, driftShare, minRows };
}

/** The feature columns both tables have (see {@link columnRole}), in the current table's order. */
export function defaultFeatures(referenceNames: string[], currentNames: string[]): string[] {
  return currentNames.filter((name) => referenceNames.includes(name) && columnRole(name) === "feature");
}

/**
 * The dataset verdict over a report's lines, as Evidently's DatasetDriftMetric: the share of the
 * tested lines (neither skipped nor insufficient) that drift, and drift when it is ≥ driftShare.
 */
export function verdictOf(
  rows: FeatureDrift[],
  driftShare: number,
): Pick<TabularDriftResult, "drift" | "share" | "driftedCount" | "testedCount" | "insufficientCount"> {
  const tested = rows.filter((row) => row.method !== "skipped");
  const driftedCount = tested.filter((row) => row.drift).length;
  const share = tested.length === 0 ? 0 : driftedCount / tested.length;
  return {
    drift: tested.length > 0 && share >= driftShare,
    share,
    driftedCount,
    testedCount: tested.length,
    insufficientCount: rows.filter((row) => row.status === "insufficient").length,
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

/**
 * Replaces the p-value lines' decisions by {@link correct}'s flags over them all (a NaN p-value
 * counts as 1), each with its corrected threshold; distance lines keep their own rule. Undefined
 * when no line has a p-value.
 */
export function correctFeatures(rows: FeatureDrift[], method: CorrectionMethod, alpha: number): Correction | undefined {
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
