import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_BUSY_TIMEOUT_MS } from "../../server/store/db.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { BatchError } from "../../server/ingest/types.ts";
import { DatabaseBusyError, StoreWriter } from "../../server/store/writer.ts";
import { parseRetention } from "../../server/store/retentionSettings.ts";
import { updateSettings } from "../../server/store/modelSettings.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";
import { PgDb } from "../../server/store/postgres/pgDb.ts";
import { holdTransactionLock } from "../../server/store/transactionLock.ts";

describe.each(ENGINES)("StoreWriter on %s", (engine) => {
  const databases = engineDatabases(engine);
  let dbPath: string;
  let store: PredictionStore;
  let writer: StoreWriter;
  const changes: [string, number][] = [];
  beforeEach(async () => {
    dbPath = await databases.location();
    store = new PredictionStore(dbPath);
    changes.length = 0;
    writer = new StoreWriter({
      dbPath,
      busyTimeoutMs: 100,
      onChange: (model, version) => changes.push([model, version]),
    });
  });
  afterEach(async () => {
    await writer.close();
    store.close();
  });

  /** Holds what a batch of model `m` must wait for: SQLite's write lock, or PostgreSQL's lock on the model. */
  function holdWriteLock(): () => void {
    if (engine === "postgres") {
      const holder = PgDb.open(dbPath);
      holder.exec("begin");
      holdTransactionLock(holder, "model:m");
      return () => {
        holder.exec("rollback");
        holder.close();
      };
    }
    const holder = new Database(dbPath);
    holder.exec("begin immediate");
    return () => {
      holder.exec("rollback");
      holder.close();
    };
  }

  const bytes = (text: string) => Buffer.from(text, "utf8");

  describe("writes", () => {
    it("sweeps expired rows when its thread starts, and replaces a named reference set", async () => {
      await writer.ready; // the suite's writer, closed after the test, must not be closed while it starts
      const now = Date.now();
      store.log("old", [
        { row: 1, id: "gone", ts: now - 40 * 86_400_000, features: { x: 1 }, prediction: 0 },
        { row: 2, id: "kept", ts: now, features: { x: 2 }, prediction: 1 },
      ]);
      updateSettings(store.db, "old", { retention: parseRetention({ rows: "30d" }) });
      const swept: [string, number][] = [];
      // The default busy timeout: the suite's writer may hold the lock for a moment on a loaded machine.
      const second = new StoreWriter({
        dbPath,
        busyTimeoutMs: DEFAULT_BUSY_TIMEOUT_MS,
        onChange: (model, version) => swept.push([model, version]),
      });
      try {
        await second.ready;
        await vi.waitFor(() => expect(swept).toEqual([["old", 2]]), { timeout: 10_000 });
        expect(store.db.prepare("select id from old").pluck().all()).toEqual(["kept"]);
        const reference = await second.write("reference", "old", "csv", bytes("x,prediction\n5,1\n"), "recent");
        expect(reference.reference).toMatchObject({ name: "recent", version: 1, table: "old_reference_recent" });
      } finally {
        await second.close();
      }
    });

    it("stores predictions, labels and a reference set on its thread and reports each change before its result", async () => {
      const logged = writer.write(
        "predictions",
        "m",
        "ndjson",
        bytes('{"id":"a","features":{"x":1},"prediction":0}\n{"id":"b","features":{"x":2},"prediction":1}'),
      );
      expect(await logged).toMatchObject({ written: 2, duplicates: 0 });
      expect(changes).toEqual([["m", 1]]);
      expect(await writer.write("labels", "m", "json", bytes('[{"id":"a","label":1}]'))).toEqual({
        matched: 1,
        unmatched: 0,
        unmatchedIds: [],
      });
      expect(await writer.write("reference", "m", "csv", bytes("x,prediction\n5,1\n"))).toMatchObject({ written: 1 });
      expect(changes).toEqual([
        ["m", 1],
        ["m", 2],
        ["m", 3],
      ]);
      expect(store.model("m")).toMatchObject({ rows: 2, referenceRows: 1, labelCoverage: 0.5, version: 3 });
    });

    it("keeps batches in arrival order and moves a body's memory to the thread", async () => {
      const body = new Uint8Array(bytes('[{"id":"a","features":{"x":1},"prediction":0}]'));
      const first = writer.write("predictions", "m", "json", body);
      expect(body.byteLength).toBe(0); // transferred, not copied
      const second = writer.write("predictions", "m", "json", bytes('[{"id":"a","features":{"x":9},"prediction":0}]'));
      expect(await first).toMatchObject({ written: 1 });
      expect(await second).toMatchObject({ written: 0, duplicates: 1 });
    });

    it("rejects bad input with the BatchError naming row and field, and stores nothing", async () => {
      const refused = writer.write(
        "predictions",
        "m",
        "json",
        bytes('[{"features":{"x":1},"prediction":0},{"features":{"x":"\\ud800"},"prediction":0}]'),
      );
      await expect(refused).rejects.toBeInstanceOf(BatchError);
      await expect(refused).rejects.toMatchObject({ details: { row: 2, field: "features.x" } });
      expect(store.model("m")).toBeUndefined();
      await expect(writer.write("labels", "nobody", "json", bytes('[{"id":"a","label":1}]'))).rejects.toThrow(
        /no model named "nobody"/,
      );
    });

    it("answers DatabaseBusyError when another connection holds the lock past the busy timeout, and writes once it is free", async () => {
      const release = holdWriteLock();
      await expect(
        writer.write("predictions", "m", "json", bytes('[{"features":{},"prediction":0}]')),
      ).rejects.toBeInstanceOf(DatabaseBusyError);
      release();
      expect(await writer.write("predictions", "m", "json", bytes('[{"features":{},"prediction":0}]'))).toMatchObject({
        written: 1,
      });
    });
  });
});
