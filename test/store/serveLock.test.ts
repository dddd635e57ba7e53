import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseInUseError, holdServeLock } from "../../server/store/serveLock.ts";
import { tempDir } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe("holdServeLock", () => {
  it("refuses a second holder of one database, naming it and the holder, until the first releases it", () => {
    const dbPath = join(dir, "served.db");
    const first = holdServeLock(dbPath)!;
    expect(first.path).toBe(`${dbPath}.lock`);
    let refused: unknown;
    try {
      holdServeLock(dbPath);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DatabaseInUseError);
    expect((refused as Error).message).toBe(
      `another driftbook serve is using ${dbPath} (it holds ${dbPath}.lock; process ${process.pid}): stop it first, or serve another database with --db`,
    );
    const other = holdServeLock(join(dir, "other.db"))!; // another database is another lock
    other.release();
    first.release();
    holdServeLock(dbPath)!.release();
  });

  it("takes no lock on a PostgreSQL database, which several servers share", () => {
    expect(holdServeLock("postgres://driftbook@127.0.0.1:5432/driftbook")).toBeUndefined();
  });
});
