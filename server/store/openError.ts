/**
 * Why the database cannot be used, in words: `cannot open <path>: <reason>; <what to do>`. Kept
 * apart from the opener (no SQLite import), so the CLI can recognise it without loading SQLite.
 */

/** What to do, by what went wrong. */
export const HINT = {
  damaged: "restore it from a backup, or move it aside to start an empty one",
  directory: "give --db the path of a database file, or move the directory aside",
  permission: "let the user running Driftbook read and write the file, its -wal and -shm files and their folder",
  folder: "create the folder, or give --db a path in a folder that exists",
  locked: "another process holds a lock on it; stop that process or try again",
} as const;

/** The database could not be opened or failed its check; the message names the path, the reason and a fix. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly hint: string,
  ) {
    super(`cannot open ${path}: ${reason}; ${hint}`);
  }
}

/** SQLite's (or the file system's) error in words, with what to do about it. */
export function openErrorOf(path: string, error: Error & { code?: string }): DatabaseOpenError {
  // better-sqlite3 reports extended codes (SQLITE_BUSY_RECOVERY); the primary code says enough.
  switch (/^SQLITE_[A-Z]+/.exec(error.code ?? "")?.[0]) {
    case "SQLITE_NOTADB":
      return new DatabaseOpenError(path, "the file is not a SQLite database", HINT.damaged);
    case "SQLITE_CORRUPT":
    case "SQLITE_IOERR":
      return new DatabaseOpenError(path, `the database is damaged (${error.message})`, HINT.damaged);
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return new DatabaseOpenError(path, `it is locked (${error.message})`, HINT.locked);
    case "SQLITE_CANTOPEN":
    case "SQLITE_READONLY":
    case "SQLITE_PERM":
    case "SQLITE_AUTH":
      return new DatabaseOpenError(
        path,
        `${error.message} (no permission to read and write it, or its folder is read-only)`,
        HINT.permission,
      );
    default:
      return new DatabaseOpenError(path, error.message, HINT.damaged);
  }
}
