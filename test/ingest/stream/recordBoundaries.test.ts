import { describe, expect, it } from "vitest";
import {
  csvBoundaries,
  jsonArrayBoundaries,
  lineBreaks,
  ndjsonBoundaries,
} from "../../../server/ingest/stream/recordBoundaries.ts";

describe("csvBoundaries", () => {
  it("cuts at the first line break outside quotes at or after `from`", () => {
    const text = 'a,"x\ny",1\nb,"""q""\r\n",2\r\nc,3\n';
    const cut = csvBoundaries().cutAfter(text, 1);
    expect(text.slice(0, cut!.end)).toBe('a,"x\ny",1\n');
    const next = csvBoundaries().cutAfter(text, cut!.end);
    expect(text.slice(cut!.end, next!.end)).toBe('b,"""q""\r\n",2\r\n');
  });

  it("waits for more text when a CR ends it (its LF may follow) or no break is outside quotes", () => {
    expect(csvBoundaries().cutAfter("a,1\r", 0)).toBeUndefined();
    expect(csvBoundaries().cutAfter('a,"1\n2\n', 0)).toBeUndefined();
    expect(csvBoundaries().cutAfter("a,1\rb,2", 0)).toEqual({ end: 4, resume: 4 });
  });
});

describe("ndjsonBoundaries", () => {
  it("cuts after the first LF at or after `from`", () => {
    expect(ndjsonBoundaries().cutAfter('{"a":"\\n"}\n{}\n', 3)).toEqual({ end: 11, resume: 11 });
    expect(ndjsonBoundaries().cutAfter("{}", 0)).toBeUndefined();
  });
});

describe("jsonArrayBoundaries", () => {
  it("cuts at a comma between top-level elements, never inside strings or nested values", () => {
    const text = '[{"s":"a\\",b","t":[1,2]},"\\\\",{"u":"]}"}]';
    const boundaries = jsonArrayBoundaries();
    const cut = boundaries.cutAfter(text, 0)!;
    expect(text.slice(0, cut.end)).toBe('[{"s":"a\\",b","t":[1,2]}');
    const rest = text.slice(cut.resume);
    const next = boundaries.cutAfter(rest, 0)!;
    expect(rest.slice(0, next.end)).toBe('"\\\\"');
    expect(boundaries.cutAfter(rest.slice(next.resume), 0)).toBeUndefined();
  });

  it("keeps state across growing text, escapes included, and leaves a trailing comma uncut", () => {
    const boundaries = jsonArrayBoundaries();
    expect(boundaries.cutAfter('["a\\', 0)).toBeUndefined();
    expect(boundaries.cutAfter('["a\\",', 0)).toBeUndefined(); // the escaped quote keeps the string open
    expect(boundaries.cutAfter('["a\\",",', 0)).toBeUndefined(); // nothing after the comma yet
    expect(boundaries.cutAfter('["a\\",",  ]', 0)).toBeUndefined(); // a trailing comma
  });

  it("never cuts a file that is not an array", () => {
    expect(jsonArrayBoundaries().cutAfter('{"a":1,"b":2}', 0)).toBeUndefined();
  });
});

describe("lineBreaks", () => {
  it("counts CRLF, LF and a lone CR for CSV, LF alone for JSON", () => {
    expect(lineBreaks("a\r\nb\nc\rd", true)).toBe(3);
    expect(lineBreaks("a\r\nb\nc\rd", false)).toBe(2);
  });
});
