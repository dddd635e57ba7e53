import { describe, expect, it } from "vitest";
import { eddm, eddmMonitor } from "../../../detectors/concept/eddm.ts";
import { bernoulliErrors, itBehavesAsADetector, scoresOf } from "./conceptCases.ts";

const textbook = (options = {}) => eddmMonitor(options, "eddm", new Float64Array(0), true);

describe("eddm", () => {
  itBehavesAsADetector("eddm", eddm, textbook(), bernoulliErrors(0.2));

  it("scores the fall of the spread of distances between errors, by hand", () => {
    // Errors at 1, 3, 6, 7: distances 1, 2, 3, 1. After the third (minErrors 2): mean 2, population
    // variance 2/3, spread 2 + 2√(2/3), the maximum; after the fourth: mean 1.75, variance 2.75/4.
    const scores = scoresOf(textbook({ minErrors: 2 }), [], [1, 0, 1, 0, 0, 1, 1]);
    expect(scores.slice(0, 5)).toEqual([-Infinity, -Infinity, -Infinity, -Infinity, -Infinity]);
    expect(scores[5]).toBe(0);
    expect(scores[6]).toBeCloseTo(1 - (1.75 + 2 * Math.sqrt(2.75 / 4)) / (2 + 2 * Math.sqrt(2 / 3)), 12);
  });

  it("refuses errors that are not 0/1", () => {
    expect(() => eddm([0, 1, 0], [0, 2])).toThrow(
      "concept.eddm: current: eddm watches 0/1 classification errors; error 1 is 2",
    );
  });
});
