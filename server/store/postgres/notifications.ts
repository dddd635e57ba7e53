/**
 * News of committed model changes between the processes on one PostgreSQL database: each change
 * sends `NOTIFY driftbook_models, '<model>:<version>'` inside its own transaction, so PostgreSQL
 * delivers it when (and only if) the transaction commits
 * (https://www.postgresql.org/docs/current/sql-notify.html), and every server LISTENs on a
 * dedicated asynchronous connection of its main thread. A batch logged through any server thus
 * re-runs the open workbooks on all of them within milliseconds, where SQLite's readers poll.
 * NOTIFY is not durable: a listener that lost its connection missed what was sent meanwhile, so
 * after each (re)connection it is told to re-read the versions, and it reconnects with a backoff
 * that doubles from 1 s to 30 s while PostgreSQL is away.
 */
import pg from "pg";
import type { Db } from "../connection.ts";
import { where } from "./syncClient.ts";

export const MODELS_CHANNEL = "driftbook_models";

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;

/** Inside the transaction of a change: tells the listening servers of `model`'s new version once it commits. */
export function notifyModelChange(db: Db, model: string, version: number): void {
  db.prepare("select pg_notify(?, ?)").get(MODELS_CHANNEL, `${model}:${version}`);
}

export interface ModelChangeListenerOptions {
  url: string;
  /** A change another connection committed. */
  onChange: (model: string, version: number) => void;
  /** Listening (again): changes sent while the connection was down were missed, so re-read them. */
  onListening: () => void;
  /** The connection failed or broke; it is retried. */
  onError?: (message: string) => void;
  /** Waits between attempts; default 1 s doubling up to 30 s. */
  retryMs?: (attempt: number) => number;
}

/** Listens for model changes until the returned function is called; reconnects whenever the connection drops. */
export function listenForModelChanges(options: ModelChangeListenerOptions): () => void {
  const retryMs = options.retryMs ?? ((attempt) => Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), LAST_RETRY_MS));
  const report = options.onError ?? ((message) => console.error(message));
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  const retry = (error: Error) => {
    if (stopped || timer) return;
    client?.removeAllListeners();
    client?.on("error", () => {}); // a late error of the dropped connection must not throw
    void client?.end().catch(() => {});
    client = undefined;
    failures++;
    const delay = retryMs(failures);
    report(
      `listening for new data on PostgreSQL (${where(options.url)}) failed: ${error.message}; retrying in ${delay} ms`,
    );
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
  };

  const connect = async () => {
    const opened = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 10_000 });
    client = opened;
    opened.on("error", retry);
    opened.on("end", () => retry(new Error("the connection ended")));
    opened.on("notification", ({ channel, payload }) => {
      const change = channel === MODELS_CHANNEL && payload !== undefined ? parseChange(payload) : undefined;
      if (change) options.onChange(change.model, change.version);
    });
    try {
      await opened.connect();
      await opened.query(`listen ${MODELS_CHANNEL}`);
    } catch (error) {
      if (client === opened) retry(error as Error);
      return;
    }
    if (stopped) return void opened.end().catch(() => {});
    failures = 0;
    options.onListening();
  };

  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    client?.removeAllListeners();
    client?.on("error", () => {});
    void client?.end().catch(() => {});
  };
}

/** `<model>:<version>`; model names are identifiers, so the last colon splits it. */
function parseChange(payload: string): { model: string; version: number } | undefined {
  const colon = payload.lastIndexOf(":");
  const version = Number(payload.slice(colon + 1));
  if (colon <= 0 || !Number.isSafeInteger(version)) return undefined;
  return { model: payload.slice(0, colon), version };
}
