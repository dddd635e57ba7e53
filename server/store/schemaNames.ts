/**
 * Where the store's tables live, on either engine: the few questions about the schema whose SQL
 * differs. SQLite keeps them in `main` and a connection's own views in `temp`
 * (https://www.sqlite.org/lang_naming.html); PostgreSQL keeps them in the connection's current
 * schema and its temporary views in its own `pg_temp` schema, searched first
 * (https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-PATH). Readers that look
 * beneath an as-of view (asOf.ts, the cells' `online()`) name the table through storeTable.
 */
import { engineOf, type Db } from "./connection.ts";
import { quoteIdentifier } from "./columns.ts";

/** The current schema by PostgreSQL connection: it does not change during a connection. */
const schemas = new WeakMap<Db, string>();

/** The store's table `name`, qualified so that a temporary view of the same name does not hide it. */
export function storeTable(db: Db, name: string): string {
  if (engineOf(db) === "sqlite") return `main.${quoteIdentifier(name)}`;
  let schema = schemas.get(db);
  if (schema === undefined) {
    schema = db.prepare("select current_schema()").pluck().get() as string;
    schemas.set(db, schema);
  }
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** The connection's temporary views: the as-of views, the only thing a cell connection creates. */
export function temporaryViews(db: Db): string[] {
  const sql =
    engineOf(db) === "sqlite"
      ? "select name from temp.sqlite_schema where type = 'view'"
      : "select relname from pg_class where relnamespace = pg_my_temp_schema() and relkind = 'v'";
  return db.prepare(sql).pluck().all() as string[];
}

/** Drops one of the connection's temporary views. */
export function dropTemporaryView(db: Db, name: string): void {
  db.exec(`drop view ${engineOf(db) === "sqlite" ? "temp" : "pg_temp"}.${quoteIdentifier(name)}`);
}
