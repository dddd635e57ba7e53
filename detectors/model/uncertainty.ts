/**
 * Model-uncertainty drift on predictions already made: Alibi Detect 0.12's
 * ClassifierUncertaintyDrift and RegressorUncertaintyDrift (cd/model_uncertainty.py).
 */

import { chiSquare } from "../categorical/chiSquare.ts";
import { type Matrix, type Rows, toMatrices } from "../linalg/matrix.ts";
import { pairwiseSum } from "../samples/moments.ts";
import { checkAlpha } from "../inputs/options.ts";
import type { TestResult } from "../types.ts";
import { ks } from "../univariate/ks.ts";

export interface ClassifierUncertaintyOptions {
  /** "entropy" (default): KS test on prediction entropies; "margin": chi-squared test on "top two within marginWidth". */
  uncertainty?: "entropy" | "margin";
  /** "probs" (default): rows of class probabilities summing to 1; "logits": rows of scores, softmaxed. */
  predsType?: "probs" | "logits";
  /** Width of the margin of uncertainty (default 0.1). */
  marginWidth?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
}

/** An uncertainty drift result: the univariate test's result plus the per-row uncertainties tested. */
export interface UncertaintyResult extends TestResult {
  /** The univariate test run on the uncertainties: "ks" or "chiSquare". */
  test: "ks" | "chiSquare";
  uncertainty: { reference: Float64Array; current: Float64Array };
}

/**
 * Whether a classifier has become more or less uncertain: Alibi Detect's
 * `ClassifierUncertaintyDrift` (alibi-detect 0.12, `cd/model_uncertainty.py`,
 * `classifier_uncertainty`) applied to predictions already made.
 * - "entropy" (default): each row's entropy −Σ p·ln p (after renormalising the row, as
 *   scipy.stats.entropy does), then the two-sided asymptotic KS test (Alibi's KSDrift:
 *   ks_2samp(mode="asymp")).
 * - "margin": 1 when the two largest probabilities differ by less than `marginWidth` (0.1), else 0,
 *   then Alibi's ChiSquareDrift: chi2_contingency on the 2×K table (Yates when K = 2; one category
 *   only gives statistic 0, p 1).
 * `predsType: "logits"` applies a softmax first. Plain numbers are read as P(class 1) of a binary
 * classifier, i.e. rows [1 − p, p]. Rows with a value that is not a finite number are dropped and
 * counted. Drift when p < alpha.
 *
 * @param reference reference predictions: rows of class probabilities (or logits), or P(class 1) numbers
 * @param current current predictions, with the same classes
 * @param options `uncertainty` ("entropy"), `predsType` ("probs"), `marginWidth` (0.1), `alpha` (0.05)
 * @returns {method: "classifierUncertaintyDrift", test, statistic, pValue, threshold: alpha, drift, dropped, uncertainty}
 * @throws when a side has no complete rows, rows have fewer than 2 classes, probabilities are
 * negative or do not sum to 1 (mean |1 − Σp| > 1e-6, Alibi's check), plain numbers come with
 * "logits", or an option is invalid
 */
export function classifierUncertaintyDrift(
  reference: Rows,
  current: Rows,
  options: ClassifierUncertaintyOptions = {},
): UncertaintyResult {
  const fn = "classifierUncertaintyDrift";
  const { uncertainty = "entropy", predsType = "probs", marginWidth = 0.1, alpha = 0.05 } = options;
  checkAlpha(alpha, fn);
  if (uncertainty !== "entropy" && uncertainty !== "margin")
    throw new Error(`${fn}: uncertainty must be "entropy" or "margin", got ${String(uncertainty)}`);
  if (predsType !== "probs" && predsType !== "logits")
    throw new Error(`${fn}: predsType must be "probs" or "logits", got ${String(predsType)}`);
  if (!(marginWidth >= 0)) throw new Error(`${fn}: marginWidth must be a number ≥ 0, got ${marginWidth}`);
  const pair = toMatrices(reference, current, fn);
  if (pair.reference.cols === 1 && predsType === "logits")
    throw new Error(`${fn}: plain numbers are read as P(class 1); pass logits as rows of one score per class`);
  const perRow = (m: Matrix, what: string) => {
    const probabilities =
      m.cols === 1 ? binaryRows(m) : predsType === "logits" ? softmaxRows(m) : checkedProbabilities(m, fn, what);
    return uncertainty === "entropy" ? rowEntropies(probabilities) : marginIndicators(probabilities, marginWidth);
  };
  const ref = perRow(pair.reference, "reference");
  const cur = perRow(pair.current, "current");
  const result =
    uncertainty === "entropy"
      ? ks(ref, cur, { alternative: "two-sided", mode: "asymp", alpha })
      : chiSquare(ref, cur, { alpha });
  return uncertaintyResult(fn, result, uncertainty === "entropy" ? "ks" : "chiSquare", ref, cur, pair.dropped);
}

export interface RegressorUncertaintyOptions {
  /** Significance level (default 0.05). */
  alpha?: number;
}

/**
 * Whether a regressor has become more or less uncertain: Alibi Detect's
 * `RegressorUncertaintyDrift` (alibi-detect 0.12, `cd/model_uncertainty.py`,
 * `regressor_uncertainty`) applied to predictions already made. Each row holds one prediction per
 * ensemble member ("ensemble") or per MC-dropout pass ("mc_dropout"); its uncertainty is their
 * population standard deviation (np.std), and the two samples of uncertainties are compared with
 * the two-sided asymptotic KS test (Alibi's KSDrift). Rows with a value that is not a finite
 * number are dropped and counted. Drift when p < alpha.
 *
 * @param reference reference predictions: rows of ≥ 2 predictions each
 * @param current current predictions, with as many per row
 * @param options `alpha` (0.05)
 * @returns {method: "regressorUncertaintyDrift", test: "ks", statistic, pValue, threshold: alpha, drift, dropped, uncertainty}
 * @throws when a side has no complete rows, rows have fewer than 2 predictions, or alpha is invalid
 */
export function regressorUncertaintyDrift(
  reference: Rows,
  current: Rows,
  options: RegressorUncertaintyOptions = {},
): UncertaintyResult {
  const fn = "regressorUncertaintyDrift";
  const { alpha = 0.05 } = options;
  checkAlpha(alpha, fn);
  const pair = toMatrices(reference, current, fn);
  if (pair.reference.cols < 2)
    throw new Error(
      `${fn}: needs at least 2 predictions per row (ensemble members or MC-dropout passes), got ${pair.reference.cols}`,
    );
  const ref = rowStds(pair.reference);
  const cur = rowStds(pair.current);
  return uncertaintyResult(
    fn,
    ks(ref, cur, { alternative: "two-sided", mode: "asymp", alpha }),
    "ks",
    ref,
    cur,
    pair.dropped,
  );
}

function uncertaintyResult(
  method: string,
  result: TestResult,
  test: "ks" | "chiSquare",
  reference: Float64Array,
  current: Float64Array,
  dropped: TestResult["dropped"],
): UncertaintyResult {
  const { statistic, pValue, threshold, drift } = result;
  return { method, test, statistic, pValue, threshold, drift, dropped, uncertainty: { reference, current } };
}

function binaryRows(m: Matrix): Matrix {
  const data = new Float64Array(m.rows * 2);
  for (let i = 0; i < m.rows; i++) {
    data[2 * i] = 1 - m.data[i];
    data[2 * i + 1] = m.data[i];
  }
  return { data, rows: m.rows, cols: 2 };
}

function softmaxRows(m: Matrix): Matrix {
  const data = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    const row = m.data.subarray(i * m.cols, (i + 1) * m.cols);
    const max = Math.max(...row);
    const exps = row.map((z) => Math.exp(z - max));
    const sum = pairwiseSum(exps);
    exps.forEach((e, k) => (data[i * m.cols + k] = e / sum));
  }
  return { data, rows: m.rows, cols: m.cols };
}

function checkedProbabilities(m: Matrix, fn: string, what: string): Matrix {
  if (m.data.some((p) => p < 0))
    throw new Error(`${fn}: ${what} has negative probabilities; pass predsType "logits" for scores`);
  let deviation = 0;
  for (let i = 0; i < m.rows; i++) deviation += Math.abs(1 - pairwiseSum(m.data, i * m.cols, (i + 1) * m.cols));
  if (deviation / m.rows > 1e-6) {
    throw new Error(
      `${fn}: ${what} probabilities do not sum to 1 (mean |1 − Σp| = ${(deviation / m.rows).toPrecision(3)}); pass predsType "logits" for scores`,
    );
  }
  return m;
}

/** scipy.stats.entropy per row: p / Σp, then Σ −p·ln p (0·ln 0 = 0), both sums pairwise as numpy's. */
function rowEntropies(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  const terms = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    const sum = pairwiseSum(m.data, i * m.cols, (i + 1) * m.cols);
    for (let k = 0; k < m.cols; k++) {
      const p = m.data[i * m.cols + k] / sum;
      terms[k] = p > 0 ? -p * Math.log(p) : 0;
    }
    out[i] = pairwiseSum(terms);
  }
  return out;
}

/** 1 where the two largest probabilities of a row differ by less than `width`, else 0. */
function marginIndicators(m: Matrix, width: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let first = -Infinity;
    let second = -Infinity;
    for (let k = 0; k < m.cols; k++) {
      const p = m.data[i * m.cols + k];
      if (p > first) {
        second = first;
        first = p;
      } else if (p > second) second = p;
    }
    out[i] = first - second < width ? 1 : 0;
  }
  return out;
}

/** np.std per row (population): mean and mean squared deviation by numpy's pairwise sums. */
function rowStds(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  const squares = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    const mean = pairwiseSum(m.data, i * m.cols, (i + 1) * m.cols) / m.cols;
    for (let k = 0; k < m.cols; k++) {
      const d = m.data[i * m.cols + k] - mean;
      squares[k] = d * d;
    }
    out[i] = Math.sqrt(pairwiseSum(squares) / m.cols);
  }
  return out;
}
