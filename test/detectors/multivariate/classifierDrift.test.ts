import { describe, expect, it } from "vitest";
import { fitBoostedStumps } from "../../../detectors/classifiers/boostedStumps.ts";
import { fitLogistic } from "../../../detectors/classifiers/logisticRegression.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { classifierDrift } from "../../../detectors/multivariate/classifierDrift.ts";
import { expectClose, STATISTIC } from "../close.ts";
import { expectCalibrated, flaggedShare, multivariate, normalRows } from "./multivariateCases.ts";

const matrix = (rows: number[][]) => ({
  data: Float64Array.from(rows.flat()),
  rows: rows.length,
  cols: rows[0].length,
});

describe("the domain classifiers", () => {
  for (const c of multivariate.logistic) {
    it(`logistic regression matches scipy's minimum of the same objective: ${c.name}`, () => {
      const x = matrix(c.x);
      const predicted = fitLogistic(x, Uint8Array.from(c.y))(x);
      predicted.forEach((p, i) => expectClose(p, c.probabilities[i], { rel: 1e-7, abs: 1e-12 }, `row ${i}`));
    });
  }

  it("boosted stumps separate a one-column shift and ignore a constant column", () => {
    const rng = seededRng(8);
    const rows = [...normalRows(rng, 60, 1), ...normalRows(rng, 60, 1, 3)].map(([v]) => [v, 7]);
    const labels = Uint8Array.from({ length: 120 }, (_, i) => (i < 60 ? 0 : 1));
    const p = fitBoostedStumps(
      matrix(rows),
      labels,
      50,
      0.1,
    )(
      matrix([
        [-1, 7],
        [4, 7],
        [1.5, 7],
      ]),
    );
    expect(p[0]).toBeLessThan(0.2);
    expect(p[1]).toBeGreaterThan(0.8);
    const constant = fitBoostedStumps(matrix(rows.map(() => [1, 2])), labels, 50, 0.1)(matrix([[1, 2]]));
    expectClose(constant[0], 0.5, STATISTIC);
  });
});

describe("classifierDrift", () => {
  it("returns held-out probabilities, AUC and counts of dropped rows", () => {
    const rng = seededRng(3);
    const reference: (number[] | null)[] = normalRows(rng, 30, 2);
    const current: number[][] = normalRows(rng, 25, 2, 2);
    reference[4] = null;
    current[2][1] = NaN;
    const result = classifierDrift(reference, current);
    expect(result.method).toBe("classifierDrift");
    expect(result.dropped).toEqual({ reference: 1, current: 1 });
    expect(result.probabilities.reference.length).toBe(29);
    expect(result.probabilities.current.length).toBe(24);
    expect(result.auc).toBeGreaterThan(0.9);
    expect(result.drift).toBe(true);
    expect(classifierDrift(reference, current)).toEqual(result);
    const split = classifierDrift(reference, current, { trainSize: 0.75, model: "stumps" });
    expect(split.probabilities.reference.length + split.probabilities.current.length).toBe(53 - Math.floor(53 * 0.75));
  });

  it("throws on too few rows and bad options", () => {
    const rows = normalRows(seededRng(1), 10, 2);
    expect(() => classifierDrift(rows, rows.slice(0, 4))).toThrow(
      /^classifierDrift: needs at least as many complete rows as folds \(5\) on each side \(reference 10, current 4\)/,
    );
    expect(() => classifierDrift(rows, rows, { folds: 1 })).toThrow(/^classifierDrift: folds must be an integer ≥ 2/);
    expect(() => classifierDrift(rows, rows, { folds: 3, trainSize: 0.5 })).toThrow(
      /^classifierDrift: give folds or trainSize, not both/,
    );
    expect(() => classifierDrift(rows, rows, { trainSize: 1 })).toThrow(
      /^classifierDrift: trainSize must be between 0 and 1/,
    );
    expect(() => classifierDrift(rows, rows.slice(0, 2), { trainSize: 0.2 })).toThrow(
      /^classifierDrift: a training split holds only reference rows|^classifierDrift: the held-out rows include no current row/,
    );
    expect(() => classifierDrift(rows, rows, { model: "forest" as "logistic" })).toThrow(
      /^classifierDrift: model must be "logistic" or "stumps"/,
    );
  });
});

describe("classifierDrift calibration (500 seeded trials, 50 + 50 rows in 3 dimensions; 100 + 100 for one split)", () => {
  const noDrift = (options: Parameters<typeof classifierDrift>[2], rows = 50) =>
    flaggedShare(500, (trial) => {
      const rng = seededRng(3000 + trial);
      return classifierDrift(normalRows(rng, rows, 3), normalRows(rng, rows, 3), { ...options, seed: trial });
    });
  const shift = (options: Parameters<typeof classifierDrift>[2], rows = 50) =>
    flaggedShare(50, (trial) => {
      const rng = seededRng(7000 + trial);
      return classifierDrift(normalRows(rng, rows, 3), normalRows(rng, rows, 3, 1.5), { ...options, seed: trial });
    });

  it("logistic, 5 folds: nominal rate without drift, flags a clear shift", () => {
    expectCalibrated("classifierDrift logistic, 5 folds", noDrift({}), 500);
    expect(shift({})).toBe(1);
  });

  it("logistic, one 75/25 split: nominal rate without drift, flags a clear shift", () => {
    // 50 held-out rows: with fewer, the exact KS test's discreteness makes it conservative.
    expectCalibrated(
      "classifierDrift logistic, trainSize 0.75, 100 + 100 rows",
      noDrift({ trainSize: 0.75 }, 100),
      500,
    );
    expect(shift({ trainSize: 0.75 }, 100)).toBe(1);
  });

  it("stumps (30 rounds), 5 folds: nominal rate without drift, flags a clear shift", () => {
    expectCalibrated("classifierDrift stumps, 5 folds, 30 rounds", noDrift({ model: "stumps", rounds: 30 }), 500);
    expect(shift({ model: "stumps", rounds: 30 })).toBe(1);
  });
});
