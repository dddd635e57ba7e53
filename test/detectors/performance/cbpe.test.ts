import * as aq from "arquero";
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
          expect(entry.alert, `${where} alert`).toBe(chunk.estimate[key] < lower || chunk.estimate[key] > upper);
        });
      }
    });
  }
});

describe("cbpe's inputs", () => {
  const [binary, , multiclass] = cases;
  const reference = rows(binary.reference);
  const analysis = rows(binary.analysis);

  it("reads Arquero tables as it reads rows, and predicts from the score when there is no prediction", () => {
    const fromRows = cbpe(reference, analysis, { chunks: { size: 500 }, metrics: ["accuracy", "f1"] });
    const fromTables = cbpe(aq.table(binary.reference), aq.table(binary.analysis), {
      chunks: { size: 500 },
      metrics: ["accuracy", "f1"],
    });
    expect(fromTables).toEqual(fromRows);
    // The fixture's predictions are score ≥ 0.5, so dropping them changes nothing at threshold 0.5 …
    const unpredicted = (table: Record<string, unknown>[]) => table.map(({ prediction: _, ...row }) => row);
    const options = { chunks: { size: 500 }, metrics: ["accuracy" as const] };
    expect(cbpe(unpredicted(reference), unpredicted(analysis), options)).toEqual(cbpe(reference, analysis, options));
    // … and a higher threshold predicts fewer positives: a different estimate.
    const stricter = cbpe(unpredicted(reference), unpredicted(analysis), { ...options, threshold: 0.8 });
    expect(stricter.metrics.accuracy[0].estimate).not.toBeCloseTo(fromRows.metrics.accuracy[0].estimate, 6);
  });

  it("takes labels as 0/1 or booleans, chunks by period over ts, and marks unlabelled chunks estimated", () => {
    const day = 86_400_000;
    const timed = (table: Record<string, unknown>[], start: number) =>
      table.map((row, i) => ({
        ...row,
        ts: start + Math.floor(i / 300) * day,
        label: row.label === null ? null : row.label === 1,
      }));
    const result = cbpe(timed(reference, 0), timed(analysis, 10 * day), {
      chunks: { period: "1d" },
      metrics: ["accuracy"],
    });
    const accuracy = result.metrics.accuracy;
    expect(accuracy.map((e) => e.start?.getTime())).toEqual([10, 11, 12, 13, 14].map((d) => d * day));
    expect(accuracy.map((e) => [e.labelled, e.source])).toEqual([
      [299, "estimated"], // row 20 has no label yet
      [300, "realized"],
      [300, "realized"],
      [200, "estimated"],
      [0, "estimated"],
    ]);
    expect(accuracy[1].value).toBe(accuracy[1].realized);
    expect(accuracy[4].value).toBe(accuracy[4].estimate);
    expect(result.reference.accuracy).toHaveLength(5);
  });

  it("cuts a reference without ts by referenceChunks while the analysis goes by period", () => {
    const day = 86_400_000;
    const timed = analysis.map((row, i) => ({ ...row, ts: 10 * day + Math.floor(i / 300) * day }));
    const result = cbpe(reference, timed, {
      chunks: { period: "1d" },
      referenceChunks: { size: 500 },
      metrics: ["accuracy"],
    });
    expect(result.metrics.accuracy).toHaveLength(5);
    expect(result.reference.accuracy.map((e) => e.rows)).toEqual(
      cbpe(reference, analysis, { chunks: { size: 500 }, metrics: ["accuracy"] }).reference.accuracy.map((e) => e.rows),
    );
    const sameThresholds = cbpe(reference, analysis, { chunks: { size: 500 }, metrics: ["accuracy"] }).metrics
      .accuracy[0];
    expect(result.metrics.accuracy[0].lowerThreshold).toBe(sameThresholds.lowerThreshold);
  });

  it("takes alert thresholds per result key", () => {
    const result = cbpe(reference, analysis, {
      chunks: { size: 500 },
      metrics: ["accuracy", "confusion_matrix"],
      thresholds: { accuracy: { type: "constant", lower: 0.99, upper: null } },
    });
    expect(result.metrics.accuracy.map((e) => [e.lowerThreshold, e.upperThreshold, e.alert])).toEqual([
      [0.99, null, true],
      [0.99, null, true],
      [0.99, null, true],
    ]);
    // Counts have no upper limit; their lower thresholds stop at 0.
    expect(result.metrics.true_positive[0].upperThreshold).toBeGreaterThan(0);
    expect(result.metrics.true_positive[0].lowerThreshold).toBeGreaterThanOrEqual(0);
  });

  it("explains what is wrong with its input", () => {
    expect(() => cbpe([{ prediction: 1, label: 1 }], analysis)).toThrow(
      "cbpe: reference needs a score column (binary: P(label = 1)) or proba_<class> columns (multiclass)",
    );
    expect(() =>
      cbpe(
        reference.map((r, i) => (i === 3 ? { ...r, label: null } : r)),
        analysis,
      ),
    ).toThrow("cbpe: reference row 3 has no label; the reference must be labelled");
    expect(() =>
      cbpe(
        reference,
        analysis.map((r, i) => (i === 7 ? { ...r, score: 1.5 } : r)),
      ),
    ).toThrow("cbpe: analysis: score of row 7 is 1.5, not a probability in [0, 1]");
    expect(() =>
      cbpe(
        reference.map((r, i) => (i === 2 ? { ...r, label: "yes" } : r)),
        analysis,
      ),
    ).toThrow('cbpe: reference: label of row 2 is "yes"; it must be 0, 1, true or false');
    expect(() => cbpe(reference, rows(multiclass.analysis))).toThrow(
      "cbpe: analysis has classes a, b, c (multiclass) but the reference has 0, 1 (binary)",
    );
    expect(() =>
      cbpe(
        rows(multiclass.reference),
        rows(multiclass.analysis).map((r, i) => (i === 5 ? { ...r, prediction: "d" } : r)),
      ),
    ).toThrow('cbpe: analysis: prediction of row 5 is "d"; it must be one of a, b, c');
    expect(() => cbpe(reference, analysis, { metrics: ["auc" as "roc_auc"] })).toThrow('cbpe: unknown metric "auc"');
    expect(() => cbpe(reference, analysis, { chunks: { period: "1d" } })).toThrow(
      'cbpe: reference: chunks {period: "1d"} need a ts column',
    );
    expect(() => cbpe(reference, analysis, { calibration: "platt" as "none" })).toThrow(
      /calibration must be "isotonic" or "none"/,
    );
  });
});
