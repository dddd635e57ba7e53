import { describe, expect, it } from "vitest";
import {
  CategoricalProfile,
  decodeColumnProfile,
  LabelProfile,
  NumericProfile,
  Profile,
  profileOf,
} from "../../../detectors/index.ts";

const columns = {
  income: [52_000, 61_500, null, 48_250, 75_000, undefined],
  region: ["eu", "us", "eu", null, "apac", "eu"],
  approved: [true, false, true, true, null, false],
  empty: [null, null, null, null, null, null],
};

describe("profileOf", () => {
  it("profiles numbers as numeric, strings and booleans as categorical, null and undefined as missing", () => {
    const profile = profileOf(columns);
    expect(profile.rows).toBe(6);
    expect([...profile.columns.keys()]).toEqual(["income", "region", "approved", "empty"]);
    expect(profile.column("income")).toBeInstanceOf(NumericProfile);
    expect(profile.column("region")).toBeInstanceOf(CategoricalProfile);
    expect(profile.toJSON()).toEqual({
      rows: 6,
      columns: {
        income: {
          type: "numeric",
          count: 4,
          missing: 2,
          min: 48_250,
          max: 75_000,
          mean: 59_187.5,
          std: Math.sqrt(426_671_875 / 3), // Σ(x − mean)² / (n − 1) by hand
          quantiles: {
            "0.01": 48_250,
            "0.05": 48_250,
            "0.25": 48_250,
            "0.5": 52_000,
            "0.75": 61_500,
            "0.95": 75_000,
            "0.99": 75_000,
          },
        },
        region: { type: "categorical", count: 5, missing: 1, counts: { eu: 3, us: 1, apac: 1 }, other: 0 },
        approved: { type: "categorical", count: 5, missing: 1, counts: { true: 3, false: 2 }, other: 0 },
        empty: expect.objectContaining({ type: "numeric", count: 0, missing: 6, mean: null }),
      },
    });
    expect(profileOf({})).toMatchObject({ rows: 0, columns: new Map(), labels: null });
  });

  it("refuses NaN, infinities, mixed kinds and ragged columns, naming the column and row", () => {
    expect(() => profileOf({ a: [1, 2], score: [0.5, NaN] })).toThrow(
      'profileOf: column "score", row 1: NaN is not a value (log a missing value as null)',
    );
    expect(() => profileOf({ x: [null, Infinity] })).toThrow(
      'profileOf: column "x", row 1: Infinity is not a finite number',
    );
    expect(() => profileOf({ x: [1, "2"] })).toThrow(
      'profileOf: column "x", row 1: string "2" in a numeric column (first value 1)',
    );
    expect(() => profileOf({ x: ["a", null, 3] })).toThrow(
      'profileOf: column "x", row 2: a number in a categorical column (first value "a")',
    );
    expect(() => profileOf({ a: [1, 2], b: [1] })).toThrow('profileOf: column "b" has 1 rows, "a" has 2');
  });
});

describe("Profile", () => {
  it("merges as the profile of the union, copying columns only one side has", () => {
    const first = profileOf({ income: columns.income.slice(0, 3), region: columns.region.slice(0, 3) });
    const second = profileOf({ income: columns.income.slice(3), region: columns.region.slice(3), extra: [1, 2, 3] });
    second.labels = new LabelProfile("classification");
    second.labels.add("yes", "no", 0.2);
    const merged = new Profile();
    merged.merge(first);
    merged.merge(second);
    const whole = profileOf({ income: columns.income, region: columns.region });
    expect(merged.toJSON().columns.income).toEqual(whole.toJSON().columns.income);
    expect(merged.toJSON().columns.region).toEqual(whole.toJSON().columns.region);
    expect(merged.rows).toBe(6);
    expect(merged.toJSON().labels).toEqual(second.labels.toJSON());
    // The merge copied, so changing the result leaves its inputs alone.
    (merged.column("extra") as NumericProfile).add(100);
    merged.labels!.add("no", "no");
    expect([second.column("extra").count, second.labels.count]).toEqual([3, 1]);
  });

  it("refuses to merge a column of another type, and names the columns there are", () => {
    const numeric = profileOf({ x: [1, 2] });
    expect(() => numeric.merge(profileOf({ x: ["a"] }))).toThrow(
      'Profile.merge: column "x" is numeric here but categorical in the other profile',
    );
    expect(() => numeric.column("y")).toThrow('Profile.column: no column "y"; the profile has "x"');
    expect(() => new Profile().column("y")).toThrow('Profile.column: no column "y"; the profile has no columns');
  });

  it("decodeColumnProfile reads back either kind of column", () => {
    const profile = profileOf(columns);
    for (const name of ["income", "region"]) {
      const column = profile.column(name);
      const decoded = decodeColumnProfile(column.encode());
      expect(decoded.type).toBe(column.type);
      expect(decoded.toJSON()).toEqual(column.toJSON());
    }
    expect(() => decodeColumnProfile(new LabelProfile("regression").encode())).toThrow(
      "decodeColumnProfile: not an encoded column profile (tag 76)",
    );
  });
});
