import { describe, expect, it } from "vitest";
import { pageHinkley, pageHinkleyMonitor } from "../../../detectors/concept/pageHinkley.ts";
import { itBehavesAsADetector, scoresOf } from "./conceptCases.ts";

describe("pageHinkley", () => {
  itBehavesAsADetector("pageHinkley", pageHinkley, pageHinkleyMonitor({}, "pageHinkley"), (rng, n) =>
    Array.from({ length: n }, () => Math.abs(rng.normal())),
  );

  it("accumulates the errors' excess over their running mean, by hand", () => {
    // δ = 0, no fading: running means 0, 0, 1/3, 1/2; m = 0, 0, 2/3, 2/3 + 1/2; M = 0.
    const scores = scoresOf(
      pageHinkleyMonitor({ delta: 0, alpha: 1, minInstances: 1 }, "pageHinkley"),
      [],
      [0, 0, 1, 1],
    );
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBe(0);
    expect(scores[2]).toBeCloseTo(2 / 3, 14);
    expect(scores[3]).toBeCloseTo(7 / 6, 14);
  });

  it("reads regression rows as absolute errors", () => {
    const rows = [
      { prediction: 1.5, label: 1, ts: 2 },
      { prediction: 2, label: 4.25, ts: 1 },
      { prediction: 3, label: null, ts: 0 },
    ];
    const result = pageHinkley(rows, rows, { threshold: "textbook", minInstances: 1, delta: 0, alpha: 1 });
    expect(result.task).toBe("regression");
    expect(result.errors).toEqual({ reference: 2, current: 2 });
    expect(result.dropped).toEqual({ reference: 1, current: 1 });
    // Errors in ts order: 2.25, 0.5, then 2.25, 0.5 — running means 2.25, 1.375, 1.6667, 1.375.
    const m = [0, 0.5 - 1.375, 0.5 - 1.375 + 2.25 - 5 / 3, 0.5 - 1.375 + 2.25 - 5 / 3 + 0.5 - 1.375];
    expect(result.statistic).toBeCloseTo(Math.max(m[2] - m[1], m[3] - m[1]), 12);
  });

  it("refuses a negative delta", () => {
    expect(() => pageHinkley([0, 1], [1], { delta: -1 })).toThrow(
      "concept.pageHinkley: delta must be a finite number ≥ 0, got -1",
    );
  });
});
