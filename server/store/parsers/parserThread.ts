/**
 * A parser thread: turns parts of prediction bodies into column batches, off the writer's
 * thread, so that the writer inserts one part while the next is parsed (parserPool.ts). Pure
 * parsing: no database. Each outcome goes straight to the writer thread, which may be waiting
 * for it inside a transaction: never through the main thread, which may itself be waiting for
 * that transaction's lock.
 */
import { parentPort, workerData } from "node:worker_threads";
import { packBatch } from "../../ingest/columnBatchWire.ts";
import { parsePredictionColumns } from "../../ingest/parseBatch.ts";
import { BatchError } from "../../ingest/types.ts";
import type { ParseDone, ParseJob, ParserInit, PartOutcome } from "./parserMessages.ts";

const { port: writer, sent } = workerData as ParserInit;
const port = parentPort!;

port.on("message", ({ ticket, format, body }: ParseJob) => {
  let outcome: PartOutcome;
  let transfer: ArrayBuffer[] = [];
  try {
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
    const packed = packBatch(parsePredictionColumns(text, format));
    transfer = packed.transfer;
    outcome = { type: "parsed", ticket, batch: packed.message, newlines: newlinesIn(text) };
  } catch (error) {
    outcome =
      error instanceof BatchError
        ? { type: "refused", ticket, message: error.message, details: error.details }
        : { type: "failed", ticket, ...describeError(error) };
  }
  writer.postMessage(outcome, transfer);
  Atomics.add(sent, 0, 1);
  Atomics.notify(sent, 0);
  port.postMessage({ ticket } satisfies ParseDone);
});

function newlinesIn(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

function describeError(error: unknown): { message: string; stack?: string } {
  const { message, stack } = error instanceof Error ? error : new Error(String(error));
  return { message, stack };
}
