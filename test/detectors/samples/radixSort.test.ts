import { describe, expect, it } from "vitest";
import { RADIX_MIN_LENGTH, sortNumbers } from "../../../detectors/samples/radixSort.ts";
import { seededRng } from "../../../detectors/random/rng.ts";

// sortNumbers must give exactly what Float64Array.prototype.sort() gives, bit for bit (-0 before +0),
// on every kind of input and on both sides of the length where it switches to radix sort.
const rng = seededRng(16);
const AROUND_THRESHOLD = [RADIX_MIN_LENGTH - 1, RADIX_MIN_LENGTH, RADIX_MIN_LENGTH + 1, 3 * RADIX_MIN_LENGTH + 7];

/** A double made of two random 32-bit words: every sign, exponent and mantissa, NaN patterns redrawn. */
function randomBits(): number {
  const words = new Uint32Array(2);
  const value = new Float64Array(words.buffer);
  do {
    words[0] = rng.int(2 ** 32);
    words[1] = rng.int(2 ** 32);
  } while (Number.isNaN(value[0]));
  return value[0];
}

/** The index of the first element where sortNumbers differs from the built-in sort (Object.is), or -1. */
function firstDifference(input: Float64Array): number {
  const expected = Float64Array.from(input).sort();
  const actual = Float64Array.from(input);
  expect(sortNumbers(actual)).toBe(actual);
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) return i;
  return -1;
}

const kinds: Record<string, (n: number) => Float64Array> = {
  "random normals": (n) => Float64Array.from({ length: n }, () => rng.normal() * 1000),
  "sum of three uniforms": (n) => Float64Array.from({ length: n }, () => rng.next() + rng.next() + rng.next()),
  sorted: (n) => Float64Array.from({ length: n }, (_, i) => i - n / 2),
  reversed: (n) => Float64Array.from({ length: n }, (_, i) => n / 2 - i),
  "all equal positive": (n) => new Float64Array(n).fill(3.5),
  "all equal negative": (n) => new Float64Array(n).fill(-3.5),
  "all -0": (n) => new Float64Array(n).fill(-0),
  "±0 mixed": (n) => Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? -0 : 0)),
  "all negative": (n) => Float64Array.from({ length: n }, () => -rng.next() * 10),
  subnormals: (n) => Float64Array.from({ length: n }, () => (rng.next() - 0.5) * Number.MIN_VALUE * 2 ** 40),
  "±Infinity among values": (n) =>
    Float64Array.from({ length: n }, () => [Infinity, -Infinity, 0, -0, rng.normal()][rng.int(5)]),
  "huge and tiny magnitudes": (n) =>
    Float64Array.from(
      { length: n },
      () => [Number.MAX_VALUE, -Number.MAX_VALUE, 1e-300, -1e-300, 1e300][rng.int(5)] * rng.next(),
    ),
  "random bit patterns": (n) => Float64Array.from({ length: n }, randomBits),
  "few distinct integers": (n) => Float64Array.from({ length: n }, () => rng.int(7) - 3),
};

describe("sortNumbers", () => {
  for (const [kind, make] of Object.entries(kinds)) {
    it(`sorts ${kind} as the built-in sort does, at lengths 0, 1, 2 and around the radix threshold`, () => {
      for (const n of [0, 1, 2, 100, ...AROUND_THRESHOLD]) expect(firstDifference(make(n)), `n = ${n}`).toBe(-1);
    });
  }

  it("sorts 1e6 random bit patterns and 1e6 normals as the built-in sort does", () => {
    expect(firstDifference(kinds["random bit patterns"](1_000_000))).toBe(-1);
    expect(firstDifference(kinds["random normals"](1_000_000))).toBe(-1);
  });

  it("puts NaN last, as the built-in sort does", () => {
    const input = kinds["random normals"](RADIX_MIN_LENGTH * 2);
    for (let i = 0; i < input.length; i += 97) input[i] = NaN;
    expect(firstDifference(input)).toBe(-1);
  });

  it("sorts a view into a larger buffer in place, leaving the rest of the buffer alone", () => {
    const whole = Float64Array.from({ length: RADIX_MIN_LENGTH * 2 + 10 }, () => rng.normal());
    const before = Float64Array.from(whole);
    const view = whole.subarray(5, whole.length - 5);
    const expected = Float64Array.from(view).sort();
    sortNumbers(view);
    expect(Array.from(view)).toEqual(Array.from(expected));
    expect(Array.from(whole.subarray(0, 5))).toEqual(Array.from(before.subarray(0, 5)));
    expect(Array.from(whole.subarray(whole.length - 5))).toEqual(Array.from(before.subarray(whole.length - 5)));
  });
});
