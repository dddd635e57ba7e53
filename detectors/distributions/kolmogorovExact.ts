/**
 * Exact CDFs of the two-sided one-sample Kolmogorov statistic Dₙ for moderate n·d, ported from
 * scipy 1.17's scipy/stats/_ksstats.py: Durbin's matrix method in the Marsaglia–Tsang–Wang form
 * (_kolmogn_DMTW) and Pomeranz's recursion (_kolmogn_Pomeranz). Both rescale by 2^±128 and keep
 * the exponent aside, as scipy does.
 */

const E128 = 128;
const P128 = 2 ** 128;
const M128 = 2 ** -128;

/** x·2^e without intermediate overflow or underflow. */
function ldexp(x: number, e: number): number {
  let value = x;
  let rest = e;
  while (rest > 1000) {
    value *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    value *= 2 ** -1000;
    rest += 1000;
  }
  return value * 2 ** rest;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j];
    }
  }
  return out;
}

/** P(Dₙ ≤ d) by Durbin's matrix algorithm, MTW formulation (scipy _kolmogn_DMTW). */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1];
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];

  let power = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let nn = n;
  let exponent = 0;
  let hExponent = 0;
  const diagonal = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2) {
      power = multiply(power, H, m);
      exponent += hExponent;
    }
    H = multiply(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[diagonal]) > P128) {
      for (let i = 0; i < H.length; i++) H[i] /= P128;
      hExponent += E128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = power[diagonal];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      exponent -= E128;
    }
  }
  return clip(exponent !== 0 ? ldexp(p, exponent) : p);
}

/** Interval endpoints of row i of the Pomeranz recursion (scipy _pomeranz_compute_j1j2). */
function pomeranzRow(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(Dₙ ≤ x) by Pomeranz's recursion (scipy _kolmogn_Pomeranz). */
export function kolmogorovCdfPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const powers = (base: number) => {
    const out = new Float64Array(npwrs);
    out[0] = 1;
    for (let m = 1; m < npwrs; m++) out[m] = (out[m - 1] * base) / m;
    return out;
  };
  const gpower = powers(g / n);
  const twogpower = powers((2 * g) / n);
  const onem2gpower = powers((1 - 2 * g) / n);

  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzRow(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzRow(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      const start = k1 - V0s;
      const available = Math.min(ln2, npwrs - start);
      const kernel = Math.min(ln2, npwrs);
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let max = 0;
      for (let out = 0; out < convLen; out++) {
        const c = convStart + out;
        let sum = 0;
        const last = Math.min(c, available - 1);
        for (let a = Math.max(0, c - kernel + 1); a <= last; a++) sum += V0[start + a] * pwrs[c - a];
        V1[out] = sum;
        if (sum > max) max = sum;
      }
      if (max > 0 && max < M128) {
        for (let q = 0; q < npwrs; q++) V1[q] *= P128;
        exponent -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > P128) {
      ans *= M128;
      exponent += E128;
    }
    ans *= m;
  }
  return clip(exponent !== 0 ? ldexp(ans, exponent) : ans);
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}
