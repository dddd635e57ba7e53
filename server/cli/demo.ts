/**
 * `driftbook demo`: seeds the demo model "credit" into the database and, with `--stream`, keeps
 * logging to a server over HTTP until stopped.
 */
import { databaseLocation } from "../store/location.ts";
import { DRIFT_START_DAY } from "../demo/credit.ts";
import { seedDemo, DEMO_HISTORY_DAYS, DEMO_REFERENCE_ROWS, DEMO_ROWS_PER_DAY } from "../demo/seed.ts";
import { streamDemo, type StreamProgress } from "../demo/stream.ts";
import { PredictionStore } from "../store/store.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError } from "./cliError.ts";

const USAGE = `Usage: driftbook demo [options]

Creates the demo model "credit": a reference set of ${DEMO_REFERENCE_ROWS.toLocaleString("en-US")} rows and ${DEMO_HISTORY_DAYS} days × ${DEMO_ROWS_PER_DAY.toLocaleString("en-US")}
predictions in which income and purpose drift from day ${DRIFT_START_DAY}, with labels arriving about a day
late. Does nothing when "credit" already has predictions.

Options:
  --db PATH|URL        a SQLite file or postgres:// URL (default $DRIFTBOOK_DATABASE_URL, else ./data/driftbook.db)
  --stream N           then log N predictions a second through the HTTP API until Ctrl-C
  --url URL            the server to stream to (default http://127.0.0.1:3000); when it asks for
                       a token, DRIFTBOOK_INGEST_TOKEN (or DRIFTBOOK_TOKEN) is sent`;

const PROGRESS_EVERY_MS = 10_000;

export async function demo(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { db: { type: "string" }, stream: { type: "string" }, url: { type: "string" } },
    USAGE,
  );
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"\n\n${USAGE}`);
  const perSecond = values.stream === undefined ? undefined : Number(values.stream);
  if (perSecond !== undefined && !(Number.isInteger(perSecond) && perSecond > 0)) {
    throw new CliError(`--stream must be a positive whole number of predictions a second, got "${values.stream}"`);
  }
  const url = values.url ?? "http://127.0.0.1:3000";
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url))
    throw new CliError(`--url must be an http(s) URL, got "${url}"`);

  const dbPath = databaseLocation(values.db);
  const store = new PredictionStore(dbPath);
  try {
    const seeded = seedDemo(store);
    if (seeded) {
      const share = Math.round((100 * seeded.labelledRows) / seeded.predictionRows);
      console.log(
        `seeded model credit in ${dbPath}: ${count(seeded.referenceRows)} reference rows, ${count(seeded.predictionRows)} predictions ` +
          `from ${when(seeded.from)} to ${when(seeded.to)}, ${count(seeded.labelledRows)} labelled (${share}%); income and purpose drift from day ${DRIFT_START_DAY}`,
      );
    } else {
      console.log(
        `model credit already has ${count(store.model("credit")!.rows)} predictions in ${dbPath}; nothing seeded`,
      );
    }
  } finally {
    store.close();
  }
  if (perSecond !== undefined) await stream(url, perSecond);
  return 0;
}

/** Streams until SIGINT or SIGTERM, with a progress line every ~10 s and each new error once. */
async function stream(url: string, perSecond: number): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  console.log(`streaming ${count(perSecond)} predictions a second to ${url} (Ctrl-C to stop)`);
  let lastProgress = Date.now();
  let lastError = "";
  const summary = (progress: StreamProgress) =>
    `${count(progress.predictions)} predictions and ${count(progress.labels)} labels to ${url} (${count(progress.errors)} errors)`;
  try {
    const totals = await streamDemo({
      url,
      token: process.env.DRIFTBOOK_INGEST_TOKEN || process.env.DRIFTBOOK_TOKEN || undefined,
      perSecond,
      signal: controller.signal,
      onError: (error) => {
        if (error.message !== lastError) console.error(`driftbook demo: ${error.message}`);
        lastError = error.message;
      },
      onProgress: (progress) => {
        if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = Date.now();
        console.log(`streamed ${summary(progress)}`);
      },
    });
    console.log(`stopped after streaming ${summary(totals)}`);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** Epoch ms as "2025-01-08 09:59 UTC". */
function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
