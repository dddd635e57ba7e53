import { describe, expect, it } from "vitest";
import type { RuleOutput } from "../../server/alerts/plan.ts";
import { AlertTrack } from "../../server/replay/alertTrack.ts";
import { ruleOf } from "../alerts/ruleOf.ts";

const HOUR = 3_600_000;
const value = (x: unknown, condition: boolean): RuleOutput => ({
  kind: "alert",
  name: "r",
  instances: [{ condition, value: x }],
});

describe("AlertTrack", () => {
  it("moves instances through the real state machine step by step: `for` counts steps as runs", () => {
    const track = new AlertTrack([ruleOf("w.md", "r", "when: x > 1\nfor: 2 runs")]);
    const states = [0.5, 2, 3, 4, 0.5].map((x, i) => track.step({ r: value(x, x > 1) }, i * HOUR).r);
    expect(states).toEqual([
      { state: "normal", value: 0.5 },
      { state: "pending", value: 2 },
      { state: "firing", value: 3 },
      { state: "firing", value: 4 },
      { state: "resolved", value: 0.5 },
    ]);
  });

  it("keys each instance of an `each` rule as RULE[key], and resolves an item gone from the list", () => {
    const track = new AlertTrack([ruleOf("w.md", "e", "each: xs\nkey: item.k\nwhen: item.v > 1")]);
    const output = (...items: [string, number][]): Record<string, RuleOutput> => ({
      e: { kind: "alert", name: "e", instances: items.map(([key, v]) => ({ key, condition: v > 1, value: v })) },
    });
    expect(track.step(output(["a", 2], ["b", 0]), 0)).toEqual({
      "e[a]": { state: "firing", value: 2 },
      "e[b]": { state: "normal", value: 0 },
    });
    expect(track.step(output(["b", 0]), HOUR)).toEqual({
      "e[a]": { state: "resolved", value: null },
      "e[b]": { state: "normal", value: 0 },
    });
    expect(track.step(output(["b", 0]), 2 * HOUR)).toEqual({ "e[b]": { state: "normal", value: 0 } });
  });

  it("keeps an open alert open through an error, as production runs do", () => {
    const track = new AlertTrack([ruleOf("w.md", "r", "when: x > 1")]);
    track.step({ r: value(2, true) }, 0);
    expect(track.step({ r: { kind: "error", message: "boom" } }, HOUR).r).toEqual({ state: "error", value: 2 });
    expect(track.step({ r: value(3, true) }, 2 * HOUR).r).toEqual({ state: "firing", value: 3 });
  });
});
