/**
 * Online LSDD (Alibi Detect's LSDDDriftOnline): calibration of the run length to `ert` with no
 * change, detection delay after a 1σ shift, exact continuation through state()/restore(), reset,
 * and clear errors for bad input.
 */

import { describe, expect, it } from "vitest";
import { online } from "../../../detectors/index.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { normalRows } from "../multivariate/multivariateCases.ts";
import { expectAverageRunLength, expectRestoreContinues, median, runLengths } from "./onlineCases.ts";

const ERT = 50;
const WINDOW = 10;
const D = 2;
const build = (reference: number[][], seed: number) =>
  online.lsdd(reference, { ert: ERT, windowSize: WINDOW, nBootstraps: 500, seed });

describe("online.lsdd", () => {
  it("has an average run length within its Monte-Carlo interval of ert when nothing changes", () => {
    expectAverageRunLength(runLengths(300, D, 0, 40 * ERT, build, 200), ERT, "online.lsdd");
  });

  it("detects a 1σ shift in one feature within a few windows (median delay printed)", () => {
    const delays = runLengths(40, D, 1, 40 * ERT, build, 200);
    console.log(`online.lsdd: median delay after a 1σ shift ${median(delays)} (window ${WINDOW}, ert ${ERT})`);
    expect(median(delays)).toBeLessThan(2 * WINDOW);
  });

  it("continues exactly after state() → JSON → restore(), and resets to time 0", () => {
    const reference = normalRows(seededRng(3), 120, 3);
    expectRestoreContinues(online.lsdd(reference, { ert: 30, windowSize: 8, nBootstraps: 300 }), online.restore, 3);
  });

  it("reads object rows and instances by feature name, with its own kernel centres and λ bound", () => {
    const rng = seededRng(4);
    const reference = normalRows(rng, 80, 2).map(([a, b]) => ({ a, b, label: "x" }));
    const detector = online.lsdd(reference, {
      ert: 20,
      windowSize: 5,
      nBootstraps: 200,
      nKernelCenters: 15,
      lambdaRdMax: 0.1,
      features: ["a", "b"],
    });
    const result = detector.update({ a: 0.1, b: -0.2 });
    expect(result.time).toBe(1);
    expect(result.threshold).toBeGreaterThan(0);
    const state = detector.state();
    expect(state.centers).toHaveLength(15);
    expect(() => detector.update({ a: 1 } as Record<string, number>)).toThrow(/update: the instance has no field "b"/);
  });

  it("rejects bad options, instances and states with messages naming them", () => {
    const reference = normalRows(seededRng(5), 60, 2);
    expect(() => online.lsdd(reference, { ert: 1, windowSize: 5 })).toThrow(/ert/);
    expect(() => online.lsdd(reference, { ert: 20, windowSize: 5, nBootstraps: 10 })).toThrow(/nBootstraps/);
    expect(() => online.lsdd(reference, { ert: 20, windowSize: 20, nBootstraps: 200 })).toThrow(
      /nKernelCenters \+ 2 × windowSize \+ 1 = 81 complete reference rows, got 60/,
    );
    expect(() => online.lsdd(reference, { ert: 20, windowSize: 5, nBootstraps: 200, nKernelCenters: 0 })).toThrow(
      /nKernelCenters must be an integer ≥ 1/,
    );
    expect(() => online.lsdd(reference, { ert: 20, windowSize: 5, nBootstraps: 200, lambdaRdMax: 0 })).toThrow(
      /lambdaRdMax must be positive/,
    );
    const detector = online.lsdd(reference, { ert: 20, windowSize: 5, nBootstraps: 200 });
    expect(() => detector.update([1, 2, 3])).toThrow(
      /online\.lsdd: update: got 3 values, but the reference rows have 2/,
    );
    expect(() => detector.update([1, Number.NaN])).toThrow(/value 1 is NaN, not a finite number/);
    expect(() => online.restore({ kind: "lsdd", version: 1 })).toThrow(/lsdd state\.thresholds/);
    const state = detector.state();
    expect(() => online.restore({ ...state, referenceMean: [1] })).toThrow(
      /lsdd state\.referenceMean must be 10 finite numbers/,
    );
    expect(() => online.restore({ ...state, lambda: -1 })).toThrow(/lsdd state\.lambda must be positive/);
    expect(() => online.restore({ ...state, time: 1.5 })).toThrow(/lsdd state\.time must be an integer ≥ 0/);
  });
});
