/**
 * Gradient boosting of histogram trees (Friedman, "Greedy Function Approximation: A Gradient
 * Boosting Machine", 2001; its stochastic variant, 2002, when `subsample` < 1) for any loss given
 * by its gradients and hessians: the log-loss stumps of classifierDrift and the squared-loss
 * regression trees of direct loss estimation share this loop. No JavaScript gradient-boosting
 * library is a dependency, and this one is small enough to read against the papers.
 */

import type { Matrix } from "../linalg/matrix.ts";
import { randomSubsets } from "../random/permutation.ts";
import { seededRng } from "../random/rng.ts";
import { binTraining, binWith, MAX_THRESHOLDS } from "./featureBins.ts";
import { growTree, treeOutput, type Tree, type TreeOptions } from "./histogramTree.ts";

/** A loss as the boosting loop needs it: the starting score and, per row, dL/dscore and d²L/dscore². */
export interface Loss {
  prior: number;
  gradients(score: Float64Array, g: Float64Array, h: Float64Array): void;
}

export interface BoostingOptions extends TreeOptions {
  rounds: number;
  /** Shrinkage: each tree's leaves are scaled by it. */
  learningRate: number;
  /** Candidate thresholds per feature (bins − 1), at most 255. */
  maxThresholds: number;
  /** Share of rows each tree is grown on, drawn without replacement (1 = all rows, no randomness). */
  subsample: number;
  /** Seed of the row draws (detectors/random). */
  seed: number;
}

/**
 * Defaults for regression trees, close to LightGBM's LGBMRegressor that NannyML's DLE fits: 100
 * rounds at learning rate 0.1, 255 bins, at least 20 rows per leaf, no L2 penalty; depth 5 (up to 32
 * leaves) in place of LightGBM's leaf-wise 31 leaves; all rows in every round.
 */
export const REGRESSION_TREE_DEFAULTS: BoostingOptions = {
  rounds: 100,
  learningRate: 0.1,
  maxThresholds: MAX_THRESHOLDS - 1,
  maxDepth: 5,
  lambda: 0,
  minChildWeight: 0,
  minChildRows: 20,
  subsample: 1,
  seed: 0,
};

/**
 * Boosts trees on `x` for `loss`: starting from `loss.prior`, each round grows a tree on the
 * current gradients and hessians (of a `subsample` share of rows), shrinks its leaves by
 * `learningRate` and adds it to the scores. Stops early when a tree cannot split its root.
 *
 * @returns the raw score (prior plus the trees' outputs) for the rows of any matrix with x's columns
 */
export function boost(x: Matrix, loss: Loss, options: BoostingOptions): (rows: Matrix) => Float64Array {
  checkOptions(options);
  const binned = binTraining(x, options.maxThresholds);
  const n = x.rows;
  const score = new Float64Array(n).fill(loss.prior);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const sampled = Math.max(1, Math.round(options.subsample * n));
  const rng = seededRng(options.seed);
  const trees: Tree[] = [];
  for (let round = 0; round < options.rounds; round++) {
    loss.gradients(score, g, h);
    const rows = sampled < n ? Uint32Array.from(randomSubsets(rng, n, sampled, 1)) : all;
    const tree = growTree(binned, rows, g, h, options);
    if (tree.feature[0] < 0) break;
    tree.value = tree.value.map((value) => value * options.learningRate);
    trees.push(tree);
    for (let i = 0; i < n; i++) score[i] += treeOutput(tree, binned, i);
  }
  return (rows) => {
    const binnedRows = binWith(rows, binned.thresholds);
    return Float64Array.from({ length: rows.rows }, (_, i) => {
      let s = loss.prior;
      for (const tree of trees) s += treeOutput(tree, binnedRows, i);
      return s;
    });
  };
}

/**
 * Squared-loss gradient-boosted regression trees: prior = mean(y), g = score − y, h = 1, so each
 * leaf is the mean residual of its rows (with λ = 0), as in Friedman's LS_Boost.
 *
 * @returns predictions of y for the rows of any matrix with x's columns
 * @throws when y's length differs from x's rows, a target is not finite, or an option is out of range
 */
export function fitRegressionTrees(
  x: Matrix,
  y: Float64Array,
  options: Partial<BoostingOptions> = {},
): (rows: Matrix) => Float64Array {
  if (y.length !== x.rows) throw new Error(`fitRegressionTrees: ${x.rows} rows but ${y.length} targets`);
  if (y.length === 0) throw new Error("fitRegressionTrees: no training rows");
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new Error(`fitRegressionTrees: target ${i} is ${y[i]}, not a finite number`);
    total += y[i];
  }
  const squared: Loss = {
    prior: total / y.length,
    gradients(score, g, h) {
      for (let i = 0; i < score.length; i++) {
        g[i] = score[i] - y[i];
        h[i] = 1;
      }
    },
  };
  return boost(x, squared, { ...REGRESSION_TREE_DEFAULTS, ...options });
}

function checkOptions(options: BoostingOptions): void {
  const fail = (name: string, rule: string) => {
    throw new Error(
      `gradient boosting: ${name} must be ${rule}, got ${String(options[name as keyof BoostingOptions])}`,
    );
  };
  if (!Number.isInteger(options.rounds) || options.rounds < 1) fail("rounds", "a positive integer");
  if (!(options.learningRate > 0)) fail("learningRate", "positive");
  if (!Number.isInteger(options.maxDepth) || options.maxDepth < 1) fail("maxDepth", "a positive integer");
  if (!(options.lambda >= 0)) fail("lambda", "≥ 0");
  if (!(options.minChildWeight >= 0)) fail("minChildWeight", "≥ 0");
  if (!Number.isInteger(options.minChildRows) || options.minChildRows < 1) fail("minChildRows", "a positive integer");
  if (!(options.subsample > 0 && options.subsample <= 1)) fail("subsample", "in (0, 1]");
  if (!Number.isInteger(options.seed)) fail("seed", "an integer");
}
