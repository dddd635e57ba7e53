/**
 * Durations as people write them in workbooks (`params.window: 24h`, an alert's `for: 30m`, a
 * schedule's `timeout: 10m`) and on the command line: for the analysis, the scheduler, the
 * alert rules and the `since` of cells (runtime/stdlib/since.ts), and the editor's settings
 * panel, which checks a `timeout` before it writes it.
 */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(?:\d+(?:\.\d+)?\s*(?:ms|s|m|h|d|w)\s*)+$/;
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/g;

/**
 * Milliseconds in `duration`: a non-negative number of milliseconds, or amounts with units
 * `ms`, `s`, `m`, `h`, `d`, `w`, one or more in a row (`90s`, `24h`, `1h30m`, `1d 12h`).
 * A bare number in a string is refused, since its unit would be a guess.
 */
export function parseDuration(duration: string | number): number {
  if (typeof duration === "number") {
    if (Number.isFinite(duration) && duration >= 0) return duration;
    throw new Error(`invalid duration ${duration}: expected a non-negative number of milliseconds`);
  }
  const text = typeof duration === "string" ? duration.trim() : "";
  if (!DURATION.test(text)) throw invalidDuration(duration);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

function invalidDuration(duration: unknown): Error {
  return new Error(
    `invalid duration ${JSON.stringify(duration)}: expected a number of milliseconds or amounts with units, ` +
      `like 90s, 30m, 24h, 7d, 2w or 1h30m`,
  );
}
