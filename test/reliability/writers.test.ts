import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftbook } from "../helpers/cli.ts";
import { startServeProcess, type ServeProcess } from "../helpers/serveProcess.ts";
import { tempDir } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

function ndjson(prefix: string, count: number, pad = ""): string {
  let text = "";
  for (let i = 0; i < count; i++) {
    text += `{"id":"${prefix}${i}","features":{"x":${i % 97},"group":"g${i % 5}"${pad}},"prediction":${i % 2},"score":${(i % 100) / 100}}\n`;
  }
  return text;
}

const post = (server: ServeProcess, body: string | Uint8Array) =>
  fetch(`${server.url}/api/v1/models/m/predictions`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body,
  });

const count = (db: string, sql: string) => {
  const reader = new Database(db, { readonly: true });
  try {
    return reader.prepare(sql).pluck().get() as number;
  } finally {
    reader.close();
  }
};

/** Milliseconds /healthz takes to answer. */
async function healthMs(server: ServeProcess): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.url}/healthz`);
  expect(response.status).toBe(200);
  await response.text();
  return performance.now() - started;
}

describe("writers that wait", () => {
  it("stores every row of a driftbook log of a large file and of an HTTP stream into the running server", async () => {
    const db = join(dir, "shared.db");
    const server = await startServeProcess(["--db", db, "--workbooks", dir]);
    try {
      const file = join(dir, "large.ndjson");
      const FILE_ROWS = 150_000;
      await writeFile(file, ndjson("file-", FILE_ROWS));
      let cliDone = false;
      const cli = driftbook(["log", "m", file, "--db", db]).finally(() => (cliDone = true));
      // Batches keep coming before, during and after the CLI's transaction.
      let streamed = 0;
      let retried = 0;
      for (let batch = 0; !cliDone || batch < 20; batch++) {
        const body = ndjson(`stream-${batch}-`, 500);
        for (;;) {
          const response = await post(server, body);
          if (response.status === 201) break;
          // A lock held past the busy timeout (a very slow CLI transaction) is 503 with Retry-After: wait and resend.
          expect(response.status, await response.text()).toBe(503);
          retried++;
          await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after")) * 1000));
        }
        streamed += 500;
      }
      const logged = await cli;
      expect(logged.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      expect(logged.code, logged.stderr).toBe(0);
      expect(logged.stdout).toContain(`logged ${FILE_ROWS.toLocaleString("en")} rows for m`);
      expect(count(db, "select count(*) from m where id like 'file-%'")).toBe(FILE_ROWS);
      expect(count(db, "select count(*) from m where id like 'stream-%'")).toBe(streamed);
      const model = (await (await fetch(`${server.url}/api/v1/models/m`)).json()) as { rows: number };
      expect(model.rows).toBe(FILE_ROWS + streamed);
      console.log(
        `concurrent writers: ${streamed} streamed rows beside ${FILE_ROWS} logged, ${retried} batches retried after 503`,
      );
    } finally {
      await server.stop();
    }
  }, 120_000);

  it("refuses a second serve on the same database with a clear message while the first keeps serving", async () => {
    const db = join(dir, "single.db");
    const server = await startServeProcess(["--db", db, "--workbooks", dir]);
    try {
      const second = await driftbook(["serve", "--port", "0", "--db", db, "--workbooks", dir]);
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain(
        `another driftbook serve is using ${db} (it holds ${db}.lock; process ${server.child.pid})`,
      );
      expect(second.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect((await post(server, ndjson("after-", 10))).status).toBe(201);
      expect(await healthMs(server)).toBeLessThan(1000);
    } finally {
      await server.stop();
    }
    // Stopped, it leaves the database to the next one.
    const next = await startServeProcess(["--db", db, "--workbooks", dir]);
    await next.stop();
  }, 60_000);

  it("answers 503 with Retry-After when another process holds the write lock past the busy timeout, and the CLI waits for it", async () => {
    const db = join(dir, "locked.db");
    const server = await startServeProcess(["--db", db, "--workbooks", dir, "--busy-timeout", "200"]);
    const holder = new Database(db);
    try {
      holder.exec("begin immediate");
      const refused = await post(server, ndjson("locked-", 10));
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("2");
      expect(((await refused.json()) as { error: string }).error).toMatch(
        /^the database is locked by another writer .*nothing was changed: retry after 2 s$/,
      );
      expect(await healthMs(server)).toBeLessThan(1000);

      const file = join(dir, "small.ndjson");
      await writeFile(file, ndjson("cli-", 100));
      const cli = driftbook(["log", "m", file, "--db", db]);
      await new Promise((resolve) => setTimeout(resolve, 6500)); // past the CLI's 5 s busy timeout
      holder.exec("rollback");
      const logged = await cli;
      expect(logged.code, logged.stderr).toBe(0);
      expect(logged.stderr).toContain(`driftbook: ${db} is locked by another writer; trying again in 1 s (attempt 2)`);
      expect((await post(server, ndjson("locked-", 10))).status).toBe(201);
      expect(count(db, "select count(*) from m")).toBe(110);
    } finally {
      holder.close();
      await server.stop();
    }
  }, 60_000);

  it("answers /healthz within ~100 ms while a 60 MB batch is parsed and stored", async () => {
    const db = join(dir, "large-batch.db");
    const server = await startServeProcess(["--db", db, "--workbooks", dir]);
    try {
      const pad = `,"note":"${"n".repeat(115)}"`;
      const rows = 300_000;
      const body = Buffer.from(ndjson("big-", rows, pad)); // encoded before, so the probes time the server, not this process
      expect(body.length).toBeGreaterThan(60_000_000);
      let done = false;
      const ingest = post(server, body).finally(() => (done = true));
      const latencies: number[] = [];
      while (!done) {
        latencies.push(await healthMs(server));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const response = await ingest;
      expect(response.status, await response.clone().text()).toBe(201);
      expect(((await response.json()) as { written: number }).written).toBe(rows);
      latencies.sort((a, b) => a - b);
      const median = latencies[Math.floor(latencies.length / 2)]!;
      console.log(
        `/healthz during a ${(body.length / 1e6).toFixed(0)} MB batch: ${latencies.length} probes, median ${median.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`,
      );
      expect(latencies.length).toBeGreaterThan(10);
      expect(median).toBeLessThan(100);
      // Before the writer thread one probe waited for the whole batch (5.5 s), and parsing alone on
      // the main thread takes seconds. On a loaded machine even an idle server's event loop is held
      // up now and then (gaps of 100-200 ms at load 9 on 2 cores, one probe of 627 ms with other
      // suites running beside), so the slowest probe's bound is looser than the median's.
      expect(latencies.at(-1)).toBeLessThan(1500);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
