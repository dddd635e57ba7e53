/** `since(duration)` for cells' time windows, over the durations of server/workbook/duration.ts. */
import { parseDuration } from "../../workbook/duration.ts";

/** Epoch milliseconds `duration` before `now`: the start of a time window, e.g. `ts >= ${since("24h")}`. */
export function since(duration: string | number, now: number = Date.now()): number {
  return now - parseDuration(duration);
}
