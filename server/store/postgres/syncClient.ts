/**
 * A synchronous PostgreSQL connection: each call posts one request to its connection thread
 * (connectionThread.js, which talks to PostgreSQL with `pg`) and blocks on a shared counter until
 * the reply is there, read with receiveMessageOnPort. This keeps the store's interface the one
 * better-sqlite3 gives (connection.ts): the writer thread and cell processes may block, as they
 * do on SQLite; the server's main thread sends only short state statements this way.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { join } from "node:path";
import { REPOSITORY_ROOT } from "../../runtime/workerBundle.ts";

/** The thread's script, found from the repository root so a bundled cell process finds it too. */
const THREAD = join(REPOSITORY_ROOT, "server", "store", "postgres", "connectionThread.js");

/** How often a waiting call looks at the port even when the reply counter has not moved. */
const RECHECK_MS = 20;

/** Rows per cursor batch: large enough to amortise the thread hop, small enough to stay a few MB. */
const CURSOR_ROWS = 5000;

/** The longest a call waits for its thread beyond the statement timeout: the thread itself is stuck. */
const THREAD_GRACE_MS = 30_000;

export type PgRequest =
  | { op: "query"; sql: string; params: unknown[] }
  | { op: "copy"; sql: string; bytes: Uint8Array }
  | { op: "cursor"; sql: string; params: unknown[]; rows: number }
  | { op: "next"; rows: number }
  | { op: "closeCursor" }
  | { op: "close" };

export interface PgField {
  name: string;
  /** PostgreSQL's type oid (pg_type), e.g. 17 bytea, 20 bigint, 701 double precision. */
  type: number;
}

export interface PgResult {
  rows: unknown[][];
  fields: PgField[];
  rowCount: number;
  /** For a cursor's batch: whether the result has no more rows. */
  done?: boolean;
}

/** An error PostgreSQL returned (with its SQLSTATE `code`), or a lost connection (`connection`). */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly connection: boolean,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "PgError";
  }
}

export interface SyncClientOptions {
  /** Session settings applied on every new connection, e.g. statement_timeout. */
  settings?: Record<string, string | number>;
  /** The longest one statement may run (ms); the server cancels it. Default none. */
  statementTimeoutMs?: number;
}

export class SyncClient {
  private readonly worker: Worker;
  private readonly replies: MessagePort;
  /** How many replies the thread has posted; the caller sleeps until it moves. */
  private readonly replied = new Int32Array(new SharedArrayBuffer(4));
  private readonly waitMs: number;
  private lastId = 0;
  private closed = false;
  /** Whether a cursor is open: until it is closed, the connection serves only its rows, as SQLite's does an iterator's. */
  private reading = false;

  constructor(
    readonly url: string,
    options: SyncClientOptions = {},
  ) {
    const { port1, port2 } = new MessageChannel();
    const settings = { ...options.settings };
    if (options.statementTimeoutMs) settings.statement_timeout = options.statementTimeoutMs;
    this.worker = new Worker(THREAD, {
      workerData: { url, settings, replied: this.replied.buffer, replies: port2 },
      transferList: [port2],
    });
    this.worker.unref();
    this.replies = port1;
    this.waitMs = (options.statementTimeoutMs ?? 10 * 60_000) + THREAD_GRACE_MS;
  }

  /** Runs one statement (or several, without parameters) and returns the last one's rows as arrays. */
  query(sql: string, params: readonly unknown[] = []): PgResult {
    return this.call({ op: "query", sql, params: params.map(wireValue) });
  }

  /**
   * Streams `text` (COPY text format) into a `copy … from stdin` statement. Its bytes are moved to
   * the thread, not copied: a batch's text is megabytes, and a copy of it as a string on the
   * thread's heap left collections behind that held up the next statement.
   */
  copy(sql: string, text: string): number {
    const bytes = new TextEncoder().encode(text); // a buffer of its own, never Node's shared pool
    return this.call({ op: "copy", sql, bytes }, [bytes.buffer]).rowCount;
  }

  /**
   * The result of one statement read through a cursor, CURSOR_ROWS rows per batch, so neither
   * thread ever holds the whole result. The first batch is read at once (its errors are the
   * caller's); the cursor closes when the batches end, when the reader stops early (a `for … of`
   * that breaks returns the generator) or at `close()`, which a caller that may not read every
   * batch calls in its `finally` (a generator never started skips its own). While it is open the
   * connection refuses other statements, as better-sqlite3 does while an iterator is open: `pg`
   * would queue them behind the cursor and this blocking caller would wait for ever.
   */
  readCursor(
    sql: string,
    params: readonly unknown[],
  ): { first: PgResult; batches: Generator<PgResult>; close: () => void } {
    const first = this.call({ op: "cursor", sql, params: params.map(wireValue), rows: CURSOR_ROWS });
    this.reading = true;
    const close = () => {
      if (!this.reading) return;
      this.reading = false;
      this.call({ op: "closeCursor" });
    };
    return { first, batches: this.cursorBatches(first, close), close };
  }

  private *cursorBatches(first: PgResult, close: () => void): Generator<PgResult> {
    try {
      for (let batch = first; ; batch = this.call({ op: "next", rows: CURSOR_ROWS })) {
        yield batch;
        if (batch.done) return;
      }
    } finally {
      close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.call({ op: "close" });
    } catch {
      // Closing a connection that already broke has nothing left to do.
    }
    void this.worker.terminate();
  }

  private call(request: PgRequest, transfer: ArrayBuffer[] = []): PgResult {
    if (this.closed && request.op !== "close")
      throw new PgError("the PostgreSQL connection is closed", undefined, false);
    if (this.reading && request.op !== "next" && request.op !== "closeCursor" && request.op !== "close")
      throw new PgError(
        "this PostgreSQL connection is busy reading a result: finish or stop that iteration first",
        undefined,
        false,
      );
    const id = ++this.lastId;
    this.worker.postMessage({ id, request }, transfer);
    const reply = this.awaitReply(id);
    if (reply.ok) return reply.result;
    const { message, code, detail, connection } = reply.error;
    throw new PgError(
      connection ? `PostgreSQL connection failed (${where(this.url)}): ${message}` : message,
      code,
      connection,
      detail,
    );
  }

  /**
   * Blocks until the reply to request `id` is on the port. Replies carry their request's id, so
   * a reply to a call that gave up waiting is skipped, never taken for a later call's; and the
   * port is looked at again every few milliseconds, so a reply is found even if it lands just
   * after the counter moved.
   */
  private awaitReply(id: number): Reply {
    const deadline = performance.now() + this.waitMs;
    for (;;) {
      const seen = Atomics.load(this.replied, 0);
      for (let message; (message = receiveMessageOnPort(this.replies));) {
        const reply = message.message as Reply;
        if (reply.id === id) return reply;
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new PgError(`PostgreSQL did not answer within ${this.waitMs} ms`, undefined, true);
      Atomics.wait(this.replied, 0, seen, Math.min(left, RECHECK_MS));
    }
  }
}

type Reply = { id: number } & (
  | { ok: true; result: PgResult }
  | { ok: false; error: { message: string; code?: string; detail?: string; connection: boolean } }
);

/** Host and database of a connection URL, never its password, for messages. */
export function where(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || "localhost"}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "an unparsable URL";
  }
}

/** What `pg` binds as the store means it: buffers stay bytes, booleans 0/1 as SQLite stores them. */
function wireValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return value.toString();
  return value;
}
