import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamDemo, type StreamOptions } from "../../server/demo/stream.ts";
import type { RunningServer } from "../../server/compose.ts";
import { startTestServer } from "../helpers/server.ts";

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "driftbook-stream-"));
  server = await startTestServer({ workbooksDir: dir, dbPath: join(dir, "stream.db") });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the stream for `ms`, then stops it and answers its totals and the errors it reported. */
async function streamFor(ms: number, options: Omit<StreamOptions, "signal" | "onError">) {
  const errors: Error[] = [];
  const totals = await streamDemo({
    ...options,
    signal: AbortSignal.timeout(ms),
    onError: (error) => errors.push(error),
  });
  return { totals, errors };
}

/** A server that answers every request after `delayMs`, counting the most requests it had open at once. */
async function slowServer(
  delayMs: number,
): Promise<{ server: Server; url: string; stats: { requests: number; maxOpen: number } }> {
  const stats = { requests: 0, maxOpen: 0 };
  let open = 0;
  const server = createServer((req, res) => {
    stats.requests++;
    stats.maxOpen = Math.max(stats.maxOpen, ++open);
    req.resume();
    setTimeout(() => {
      open--;
      res.writeHead(201, { "content-type": "application/json" }).end("{}");
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stats };
}

describe("streamDemo", () => {
  it("logs predictions every second and their labels once due, through the HTTP API", async () => {
    const { totals, errors } = await streamFor(2600, { url: server.url, perSecond: 25, labelDelayMs: 500 });
    expect(errors).toEqual([]);
    // Ticks at about 0, 1 and 2 s; a batch cut off by the stop may still land.
    expect(totals.predictions % 25).toBe(0);
    expect(totals.predictions).toBeGreaterThanOrEqual(50);
    expect(totals.labels).toBeGreaterThanOrEqual(25);
    const model = server.store.model("credit")!;
    expect(model.rows).toBeGreaterThanOrEqual(totals.predictions);
    expect(Math.round(model.rows * model.labelCoverage)).toBeGreaterThanOrEqual(totals.labels);
    expect(model.columns.filter((column) => column.role === "feature")).toHaveLength(11);
  });

  it("reports an unreachable server through onError and keeps going", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const { totals, errors } = await streamFor(1500, { url, perSecond: 5 });
    expect(totals).toMatchObject({ predictions: 0, labels: 0, errors: errors.length });
    expect(errors.length).toBeGreaterThanOrEqual(1);
    for (const error of errors) expect(error.message).toMatch(/POST .*\/predictions failed: .*ECONNREFUSED/);
  });

  it("reports a refused batch with the server's answer", async () => {
    const { totals, errors } = await streamFor(500, { url: `${server.url}/nowhere`, perSecond: 5 });
    expect(totals.errors).toBe(1);
    expect(errors[0].message).toMatch(/answered 404/);
  });

  it("never has two requests open at once, even when the server is slower than a second", async () => {
    const slow = await slowServer(1300);
    try {
      const { totals, errors } = await streamFor(4000, { url: slow.url, perSecond: 5, labelDelayMs: 0 });
      expect(errors).toEqual([]);
      expect(slow.stats.requests).toBeGreaterThanOrEqual(2);
      expect(slow.stats.maxOpen).toBe(1);
      expect(totals.predictions).toBeGreaterThan(0);
    } finally {
      slow.server.closeAllConnections();
      await new Promise((resolve) => slow.server.close(resolve));
    }
  });
});
