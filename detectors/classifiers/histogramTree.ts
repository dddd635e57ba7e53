/**
 * One depth-limited regression tree grown on binned features from gradients and hessians: the
 * second-order split gain and leaf values of XGBoost (Chen & Guestrin, "XGBoost: A Scalable Tree
 * Boosting System", 2016, eqs. 5–7) with LightGBM's histogram search and its subtraction trick (a
 * child's histogram is its parent's minus its sibling's, so only the smaller child is counted).
 */

import type { BinnedMatrix } from "./featureBins.ts";

/** How far a tree may grow. */
export interface TreeOptions {
  /** Levels of splits below the root (1 = a stump). */
  maxDepth: number;
  /** L2 penalty λ on leaf values: leaf = −G / (H + λ). */
  lambda: number;
  /** Least hessian sum in a child (XGBoost's min_child_weight). */
  minChildWeight: number;
  /** Least rows in a child (LightGBM's min_child_samples). */
  minChildRows: number;
}

/**
 * A tree as parallel arrays: node j splits on `feature[j]` (−1 for a leaf) sending bins ≤ `bin[j]`
 * to `left[j]`, the rest to `right[j]`; a leaf's output is `value[j]`. Node 0 is the root.
 */
export interface Tree {
  feature: number[];
  bin: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** Per node, per feature and bin: sums of gradients, hessians and rows (feature k from `offsets[k]`). */
interface Histogram {
  g: Float64Array;
  h: Float64Array;
  n: Float64Array;
}

/** A node's split, with its left child's sums (the right child's are the node's minus these). */
interface Split {
  feature: number;
  bin: number;
  gLeft: number;
  hLeft: number;
}

/**
 * Grows a tree on the rows `rows` of a binned matrix, each with gradient g[i] and hessian h[i].
 * A node splits where the gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) is largest and positive
 * (first feature, then lowest bin, on ties), both children meeting the minimums; otherwise it is
 * a leaf with value −G/(H+λ).
 */
export function growTree(
  binned: BinnedMatrix,
  rows: Uint32Array,
  g: Float64Array,
  h: Float64Array,
  options: TreeOptions,
): Tree {
  const offsets = new Int32Array(binned.cols + 1);
  for (let k = 0; k < binned.cols; k++) offsets[k + 1] = offsets[k] + binned.thresholds[k].length + 1;
  const tree: Tree = { feature: [], bin: [], left: [], right: [], value: [] };

  const grow = (nodeRows: Uint32Array, histogram: Histogram, depth: number, gTotal: number, hTotal: number): number => {
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(-gTotal / (hTotal + options.lambda));
    const split =
      depth < options.maxDepth ? bestSplit(histogram, offsets, gTotal, hTotal, nodeRows.length, options) : null;
    if (split === null) return node;
    const [leftRows, rightRows] = partition(binned, nodeRows, split);
    const smallerIsLeft = leftRows.length <= rightRows.length;
    const smaller = buildHistogram(binned, offsets, smallerIsLeft ? leftRows : rightRows, g, h);
    const larger = subtract(histogram, smaller);
    tree.feature[node] = split.feature;
    tree.bin[node] = split.bin;
    const { gLeft, hLeft } = split;
    tree.left[node] = grow(leftRows, smallerIsLeft ? smaller : larger, depth + 1, gLeft, hLeft);
    tree.right[node] = grow(rightRows, smallerIsLeft ? larger : smaller, depth + 1, gTotal - gLeft, hTotal - hLeft);
    return node;
  };
  let gRoot = 0;
  let hRoot = 0;
  for (const i of rows) {
    gRoot += g[i];
    hRoot += h[i];
  }
  grow(rows, buildHistogram(binned, offsets, rows, g, h), 0, gRoot, hRoot);
  return tree;
}

/** The tree's output for row i of a matrix binned with the training thresholds. */
export function treeOutput(tree: Tree, binned: BinnedMatrix, i: number): number {
  let node = 0;
  while (tree.feature[node] >= 0)
    node = binned.bins[i * binned.cols + tree.feature[node]] <= tree.bin[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}

function buildHistogram(
  binned: BinnedMatrix,
  offsets: Int32Array,
  rows: Uint32Array,
  g: Float64Array,
  h: Float64Array,
): Histogram {
  const size = offsets[binned.cols];
  const histogram = { g: new Float64Array(size), h: new Float64Array(size), n: new Float64Array(size) };
  const { bins, cols } = binned;
  for (const i of rows) {
    const gi = g[i];
    const hi = h[i];
    for (let k = 0; k < cols; k++) {
      const slot = offsets[k] + bins[i * cols + k];
      histogram.g[slot] += gi;
      histogram.h[slot] += hi;
      histogram.n[slot]++;
    }
  }
  return histogram;
}

function subtract(parent: Histogram, child: Histogram): Histogram {
  const minus = (a: Float64Array, b: Float64Array) => a.map((value, slot) => value - b[slot]);
  return { g: minus(parent.g, child.g), h: minus(parent.h, child.h), n: minus(parent.n, child.n) };
}

function bestSplit(
  histogram: Histogram,
  offsets: Int32Array,
  gTotal: number,
  hTotal: number,
  rowCount: number,
  options: TreeOptions,
): Split | null {
  const { lambda, minChildWeight, minChildRows } = options;
  const parent = (gTotal * gTotal) / (hTotal + lambda);
  let best: Split | null = null;
  let bestGain = 0;
  for (let k = 0; k + 1 < offsets.length; k++) {
    let gLeft = 0;
    let hLeft = 0;
    let nLeft = 0;
    for (let slot = offsets[k]; slot < offsets[k + 1] - 1; slot++) {
      gLeft += histogram.g[slot];
      hLeft += histogram.h[slot];
      nLeft += histogram.n[slot];
      const gRight = gTotal - gLeft;
      const hRight = hTotal - hLeft;
      if (hLeft < minChildWeight || hRight < minChildWeight) continue;
      if (nLeft < minChildRows || rowCount - nLeft < minChildRows) continue;
      const gain = (gLeft * gLeft) / (hLeft + lambda) + (gRight * gRight) / (hRight + lambda) - parent;
      if (gain > bestGain) {
        bestGain = gain;
        best = { feature: k, bin: slot - offsets[k], gLeft, hLeft };
      }
    }
  }
  return best;
}

function partition(binned: BinnedMatrix, rows: Uint32Array, split: Split): [Uint32Array, Uint32Array] {
  const { bins, cols } = binned;
  let leftCount = 0;
  for (const i of rows) if (bins[i * cols + split.feature] <= split.bin) leftCount++;
  const left = new Uint32Array(leftCount);
  const right = new Uint32Array(rows.length - leftCount);
  let l = 0;
  let r = 0;
  for (const i of rows) {
    if (bins[i * cols + split.feature] <= split.bin) left[l++] = i;
    else right[r++] = i;
  }
  return [left, right];
}
