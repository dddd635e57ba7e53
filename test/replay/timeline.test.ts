import { describe, expect, it } from "vitest";
import { metricTimelines, ruleTimeline, STATE_COLORS } from "../../server/replay/timeline.ts";
import { driftReplay } from "./replays.ts";

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe("ruleTimeline", () => {
  it("draws a band of each step's state, the value line and the episode shaded", () => {
    const svg = ruleTimeline(driftReplay(), "drifted");
    expect(svg).toMatch(/^<svg/);
    expect(count(svg, new RegExp(`fill="${STATE_COLORS.normal}"`, "g"))).toBe(3);
    expect(count(svg, new RegExp(`fill="${STATE_COLORS.firing}"`, "g"))).toBe(3 + 1);
    expect(count(svg, /<circle/g)).toBe(6);
    expect(svg).toContain('aria-label="line"');
    expect(svg).not.toMatch(/<script|on\w+=/);
  });

  it("draws no line for values that are not numbers, but still the states", () => {
    const result = driftReplay();
    for (const step of result.steps) step.alerts.drifted.value = "text";
    const svg = ruleTimeline(result, "drifted");
    expect(count(svg, /<circle/g)).toBe(0);
    expect(count(svg, new RegExp(`fill="${STATE_COLORS.firing}"`, "g"))).toBe(4);
  });
});

describe("metricTimelines", () => {
  it("draws each metric's series", () => {
    const charts = metricTimelines(driftReplay());
    expect(Object.keys(charts)).toEqual(["drift_share"]);
    expect(count(charts.drift_share, /<circle/g)).toBe(6);
  });
});
