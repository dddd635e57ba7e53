import { describe, expect, it } from "vitest";
import { realizedPerformance } from "../../../detectors/concept/realizedPerformance.ts";
import { weightedMetric } from "../../../detectors/concept/realizedMetrics.ts";
import { zTest } from "../../../detectors/categorical/zTest.ts";
import { classificationMetrics } from "../../../detectors/metrics/classification.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { loggedRows } from "./conceptCases.ts";

const DAY = 86_400_000;
const START = Date.parse("2026-03-01T00:00:00Z");

/** Ten days of 400 rows each; P(y|x) changes at the start of day 6 (row 2000). */
function tenDays(seed: number) {
  const rng = seededRng(seed);
  const reference = loggedRows(3000, Infinity, rng);
  const current = loggedRows(4000, 2000, rng).map((row, i) => ({ ...row, ts: START + Math.floor(i / 400) * DAY + i }));
  return { reference, current };
}

describe("realizedPerformance", () => {
  it("tests each day's accuracy with the two-proportion z-test and alerts on the days after the change", () => {
    const { reference, current } = tenDays(7);
    const result = realizedPerformance(reference, current, { chunks: { period: "1d" } });
    expect(result.test).toBe("zTest");
    expect(result.chunks.map((c) => c.alert)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
    ]);
    const hits = (rows: typeof current): number[] => rows.map((r) => (r.prediction === r.label ? 1 : 0));
    const day = current.slice(2400, 2800);
    const entry = result.chunks[6];
    expect(entry.realized).toBeCloseTo(hits(day).reduce((s, h) => s + h, 0) / 400, 15);
    expect(entry.pValue).toBe(zTest(hits(reference), hits(day), { positive: 1 }).pValue);
    expect(entry).toMatchObject({
      source: "realized",
      rows: 400,
      labelled: 400,
      level: 0.05,
      start: new Date(START + 6 * DAY),
    });
    expect(result.reference).toBeCloseTo(hits(reference).reduce((s, h) => s + h, 0) / 3000, 15);
  });

  it("skips the days whose labels are not all in, saying why", () => {
    const { reference, current } = tenDays(7);
    const late = current.map((row, i) => (i >= 3600 || i === 3300 ? { ...row, label: null } : row));
    const result = realizedPerformance(reference, late, { chunks: { period: "1d" } });
    expect(result.chunks.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const day = (index: number, labelled: number) => ({
      index,
      start: new Date(START + index * DAY),
      end: new Date(START + (index + 1) * DAY - 1),
      rows: 400,
      labelled,
      reason: "not every row is labelled yet",
    });
    expect(result.skipped).toEqual([day(8, 399), day(9, 0)]);
  });

  it("judges chunks at LORD++'s levels, and a new day leaves past verdicts as they were", () => {
    const { reference, current } = tenDays(3);
    const all = realizedPerformance(reference, current, { chunks: { period: "1d" }, correction: "lord" });
    const first = realizedPerformance(reference, current.slice(0, 2800), {
      chunks: { period: "1d" },
      correction: "lord",
    });
    expect(first.chunks.map((c) => [c.level, c.alert])).toEqual(all.chunks.slice(0, 7).map((c) => [c.level, c.alert]));
    expect(all.chunks[0].level).toBeCloseTo(0.07720838 * Math.log(2) * 0.025, 15);
    expect(all.chunks.slice(5).every((c) => c.alert)).toBe(true);
    expect(all.chunks.slice(0, 5).some((c) => c.alert)).toBe(false);
  });

  it("tests ROC AUC with a bootstrap interval: a chunk whose scores lost their ranking alerts, a like one does not", () => {
    const rng = seededRng(11);
    const scored = (n: number, informative: boolean) =>
      Array.from({ length: n }, () => {
        const label = rng.next() < 0.4 ? 1 : 0;
        const score = informative ? 1 / (1 + Math.exp(-(2 * label - 1 + rng.normal()))) : rng.next();
        return { label, score, prediction: score > 0.5 ? 1 : 0 };
      });
    const reference = scored(1500, true);
    const current = [...scored(300, true), ...scored(300, false)];
    const result = realizedPerformance(reference, current, {
      metric: "roc_auc",
      chunks: { size: 300 },
      bootstraps: 500,
    });
    expect(result.test).toBe("bootstrap");
    expect(result.chunks.map((c) => c.alert)).toEqual([false, true]);
    expect(result.chunks[0].pValue).toBeGreaterThan(0.05);
    expect(result.chunks[1].pValue).toBeLessThan(0.01);
    const rocAuc = classificationMetrics(
      reference.map((r) => r.label),
      reference.map((r) => r.prediction),
      { scores: reference.map((r) => r.score) },
    ).rocAuc!;
    expect(result.reference).toBeCloseTo(rocAuc, 12);
  });

  it("tests regression errors (MAE) with a bootstrap interval", () => {
    const rng = seededRng(5);
    const rows = (n: number, sd: number) =>
      Array.from({ length: n }, () => {
        const label = rng.normal() * 3;
        return { label, prediction: label + sd * rng.normal() };
      });
    const result = realizedPerformance(rows(1000, 1), [...rows(250, 1), ...rows(250, 1.5)], {
      metric: "mae",
      chunks: { count: 2 },
      bootstraps: 400,
    });
    expect(result.chunks.map((c) => c.alert)).toEqual([false, true]);
    expect(result.chunks[1].lower).toBeGreaterThanOrEqual(0);
  });

  it("weights rows as multiplicities: ROC AUC with weight 2 on a row equals the row repeated", () => {
    const sample = {
      predictions: [0, 1, 1, 0],
      labels: [0, 1, 0, 1],
      scores: [0.1, 0.8, 0.8, 0.3],
      rows: [0, 1, 2, 3],
    };
    const weighted = weightedMetric("roc_auc", sample, 1, "test").value(Float64Array.from([1, 2, 1, 1]));
    const repeated = classificationMetrics([0, 1, 1, 0, 1], [0, 1, 1, 1, 0], {
      scores: [0.1, 0.8, 0.8, 0.8, 0.3],
    }).rocAuc;
    expect(weighted).toBeCloseTo(repeated!, 15);
  });

  it("names a bad option", () => {
    expect(() =>
      realizedPerformance([{ prediction: 1, label: 1 }], [{ prediction: 1, label: 1 }], { metric: "auc" as never }),
    ).toThrow(
      "concept.realizedPerformance: metric must be one of accuracy, precision, recall, specificity, f1, roc_auc, mae, mse, rmse, got auc",
    );
    expect(() => realizedPerformance([{ prediction: 1, label: null }], [{ prediction: 1, label: 1 }])).toThrow(
      "concept.realizedPerformance: reference has no labelled rows",
    );
  });
});
