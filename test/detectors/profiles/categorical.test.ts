import { describe, expect, it } from "vitest";
import { CategoricalProfile } from "../../../detectors/index.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { randomCuts, zipfStream } from "../sketches/streams.ts";

const N = 100_000;
const rng = seededRng(21);

function profileOf(items: string[], from = 0, to = items.length, cap?: number): CategoricalProfile {
  const profile = new CategoricalProfile(cap);
  for (let i = from; i < to; i++) profile.add(items[i]);
  return profile;
}

function mergedSplits(items: string[], pieces: number, cap?: number): CategoricalProfile {
  const cuts = randomCuts(rng, items.length, pieces);
  const merged = new CategoricalProfile(cap);
  for (let p = 0; p < pieces; p++) merged.merge(profileOf(items, cuts[p], cuts[p + 1], cap));
  return merged;
}

const sumOf = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

describe("CategoricalProfile", () => {
  for (const distinct of [5, 5000]) {
    it(`below the cap, ${distinct} distinct values are counted exactly, whole or merged from any split`, () => {
      const { items, truth } = zipfStream(N, distinct, 0.8, distinct);
      // Every value at least once, so there are exactly `distinct` of them.
      for (let rank = 1; rank <= distinct; rank++) {
        items.push(`v${rank}`);
        truth.set(`v${rank}`, (truth.get(`v${rank}`) ?? 0) + 1);
      }
      expect(truth.size).toBe(distinct);
      const cap = Math.max(distinct, 1000);
      for (const profile of [
        profileOf(items, 0, items.length, cap),
        mergedSplits(items, 2, cap),
        mergedSplits(items, 300, cap),
      ]) {
        expect(profile.counts).toEqual(truth);
        expect([profile.count, profile.other, profile.frequent]).toEqual([items.length, 0, null]);
      }
    });
  }

  it("past the default cap (5,000 values over 1,000), counts + other = count and the heavy hitters stay exact", () => {
    const { items, truth } = zipfStream(N, 5000, 1.1, 22);
    const heavy = [...truth].sort((a, b) => b[1] - a[1]).slice(0, 20);
    for (const [what, profile] of [
      ["whole", profileOf(items)],
      ["merged from 2", mergedSplits(items, 2)],
      ["merged from 200", mergedSplits(items, 200)],
    ] as const) {
      expect(profile.cap).toBe(1000);
      expect(profile.counts.size, what).toBe(1000);
      expect(sumOf(profile.counts) + profile.other, what).toBe(N);
      expect(profile.other, what).toBeGreaterThan(0);
      for (const [value, count] of profile.counts)
        expect(count, `${what}: ${value}`).toBeLessThanOrEqual(truth.get(value)!);
      for (const [value, count] of heavy) expect(profile.counts.get(value), `${what}: ${value}`).toBe(count);
      // The values that did not fit: what the sketch says about them is within its error.
      const frequent = profile.frequent!;
      expect(frequent.n).toBe(profile.other);
      for (const { item, lower, upper } of frequent.items()) {
        const rest = truth.get(item)! - (profile.counts.get(item) ?? 0);
        expect(lower).toBeLessThanOrEqual(rest);
        expect(upper).toBeGreaterThanOrEqual(rest);
      }
    }
  });

  it("addAll of a column with nulls, or of a subset of its rows, gives add's count, missing, counts and other exactly, past the cap too", () => {
    const { items } = zipfStream(N, 5000, 1.1, 24);
    const column: (string | null)[] = items.map((item, i) => (i % 13 === 5 ? null : item));
    const rows = Int32Array.from({ length: 30_000 }, (_, i) => 3 * i + (i % 2));
    for (const subset of [undefined, rows]) {
      const bulk = profileOf(items, 0, 500); // a profile with values already, as a stored one
      const single = profileOf(items, 0, 500);
      bulk.addAll(column, subset);
      for (const row of subset ?? column.keys()) {
        const value = column[row];
        if (value === null) single.addMissing();
        else single.add(value);
      }
      const what = subset ? "rows" : "whole column";
      expect(bulk.toJSON(), what).toEqual(single.toJSON());
      expect([...bulk.counts.keys()], `${what}: values in the order they first appeared`).toEqual([
        ...single.counts.keys(),
      ]);
      // The values past the cap: the sketch took each value's count at once, within its bound.
      expect(bulk.frequent!.n, what).toBe(bulk.other);
      const truth = new Map<string, number>();
      for (const row of subset ?? column.keys()) {
        const value = column[row];
        if (value !== null && !bulk.counts.has(value)) truth.set(value, (truth.get(value) ?? 0) + 1);
      }
      const tracked = new Map(bulk.frequent!.items().map((estimate) => [estimate.item, estimate]));
      for (const [value, count] of truth) {
        const estimate = tracked.get(value);
        if (!estimate) expect(count, `${what}: ${value}`).toBeLessThanOrEqual(bulk.frequent!.maxError());
        else expect([estimate.lower <= count, count <= estimate.upper], `${what}: ${value}`).toEqual([true, true]);
      }
    }
  });

  it("merging two profiles whose union passes the cap keeps the most frequent exact and moves the rest", () => {
    const a = new CategoricalProfile(3);
    const b = new CategoricalProfile(3);
    a.add("x", 10);
    a.add("y", 1);
    a.add("z", 5);
    b.add("w", 7);
    b.add("y", 2);
    b.addMissing(4);
    a.merge(b);
    expect(a.counts).toEqual(
      new Map([
        ["x", 10],
        ["w", 7],
        ["z", 5],
      ]),
    );
    expect([a.count, a.missing, a.other]).toEqual([25, 4, 3]);
    expect(a.frequent!.items()).toEqual([{ item: "y", lower: 3, upper: 3 }]);
  });

  it("toJSON gives the CLI shape, and encode/decode round-trips, sketch included", () => {
    const small = new CategoricalProfile();
    small.add("eu", 3);
    small.add("us");
    small.addMissing();
    expect(small.toJSON()).toEqual({ type: "categorical", count: 4, missing: 1, counts: { eu: 3, us: 1 }, other: 0 });
    const { items } = zipfStream(20_000, 3000, 1.1, 23);
    for (const profile of [small, profileOf(items)]) {
      const decoded = CategoricalProfile.decode(profile.encode());
      expect(decoded.toJSON()).toEqual(profile.toJSON());
      expect(decoded.frequent?.items()).toEqual(profile.frequent?.items());
      expect(decoded.encode()).toEqual(profile.encode());
    }
  });

  it("refuses bad counts and foreign bytes with clear errors", () => {
    expect(() => new CategoricalProfile(0)).toThrow("CategoricalProfile: cap must be a positive integer, got 0");
    expect(() => new CategoricalProfile().add("a", 0)).toThrow(
      "CategoricalProfile.add: times must be a positive integer, got 0",
    );
    expect(() => CategoricalProfile.decode(new Uint8Array([0x4e, 1]))).toThrow(
      "CategoricalProfile.decode: not an encoded CategoricalProfile",
    );
  });
});
