import { describe, expect, it } from "vitest";
import { PartsAssembly, PartsDiverge, partRanges } from "../../server/ingest/batchParts.ts";
import { parsePredictionColumns } from "../../server/ingest/parseBatch.ts";

const ndjson = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join("\n");
const bytes = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
const row = (id: string, features: Record<string, unknown> = { x: 1 }) => ({ id, features, prediction: 0 });

/** The column batches of `text` parsed in the parts partRanges cuts, and each part's line ends. */
function partsOf(text: string, partBytes: number) {
  const body = bytes(text);
  return partRanges(body, "ndjson", partBytes).map(([start, end]) => {
    const part = Buffer.from(body.subarray(start, end)).toString("utf8");
    return { batch: parsePredictionColumns(part, "ndjson"), newlines: part.split("\n").length - 1 };
  });
}

describe("partRanges", () => {
  it("cuts an NDJSON body after line ends: a quarter part first, then even parts of about the part size", () => {
    const text = ndjson(Array.from({ length: 100 }, (_, i) => row(`r${i}`, { x: i, city: "Zürich" })));
    const body = bytes(text);
    const line = text.indexOf("\n") + 1;
    const ranges = partRanges(body, "ndjson", 500);
    expect(ranges.length).toBeGreaterThan(5);
    expect(ranges[0]![0]).toBe(0);
    expect(ranges.at(-1)![1]).toBe(body.byteLength);
    for (const [index, [start, end]] of ranges.entries()) {
      if (index > 0) expect(start).toBe(ranges[index - 1]![1]);
      if (index < ranges.length - 1) expect(body[end - 1]).toBe(0x0a);
      const [least, most] = index === 0 ? [125, 125 + line] : [350, 650 + line];
      expect(end - start).toBeGreaterThanOrEqual(least);
      expect(end - start).toBeLessThanOrEqual(most);
    }
  });

  it("keeps a short body, JSON and CSV whole", () => {
    const body = bytes(ndjson([row("a"), row("b")]));
    expect(partRanges(body, "ndjson", body.byteLength)).toEqual([[0, body.byteLength]]);
    const long = bytes(
      `[${Array(200)
        .fill(JSON.stringify(row("a")))
        .join(",\n")}]`,
    );
    expect(partRanges(long, "json", 100)).toEqual([[0, long.byteLength]]);
    expect(partRanges(long, "csv", 100)).toEqual([[0, long.byteLength]]);
  });

  it("does not start a part with a byte order mark, which its parser would drop", () => {
    const line = JSON.stringify(row("a"));
    const body = bytes(`${line}\n\ufeff${line}\n${line}\n${line}\n${line}`);
    const ranges = partRanges(body, "ndjson", line.length);
    for (const [start] of ranges) expect([...body.subarray(start, start + 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe("PartsAssembly", () => {
  it("numbers each part's rows as lines of the whole body", () => {
    const text = ["", ...Array.from({ length: 30 }, (_, i) => JSON.stringify(row(`r${i}`))), "", ""].join("\n");
    const assembly = new PartsAssembly();
    const rows = partsOf(text, 200).flatMap(({ batch, newlines }) => [...assembly.add(batch, newlines).rows]);
    expect(rows).toEqual([...parsePredictionColumns(text, "ndjson").rows]);
  });

  it("refuses an id used in two parts, names that differ only in case, and parts over the column limit", () => {
    const assembly = () => new PartsAssembly(3);
    const add = (assembly: PartsAssembly, ...rows: unknown[]) =>
      assembly.add(parsePredictionColumns(ndjson(rows), "ndjson"), rows.length);
    const ids = assembly();
    add(ids, row("a"), row("b"));
    expect(() => add(ids, row("c"), row("a"))).toThrow(PartsDiverge);
    const names = assembly();
    add(names, row("a", { City: "x" }));
    expect(() => add(names, row("b", { city: "x" }))).toThrow(PartsDiverge);
    const columns = assembly();
    add(columns, row("a", { a: 1, b: 1 }));
    add(columns, { ...row("b", { c: 1 }), score: 0.5 }); // score is not a feature: three so far
    expect(() => add(columns, row("c", { d: 1 }))).toThrow(PartsDiverge);
  });
});
