import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/store/db.ts";
import { startServeProcess } from "../helpers/serveProcess.ts";
import { tempDir } from "../helpers/workbooks.ts";
import { ENGINES, engineDatabases, sharedPostgres } from "../helpers/engines.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

const BATCH_ROWS = 500;

function batch(client: number, index: number): string {
  return Array.from({ length: BATCH_ROWS }, (_, i) =>
    JSON.stringify({
      id: `c${client}b${index}-${i}`,
      features: { x: i, group: `g${i % 7}` },
      prediction: i % 2,
      score: (i % 100) / 100,
    }),
  ).join("\n");
}

/** Posts batches until the server goes away; returns the batches it acknowledged and the one in flight at the end. */
async function stream(url: string, client: number): Promise<{ acknowledged: number[]; inFlight: number }> {
  const acknowledged: number[] = [];
  for (let index = 0; ; index++) {
    const response = await fetch(`${url}/api/v1/models/durable/predictions`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: batch(client, index),
    }).catch(() => undefined);
    if (!response) return { acknowledged, inFlight: index };
    expect(response.status).toBe(201);
    acknowledged.push(index);
  }
}

/** The ids stored in `durable`, and (SQLite) whether the file passes its integrity check. */
function storedIds(location: string, engine: string): string[] {
  if (engine === "sqlite") {
    const reader = new Database(location, { readonly: true });
    try {
      expect(reader.pragma("integrity_check", { simple: true })).toBe("ok");
      return reader.prepare("select id from durable").pluck().all() as string[];
    } finally {
      reader.close();
    }
  }
  const reader = openDatabase(location);
  try {
    return reader.prepare("select id from durable").pluck().all() as string[];
  } finally {
    reader.close();
  }
}

describe.each(ENGINES)("durability on %s", (engine) => {
  const databases = engineDatabases(engine);

  it("keeps exactly the acknowledged batches of two streams after kill -9 of the server, and a new server starts on the database", async () => {
    const db = await databases.location();
    const first = await startServeProcess(["--db", db, "--workbooks", dir]);
    const exited = new Promise((resolve) => first.child.once("exit", resolve));
    const streams = [stream(first.url, 0), stream(first.url, 1)];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    first.child.kill("SIGKILL");
    const outcomes = await Promise.all(streams);
    await exited;
    expect(outcomes.every(({ acknowledged }) => acknowledged.length > 2)).toBe(true);

    const batches = new Map<string, number>();
    for (const id of storedIds(db, engine)) {
      const key = id.slice(0, id.indexOf("-"));
      batches.set(key, (batches.get(key) ?? 0) + 1);
    }
    // Every acknowledged batch is there in full; the only others that may be are the ones in
    // flight at the kill, and then in full too (one transaction per batch).
    const allowed = new Set<string>();
    outcomes.forEach(({ acknowledged, inFlight }, client) => {
      for (const index of acknowledged) {
        expect(batches.get(`c${client}b${index}`), `client ${client} batch ${index}`).toBe(BATCH_ROWS);
        allowed.add(`c${client}b${index}`);
      }
      allowed.add(`c${client}b${inFlight}`);
    });
    for (const [key, rows] of batches) {
      expect(allowed.has(key), `unacknowledged batch ${key}`).toBe(true);
      expect(rows, key).toBe(BATCH_ROWS);
    }

    // The kernel released the dead server's lock: a new server starts and serves the same rows.
    const second = await startServeProcess(["--db", db, "--workbooks", dir]);
    try {
      const model = (await (await fetch(`${second.url}/api/v1/models/durable`)).json()) as { rows: number };
      expect(model.rows).toBe([...batches.values()].reduce((sum, rows) => sum + rows, 0));
    } finally {
      await second.stop();
    }
  });

  it.runIf(engine === "postgres")(
    "answers 503 naming PostgreSQL while it restarts, then stores again without a restart of Driftbook",
    async () => {
      const cluster = await sharedPostgres();
      const first = await startServeProcess(["--db", await databases.location(), "--workbooks", dir]);
      const post = (index: number) =>
        fetch(`${first.url}/api/v1/models/durable/predictions`, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson" },
          body: batch(9, index),
        });
      try {
        expect((await post(0)).status).toBe(201);
        cluster.stop();
        let refused: Response;
        try {
          refused = await post(1);
        } finally {
          cluster.start();
        }
        expect(refused.status).toBe(503);
        expect(refused.headers.get("retry-after")).toBe("5");
        expect(((await refused.json()) as { error: string }).error).toMatch(
          /^the database cannot be reached \(PostgreSQL connection failed \(127\.0\.0\.1:\d+\/test_\d+_\d+\): .+\); what was sent may not be stored/,
        );
        expect((await post(1)).status).toBe(201); // the retry of the refused batch
        expect((await post(2)).status).toBe(201);
        const model = (await (await fetch(`${first.url}/api/v1/models/durable`)).json()) as { rows: number };
        expect(model.rows).toBe(3 * BATCH_ROWS);
        expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      } finally {
        await first.stop();
      }
    },
  );
});
