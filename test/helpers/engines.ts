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
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { join } from "node:path";
import type { Engine } from "../../server/store/connection.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
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

/**
 * A database on `engine`, open while the suite's tests run: a fresh one for each test
 * (`"each"`) or one for them all (`"all"`), closed after.
 */
export function openedDatabase(engine: Engine, scope: "each" | "all"): { readonly db: Db; readonly location: string } {
  const databases = engineDatabases(engine);
  let current: { db: Db; location: string } | undefined;
  const [before, after] = scope === "each" ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    const location = await databases.location();
    current = { db: openDatabase(location), location };
  });
  after(() => {
    current?.db.close();
    current = undefined;
  });
  const opened = () => current ?? expect.fail("the database is open only while the suite's tests run");
  return {
    get db() {
      return opened().db;
    },
    get location() {
      return opened().location;
    },
  };
}
