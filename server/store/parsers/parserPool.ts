/**
 * A small pool of parser threads (parserThread.ts) that turn prediction bodies, or parts of one,
 * into column batches for the writer thread (store/writer.ts), so that parsing a part overlaps
 * inserting the one before it, and one client's batch is parsed while another's is inserted.
 * Each job goes to the thread with the fewest jobs in hand. Each thread has a channel of its own
 * to the writer thread (`connect`). A thread that stops (a crash, or its heap limit) answers each
 * of its jobs with a "stopped" outcome (`onStopped`), and the next job starts a new thread.
 */
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker, type MessagePort, type ResourceLimits } from "node:worker_threads";
import { workerBundlePath, type WorkerScript } from "../../runtime/workerBundle.ts";
import type { ParseDone, ParseJob, ParserInit, PartOutcome } from "./parserMessages.ts";

const PARSER_THREAD: WorkerScript = {
  name: "parser thread",
  entry: fileURLToPath(new URL("./parserThread.ts", import.meta.url)),
  outdir: fileURLToPath(new URL("../../../dist/parser", import.meta.url)),
  fallback: fileURLToPath(new URL("./parserEntry.js", import.meta.url)),
};

export interface ParserPoolOptions {
  /** How many parser threads; see DEFAULT_PARSER_THREADS. */
  threads?: number;
  /** Each thread's heap limit in MB (V8's default when absent); a body that needs more fails alone. */
  heapMb?: number;
}

/** The writer thread's side of the pool. */
export interface ParserLinks {
  /** Hands the writer thread its end of a new parser's channel. */
  connect: (port: MessagePort) => void;
  /** The writer's counter of outcomes sent (ParserInit.sent). */
  sent: Int32Array;
  /** Tells the writer thread that a job's parser stopped without answering. */
  onStopped: (outcome: Extract<PartOutcome, { type: "stopped" }>) => void;
}

/**
 * Two parsers: parsing (JSON.parse and checks, ~6 ms per 1k rows of 20 features) costs more than
 * inserting (~4 ms), so one parser alone would set the pace of a batch. On the 2-core machine two
 * measured no slower than one when quiet (66–76 ms per 10k-row batch either way, the cores being
 * shared with the writer and the main thread) and faster under others' load (81 vs 125 ms), and
 * they parse two clients' batches at once.
 */
export const DEFAULT_PARSER_THREADS = 2;

interface Parser {
  worker: Worker;
  /** Tickets of the jobs sent and not yet answered. */
  jobs: Set<number>;
}

export class ParserPool {
  private readonly parsers: (Parser | undefined)[];
  private readonly resourceLimits: ResourceLimits | undefined;
  private links: ParserLinks | undefined;

  constructor(options: ParserPoolOptions) {
    this.parsers = new Array(Math.max(1, options.threads ?? DEFAULT_PARSER_THREADS)).fill(undefined);
    this.resourceLimits = options.heapMb === undefined ? undefined : { maxOldGenerationSizeMb: options.heapMb };
  }

  /** Starts the threads anew, linked to a (new) writer thread; jobs in hand are dropped with the old one. */
  link(links: ParserLinks): void {
    this.links = links;
    for (let index = 0; index < this.parsers.length; index++) {
      void this.parsers[index]?.worker.terminate();
      this.parsers[index] = this.spawn(index, links);
    }
  }

  /** Sends a job to the least busy thread; its body's buffer moves with it when `transfer`. */
  parse(job: ParseJob, transfer: boolean): void {
    let index = 0;
    for (let other = 1; other < this.parsers.length; other++) {
      if ((this.parsers[other]?.jobs.size ?? 0) < (this.parsers[index]?.jobs.size ?? 0)) index = other;
    }
    const parser = (this.parsers[index] ??= this.spawn(index, this.links!));
    parser.jobs.add(job.ticket);
    parser.worker.postMessage(job, transfer ? [job.body.buffer as ArrayBuffer] : []);
  }

  async close(): Promise<void> {
    const parsers = this.parsers.splice(0);
    await Promise.all(parsers.map((parser) => parser?.worker.terminate()));
  }

  private spawn(index: number, links: ParserLinks): Parser {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(workerBundlePath(PARSER_THREAD), {
      workerData: { port: port1, sent: links.sent } satisfies ParserInit,
      transferList: [port1],
      resourceLimits: this.resourceLimits,
    });
    links.connect(port2);
    const parser: Parser = { worker, jobs: new Set() };
    worker.unref(); // idle parsers do not keep the process alive; the writer's thread decides that
    worker.on("message", ({ ticket }: ParseDone) => parser.jobs.delete(ticket));
    const stopped = (reason: string) => {
      if (this.parsers[index] !== parser) return;
      this.parsers[index] = undefined; // the next job starts a new thread
      const message = `the ingest parser thread stopped (${reason}) before it parsed the batch; nothing was stored: send it again`;
      for (const ticket of parser.jobs) links.onStopped({ type: "stopped", ticket, message });
    };
    worker.on("error", (error) => stopped(error.message));
    worker.on("exit", (code) => stopped(`exit code ${code}`));
    return parser;
  }
}
