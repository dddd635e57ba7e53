import { describe, expect, it } from "vitest";
import { dleChunkMetrics } from "../../../detectors/performance/dleChunks.ts";
import { DLE_METRICS, type DleMetric, type LossKind } from "../../../detectors/performance/dleMetrics.ts";
import { DEFAULT_THRESHOLD } from "../../../detectors/performance/thresholds.ts";
import { expectClose } from "../close.ts";
import { readFixture } from "../fixtureData.ts";

/** The tolerance on deterministic parts is 1e-6; these sums agree far closer. */
const CLOSE = { rel: 1e-9, abs: 1e-12 };

interface ExpectedChunk {
  estimate: number;
  samplingError: number;
  lower: number;
  upper: number;
  realized: number | null;
  alert: boolean;
}
interface ArithmeticCase {
  name: string;
  reference: { yTrue: number[]; yPred: number[]; chunks: number[][] };
  analysis: {
    yTrue: (number | null)[];
    yPred: number[];
    chunks: number[][];
    predictedLoss: Record<LossKind, number[]>;
  };
  expected: Record<DleMetric, { thresholds: { lower: number; upper: number }; chunks: ExpectedChunk[] }>;
}
const cases = readFixture<{ arithmetic: ArithmeticCase[] }>("dle").arithmetic;

const chunks = (rows: number[][]) => rows.map((r, index) => ({ index, start: null, end: null, rows: r }));

describe("dleChunkMetrics against NannyML 0.13's DLE arithmetic restated in numpy (dle.py)", () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = dleChunkMetrics(
        DLE_METRICS,
        {
          yTrue: Float64Array.from(c.reference.yTrue),
          yPred: Float64Array.from(c.reference.yPred),
          chunks: chunks(c.reference.chunks),
        },
        {
          yTrue: Float64Array.from(c.analysis.yTrue, (y) => y ?? NaN),
          yPred: Float64Array.from(c.analysis.yPred),
          chunks: chunks(c.analysis.chunks),
        },
        c.analysis.predictedLoss,
        DEFAULT_THRESHOLD,
      );
      for (const metric of DLE_METRICS) {
        const { thresholds, chunks: expected } = c.expected[metric];
        const entries = result[metric]!;
        expect(entries.length).toBe(expected.length);
        entries.forEach((entry, k) => {
          const where = `${metric} chunk ${k}`;
          const want = expected[k];
          expectClose(entry.estimate, want.estimate, CLOSE, `${where} estimate`);
          expectClose(entry.samplingError, want.samplingError, CLOSE, `${where} sampling error`);
          expectClose(entry.lower, want.lower, CLOSE, `${where} lower`);
          expectClose(entry.upper, want.upper, CLOSE, `${where} upper`);
          expectClose(entry.lowerThreshold!, thresholds.lower, CLOSE, `${where} lower threshold`);
          expectClose(entry.upperThreshold!, thresholds.upper, CLOSE, `${where} upper threshold`);
          expect(entry.alert, `${where} alert`).toBe(want.alert);
          if (want.realized === null) {
            expect(entry.realized, `${where} realized`).toBeUndefined();
            expect(entry.source).toBe("estimated");
            expect(entry.value).toBe(entry.estimate);
          } else {
            expectClose(entry.realized!, want.realized, CLOSE, `${where} realized`);
            expect(entry.source).toBe("realized");
            expect(entry.value).toBe(entry.realized);
          }
        });
      }
      // The cases exercise both kinds of chunk and at least one alert.
      const all = DLE_METRICS.flatMap((metric) => c.expected[metric].chunks);
      expect(all.some((e) => e.realized === null)).toBe(true);
      expect(all.some((e) => e.realized !== null)).toBe(true);
      expect(all.some((e) => e.alert)).toBe(true);
    });
  }

  it("refuses a reference without labels and a metric whose loss was not predicted", () => {
    const data = { yTrue: Float64Array.of(NaN, NaN), yPred: Float64Array.of(1, 2), chunks: chunks([[0, 1]]) };
    expect(() => dleChunkMetrics(["mae"], data, data, { absolute: [1, 1] }, DEFAULT_THRESHOLD)).toThrow(
      "dle: no reference row has a label",
    );
    const labelled = { ...data, yTrue: Float64Array.of(1, 2) };
    expect(() => dleChunkMetrics(["rmse"], labelled, labelled, { absolute: [1, 1] }, DEFAULT_THRESHOLD)).toThrow(
      "no predicted squared loss for rmse",
    );
  });
});
