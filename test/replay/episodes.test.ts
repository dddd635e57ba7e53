import { describe, expect, it } from "vitest";
import { ruleReplays } from "../../server/replay/episodes.ts";
import type { ReplayStep, StepAlert } from "../../server/replay/types.ts";

const DAY = 86_400_000;
const iso = (day: number) => new Date(day * DAY).toISOString();
const steps = (...alerts: StepAlert[]): ReplayStep[] =>
  alerts.map((alert, day) => ({ at: iso(day + 1), alerts: { r: alert }, metrics: {} }));
const firing = (value: unknown): StepAlert => ({ state: "firing", value });
const normal: StepAlert = { state: "normal", value: 0 };

describe("ruleReplays", () => {
  it("finds each episode from the step it fired to the step it resolved, with its peak", () => {
    const replay = ruleReplays(
      steps(normal, firing(0.3), firing(0.6), firing(0.4), { state: "resolved", value: 0.1 }, normal, firing(0.5)),
    );
    expect(replay.r.episodes).toEqual([
      { start: iso(2), end: iso(5), peak: 0.6 },
      { start: iso(7), end: null, peak: 0.5 },
    ]);
    // 2 episodes in 7 days; 4 of 7 steps firing.
    expect(replay.r.firingsPer30d).toBeCloseTo((2 / 7) * 30, 3);
    expect(replay.r.timeFiring).toBeCloseTo(4 / 7, 4);
  });

  it("keeps an episode open through no data and errors, and takes a non-numeric value as the peak", () => {
    const replay = ruleReplays(
      steps(firing("yes"), { state: "nodata", value: null }, { state: "error", value: "yes" }, firing("still"), normal),
    );
    expect(replay.r.episodes).toEqual([{ start: iso(1), end: iso(5), peak: "yes" }]);
    expect(replay.r.timeFiring).toBe(0.8);
  });

  it("does not open an episode on no data or an error alone", () => {
    const replay = ruleReplays(steps({ state: "nodata", value: null }, { state: "error", value: null }, normal));
    expect(replay.r).toEqual({ episodes: [], firingsPer30d: 0, timeFiring: 0 });
  });
});
