import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pg from "pg";
import { cellReaderUrl, cellRoleName } from "../../../server/store/postgres/cellRole.ts";
import { openDatabase } from "../../../server/store/db.ts";
import { ReadonlyDatabase } from "../../../server/store/readonly.ts";
import { engineDatabases } from "../../helpers/engines.ts";
import { seedCredit } from "../../helpers/cellData.ts";

const databases = engineDatabases("postgres");

/** Runs `sql` as whoever `url` names, outside Driftbook, as cell code that loads `pg` itself could. */
async function asClient(url: string, ...statements: string[]): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let last: unknown;
    for (const statement of statements) last = (await client.query(statement)).rows;
    return last;
  } finally {
    await client.end();
  }
}

describe("the reader role cells connect as", () => {
  let serverUrl: string;
  let readerUrl: string;
  beforeEach(async () => {
    serverUrl = await databases.location();
    seedCredit(serverUrl, 3);
    readerUrl = cellReaderUrl(serverUrl);
  }, 60_000);

  it("is a role of its own with a password, on the server's host and database", () => {
    const server = new URL(serverUrl);
    const reader = new URL(readerUrl);
    expect(reader.username).toBe(cellRoleName(server.pathname.slice(1)));
    expect(reader.username).not.toBe(server.username);
    expect(reader.password).toMatch(/^[0-9a-f]{48}$/);
    expect(`${reader.host}${reader.pathname}`).toBe(`${server.host}${server.pathname}`);
  });

  it("reads every table, but cannot write, create, change role or make its transaction read-write", async () => {
    expect(await asClient(readerUrl, "select count(*)::int as n from credit")).toEqual([{ n: 3 }]);
    const refusals: [string, RegExp][] = [
      ["insert into credit (id, ts) values ('x', 1)", /permission denied for table credit/],
      ["update credit set x = 1", /permission denied for table credit/],
      ["delete from credit", /permission denied for table credit/],
      ["drop table credit", /must be owner of table credit/],
      ["create table mine (a int)", /permission denied for schema public/],
      ["set role driftbook", /permission denied to set role/],
      ["select password from driftbook_cell_role", /permission denied for table driftbook_cell_role/],
    ];
    for (const [statement, refusal] of refusals)
      await expect(asClient(readerUrl, statement), statement).rejects.toThrow(refusal);
    // Even in a transaction it made read-write, a write needs a privilege the role lacks.
    await expect(
      asClient(readerUrl, "begin", "set transaction read write", "insert into credit (id, ts) values ('x', 1)"),
    ).rejects.toThrow(/permission denied for table credit/);
    expect(await asClient(serverUrl, "select count(*)::int as n from credit")).toEqual([{ n: 3 }]);
  });

  it("cannot leave a cell query's READ ONLY transaction from inside it", () => {
    const reader = new ReadonlyDatabase(readerUrl);
    try {
      expect(() => reader.query("select set_config('transaction_read_only', 'off', true)", [])).toThrow(
        /transaction read-write mode must be set before any query/,
      );
      expect(() => reader.query("set transaction read write", [])).toThrow(/^sql in cells is read-only/);
      expect(() => reader.query("select 1; insert into credit (id, ts) values ('x', 1)", [])).toThrow(
        /cannot insert multiple commands into a prepared statement/,
      );
      expect(reader.query("select count(*) as n from credit", []).get("n", 0)).toBe(3);
    } finally {
      reader.close();
    }
  });

  it("reads tables the server creates later (default privileges), and every server gets the same password", async () => {
    const server = openDatabase(serverUrl);
    try {
      server.exec("create table later (a bigint)");
      server.exec("insert into later values (7)");
    } finally {
      server.close();
    }
    expect(await asClient(readerUrl, "select a from later")).toEqual([{ a: "7" }]);
    // A second server on the database (another URL for the same database) finds the role and its password.
    const other = new URL(serverUrl);
    other.hostname = "localhost";
    expect(new URL(cellReaderUrl(other.toString())).password).toBe(new URL(readerUrl).password);
  });

  describe("a statement past the cell's time limit", () => {
    let reader: ReadonlyDatabase;
    beforeEach(() => {
      reader = new ReadonlyDatabase(readerUrl, { statementTimeoutMs: 300 });
    });
    afterEach(() => reader.close());

    it("is cancelled by PostgreSQL, and the connection reads on", () => {
      const started = Date.now();
      expect(() => reader.query("select pg_sleep(20)", [])).toThrow(/canceling statement due to statement timeout/);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(reader.query("select count(*) as n from credit", []).get("n", 0)).toBe(3);
    });
  });
});
