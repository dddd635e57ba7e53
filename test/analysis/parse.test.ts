import { describe, expect, it } from "vitest";
import { CellSyntaxError, parseCell } from "../../server/analysis/index.ts";
import { parseCases } from "./cases.ts";

describe("parseCell", () => {
  for (const { name, source, ...expected } of parseCases) {
    it(name, () => {
      expect(parseCell(source)).toEqual(expected);
    });
  }
});

describe("parseCell errors", () => {
  const errorOf = (source: string) => {
    try {
      parseCell(source);
    } catch (error) {
      expect(error).toBeInstanceOf(CellSyntaxError);
      const { message, line, column } = error as CellSyntaxError;
      return { message, line, column };
    }
    throw new Error(`no error for ${source}`);
  };

  it("gives a syntax error's 1-based line and column in the cell, without acorn's suffix", () => {
    expect(errorOf("const a = 1;\nconst b = ;")).toEqual({ message: "Unexpected token", line: 2, column: 11 });
  });

  it("rejects import and export declarations with a clear message", () => {
    expect(errorOf("const a = 1;\nimport x from 'y';")).toEqual({
      message: "import is not supported in cells yet",
      line: 2,
      column: 1,
    });
    expect(errorOf("export const a = 1;").message).toMatch(/^export is not needed in cells/);
  });

  it("rejects assigning another cell's variable", () => {
    expect(errorOf("let a = 1;\n  other = a;")).toEqual({
      message: 'Assignment to external variable "other"',
      line: 2,
      column: 3,
    });
    expect(errorOf("count += 1").message).toBe('Assignment to external variable "count"');
  });

  it("accepts assigning the cell's own variables", () => {
    expect(parseCell("let n = 0;\nn += 1;").declarations).toEqual(["n"]);
  });
});
