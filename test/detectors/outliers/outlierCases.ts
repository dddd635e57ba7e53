import { expect } from "vitest";
import type { OutlierResult } from "../../../detectors/outliers/index.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { expectClose } from "../close.ts";
import { readFixture } from "../fixtureData.ts";

/** What scikit-learn and numpy give for one detector on one case (test/fixtures/scipy/outliers.py). */
export interface ExpectedOutliers {
  scores: number[];
  threshold: number;
  outlier: boolean[];
  share: number;
}

/** A case of outliers.json: rows (null for a missing value) and each detector's expected result. */
export interface OutlierCase {
  name: string;
  reference: (number | null)[][];
  current: (number | null)[][];
  dropped: { reference: number; current: number };
  zScore: ExpectedOutliers & { mean: number[]; std: number[] };
  iqr: ExpectedOutliers & { q1: number[]; q3: number[] };
  mahalanobis: ExpectedOutliers & { location: number[]; covariance: number[][]; support: number; rawSupport: number };
  classical: ExpectedOutliers & { location: number[]; covariance: number[][]; support: number };
}

export const outliersFixture = readFixture<{
  percentile: number;
  cases: OutlierCase[];
  isolationForest: {
    reference: number[][];
    current: number[][];
    labels: (0 | 1)[];
    seeds: number[];
    sklearnAuc: number[];
    sklearnMeanAuc: number;
  };
  chiSquaredInverseSurvival: { q: number; dof: number; x: number }[];
}>("outliers");

/** Scores, threshold, verdicts and share within `tolerance` (scores and threshold relative, 1e-12 absolute). */
export function expectOutliers(actual: OutlierResult, expected: ExpectedOutliers, rel: number, what: string): void {
  expect(actual.scores.length, what).toBe(expected.scores.length);
  actual.scores.forEach((score, i) => expectClose(score, expected.scores[i], { rel, abs: 1e-12 }, `${what}: score ${i}`));
  expectClose(actual.threshold, expected.threshold, { rel, abs: 1e-12 }, `${what}: threshold`);
  expect(actual.outlier, what).toEqual(expected.outlier);
  expect(actual.share, what).toBeCloseTo(expected.share, 14);
}

/**
 * A planted-outlier set: `ordinary` reference and current rows from a correlated Gaussian (ρ = 0.5),
 * then `planted` current rows at ±5 in every feature (signs at random): far from the cloud for
 * every detector. Labels mark the planted rows.
 */
export function plantedOutliers(
  seed: number,
  { ordinary = 2000, planted = 20, features = 5 } = {},
): { reference: number[][]; current: number[][]; labels: boolean[] } {
  const rng = seededRng(seed);
  const row = () => {
    const common = rng.normal();
    return Array.from({ length: features }, () => Math.SQRT1_2 * (common + rng.normal()));
  };
  const reference = Array.from({ length: ordinary }, row);
  const current = Array.from({ length: ordinary / 2 }, row);
  for (let i = 0; i < planted; i++) current.push(Array.from({ length: features }, () => (rng.next() < 0.5 ? -5 : 5)));
  const labels = current.map((_, i) => i >= ordinary / 2);
  return { reference, current, labels };
}

/** Precision and recall of the flagged rows against the planted labels, printed for the record. */
export function precisionRecall(result: OutlierResult, labels: boolean[]): { precision: number; recall: number } {
  let truePositives = 0;
  let flagged = 0;
  let planted = 0;
  labels.forEach((label, i) => {
    if (result.outlier[i]) flagged++;
    if (label) planted++;
    if (label && result.outlier[i]) truePositives++;
  });
  const precision = truePositives / flagged;
  const recall = truePositives / planted;
  console.log(
    `${result.method} on planted outliers: precision ${precision.toFixed(3)} (${truePositives}/${flagged}), recall ${recall.toFixed(3)} (${truePositives}/${planted}), threshold ${result.threshold.toPrecision(4)}`,
  );
  return { precision, recall };
}

/** ROC AUC of `scores` against binary labels (Mann–Whitney, ties counted half): the ranking quality. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<0 | 1 | boolean>): number {
  let positives = 0;
  let above = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i]) continue;
    positives++;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j]) continue;
      above += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return above / (positives * (labels.length - positives));
}
