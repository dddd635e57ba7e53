/**
 * Streams live demo predictions into a running server through its HTTP API, as a model
 * service would: every second a batch of drifted `credit` predictions as NDJSON, and the
 * labels of earlier batches once they are due. One request at a time; a failed request is
 * reported and the stream goes on, so a server restart never ends the demo.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { CREDIT_MODEL, LIVE_LABEL_DELAY_MS, liveRows, type DelayedLabel } from "./credit.ts";

export interface StreamOptions {
  /** The server's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  perSecond: number;
  /** Seeds the rows; ids also carry the time, so runs with one seed never collide. Default 1. */
  seed?: number;
  /** Stops the stream; the promise then resolves with the totals. */
  signal: AbortSignal;
  onError?: (error: Error) => void;
  /** Called after every tick with the running totals. */
  onProgress?: (progress: StreamProgress) => void;
  /** How long after its prediction a label is posted; default 30 s. */
  labelDelayMs?: number;
  /** Sent as `Authorization: Bearer` when the server asks for a token (DRIFTBOOK_INGEST_TOKEN). */
  token?: string;
}

export interface StreamProgress {
  predictions: number;
  labels: number;
  errors: number;
}

/** A request gives up after this long, so a hung server cannot stall the stream. */
const REQUEST_TIMEOUT_MS = 10_000;

export async function streamDemo({
  url,
  perSecond,
  seed = 1,
  signal,
  onError,
  onProgress,
  labelDelayMs = LIVE_LABEL_DELAY_MS,
  token,
}: StreamOptions): Promise<StreamProgress> {
  const base = `${url.replace(/\/+$/, "")}/api/v1/models/${CREDIT_MODEL}`;
  const progress: StreamProgress = { predictions: 0, labels: 0, errors: 0 };
  const report = (error: Error) => {
    progress.errors++;
    onError?.(error);
  };
  const send = (path: string, contentType: string, body: string) =>
    post(`${base}/${path}`, { contentType, body, token, signal, report });
  let pending: DelayedLabel[] = [];
  while (!signal.aborted) {
    const tickStart = Date.now();
    const batch = liveRows(perSecond, { now: tickStart, seed, labelDelayMs });
    const ndjson =
      batch.rows
        .map(({ id, ts, features, prediction, score }) => JSON.stringify({ id, ts, features, prediction, score }))
        .join("\n") + "\n";
    if ((await send("predictions", "application/x-ndjson", ndjson)) === "ok") {
      progress.predictions += batch.rows.length;
      pending.push(...batch.labels);
    }
    const cutoff = Date.now();
    const due = pending.filter((label) => label.availableAt <= cutoff);
    if (due.length > 0 && !signal.aborted) {
      pending = pending.filter((label) => label.availableAt > cutoff);
      const body = JSON.stringify(due.map(({ id, label }) => ({ id, label })));
      const outcome = await send("labels", "application/json", body);
      if (outcome === "ok") progress.labels += due.length;
      // A refused batch would be refused again; an unreachable server may come back.
      else if (outcome === "unreachable") pending = due.concat(pending);
    }
    if (signal.aborted) break;
    onProgress?.({ ...progress });
    await sleep(Math.max(0, tickStart + 1000 - Date.now()), undefined, { signal }).catch(() => {});
  }
  return progress;
}

type Outcome = "ok" | "refused" | "unreachable";

interface PostOptions {
  contentType: string;
  body: string;
  token: string | undefined;
  signal: AbortSignal;
  report: (error: Error) => void;
}

/** POSTs `body`, reporting any failure (but not the stream being stopped) through `report`. */
async function post(url: string, { contentType, body, token, signal, report }: PostOptions): Promise<Outcome> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    const text = await response.text();
    if (response.ok) return "ok";
    report(new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 300)}`));
    return "refused";
  } catch (error) {
    if (!signal.aborted) {
      const cause = (error as Error & { cause?: Error }).cause;
      report(
        new Error(`POST ${url} failed: ${(error as Error).message}${cause?.message ? ` (${cause.message})` : ""}`),
      );
    }
    return "unreachable";
  }
}
