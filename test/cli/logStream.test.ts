/**
 * `driftbook log` and `driftbook reference` on files streamed in chunks: a file larger than the
 * CLI's heap, bad rows mid-file (chunks before stay stored; a re-run finishes), `--atomic` and
 * reference sets all-or-nothing, and awkward values that cross chunk boundaries. Real files in
 * a temp dir, the real CLI in a child process, the real SQLite file checked afterwards.
 */
import { createWriteStream, readdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftbook, peakRssMb } from "../helpers/cli.ts";
import { tempDir, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

/** Every row of a table, by id. */
function stored(db: string, table: string): Map<string, Record<string, unknown>> {
  const connection = new Database(db, { readonly: true });
  try {
    const rows = connection.prepare(`select * from ${table}`).all() as Record<string, unknown>[];
    return new Map(rows.map((row) => [row.id as string, row]));
  } finally {
    connection.close();
  }
}

const count = (db: string, table: string) => stored(db, table).size;

/** Text values that make CSV quote and JSON escape: quotes, commas, brackets, line breaks, backslashes. */
const NOTES = ['say "hi", [then] {go}', "two\nlines", "crlf\r\nhere", "back\\slash\\", "plain", "ünï €"];
const note = (i: number) => NOTES[i % NOTES.length]!;
const csvText = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** A CSV of `rows` rows; row `bad` has text where a number belongs (the store refuses it). */
function csvFile(rows: number, bad?: number): string {
  const lines = ["id,age,note,prediction"];
  for (let i = 1; i <= rows; i++) lines.push(`r${i},${i === bad ? "old" : i % 90},${csvText(note(i))},${i % 2}`);
  return lines.join("\n") + "\n";
}

describe("driftbook log, streamed", () => {
  it("logs a CSV larger than its heap in bounded memory, and stores every row", async () => {
    const file = join(dir, "large.csv");
    const rows = 110_000;
    const filler = (i: number) => `${note(i)} ${String(i).padStart(7, "0")} `.padEnd(560, "abcdefghij"[i % 10]);
    const out = createWriteStream(file);
    out.write("id,ts,x,note,prediction\n");
    for (let start = 1; start <= rows; start += 1000) {
      let block = "";
      for (let i = start; i < start + 1000 && i <= rows; i++) {
        block += `r${i},${1_700_000_000_000 + i},${i / 8},${csvText(filler(i))},${i % 3}\n`;
      }
      if (!out.write(block)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(resolve));
    const heapMb = 48;
    expect(out.bytesWritten).toBeGreaterThan(heapMb * 1024 * 1024);

    const db = join(dir, "large.db");
    let peak: Promise<number> | undefined;
    const env = { ...process.env, NODE_OPTIONS: `--max-old-space-size=${heapMb}` };
    const result = await driftbook(["log", "big", file, "--db", db], {
      env,
      onStart: (child) => (peak = peakRssMb(child)),
    });
    expect(result.stderr).toMatch(/logging: [\d,]+ rows, 100% of the file\n$/);
    expect(result.stdout).toBe(`logged 110,000 rows for big; 5 columns\n`);
    expect(await peak).toBeLessThan(300);

    const connection = new Database(db, { readonly: true });
    try {
      let i = 0;
      let mismatch: unknown;
      for (const row of connection.prepare("select id, ts, x, note, prediction from big order by ts").iterate()) {
        i++;
        const expected = { id: `r${i}`, ts: 1_700_000_000_000 + i, x: i / 8, note: filler(i), prediction: i % 3 };
        if (JSON.stringify(row) !== JSON.stringify(expected)) mismatch ??= { row, expected };
      }
      expect(mismatch).toBeUndefined();
      expect(i).toBe(rows);
    } finally {
      connection.close();
    }
  }, 300_000); // about 10 s on a quiet machine, 35 s with the load of several test runs

  it("keeps the chunks before a bad row, names its file, row and field, and finishes on a re-run", async () => {
    await writeFiles(dir, { "bad.csv": csvFile(600, 400), "fixed.csv": csvFile(600) });
    const db = join(dir, "resume.db");
    const bad = await driftbook(["log", "m", join(dir, "bad.csv"), "--db", db, "--chunk-mb", "0.002"]);
    expect(bad.code).toBe(2);
    const message = /driftbook log: (.*)\n$/.exec(bad.stderr)![1];
    expect(message).toMatch(
      /^\S+bad\.csv: row 400: field "age" expects a number \(its column is REAL\), got "old"; rows 1 to ([\d,]+) of the file are stored \(\1 written, 0 already stored\) and the rest is not: fix the file and run the same command again to finish, rows already stored count as duplicates$/,
    );
    const kept = Number(/rows 1 to (\d+)/.exec(message)![1]);
    expect(kept).toBeGreaterThan(100); // several chunks were committed …
    expect(kept).toBeLessThan(400); // … and none holding the bad row
    expect([...stored(db, "m").keys()].sort()).toEqual(Array.from({ length: kept }, (_, i) => `r${i + 1}`).sort());

    const rerun = await driftbook(["log", "m", join(dir, "fixed.csv"), "--db", db, "--chunk-mb", "0.002"]);
    expect(rerun.stdout).toBe(`logged ${600 - kept} rows for m (${kept} already stored); 5 columns\n`);
    // Every row as written, its quoted line breaks, quotes and brackets intact across chunk ends.
    const rows = [...stored(db, "m").values()].map(({ ts: _, ingested_at: __, label_ingested_at: ___, ...row }) => row);
    const expected = (i: number) => ({ id: `r${i}`, age: i % 90, note: note(i), prediction: i % 2 });
    expect(rows.sort((a, b) => Number(String(a.id).slice(1)) - Number(String(b.id).slice(1)))).toEqual(
      Array.from({ length: 600 }, (_, i) => expected(i + 1)),
    );
  });

  it("says that rows without ids would be stored again by a re-run", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i === 250 ? "old" : i},${i % 2}`);
    await writeFiles(dir, { "noids.csv": `age,prediction\n${lines.join("\n")}\n` });
    const result = await driftbook([
      "log",
      "m",
      join(dir, "noids.csv"),
      "--db",
      join(dir, "noids.db"),
      "--chunk-mb",
      "0.001",
    ]);
    expect(result.stderr).toMatch(
      /of those rows have no id, so a re-run stores them again \(use --atomic, or give rows ids\)\n$/,
    );
  });

  it("--atomic stores nothing on a bad row and leaves no staged file behind", async () => {
    await writeFiles(dir, {
      "atomic.csv": csvFile(600),
      "atomic-more.csv": csvFile(900, 800),
      "atomic-fixed.csv": csvFile(900),
    });
    const db = join(dir, "atomic.db");
    const args = (name: string) => ["log", "m", join(dir, name), "--db", db, "--chunk-mb", "0.002", "--atomic"];
    expect((await driftbook(["log", "m", join(dir, "atomic.csv"), "--db", db])).code).toBe(0);
    const before = stored(db, "m");
    const bad = await driftbook(args("atomic-more.csv"));
    expect(bad.stderr).toMatch(/atomic-more\.csv: row 800: field "age" expects a number .*; nothing was written\n$/);
    expect(stored(db, "m")).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.includes("staging"))).toEqual([]);

    const good = await driftbook(args("atomic-fixed.csv"));
    expect(good.stdout).toBe("logged 300 rows for m (600 already stored); 5 columns\n");
    expect(stored(db, "m").get("r800")).toMatchObject({ age: 800 % 90, note: note(800) });
  });
});

describe("driftbook reference, streamed", () => {
  it("replaces the reference set all at once, or not at all", async () => {
    const db = join(dir, "reference.db");
    const args = (name: string) => ["reference", "m", join(dir, name), "--db", db, "--chunk-mb", "0.002"];
    const record = (i: number, age: unknown = i % 90) => ({
      id: `q${i}`,
      features: { age, note: note(i) },
      prediction: i % 2,
    });
    const array = (rows: number, bad?: number) =>
      `[\n${Array.from({ length: rows }, (_, i) => JSON.stringify(record(i + 1, i + 1 === bad ? "old" : undefined), null, i % 2)).join(",\n")}\n]\n`;
    const ndjson = (rows: number) =>
      Array.from({ length: rows }, (_, i) => JSON.stringify(record(i + 1001))).join("\n");
    await writeFiles(dir, { "first.json": array(500), "bad.json": array(500, 450), "second.ndjson": ndjson(300) });

    expect((await driftbook(args("first.json"))).stdout).toBe(
      "reference set to 500 rows for m (training, version 1); 5 columns\n",
    );
    const first = stored(db, "m_reference");
    expect(first.get("q7")).toMatchObject({ age: 7, note: note(7), prediction: 1 });
    expect([...first.values()].map((row) => row.note)).toEqual(Array.from({ length: 500 }, (_, i) => note(i + 1)));

    const bad = await driftbook(args("bad.json"));
    expect(bad.stderr).toMatch(/bad\.json: row 450: field "age" expects a number .*; nothing was written\n$/);
    expect(stored(db, "m_reference")).toEqual(first);

    expect((await driftbook(args("second.ndjson"))).stdout).toBe(
      "reference set to 300 rows for m (training, version 2); 5 columns\n",
    );
    const second = stored(db, "m_reference");
    expect([...second.keys()]).toEqual(Array.from({ length: 300 }, (_, i) => `q${i + 1001}`));
    expect(second.get("q1005")).toMatchObject({ note: note(1005) });
    expect(count(db, "m_reference")).toBe(300);
  });
});
