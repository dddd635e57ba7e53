/**
 * Online MMD (Alibi Detect's MMDDriftOnline): calibration of the run length to `ert` with no
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
  online.mmd(reference, { ert: ERT, windowSize: WINDOW, nBootstraps: 500, seed });

describe("online.mmd", () => {
  it("has an average run length within its Monte-Carlo interval of ert when nothing changes", () => {
    expectAverageRunLength(runLengths(300, D, 0, 40 * ERT, build, 200), ERT, "online.mmd");
  });

  it("detects a 1σ shift in one feature within a few windows (median delay printed)", () => {
    const delays = runLengths(40, D, 1, 40 * ERT, build, 200);
    console.log(`online.mmd: median delay after a 1σ shift ${median(delays)} (window ${WINDOW}, ert ${ERT})`);
    expect(median(delays)).toBeLessThan(2 * WINDOW);
  });

  it("continues exactly after state() → JSON → restore(), and resets to time 0", () => {
    const reference = normalRows(seededRng(3), 120, 3);
    expectRestoreContinues(online.mmd(reference, { ert: 30, windowSize: 8, nBootstraps: 300 }), online.restore, 3);
  });

  it("reads object rows and instances by feature name", () => {
    const rng = seededRng(4);
    const reference = normalRows(rng, 60, 2).map(([a, b]) => ({ a, b, label: "x" }));
    const detector = online.mmd(reference, { ert: 20, windowSize: 5, nBootstraps: 200, features: ["a", "b"] });
    const result = detector.update({ a: 0.1, b: -0.2 });
    expect(result.time).toBe(1);
    expect(result.threshold).toBeGreaterThan(0);
    expect(() => detector.update({ a: 1 } as Record<string, number>)).toThrow(/update: the instance has no field "b"/);
  });

  it("rejects bad options and instances with messages naming them", () => {
    const reference = normalRows(seededRng(5), 40, 2);
    expect(() => online.mmd(reference, { ert: 1, windowSize: 5 })).toThrow(/ert/);
    expect(() => online.mmd(reference, { ert: 20, windowSize: 30, nBootstraps: 200 })).toThrow(/at least 61/);
    const detector = online.mmd(reference, { ert: 20, windowSize: 5, nBootstraps: 200 });
    expect(() => detector.update([1, 2, 3])).toThrow(/got 3 values, but the reference rows have 2/);
    expect(() => detector.update([1, Number.NaN])).toThrow(/value 1 is NaN, not a finite number/);
    expect(() => online.restore({ kind: "mmd", version: 1 })).toThrow(/state\.thresholds/);
  });
});
