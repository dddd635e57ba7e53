/**
 * Mahalanobis-distance outliers: each row's squared distance from the reference's robust location
 * under its robust covariance, the Minimum Covariance Determinant as scikit-learn's MinCovDet
 * estimates it (linalg/minCovDet.ts), so the outliers already in the reference do not widen the
 * ellipsoid they are judged by. `robust: false` uses the plain mean and covariance instead.
 */

import { cholesky } from "../linalg/cholesky.ts";
import { meanAndCovariance, squaredMahalanobis } from "../linalg/covariance.ts";
import type { Rows } from "../linalg/matrix.ts";
import { minCovDet } from "../linalg/minCovDet.ts";
import { seededRng } from "../random/rng.ts";
import { outlierRows } from "./outlierRows.ts";
import { checkOutlierOptions, type OutlierOptions, type OutlierResult, outlierResult } from "./outlierResult.ts";

export interface MahalanobisOptions extends OutlierOptions {
  /** Minimum Covariance Determinant (default true), or the plain mean and covariance (ddof 0). */
  robust?: boolean;
  /** Share of reference rows in MCD's raw estimate, in (0, 1] (default (n + p + 1) / 2 rows, scikit-learn's). */
  supportFraction?: number;
  /** Seed of MCD's random starts (default 0). */
  seed?: number;
}

/** A Mahalanobis result, with the location and covariance it measured from. */
export interface MahalanobisResult extends OutlierResult {
  location: number[];
  /** Row-major, features × features. */
  covariance: number[][];
  /** How many reference rows the estimate rests on (all of them when not robust). */
  support: number;
}

/**
 * Scores each current row by its squared Mahalanobis distance (x − μ)ᵀ Σ⁻¹ (x − μ), as scikit-learn's
 * `MinCovDet(random_state=seed).fit(reference).mahalanobis(current)`: μ and Σ are MCD's reweighted
 * estimates (FastMCD, Rousseeuw & Van Driessen 1999; consistency correction; rows beyond the
 * chi-squared 97.5% quantile left out). Rows are flagged above the reference's own scores' 99th
 * percentile, or above `threshold` (for Gaussian data the squared distance is χ²(p): χ²₀.₉₉(p) flags 1%).
 *
 * @param reference rows the detector is fitted on: a table, objects, arrays of numbers, or numbers
 * @param current rows to score, with the same columns
 * @param options `features`, `percentile` (99), `threshold`, `robust` (true), `supportFraction`, `seed` (0)
 * @returns {method: "mahalanobis", scores, threshold, outlier, share, features, dropped, location, covariance, support}
 * @throws when the (robust) covariance of the reference is singular, e.g. a constant feature
 * @example
 * mahalanobis(reference, current, { robust: false, threshold: 16.8 }) // χ²₀.₉₉(6) = 16.8 for 6 features
 */
export function mahalanobis(reference: Rows, current: Rows, options: MahalanobisOptions = {}): MahalanobisResult {
  const { robust = true, supportFraction, seed = 0 } = options;
  checkOutlierOptions(options, "mahalanobis");
  if (supportFraction !== undefined && !(supportFraction > 0 && supportFraction <= 1))
    throw new Error(`mahalanobis: supportFraction must be in (0, 1], got ${supportFraction}`);
  const rows = outlierRows(reference, current, "mahalanobis", options.features);
  const p = rows.reference.cols;
  if (rows.reference.rows <= p)
    throw new Error(`mahalanobis: the reference needs more complete rows (${rows.reference.rows}) than features (${p})`);
  const fit = robust
    ? minCovDet(rows.reference, supportFraction, seededRng(seed), "mahalanobis")
    : { ...meanAndCovariance(rows.reference, null), support: rows.reference.rows };
  const factor = cholesky(fit.covariance, p);
  if (factor === null)
    throw new Error(
      "mahalanobis: the covariance of the reference is singular (a constant feature, or features that are linear combinations of others); leave them out with the features option",
    );
  const result = outlierResult(
    "mahalanobis",
    rows,
    squaredMahalanobis(rows.reference, fit.location, factor),
    squaredMahalanobis(rows.current, fit.location, factor),
    options,
  );
  return {
    ...result,
    location: Array.from(fit.location),
    covariance: Array.from({ length: p }, (_, j) => Array.from(fit.covariance.subarray(j * p, (j + 1) * p))),
    support: fit.support,
  };
}
