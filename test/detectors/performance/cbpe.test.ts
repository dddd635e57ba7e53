import { describe, expect, it } from "vitest";
import { cbpe } from "../../../detectors/performance/cbpe.ts";
import type { ChunkOptions } from "../../../detectors/chunks/chunks.ts";
import { expectClose } from "../close.ts";
import { readFixture } from "../fixtureData.ts";

/** Deterministic parts (scikit-learn restatement of NannyML 0.13.1, cbpe.py) within 1e-6. */
const TOLERANCE = { rel: 1e-6, abs: 1e-9 };

type Columns = Record<string, unknown[]>;
interface CbpeCase {
  name: string;
  chunks_option: ChunkOptions;
  reference: Columns;
  analysis: Columns;
  expected: {
    calibrated?: boolean;
    calibrated_classes?: string[];
    thresholds: Record<string, [number, number]>;
    chunks: {
      estimate: Record<string, number>;
      samplingError: Record<string, number>;
      realized: Record<string, number>;
    }[];
  };
}
const { cases } = readFixture<{ cases: CbpeCase[] }>("cbpe");

/** Columns to rows, as a workbook's SQL result would give them. */
function rows(columns: Columns): Record<string, unknown>[] {
  const names = Object.keys(columns);
  return columns[names[0]].map((_, i) => Object.fromEntries(names.map((name) => [name, columns[name][i]])));
}

describe("cbpe matches NannyML 0.13's CBPE (scikit-learn restatement, cbpe.py)", () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = cbpe(rows(c.reference), rows(c.analysis), { chunks: c.chunks_option });
      const e = c.expected;
      if (e.calibrated !== undefined) expect(result.calibrated).toBe(e.calibrated);
      if (e.calibrated_classes) expect(result.calibratedClasses).toEqual(e.calibrated_classes);
      expect(Object.keys(result.metrics).sort()).toEqual(Object.keys(e.thresholds).sort());
      for (const [key, [lower, upper]] of Object.entries(e.thresholds)) {
        const entries = result.metrics[key];
        expect(entries.length, key).toBe(e.chunks.length);
        expectClose(entries[0].lowerThreshold!, lower, TOLERANCE, `${key} lower threshold`);
        if (key.startsWith("true_") || key.startsWith("false_")) expect(entries[0].upperThreshold).not.toBeNull();
        expectClose(entries[0].upperThreshold!, upper, TOLERANCE, `${key} upper threshold`);
        e.chunks.forEach((chunk, k) => {
          const entry = entries[k];
          const where = `${key}, chunk ${k}`;
          expectClose(entry.estimate, chunk.estimate[key], TOLERANCE, `${where} estimate`);
          expectClose(entry.samplingError, chunk.samplingError[key], TOLERANCE, `${where} sampling error`);
          const fullyLabelled = entry.labelled === entry.rows;
          if (fullyLabelled) expectClose(entry.realized!, chunk.realized[key], TOLERANCE, `${where} realized`);
          else expect(entry.realized, where).toBeUndefined();
          expect(entry.source).toBe(fullyLabelled ? "realized" : "estimated");
        });
      }
    });
  }
});
