/**
 * The finite-n two-sided Kolmogorov distribution (scipy.stats.kstwo), ported from scipy 1.17's
 * scipy/stats/_ksstats.py `_kolmogn`: the Simard–L'Ecuyer (2011) choice between Ruben–Gambino
 * closed forms, Durbin's matrix, Pomeranz's recursion, twice the Smirnov tail and the Pelz–Good
 * asymptotic series, with the same cut-offs.
 */

import { kolmogorovCdfDurbin, kolmogorovCdfPomeranz } from "./kolmogorovExact.ts";
import { smirnovSurvival } from "./smirnov.ts";

const PI_SQUARED = Math.PI ** 2;
const PI_FOUR = Math.PI ** 4;
const PI_SIX = Math.PI ** 6;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_LOG = -708;
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

/** log(n!/nⁿ) by Stirling's series (scipy _log_nfactorial_div_n_pow_n). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const y = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * y + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** The Pelz–Good approximation to P(Dₙ ≤ x) (scipy _kolmogn_PelzGood). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI_SQUARED / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * z2)) / 16;
  const k3d = (PI_SIX * (5 - 30 * z2)) / 64;
  const k3c = (PI_FOUR * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coeffs[i];
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT2PI) / divisors[i];
  q = Math.exp(-PI_SQUARED / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qk = q ** k2;
    const kpi = Math.PI * k;
    k2extra += k2 * qk;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
  }
  K[2] += (k2extra * PI_SQUARED * SQRT2PI) / (-36 * z3);
  K[3] += (k3extra * PI_SQUARED * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i] / n ** (i / 2);
  return sum;
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/**
 * P(Dₙ ≥ x) for the two-sided one-sample Kolmogorov–Smirnov statistic of a sample of size n:
 * scipy.stats.kstwo.sf(x, n), which ks_2samp's asymptotic mode evaluates at n = round(m·n/(m+n)).
 * @param n a positive integer
 * @param x the statistic
 */
export function kolmogorovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSurvival(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - kolmogorovCdfDurbin(n, x));
    if (nxSquared <= 4) return clip(1 - kolmogorovCdfPomeranz(n, x));
    return clip(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSurvival(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}
