import { describe, expect, it } from "vitest";
import * as detectors from "../../../detectors/index.ts";

describe("detectors.concept", () => {
  it("exports the concept-drift detectors under one namespace", () => {
    expect(Object.keys(detectors.concept).sort()).toEqual(
      ["adwin", "ddm", "eddm", "lordLevels", "pageHinkley", "realizedPerformance"].sort(),
    );
  });

  it("returns what a workbook reads: drift, where, the statistic and the threshold it was compared with", () => {
    const reference = Array.from({ length: 2000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const current = [...reference.slice(0, 500), ...Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? 1 : 0))];
    const result = detectors.concept.pageHinkley(reference, current, { bootstraps: 200 });
    expect(result).toMatchObject({ method: "pageHinkley", drift: true, detectedTs: null, task: "classification" });
    expect(result.detectedAt).toBeGreaterThanOrEqual(500);
    expect(result.statistic).toBeGreaterThan(result.threshold);
    expect(result.calibration).toMatchObject({ falseAlarmRate: 0.01, bootstraps: 200, seed: 0 });
    expect(detectors.concept.pageHinkley(reference, current, { threshold: "textbook" }).threshold).toBe(50);
    expect(() => detectors.concept.ddm(reference, current, { threshold: "high" as never })).toThrow(
      'concept.ddm: threshold must be "calibrated", "textbook" or a number, got high',
    );
  });
});
