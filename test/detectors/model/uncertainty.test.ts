import { describe, expect, it } from "vitest";
import { classifierUncertaintyDrift, regressorUncertaintyDrift } from "../../../detectors/model/uncertainty.ts";
import { expectClose, P_VALUE, STATISTIC } from "../close.ts";
import {
  inputs,
  multivariate,
  type MultivariateCase,
  type UncertaintyExpected,
} from "../multivariate/multivariateCases.ts";

function check(
  c: MultivariateCase<UncertaintyExpected>,
  result: ReturnType<typeof regressorUncertaintyDrift>,
  method: string,
): void {
  expect(result.method).toBe(method);
  // Long samples store only their first uncertainties.
  c.expected.uncertainty.reference.forEach((u, i) =>
    expectClose(result.uncertainty.reference[i], u, STATISTIC, `reference uncertainty ${i}`),
  );
  c.expected.uncertainty.current.forEach((u, i) =>
    expectClose(result.uncertainty.current[i], u, STATISTIC, `current uncertainty ${i}`),
  );
  expectClose(result.statistic, c.expected.statistic, STATISTIC, "statistic");
  expectClose(result.pValue!, c.expected.pValue, P_VALUE, "pValue");
  expect(result.drift).toBe(c.expected.drift);
  expect(result.threshold).toBe(0.05);
  expect(result.dropped).toEqual(c.expected.dropped);
}

describe("classifierUncertaintyDrift against scipy (Alibi Detect's classifier_uncertainty + KSDrift / ChiSquareDrift)", () => {
  for (const c of multivariate.classifierUncertaintyDrift) {
    it(c.name, () => {
      const { reference, current } = inputs(c);
      const result = classifierUncertaintyDrift(reference, current, c.options);
      check(c, result, "classifierUncertaintyDrift");
      expect(result.test).toBe(c.options.uncertainty === "margin" ? "chiSquare" : "ks");
    });
  }

  it("throws on probabilities that do not sum to 1, negative ones and bad options", () => {
    const fine = [
      [0.2, 0.8],
      [0.5, 0.5],
    ];
    expect(() =>
      classifierUncertaintyDrift(
        [
          [0.2, 0.7],
          [0.5, 0.5],
        ],
        fine,
      ),
    ).toThrow(/^classifierUncertaintyDrift: reference probabilities do not sum to 1 \(mean \|1 − Σp\| = 0\.0500\)/);
    expect(() => classifierUncertaintyDrift(fine, [[1.2, -0.2]])).toThrow(
      /^classifierUncertaintyDrift: current has negative probabilities/,
    );
    expect(() => classifierUncertaintyDrift([0.2, 0.4], [0.3], { predsType: "logits" })).toThrow(
      /^classifierUncertaintyDrift: plain numbers are read as P\(class 1\)/,
    );
    expect(() => classifierUncertaintyDrift(fine, fine, { uncertainty: "variance" as "entropy" })).toThrow(
      /^classifierUncertaintyDrift: uncertainty must be "entropy" or "margin"/,
    );
    expect(() => classifierUncertaintyDrift(fine, fine, { alpha: 2 })).toThrow(
      /^classifierUncertaintyDrift: alpha must be between 0 and 1/,
    );
    expect(() => classifierUncertaintyDrift([[NaN, 1]], fine)).toThrow(
      /^classifierUncertaintyDrift: reference has no rows with finite numbers/,
    );
  });

  it("reads P(class 1) numbers as binary rows", () => {
    const numbers = classifierUncertaintyDrift([0.1, 0.3, 0.9, 0.6], [0.5, 0.45, 0.2]);
    const rows = classifierUncertaintyDrift(
      [
        [0.9, 0.1],
        [0.7, 0.3],
        [0.1, 0.9],
        [0.4, 0.6],
      ],
      [
        [0.5, 0.5],
        [0.55, 0.45],
        [0.8, 0.2],
      ],
    );
    expect(numbers.statistic).toBe(rows.statistic);
    expect(numbers.pValue).toBe(rows.pValue);
  });
});

describe("regressorUncertaintyDrift against scipy (Alibi Detect's regressor_uncertainty + KSDrift)", () => {
  for (const c of multivariate.regressorUncertaintyDrift) {
    it(c.name, () => {
      const { reference, current } = inputs(c);
      check(c, regressorUncertaintyDrift(reference, current), "regressorUncertaintyDrift");
    });
  }

  it("throws with one prediction per row", () => {
    expect(() => regressorUncertaintyDrift([1, 2, 3], [2, 3])).toThrow(
      /^regressorUncertaintyDrift: needs at least 2 predictions per row/,
    );
  });
});
