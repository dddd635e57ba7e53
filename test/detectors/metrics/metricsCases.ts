import { readFixture, weyl } from "../fixtureData.ts";

/** {weyl: {start, count}}: a_i = u_i and b_i = u_(i + count), as metrics.py builds its 1e6-row cases. */
export interface RowsWeyl {
  weyl: { start: number; count: number };
}

export interface ClassificationCase {
  name: string;
  yTrue: unknown[] | RowsWeyl;
  yPred: unknown[] | null;
  scores?: unknown[];
  positive?: string | number | boolean;
  expected: {
    n: number;
    dropped: number;
    accuracy: number;
    labels: (string | number)[];
    confusion: number[][];
    average: "binary" | "macro";
    precision: number;
    recall: number;
    f1: number;
    rocAuc: number | null;
    logLoss: number | null;
  };
}

export interface RegressionCase {
  name: string;
  yTrue: unknown[] | RowsWeyl;
  yPred: unknown[] | null;
  expected: { n: number; dropped: number; mae: number; rmse: number; mape: number; r2: number };
}

export const metricsCases = readFixture<{ classification: ClassificationCase[]; regression: RegressionCase[] }>(
  "metrics",
);

function halves({ weyl: { start, count } }: RowsWeyl): [Float64Array, Float64Array] {
  return [weyl(start, count), weyl(start + count, count)];
}

/** yTrue, yPred and scores of a classification case (y = [a < 0.3], score = floor(1000 (0.3 y + 0.7 b)) / 1000). */
export function classificationRows(
  c: ClassificationCase,
): [ArrayLike<unknown>, ArrayLike<unknown>, ArrayLike<unknown> | undefined] {
  if (Array.isArray(c.yTrue)) return [c.yTrue, c.yPred!, c.scores];
  const [a, b] = halves(c.yTrue);
  const y = a.map((u) => (u < 0.3 ? 1 : 0));
  const scores = y.map((t, i) => Math.floor(1000 * (0.3 * t + 0.7 * b[i])) / 1000);
  return [y, scores.map((s) => (s >= 0.5 ? 1 : 0)), scores];
}

/** yTrue and yPred of a regression case (y = 100 a − 20, prediction y + 10 (b − 0.5)). */
export function regressionRows(c: RegressionCase): [ArrayLike<unknown>, ArrayLike<unknown>] {
  if (Array.isArray(c.yTrue)) return [c.yTrue, c.yPred!];
  const [a, b] = halves(c.yTrue);
  const y = a.map((u) => 100 * u - 20);
  return [y, y.map((t, i) => t + 10 * (b[i] - 0.5))];
}
