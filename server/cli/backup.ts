/**
 * `driftbook backup <file>`: an online copy of the database while a server or `driftbook log`
 * may be writing to it, through SQLite's backup API (better-sqlite3's `db.backup()`). The copy
 * is taken in one backup step: in WAL mode that step reads one snapshot and writers go on
 * meanwhile, whereas copying in many steps restarts whenever another connection commits
 * (https://www.sqlite.org/c3ref/backup_finish.html), so under steady ingest it might never end.
 * One snapshot also means every batch is in the copy whole or not at all. The copy is written
 * beside the target and renamed over it once checked, so a failure never leaves half a file.
 */
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { databaseLocation, isPostgresUrl } from "../store/location.ts";
import { randomBytes } from "node:crypto";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { DEFAULT_BUSY_TIMEOUT_MS } from "../store/db.ts";
import { openErrorOf } from "../store/openError.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, EXIT } from "./cliError.ts";

const USAGE = `Usage: driftbook backup <file> [--db PATH] [--force]

Copies the database to FILE while a server may be writing to it: the copy holds every batch
committed when it started, each whole, and is checked (quick_check) before it is kept.

Options:
  --db PATH   the SQLite database (default ./data/driftbook.db)
  --force     overwrite FILE if it exists`;

/** Transfers every page in one step (better-sqlite3 caps the step at this many pages). */
const ALL_PAGES = 0x7fffffff;

export async function backup(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { db: { type: "string" }, force: { type: "boolean" } }, USAGE);
  if (positionals.length !== 1) throw new CliError(`expected the file to write the copy to\n\n${USAGE}`);
  const dbPath = databaseLocation(values.db);
  if (isPostgresUrl(dbPath)) {
    throw new CliError(
      "driftbook backup copies a SQLite file; back up a PostgreSQL database with its own tools (pg_dump, or your provider's backups)",
    );
  }
  const target = resolve(positionals[0]!);
  if (target === dbPath) throw new CliError(`${target} is the database itself: name another file for the copy`);
  if (!statSync(dbPath, { throwIfNoEntry: false })?.isFile()) throw new CliError(`no database at ${dbPath}`);
  const existing = statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new CliError(`${target} is a directory: name the file to write the copy to`);
  if (existing && !values.force) throw new CliError(`${target} exists: pass --force to overwrite it`);
  if (!existsSync(dirname(target))) throw new CliError(`the folder ${dirname(target)} does not exist`);

  const started = performance.now();
  const partial = `${target}.partial-${randomBytes(6).toString("hex")}`;
  const source = openSource(dbPath);
  try {
    const { totalPages } = await source.backup(partial, { progress: () => ALL_PAGES });
    checkCopy(partial);
    renameSync(partial, target);
    const megabytes = (statSync(target).size / 1e6).toFixed(1);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`backed up ${dbPath} to ${target}: ${megabytes} MB (${totalPages} pages) in ${seconds} s`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`could not write ${target}: ${(error as Error).message}; nothing was kept`);
  } finally {
    source.close();
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(partial + suffix, { force: true });
  }
}

/** A read-only connection, which never writes the database (no migration, no WAL change). */
function openSource(path: string): Database.Database {
  let source: Database.Database | undefined;
  try {
    source = new Database(path, { readonly: true, fileMustExist: true });
    source.pragma(`busy_timeout = ${DEFAULT_BUSY_TIMEOUT_MS}`);
    source.prepare("select count(*) from sqlite_schema").get(); // a file that is not a database fails here
    return source;
  } catch (error) {
    source?.close();
    throw openErrorOf(path, error as Error & { code?: string });
  }
}

/** Runs quick_check on the copy, so a backup that would not open is never kept. */
function checkCopy(path: string): void {
  const copy = new Database(path, { readonly: true });
  try {
    const result = copy.pragma("quick_check", { simple: true });
    if (result !== "ok") throw new CliError(`the copy failed quick_check (${String(result)}); nothing was kept`);
  } finally {
    copy.close();
  }
}
