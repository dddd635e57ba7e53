/**
 * The modified Bessel function of the second kind of order ¼, K_{1/4}(x), which the limiting
 * Cramér–von Mises distribution needs (scipy calls scipy.special.kv(0.25, ·), AMOS zbesk).
 * Temme's method (N. M. Temme, J. Comput. Phys. 19, 1975): a power series for x < 2 and Steed's
 * continued fraction CF2 for x ≥ 2, both to machine precision.
 */

const NU = 0.25;
const EPS = 1e-16;
/** (1/Γ(1−ν) − 1/Γ(1+ν))/(2ν), (1/Γ(1−ν) + 1/Γ(1+ν))/2, 1/Γ(1+ν), 1/Γ(1−ν) at ν = ¼ (40 digits). */
const GAM1 = -0.5744274244451486;
const GAM2 = 0.9596557952095501;
const GAMPL = 1.1032626513208372;
const GAMMI = 0.8160489390982629;

/** K_{1/4}(x) for x > 0. */
export function besselKQuarter(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  return x < 2 ? temmeSeries(x) : steedFraction(x);
}

function temmeSeries(x: number): number {
  const x2 = 0.5 * x;
  const pimu = Math.PI * NU;
  const fact = pimu / Math.sin(pimu);
  const d = -Math.log(x2);
  const e = NU * d;
  const fact2 = Math.abs(e) < EPS ? 1 : Math.sinh(e) / e;
  let ff = fact * (GAM1 * Math.cosh(e) + GAM2 * fact2 * d);
  let sum = ff;
  const ex = Math.exp(e);
  let p = (0.5 * ex) / GAMPL;
  let q = 0.5 / (ex * GAMMI);
  let c = 1;
  const dd = x2 * x2;
  for (let i = 1; i < 10000; i++) {
    ff = (i * ff + p + q) / (i * i - NU * NU);
    c *= dd / i;
    p /= i - NU;
    q /= i + NU;
    const del = c * ff;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum;
}

function steedFraction(x: number): number {
  let b = 2 * (1 + x);
  let d = 1 / b;
  let delh = d;
  let q1 = 0;
  let q2 = 1;
  const a1 = 0.25 - NU * NU;
  let q = a1;
  let c = a1;
  let a = -a1;
  let s = 1 + q * delh;
  for (let i = 1; i < 10000; i++) {
    a -= 2 * i;
    c = (-a * c) / (i + 1);
    const qnew = (q1 - b * q2) / a;
    q1 = q2;
    q2 = qnew;
    q += c * qnew;
    b += 2;
    d = 1 / (b + a * d);
    delh = (b * d - 1) * delh;
    const dels = q * delh;
    s += dels;
    if (Math.abs(dels / s) < EPS) break;
  }
  return (Math.sqrt(Math.PI / (2 * x)) * Math.exp(-x)) / s;
}
