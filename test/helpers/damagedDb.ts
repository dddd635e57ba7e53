/**
 * Real SQLite files with the faults an operator meets: a database with garbage over some of its
 * pages (the header left intact, so only a page-by-page check finds it), one cut short, and a
 * text file where the database should be.
 */
import { closeSync, openSync, readSync, statSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { PredictionStore } from "../../server/store/store.ts";
import type { SqliteDb } from "../../server/store/db.ts";

/** A real database at `path` with one model of `rows` predictions, checkpointed into the main file. */
export function writeDatabase(path: string, rows = 5000): void {
  const store = new PredictionStore(path);
  const batch = Array.from({ length: rows }, (_, i) => ({
    row: i + 1,
    id: `p${i}`,
    ts: 1_700_000_000_000 + i,
    features: { x: i, group: `g${i % 7}`, note: "n".repeat(40) },
    prediction: i % 2,
    score: 0.5,
  }));
  store.log("credit", batch);
  (store.db as SqliteDb).pragma("wal_checkpoint(TRUNCATE)");
  store.close();
}

/** A real database with four pages in its second half overwritten by garbage. */
export function writeCorruptDatabase(path: string): void {
  writeDatabase(path, 50_000); // enough pages of 64 KiB that the garbage lands in table data, as with 4 KiB pages
  const page = pageSize(path);
  const pages = statSync(path).size / page;
  const fd = openSync(path, "r+");
  const garbage = Buffer.alloc(4 * page, 0x5a);
  writeSync(fd, garbage, 0, garbage.length, Math.floor(pages / 2) * page);
  closeSync(fd);
}

/** The page size in the file's header (https://www.sqlite.org/fileformat.html: offset 16, 1 meaning 65536). */
function pageSize(path: string): number {
  const header = Buffer.alloc(18);
  const fd = openSync(path, "r");
  readSync(fd, header, 0, 18, 0);
  closeSync(fd);
  const size = header.readUInt16BE(16);
  return size === 1 ? 65_536 : size;
}

/** A real database cut to a third of its size, as a copy interrupted by a full disk leaves it. */
export function writeTruncatedDatabase(path: string): void {
  writeDatabase(path);
  truncateSync(path, Math.floor(statSync(path).size / 3));
}

/** A text file where a database should be. */
export function writeTextFile(path: string): void {
  writeFileSync(path, "model,score\ncredit,0.5\n".repeat(100));
}
