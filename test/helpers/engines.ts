/**
 * Suites that must hold on both engines run once per engine: `describe.each(ENGINES)` with a
 * fresh database per test (or per suite) from `engineDatabases(engine)`: a SQLite file in a
 * temporary folder, or a new database in a throwaway PostgreSQL cluster (postgres.ts) started
 * once per test file, on first use. Tests receive the database's location (a path or a URL),
 * which is all the server's own code receives too.
 *
 *     describe.each(ENGINES)("runs on %s", (engine) => {
 *       const databases = engineDatabases(engine);
 *       it("…", async () => {
 *         const db = openDatabase(await databases.location());
 *         …
 *       });
 *     });
 */
import { afterAll } from "vitest";
import { join } from "node:path";
import type { Engine } from "../../server/store/connection.ts";
import { startPostgresCluster, type PostgresCluster } from "./postgres.ts";
import { tempDir } from "./workbooks.ts";

export const ENGINES: Engine[] = ["sqlite", "postgres"];

/** The file's cluster, started by the first PostgreSQL database asked for and removed after the file's tests. */
let cluster: Promise<PostgresCluster> | undefined;
afterAll(async () => (await cluster)?.remove());

export function sharedPostgres(): Promise<PostgresCluster> {
  return (cluster ??= startPostgresCluster());
}

export interface EngineDatabases {
  engine: Engine;
  /** A new, empty database: a file path (not yet created) or a PostgreSQL URL. */
  location(): Promise<string>;
}

/** Fresh databases on `engine`; SQLite's folders are removed after the file's tests. */
export function engineDatabases(engine: Engine): EngineDatabases {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  return {
    engine,
    async location() {
      if (engine === "postgres") return (await sharedPostgres()).createDatabase();
      const { dir, cleanup } = await tempDir();
      cleanups.push(cleanup);
      return join(dir, "driftbook.db");
    },
  };
}
