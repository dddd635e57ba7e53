import { renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PredictionStore } from "../../server/store/store.ts";
import { writeDatabase } from "../helpers/damagedDb.ts";
import { tempDir } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
let store: PredictionStore | undefined;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => {
  store?.close();
  await cleanup();
});

describe("DatabaseHealthCheck", () => {
  it("is healthy while the file it opened is in place", () => {
    store = new PredictionStore(join(dir, "h.db"));
    expect(store.health.check()).toEqual({ ok: true });
  });

  it("reports a database file removed under the open connection", () => {
    const path = join(dir, "h.db");
    store = new PredictionStore(path);
    rmSync(path);
    expect(store.health.check()).toEqual({
      ok: false,
      reason: `the database file ${path} was removed while the server had it open; restart the server`,
    });
  });

  it("reports a database file replaced by another (a backup restored over it)", () => {
    const path = join(dir, "h.db");
    store = new PredictionStore(path);
    writeDatabase(join(dir, "backup.db"), 10);
    renameSync(join(dir, "backup.db"), path);
    expect(store.health.check()).toMatchObject({
      ok: false,
      reason: expect.stringContaining("was replaced by another file"),
    });
  });

  it("reports a connection that can no longer read", () => {
    store = new PredictionStore(join(dir, "h.db"));
    store.db.close();
    expect(store.health.check()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cannot be read: .*database connection is not open/),
    });
    store = undefined;
  });
});
