/**
 * The server's side of its writer thread (writerThread.ts). Ingest batches are handed over as
 * the request's bytes and come back as results or errors, so the main thread never parses a
 * large body nor waits inside SQLite for a lock: `/healthz`, sockets and live views keep
 * answering while a batch is stored. Prediction bodies go to the parser threads first
 * (store/parsers/), an NDJSON body cut in parts (ingest/batchParts.ts), and the main thread
 * relays each parsed part to the writer, which inserts it while the next is parsed. Errors keep
 * their meaning across the threads: a BatchError stays a BatchError (400 naming row and field),
 * a lock held past the busy timeout becomes a DatabaseBusyError (503), a parser thread that
 * stopped a ParserStoppedError.
 */
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker } from "node:worker_threads";
import { workerBundlePath, type WorkerScript } from "../runtime/workerBundle.ts";
import { partRanges } from "../ingest/batchParts.ts";
import { ParserPool, type ParserPoolOptions } from "./parsers/parserPool.ts";
import type { PartOutcome } from "./parsers/parserMessages.ts";
import { BatchError, type BatchFormat } from "../ingest/types.ts";
import { ParserStoppedError } from "./partsInbox.ts";
import type {
  PartsLink,
  WriteKind,
  WriteRequest,
  WriterRequest,
  WriteResults,
  WriterInit,
  WriterReply,
} from "./writerMessages.ts";

export { ParserStoppedError } from "./partsInbox.ts";

const WRITER_THREAD: WorkerScript = {
  name: "writer thread",
  entry: fileURLToPath(new URL("./writerThread.ts", import.meta.url)),
  outdir: fileURLToPath(new URL("../../dist/writer", import.meta.url)),
  fallback: fileURLToPath(new URL("./writerEntry.js", import.meta.url)),
};

/** Another connection held the database's write lock past the busy timeout; nothing was written. */
export class DatabaseBusyError extends Error {
  readonly code = "SQLITE_BUSY";
}

/** The database could not be reached; the batch may or may not be stored, and a retry of it is safe (ids). */
export class DatabaseUnreachableError extends Error {
  readonly connection = true;
}

export interface WriterOptions extends WriterInit {
  /** Called on the main thread for each change the thread commits, before its batch's result. */
  onChange: (model: string, version: number) => void;
  /** The parser threads: how many, and each one's heap limit. */
  parsers?: Omit<ParserPoolOptions, "onOutcome">;
}

interface Pending {
  resolve: (result: WriteResults[WriteKind]) => void;
  reject: (error: Error) => void;
}

export class StoreWriter {
  private worker: Worker | undefined;
  /** The main thread's end of the current writer thread's PartsLink. */
  private link: PartsLink | undefined;
  private readonly parsers: ParserPool;
  private nextTicket = 1;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private drained: (() => void) | undefined;
  private started: { resolve: () => void; reject: (error: Error) => void } | undefined;
  /**
   * Settles when the first thread has loaded and opened the database: the server listens only
   * then, so the first batch does not pay for the thread's start, and a thread that cannot start
   * fails the start instead of the first batch.
   */
  readonly ready: Promise<void>;

  constructor(private readonly options: WriterOptions) {
    this.ready = new Promise((resolve, reject) => (this.started = { resolve, reject }));
    this.parsers = new ParserPool(options.parsers ?? {});
    this.worker = this.spawn();
  }

  /**
   * Parses `body` (UTF-8) as a batch of `kind` for `model` and stores it in one transaction.
   * The body's memory is moved to the thread that parses it when it owns a whole ArrayBuffer and
   * is parsed as one part, else copied (once, into memory the parts' parsers share).
   */
  write<K extends WriteKind>(
    kind: K,
    model: string,
    format: BatchFormat,
    body: Uint8Array,
    referenceName?: string,
  ): Promise<WriteResults[K]> {
    const id = this.nextId++;
    const ownsBuffer =
      body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    const worker = (this.worker ??= this.spawn());
    const request: WriteRequest = { type: "write", id, kind, model, format, referenceName };
    if (kind === "labels") request.body = body;
    else request.parts = this.parse(format, body, ownsBuffer, request);
    return new Promise<WriteResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending["resolve"], reject });
      worker.postMessage(request, kind === "labels" && ownsBuffer ? [body.buffer as ArrayBuffer] : []);
    });
  }

  /** Hands the body's parts to the parser threads; returns their tickets (and shares a body in parts with the writer). */
  private parse(format: BatchFormat, body: Uint8Array, ownsBuffer: boolean, request: WriteRequest): number[] {
    const ranges = partRanges(body, format);
    if (ranges.length === 1) {
      const ticket = this.nextTicket++;
      this.parsers.parse({ ticket, format, body }, ownsBuffer);
      return [ticket];
    }
    const shared = new Uint8Array(new SharedArrayBuffer(body.byteLength));
    shared.set(body);
    request.body = shared;
    return ranges.map(([start, end]) => {
      const ticket = this.nextTicket++;
      this.parsers.parse({ ticket, format, body: shared.subarray(start, end) }, false);
      return ticket;
    });
  }

  /** Tells the writer thread that a part's parser stopped, waking it if it waits for that part (partsInbox.ts). */
  private noticeStopped(outcome: PartOutcome): void {
    if (!this.link) return; // the writer thread stopped too: its batches were failed already
    this.link.notices.postMessage(outcome);
    Atomics.add(this.link.sent, 0, 1);
    Atomics.notify(this.link.sent, 0);
  }

  /** Waits for the batches already handed over, then stops the thread. */
  async close(): Promise<void> {
    if (this.pending.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await Promise.all([this.worker?.terminate(), this.parsers.close()]);
    this.worker = undefined;
    this.link = undefined;
  }

  private spawn(): Worker {
    const { dbPath, busyTimeoutMs } = this.options;
    const { port1, port2 } = new MessageChannel();
    const sent = new Int32Array(new SharedArrayBuffer(4));
    this.link = { notices: port1, sent };
    const parts: PartsLink = { notices: port2, sent };
    const worker = new Worker(workerBundlePath(WRITER_THREAD), {
      workerData: { dbPath, busyTimeoutMs, parts } satisfies WriterInit & { parts: PartsLink },
      transferList: [port2],
    });
    // New parser threads for the new writer, each with a channel to it, announced before any batch.
    this.parsers.link({
      sent,
      connect: (port) => worker.postMessage({ type: "parser", port } satisfies WriterRequest, [port]),
      onStopped: (outcome) => this.noticeStopped(outcome),
    });
    worker.on("message", (reply: WriterReply) => this.onReply(reply));
    const stopped = (reason: string) => {
      if (worker !== this.worker) return;
      this.started?.reject(new Error(`the writer thread could not start: ${reason}`));
      this.worker = undefined; // the next batch starts a new thread
      this.link = undefined;
      for (const id of [...this.pending.keys()])
        this.settle(id, (pending) => pending.reject(new Error(`the writer thread stopped: ${reason}`)));
    };
    worker.on("error", (error) => stopped(error.message));
    worker.on("exit", (code) => stopped(`exit code ${code}`));
    return worker;
  }

  private onReply(reply: WriterReply): void {
    switch (reply.type) {
      case "ready":
        this.started?.resolve();
        this.started = undefined;
        return;
      case "changed":
        this.options.onChange(reply.model, reply.version);
        return;
      case "written":
        this.settle(reply.id, (pending) => pending.resolve(reply.result));
        return;
      case "refused":
        this.settle(reply.id, (pending) => pending.reject(new BatchError(reply.message, reply.details)));
        return;
      case "busy":
        this.settle(reply.id, (pending) => pending.reject(new DatabaseBusyError(reply.message)));
        return;
      case "unreachable":
        this.settle(reply.id, (pending) => pending.reject(new DatabaseUnreachableError(reply.message)));
        return;
      case "stopped":
        this.settle(reply.id, (pending) => pending.reject(new ParserStoppedError(reply.message)));
        return;
      case "failed":
        this.settle(reply.id, (pending) =>
          pending.reject(Object.assign(new Error(reply.message), { stack: reply.stack })),
        );
        return;
      default: {
        const unknown: never = reply;
        throw new Error(`unknown writer reply ${JSON.stringify(unknown)}`);
      }
    }
  }

  private settle(id: number, outcome: (pending: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    outcome(pending);
    if (this.pending.size === 0) this.drained?.();
  }
}
