import { describe, expect, it } from "vitest";
import { classificationMetrics } from "../../../detectors/metrics/classification.ts";
import { regressionMetrics } from "../../../detectors/metrics/regression.ts";
import { LabelProfile, SCORE_BINS } from "../../../detectors/profiles/labels.ts";
import { seededRng } from "../../../detectors/random/rng.ts";

/** n rows of a binary task: label, a score that leans to the label, and the prediction at 0.5. */
function binaryRows(seed: number, n: number, labels: [string | number, string | number]) {
  const rng = seededRng(seed);
  const yTrue: (string | number)[] = [];
  const yPred: (string | number)[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    const positive = rng.next() < 0.4;
    const score = 1 / (1 + Math.exp(-(rng.normal() + (positive ? 1.2 : -0.8))));
    yTrue.push(labels[positive ? 1 : 0]);
    yPred.push(labels[score >= 0.5 ? 1 : 0]);
    scores.push(score);
  }
  return { yTrue, yPred, scores };
}

function classificationProfile(
  yTrue: ArrayLike<string | number>,
  yPred: ArrayLike<string | number>,
  scores?: number[],
) {
  const profile = new LabelProfile("classification");
  for (let i = 0; i < yTrue.length; i++) profile.add(yPred[i], yTrue[i], scores?.[i]);
  return profile;
}

describe("classificationMetrics from a label profile", () => {
  it("equals the raw metrics exactly from the confusion counts (binary, numeric labels)", () => {
    const { yTrue, yPred } = binaryRows(1, 5000, [0, 1]);
    const { unavailable, ...fromProfile } = classificationMetrics(classificationProfile(yTrue, yPred));
    expect(fromProfile).toEqual(classificationMetrics(yTrue, yPred));
    expect(unavailable).toEqual(["logLoss"]);
  });

  it("equals the raw metrics exactly for string labels, a chosen positive, and three classes (macro)", () => {
    const { yTrue, yPred } = binaryRows(2, 3000, ["no", "yes"]);
    const profile = classificationProfile(yTrue, yPred);
    const { unavailable: _, ...binary } = classificationMetrics(profile, { positive: "yes" });
    expect(binary).toEqual(classificationMetrics(yTrue, yPred, { positive: "yes" }));
    const rng = seededRng(3);
    const classes = ["a", "b", "c"];
    const truth = Array.from({ length: 2000 }, () => classes[rng.int(3)]);
    const predicted = truth.map((label) => (rng.next() < 0.7 ? label : classes[rng.int(3)]));
    const { unavailable: __, ...macro } = classificationMetrics(classificationProfile(truth, predicted));
    expect(macro).toEqual(classificationMetrics(truth, predicted));
    expect(macro.average).toBe("macro");
  });

  it("ROC AUC from the score histograms is within the stated bin-resolution bound of the raw AUC", () => {
    const { yTrue, yPred, scores } = binaryRows(4, 20000, [0, 1]);
    const fromProfile = classificationMetrics(classificationProfile(yTrue, yPred, scores));
    const raw = classificationMetrics(yTrue, yPred, { scores });
    expect(fromProfile.approximate?.on).toBe("rocAuc");
    const bound = fromProfile.approximate!.bound;
    expect(bound).toBeGreaterThan(0);
    expect(bound).toBeLessThan(10 / SCORE_BINS);
    expect(Math.abs(fromProfile.rocAuc! - raw.rocAuc!)).toBeLessThanOrEqual(bound);
    expect(fromProfile.logLoss).toBeNull();
  });

  it("scores that fall on bin centres give the raw AUC exactly (no pair shares a bin across classes)", () => {
    const yTrue = [0, 0, 1, 0, 1, 1];
    const scores = [0.1005, 0.2005, 0.3005, 0.4005, 0.5005, 0.6005];
    const fromProfile = classificationMetrics(classificationProfile(yTrue, yTrue, scores));
    expect(fromProfile.rocAuc).toBe(classificationMetrics(yTrue, yTrue, { scores }).rocAuc);
    expect(fromProfile.approximate).toBeUndefined();
  });

  it("refuses a regression profile and an empty one", () => {
    expect(() => classificationMetrics(new LabelProfile("regression"))).toThrow(/regression task/);
    expect(() => classificationMetrics(new LabelProfile("classification"))).toThrow(/no labelled row/);
  });
});

describe("regressionMetrics from a label profile", () => {
  it("gives MAE, RMSE and R² from the sums, within rounding of the raw metrics; MAPE is unavailable", () => {
    const rng = seededRng(5);
    const yTrue = Array.from({ length: 10000 }, () => 50 + 10 * rng.normal());
    const yPred = yTrue.map((y) => y + 3 * rng.normal() + 0.5);
    const profile = new LabelProfile("regression");
    yTrue.forEach((y, i) => profile.add(yPred[i], y));
    const fromProfile = regressionMetrics(profile);
    const raw = regressionMetrics(yTrue, yPred);
    expect(fromProfile.n).toBe(raw.n);
    for (const metric of ["mae", "rmse", "r2"] as const)
      expect(Math.abs(fromProfile[metric] - raw[metric]) / Math.abs(raw[metric]), metric).toBeLessThan(1e-9);
    expect(fromProfile.mape).toBeNaN();
    expect(fromProfile.unavailable).toEqual(["mape"]);
  });

  it("refuses a classification profile", () => {
    expect(() => regressionMetrics(classificationProfile([1], [1]))).toThrow(/classification task/);
  });
});
