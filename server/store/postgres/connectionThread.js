/**
 * The thread behind a synchronous PostgreSQL connection (syncClient.ts). The store is written
 * against a synchronous interface (better-sqlite3's), so the calling thread posts one request,
 * blocks on a shared counter (Atomics.wait), and this thread runs it with `pg`, posts the reply
 * (with the request's id) and moves the counter. Plain JavaScript importing only `pg`,
 * `pg-copy-streams` and `pg-cursor`, so it starts the same way from the server, a bundled cell
 * process or a test, with no TypeScript loader.
 *
 * A connection that breaks (PostgreSQL restarted, network lost) is dropped; the next request
 * opens a new one, so the server recovers without a restart. A request that was running when it
 * broke fails with an error that says so; it is never retried here, since it may have committed.
 *
 * A large result is read through a cursor (`pg-cursor`), a batch of rows per request, so neither
 * this thread nor the caller ever holds the whole result as rows (cells' reads, readonlyPg.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import copyStreams from "pg-copy-streams";
import Cursor from "pg-cursor";

const { url, settings, replied, replies } = workerData;
const signal = new Int32Array(replied);

// Epoch milliseconds, ids and counts are bigint columns; they fit a double exactly below 2^53.
pg.types.setTypeParser(20, (text) => Number(text));
pg.types.setTypeParser(1700, (text) => Number(text));

/** @type {import("pg").Client | undefined} */
let client;
/** The open cursor, between its "cursor" request and "closeCursor"; one at a time per connection. */
let cursor;

async function connection() {
  if (client) return client;
  cursor = undefined;
  const opened = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  opened.on("error", () => {
    // The connection broke between requests; the next request opens another.
    if (client === opened) client = undefined;
  });
  await opened.connect();
  for (const [name, value] of Object.entries(settings ?? {})) {
    await opened.query(`select set_config($1, $2, false)`, [name, String(value)]);
  }
  client = opened;
  return opened;
}

async function run(request) {
  const db = await connection();
  switch (request.op) {
    case "query": {
      const result = await db.query({ text: request.sql, values: request.params, rowMode: "array" });
      // A multi-statement text gives one result per statement; the last is the answer.
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return {
        rows: last?.rows ?? [],
        fields: (last?.fields ?? []).map((field) => ({ name: field.name, type: field.dataTypeID })),
        rowCount: last?.rowCount ?? 0,
      };
    }
    case "copy": {
      const sink = db.query(copyStreams.from(request.sql));
      const { bytes } = request;
      await pipeline(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), sink);
      return { rows: [], fields: [], rowCount: sink.rowCount ?? 0 };
    }
    case "cursor": {
      if (cursor) throw new Error("a cursor is open on this connection already: close it first");
      cursor = db.query(new Cursor(request.sql, request.params, { rowMode: "array" }));
      return readBatch(request.rows);
    }
    case "next":
      if (!cursor) throw new Error("no cursor is open on this connection");
      return readBatch(request.rows);
    case "closeCursor": {
      const open = cursor;
      cursor = undefined;
      if (open) await open.close();
      return { rows: [], fields: [], rowCount: 0 };
    }
    case "close":
      client = undefined;
      await db.end();
      return { rows: [], fields: [], rowCount: 0 };
    default:
      throw new Error(`unknown request ${request.op}`);
  }
}

/** The cursor's next `count` rows; `done` once it has no more. */
function readBatch(count) {
  return new Promise((resolve, reject) =>
    cursor.read(count, (error, rows, result) => {
      if (error) return reject(error);
      const fields = result.fields.map((field) => ({ name: field.name, type: field.dataTypeID }));
      resolve({ rows, fields, rowCount: rows.length, done: rows.length < count });
    }),
  );
}

/** What crosses back to the caller: the message, and PostgreSQL's fields that say what went wrong. */
function failure(error, request) {
  // A failed cursor is finished: PostgreSQL has closed its portal.
  if (request.op === "cursor" || request.op === "next") cursor = undefined;
  const broken = client === undefined || !isSqlError(error);
  if (broken && client) {
    client.end().catch(() => {});
    client = undefined;
  }
  return {
    message: error?.message ?? String(error),
    code: error?.code,
    detail: error?.detail,
    position: error?.position,
    constraint: error?.constraint,
    connection: broken && request.op !== "close",
  };
}

/** PostgreSQL answered with an error (a five-character SQLSTATE): the connection itself is fine. */
function isSqlError(error) {
  return typeof error?.code === "string" && /^[0-9A-Z]{5}$/.test(error.code);
}

parentPort.on("message", async ({ id, request }) => {
  let reply;
  try {
    reply = { id, ok: true, result: await run(request) };
  } catch (error) {
    reply = { id, ok: false, error: failure(error, request) };
  }
  replies.postMessage(reply);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
