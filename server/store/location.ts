/**
 * Where the data lives, as `--db` (or DRIFTBOOK_DATABASE_URL) names it: a SQLite file by its
 * path, or a PostgreSQL database by its URL (`postgres://user@host/db`). Only server/store/ opens
 * either; the rest of the server passes the location along as a string.
 */
import { resolve } from "node:path";

/** The default database, relative to the working directory. */
export const DEFAULT_DB_PATH = "data/driftbook.db";

/** The environment variable that names the database when `--db` does not. */
export const DATABASE_URL_VARIABLE = "DRIFTBOOK_DATABASE_URL";

export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** The location for messages and logs: a URL without its password. */
export function describeLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    url.password = "";
    return url.toString();
  } catch {
    return "a PostgreSQL URL that cannot be parsed";
  }
}

/** The location `--db` gives (else the environment's, else the default): a URL as it is, a path made absolute. */
export function databaseLocation(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const location = flag ?? env[DATABASE_URL_VARIABLE] ?? DEFAULT_DB_PATH;
  return isPostgresUrl(location) ? location : resolve(location);
}
