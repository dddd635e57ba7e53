import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServeProcess } from "../helpers/serveProcess.ts";
import { tempDir } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

function batch(index: number): string {
  return Array.from({ length: 500 }, (_, i) =>
    JSON.stringify({ id: `b${index}-${i}`, features: { x: i, group: `g${i % 7}` }, prediction: i % 2, score: (i % 100) / 100 }),
  ).join("\n");
}

describe("durability", () => {
  it("keeps exactly the acknowledged batches after kill -9 of the server", async () => {
    const dbPath = join(dir, "durable.db");
    const { child, url } = await startServeProcess(["--db", dbPath, "--workbooks", dir]);
    const acknowledged: number[] = [];
    let inFlight = -1;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const streaming = (async () => {
      for (let index = 0; ; index++) {
        inFlight = index;
        const response = await fetch(`${url}/api/v1/models/durable/predictions`, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson" },
          body: batch(index),
        }).catch(() => undefined);
        if (!response) return;
        expect(response.status).toBe(201);
        acknowledged.push(index);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill("SIGKILL");
    await Promise.all([streaming, exited]);
    expect(acknowledged.length).toBeGreaterThan(3);

    const db = new Database(dbPath, { readonly: true });
    const ids = new Set(db.prepare("select id from durable").pluck().all() as string[]);
    db.close();
    const batches = new Map<number, number>();
    for (const id of ids) {
      const index = Number(id.slice(1, id.indexOf("-")));
      batches.set(index, (batches.get(index) ?? 0) + 1);
    }
    // Every acknowledged batch is there in full; the only other batch that may be is the one
    // in flight at the kill, and then in full too (one transaction per batch).
    for (const index of acknowledged) expect(batches.get(index), `batch ${index}`).toBe(500);
    const extra = [...batches.keys()].filter((index) => !acknowledged.includes(index));
    expect(extra.every((index) => index === inFlight && batches.get(index) === 500)).toBe(true);
  });
});
