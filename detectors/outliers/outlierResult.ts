/**
 * What every outlier detector shares: its options, its result, and the decision from scores. The
 * threshold is a percentile of the reference's own scores, as Alibi Detect's `infer_threshold(X,
 * threshold_perc)` sets it (numpy's linear percentile), and a row is an outlier when its score is
 * above it (Alibi: `iscore > threshold`). With the default 99th percentile about 1% of rows like the
 * reference are flagged, so `share` is comparable from day to day and well above 0.01 means trouble.
 */

import { quantileSorted } from "simple-statistics";
import { sortNumbers } from "../samples/radixSort.ts";
import type { Dropped } from "../types.ts";
import type { OutlierRows } from "./outlierRows.ts";

/** The default percentile of the reference's scores that sets the threshold. */
export const DEFAULT_PERCENTILE = 99;

/** Options every outlier detector takes. */
export interface OutlierOptions {
  /** Columns to read from tables or objects (default: the reference's numeric feature columns). */
  features?: readonly string[];
  /** The percentile of the reference's scores above which a row is an outlier (default 99). */
  percentile?: number;
  /** A fixed score threshold instead of the percentile (e.g. 3 for |z|, 1.5 for Tukey's fences). */
  threshold?: number;
}

/** The detectors, named as `detectors.outliers.<method>`. */
export type OutlierMethod = "zScore" | "iqr" | "mahalanobis" | "isolationForest";

/** What every outlier detector returns: one score and one verdict per current row. */
export interface OutlierResult {
  method: OutlierMethod;
  /** One score per current row (higher is more outlying); NaN for a row with a missing or non-finite value. */
  scores: number[];
  /** The score above which a row is an outlier: the reference percentile, or the given threshold. */
  threshold: number;
  /** score > threshold, per current row (false for an unscored row). */
  outlier: boolean[];
  /** Outliers over scored current rows. */
  share: number;
  /** The columns scored (tables and objects); null for arrays of numbers. */
  features: string[] | null;
  /** Reference rows left out of the fit and current rows left unscored (a value not a finite number). */
  dropped: Dropped;
}

/**
 * Checks the options every detector shares.
 * @throws when percentile is not in (0, 100] or threshold is not a number
 */
export function checkOutlierOptions(options: OutlierOptions, fn: string): void {
  const { percentile = DEFAULT_PERCENTILE, threshold } = options;
  if (!(percentile > 0 && percentile <= 100))
    throw new Error(`${fn}: percentile must be in (0, 100], got ${percentile}`);
  if (threshold !== undefined && (typeof threshold !== "number" || Number.isNaN(threshold)))
    throw new Error(`${fn}: threshold must be a number, got ${threshold}`);
}

/**
 * The threshold, verdicts and share from the reference's and the current rows' scores.
 * @throws when no current row could be scored
 */
export function outlierResult(
  method: OutlierMethod,
  rows: OutlierRows,
  referenceScores: Float64Array,
  currentScores: Float64Array,
  options: OutlierOptions,
): OutlierResult {
  const threshold =
    options.threshold ??
    quantileSorted(
      sortNumbers(Float64Array.from(referenceScores)) as unknown as number[],
      (options.percentile ?? DEFAULT_PERCENTILE) / 100,
    );
  const n = currentScores.length;
  const scores = new Array<number>(n);
  const outlier = new Array<boolean>(n);
  let outliers = 0;
  let scored = 0;
  for (let i = 0; i < n; i++) {
    const score = rows.scored[i] === 1 ? currentScores[i] : NaN;
    scores[i] = score;
    outlier[i] = score > threshold;
    if (outlier[i]) outliers++;
    if (rows.scored[i] === 1) scored++;
  }
  if (scored === 0)
    throw new Error(
      `${method}: current has no rows with finite numbers in every feature (${n} rows, all with NaN, infinite, missing or non-numeric values)`,
    );
  return {
    method,
    scores,
    threshold,
    outlier,
    share: outliers / scored,
    features: rows.features,
    dropped: rows.dropped,
  };
}
