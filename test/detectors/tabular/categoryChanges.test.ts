import { describe, expect, it } from "vitest";
import { categoryChanges } from "../../../detectors/tabular/categoryChanges.ts";

describe("categoryChanges", () => {
  it("names the categories only one sample has, with their counts there, most frequent first and ties by name", () => {
    const reference = Object.freeze(["a", "a", "b", "c", "c", "c", "z"]);
    const current = Object.freeze(["a", "e", "d", "d", "e", "f"]);
    expect(categoryChanges(reference, current)).toEqual({
      newCategories: [
        { category: "d", count: 2 },
        { category: "e", count: 2 },
        { category: "f", count: 1 },
      ],
      missingCategories: [
        { category: "c", count: 3 },
        { category: "b", count: 1 },
        { category: "z", count: 1 },
      ],
    });
  });

  it("compares values as strings, as the categorical tests do", () => {
    expect(categoryChanges([1, true, "x"], ["1", "true", "x"])).toEqual({ newCategories: [], missingCategories: [] });
  });

  it("lists every category of a sample when the other is empty", () => {
    expect(categoryChanges([], ["a", "a"])).toEqual({
      newCategories: [{ category: "a", count: 2 }],
      missingCategories: [],
    });
  });
});
