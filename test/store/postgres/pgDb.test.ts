import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgDb } from "../../../server/store/postgres/pgDb.ts";
import { readOnlyQuery } from "../../../server/store/postgres/readOnlyQuery.ts";
import { PgError } from "../../../server/store/postgres/syncClient.ts";
import { engineOf } from "../../../server/store/connection.ts";
import { sharedPostgres } from "../../helpers/engines.ts";

let db: PgDb;

beforeAll(async () => {
  db = PgDb.open(await (await sharedPostgres()).createDatabase());
  db.exec(
    `create table items (id bigint generated always as identity primary key, name text, score double precision, data bytea)`,
  );
});
afterAll(() => db?.close());

describe("PgDb", () => {
  it("is a PostgreSQL connection", () => {
    expect(engineOf(db)).toBe("postgres");
  });

  it("binds ? in order and @name from an object, and shapes rows as better-sqlite3 does", () => {
    expect(
      db.prepare("insert into items (name, score, data) values (?, ?, ?)").run("a", 1.5, Buffer.from([1, 2, 3]))
        .changes,
    ).toBe(1);
    db.prepare("insert into items (name, score) values (@name, @score)").run({ name: "b's", score: 2 });
    expect(db.prepare("select name, score from items order by id").all()).toEqual([
      { name: "a", score: 1.5 },
      { name: "b's", score: 2 },
    ]);
    expect(db.prepare("select count(*) from items where name <> '?'").pluck().get()).toBe(2);
    expect(db.prepare("select id::text, name from items where name = :name").raw().get({ name: "a" })).toEqual([
      "1",
      "a",
    ]);
    const data = db.prepare("select data from items where name = ?").pluck().get("a");
    expect(Buffer.isBuffer(data) && [...(data as Buffer)]).toEqual([1, 2, 3]);
  });

  it("reads a write's id through returning, and refuses lastInsertRowid with a way out", () => {
    expect(db.prepare("insert into items (name) values (?) returning id").pluck().get("c")).toBe(3);
    const result = db.prepare("insert into items (name) values (?)").run("d");
    expect(() => result.lastInsertRowid).toThrow(/returning id/);
  });

  it("commits a transaction, rolls back a failed one, and nests as savepoints", () => {
    const count = () => db.prepare("select count(*) from items").pluck().get();
    const before = count() as number;
    db.transaction(() => db.prepare("insert into items (name) values ('t1')").run())();
    expect(count()).toBe(before + 1);
    expect(() =>
      db.transaction(() => {
        db.prepare("insert into items (name) values ('t2')").run();
        throw new Error("no");
      })(),
    ).toThrow("no");
    expect(count()).toBe(before + 1);
    db.transaction(() => {
      db.prepare("insert into items (name) values ('outer')").run();
      expect(() =>
        db.transaction(() => {
          db.prepare("insert into items (name) values ('inner')").run();
          throw new Error("inner");
        })(),
      ).toThrow("inner");
    }).immediate();
    expect(db.prepare("select name from items where name in ('outer', 'inner')").pluck().all()).toEqual(["outer"]);
  });

  it("passes PostgreSQL's errors through with their SQLSTATE, and the connection stays usable", () => {
    try {
      db.prepare("select * from missing_table").all();
      expect.fail("should throw");
    } catch (error) {
      expect(error).toBeInstanceOf(PgError);
      expect((error as PgError).code).toBe("42P01");
      expect((error as PgError).message).toMatch(/missing_table/);
    }
    expect(db.prepare("select 1 as one").get()).toEqual({ one: 1 });
  });

  it("iterates a long result through a cursor, a batch at a time, and is busy until the iteration ends", () => {
    const series = db.prepare("select n, n * 0.5 as half from generate_series(1, 12345) as n");
    let count = 0;
    let sum = 0;
    for (const row of series.iterate() as Iterable<{ n: number; half: number }>) {
      count++;
      sum += row.half;
      // Other statements wait for the cursor on one connection: refused, as better-sqlite3 refuses them.
      if (count === 1) expect(() => db.prepare("select 1").get()).toThrow(/busy reading a result/);
    }
    expect([count, sum]).toEqual([12345, (12345 * 12346) / 4]);
    expect(series.columns().map((column) => column.name)).toEqual(["n", "half"]);
    // Stopping early closes the cursor: the connection serves the next statement.
    for (const n of series.raw().iterate() as Iterable<unknown[]>) if (n[0] === 7000) break;
    expect(db.prepare("select 2").pluck().get()).toBe(2);
    // An error in the statement is the caller's at the first row, and leaves the connection usable.
    expect(() => [...db.prepare("select 1 / (n - 3) from generate_series(1, 5) as n").iterate()]).toThrow(
      /division by zero/,
    );
    expect(db.prepare("select 3").pluck().get()).toBe(3);
    // A reader that returns without reading a row closes the cursor too.
    expect(readOnlyQuery(db, "select n from generate_series(1, 9) as n", [], undefined, () => "unread")).toBe("unread");
    expect(db.prepare("select 4").pluck().get()).toBe(4);
  });

  it("streams rows in with COPY", () => {
    db.exec("create table copied (a bigint, b text)");
    expect(db.client.copy("copy copied (a, b) from stdin", "1\tx\n2\ty\n")).toBe(2);
    expect(db.prepare("select a, b from copied order by a").raw().all()).toEqual([
      [1, "x"],
      [2, "y"],
    ]);
  });

  it("says the connection failed while PostgreSQL restarts, then works again without reopening", async () => {
    const cluster = await sharedPostgres();
    cluster.stop();
    try {
      expect(() => db.prepare("select 1").get()).toThrow(/PostgreSQL connection failed \(127\.0\.0\.1:\d+\/test_/);
    } finally {
      cluster.start();
    }
    expect(db.prepare("select 2 as two").get()).toEqual({ two: 2 });
  });
});
