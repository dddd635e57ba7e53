import { describe, expect, it } from "vitest";
import { placeInCell, placeOfBody } from "../../server/analysis/cellPosition.ts";

describe("placeInCell", () => {
  it("numbers a place both in the file and in the cell whose source starts on file line 11", () => {
    expect(placeInCell(11, 2, 5)).toEqual({ line: 12, column: 5, cellLine: 2, cellColumn: 5 });
    expect(placeInCell(11, 1)).toEqual({ line: 11, cellLine: 1 });
  });
});

describe("placeOfBody", () => {
  const js = { sourceStartLine: 11, bodyLine: 1, bodyColumn: 21 };

  it("takes the generated prefix off columns on the body's first line only", () => {
    expect(placeOfBody(js, 1, 30)).toEqual({ line: 11, column: 9, cellLine: 1, cellColumn: 9 });
    expect(placeOfBody(js, 3, 30)).toEqual({ line: 13, column: 30, cellLine: 3, cellColumn: 30 });
  });

  it("keeps only the line when the column falls in generated code", () => {
    expect(placeOfBody(js, 1, 15)).toEqual({ line: 11, cellLine: 1 });
  });

  it("keeps only lines in a body generated throughout, which starts on a later line of the cell", () => {
    const alert = { sourceStartLine: 11, bodyLine: 3 };
    expect(placeOfBody(alert, 2, 40)).toEqual({ line: 14, cellLine: 4 });
  });
});
