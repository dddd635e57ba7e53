/**
 * `driftbook log` of a large CSV, the shape a user's file ran out of a 4 GB heap with (issue 16:
 * 356k rows × 100 numeric columns, 305 MB): rows/s and peak RSS of the real CLI process, side by
 * side with the `sqlite3` shell's `.import` of the same file into a table of its own (C, no
 * typing, no checks: a floor, not a peer). The target is on memory: a file of any size logs in
 * ≤ 300 MB RSS (the 1 GB run is in the README).
 */
import { execFileSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { describe } from "vitest";
import { driftbook, peakRssMb } from "../../helpers/cli.ts";
import { tempDir } from "../../helpers/workbooks.ts";
import { formatRate, sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";

const ROWS = 356_000;
const COLUMNS = 100;

/** Writes the CSV: id, ts, COLUMNS numeric features, prediction and score. */
async function writeCsv(path: string): Promise<number> {
  const out = createWriteStream(path);
  const features = Array.from({ length: COLUMNS }, (_, j) => `f${j}`);
  out.write(`id,ts,${features.join(",")},prediction,score\n`);
  for (let start = 0; start < ROWS; start += 1000) {
    let block = "";
    for (let i = start; i < Math.min(start + 1000, ROWS); i++) {
      let values = "";
      for (let j = 0; j < COLUMNS; j++) values += `,${(((i * (j + 7)) % 100_003) / 97).toFixed(3)}`;
      block += `r${i},${1_700_000_000_000 + i}${values},${i % 2},${(i % 100) / 100}\n`;
    }
    if (!out.write(block)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
  return out.bytesWritten;
}

async function compare(): Promise<void> {
  const { dir, cleanup } = await tempDir("driftbook-bench-");
  try {
    const file = join(dir, "large.csv");
    const bytes = await writeCsv(file);
    const shape = `${Math.round(bytes / 1e6)} MB CSV, ${ROWS / 1000}k rows × ${COLUMNS} columns`;

    let peak: Promise<number> | undefined;
    const logged = await driftbook(["log", "big", file, "--db", join(dir, "driftbook.db")], {
      onStart: (child) => (peak = peakRssMb(child)),
    });
    if (logged.code !== 0) throw new Error(`driftbook log failed: ${logged.stderr}`);
    const peakMb = await peak!;

    let importMs: number | undefined;
    try {
      const start = performance.now();
      execFileSync("sqlite3", [join(dir, "import.db"), ".import --csv " + file + " big"]);
      importMs = performance.now() - start;
    } catch (error) {
      console.warn(`no sqlite3 shell to compare with: ${(error as Error).message}`);
    }

    recordFigure({
      figure: `driftbook log, ${shape}`,
      ours: formatRate(ROWS, logged.ms),
      baseline: importMs === undefined ? undefined : `sqlite3 shell .import ${formatRate(ROWS, importMs)}`,
      ratio: importMs === undefined ? undefined : importMs / logged.ms,
    });
    recordFigure({
      figure: `driftbook log, ${shape}: peak RSS`,
      ours: `${Math.round(peakMb)} MB`,
      measured: peakMb,
      target: { atMost: 300, unit: "MB" },
    });
  } finally {
    await cleanup();
  }
}

describe("driftbook log of a large file", () => {
  sideBySide("driftbook log side by side with the sqlite3 shell's .import", compare);
});
