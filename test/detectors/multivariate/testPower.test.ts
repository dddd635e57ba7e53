import { describe, expect, it } from "vitest";
import { seededRng } from "../../../detectors/random/rng.ts";
import { powerAndGradient } from "../../../detectors/multivariate/testPower.ts";

// Ĵ on a small batch with lengthscales exp(logLengthscales); the current rows shifted on the first column.
function power(logLengthscales: number[], gradient: Float64Array): number {
  const n = 7;
  const d = logLengthscales.length;
  const rng = seededRng(21);
  const scales = logLengthscales.map((l) => Math.SQRT2 * Math.exp(l));
  const x = Float64Array.from({ length: n * d }, (_, i) => rng.normal() / scales[i % d]);
  const y = Float64Array.from({ length: n * d }, (_, i) => (rng.normal() + (i % d === 0 ? 1 : 0)) / scales[i % d]);
  return powerAndGradient(x, y, n, d, 1e-5, gradient);
}

describe("powerAndGradient", () => {
  it("has the gradient of central finite differences", () => {
    const at = [0.1, -0.2, 0.3];
    const gradient = new Float64Array(3);
    power(at, gradient);
    const h = 1e-6;
    at.forEach((_, k) => {
      const up = at.map((l, j) => (j === k ? l + h : l));
      const down = at.map((l, j) => (j === k ? l - h : l));
      const numeric = (power(up, new Float64Array(3)) - power(down, new Float64Array(3))) / (2 * h);
      expect(Math.abs(gradient[k] - numeric)).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
    });
  });

  it("is Alibi's JHat formula on two pairs written out by hand", () => {
    // x = [[0], [1]], y = [[1], [2]] with k = exp(−d²) (already scaled): H = [[2−2e⁻¹, 2e⁻¹−1−e⁻⁴], …]
    const e1 = Math.exp(-1);
    const e4 = Math.exp(-4);
    const h = [
      [2 - 2 * e1, 2 * e1 - 1 - e4],
      [2 * e1 - 1 - e4, 2 - 2 * e1],
    ];
    const r = h.map((row) => row[0] + row[1]);
    const s = r[0] + r[1];
    const mmd2 = (s - h[0][0] - h[1][1]) / 2;
    const variance = (4 * (r[0] ** 2 + r[1] ** 2)) / 8 - (4 * s * s) / 16;
    const value = powerAndGradient(Float64Array.of(0, 1), Float64Array.of(1, 2), 2, 1, 1e-5, new Float64Array(1));
    expect(value).toBeCloseTo(mmd2 / Math.sqrt(variance + 1e-5), 12);
  });
});
