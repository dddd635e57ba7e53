import { describe, expect, it } from "vitest";
import { probabilityTest } from "../../../detectors/multivariate/probabilityTest.ts";
import { expectClose, P_VALUE, STATISTIC } from "../close.ts";

describe("the test on held-out probabilities (Alibi Detect's test_probs)", () => {
  it('matches scipy 1.17 scipy.stats.ks_2samp(alternative="greater"): D 0.8, p 0.023809523809523808', () => {
    const reference = Float64Array.from([0.2, 0.35, 0.4, 0.45, 0.5, 0.3]);
    const current = Float64Array.from([0.55, 0.6, 0.4, 0.7, 0.65]);
    const result = probabilityTest("classifierDrift", { reference, current }, 0.05, { reference: 0, current: 0 });
    expectClose(result.statistic, 0.8, STATISTIC);
    expectClose(result.pValue!, 0.023809523809523808, P_VALUE);
    expect(result.drift).toBe(true);
    expectClose(result.auc, 27.5 / 30, STATISTIC);
  });
});
