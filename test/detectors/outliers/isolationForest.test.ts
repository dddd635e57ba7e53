import { describe, expect, it } from "vitest";
import { isolationForest } from "../../../detectors/outliers/isolationForest.ts";
import { averagePathLength } from "../../../detectors/outliers/isolationTrees.ts";
import { outliersFixture, plantedOutliers, precisionRecall, rocAuc } from "./outlierCases.ts";

// Random generators differ, so scores cannot match scikit-learn's: the ranking of planted outliers
// does. Both forests' AUCs are averaged over the same 20 seeds; the means must agree within MARGIN
// (scikit-learn's own AUC ranges over 0.939–0.960 across those seeds).
const MARGIN = 0.01;

describe("outliers.isolationForest", () => {
  it("ranks planted outliers as well as scikit-learn's IsolationForest", () => {
    const { reference, current, labels, seeds, sklearnMeanAuc } = outliersFixture.isolationForest;
    const aucs = seeds.map((seed) => rocAuc(isolationForest(reference, current, { seed }).scores, labels));
    const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
    console.log(
      `isolationForest AUC on planted outliers, mean over ${seeds.length} seeds: ours ${mean.toFixed(4)} (${Math.min(...aucs).toFixed(3)}–${Math.max(...aucs).toFixed(3)}), scikit-learn ${sklearnMeanAuc.toFixed(4)}`,
    );
    expect(Math.abs(mean - sklearnMeanAuc)).toBeLessThanOrEqual(MARGIN);
  });

  it("finds planted outliers", () => {
    const { reference, current, labels } = plantedOutliers(4);
    const { precision, recall } = precisionRecall(isolationForest(reference, current), labels);
    expect(recall).toBe(1);
    expect(precision).toBeGreaterThan(0.5);
  });

  it("repeats for a seed, and differs between seeds", () => {
    const { reference, current } = plantedOutliers(5, { ordinary: 400 });
    const first = isolationForest(reference, current, { seed: 9 });
    expect(isolationForest(reference, current, { seed: 9 }).scores).toEqual(first.scores);
    expect(isolationForest(reference, current, { seed: 10 }).scores).not.toEqual(first.scores);
  });

  it("caps the sample size at the reference's rows, and scores in (0, 1)", () => {
    const { reference, current } = plantedOutliers(6, { ordinary: 100 });
    const result = isolationForest(reference, current, { trees: 10 });
    expect(result.sampleSize).toBe(100);
    expect(result.trees).toBe(10);
    for (const score of result.scores) expect(score > 0 && score < 1).toBe(true);
  });

  it("normalises by c(n) as Liu et al. and scikit-learn", () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // scikit-learn's _average_path_length(256): 2 (ln 255 + γ) − 2·255/256.
    expect(averagePathLength(256)).toBeCloseTo(2 * (Math.log(255) + 0.5772156649015329) - (2 * 255) / 256, 14);
  });

  it("splits only on features that vary in a node, so a constant feature does not stop the others", () => {
    const reference = Array.from({ length: 300 }, (_, i) => [(i * 0.618034) % 10, 7]);
    const result = isolationForest(reference, [
      [5, 7],
      [50, 7],
    ]);
    expect(result.scores[1] - result.scores[0]).toBeGreaterThan(0.1);
  });

  it("scores every row 0.5 when the reference is one repeated row: nothing can be isolated", () => {
    const result = isolationForest(Array.from({ length: 50 }, () => [1, 2]), [
      [1, 2],
      [9, 9],
    ]);
    // Each tree is one external node holding ψ = 50 rows: h = c(50), s = 2^(−c(50)/c(50)).
    for (const score of result.scores) expect(score).toBeCloseTo(0.5, 14);
  });
});
