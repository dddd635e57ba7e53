/**
 * Special functions ported from Cephes as scipy 1.17 ships them (xsf/cephes: ndtr.h, gamma.h,
 * unity.h, polevl.h), kept to the code paths the detectors reach. Constants are Cephes' IEEE ones.
 */

/** 2^-53, Cephes' MACHEP. */
export const MACHEP = 1.11022302462515654042e-16;
/** log(DBL_MAX), Cephes' MAXLOG. */
export const MAXLOG = 7.09782712893383996843e2;
/** log(2^-1075), Cephes' MINLOG. */
export const MINLOG = -7.451332191019412076235e2;

/** Evaluates the polynomial with coefficients `coef` (highest degree first) at x, as Cephes' polevl. */
function polevl(x: number, coef: readonly number[]): number {
  let ans = coef[0];
  for (let i = 1; i < coef.length; i++) ans = ans * x + coef[i];
  return ans;
}

/** As {@link polevl} with an implicit leading coefficient 1, as Cephes' p1evl. */
function p1evl(x: number, coef: readonly number[]): number {
  let ans = x + coef[0];
  for (let i = 1; i < coef.length; i++) ans = ans * x + coef[i];
  return ans;
}

const ERFC_P = [
  2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687, 4.86371970985681366614e1,
  1.96520832956077098242e2, 5.26445194995477358631e2, 9.3452852717195760754e2, 1.02755188689515710272e3,
  5.57535335369399327526e2,
];
const ERFC_Q = [
  1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2, 9.75708501743205489753e2,
  1.82390916687909736289e3, 2.24633760818710981792e3, 1.65666309194161350182e3, 5.57535340817727675546e2,
];
const ERFC_R = [
  5.64189583547755073984e-1, 1.27536670759978104416, 5.01905042251180477414, 6.16021097993053585195,
  7.4097426995044893916, 2.9788666537210024067,
];
const ERFC_S = [
  2.2605286322011727659, 9.39603524938001434673, 1.20489539808096656605e1, 1.70814450747565897222e1,
  9.60896809063285878198, 3.3690764510008151605,
];
const ERF_T = [
  9.60497373987051638749, 9.00260197203842689217e1, 2.23200534594684319226e3, 7.00332514112805075473e3,
  5.55923013010394962768e4,
];
const ERF_U = [
  3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3, 2.26290000613890934246e4,
  4.92673942608635921086e4,
];

/** The error function, Cephes erf. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polevl(z, ERF_T)) / p1evl(z, ERF_U);
}

/** The complementary error function 1 − erf(a), Cephes erfc (relative accuracy in the upper tail). */
export function erfc(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = Math.abs(a);
  if (x < 1) return 1 - erf(a);
  const z = -a * a;
  if (z < -MAXLOG) return a < 0 ? 2 : 0;
  const e = Math.exp(z);
  const y = x < 8 ? (e * polevl(x, ERFC_P)) / p1evl(x, ERFC_Q) : (e * polevl(x, ERFC_R)) / p1evl(x, ERFC_S);
  const result = a < 0 ? 2 - y : y;
  if (result !== 0) return result;
  return a < 0 ? 2 : 0;
}

const LGAM_A = [
  8.116141674705084503e-4, -5.95061904284301438324e-4, 7.93650340457716943945e-4, -2.77777777730099687205e-3,
  8.33333333333331927722e-2,
];
const LGAM_B = [
  -1.378251525691208591e3, -3.88016315134637840924e4, -3.31612992738871184744e5, -1.16237097492762307383e6,
  -1.72173700820839662146e6, -8.53555664245765465627e5,
];
const LGAM_C = [
  -3.51815701436523470549e2, -1.70642106651881159223e4, -2.20528590553854454839e5, -1.13933444367982507207e6,
  -2.53252307177582951285e6, -2.01889141433532773231e6,
];
const LS2PI = 0.91893853320467274178;

/** log Γ(x) for x > 0, Cephes lgam (the reflection branch for negative x is not needed here). */
export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (!Number.isFinite(x)) return x;
  if (x < 13) {
    let z = 1;
    let p = 0;
    let u = x;
    while (u >= 3) {
      p -= 1;
      u = x + p;
      z *= u;
    }
    while (u < 2) {
      z /= u;
      p += 1;
      u = x + p;
    }
    if (u === 2) return Math.log(z);
    p -= 2;
    const w = x + p;
    return Math.log(z) + (w * polevl(w, LGAM_B)) / p1evl(w, LGAM_C);
  }
  const q = (x - 0.5) * Math.log(x) - x + LS2PI;
  if (x >= 1000) {
    if (x > 1e8) return q;
    const p = 1 / (x * x);
    return q + ((7.9365079365079365079365e-4 * p - 2.7777777777777777777778e-3) * p + 0.0833333333333333333333) / x;
  }
  return q + polevl(1 / (x * x), LGAM_A) / x;
}

/**
 * log B(a, b) for a, b > 0. Small arguments use log Γ directly; when the larger argument is big,
 * log Γ(big) − log Γ(big + small) is taken from Stirling's series so the difference keeps its
 * digits (the role of Cephes' lbeta_asymp and TOMS 708's algdiv).
 */
export function logBeta(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  if (big < 15) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const sum = big + small;
  const ratio = -(sum - 0.5) * Math.log1p(small / big) - small * Math.log(big) + small;
  return logGamma(small) + ratio + stirlingCorrection(big) - stirlingCorrection(sum);
}

/** log Γ(x) − [(x − ½) log x − x + ½ log 2π] for x ≥ 15 (Stirling's series, error < 1e-17). */
export function stirlingCorrection(x: number): number {
  const r = 1 / (x * x);
  const series = (((((-691 / 360360) * r + 1 / 1188) * r - 1 / 1680) * r + 1 / 1260) * r - 1 / 360) * r + 1 / 12;
  return series / x;
}

/** log(1 + x) − x, Cephes log1pmx (power series for |x| < ½). */
export function log1pmx(x: number): number {
  if (Math.abs(x) >= 0.5) return Math.log1p(x) - x;
  let xfac = x;
  let res = 0;
  for (let n = 2; n < 500; n++) {
    xfac *= -x;
    const term = xfac / n;
    res += term;
    if (Math.abs(term) < MACHEP * Math.abs(res)) break;
  }
  return res;
}

/** Rounds half to even, as numpy's `np.round`. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
