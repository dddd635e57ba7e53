/**
 * The server's writer thread: parses each ingest body (predictions into a column batch) and
 * stores it on its own connection, one batch at a time in arrival order (postMessage is the
 * queue). better-sqlite3 is synchronous, so waiting for another process's write lock, parsing a
 * 60 MB body or inserting its rows here never holds up the main thread's sockets; see writer.ts
 * for the other side. The retention sweep (retention.ts) runs here too, between batches.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isBusy } from "./db.ts";
import { parseLabels, parsePredictionColumns } from "../ingest/parseBatch.ts";
import { DEFAULT_RETENTION_INTERVAL_MS, RetentionSweep } from "./retention.ts";
import { PredictionStore } from "./store.ts";
import { BatchError } from "../ingest/types.ts";
import type { WriteRequest, WriteResults, WriteKind, WriterInit, WriterReply } from "./writerMessages.ts";

const init = workerData as WriterInit;
const port = parentPort!;
const post = (reply: WriterReply) => port.postMessage(reply);
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

port.on("message", (request: WriteRequest) => {
  try {
    post({ type: "written", id: request.id, result: write(request) });
  } catch (error) {
    post(failure(request.id, error));
  }
});

function write({ kind, model, format, body, referenceName }: WriteRequest): WriteResults[WriteKind] {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  switch (kind) {
    case "predictions":
      return store.log(model, parsePredictionColumns(text, format));
    case "reference":
      return store.replaceReference(model, parsePredictionColumns(text, format), referenceName);
    case "labels":
      return store.attachLabels(model, parseLabels(text, format));
    default: {
      const unknown: never = kind;
      throw new Error(`unknown write: ${String(unknown)}`);
    }
  }
}

function failure(id: number, error: unknown): WriterReply {
  if (error instanceof BatchError) return { type: "refused", id, message: error.message, details: error.details };
  const { message, stack } = error instanceof Error ? error : new Error(String(error));
  if (isBusy(error)) return { type: "busy", id, message };
  return { type: "failed", id, message, stack };
}
