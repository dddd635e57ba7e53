import { describe, expect, it } from "vitest";
import { dle } from "../../../detectors/index.ts";
import { seededRng, type Rng } from "../../../detectors/random/rng.ts";

const DAY = 86_400_000;
const CATEGORIES = ["a", "b", "c"];

/**
 * A regression model that knows the mean, y = 2·x1 + 3·x2 (+1 for segment b), whose error grows
 * with |x1| and is largest in segment c: the loss depends on the inputs only, so a covariate shift
 * moves it and the loss model can follow.
 */
function rows(rng: Rng, n: number, shift: number, t0: number, { days = 1, labelled = true } = {}) {
  return Array.from({ length: n }, (_, i) => {
    const x1 = rng.normal() + shift;
    const x2 = rng.next();
    const segment = CATEGORIES[rng.next() < 0.2 + 0.4 * Math.min(1, shift) ? 2 : rng.int(2)];
    const prediction = 2 * x1 + 3 * x2 + (segment === "b" ? 1 : 0);
    const label = prediction + rng.normal() * (0.3 + 0.8 * Math.abs(x1) + (segment === "c" ? 1 : 0));
    return { ts: t0 + (i * days * DAY) / n, x1, x2, segment, prediction, label: labelled ? label : null };
  });
}

describe("dle", () => {
  it("tracks the realized error within the sampling band under covariate shift", () => {
    const rng = seededRng(22);
    const reference = rows(rng, 6000, 0, 0, { days: 10 });
    const days = 20;
    const analysis = Array.from({ length: days }, (_, d) =>
      rows(rng, 600, (1.5 * d) / (days - 1), (30 + d) * DAY),
    ).flat();
    const metrics = ["mae", "rmse", "mse", "mape"] as const;
    const result = dle(reference, analysis, { metrics: [...metrics], chunks: { period: "1d" } });
    const shares: Record<string, number> = {};
    for (const metric of metrics) {
      const entries = result.metrics[metric]!;
      expect(entries.length).toBe(days);
      const within = entries.filter((e) => e.realized! >= e.lower && e.realized! <= e.upper).length;
      shares[metric] = within / days;
      console.log(`${metric}: realized within the band in ${within}/${days} chunks`);
      if (metric === "mape") continue; // the error grows with the target here, so MAPE barely moves
      // Without the loss model, the unshifted chunk's error would miss the band once the shift sets in.
      const unshifted = entries[0].realized!;
      const missed = entries.filter((e) => unshifted < e.lower || unshifted > e.upper).length;
      console.log(`${metric}: the unshifted level within the band in ${days - missed}/${days} chunks`);
      expect(missed).toBeGreaterThanOrEqual(days / 2);
      expect(entries.at(-1)!.alert).toBe(true);
      expect(entries[0].alert).toBe(false);
    }
    // MAE and RMSE as the issue asks of CBPE's accuracy; MSE and MAPE, whose losses are heavier-tailed,
    // land within the band in 75–100% of chunks over seeds 1–6.
    expect(shares.mae).toBeGreaterThanOrEqual(0.9);
    expect(shares.rmse).toBeGreaterThanOrEqual(0.9);
    expect(shares.mse).toBeGreaterThanOrEqual(0.75);
    expect(shares.mape).toBeGreaterThanOrEqual(0.75);
    expect(result.features).toEqual(["x1", "x2", "segment"]);
    expect(result.metrics.msle).toBeUndefined();
  });

  it("cuts a reference without ts by referenceChunks while the analysis goes by period", () => {
    const rng = seededRng(5);
    const reference = rows(rng, 2000, 0, 0, { days: 4 }).map(({ ts: _, ...row }) => row);
    const analysis = rows(rng, 1200, 0, 30 * DAY, { days: 2 });
    const result = dle(reference, analysis, {
      metrics: ["mae"],
      chunks: { period: "1d" },
      referenceChunks: { size: 500 },
    });
    expect(result.metrics.mae!.length).toBe(2);
    expect(result.reference.mae!.map((entry) => entry.rows)).toEqual([500, 500, 500, 500]);
    expect(() => dle(reference, analysis, { metrics: ["mae"], chunks: { period: "1d" } })).toThrow(/need a ts column/);
  });

  it("estimates where labels are missing and reports realized values where every row is labelled", () => {
    const rng = seededRng(5);
    const reference = rows(rng, 2000, 0, 0);
    const analysis = [...rows(rng, 400, 0.5, 10 * DAY), ...rows(rng, 400, 0.5, 11 * DAY, { labelled: false })];
    analysis[100].label = null;
    const { metrics } = dle(reference, analysis, { metrics: ["mse"], chunks: { size: 200 } });
    expect(metrics.mse!.map((e) => e.source)).toEqual(["estimated", "realized", "estimated", "estimated"]);
    expect(metrics.mse!.map((e) => e.labelled)).toEqual([199, 200, 0, 0]);
    expect(metrics.mse![2].start).toEqual(new Date(11 * DAY));
  });

  it("estimates all six metrics in ten chunks by default, over the reference too, with thresholds per metric", () => {
    const rng = seededRng(9);
    const positive = (data: ReturnType<typeof rows>) =>
      data.map((row) => ({ ...row, prediction: Math.exp(row.prediction / 4), label: Math.exp(row.label! / 4) }));
    const { metrics, reference } = dle(positive(rows(rng, 1000, 0, 0)), positive(rows(rng, 500, 1, DAY)), {
      thresholds: { mae: { type: "constant", lower: null, upper: 0 } },
    });
    expect(metrics.mae!.every((e) => e.alert && e.upperThreshold === 0 && e.lowerThreshold === null)).toBe(true);
    expect(reference.rmse!.length).toBe(10);
    expect(
      reference.rmse!.every((e) => e.source === "realized" && e.upperThreshold === metrics.rmse![0].upperThreshold),
    ).toBe(true);
    expect(Object.keys(metrics)).toEqual(["mae", "mape", "mse", "msle", "rmse", "rmsle"]);
    for (const entries of Object.values(metrics)) {
      expect(entries.length).toBe(10);
      for (const e of entries) expect(e.estimate > 0 && e.lower <= e.estimate && e.estimate <= e.upper).toBe(true);
    }
    metrics.rmsle!.forEach((e, k) => expect(e.realized).toBeCloseTo(Math.sqrt(metrics.msle![k].realized!), 12));
  });

  it("names the option, column or row at fault", () => {
    const rng = seededRng(1);
    const reference = rows(rng, 100, 0, 0);
    const analysis = rows(rng, 50, 0, DAY);
    expect(() => dle(reference, analysis, { metrics: ["r2" as "mae"] })).toThrow('dle: unknown metric "r2"');
    expect(() => dle(reference, analysis, { features: ["x1", "x9"] })).toThrow(
      'the reference has no feature column "x9"',
    );
    expect(() => dle(reference, analysis, { features: ["label"] })).toThrow('"label" cannot be a feature');
    const noPrediction = analysis.map((row, i) => (i === 7 ? { ...row, prediction: null } : row));
    expect(() => dle(reference, noPrediction)).toThrow("dle: analysis row 7 has prediction null");
    const textLabel = reference.map((row, i) => (i === 3 ? { ...row, label: "high" } : row));
    expect(() => dle(textLabel, analysis)).toThrow('dle: reference row 3 has label "high", not a finite number');
    expect(() => dle(reference, analysis, { metrics: ["msle"] })).toThrow(
      /msle needs values ≥ 0, but reference row \d+ has/,
    );
    const unlabelled = reference.map((row) => ({ ...row, label: null }));
    expect(() => dle(unlabelled, analysis, { metrics: ["mae"] })).toThrow("dle: no reference row has a label");
    const textFeature = analysis.map((row, i) => (i === 2 ? { ...row, x1: "big" } : row));
    expect(() => dle(reference, textFeature, { metrics: ["mae"] })).toThrow(
      'dle: analysis row 2, x1 is "big", but the reference column is numeric',
    );
  });
});
