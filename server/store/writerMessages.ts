/**
 * The messages between the server's main thread and its writer thread (writer.ts ↔
 * writerThread.ts): batches in, outcomes and data changes out.
 */
import type { MessagePort } from "node:worker_threads";
import type { LabelResult, ReferenceWriteResult, WriteResult } from "./store.ts";
import type { BatchFormat } from "../ingest/types.ts";

/** What the writer thread is started with. */
export interface WriterInit {
  dbPath: string;
  busyTimeoutMs: number;
}

/** How the writer thread hears from the parser threads (partsInbox.ts), besides their own channels. */
export interface PartsLink {
  /** Where the main thread tells of parts whose parser stopped. */
  notices: MessagePort;
  /** [0]: outcomes sent to the writer thread so far (SharedArrayBuffer), bumped and notified after each. */
  sent: Int32Array;
}

/** What each kind of batch answers. */
export interface WriteResults {
  predictions: WriteResult;
  reference: ReferenceWriteResult;
  labels: LabelResult;
}

export type WriteKind = keyof WriteResults;

/**
 * One batch to store. Predictions and reference sets come parsed by the parser threads, as the
 * tickets of their parts in order; labels come as the request's UTF-8 bytes, moved rather than
 * copied, for this thread to parse.
 */
export interface WriteRequest {
  type: "write";
  id: number;
  kind: WriteKind;
  model: string;
  format: BatchFormat;
  /** Labels' body; or, with several parts, the whole body (shared memory), parsed here when the parts diverge (batchParts.ts). */
  body?: Uint8Array;
  parts?: number[];
  /** For `reference`: the name of the set it replaces (references.ts). */
  referenceName?: string;
}

/** What the main thread sends: batches, and the channels of new parser threads. */
export type WriterRequest = WriteRequest | { type: "parser"; port: MessagePort };

export type WriterReply =
  /** The thread has loaded and opened its connection: batches are stored without a start-up wait. */
  | { type: "ready" }
  | { type: "written"; id: number; result: WriteResults[WriteKind] }
  /** Bad input: a BatchError's message and the row and field it names. */
  | { type: "refused"; id: number; message: string; details: { row?: number; field?: string } }
  /** Another connection held the write lock past the busy timeout; nothing was written. */
  | { type: "busy"; id: number; message: string }
  /** The database could not be reached (PostgreSQL down, connection lost); the batch may not be stored. */
  | { type: "unreachable"; id: number; message: string }
  /** A parser thread stopped before it parsed a part of the batch; nothing was written. */
  | { type: "stopped"; id: number; message: string }
  | { type: "failed"; id: number; message: string; stack?: string }
  /** A committed change, sent before the reply of the batch that made it. */
  | { type: "changed"; model: string; version: number };
