import { describe, expect, it } from "vitest";
import { ddm, ddmMonitor } from "../../../detectors/concept/ddm.ts";
import { bernoulliErrors, itBehavesAsADetector, scoresOf } from "./conceptCases.ts";

describe("ddm", () => {
  itBehavesAsADetector("ddm", ddm, ddmMonitor({}, "ddm", new Float64Array(0), true), bernoulliErrors(0.2));

  it("scores the rise of p + s in units of s_min, by hand", () => {
    // minInstances 2: i = 2 gives p = 1/2, s = 1/2·√(1/2) ≈ 0.35355 (the minimum); i = 3 (one more
    // error) gives p = 2/3, s = √(2/27) ≈ 0.27217: (0.93884 − 0.5)/0.35355 = 1.24122.
    const scores = scoresOf(ddmMonitor({ minInstances: 2 }, "ddm", new Float64Array(0), true), [], [1, 0, 1]);
    expect(scores[0]).toBe(-Infinity);
    expect(scores[1]).toBe(-Infinity);
    expect(scores[2]).toBeCloseTo((2 / 3 + Math.sqrt(2 / 27) - 0.5) / Math.sqrt(1 / 8), 12);
  });

  it("refuses errors that are not 0/1", () => {
    expect(() => ddm([0, 1, 0.5], [0, 1])).toThrow(
      "concept.ddm: reference: ddm watches 0/1 classification errors; error 2 is 0.5 (use pageHinkley or adwin for regression errors)",
    );
  });
});
