import { describe, expect, it } from "vitest";
import { csvLineOf, csvValue, nonFiniteValue, numberLiteral, readCsv } from "../../server/ingest/csv.ts";
import { BatchError } from "../../server/ingest/types.ts";

const NUMBER_LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

describe("numberLiteral", () => {
  const texts = [
    "0",
    "7",
    "007",
    "-3",
    "+3",
    "1.",
    "1.5",
    ".5",
    "-.5",
    "+.5",
    "1e3",
    "1E+3",
    "2.5e-3",
    "1.e5",
    "0.0",
    "1e999",
    "0x10",
    "0X1f",
    "0b1",
    "0o7",
    "-0x10",
    ".",
    "+",
    "-",
    "e5",
    ".e5",
    "1e",
    "1e+",
    "1_000",
    " 1",
    "1 ",
    "1 2",
    "1,5",
    "--1",
    "+-1",
    "Infinity",
    "-Infinity",
    "NaN",
    "1n",
    "١",
    "abc",
    "12abc",
    "2024-05-01",
  ];

  it.each(texts)("agrees with the literal regex on %j", (text) => {
    expect(numberLiteral(text)).toBe(NUMBER_LITERAL.test(text) ? Number(text) : undefined);
  });
});

describe("nonFiniteValue", () => {
  it.each([
    ["NaN", NaN],
    ["nan", NaN],
    ["NAN", NaN],
    ["Inf", Infinity],
    ["inf", Infinity],
    ["+inf", Infinity],
    ["-Inf", -Infinity],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["+Infinity", Infinity],
  ])("reads %s", (text, value) => {
    expect(nonFiniteValue(text)).toBe(value);
  });

  it.each(["", "na", "nano", "info", "infinite", "-", "1", "none", "Infinityy"])("leaves %j alone", (text) => {
    expect(nonFiniteValue(text)).toBeUndefined();
  });
});

describe("csvValue", () => {
  it.each([
    ["", null],
    ["42", 42],
    ["-1.5e2", -150],
    ["007", 7],
    ["true", true],
    ["True", true],
    ["TRUE", true],
    ["false", false],
    ["False", false],
    ["FALSE", false],
    ["tRUE", "tRUE"],
    ["yes", "yes"],
    ["0x10", "0x10"],
    [" 1", " 1"],
    ["NaN", NaN],
    ["-inf", -Infinity],
    ["1e999", Infinity],
    ["<img onerror=x>", "<img onerror=x>"],
  ])("reads %j as %j", (text, value) => {
    expect(csvValue(text)).toBe(value);
  });
});

describe("readCsv", () => {
  it("returns the header and records, skipping empty lines and a byte order mark, with any line endings", () => {
    expect(readCsv('\ufeffa,b\n\n1,"x\ny"\r\n2,3\r4,5\n')).toEqual([
      ["a", "b"],
      ["1", "x\ny"],
      ["2", "3"],
      ["4", "5"],
    ]);
  });

  it("names the header when it is malformed", () => {
    try {
      readCsv('"a,b\n1,2');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BatchError);
      expect((error as BatchError).message).toMatch(/^the header \(line \d+\): malformed CSV: Quote Not Closed/);
      expect((error as BatchError).details).toEqual({});
    }
  });

  const errorOf = (body: string, offsets?: Parameters<typeof readCsv>[1]) => {
    try {
      readCsv(body, offsets);
    } catch (error) {
      return error as BatchError;
    }
    return expect.unreachable();
  };

  it("names the line a malformed record starts on, counting a CRLF inside quotes as one line", () => {
    // csv-parse's own count says line 5 here: it counts the CR and the LF inside the quotes apart.
    const error = errorOf('a,b\r\n"x\r\ny",1\r\n1\r\n');
    expect(error.message).toBe("row 2 (line 4): malformed CSV: Invalid Record Length: expect 2, got 1");
    expect(error.details).toEqual({ row: 2 });
  });

  it("counts rows and lines across the whole file when the body is a chunk of one", () => {
    const error = errorOf("a,b\n1,2\n3\n", { rows: 500, lines: 620, chars: 0, columns: 0 });
    expect(error.message).toBe("row 502 (line 623): malformed CSV: Invalid Record Length: expect 2, got 1");
    expect(error.details).toEqual({ row: 502 });
  });
});

describe("csvLineOf", () => {
  const body = 'a,b\n\n1,"multi\nline"\r\n\r\n2,"say ""hi""\n"\n3,4\r5,6';
  it.each([
    [0, 1],
    [1, 3],
    [2, 6],
    [3, 8],
    [4, 9],
  ])("puts data row %i on line %i", (row, line) => {
    expect(csvLineOf(body, row)).toBe(line);
  });
});
