/**
 * The messages between the server's main thread and its writer thread (writer.ts ↔
 * writerThread.ts): batches in, outcomes and data changes out.
 */
import type { LabelResult, ReferenceWriteResult, WriteResult } from "./store.ts";
import type { BatchFormat } from "../ingest/types.ts";

/** What the writer thread is started with. */
export interface WriterInit {
  dbPath: string;
  busyTimeoutMs: number;
}

/** What each kind of batch answers. */
export interface WriteResults {
  predictions: WriteResult;
  reference: ReferenceWriteResult;
  labels: LabelResult;
}

export type WriteKind = keyof WriteResults;

/** One request body to parse and store, as received: UTF-8 bytes, transferred rather than copied. */
export interface WriteRequest {
  id: number;
  kind: WriteKind;
  model: string;
  format: BatchFormat;
  body: Uint8Array;
  /** For `reference`: the name of the set it replaces (references.ts). */
  referenceName?: string;
}

export type WriterReply =
  /** The thread has loaded and opened its connection: batches are stored without a start-up wait. */
  | { type: "ready" }
  | { type: "written"; id: number; result: WriteResults[WriteKind] }
  /** Bad input: a BatchError's message and the row and field it names. */
  | { type: "refused"; id: number; message: string; details: { row?: number; field?: string } }
  /** Another connection held the write lock past the busy timeout; nothing was written. */
  | { type: "busy"; id: number; message: string }
  | { type: "failed"; id: number; message: string; stack?: string }
  /** A committed change, sent before the reply of the batch that made it. */
  | { type: "changed"; model: string; version: number };
