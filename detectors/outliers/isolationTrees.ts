/**
 * Isolation trees (Liu, Ting & Zhou, "Isolation Forest", ICDM 2008, algorithms 2 and 3), grown and
 * walked over flat typed arrays: a forest of 100 trees on 256 rows has at most 51,100 nodes, and
 * scoring 100k rows is a tight loop over them.
 */

import type { Matrix } from "../linalg/matrix.ts";
import type { Rng } from "../random/rng.ts";

/** Every tree's nodes in one set of arrays; node i's children are child[i] and child[i] + 1. */
export interface IsolationForestModel {
  /** The split feature, or −1 for an external node. */
  feature: Int32Array;
  /** Rows with value < split go to the left child. */
  split: Float64Array;
  child: Int32Array;
  /** At an external node, the path length it gives: its depth + c(rows that reached it). */
  pathLength: Float64Array;
  /** Each tree's root node. */
  roots: Int32Array;
  /** ψ, the rows each tree was grown on. */
  sampleSize: number;
}

const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n), the average path length of an unsuccessful binary-search-tree search among n points: the
 * normaliser of path lengths (Liu et al. 2008, eq. 1, with H(i) ≈ ln i + γ; scikit-learn's
 * `_average_path_length`): 0 for n ≤ 1, 1 for n = 2, else 2(ln(n − 1) + γ) − 2(n − 1)/n.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/**
 * Grows `trees` isolation trees, each on `sampleSize` rows of `x` drawn without replacement, to the
 * height limit ⌈log₂ ψ⌉. A node splits on a feature drawn at random among those not constant in it
 * (Liu et al. draw among all; scikit-learn's splitter, like this, skips constant ones), at a value
 * uniform between the feature's minimum and maximum there; a node with one row, or only constant
 * features, is external.
 */
export function growForest(x: Matrix, trees: number, sampleSize: number, rng: Rng): IsolationForestModel {
  const maxNodes = 2 * sampleSize - 1;
  const model: IsolationForestModel = {
    feature: new Int32Array(trees * maxNodes).fill(-1),
    split: new Float64Array(trees * maxNodes),
    child: new Int32Array(trees * maxNodes),
    pathLength: new Float64Array(trees * maxNodes),
    roots: new Int32Array(trees),
    sampleSize,
  };
  const heightLimit = Math.ceil(Math.log2(Math.max(sampleSize, 2)));
  const { data, cols } = x;
  const pool = Int32Array.from({ length: x.rows }, (_, i) => i);
  const rows = new Int32Array(sampleSize);
  const features = Int32Array.from({ length: cols }, (_, k) => k);
  let nodes = 0;

  const grow = (node: number, lo: number, hi: number, depth: number): void => {
    if (depth >= heightLimit || hi - lo <= 1) {
      model.pathLength[node] = depth + averagePathLength(hi - lo);
      return;
    }
    for (let drawn = 0; drawn < cols; drawn++) {
      const pick = drawn + rng.int(cols - drawn);
      const k = features[pick];
      features[pick] = features[drawn];
      features[drawn] = k;
      let min = Infinity;
      let max = -Infinity;
      for (let r = lo; r < hi; r++) {
        const v = data[rows[r] * cols + k];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (!(max > min)) continue;
      // In (min, max], so both sides get at least one row.
      const split = max - rng.next() * (max - min);
      let mid = lo;
      for (let r = lo; r < hi; r++) {
        if (data[rows[r] * cols + k] < split) {
          const swap = rows[mid];
          rows[mid++] = rows[r];
          rows[r] = swap;
        }
      }
      model.feature[node] = k;
      model.split[node] = split;
      const left = nodes;
      nodes += 2;
      model.child[node] = left;
      grow(left, lo, mid, depth + 1);
      grow(left + 1, mid, hi, depth + 1);
      return;
    }
    model.pathLength[node] = depth + averagePathLength(hi - lo);
  };

  for (let t = 0; t < trees; t++) {
    // The last ψ places of a partial Fisher–Yates shuffle: ψ rows drawn without replacement.
    for (let i = x.rows - 1, r = 0; r < sampleSize; i--, r++) {
      const j = rng.int(i + 1);
      const swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
      rows[r] = pool[i];
    }
    model.roots[t] = nodes++;
    grow(model.roots[t], 0, sampleSize, 0);
  }
  return model;
}

/**
 * The anomaly score s(x, ψ) = 2^(−E[h(x)] / c(ψ)) of every row of `x` (Liu et al. 2008, eq. 2):
 * near 1 for rows isolated in few splits, below 0.5 for ordinary ones. scikit-learn's
 * `score_samples` returns −s.
 */
export function anomalyScores(model: IsolationForestModel, x: Matrix): Float64Array {
  const { feature, split, child, pathLength, roots } = model;
  const { data, cols } = x;
  const scores = new Float64Array(x.rows);
  const norm = averagePathLength(model.sampleSize) * roots.length;
  for (let i = 0; i < x.rows; i++) {
    const o = i * cols;
    let total = 0;
    for (let t = 0; t < roots.length; t++) {
      let node = roots[t];
      for (let k = feature[node]; k >= 0; k = feature[node]) node = child[node] + (data[o + k] < split[node] ? 0 : 1);
      total += pathLength[node];
    }
    scores[i] = 2 ** (-total / norm);
  }
  return scores;
}
