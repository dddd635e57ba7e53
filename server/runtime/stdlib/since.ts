/** `since(duration)` for cells' time windows, over the durations of server/protocol/duration.ts. */
import { parseDuration } from "../../protocol/duration.ts";

/** Epoch milliseconds `duration` before `now`: the start of a time window, e.g. `ts >= ${since("24h")}`. */
export function since(duration: string | number, now: number = Date.now()): number {
  return now - parseDuration(duration);
}

/** The run's clock: epoch ms now, or the moment an as-of run reads the data as of (T). */
export type Clock = () => number;

/** The `since` cells get: counting back from the run's clock, so from T in an as-of run. */
export function sinceOn(clock: Clock): typeof since {
  return (duration, now = clock()) => since(duration, now);
}
