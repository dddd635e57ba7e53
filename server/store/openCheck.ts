/**
 * Opening the SQLite file safely: every way an open can fail (a directory, a file that is not a
 * database, a truncated or corrupt one, no permission, a folder that cannot be made, a lock held
 * by another process) becomes one DatabaseOpenError, `cannot open <path>: <reason>` with a hint
 * saying what to do, so every command reports it in one line instead of a stack trace. Before
 * anything is served the file is checked (`PRAGMA quick_check`, or `integrity_check` when asked),
 * as Prometheus checks its WAL and chunks at start: corrupt pages are refused up front rather
 * than met as a 500 on some later query.
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { DatabaseOpenError, HINT, openErrorOf } from "./openError.ts";

/**
 * How much of the file to check at open. `quick` is `PRAGMA quick_check`: every page and b-tree,
 * O(N) in the file's size; `full` is `integrity_check`, which also matches every index to its
 * table (O(N log N)); `off` only reads the header and schema.
 * https://www.sqlite.org/pragma.html#pragma_quick_check
 */
export type DatabaseCheck = "quick" | "full" | "off";
export const DATABASE_CHECKS: readonly DatabaseCheck[] = ["quick", "full", "off"];

/** How many lines of a failed check the error quotes. */
const REPORTED_PROBLEMS = 5;

/**
 * The page size of a new database: 64 KiB, SQLite's largest, so a row of up to ~8,000 REAL
 * columns sits on one page instead of spilling into a chain of overflow pages that every column
 * read walks. Reading 50k rows × 990 REAL columns took SQLite 1.7 s of CPU with 64 KiB pages
 * against 7.8 s with the 4 KiB default (README, Performance); narrow reads and ingest were no
 * slower. An existing file keeps its page size (the README says how to convert one).
 */
const NEW_FILE_PAGE_SIZE = 65_536;

/**
 * Opens `path` (creating its folder and an empty database when there is none), switches it to
 * WAL and runs `check`; any failure closes the handle and throws a DatabaseOpenError. The busy
 * timeout is set first, so that even the switch to WAL waits for another writer.
 */
export function openChecked(path: string, check: DatabaseCheck = "quick", busyTimeoutMs = 0): Database.Database {
  if (path === ":memory:") return new Database(path);
  let isDirectory = false;
  try {
    isDirectory = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    makeFolder(dirname(path));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new DatabaseOpenError(
      path,
      `its folder cannot be created (${code ?? message})`,
      code === "EACCES" || code === "EPERM" ? HINT.permission : HINT.folder,
    );
  }
  if (isDirectory) throw new DatabaseOpenError(path, "it is a directory, not a database file", HINT.directory);
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Takes effect only for a new, empty file (before WAL writes its header); see NEW_FILE_PAGE_SIZE.
    db.pragma(`page_size = ${NEW_FILE_PAGE_SIZE}`);
    // Likewise only before the first table: pages freed by retention (retention.ts) go back to
    // the file system through `incremental_vacuum` instead of staying in the file for good
    // (https://www.sqlite.org/pragma.html#pragma_auto_vacuum). Only on a new file: on an existing
    // one the pragma takes the write lock, which another writer may hold.
    if (db.pragma("page_count", { simple: true }) === 0) db.pragma("auto_vacuum = INCREMENTAL");
    // The first reads of the file, header then schema: a file that is not SQLite fails here with SQLITE_NOTADB.
    db.pragma("journal_mode = WAL");
    db.prepare("select count(*) from sqlite_schema").get();
    const problems = check === "off" ? [] : checkProblems(db, check);
    if (problems.length > 0) {
      throw new DatabaseOpenError(
        path,
        `${check === "full" ? "integrity_check" : "quick_check"} found damage: ${problems.join("; ")}`,
        HINT.damaged,
      );
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof DatabaseOpenError) throw error;
    throw openErrorOf(path, error as Error & { code?: string });
  }
}

/**
 * Creates the folder and its missing parents one at a time. Node's `mkdirSync(…, {recursive})`
 * retries a parent forever when mkdir answers ENOENT for a folder whose parent exists (as under
 * /proc), so it would hang instead of failing.
 */
function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let dir = folder; !existsSync(dir) && dirname(dir) !== dir; dir = dirname(dir)) missing.unshift(dir);
  for (const dir of missing) mkdirSync(dir);
}

/** The first lines the check reported (a row may hold several); none when it says "ok". */
function checkProblems(db: Database.Database, check: "quick" | "full"): string[] {
  const pragma = check === "full" ? "integrity_check" : "quick_check";
  const rows = db.pragma(`${pragma}(${REPORTED_PROBLEMS})`, { simple: false }) as Record<string, string>[];
  const lines = rows.flatMap((row) => String(Object.values(row)[0]).split("\n"));
  if (lines.length === 1 && lines[0] === "ok") return [];
  return lines.filter((line) => !line.startsWith("*** in database")).slice(0, REPORTED_PROBLEMS);
}
