import { describe, expect, it } from "vitest";
import { scanColumn } from "../../../detectors/inputs/columns.ts";
import { sampleSize } from "../../../detectors/tabular/sampleSize.ts";

const many = Array.from({ length: 40 }, (_, i) => i);

describe("sampleSize", () => {
  it("counts what a test of the column's type reads", () => {
    const values = [1, 2, null, NaN, Infinity, "x", undefined];
    const profile = scanColumn(values);
    // numeric: the finite numbers; categorical: present values but ±Infinity; other types: present values.
    expect(sampleSize(profile, profile, "numeric", 0)).toEqual({ referenceRows: 2, currentRows: 2 });
    expect(sampleSize(profile, profile, "categorical", 0)).toEqual({ referenceRows: 3, currentRows: 3 });
    expect(sampleSize(profile, profile, "text", 0)).toEqual({ referenceRows: 4, currentRows: 4 });
  });

  it("says a column is insufficient when both tables have values and one has fewer than minRows", () => {
    const full = scanColumn(many);
    expect(sampleSize(full, full, "numeric", 40).insufficient).toBeUndefined();
    expect(sampleSize(full, full, "numeric", 41).insufficient).toBe(
      "40 reference and 40 current values, fewer than minRows (41): too few to judge drift",
    );
    expect(sampleSize(full, scanColumn([1]), "numeric", 30).insufficient).toBe(
      "1 current value, fewer than minRows (30): too few to judge drift",
    );
    expect(sampleSize(scanColumn([1, 2]), full, "numeric", 30).insufficient).toBe(
      "2 reference values, fewer than minRows (30): too few to judge drift",
    );
  });

  it("leaves a column empty in either table to be skipped as empty, and minRows 0 to test anything", () => {
    const full = scanColumn(many);
    expect(sampleSize(full, scanColumn([null, null]), "numeric", 30)).toEqual({ referenceRows: 40, currentRows: 0 });
    expect(sampleSize(scanColumn([]), scanColumn([1]), "numeric", 30).insufficient).toBeUndefined();
    expect(sampleSize(scanColumn([1]), scanColumn([1]), "numeric", 0).insufficient).toBeUndefined();
  });
});
