import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sqlTag } from "../../server/runtime/stdlib/sql.ts";
import { ReadonlyDatabase } from "../../server/store/readonly.ts";
import { cellLocation } from "../../server/store/cellLocation.ts";
import { openDatabase } from "../../server/store/db.ts";
import { ENGINES, engineDatabases, sharedPostgres } from "../helpers/engines.ts";
import { creditRow, seedCredit } from "../helpers/cellData.ts";

/** More rows than one cursor batch (readOnlyQuery.ts reads 5000 at a time), so batches join up. */
const ROWS = 12_345;

describe.each(ENGINES)("sql in cells on the read-only connection, on %s", (engine) => {
  const databases = engineDatabases(engine);
  let db: ReadonlyDatabase;
  let location: string;
  beforeEach(async () => {
    location = await databases.location();
    seedCredit(location, ROWS);
    db = new ReadonlyDatabase(cellLocation(location));
  }, 60_000);
  afterEach(() => db.close());

  it("refuses a write that returns no rows, and one that does, each with the prefix once", async () => {
    const sql = sqlTag(db, new Set(), []);
    await expect(sql`delete from credit`).rejects.toThrow(
      new Error("sql in cells is read-only: only statements that return rows (select, with, pragma) can run"),
    );
    const refused = await sql`insert into credit (id, ts) values ('x', 1) returning id`.then(
      () => expect.fail("the insert ran"),
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/^sql in cells is read-only: (?!.*read-only:)/);
    expect(refused).toMatch(
      engine === "sqlite" ? /attempt to write a readonly database/ : /cannot execute INSERT in a read-only transaction/,
    );
    expect((await sql`select count(*) as n from credit`).get("n", 0)).toBe(ROWS);
  });

  it("reads every row in order, numbers as doubles, vectors as Float32Arrays, with ${} bound as values", async () => {
    const sql = sqlTag(db, new Set(), []);
    const hostile = "g1' or '1' = '1";
    expect((await sql`select count(*) as n from credit where grp = ${hostile}`).get("n", 0)).toBe(0);
    const table = await sql`select id, ts, x, grp, embedding from credit where ts >= ${creditRow(0).ts} order by ts`;
    expect(table.numRows()).toBe(ROWS);
    expect(table.column("ts")).toBeInstanceOf(Float64Array);
    expect(table.column("x")).toBeInstanceOf(Float64Array);
    for (const i of [0, 4999, 5000, 10_001, ROWS - 1]) {
      const { id, ts, x, grp, embedding } = creditRow(i);
      expect(table.object(i)).toEqual({ id, ts, x, grp, embedding });
      expect(table.get("embedding", i)).toBeInstanceOf(Float32Array);
    }
  });

  it("keeps both of two columns with one name", async () => {
    const table = db.query("select a.id, b.id from credit a join credit b on a.id = b.id where a.id = ?", ["p7"]);
    expect(table.columnNames()).toEqual(["id", "id_1"]);
    expect(table.objects()).toEqual([{ id: "p7", id_1: "p7" }]);
  });

  it("reads again after a failed statement, on the same connection", async () => {
    expect(() => db.query("select no_such_column from credit", [])).toThrow(/no_such_column/);
    expect(db.query("select count(*) as n from credit where x < ?", [1]).get("n", 0)).toBe(4);
  });
});

describe("a cell's PostgreSQL connection across a restart of PostgreSQL", () => {
  const databases = engineDatabases("postgres");

  it("says the connection failed, then reads again, still as of T", async () => {
    const location = await databases.location();
    seedCredit(location, 20);
    const server = openDatabase(location);
    server
      .prepare("insert into driftbook_models (name, created_at, updated_at, version) values ('credit', 0, 0, 1)")
      .run();
    server.close();
    const db = new ReadonlyDatabase(cellLocation(location));
    try {
      db.setAsOf(creditRow(9).ts);
      const count = () => db.query("select count(*) as n from credit", []).get("n", 0);
      expect(count()).toBe(10);
      (await sharedPostgres()).restart();
      // The first statement may meet the connection the restart closed; the next opens a new session.
      try {
        expect(count()).toBe(10);
      } catch (error) {
        expect((error as Error).message).toMatch(/^PostgreSQL connection failed \(127\.0\.0\.1:\d+\/test_\w+\)/);
        expect(count()).toBe(10);
      }
      db.setAsOf(undefined);
      expect(count()).toBe(20);
    } finally {
      db.close();
    }
  }, 60_000);
});
