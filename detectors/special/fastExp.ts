// exp(x) = 2^k · 2^(j/64) · e^r with N = k·64 + j = round(x·64/ln 2) and |r| ≤ ln 2/128, where
// e^r comes from its degree-5 Taylor polynomial (truncation error < 4e-17). ln 2/64 is split
// Cody–Waite style (fdlibm's ln2_hi has 21 trailing zero bits, so N·ln2_hi is exact).
const SCALE = 64 / Math.LN2;
const LN2_HI_64 = 6.9314718036912381649e-1 / 64;
const LN2_LO_64 = 1.90821492927058770002e-10 / 64;
const FRACTION = Float64Array.from({ length: 64 }, (_, j) => 2 ** (j / 64));
const POWER = Float64Array.from({ length: 1023 }, (_, i) => 2 ** -i);

/**
 * e^x for x ≤ 0, about twice as fast as `Math.exp` in V8, which the kernel tests call tens of
 * millions of times. Relative error below 2e-15 for x ≥ −708; returns 0 below −708, where e^x is
 * under 3.4e-308 anyway.
 *
 * @param x a number ≤ 0 (not NaN)
 * @returns e^x
 */
export function expNonPositive(x: number): number {
  if (x < -708) return 0;
  const n = (x * SCALE - 0.5) | 0;
  const r = x - n * LN2_HI_64 - n * LN2_LO_64;
  const r2 = r * r;
  const p = 1 + r + r2 * (0.5 + r * (1 / 6)) + r2 * r2 * (1 / 24 + r * (1 / 120));
  return POWER[-(n >> 6)] * (FRACTION[n & 63] * p);
}
