import { describe, expect, it } from "vitest";
import { delimitedField, delimitedMediaType, delimitedRecord } from "../../server/export/delimited.ts";

describe("CSV and TSV fields", () => {
  it("quote a field holding the delimiter, a quote or a line break, doubling its quotes (RFC 4180 §2.5-2.7)", () => {
    expect(delimitedField("plain", "csv")).toBe("plain");
    expect(delimitedField("a,b", "csv")).toBe('"a,b"');
    expect(delimitedField('say "hi"', "csv")).toBe('"say ""hi"""');
    expect(delimitedField("two\nlines", "csv")).toBe('"two\nlines"');
    expect(delimitedField("cr\rhere", "csv")).toBe('"cr\rhere"');
    expect(delimitedField("a,b", "tsv")).toBe("a,b");
    expect(delimitedField("a\tb", "tsv")).toBe('"a\tb"');
  });

  it("prefix text a spreadsheet would run as a formula with ', and leave numbers alone", () => {
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
      expect(delimitedField(formula, "tsv").replace(/^"|"$/g, "")).toBe(`'${formula}`);
    expect(delimitedField('=HYPERLINK("http://x","y")', "csv")).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(delimitedField(-1.5, "csv")).toBe("-1.5");
    expect(delimitedField("a=b", "csv")).toBe("a=b");
  });

  it("write nulls as empty fields, booleans as words, and records with CRLF", () => {
    expect(delimitedRecord([null, true, false, 0, "x"], "csv")).toBe(",true,false,0,x\r\n");
    expect(delimitedRecord(["a", null], "tsv")).toBe("a\t\r\n");
    expect(delimitedMediaType("csv")).toBe("text/csv; charset=utf-8; header=present");
  });
});
