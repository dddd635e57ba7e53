/**
 * The server's side of its writer thread (writerThread.ts). Ingest batches are handed over as
 * the request's bytes and come back as results or errors, so the main thread never parses a
 * large body nor waits inside SQLite for a lock: `/healthz`, sockets and live views keep
 * answering while a batch is stored. Errors keep their meaning across the thread: a BatchError
 * stays a BatchError (400 naming row and field), a lock held past the busy timeout becomes a
 * DatabaseBusyError (503).
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { workerBundlePath, type WorkerScript } from "../runtime/workerBundle.ts";
import { BatchError, type BatchFormat } from "../ingest/types.ts";
import type { WriteKind, WriteRequest, WriteResults, WriterInit, WriterReply } from "./writerMessages.ts";

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

export interface WriterOptions extends WriterInit {
  /** Called on the main thread for each change the thread commits, before its batch's result. */
  onChange: (model: string, version: number) => void;
}

interface Pending {
  resolve: (result: WriteResults[WriteKind]) => void;
  reject: (error: Error) => void;
}

export class StoreWriter {
  private worker: Worker | undefined;
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
    this.worker = this.spawn();
  }

  /**
   * Parses `body` (UTF-8) as a batch of `kind` for `model` and stores it in one transaction.
   * The body's memory is moved to the thread when it owns a whole ArrayBuffer, else copied.
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
    return new Promise<WriteResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending["resolve"], reject });
      (this.worker ??= this.spawn()).postMessage(
        { id, kind, model, format, body, referenceName } satisfies WriteRequest,
        ownsBuffer ? [body.buffer as ArrayBuffer] : [],
      );
    });
  }

  /** Waits for the batches already handed over, then stops the thread. */
  async close(): Promise<void> {
    if (this.pending.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private spawn(): Worker {
    const { dbPath, busyTimeoutMs } = this.options;
    const worker = new Worker(workerBundlePath(WRITER_THREAD), {
      workerData: { dbPath, busyTimeoutMs } satisfies WriterInit,
    });
    worker.on("message", (reply: WriterReply) => this.onReply(reply));
    const stopped = (reason: string) => {
      if (worker !== this.worker) return;
      this.started?.reject(new Error(`the writer thread could not start: ${reason}`));
      this.worker = undefined; // the next batch starts a new thread
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
