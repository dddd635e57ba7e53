import { describe, expect, it } from "vitest";
import { profileOf } from "../../../detectors/profiles/profile.ts";
import { dataQuality } from "../../../detectors/tabular/dataQuality.ts";
import { tableLike } from "./tabularCases.ts";

type Cell = number | string | boolean | null;
const reference: Record<string, Cell[]> = {
  id: ["a", "b", "c", "d", "e", "f"],
  age: [30, 40, null, 50, 60, 35],
  region: ["eu", "us", "eu", "us", "eu", "eu"],
  flat: [1, 1, 1, 1, 1, 1],
  label: [1, 0, null, null, 1, 0],
};
const current: Record<string, Cell[]> = {
  id: ["g", "h", "i", "j", "k", "l"],
  age: [20, 40, 45, null, null, 90],
  region: ["eu", "apac", "apac", "us", "eu", "mars"],
  flat: [1, 1, 1, 1, 1, 1],
  label: [1, null, null, null, null, 0],
};

describe("dataQuality on profiles", () => {
  it("gives the raw checks' counts and verdicts on small profiles (sketches holding every value)", () => {
    const raw = dataQuality(tableLike(current), { reference: tableLike(reference) });
    const fromProfiles = dataQuality(profileOf(current), { reference: profileOf(reference) });
    expect(fromProfiles.fromProfiles).toBe(true);
    expect(fromProfiles.unavailable?.some((line) => line.startsWith("duplicates"))).toBe(true);
    expect(fromProfiles.summary).toEqual(raw.summary);
    for (const column of raw.columns) {
      const { duplicates: _, ...expected } = column;
      expect(
        fromProfiles.columns.find((c) => c.column === column.column),
        column.column,
      ).toEqual(expected);
    }
  });

  it("alone, without a reference", () => {
    const result = dataQuality(profileOf(current));
    expect(result.rows).toBe(6);
    expect(result.summary.columnsWithMissing).toEqual(["age"]);
    expect(result.summary.labelCoverage).toEqual({ count: 2, share: 2 / 6 });
    expect(result.summary.constantColumns).toEqual(["flat"]);
  });

  it("refuses a profile against a table", () => {
    expect(() => dataQuality(profileOf(current), { reference: tableLike(reference) })).toThrow(
      /dataQuality: current is a profile but the reference is a table/,
    );
  });
});
