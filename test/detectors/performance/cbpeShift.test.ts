/*
 * CBPE's promise on a synthetic model (issue 22): with calibrated scores and a covariate shift —
 * P(x) moves, P(label | x) stays — the estimated accuracy of each chunk is within its sampling band
 * (± 3 standard errors) of the realized accuracy in at least 90% of chunks. The control: the same
 * shift with the relation flipped halfway (concept drift, which CBPE assumes away) breaks it.
 */
import { describe, expect, it } from "vitest";
import { cbpe } from "../../../detectors/performance/cbpe.ts";
import { seededRng, type Rng } from "../../../detectors/random/rng.ts";

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Rows of a calibrated model: score = P(label = 1 | x) = σ(1.5 x − 0.3), x ~ N(mean, 1). */
function day(rng: Rng, dayIndex: number, rows: number, mean: number, flipped: boolean) {
  return Array.from({ length: rows }, (_, i) => {
    const x = mean + rng.normal();
    const score = sigmoid(1.5 * x - 0.3);
    const truth = flipped ? 1 - score : score;
    return {
      ts: START + dayIndex * DAY + Math.floor((i / rows) * DAY),
      score,
      prediction: score >= 0.5 ? 1 : 0,
      label: rng.next() < truth ? 1 : 0,
    };
  });
}

function run(flipAfter: number) {
  const rng = seededRng(22);
  const reference = Array.from({ length: 10 }, (_, d) => day(rng, d - 40, 500, 0, false)).flat();
  // 30 days drifting from mean 0 to mean 1.5: the model grows more confident, its accuracy rises.
  const analysis = Array.from({ length: 30 }, (_, d) => day(rng, d, 800, (1.5 * d) / 29, d >= flipAfter)).flat();
  const result = cbpe(reference, analysis, { chunks: { period: "1d" }, metrics: ["accuracy", "roc_auc"] });
  const within = (key: string) => {
    const entries = result.metrics[key];
    return entries.filter((e) => e.realized! >= e.lower && e.realized! <= e.upper).length / entries.length;
  };
  return { result, accuracyShare: within("accuracy"), rocAucShare: within("roc_auc") };
}

describe("cbpe on a calibrated model under covariate shift", () => {
  it("keeps the realized accuracy within the estimate's band in at least 90% of daily chunks", () => {
    const { result, accuracyShare, rocAucShare } = run(Infinity);
    const accuracy = result.metrics.accuracy;
    console.log(
      `cbpe covariate shift: realized accuracy within the band in ${(accuracyShare * 100).toFixed(1)}% of ${accuracy.length} chunks` +
        ` (ROC AUC ${(rocAucShare * 100).toFixed(1)}%); calibrated: ${result.calibrated}`,
    );
    expect(accuracy).toHaveLength(30);
    expect(accuracy.every((e) => e.source === "realized" && e.rows === 800)).toBe(true);
    // The shift moves accuracy well beyond a band's width, so tracking it is not trivial.
    expect(accuracy[29].realized! - accuracy[0].realized!).toBeGreaterThan(0.08);
    expect(accuracy[29].estimate - accuracy[0].estimate).toBeGreaterThan(0.08);
    expect(accuracyShare).toBeGreaterThanOrEqual(0.9);
  });

  it("loses the realized accuracy when the relation flips (concept drift), so the check can fail", () => {
    const { accuracyShare } = run(15);
    console.log(`cbpe concept drift control: within the band in ${(accuracyShare * 100).toFixed(1)}% of chunks`);
    expect(accuracyShare).toBeLessThan(0.6);
  });
});
