import { statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PredictionStore } from "../../server/store/store.ts";
import { tempDir } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe("WalCheckpoints", () => {
  it("reports the log's size and how long a reader has kept checkpoints from completing", () => {
    let now = 1_000_000;
    const path = join(dir, "wal.db");
    const store = new PredictionStore(path, { now: () => now });
    const log = (from: number) =>
      store.log(
        "m",
        Array.from({ length: 200 }, (_, i) => ({ row: i + 1, id: `p${from + i}`, features: { x: i }, prediction: 0 })),
      );
    log(0);
    expect(store.wal!.walBytes()).toBe(statSync(`${path}-wal`).size);
    expect(store.wal!.walBytes()).toBeGreaterThan(0);
    expect(store.wal!.checkpoint()).toBe(true);
    now += 5_000;
    expect(store.wal!.secondsSinceCheckpoint()).toBe(5);

    // A long reader: its snapshot predates the next batch, so those frames cannot be copied back.
    const reader = new Database(path, { readonly: true });
    reader.exec("begin");
    reader.prepare("select count(*) from m").get();
    log(1000);
    store.wal!.checkpoint();
    now += 60_000;
    expect(store.wal!.checkpoint()).toBe(false);
    expect(store.wal!.secondsSinceCheckpoint()).toBe(65);

    reader.exec("commit");
    reader.close();
    expect(store.wal!.checkpoint()).toBe(true);
    expect(store.wal!.secondsSinceCheckpoint()).toBe(0);
    store.close();
  });
});
