import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import { PART_BYTES } from "../../../server/ingest/batchParts.ts";
import { startServerWith } from "../../helpers/server.ts";

// The ingest routes over the parser threads: several clients at once, and a thread that stops.
let server: RunningServer;
let close: () => Promise<void>;
beforeAll(async () => {
  // A 40 MB JSON array does not fit in 16 MB: the thread runs out of memory.
  ({ server, close } = await startServerWith({}, { parsers: { threads: 2, heapMb: 16 } }));
});
afterAll(() => close());

const ndjson = (client: number, batch: number, rows: number) =>
  Array.from({ length: rows }, (_, i) =>
    JSON.stringify({
      id: `c${client}-b${batch}-${i}`,
      features: { x: i / 3, city: `city${i % 7}` },
      prediction: i % 2,
    }),
  ).join("\n");

const post = (model: string, body: string, type = "application/x-ndjson") =>
  fetch(`${server.url}/api/v1/models/${model}/predictions`, {
    method: "POST",
    headers: { "content-type": type },
    body,
  });

describe("ingest through the parser threads", () => {
  it("stores every batch of several clients sending at once, bodies in parts and whole", async () => {
    const rowsInParts = Math.ceil((2.5 * PART_BYTES) / 70);
    const clients = Array.from({ length: 4 }, async (_, client) => {
      const answers = [];
      for (let batch = 0; batch < 3; batch++) {
        const rows = batch === 1 ? 50 : rowsInParts;
        const response = await post("many", ndjson(client, batch, rows));
        answers.push({ status: response.status, body: (await response.json()) as { duplicates: number } });
      }
      return answers;
    });
    const answers = (await Promise.all(clients)).flat();
    expect(answers.map(({ status }) => status)).toEqual(Array(12).fill(201));
    expect(answers.every(({ body }) => body.duplicates === 0)).toBe(true);
    expect(server.store.model("many")!.rows).toBe(4 * (2 * rowsInParts + 50));
  });

  it("answers 503 naming the stopped parser when one runs out of memory, and keeps serving", async () => {
    const row = JSON.stringify({ features: { x: 1, city: "Lyon" }, prediction: 0 });
    const response = await post("crash", `[${Array(300_000).fill(row).join(",")}]`, "application/json");
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /^the ingest parser thread stopped \(.+\) before it parsed the batch; nothing was stored: send it again$/,
    );
    expect(server.store.model("crash")).toBeUndefined();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await post("crash", ndjson(0, 0, 10))).status).toBe(201);
    expect(server.store.model("crash")!.rows).toBe(10);
  });
});
