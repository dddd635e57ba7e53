/**
 * A seeded pseudo-random generator (xoshiro128**, Blackman & Vigna 2018), so permutation and
 * classifier tests give the same answer for the same seed on every machine.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A standard normal deviate (Box–Muller). */
  normal(): number;
  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T;
}

export function seededRng(seed = 0): Rng {
  // splitmix32 spreads the seed over the four words of state.
  let s = seed >>> 0;
  const split = () => splitmix32((s = nextSplitmixState(s)));
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  const nextUint = () => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = () => nextUint() / 2 ** 32;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    shuffle(array) {
      for (let i = array.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = array[i];
        array[i] = array[j];
        array[j] = tmp;
      }
      return array;
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** splitmix32's state step: the state advances by the golden-ratio constant. */
export function nextSplitmixState(state: number): number {
  return (state + 0x9e3779b9) >>> 0;
}

/** splitmix32's output: a 32-bit word mixed from the state (Steele, Lea & Flood 2014, 32-bit variant). */
export function splitmix32(state: number): number {
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
