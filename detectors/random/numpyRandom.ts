/**
 * numpy's legacy global generator as `np.random.seed(seed)` leaves it (MT19937 seeded by
 * init_genrand, numpy/random/_legacy_seeding), with the draws `np.random.choice(n, size,
 * replace=False)` makes: `permutation(n)` = Fisher–Yates from the top, each index drawn by
 * `random_interval` (a 32-bit word masked to the smallest covering bit mask, rejected until ≤ max).
 * Only the tests that must reproduce a seeded numpy run bit for bit use it (Evidently's TVD
 * permutation test); everything else uses the seeded xoshiro generator in rng.ts.
 */
export interface NumpyRandomState {
  /** `np.random.permutation(n)` written into `out` (length ≥ n); returns `out`. */
  permutation(n: number, out: Int32Array): Int32Array;
}

const N = 624;
const M = 397;

/**
 * @param seed an integer in [0, 2^32 − 1], as `np.random.seed` accepts
 * @param fn the calling function, named in the error
 * @throws when the seed is out of range
 */
export function numpyRandomState(seed: number, fn: string): NumpyRandomState {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`${fn}: seed must be an integer between 0 and 2^32 − 1, got ${seed}`);
  }
  const state = new Uint32Array(N);
  state[0] = seed;
  for (let i = 1; i < N; i++) {
    const prev = state[i - 1] ^ (state[i - 1] >>> 30);
    state[i] = (Math.imul(1812433253, prev) + i) >>> 0;
  }
  let position = N;

  const nextUint32 = (): number => {
    if (position >= N) {
      for (let k = 0; k < N; k++) {
        const y = (state[k] & 0x80000000) | (state[(k + 1) % N] & 0x7fffffff);
        state[k] = state[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      position = 0;
    }
    let y = state[position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };

  const interval = (max: number): number => {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  };

  return {
    permutation(n, out) {
      for (let i = 0; i < n; i++) out[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = interval(i);
        const t = out[i];
        out[i] = out[j];
        out[j] = t;
      }
      return out;
    },
  };
}
