import { describe, expect, it } from "vitest";
import { NumericProfile } from "../../../detectors/index.ts";
import { DistinctValues } from "../../../detectors/profiles/distinctValues.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { expectClose } from "../close.ts";
import { exactRanks, numericStreams, randomCuts } from "../sketches/streams.ts";
import { exactMoments } from "./exactSums.ts";

const N = 200_000;
const EXACTLY_ROUNDED = { rel: 1e-12, abs: 0 };
const streams = numericStreams(N, 11);
const rng = seededRng(12);
// Cancellation-heavy: a large mean over a small spread.
streams["normal around 1e6"] = Float64Array.from({ length: N }, () => 1e6 + rng.normal());
const CASES = ["normal", "normal around 1e6", "lognormal with outliers", "integers with many ties"];

function profileOf(values: Float64Array, from = 0, to = values.length): NumericProfile {
  const profile = new NumericProfile();
  for (let i = from; i < to; i++) profile.add(values[i]);
  return profile;
}

function expectMomentsExact(profile: NumericProfile, values: Float64Array, what: string): void {
  const exact = exactMoments(values);
  expectClose(profile.sum, exact.sum, EXACTLY_ROUNDED, `${what}: sum`);
  expectClose(profile.mean, exact.mean, EXACTLY_ROUNDED, `${what}: mean`);
  expectClose(profile.variance, exact.variance, EXACTLY_ROUNDED, `${what}: variance`);
  expectClose(profile.std, Math.sqrt(exact.variance), EXACTLY_ROUNDED, `${what}: std`);
}

describe("NumericProfile", () => {
  for (const name of CASES) {
    const values = streams[name];
    it(`${name}: count/min/max exact; sum, mean and variance within 1e-12 of the exactly rounded ones`, () => {
      const profile = profileOf(values);
      profile.addMissing(7);
      expect([profile.count, profile.missing]).toEqual([N, 7]);
      const sorted = values.slice().sort();
      expect([profile.min, profile.max]).toEqual([sorted[0], sorted[N - 1]]);
      expectMomentsExact(profile, values, name);
    });

    it(`${name}: merging any split into 2–1000 buckets gives the union's exact fields, moments within 1e-12, quantiles within the rank bound`, () => {
      const whole = profileOf(values);
      const ranks = exactRanks(values);
      for (const pieces of [2, 37, 1000]) {
        const cuts = randomCuts(rng, N, pieces);
        const merged = new NumericProfile();
        for (let p = 0; p < pieces; p++) {
          const part = profileOf(values, cuts[p], cuts[p + 1]);
          part.addMissing(p + 1);
          merged.merge(part);
        }
        expect([merged.count, merged.missing, merged.min, merged.max]).toEqual([
          whole.count,
          (pieces * (pieces + 1)) / 2,
          whole.min,
          whole.max,
        ]);
        expectMomentsExact(merged, values, `${name}, ${pieces} pieces`);
        const bound = merged.sketch.rankErrorBound();
        for (const q of [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) {
          const v = merged.quantile(q);
          expect(ranks.below(v) / N - bound, `q = ${q}`).toBeLessThanOrEqual(q);
          expect(ranks.atMost(v) / N + bound, `q = ${q}`).toBeGreaterThanOrEqual(q);
        }
      }
    });
  }

  it("addAll of a column, its nulls and a subset of its rows gives add's count, missing, min, max, sum and sketch exactly, m2 within 1e-12", () => {
    for (const name of CASES) {
      const values = streams[name];
      const nulls = Uint8Array.from(values, (_, i) => (i % 17 === 3 ? 1 : 0));
      const rows = Int32Array.from({ length: 40_000 }, (_, i) => 5 * i + (i % 3));
      for (const subset of [undefined, rows]) {
        const bulk = profileOf(values, 0, 1000); // a profile with values already, as a stored one
        const single = profileOf(values, 0, 1000);
        bulk.addAll(values, nulls, subset);
        for (const row of subset ?? values.keys()) {
          if (nulls[row]) single.addMissing();
          else single.add(values[row]);
        }
        const what = `${name}${subset ? ", rows" : ""}`;
        for (const field of ["count", "missing", "min", "max", "sum", "mean"] as const) {
          expect(bulk[field], `${what}: ${field}`).toBe(single[field]);
        }
        expectClose(bulk.m2, single.m2, EXACTLY_ROUNDED, `${what}: m2`);
        expect(bulk.sketch.encode(), `${what}: sketch`).toEqual(single.sketch.encode());
        expect(bulk.distinct, `${what}: distinct`).toEqual(single.distinct);
      }
    }
  });

  it("keeps exact counts per value and the whole-number flag of a few-valued column through addAll, merges and encoding, where the sketch loses rare values", () => {
    // 0–5 late payments over 24 hourly buckets, 4 and 5 a handful of rows: the demo's late_payments_12m.
    const late = Float64Array.from({ length: 24_000 }, () => {
      const u = rng.next();
      return u < 0.6 ? 0 : u < 0.85 ? 1 : u < 0.95 ? 2 : u < 0.99 ? 3 : u < 0.9985 ? 4 : 5;
    });
    const raw = new Map<number, number>();
    for (const value of late) raw.set(value, (raw.get(value) ?? 0) + 1);
    const day = new NumericProfile();
    for (let hour = 0; hour < 24; hour++) {
      const bucket = new NumericProfile();
      bucket.addAll(late.subarray(hour * 1000, (hour + 1) * 1000), null);
      day.merge(NumericProfile.decode(bucket.encode()));
    }
    const decoded = NumericProfile.decode(day.encode());
    expect(decoded.distinct!.counts).toEqual(raw);
    expect(decoded.distinct!.wholeNumbers).toBe(true);
    expect(decoded.sketch.rankErrorBound()).toBeGreaterThan(0);
    // The sketch alone: its weights per value are off, which is why the counts are kept.
    const { values, weights } = decoded.sketch.sortedView();
    const fromSketch = new Map<number, number>();
    values.forEach((value, i) => fromSketch.set(value, (fromSketch.get(value) ?? 0) + weights[i]));
    expect(fromSketch).not.toEqual(raw);
    // A fraction makes it not whole; a 33rd value drops the counts, in the next merge too.
    day.add(2.5);
    expect([day.distinct!.wholeNumbers, day.distinct!.counts!.size]).toEqual([false, 7]);
    const wide = profileOf(Float64Array.from({ length: 100 }, (_, i) => i));
    day.merge(wide);
    expect(NumericProfile.decode(day.encode()).distinct).toMatchObject({ counts: null, wholeNumbers: false });
  });

  it("decodes a version-1 blob (before distinct values were kept): every other field as written, distinct unknown", () => {
    const profile = profileOf(streams["integers with many ties"], 0, 5000);
    profile.addMissing(2);
    const current = profile.encode();
    // Version 1 is version 2 without the trailing distinct values (a known flag, then the counts).
    const trailing = 1 + profile.distinct!.encodedSize;
    const old = current.slice(0, current.length - trailing);
    old[1] = 1;
    const decoded = NumericProfile.decode(old);
    expect(decoded.distinct).toBeNull();
    expect(decoded.toJSON()).toEqual(profile.toJSON());
    expect(decoded.sketch.encode()).toEqual(profile.sketch.encode());
    // Merged with a new profile the result does not know either; it encodes as version 2, unknown.
    const merged = profileOf(streams["integers with many ties"], 5000, 6000);
    merged.merge(decoded);
    expect(merged.distinct).toBeNull();
    const again = merged.encode();
    expect([again[1], again[again.length - 1]]).toEqual([2, 0]);
    expect(NumericProfile.decode(again).distinct).toBeNull();
    // An empty version-1 profile has nothing unknown.
    const empty = new NumericProfile();
    empty.addMissing(3);
    const emptyOld = empty.encode().slice(0, -(1 + empty.distinct!.encodedSize));
    emptyOld[1] = 1;
    expect(NumericProfile.decode(emptyOld).distinct).toEqual(new DistinctValues());
    expect(() => NumericProfile.decode(Uint8Array.from([...current.subarray(0, 1), 3]))).toThrow(
      "NumericProfile.decode: unsupported version 3 (this build reads 1, 2)",
    );
  });

  it("addAll refuses a non-finite value naming its row, and changes nothing", () => {
    const profile = new NumericProfile();
    const values = Float64Array.from([1, 2, Infinity, 4]);
    expect(() => profile.addAll(values, null)).toThrow(
      "NumericProfile.addAll: values must be finite numbers, got Infinity at row 2",
    );
    // A null row's value is not looked at.
    profile.addAll(values, Uint8Array.from([0, 0, 1, 0]));
    expect(profile.toJSON()).toMatchObject({ count: 3, missing: 1, min: 1, max: 4, mean: 7 / 3 });
  });

  it("encode/decode round-trips every field, the sum's compensation included", () => {
    const profile = profileOf(streams["lognormal with outliers"], 0, 50_000);
    profile.addMissing(3);
    const decoded = NumericProfile.decode(profile.encode());
    for (const field of ["count", "missing", "min", "max", "sum", "mean", "m2", "variance"] as const) {
      expect(decoded[field], field).toBe(profile[field]);
    }
    expect(decoded.toJSON()).toEqual(profile.toJSON());
    expect(decoded.encode()).toEqual(profile.encode());
  });

  it("an empty profile merges as nothing, and its JSON has nulls where nothing is known", () => {
    const empty = new NumericProfile();
    empty.addMissing(2);
    expect(empty.toJSON()).toEqual({
      type: "numeric",
      count: 0,
      missing: 2,
      min: null,
      max: null,
      mean: null,
      std: null,
      quantiles: { "0.01": null, "0.05": null, "0.25": null, "0.5": null, "0.75": null, "0.95": null, "0.99": null },
    });
    const one = new NumericProfile();
    one.add(4);
    one.merge(empty);
    empty.merge(one);
    for (const profile of [one, empty]) {
      expect(profile.toJSON()).toMatchObject({ count: 1, min: 4, max: 4, mean: 4, std: null, quantiles: { "0.5": 4 } });
    }
    expect(Number.isNaN(one.variance)).toBe(true);
  });

  it("toJSON gives the CLI shape", () => {
    const profile = profileOf(Float64Array.from({ length: 100 }, (_, i) => i + 1));
    expect(profile.toJSON()).toEqual({
      type: "numeric",
      count: 100,
      missing: 0,
      min: 1,
      max: 100,
      mean: 50.5,
      std: Math.sqrt(841.6666666666666),
      quantiles: { "0.01": 1, "0.05": 5, "0.25": 25, "0.5": 50, "0.75": 75, "0.95": 95, "0.99": 99 },
    });
  });

  it("refuses NaN, infinities and bad counts with clear errors", () => {
    const profile = new NumericProfile();
    expect(() => profile.add(NaN)).toThrow("NumericProfile.add: values must be finite numbers, got NaN");
    expect(() => profile.add(-Infinity)).toThrow("got -Infinity");
    expect(() => profile.addMissing(0.5)).toThrow(
      "NumericProfile.addMissing: times must be a positive integer, got 0.5",
    );
    expect(profile.count).toBe(0);
    expect(() => NumericProfile.decode(new Uint8Array([0x43, 1]))).toThrow(
      "NumericProfile.decode: not an encoded NumericProfile",
    );
  });
});
