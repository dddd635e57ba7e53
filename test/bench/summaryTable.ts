/**
 * Global setup of `npm run bench` (vitest.bench.config.ts): names a fresh file for the figures
 * every bench records (summary.ts) before the bench processes start, so they inherit it, and
 * prints them as one table when the run ends.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SUMMARY_FILE_VARIABLE, summaryTable, type Figure } from "./summary.ts";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "driftbook-bench-summary-"));
  const file = join(dir, "figures.jsonl");
  process.env[SUMMARY_FILE_VARIABLE] = file;
  return () => {
    let figures: Figure[] = [];
    try {
      figures = readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Figure);
    } catch {
      // no bench recorded a figure (a filtered run): nothing to print
    }
    rmSync(dir, { recursive: true, force: true });
    if (figures.length > 0)
      console.log(`\nSummary (${new Date().toISOString().slice(0, 10)})\n\n${summaryTable(figures)}\n`);
  };
}
