import { describe, expect, it } from "vitest";
import {
  binIndexEdges,
  expectedCalibrationError,
  needsCalibration,
  stratifiedShuffleSplit,
} from "../../../detectors/performance/calibration.ts";
import { fitIsotonic } from "../../../detectors/performance/isotonic.ts";
import { expectClose } from "../close.ts";
import { readFixture } from "../fixtureData.ts";

interface CalibrationCase {
  reference: { score: number[]; label: number[] };
  analysis: { score: number[] };
  expected: {
    calibrated: boolean;
    calibration: { splits: number[][]; ece: [number, number] };
    calibrated_scores: number[];
  };
}
const [overconfident] = readFixture<{ cases: CalibrationCase[] }>("cbpe").cases;
const target = Uint8Array.from(overconfident.reference.label);
const scores = Float64Array.from(overconfident.reference.score);

describe("NannyML's calibration check and scikit-learn's isotonic regression (cbpe.py)", () => {
  it("splits the reference as StratifiedShuffleSplit(10, test_size=0.1, random_state=42) does", () => {
    const splits = stratifiedShuffleSplit(target, "test");
    expect(splits.map((s) => s.test)).toEqual(overconfident.expected.calibration.splits);
    for (const { train, test } of splits) expect(new Set([...train, ...test]).size).toBe(target.length);
  });

  it("compares the expected calibration error before and after isotonic calibration", () => {
    const trueTest: number[] = [];
    const before: number[] = [];
    const after: number[] = [];
    for (const { train, test } of stratifiedShuffleSplit(target, "test")) {
      const f = fitIsotonic(
        train.map((i) => scores[i]),
        train.map((i) => target[i]),
        "test",
      );
      for (const i of test) (trueTest.push(target[i]), before.push(scores[i]), after.push(f(scores[i])));
    }
    const bins = binIndexEdges(trueTest.length, 10, "test");
    const [eceBefore, eceAfter] = overconfident.expected.calibration.ece;
    expectClose(expectedCalibrationError(trueTest, before, bins), eceBefore, { rel: 1e-9, abs: 1e-12 }, "ECE before");
    expectClose(expectedCalibrationError(trueTest, after, bins), eceAfter, { rel: 1e-9, abs: 1e-12 }, "ECE after");
    expect(needsCalibration(target, scores, 0.8, "test")).toBe(overconfident.expected.calibrated);
  });

  it("calibrates analysis scores as IsotonicRegression(out_of_bounds='clip') predicts them", () => {
    const f = fitIsotonic(scores, target, "test");
    overconfident.expected.calibrated_scores.forEach((expected, i) =>
      expectClose(f(overconfident.analysis.score[i]), expected, { rel: 1e-12, abs: 1e-15 }, `row ${i}`),
    );
  });

  it("skips calibration for one class or separable scores, and cuts NannyML's bins", () => {
    expect(needsCalibration(new Uint8Array(5).fill(1), new Float64Array(5), NaN, "t")).toBe(false);
    expect(needsCalibration(target, scores, 0.9995, "t")).toBe(false);
    expect(binIndexEdges(20, 4, "t")).toEqual([
      [0, 5],
      [5, 10],
      [10, 15],
      [15, 20],
    ]);
    // 25 rows, 10 bins: width 2, the last bin takes the rest (NannyML's range(0, n + 1, width)).
    expect(binIndexEdges(25, 10, "t").at(-1)).toEqual([22, 25]);
    expect(() => binIndexEdges(3, 10, "calibrating")).toThrow("calibrating: 3 rows cannot make the 2 calibration bins");
    expect(() => stratifiedShuffleSplit(Uint8Array.from([1, 0, 0, 0]), "cbpe")).toThrow(
      /least populated class has 1 member/,
    );
  });
});
