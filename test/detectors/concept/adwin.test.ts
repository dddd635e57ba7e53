import { describe, expect, it } from "vitest";
import { adwin, adwinMonitor } from "../../../detectors/concept/adwin.ts";
import { AdwinHistogram } from "../../../detectors/concept/adwinHistogram.ts";
import { bernoulliErrors, itBehavesAsADetector, scoresOf } from "./conceptCases.ts";

describe("adwin", () => {
  itBehavesAsADetector("adwin", adwin, adwinMonitor({}, "adwin"), bernoulliErrors(0.2));

  it("keeps at most M buckets per level and cuts at their boundaries, by hand", () => {
    // M = 5: the sixth error merges the two oldest into a bucket of 2, the eighth merges again, so
    // eight errors make buckets of 2, 2, 1, 1, 1, 1 and splits after 2, 4, 5, 6 and 7 errors.
    const window = new AdwinHistogram(5);
    for (const e of [0, 0, 0, 0, 1, 1, 1, 1]) window.insert(e);
    const { count, lengths, sums } = window.splits();
    const splits = Array.from({ length: count }, (_, j) => [lengths[j], sums[j]]);
    expect(splits).toEqual([
      [2, 0],
      [4, 0],
      [5, 1],
      [6, 2],
      [7, 3],
    ]);
    expect(window.variance).toBeCloseTo(2, 14);
    // minWindowLength 1 leaves the splits after 4 and 5; after 4, gap 1, m = 1/4 + 1/4, σ² = 1/4:
    // (1/3)·dd + (1/2)·√dd = 1 gives √dd = (−1/2 + √(1/4 + 4/3))/(2/3), score dd − ln(2·ln 8).
    const root = (-0.5 + Math.sqrt(0.25 + 4 / 3)) / (2 / 3);
    const scores = scoresOf(adwinMonitor({ clock: 8, minWindowLength: 1 }, "adwin"), [], [0, 0, 0, 0, 1, 1, 1, 1]);
    expect(scores.slice(0, 7).every((s) => s === -Infinity)).toBe(true);
    expect(scores[7]).toBeCloseTo(root * root - Math.log(2 * Math.log(8)), 12);
  });
});
