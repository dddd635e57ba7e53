import { describe, expect, it } from "vitest";
import { binTraining, binWith } from "../../../detectors/classifiers/featureBins.ts";
import { fitRegressionTrees } from "../../../detectors/classifiers/gradientBoosting.ts";
import { growTree } from "../../../detectors/classifiers/histogramTree.ts";
import type { Matrix } from "../../../detectors/linalg/matrix.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { readFixture } from "../fixtureData.ts";

interface Span {
  start: number;
  count: number;
}
const learner = readFixture<{
  learner: { train: Span; test: Span; sklearnTestMse: number; meanTestMse: number };
}>("dle").learner;

/** dle.py's problem: Kronecker sequences (i·√p) mod 1, y = 3 sin(2 x1) + 2 x2² + [x3 > 0.5] + noise. */
function learnerRows({ start, count }: Span): { x: Matrix; y: Float64Array } {
  const u = (p: number, i: number) => ((start + i) * Math.sqrt(p)) % 1;
  const data = new Float64Array(count * 3);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const [x1, x2, x3] = [4 * u(2, i) - 2, u(3, i), u(5, i)];
    data.set([x1, x2, x3], i * 3);
    y[i] = 3 * Math.sin(2 * x1) + 2 * x2 ** 2 + (x3 > 0.5 ? 1 : 0) + (u(7, i) - 0.5);
  }
  return { x: { data, rows: count, cols: 3 }, y };
}

const mse = (predicted: Float64Array, y: Float64Array) =>
  predicted.reduce((s, p, i) => s + (p - y[i]) ** 2, 0) / y.length;

describe("fitRegressionTrees", () => {
  it("fits as well as scikit-learn's GradientBoostingRegressor with the same settings", () => {
    const train = learnerRows(learner.train);
    const test = learnerRows(learner.test);
    const testMse = mse(fitRegressionTrees(train.x, train.y)(test.x), test.y);
    console.log(
      `test MSE: ours ${testMse.toFixed(4)}, scikit-learn ${learner.sklearnTestMse.toFixed(4)}, mean ${learner.meanTestMse.toFixed(4)}`,
    );
    expect(testMse).toBeLessThan(1.15 * learner.sklearnTestMse);
    expect(testMse).toBeLessThan(learner.meanTestMse / 20);
  });

  it("is deterministic, and a row subsample follows its seed", () => {
    const { x, y } = learnerRows({ start: 0, count: 800 });
    const fit = (options: { subsample?: number; seed?: number }) =>
      fitRegressionTrees(x, y, { rounds: 20, ...options })(x);
    expect(fit({ seed: 1 })).toEqual(fit({ seed: 2 }));
    expect(fit({ subsample: 0.5, seed: 1 })).toEqual(fit({ subsample: 0.5, seed: 1 }));
    expect(fit({ subsample: 0.5, seed: 1 })).not.toEqual(fit({ subsample: 0.5, seed: 2 }));
  });

  it("learns a step exactly and predicts a constant target as itself", () => {
    const xs = Float64Array.from({ length: 200 }, (_, i) => i / 200);
    const x = { data: xs, rows: 200, cols: 1 };
    const step = xs.map((v) => (v > 0.5 ? 3 : -1));
    const predicted = fitRegressionTrees(x, step, { rounds: 200, learningRate: 0.5 })({
      data: Float64Array.of(0.1, 0.9),
      rows: 2,
      cols: 1,
    });
    expect(predicted[0]).toBeCloseTo(-1, 9);
    expect(predicted[1]).toBeCloseTo(3, 9);
    expect(Array.from(fitRegressionTrees(x, new Float64Array(200).fill(2.5))(x))).toEqual(Array(200).fill(2.5));
  });

  it("names what is wrong with its input", () => {
    const x = { data: Float64Array.of(1, 2, 3), rows: 3, cols: 1 };
    expect(() => fitRegressionTrees(x, Float64Array.of(1, 2))).toThrow("3 rows but 2 targets");
    expect(() => fitRegressionTrees(x, Float64Array.of(1, NaN, 2))).toThrow("target 1 is NaN");
    expect(() => fitRegressionTrees(x, Float64Array.of(1, 2, 3), { maxDepth: 0 })).toThrow(
      "maxDepth must be a positive integer, got 0",
    );
    expect(() => fitRegressionTrees(x, Float64Array.of(1, 2, 3), { subsample: 1.5 })).toThrow(
      "subsample must be in (0, 1]",
    );
  });
});

describe("growTree", () => {
  it("keeps at least minChildRows rows in each child and leaves a node it cannot split", () => {
    const rng = seededRng(4);
    const n = 100;
    const x = { data: Float64Array.from({ length: n }, () => rng.next()), rows: n, cols: 1 };
    const binned = binTraining(x, 254);
    const g = Float64Array.from(x.data, (v) => (v < 0.05 ? -10 : 1));
    const h = new Float64Array(n).fill(1);
    const rows = Uint32Array.from({ length: n }, (_, i) => i);
    const options = { maxDepth: 1, lambda: 0, minChildWeight: 0 };
    const free = growTree(binned, rows, g, h, { ...options, minChildRows: 1 });
    const bounded = growTree(binned, rows, g, h, { ...options, minChildRows: 20 });
    const leftRows = (tree: typeof free) => x.data.filter((_, i) => binned.bins[i] <= tree.bin[0]).length;
    expect(leftRows(free)).toBe(x.data.filter((v) => v < 0.05).length);
    expect(leftRows(bounded)).toBeGreaterThanOrEqual(20);
    const none = growTree(binned, rows, g, h, { ...options, minChildRows: 51 });
    expect(none.feature).toEqual([-1]);
    expect(none.value[0]).toBeCloseTo(-g.reduce((s, v) => s + v, 0) / n, 12);
  });
});

describe("binTraining", () => {
  it("puts NaN in the lowest bin in training and prediction, and caps the thresholds", () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? NaN : i));
    const binned = binTraining({ data: values, rows: 1000, cols: 1 }, 254);
    expect(binned.thresholds[0].length).toBeLessThanOrEqual(254);
    expect(binned.bins[0]).toBe(0);
    expect(binned.bins[1]).toBe(0);
    expect(binned.bins[999]).toBe(binned.thresholds[0].length);
    const fresh = binWith({ data: Float64Array.of(NaN, -5, 1e9), rows: 3, cols: 1 }, binned.thresholds);
    expect(Array.from(fresh.bins)).toEqual([0, 0, binned.thresholds[0].length]);
    expect(() => binTraining({ data: values, rows: 1000, cols: 1 }, 300)).toThrow("maxThresholds must be in 1…255");
  });
});
