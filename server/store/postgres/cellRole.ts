/**
 * The role cells read PostgreSQL as: it may log in and SELECT from the store's tables and
 * nothing else, so a cell never holds the server's credentials (issue 20). The server ensures
 * it when it starts: created once per database, with a random password kept in
 * `driftbook_cell_role` (a table the role itself cannot read), so every server on the database
 * hands its cells the same password and none resets another's. Default privileges grant it the
 * model tables the server creates later (https://www.postgresql.org/docs/current/sql-alterdefaultprivileges.html).
 * Making the role needs CREATEROLE; without it the error says what to grant.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../connection.ts";
import { quoteIdentifier } from "../columns.ts";
import { PgDb } from "./pgDb.ts";
import { PgError } from "./syncClient.ts";

/** The table that keeps the role's password; revoked from the role. */
const PASSWORDS = "driftbook_cell_role";
/** Serialises servers that start together, so one creates the role and the others find it. */
const LOCK = "select pg_advisory_xact_lock(hashtext('driftbook cell role'))";
/** PostgreSQL truncates identifiers past 63 bytes (NAMEDATALEN - 1). */
const MAX_NAME = 63;

/** The reader role's URL by server URL: ensured once per process. */
const ensured = new Map<string, string>();

/** The URL cells connect with for the database at `serverUrl`: the reader role's, on the same host and database. */
export function cellReaderUrl(serverUrl: string): string {
  const known = ensured.get(serverUrl);
  if (known) return known;
  const db = PgDb.open(serverUrl);
  try {
    const { role, password } = ensureCellRole(db);
    const url = new URL(serverUrl);
    url.username = role;
    url.password = password;
    ensured.set(serverUrl, url.toString());
    return url.toString();
  } finally {
    db.close();
  }
}

/** The name of the database's cell role: `<database>_driftbook_reader`, in letters PostgreSQL keeps as written. */
export function cellRoleName(database: string): string {
  const suffix = "_driftbook_reader";
  const base = database.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  return base.slice(0, MAX_NAME - suffix.length) + suffix;
}

/** Creates the role (or finds it), grants it reading and nothing more, and returns its name and password. */
export function ensureCellRole(db: Db): { role: string; password: string } {
  try {
    return db.transaction(() => {
      db.exec(LOCK);
      db.exec(`create table if not exists ${PASSWORDS} (role text primary key, password text not null)`);
      const { database, schema, server } = db
        .prepare("select current_database() as database, current_schema() as schema, current_user as server")
        .get() as { database: string; schema: string; server: string };
      const role = cellRoleName(database);
      const stored = db.prepare(`select password from ${PASSWORDS} where role = ?`).pluck().get(role) as
        string | undefined;
      // Hex only, so it is safe inside the literal DDL needs (a password cannot be a bound parameter there).
      const password = stored ?? randomBytes(24).toString("hex");
      if (stored === undefined)
        db.prepare(`insert into ${PASSWORDS} (role, password) values (?, ?)`).run(role, password);
      const name = quoteIdentifier(role);
      const exists = db.prepare("select 1 from pg_roles where rolname = ?").get(role) !== undefined;
      const attributes = `login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls password '${password}'`;
      db.exec(exists ? `alter role ${name} with ${attributes}` : `create role ${name} with ${attributes}`);
      const inSchema = `in schema ${quoteIdentifier(schema)}`;
      db.exec(
        [
          `grant connect on database ${quoteIdentifier(database)} to ${name}`,
          `grant usage on schema ${quoteIdentifier(schema)} to ${name}`,
          `grant select on all tables ${inSchema} to ${name}`,
          `alter default privileges for role ${quoteIdentifier(server)} ${inSchema} grant select on tables to ${name}`,
          `revoke all on ${PASSWORDS} from ${name}`,
          // Unqualified names resolve as they do for the server (temp views first: asOf.ts).
          `alter role ${name} set search_path = ${quoteIdentifier(schema)}`,
        ].join(";\n"),
      );
      return { role, password };
    })();
  } catch (error) {
    if (error instanceof PgError && error.code === "42501")
      throw new Error(
        `cannot make the read-only role cells use (${error.message}): grant the server's role CREATEROLE, ` +
          `or create the role <database>_driftbook_reader yourself and grant the server's role admin on it`,
      );
    throw error;
  }
}
