/**
 * Regularized incomplete gamma functions, ported from Cephes igam.h as scipy 1.17 ships it
 * (xsf/cephes), with Boost's Lanczos prefactor for a ≈ x. One deviation: where scipy switches to
 * Temme's uniform asymptotic expansion (20 < a < 200 with |x − a| < 0.3a, or a > 200 with
 * |x − a| < 4.5√a) this port keeps the power series / continued fraction and lets them run as
 * long as they need to converge; both are accurate there (the value is then > 1e-6, far from
 * any tail), agreeing with scipy to ~1e-12 relative, without carrying Temme's 25×25 table.
 */

import { MACHEP, MAXLOG, log1pmx, logGamma } from "./cephes.ts";

const BIG = 4.503599627370496e15;
const BIG_INV = 2.22044604925031308085e-16;
const LANCZOS_G = 6.024680040776729583740234375;
const LANCZOS_NUM = [
  0.006061842346248906525783753964555936883222, 0.5098416655656676188125178644804694509993,
  19.51992788247617482847860966235652136208, 449.9445569063168119446858607650988409623,
  6955.999602515376140356310115515198987526, 75999.29304014542649875303443598909137092,
  601859.6171681098786670226533699352302507, 3481712.15498064590882071018964774556468,
  14605578.08768506808414169982791359218571, 43338889.32467613834773723740590533316085,
  86363131.28813859145546927288977868422342, 103794043.1163445451906271053616070238554,
  56906521.91347156388090791033559122686859,
];
const LANCZOS_DENOM = [
  1, 66, 1925, 32670, 357423, 2637558, 13339535, 45995730, 105258076, 150917976, 120543840, 39916800, 0,
];

/** Cephes ratevl: a rational function of x, evaluated in 1/x when |x| > 1 to avoid overflow. */
function ratevl(x: number, num: readonly number[], denom: readonly number[]): number {
  const inverse = Math.abs(x) > 1;
  const y = inverse ? 1 / x : x;
  const evaluate = (coef: readonly number[]) => {
    const last = coef.length - 1;
    let ans = coef[inverse ? last : 0];
    for (let i = 1; i <= last; i++) ans = ans * y + coef[inverse ? last - i : i];
    return ans;
  };
  const ratio = evaluate(num) / evaluate(denom);
  return inverse ? x ** (denom.length - num.length) * ratio : ratio;
}

/** x^a e^-x / Γ(a) (Cephes igam_fac). */
function igamFactor(a: number, x: number): number {
  if (Math.abs(a - x) > 0.4 * Math.abs(a)) {
    const ax = a * Math.log(x) - x - logGamma(a);
    return ax < -MAXLOG ? 0 : Math.exp(ax);
  }
  const fac = a + LANCZOS_G - 0.5;
  const res = Math.sqrt(fac / Math.E) / ratevl(a, LANCZOS_NUM, LANCZOS_DENOM);
  if (a < 200 && x < 200) return res * Math.exp(a - x) * (x / fac) ** a;
  const num = x - a - LANCZOS_G + 0.5;
  return res * Math.exp(a * log1pmx(num / fac) + (x * (0.5 - LANCZOS_G)) / fac);
}

/** Iteration cap: scipy's 2000, raised where Temme's expansion would have taken over. */
function maxIterations(a: number): number {
  return 2000 + Math.ceil(100 * Math.sqrt(a));
}

/** Q(a, x) by continued fraction (DLMF 8.9.2). */
function igamcContinuedFraction(a: number, x: number): number {
  const ax = igamFactor(a, x);
  if (ax === 0) return 0;
  let y = 1 - a;
  let z = x + y + 1;
  let c = 0;
  let pkm2 = 1;
  let qkm2 = x;
  let pkm1 = x + 1;
  let qkm1 = z * x;
  let ans = pkm1 / qkm1;
  const limit = maxIterations(a);
  for (let i = 0; i < limit; i++) {
    c += 1;
    y += 1;
    z += 2;
    const yc = y * c;
    const pk = pkm1 * z - pkm2 * yc;
    const qk = qkm1 * z - qkm2 * yc;
    let t = 1;
    if (qk !== 0) {
      const r = pk / qk;
      t = Math.abs((ans - r) / r);
      ans = r;
    }
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (Math.abs(pk) > BIG) {
      pkm2 *= BIG_INV;
      pkm1 *= BIG_INV;
      qkm2 *= BIG_INV;
      qkm1 *= BIG_INV;
    }
    if (t <= MACHEP) break;
  }
  return ans * ax;
}

/** P(a, x) by power series (DLMF 8.11.4). */
function igamSeries(a: number, x: number): number {
  const ax = igamFactor(a, x);
  if (ax === 0) return 0;
  let r = a;
  let c = 1;
  let ans = 1;
  const limit = maxIterations(a);
  for (let i = 0; i < limit; i++) {
    r += 1;
    c *= x / r;
    ans += c;
    if (c <= MACHEP * ans) break;
  }
  return (ans * ax) / a;
}

/** Q(a, x) for small x by DLMF 8.7.3, avoiding the cancellation of 1 − P. */
function igamcSeries(a: number, x: number): number {
  let fac = 1;
  let sum = 0;
  for (let n = 1; n < 2000; n++) {
    fac *= -x / n;
    const term = fac / (a + n);
    sum += term;
    if (Math.abs(term) <= MACHEP * Math.abs(sum)) break;
  }
  const logx = Math.log(x);
  return -Math.expm1(a * logx - logGamma(1 + a)) - Math.exp(a * logx - logGamma(a)) * sum;
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a), Cephes igamc
 * (scipy.special.gammaincc). NaN for negative arguments.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || x < 0 || a < 0) return NaN;
  if (a === 0) return x > 0 ? 0 : NaN;
  if (x === 0) return 1;
  if (!Number.isFinite(a)) return Number.isFinite(x) ? 1 : NaN;
  if (!Number.isFinite(x)) return 0;
  if (x > 1.1) return x < a ? 1 - igamSeries(a, x) : igamcContinuedFraction(a, x);
  if (x <= 0.5) return -0.4 / Math.log(x) < a ? 1 - igamSeries(a, x) : igamcSeries(a, x);
  return x * 1.1 < a ? 1 - igamSeries(a, x) : igamcSeries(a, x);
}
