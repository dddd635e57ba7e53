/**
 * Whether CBPE calibrates the scores, decided as NannyML 0.13's `needs_calibration` does
 * (N:calibration.py): not for a single class, not when the ROC AUC exceeds 0.999; otherwise ten
 * `StratifiedShuffleSplit(n_splits=10, test_size=0.1, random_state=42)` splits of the reference, an
 * isotonic regression fitted on each train part and applied to its test part, and the expected
 * calibration error of all test parts together (equal-count bins, `_get_bin_index_edges`) compared
 * before and after: calibrate iff it drops. The splits reproduce scikit-learn 1.2's bit for bit
 * (numpy's legacy Mersenne Twister seeded 42, `_approximate_mode`, per-class permutations), so the
 * test parts are scikit-learn's. One difference: the ECE sorts with a stable sort where numpy's
 * quicksort orders tied scores arbitrarily; ties across a bin edge may move that ECE slightly.
 */

import { numpyRandomState, type NumpyRandomState } from "../random/numpyRandom.ts";
import { fitIsotonic } from "./isotonic.ts";

const SPLITS = 10;
const TEST_SHARE = 0.1;
const SEED = 42;
const ECE_BINS = 10;
const SEPARABLE_AUC = 0.999;

/**
 * NannyML's decision for one (binary or one-vs-rest) score: 0/1 targets and the scores.
 * @param rocAuc the reference ROC AUC of these scores (NaN for a single class)
 */
export function needsCalibration(target: Uint8Array, scores: Float64Array, rocAuc: number, what: string): boolean {
  let positives = 0;
  for (const t of target) positives += t;
  if (positives === 0 || positives === target.length) return false;
  if (rocAuc > SEPARABLE_AUC) return false;

  const trueTest: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  for (const { train, test } of stratifiedShuffleSplit(target, what)) {
    const calibrate = fitIsotonic(
      train.map((i) => scores[i]),
      train.map((i) => target[i]),
      what,
    );
    for (const i of test) {
      trueTest.push(target[i]);
      before.push(scores[i]);
      after.push(calibrate(scores[i]));
    }
  }
  const bins = binIndexEdges(trueTest.length, ECE_BINS, what);
  return expectedCalibrationError(trueTest, before, bins) > expectedCalibrationError(trueTest, after, bins);
}

/** scikit-learn 1.2's StratifiedShuffleSplit(n_splits=10, test_size=0.1, random_state=42).split(_, target). */
export function stratifiedShuffleSplit(target: Uint8Array, what: string): { train: number[]; test: number[] }[] {
  const n = target.length;
  const nTest = Math.ceil(TEST_SHARE * n);
  const nTrain = n - nTest;
  const classIndices: number[][] = [[], []];
  for (let i = 0; i < n; i++) classIndices[target[i]].push(i);
  const counts = classIndices.map((c) => c.length);
  if (Math.min(...counts) < 2)
    throw new Error(`${what}: the least populated class has ${Math.min(...counts)} member; calibration needs two`);
  if (nTrain < 2 || nTest < 2)
    throw new Error(`${what}: ${n} reference rows are too few to split for the calibration check`);
  const rng = numpyRandomState(SEED, what);
  const scratch = new Int32Array(n);
  const permutation = (k: number) => Array.from(rng.permutation(k, scratch).subarray(0, k));
  const splits: { train: number[]; test: number[] }[] = [];
  for (let s = 0; s < SPLITS; s++) {
    const trainCounts = approximateMode(counts, nTrain, rng, scratch);
    const testCounts = approximateMode(
      counts.map((c, k) => c - trainCounts[k]),
      nTest,
      rng,
      scratch,
    );
    const train: number[] = [];
    const test: number[] = [];
    classIndices.forEach((indices, k) => {
      const shuffled = permutation(counts[k]).map((p) => indices[p]);
      train.push(...shuffled.slice(0, trainCounts[k]));
      test.push(...shuffled.slice(trainCounts[k], trainCounts[k] + testCounts[k]));
    });
    splits.push({
      train: permutation(train.length).map((p) => train[p]),
      test: permutation(test.length).map((p) => test[p]),
    });
  }
  return splits;
}

/** scikit-learn's `_approximate_mode`: draws per class, leftovers to the largest remainders, ties broken by `rng.choice`. */
function approximateMode(counts: number[], draws: number, rng: NumpyRandomState, scratch: Int32Array): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let needToAdd = Math.trunc(draws - floored.reduce((s, c) => s + c, 0));
  if (needToAdd > 0) {
    const remainder = continuous.map((c, k) => c - floored[k]);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.flatMap((r, k) => (r === value ? [k] : []));
      const addNow = Math.min(inds.length, needToAdd);
      // RandomState.choice(inds, addNow, replace=False) = inds[permutation(len(inds))[:addNow]]
      const chosen = rng.permutation(inds.length, scratch).subarray(0, addNow);
      for (const p of chosen) floored[inds[p]] += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/** NannyML's `_get_bin_index_edges`: [left, right) index ranges of equal width, the last one taking the rest. */
export function binIndexEdges(length: number, binCount: number, what: string): [number, number][] {
  let bins = binCount;
  if (length <= 2 * bins) {
    bins = Math.floor(length / 2);
    if (bins < 2) throw new Error(`${what}: ${length} rows cannot make the 2 calibration bins the check needs`);
  }
  const width = Math.floor(length / bins);
  const edges: number[] = [];
  for (let e = 0; e <= length; e += width) edges.push(e);
  edges[edges.length - 1] = length;
  return edges.slice(1).map((right, k) => [edges[k], right]);
}

/** NannyML's `_calculate_expected_calibration_error`: Σ (bin share) · |mean score − mean target| over score-sorted bins. */
export function expectedCalibrationError(target: number[], scores: number[], bins: [number, number][]): number {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a] - scores[b]);
  let ece = 0;
  for (const [left, right] of bins) {
    let sumScore = 0;
    let sumTarget = 0;
    for (let k = left; k < right; k++) {
      sumScore += scores[order[k]];
      sumTarget += target[order[k]];
    }
    const size = right - left;
    ece += (size / scores.length) * Math.abs(sumScore / size - sumTarget / size);
  }
  return ece;
}
