import { describe, expect, it } from "vitest";
import { seededRng } from "../../../detectors/random/rng.ts";
import { spotTheDiff } from "../../../detectors/multivariate/spotTheDiff.ts";
import { expectCalibrated, flaggedShare, normalRows } from "./multivariateCases.ts";

// Alibi's training defaults (3 epochs at learning rate 1e-3) barely move the model on 100 rows;
// these tests train harder, as a user would for small samples.
const TRAINED = { epochs: 20, learningRate: 0.05 };

describe("spotTheDiff", () => {
  it("finds the shifted feature and the direction of the shift", () => {
    const rng = seededRng(12);
    const result = spotTheDiff(normalRows(rng, 150, 3), normalRows(rng, 150, 3, 1.5), TRAINED);
    expect(result.method).toBe("spotTheDiff");
    expect(result.drift).toBe(true);
    expect(result.auc).toBeGreaterThan(0.75);
    expect(result.diffs).toHaveLength(1);
    const [d] = result.diffs;
    const [c] = result.diffCoefficients;
    // μ_ref + d looks like the current rows (c > 0) when d points up the first feature, or like the reference (c < 0) when it points down.
    expect(Math.abs(d[0])).toBeGreaterThan(Math.abs(d[1]) + Math.abs(d[2]));
    expect(Math.sign(d[0] * c)).toBe(1);
  });

  it("drops incomplete rows, repeats for a seed and learns several diffs", () => {
    const rng = seededRng(2);
    const reference: (number[] | null)[] = normalRows(rng, 40, 2);
    reference[0] = null;
    const current = normalRows(rng, 40, 2);
    const result = spotTheDiff(reference, current, { nDiffs: 2, seed: 5 });
    expect(result.dropped).toEqual({ reference: 1, current: 0 });
    expect(result.diffs).toHaveLength(2);
    expect(result.diffCoefficients).toHaveLength(2);
    expect(spotTheDiff(reference, current, { nDiffs: 2, seed: 5 })).toEqual(result);
  });

  it("throws on bad options", () => {
    const rows = normalRows(seededRng(1), 10, 2);
    expect(() => spotTheDiff(rows, rows, { nDiffs: 0 })).toThrow(/^spotTheDiff: nDiffs must be an integer ≥ 1/);
    expect(() => spotTheDiff(rows, rows, { learningRate: 0 })).toThrow(/^spotTheDiff: learningRate must be positive/);
    expect(() => spotTheDiff(rows, rows, { l1Reg: -1 })).toThrow(/^spotTheDiff: l1Reg must be a number ≥ 0/);
    expect(() => spotTheDiff(rows, rows.slice(0, 3))).toThrow(
      /^spotTheDiff: needs at least as many complete rows as folds/,
    );
  });
});

describe("spotTheDiff calibration (500 seeded trials, 50 + 50 rows in 3 dimensions)", () => {
  it("flags drift at the nominal rate when there is none: Alibi's defaults (one 75/25 split, 3 epochs at 1e-3)", () => {
    const share = flaggedShare(500, (trial) => {
      const rng = seededRng(390000 + trial);
      return spotTheDiff(normalRows(rng, 50, 3), normalRows(rng, 50, 3), { trainSize: 0.75, seed: trial });
    });
    expectCalibrated("spotTheDiff, Alibi's defaults (trainSize 0.75)", share, 500);
  });

  it("flags drift at the nominal rate when there is none (5 folds, trained harder), and flags a clear shift", () => {
    const share = flaggedShare(500, (trial) => {
      const rng = seededRng(390000 + trial);
      return spotTheDiff(normalRows(rng, 50, 3), normalRows(rng, 50, 3), { ...TRAINED, seed: trial });
    });
    expectCalibrated("spotTheDiff, 5 folds, 20 epochs at learning rate 0.05", share, 500);
    const power = flaggedShare(50, (trial) => {
      const rng = seededRng(490000 + trial);
      return spotTheDiff(normalRows(rng, 50, 3), normalRows(rng, 50, 3, 1.5), { ...TRAINED, seed: trial });
    });
    expect(power).toBe(1);
  });
});
