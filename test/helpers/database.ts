import { afterAll, beforeAll, expect } from "vitest";
import { join } from "node:path";
import { openDatabase, type Db } from "../../server/store/db.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { tempDir } from "./workbooks.ts";

/** A real database file `driftbook.db` in a fresh temporary folder; `cleanup` closes it and removes the folder. */
export async function tempDatabase(): Promise<{ db: Db; dir: string; cleanup: () => Promise<void> }> {
  const { dir, cleanup } = await tempDir();
  const db = openDatabase(join(dir, "driftbook.db"));
  return {
    db,
    dir,
    cleanup: async () => {
      db.close();
      await cleanup();
    },
  };
}

/** For one suite: a fresh database before its tests, closed and removed after them. */
export function suiteDatabase(): { readonly db: Db; readonly dir: string } {
  let current: Awaited<ReturnType<typeof tempDatabase>> | undefined;
  beforeAll(async () => {
    current = await tempDatabase();
  });
  afterAll(() => current?.cleanup());
  const opened = () => current ?? expect.fail("the suite's database is open only while its tests run");
  return {
    get db() {
      return opened().db;
    },
    get dir() {
      return opened().dir;
    },
  };
}

/** A PredictionStore on `file` in a fresh temporary folder with its clock stopped at `now`; `cleanup` closes it and removes the folder. */
export async function tempStore(
  file: string,
  now: number,
): Promise<{ store: PredictionStore; path: string; cleanup: () => Promise<void> }> {
  const { dir, cleanup } = await tempDir();
  const path = join(dir, file);
  const store = new PredictionStore(path, { now: () => now });
  return {
    store,
    path,
    cleanup: async () => {
      store.close();
      await cleanup();
    },
  };
}
