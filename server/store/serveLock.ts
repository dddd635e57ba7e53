/**
 * One `driftbook serve` per database. Two servers on one file would both run every scheduled
 * run and fight over the write lock, so `serve` holds an exclusive lock on a small SQLite file
 * beside the database, `<db>.lock`, for as long as it runs — as Prometheus locks its data
 * directory. The lock is SQLite's own (`BEGIN EXCLUSIVE` held open: an fcntl lock), which the
 * kernel releases when the process dies, even by kill -9, so unlike a pidfile it never goes
 * stale. `driftbook log` and `run` do not take it: they share the database and wait for its
 * write lock. A PostgreSQL database has no lock: several servers share it and divide the work
 * through it.
 */
import { readFileSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { openErrorOf } from "./openError.ts";
import { isPostgresUrl } from "./location.ts";

/** Another process serves the database. */
export class DatabaseInUseError extends Error {}

export interface ServeLock {
  /** The lock file. */
  path: string;
  release(): void;
}

/**
 * Takes the serve lock of the SQLite database at `dbPath`, or throws DatabaseInUseError naming
 * it; undefined for a PostgreSQL database.
 */
export function holdServeLock(dbPath: string): ServeLock | undefined {
  if (isPostgresUrl(dbPath)) return undefined;
  const path = `${dbPath}.lock`;
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma("busy_timeout = 0");
    db.exec("begin exclusive");
  } catch (error) {
    db?.close();
    if ((error as { code?: string }).code !== "SQLITE_BUSY") throw openErrorOf(path, error as Error);
    const holder = lockHolder(path);
    throw new DatabaseInUseError(
      `another driftbook serve is using ${dbPath} (it holds ${path}${holder ? `; process ${holder}` : ""}): ` +
        "stop it first, or serve another database with --db",
    );
  }
  return { path, release: () => db.close() };
}

/**
 * The process holding a POSIX lock on `path`, read from Linux's /proc/locks (best effort: the
 * message names it when it can).
 */
function lockHolder(path: string): number | undefined {
  try {
    const inode = statSync(path).ino;
    for (const line of readFileSync("/proc/locks", "utf8").split("\n")) {
      const fields = line.trim().split(/\s+/); // 1: POSIX ADVISORY WRITE <pid> <maj:min:inode> <start> <end>
      if (fields[1] === "POSIX" && fields[5]?.split(":")[2] === String(inode)) return Number(fields[4]);
    }
  } catch {
    // Not Linux, or /proc is not mounted: the message goes without the process.
  }
  return undefined;
}
