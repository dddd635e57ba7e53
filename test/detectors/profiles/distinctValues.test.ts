import { describe, expect, it } from "vitest";
import { DISTINCT_VALUES_CAP, DistinctValues } from "../../../detectors/profiles/distinctValues.ts";
import { ByteReader, ByteWriter } from "../../../detectors/sketches/bytes.ts";
import { seededRng } from "../../../detectors/random/rng.ts";

/** The raw truth: counts per value in order of first appearance, and whether every value is whole. */
function rawCounts(values: ArrayLike<number>): { counts: Map<number, number>; wholeNumbers: boolean } {
  const counts = new Map<number, number>();
  for (const value of Array.from(values)) counts.set(value, (counts.get(value) ?? 0) + 1);
  return { counts, wholeNumbers: Array.from(values).every(Number.isInteger) };
}

function counted(values: ArrayLike<number>, bulk: boolean): DistinctValues {
  const distinct = new DistinctValues();
  if (bulk) distinct.addAll(Float64Array.from(values));
  else for (const value of Array.from(values)) distinct.add(value);
  return distinct;
}

function roundTrip(distinct: DistinctValues, count: number): DistinctValues {
  const writer = new ByteWriter(0x54, 1);
  distinct.encode(writer);
  const bytes = writer.finish();
  expect(bytes.length).toBe(2 + distinct.encodedSize);
  const reader = new ByteReader(bytes, "Test.decode", 0x54, 1);
  const decoded = DistinctValues.decode(reader, count);
  reader.end();
  return decoded;
}

const rng = seededRng(7);
/** n draws of 0–5 late payments, rare at the top as the demo's: 4 and 5 a handful of rows each. */
const latePayments = (n: number) =>
  Array.from({ length: n }, () => {
    const u = rng.next();
    return u < 0.6 ? 0 : u < 0.85 ? 1 : u < 0.95 ? 2 : u < 0.99 ? 3 : u < 0.997 ? 4 : 5;
  });

describe("DistinctValues", () => {
  const columns: Record<string, number[]> = {
    "0–5 late payments, 4 and 5 rare": latePayments(20_000),
    "32 whole values, the cap": Array.from({ length: 5000 }, (_, i) => (i * 7) % DISTINCT_VALUES_CAP),
    "halves, -0 and 0": [0.5, -0, 0, 1.5, 0.5, 0, -0, 2, 0.5],
    "one value": Array.from({ length: 1000 }, () => 3),
  };
  for (const [name, values] of Object.entries(columns)) {
    it(`${name}: exact counts and whole-number flag equal the raw ones, from add and from addAll`, () => {
      const raw = rawCounts(values);
      for (const bulk of [false, true]) {
        const distinct = counted(values, bulk);
        expect(distinct.counts, `bulk ${bulk}`).toEqual(raw.counts);
        expect(distinct.wholeNumbers, `bulk ${bulk}`).toBe(raw.wholeNumbers);
        const decoded = roundTrip(distinct, values.length);
        expect([decoded.counts, decoded.wholeNumbers]).toEqual([raw.counts, raw.wholeNumbers]);
      }
    });
  }

  it("drops the counts at the 33rd distinct value, in add and addAll alike, and keeps the whole-number flag exact", () => {
    const values = Array.from({ length: 400 }, (_, i) => i % (DISTINCT_VALUES_CAP + 1));
    for (const bulk of [false, true]) {
      const distinct = counted(values, bulk);
      expect(distinct.counts).toBeNull();
      expect(distinct.wholeNumbers).toBe(true);
      distinct.addAll(Float64Array.from([1, 2, 2.5, 3]));
      expect([distinct.counts, distinct.wholeNumbers]).toEqual([null, false]);
      expect(roundTrip(distinct, 404)).toMatchObject({ counts: null, wholeNumbers: false });
    }
  });

  it("merges to the union's exact counts while it fits under the cap, and drops them past it", () => {
    // Side a: 0–19; side b: 20 values from `from` on, its last one a fraction (so not whole).
    const side = (from: number) => [...Array(20).keys()].map((i) => from + i - (i === 19 ? 0.5 : 0));
    for (const { from, fits } of [
      { from: 12, fits: true }, // sharing 8: 32 together, at the cap
      { from: 13, fits: false }, // sharing 7: 33 together, past it, though each side is far under
    ]) {
      const sides = [side(0).map(Math.ceil), side(from)].map((values) =>
        values.flatMap((value) => [value, value, value]),
      );
      const merged = counted(sides[0], true);
      merged.merge(counted(sides[1], false));
      const raw = rawCounts([...sides[0], ...sides[1]]);
      expect(raw.counts.size > DISTINCT_VALUES_CAP).toBe(!fits);
      expect(merged.counts).toEqual(fits ? raw.counts : null);
      expect(merged.wholeNumbers).toBe(false);
    }
    // A side past the cap makes the merge past it; whole numbers on both sides stay whole.
    const past = counted([...Array(DISTINCT_VALUES_CAP + 1).keys()], true);
    const small = counted([1, 1, 2], true);
    small.merge(past);
    expect([small.counts, small.wholeNumbers]).toEqual([null, true]);
  });

  it("refuses corrupt encodings, naming what is wrong", () => {
    const decode = (build: (writer: ByteWriter) => void, count: number) => () => {
      const writer = new ByteWriter(0x54, 1);
      build(writer);
      DistinctValues.decode(new ByteReader(writer.finish(), "Test.decode", 0x54, 1), count);
    };
    const entries = (flags: number, values: number[], counts: number[]) => (writer: ByteWriter) => {
      writer.uint8(flags);
      writer.uint8(values.length);
      writer.float64s(Float64Array.from(values));
      writer.float64s(Float64Array.from(counts));
    };
    expect(decode(entries(1, [1, 2], [3, 4]), 7)).not.toThrow();
    expect(decode(entries(1, [1, 2], [3, 4]), 8)).toThrow("Test.decode: distinct values count 7 values, count is 8");
    expect(decode(entries(1, [1, 1], [3, 4]), 7)).toThrow("Test.decode: corrupt distinct value 1 (count 4)");
    expect(decode(entries(1, [1, 2.5], [3, 4]), 7)).toThrow("Test.decode: corrupt distinct value 2.5 (count 4)");
    expect(decode(entries(0, [1, 2], [3, 0.5]), 3.5)).toThrow("corrupt distinct value 2 (count 0.5)");
    expect(decode(entries(4, [], []), 0)).toThrow("Test.decode: corrupt distinct values (flags 4, 0 values)");
  });
});
