/**
 * The messages of the parser threads: jobs from the pool (parserPool.ts), the outcome of each
 * part straight to the writer thread (store/partsInbox.ts), and an acknowledgement to the pool.
 */
import type { MessagePort } from "node:worker_threads";
import type { PackedBatch } from "../../ingest/columnBatchWire.ts";
import type { BatchFormat } from "../../ingest/types.ts";

/** Where a parser thread sends its outcomes: the writer thread's inbox. */
export interface ParserInit {
  port: MessagePort;
  /** [0]: outcomes sent to the writer so far (SharedArrayBuffer): bumped and notified after each, to wake it. */
  sent: Int32Array;
}

/** One part of a request body to parse into a column batch; `ticket` orders the parts of every batch. */
export interface ParseJob {
  ticket: number;
  format: BatchFormat;
  /** UTF-8, cut at line ends; moved to the thread, or a view of a body shared by the parts of one batch. */
  body: Uint8Array;
}

export type PartOutcome =
  /** The part's rows, numbered from 1 within the part; `newlines`: the line ends it holds. */
  | { type: "parsed"; ticket: number; batch: PackedBatch; newlines: number }
  /** Bad input: a BatchError's message and the row and field it names (rows counted within the part). */
  | { type: "refused"; ticket: number; message: string; details: { row?: number; field?: string } }
  | { type: "failed"; ticket: number; message: string; stack?: string }
  /** The thread parsing the part stopped (it crashed, or ran out of memory) before answering: from the pool. */
  | { type: "stopped"; ticket: number; message: string };

/** To the pool, once the job's outcome is on its way to the writer. */
export interface ParseDone {
  ticket: number;
}
