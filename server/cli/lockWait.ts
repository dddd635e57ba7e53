/**
 * How the CLI meets a database that another process is writing (a running server, another
 * `driftbook log`): it waits. Each write transaction first waits the busy timeout inside SQLite;
 * past it, the command says so on stderr and tries again with backoff, for up to ten minutes,
 * so a `driftbook log` beside a busy server finishes instead of failing.
 */
import type { OpenOptions } from "../store/db.ts";

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 15_000;
const GIVE_UP_AFTER_MS = 10 * 60_000;

/** The retryBusy of a CLI connection to the database at `path`. */
export function waitForLock(path: string): NonNullable<OpenOptions["retryBusy"]> {
  let firstBusyAt = 0;
  return (attempt) => {
    if (attempt === 1) firstBusyAt = Date.now();
    if (Date.now() - firstBusyAt > GIVE_UP_AFTER_MS) return undefined;
    const delayMs = Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
    console.error(
      `driftbook: ${path} is locked by another writer; trying again in ${delayMs / 1000} s (attempt ${attempt + 1})`,
    );
    return delayMs;
  };
}
