import { describe, expect, it } from "vitest";
import { compareReplays } from "../../server/replay/compare.ts";
import { ruleReplays } from "../../server/replay/episodes.ts";
import type { ReplayResult, ReplayStep } from "../../server/replay/types.ts";

const DAY = 86_400_000;

/** A replay of 30 daily steps where rule `r` fires on the days listed. */
function replay(firingDays: number[], steps = 30): ReplayResult {
  const stepsOf: ReplayStep[] = Array.from({ length: steps }, (_, i) => ({
    at: new Date((i + 1) * DAY).toISOString(),
    alerts: { r: firingDays.includes(i) ? { state: "firing", value: i } : { state: "normal", value: 0 } },
    metrics: {},
  }));
  return { workbook: "w.md", steps: stepsOf, rules: ruleReplays(stepsOf) };
}

describe("compareReplays", () => {
  it("counts episodes before and after, in a sentence over the replayed span", () => {
    const before = replay([1, 4, 7, 10, 13, 16, 19, 22, 25, 27, 29]);
    const after = replay([4, 5, 16, 28]);
    const [r] = compareReplays(before, after);
    expect(r.sentence).toBe("would have fired 3 times instead of 11 in the last 30 days; 1 episode would move");
    expect(r.before).toHaveLength(11);
    expect(r.after).toHaveLength(3);
    // Days 4-5 overlap day 4's episode and end a day later; day 16's is unchanged; day 28's shares no step with 27's or 29's.
    expect(r.moved.map(({ before, after }) => [before.end, after.end])).toEqual([
      [new Date(6 * DAY).toISOString(), new Date(7 * DAY).toISOString()],
    ]);
    expect(r.added.map((episode) => episode.start)).toEqual([new Date(29 * DAY).toISOString()]);
    expect(r.removed).toHaveLength(9);
  });

  it("says so when nothing changes, and lists episodes only one side has", () => {
    expect(compareReplays(replay([3]), replay([3]))[0].sentence).toBe(
      "would have fired once, as before, in the last 30 days",
    );
    const [r] = compareReplays(replay([]), replay([10]));
    expect(r.sentence).toBe("would have fired once instead of 0 in the last 30 days");
    expect(r.added.map((episode) => episode.start)).toEqual([new Date(11 * DAY).toISOString()]);
  });

  it("refuses replays of different steps", () => {
    expect(() => compareReplays(replay([], 30), replay([], 7))).toThrow(/same steps/);
  });
});
