/**
 * The writer thread's side of the parser threads (store/parsers/): the parsed parts of a batch,
 * taken one by one in order while the batch's transaction is open. better-sqlite3 transactions
 * are synchronous, so the thread blocks for a part that is not there yet (Atomics.wait on a
 * counter each sender bumps after posting, then receiveMessageOnPort on each channel) instead of
 * going back to its event loop; batches behind it wait in the thread's port, as before. Parts
 * come on each parser's own channel; the main thread's channel brings only the news that a parser
 * stopped, so a batch never waits on the main thread, which may be waiting for its lock.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { unpackBatch } from "../ingest/columnBatchWire.ts";
import type { ColumnBatch } from "../ingest/columnBatch.ts";
import type { PartOutcome } from "./parsers/parserMessages.ts";
import { BatchError } from "../ingest/types.ts";

/** The parser thread of a part stopped before answering: the batch fails, nothing is stored. */
export class ParserStoppedError extends Error {}

export class PartsInbox {
  /** Outcomes that came before their turn (two parsers finish parts out of order). */
  private readonly early = new Map<number, PartOutcome>();

  /** The main thread's channel first, then each parser's. */
  private readonly ports: MessagePort[];

  constructor(
    notices: MessagePort,
    /** [0]: how many outcomes have been sent to this thread. */
    private readonly sent: Int32Array,
  ) {
    this.ports = [notices];
  }

  /** Takes parts from a new parser thread's channel too; a stopped parser's channel stays quiet. */
  connect(port: MessagePort): void {
    this.ports.push(port);
  }

  /**
   * The part of `ticket`, waiting for it; throws its BatchError (rows counted within the part),
   * ParserStoppedError, or the parser's own error.
   */
  take(ticket: number): { batch: ColumnBatch; newlines: number } {
    const outcome = this.wait(ticket);
    switch (outcome.type) {
      case "parsed":
        return { batch: unpackBatch(outcome.batch), newlines: outcome.newlines };
      case "refused":
        throw new BatchError(outcome.message, outcome.details);
      case "stopped":
        throw new ParserStoppedError(outcome.message);
      case "failed":
        throw Object.assign(new Error(outcome.message), { stack: outcome.stack });
      default: {
        const unknown: never = outcome;
        throw new Error(`unknown part outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Drops outcomes before `ticket`: parts of a batch abandoned at an earlier part. */
  private wait(ticket: number): PartOutcome {
    for (const held of this.early.keys()) if (held < ticket) this.early.delete(held);
    for (;;) {
      const outcome = this.early.get(ticket);
      if (outcome) {
        this.early.delete(ticket);
        return outcome;
      }
      const seen = Atomics.load(this.sent, 0);
      if (!this.receive(ticket)) Atomics.wait(this.sent, 0, seen);
    }
  }

  /** Keeps whatever has come for `ticket` or later; false when nothing had come. */
  private receive(ticket: number): boolean {
    let any = false;
    for (const port of this.ports) {
      for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
        const outcome = received.message as PartOutcome;
        if (outcome.ticket >= ticket) this.early.set(outcome.ticket, outcome);
        any = true;
      }
    }
    return any;
  }
}
