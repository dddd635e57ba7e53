import { describe, expect, it } from "vitest";
import { cholesky } from "../../../detectors/linalg/cholesky.ts";
import { logDeterminant } from "../../../detectors/linalg/covariance.ts";
import type { Matrix } from "../../../detectors/linalg/matrix.ts";
import { minCovDet, reweight } from "../../../detectors/linalg/minCovDet.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { expectClose } from "../close.ts";
import { type OutlierCase, outliersFixture } from "../outliers/outlierCases.ts";

/** The case's complete reference rows as a matrix, as the detectors fit them. */
function referenceMatrix(c: OutlierCase): Matrix {
  const rows = c.reference.filter((row) => row.every((v) => v !== null)) as number[][];
  return { data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0].length };
}

describe("minCovDet (scikit-learn's MinCovDet)", () => {
  for (const c of outliersFixture.cases) {
    const expected = c.mahalanobis;
    it(`reweights scikit-learn's raw estimate exactly as it does: ${c.name}`, () => {
      const x = referenceMatrix(c);
      const result = reweight(
        x,
        Float64Array.from(expected.rawLocation),
        Float64Array.from(expected.rawCovariance.flat()),
        expected.rawSupport,
        "test",
      );
      expect(result.support).toBe(expected.support);
      result.location.forEach((v, k) => expectClose(v, expected.location[k], { rel: 1e-12, abs: 1e-14 }));
      result.covariance.forEach((v, i) =>
        expectClose(v, expected.covariance[Math.floor(i / x.cols)][i % x.cols], { rel: 1e-12, abs: 1e-14 }),
      );
    });

    it(`finds h rows whose covariance determinant is within 0.1% of scikit-learn's, or below: ${c.name}`, () => {
      const x = referenceMatrix(c);
      const result = minCovDet(x, undefined, seededRng(0), "test");
      const ours = logDeterminant(cholesky(result.rawCovariance, x.cols)!, x.cols);
      console.log(
        `${c.name}: raw log det ours ${ours.toFixed(6)}, scikit-learn ${expected.rawLogDeterminant.toFixed(6)}; support ours ${result.support}, scikit-learn ${expected.support}`,
      );
      expect(result.rawSupport).toBe(expected.rawSupport);
      expect(ours).toBeLessThanOrEqual(expected.rawLogDeterminant + 1e-3);
    });
  }

  it("is exact with one feature (the shortest half, no random starts)", () => {
    const c = outliersFixture.cases.find((k) => k.reference[0].length === 1)!;
    const result = minCovDet(referenceMatrix(c), undefined, seededRng(5), "test");
    expectClose(result.rawLocation[0], c.mahalanobis.rawLocation[0], { rel: 1e-13, abs: 1e-15 });
    expectClose(result.location[0], c.mahalanobis.location[0], { rel: 1e-12, abs: 1e-14 });
    expect(result.support).toBe(c.mahalanobis.support);
  });
});
