import { describe, expect, it } from "vitest";
import { parsePredictions } from "../../../server/ingest/parseBatch.ts";
import { recordChunks } from "../../../server/ingest/stream/recordChunks.ts";
import { BatchError, type BatchFormat, type PredictionInput } from "../../../server/ingest/types.ts";

/** `text` as a stream delivers it: pieces of `pieceChars`. */
async function* piecesOf(text: string, pieceChars: number): AsyncGenerator<string> {
  for (let start = 0; start < text.length; start += pieceChars) yield text.slice(start, start + pieceChars);
}

/** Parses `text` chunk by chunk as `driftbook log` does: the rows, and the chunk count. */
async function parseChunked(text: string, format: BatchFormat, chunkChars: number, pieceChars: number) {
  const rows: PredictionInput[] = [];
  let chunks = 0;
  const options = { chunkChars, maxRowChars: 1 << 20 };
  for await (const chunk of recordChunks(piecesOf(text, pieceChars), format, options)) {
    rows.push(...parsePredictions(chunk.body, format, { offsets: chunk.offsets(rows.length) }));
    chunks++;
  }
  return { rows, chunks };
}

/** The error a parse throws, as text. */
async function errorOf(parse: () => unknown): Promise<string> {
  try {
    await parse();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchError);
    return (error as Error).message;
  }
  throw new Error("expected a BatchError");
}

// Awkward values: quotes, escapes, brackets and commas inside strings; CSV fields spanning lines.
const NOTES = ["plain", 'say "hi", [then] {go}', "back\\slash\\", "two\nlines", "crlf\r\ninside", "ünï €"];

function csvFile(rows: number, lineEnd = "\n", badRow?: number): string {
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const lines = ["id,age,note,prediction"];
  for (let i = 1; i <= rows; i++) {
    if (i % 9 === 0) lines.push(""); // an empty line, which CSV skips
    lines.push(`r${i},${i === badRow ? "1e999" : 20 + (i % 50)},${quote(NOTES[i % NOTES.length]!)},${i % 2}`);
  }
  return lines.join(lineEnd) + lineEnd;
}

const record = (i: number, badRow?: number) => ({
  id: `r${i}`,
  features: { age: i === badRow ? { years: 20 } : 20 + (i % 50), note: NOTES[i % NOTES.length] },
  prediction: i % 2,
});

function ndjsonFile(rows: number, badRow?: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= rows; i++) {
    if (i % 9 === 0) lines.push("  "); // a blank line, which NDJSON skips
    lines.push(JSON.stringify(record(i, badRow)));
  }
  return "\ufeff" + lines.join("\n") + "\n";
}

function jsonFile(rows: number, badRow?: number): string {
  const items = Array.from({ length: rows }, (_, i) =>
    JSON.stringify(record(i + 1, badRow), null, i % 3 ? undefined : 1),
  );
  return `[\n${items.join(",\n")}\n]\n`;
}

const CHUNK_SIZES = [1, 37, 200, 1000, 1 << 20];
const PIECE_SIZES = [1, 5, 64, 4096];

describe("recordChunks", () => {
  const files: [BatchFormat, string, string][] = [
    ["csv", "LF", csvFile(60)],
    ["csv", "CRLF", csvFile(60, "\r\n")],
    ["csv", "CR", csvFile(60, "\r")],
    ["ndjson", "with a BOM and blank lines", ndjsonFile(60)],
    ["json", "compact and indented elements", jsonFile(60)],
  ];

  it.each(files)(
    "cuts %s (%s) into chunks whose rows are the whole file's, numbered as in it",
    async (format, _, text) => {
      const whole = parsePredictions(text, format);
      for (const chunkChars of CHUNK_SIZES) {
        for (const pieceChars of PIECE_SIZES) {
          const { rows, chunks } = await parseChunked(text, format, chunkChars, pieceChars);
          expect(rows).toEqual(whole);
          if (chunkChars < 1000) expect(chunks).toBeGreaterThan(2);
        }
      }
    },
  );

  const bad: [BatchFormat, string, string][] = [
    ["csv", "a value", csvFile(60, "\n", 44)],
    ["csv", "a stray quote", csvFile(60).replace(/^r44,.*$/m, 'r44,64,"a"b",0')],
    ["csv", "an unclosed quote", csvFile(60).replace(/^r44,.*$/m, 'r44,64,"open,0')],
    ["csv", "a row too short", csvFile(60, "\r\n").replace(/^r44,.*$/m, "r44,0")],
    ["ndjson", "a value", ndjsonFile(60, 44)],
    ["ndjson", "malformed JSON", ndjsonFile(60).replace('"r44",', '"r44"')],
    ["json", "a value", jsonFile(60, 44)],
    ["json", "malformed JSON", jsonFile(60).replace('"r44",', '"r44"')],
    ["json", "a trailing comma", jsonFile(60).replace(/\n]\n$/, ",\n]\n")],
    ["json", "not an array", JSON.stringify(record(1))],
  ];

  it.each(bad)(
    "refuses %s with %s exactly as the whole file, naming the file's row and line",
    async (format, _, text) => {
      const whole = await errorOf(() => parsePredictions(text, format));
      for (const chunkChars of [1, 200]) {
        for (const pieceChars of [3, 4096]) {
          expect(await errorOf(() => parseChunked(text, format, chunkChars, pieceChars))).toBe(whole);
        }
      }
    },
  );

  it("refuses a row that runs past the longest row read, naming the line it may start on", async () => {
    const rows = Array.from({ length: 100 }, (_, i) => (i === 19 ? 'r20,"open,0' : `r${i + 1},${i},1`));
    const text = `id,age,prediction\n${rows.join("\n")}\n`;
    const rowLine = text.slice(0, text.indexOf("r20,")).split("\n").length;
    const chunks = recordChunks(piecesOf(text, 8), "csv", { chunkChars: 50, maxRowChars: 300 });
    const message = await errorOf(async () => {
      for await (const _ of chunks);
    });
    expect(message).toMatch(/^from line \d+ on, no row ends within 300 characters of text: is a quote left open\?$/);
    const line = Number(/line (\d+)/.exec(message)![1]);
    expect(line).toBeLessThanOrEqual(rowLine);
    expect(line).toBeGreaterThan(rowLine - 4);
  });

  it("gives an empty file one chunk, which the parser refuses as having no rows", async () => {
    for (const format of ["csv", "ndjson", "json"] as const) {
      expect(await errorOf(() => parseChunked("", format, 10, 10))).toBe("the batch has no rows");
    }
  });
});
