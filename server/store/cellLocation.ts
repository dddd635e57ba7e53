/**
 * The database location cells get, never the server's own: a SQLite file as it is (cells open
 * it read-only), or for PostgreSQL the URL of the reader role (postgres/cellRole.ts), so a cell
 * process never holds the server's credentials. Every way cells start (serve, run, check,
 * replay) passes its location through here, in the runtime host.
 */
import { isPostgresUrl } from "./location.ts";
import { cellReaderUrl } from "./postgres/cellRole.ts";

export function cellLocation(location: string): string {
  return isPostgresUrl(location) ? cellReaderUrl(location) : location;
}
