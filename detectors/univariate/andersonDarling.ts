/**
 * Two-sample Anderson–Darling test: scipy 1.17 scipy.stats.anderson_ksamp (midrank variant; Scholz &
 * Stephens, "K-Sample Anderson–Darling Tests", 1987), as Evidently's `anderson` stattest calls it.
 */

import type { TestResult, Values } from "../types.ts";
import { sortedFinite, walkPooled } from "../samples/ecdf.ts";
import { CompensatedSum } from "../samples/moments.ts";
import { checkAlpha } from "../inputs/options.ts";

/** Options of {@link andersonDarling}. */
export interface AndersonDarlingOptions {
  /** Significance level; drift when pValue < alpha. Default 0.05. */
  alpha?: number;
}

/** Scholz & Stephens (1987) Table 2 interpolation coefficients, and their significance levels. */
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const SIGNIFICANCE = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
/** Critical values for k = 2 samples (m = k − 1 = 1): b0 + b1/√m + b2/m. */
const CRITICAL = B0.map((b0, i) => b0 + B1[i] / Math.sqrt(1) + B2[i] / 1);
const LOG_P_FIT = quadraticFit(CRITICAL, SIGNIFICANCE.map(Math.log));

/**
 * Two-sample Anderson–Darling test (k-sample form with k = 2): like Cramér–von Mises but weighting
 * the tails more, and its approximate p-value.
 *
 * Follows scipy.stats.anderson_ksamp([reference, current], variant="midrank") (scipy 1.17), which
 * Evidently's `anderson` calls: the midrank statistic A²akN of Scholz & Stephens (1987, eq. 7),
 * standardised as (A²akN − 1)/σ. The p-value is interpolated from their table of critical values
 * (a quadratic fit of log significance, as numpy.polyfit) and, as in scipy, **capped to
 * [0.001, 0.25]**: 0.25 means "0.25 or more", 0.001 "0.001 or less". NaN, ±Infinity and null
 * are dropped first and counted. With 3 values in total scipy's variance divides by zero and both
 * statistic and p-value are NaN (never drift); this returns the same.
 *
 * Defaults: alpha 0.05 (drift when pValue < alpha; Evidently's `anderson` uses < 0.1).
 *
 * @param reference the reference sample
 * @param current the current sample
 * @returns {method: "andersonDarling", statistic: standardised A², pValue, threshold: alpha, drift, dropped}
 * @throws if either sample has no finite numbers, alpha is not in (0, 1), there are fewer than 3
 * values in total, or all values are equal (scipy: "needs more than one distinct observation")
 * @example
 * andersonDarling([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).pValue // => 0.00435597796650…
 */
export function andersonDarling(reference: Values, current: Values, options: AndersonDarlingOptions = {}): TestResult {
  const { alpha = 0.05 } = options;
  checkAlpha(alpha, "andersonDarling");
  const ref = sortedFinite(reference, "andersonDarling: reference");
  const cur = sortedFinite(current, "andersonDarling: current");
  const n = [ref.sorted.length, cur.sorted.length];
  const N = n[0] + n[1];

  const inner = [new CompensatedSum(), new CompensatedSum()];
  const counts = [0, 0];
  let below = 0;
  let distinct = 0;
  walkPooled(ref.sorted, cur.sorted, (_value, countRef, countCur) => {
    const lj = countRef + countCur;
    const Bj = below + lj / 2;
    const denominator = Bj * (N - Bj) - (N * lj) / 4;
    const add = (i: number, f: number) => {
      counts[i] += f;
      const gap = N * (counts[i] - f / 2) - Bj * n[i];
      inner[i].add(((lj / N) * (gap * gap)) / denominator);
    };
    add(0, countRef);
    add(1, countCur);
    below += lj;
    distinct++;
  });
  if (distinct < 2) throw new Error("andersonDarling: needs more than one distinct value (all values are equal)");
  if (N < 3) throw new Error(`andersonDarling: needs at least 3 values in total, got ${N}`);
  const A2kN = ((inner[0].value / n[0] + inner[1].value / n[1]) * (N - 1)) / N;

  const H = 1 / n[0] + 1 / n[1];
  let hs = 0;
  const g = new CompensatedSum();
  for (let i = 0; i < N - 2; i++) {
    hs += 1 / (N - 1 - i);
    g.add(hs / (i + 2));
  }
  const h = hs + 1;
  const k = 2;
  const a = (4 * g.value - 6) * (k - 1) + (10 - 6 * g.value) * H;
  const b = (2 * g.value - 4) * k ** 2 + 8 * h * k + (2 * g.value - 14 * h - 4) * H - 8 * h + 4 * g.value - 6;
  const c = (6 * h + 2 * g.value - 2) * k ** 2 + (4 * h - 4 * g.value + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmasq = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  const statistic = (A2kN - (k - 1)) / Math.sqrt(sigmasq);

  let pValue: number;
  if (statistic < Math.min(...CRITICAL)) pValue = Math.max(...SIGNIFICANCE);
  else if (statistic > Math.max(...CRITICAL)) pValue = Math.min(...SIGNIFICANCE);
  else pValue = Math.exp(LOG_P_FIT(statistic));
  return {
    method: "andersonDarling",
    statistic,
    pValue,
    threshold: alpha,
    drift: pValue < alpha,
    dropped: { reference: ref.dropped, current: cur.dropped },
  };
}

/**
 * The least-squares quadratic through (xs, ys), as numpy.polyfit(xs, ys, 2), returned as a
 * function. Solved in a centred, scaled variable so the normal equations stay well conditioned.
 */
function quadraticFit(xs: number[], ys: number[]): (x: number) => number {
  const center = xs.reduce((s, x) => s + x, 0) / xs.length;
  const scale = Math.max(...xs.map((x) => Math.abs(x - center)));
  const us = xs.map((x) => (x - center) / scale);
  // Normal equations M·c = r for the basis (1, u, u²).
  const M = [0, 1, 2].map((i) => [0, 1, 2].map((j) => us.reduce((s, u) => s + u ** (i + j), 0)));
  const r = [0, 1, 2].map((i) => us.reduce((s, u, q) => s + u ** i * ys[q], 0));
  for (let col = 0; col < 3; col++) {
    for (let row = col + 1; row < 3; row++) {
      const f = M[row][col] / M[col][col];
      for (let j = col; j < 3; j++) M[row][j] -= f * M[col][j];
      r[row] -= f * r[col];
    }
  }
  const coef = [0, 0, 0];
  for (let i = 2; i >= 0; i--) {
    let s = r[i];
    for (let j = i + 1; j < 3; j++) s -= M[i][j] * coef[j];
    coef[i] = s / M[i][i];
  }
  return (x) => {
    const u = (x - center) / scale;
    return coef[0] + u * (coef[1] + u * coef[2]);
  };
}
