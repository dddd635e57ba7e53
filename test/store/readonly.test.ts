import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sqlTag } from "../../server/runtime/stdlib/sql.ts";
import { ReadonlyDatabase } from "../../server/store/readonly.ts";
import { writeDatabase } from "../helpers/damagedDb.ts";
import { tempDir } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
let db: ReadonlyDatabase;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  writeDatabase(join(dir, "r.db"), 3);
  db = new ReadonlyDatabase(join(dir, "r.db"));
});
afterEach(async () => {
  db.close();
  await cleanup();
});

describe("sql in cells on the read-only connection", () => {
  it("refuses a write that returns no rows, and one that does, each with the prefix once", async () => {
    const sql = sqlTag(db, new Set(), []);
    await expect(sql`delete from credit`).rejects.toThrow(
      new Error("sql in cells is read-only: only statements that return rows (select, with, pragma) can run"),
    );
    await expect(sql`insert into credit (id, ts) values ('x', 1) returning id`).rejects.toThrow(
      new Error("sql in cells is read-only: attempt to write a readonly database"),
    );
    expect((await sql`select count(*) as n from credit`).get("n", 0)).toBe(3);
  });
});
