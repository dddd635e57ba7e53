import { describe, expect, it } from "vitest";
import { chiSquare } from "../../../detectors/categorical/chiSquare.ts";
import { chiSquareGoodnessOfFit } from "../../../detectors/categorical/chiSquareGoodnessOfFit.ts";
import { zTest } from "../../../detectors/categorical/zTest.ts";
import { tvd } from "../../../detectors/distance/tvd.ts";
import { OTHER_CATEGORY } from "../../../detectors/types.ts";
import { CategoricalProfile } from "../../../detectors/profiles/categorical.ts";
import { draws, integers, profile } from "../profileSamples.ts";

const NAMES = ["north", "south", "east", "west", "centre"];
const reference = draws(1, 3000, NAMES, [5, 4, 3, 2, 1]);
const shifted = draws(2, 2000, [...NAMES, "island"], [3, 4, 3, 3, 2, 1]);
const same = draws(3, 2500, NAMES, [5, 4, 3, 2, 1]);

/** The values grouped by category, in the order a profile pair lists them (reference's first appearances, then current's). */
function grouped(values: string[], order: string[]): string[] {
  return order.flatMap((name) => values.filter((value) => value === name));
}

describe("count-based categorical tests from profiles equal the raw tests", () => {
  for (const [name, current] of [
    ["drifted, with a new category", shifted],
    ["undrifted", same],
  ] as const) {
    it(`chiSquare and chiSquareGoodnessOfFit, exactly (${name})`, () => {
      expect(chiSquare(profile(reference), profile(current))).toEqual(chiSquare(reference, current));
      expect(chiSquareGoodnessOfFit(profile(reference), profile(current))).toEqual(
        chiSquareGoodnessOfFit(reference, current),
      );
    });

    it(`tvd: the distance exactly, the permutation p-value as the raw test on the values grouped by category (${name})`, () => {
      const fromProfiles = tvd(profile(reference), profile(current), { permutations: 200 });
      expect(fromProfiles.statistic).toBe(tvd(reference, current, { permutations: 200 }).statistic);
      const order = [...new Set([...reference, ...current])];
      expect(fromProfiles).toEqual(tvd(grouped(reference, order), grouped(current, order), { permutations: 200 }));
    });
  }

  it("the drift decisions differ between the drifted and the undrifted pair", () => {
    expect(chiSquare(profile(reference), profile(shifted)).drift).toBe(true);
    expect(chiSquare(profile(reference), profile(same)).drift).toBe(false);
  });

  it("missing values are the profiles' missing counts, dropped as the raw tests drop them", () => {
    const ref = [...reference.slice(0, 500), null, null];
    const cur = [null, ...same.slice(0, 400)];
    const result = chiSquare(profile(ref), profile(cur));
    expect(result.dropped).toEqual({ reference: 2, current: 1 });
    expect(result).toEqual(chiSquare(ref, cur));
  });

  it("zTest on a binary column, from text and from numeric profiles, exactly", () => {
    const ref = draws(4, 1500, ["no", "yes"], [3, 1]);
    const cur = draws(5, 1200, ["no", "yes"], [2, 1]);
    expect(zTest(profile(ref), profile(cur))).toEqual(zTest(ref, cur));
    // 0/1 numbers: a numeric profile's sketch still holds every value here (n ≤ k), so its counts are exact.
    const refBits = integers(6, 200, 2);
    const curBits = integers(7, 150, 2);
    const result = zTest(profile(refBits), profile(curBits));
    expect(result).toEqual(zTest(refBits, curBits));
    expect(result.approximate).toBeUndefined();
  });

  it("a profile past its cap: `other` is one more category, and the tests are exact over the kept categories", () => {
    const capped = (values: string[]) => {
      const column = new CategoricalProfile(3);
      for (const value of values) column.add(value);
      return column;
    };
    const ref = capped(reference);
    const cur = capped(shifted);
    expect(ref.other).toBeGreaterThan(0);
    const lump = (values: string[], kept: CategoricalProfile) =>
      values.map((value) => (kept.counts.has(value) ? value : OTHER_CATEGORY));
    // Each profile keeps its first three names; the union of those and `other` are the categories.
    const raw = chiSquare(lump(reference, ref), lump(shifted, cur));
    const fromProfiles = chiSquare(ref, cur);
    expect(fromProfiles.dof).toBe(new Set([...ref.counts.keys(), ...cur.counts.keys()]).size);
    expect(fromProfiles.statistic).toBeCloseTo(raw.statistic, 9);
    expect(fromProfiles.pValue).toBeCloseTo(raw.pValue!, 12);
  });

  it("refuses one profile against raw values, naming which is which", () => {
    expect(() => chiSquare(profile(reference), shifted)).toThrow(
      /chiSquare: reference is a column profile but current is raw values/,
    );
    expect(() => zTest(["a"], profile(["a"]))).toThrow(/zTest: current is a column profile but reference is raw/);
  });

  it("an all-missing profile is an error naming the sample", () => {
    expect(() => chiSquareGoodnessOfFit(profile(["a", "b"]), profile([null, null] as string[] | null[]))).toThrow(
      /chiSquareGoodnessOfFit: current has no values/,
    );
  });
});
