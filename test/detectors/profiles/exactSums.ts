/**
 * Exactly rounded references for the profile tests: the sum, mean and sample variance of doubles
 * computed in exact rational arithmetic (BigInt) and rounded once to the nearest double, which is
 * what Python's math.fsum gives for the sum.
 */

const view = new DataView(new ArrayBuffer(8));

/** x · 2^1074 as an exact integer (every finite double is a multiple of 2^−1074). */
function scaled(x: number): bigint {
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const exponent = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (exponent !== 0) mantissa |= 1n << 52n;
  const value = mantissa << BigInt(Math.max(exponent, 1) - 1);
  return high >>> 31 ? -value : value;
}

const bitLength = (x: bigint) => x.toString(2).length;

/** numerator / (denominator · 2^shift), rounded to the nearest double (ties to even). */
export function roundedRatio(numerator: bigint, denominator: bigint, shift = 0): number {
  if (numerator === 0n) return 0;
  const negative = numerator < 0n !== denominator < 0n;
  let [p, q] = [numerator < 0n ? -numerator : numerator, denominator < 0n ? -denominator : denominator];
  // Scale so the quotient has 64 bits: 11 beyond a double's 53, the last one sticky.
  const up = 64 - (bitLength(p) - bitLength(q));
  if (up > 0) p <<= BigInt(up);
  else q <<= BigInt(-up);
  let quotient = p / q;
  if (quotient * q !== p) quotient |= 1n;
  let result = Number(quotient);
  // Undo the scaling in steps a double can hold (results here are far from subnormal).
  for (let exponent = -(up + shift); exponent !== 0;) {
    const step = Math.max(-1000, Math.min(1000, exponent));
    result *= 2 ** step;
    exponent -= step;
  }
  return negative ? -result : result;
}

/** The exactly rounded sum, mean and sample variance (n − 1) of `values`. */
export function exactMoments(values: ArrayLike<number>): { sum: number; mean: number; variance: number } {
  let sum = 0n;
  let squares = 0n;
  for (let i = 0; i < values.length; i++) {
    const x = scaled(values[i]);
    sum += x;
    squares += x * x;
  }
  const n = BigInt(values.length);
  return {
    sum: roundedRatio(sum, 1n, 1074),
    mean: roundedRatio(sum, n, 1074),
    // (n·Σx² − (Σx)²) / (n(n − 1)), all scaled by 2^2148
    variance: roundedRatio(n * squares - sum * sum, n * (n - 1n), 2148),
  };
}
