import { describe, expect, it } from "vitest";
import { chunkMetric } from "../../../detectors/chunks/chunkMetric.ts";

const chunk = { index: 2, start: Date.UTC(2024, 0, 3), end: Date.UTC(2024, 0, 4) - 1, rows: [4, 5, 6, 7] };
const limits = { lower: 0, upper: 1 };
const thresholds = { lower: 0.8, upper: null };

describe("chunkMetric: one chunk's entry", () => {
  it("bands the estimate by 3 standard errors, clipped, and alerts on the estimate", () => {
    const entry = chunkMetric(chunk, 0, 0.75, 0.1, undefined, thresholds, limits);
    expect(entry).toEqual({
      index: 2,
      start: new Date(Date.UTC(2024, 0, 3)),
      end: new Date(Date.UTC(2024, 0, 4) - 1),
      rows: 4,
      labelled: 0,
      estimate: 0.75,
      samplingError: 0.1,
      lower: 0.75 - 0.30000000000000004,
      upper: 1,
      lowerThreshold: 0.8,
      upperThreshold: null,
      alert: true,
      value: 0.75,
      source: "estimated",
    });
  });

  it("takes the realized value only when every row is labelled", () => {
    const partial = chunkMetric(chunk, 3, 0.9, 0.01, 0.5, thresholds, limits);
    expect([partial.realized, partial.value, partial.source, partial.alert]).toEqual([
      undefined,
      0.9,
      "estimated",
      false,
    ]);
    const full = chunkMetric(chunk, 4, 0.9, 0.01, 0.5, thresholds, limits);
    expect([full.realized, full.value, full.source, full.alert]).toEqual([0.5, 0.5, "realized", false]);
    expect(chunkMetric({ ...chunk, start: null, end: null }, 4, NaN, 0, 1, thresholds, limits).alert).toBe(false);
  });
});
