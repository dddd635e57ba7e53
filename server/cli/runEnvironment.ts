/**
 * What surrounds a `driftbook run`: the alert channels from the config, the database with the
 * outbox's delivery loop going while the run works (and a bounded wait for its notifications at
 * the end), and the signals that interrupt it.
 */
import { constants as osConstants } from "node:os";
import { databaseLocation } from "../store/location.ts";
import { loadAlertConfig, type AlertConfig } from "../alerts/config.ts";
import { Delivery, DEFAULT_EXPIRE_MS } from "../alerts/delivery.ts";
import type { NotificationQueue } from "../alerts/evaluate.ts";
import { createSender } from "../alerts/notify.ts";
import { RunStore } from "../runs/store.ts";
import { openDatabase, type Db } from "../store/db.ts";
import { durationOption, secondsOption } from "./args.ts";
import { CliError } from "./cliError.ts";
import { waitForLock } from "./lockWait.ts";

const DEFAULT_NOTIFY_TIMEOUT_MS = 10_000;

/** The options of `driftbook run` these read. */
export type DatabaseOptions = { db?: string; "notify-timeout"?: string; "notify-expire"?: string };

/**
 * The alert channels. A config that cannot be read fails the command only when it runs alert
 * rules (`required`); otherwise this run delivers nothing and leaves the outbox as it is.
 */
export async function readConfig(path: string | undefined, required: boolean): Promise<AlertConfig | undefined> {
  try {
    return await loadAlertConfig({ path });
  } catch (error) {
    if (required) throw new CliError((error as Error).message);
    return undefined;
  }
}

/**
 * Opens the database and runs `use` with the outbox's delivery loop going: it delivers what
 * earlier runs and the server left due, then this run's notifications. At the end it waits at
 * most --notify-timeout for this process's own (and attempts in flight), then leaves the rest
 * in the outbox and says how many.
 */
export async function withDatabase<T>(
  values: DatabaseOptions,
  config: AlertConfig | undefined,
  use: (db: Db, notifications: NotificationQueue) => Promise<T>,
): Promise<T> {
  const notifyTimeoutMs = secondsOption("notify-timeout", values["notify-timeout"], DEFAULT_NOTIFY_TIMEOUT_MS);
  const expireMs = durationOption("notify-expire", values["notify-expire"], DEFAULT_EXPIRE_MS);
  const dbPath = databaseLocation(values.db);
  const db = openDatabase(dbPath, { retryBusy: waitForLock(dbPath) });
  for (const note of new RunStore(db).interruptOrphaned({ serverRuns: false })) console.warn(note);
  const delivery = new Delivery({ db, sender: createSender(config ?? { channels: {} }), expireMs });
  if (config && Object.keys(config.channels).length > 0) delivery.start();
  try {
    return await use(db, delivery);
  } finally {
    const left = await delivery.drain(notifyTimeoutMs);
    await delivery.stop("driftbook run stopped waiting (--notify-timeout)");
    if (left > 0)
      console.log(
        `${left} notification${left === 1 ? "" : "s"} left in the outbox; driftbook serve or the next driftbook run delivers ${left === 1 ? "it" : "them"}`,
      );
    db.close();
  }
}

/**
 * The first SIGINT or SIGTERM stops the run in progress, which is then recorded as interrupted
 * with the signal's name, and the command exits 128 + the signal's number as shells expect; a
 * second one ends the process at once (Node's default, as the handlers are gone).
 */
export function interruptOnSignals(): { signal: AbortSignal; exitCode: () => number; dispose: () => void } {
  const controller = new AbortController();
  let received: NodeJS.Signals = "SIGINT";
  const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const handler = () => {
      received = name;
      dispose();
      controller.abort(`driftbook run received ${name}`);
    };
    process.once(name, handler);
    return [name, handler] as const;
  });
  const dispose = () => {
    for (const [name, handler] of handlers) process.off(name, handler);
  };
  return { signal: controller.signal, exitCode: () => 128 + osConstants.signals[received], dispose };
}
