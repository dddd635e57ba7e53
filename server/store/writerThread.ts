/**
 * The server's writer thread: stores each batch on its own connection, one batch at a time in
 * arrival order (postMessage is the queue). Predictions and reference sets arrive parsed, in
 * parts, from the parser threads (parsers/, through partsInbox.ts): the thread inserts a
 * part while the next is parsed, all in the batch's one transaction. Labels it parses itself.
 * better-sqlite3 is synchronous, so waiting for another process's write lock or inserting rows
 * here never holds up the main thread's sockets; see writer.ts for the other side. The
 * retention sweep (retention.ts) runs here too, between batches.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isBusy, isUnreachable } from "./db.ts";
import { PartsAssembly, PartsDiverge } from "../ingest/batchParts.ts";
import type { ColumnBatch } from "../ingest/columnBatch.ts";
import { parseLabels, parsePredictionColumns } from "../ingest/parseBatch.ts";
import { ParserStoppedError, PartsInbox } from "./partsInbox.ts";
import { DEFAULT_RETENTION_INTERVAL_MS, RetentionSweep } from "./retention.ts";
import { PredictionStore, type PredictionBatch, type WriteResult } from "./store.ts";
import { BatchError } from "../ingest/types.ts";
import type {
  PartsLink,
  WriteRequest,
  WriterRequest,
  WriteResults,
  WriteKind,
  WriterInit,
  WriterReply,
} from "./writerMessages.ts";

const init = workerData as WriterInit & { parts: PartsLink };
const port = parentPort!;
const post = (reply: WriterReply) => port.postMessage(reply);
const inbox = new PartsInbox(init.parts.notices, init.parts.sent);
// The main thread has just opened and checked the file.
const store = new PredictionStore(init.dbPath, { busyTimeoutMs: init.busyTimeoutMs, check: "off" });
store.onChange((model, version) => post({ type: "changed", model, version }));
post({ type: "ready" });

const retention = new RetentionSweep(store);
const sweep = () =>
  retention
    .sweep()
    .catch((error: Error) => console.error(`retention sweep of ${init.dbPath} failed: ${error.message}`));
void sweep();
setInterval(sweep, DEFAULT_RETENTION_INTERVAL_MS).unref();

port.on("message", (request: WriterRequest) => {
  if (request.type === "parser") return inbox.connect(request.port);
  try {
    post({ type: "written", id: request.id, result: write(request) });
  } catch (error) {
    post(failure(request.id, error));
  }
});

function write(request: WriteRequest): WriteResults[WriteKind] {
  const { kind, model, format } = request;
  switch (kind) {
    case "predictions":
      return storePredictions(request, (batch) => store.log(model, batch));
    case "reference":
      return storePredictions(request, (batch) => store.replaceReference(model, batch, request.referenceName));
    case "labels":
      return store.attachLabels(model, parseLabels(text(request.body!), format));
    default: {
      const unknown: never = kind;
      throw new Error(`unknown write: ${String(unknown)}`);
    }
  }
}

/**
 * At most this many parts of a batch are still being parsed once its transaction has begun, so
 * the write lock is held at most their parse time (~30–60 ms for 16 parts of 256 KB on two
 * parsers) longer than the insert needs: the main thread's own writes (the alert outbox, run
 * records) wait for that lock, and a 60 MB body parsed inside the transaction held it for seconds.
 */
const PIPELINED_PARTS = 16;

/**
 * Stores the parts of a predictions body as they come, the last PIPELINED_PARTS of them inserted
 * while later ones are parsed. When they do not store what the whole body would (a bad row, an
 * id in two parts: PartsDiverge), the transaction has rolled back, and the body is parsed and
 * stored whole, as it always was, for the same outcome and error.
 */
function storePredictions<Result extends WriteResult>(
  { parts, body, format }: WriteRequest,
  store: (batch: PredictionBatch) => Result,
): Result {
  if (!parts) return store(parsePredictionColumns(text(body!), format));
  if (parts.length === 1) return store(inbox.take(parts[0]!).batch);
  const assembly = new PartsAssembly();
  try {
    // Before the transaction: its lock is not held while these are parsed.
    const head = parts.slice(0, Math.max(1, parts.length - PIPELINED_PARTS)).map((ticket) => taken(assembly, ticket));
    return store({ parts: assembled(assembly, head, parts.slice(head.length)) });
  } catch (error) {
    if (!(error instanceof BatchError || error instanceof PartsDiverge)) throw error;
    return store(parsePredictionColumns(text(body!), format));
  }
}

function* assembled(assembly: PartsAssembly, head: ColumnBatch[], rest: number[]): Generator<ColumnBatch> {
  yield* head;
  for (const ticket of rest) yield taken(assembly, ticket);
}

function taken(assembly: PartsAssembly, ticket: number): ColumnBatch {
  const { batch, newlines } = inbox.take(ticket);
  return assembly.add(batch, newlines);
}

function text(body: Uint8Array): string {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
}

function failure(id: number, error: unknown): WriterReply {
  if (error instanceof BatchError) return { type: "refused", id, message: error.message, details: error.details };
  if (error instanceof ParserStoppedError) return { type: "stopped", id, message: error.message };
  const { message, stack } = error instanceof Error ? error : new Error(String(error));
  if (isBusy(error)) return { type: "busy", id, message };
  if (isUnreachable(error)) return { type: "unreachable", id, message };
  return { type: "failed", id, message, stack };
}
