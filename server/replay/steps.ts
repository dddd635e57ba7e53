/**
 * The times a replay runs the workbook as of: the multiples of the step (counted from the
 * epoch, in UTC) inside the range, so replays of one range with one step line up across runs
 * and a daily step lands on midnight UTC, where the demo's and most data's days begin.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Most steps one replay may take: each one re-runs the workbook's data cells. */
export const MAX_REPLAY_STEPS = 10_000;

export interface ReplayRange {
  /** Epoch ms; excluded. */
  since: number;
  /** Epoch ms; included. */
  until: number;
  everyMs: number;
}

/**
 * The multiples of `everyMs` in (since, until]. At least two, so a replay has a span to count
 * firings over; at most MAX_REPLAY_STEPS. Errors say which setting to change.
 */
export function replaySteps({ since, until, everyMs }: ReplayRange): number[] {
  if (!(everyMs > 0) || !Number.isFinite(everyMs))
    throw new Error(`the step must be a positive duration, got ${everyMs} ms`);
  if (!(until > since)) throw new Error(`the range must end after it starts: ${iso(since)} to ${iso(until)}`);
  const first = Math.floor(since / everyMs) * everyMs + everyMs;
  const count = first > until ? 0 : Math.floor((until - first) / everyMs) + 1;
  if (count > MAX_REPLAY_STEPS)
    throw new Error(
      `${count.toLocaleString("en")} steps is more than ${MAX_REPLAY_STEPS.toLocaleString("en")}: take a longer step or a shorter range`,
    );
  if (count < 2)
    throw new Error(
      `the range ${iso(since)} to ${iso(until)} holds ${count} step(s) of ${everyMs} ms, fewer than 2: take a shorter step or a longer range`,
    );
  return Array.from({ length: count }, (_, i) => first + i * everyMs);
}

/** The time a replay's steps span: one step's interval for each step. */
export function spanOf(steps: readonly number[]): number {
  return steps.length < 2 ? 0 : ((steps[steps.length - 1] - steps[0]) * steps.length) / (steps.length - 1);
}

/** A span as people say it: "30 days", "36 hours", "90 minutes". */
export function describeSpan(ms: number): string {
  const [amount, unit] =
    ms % DAY_MS === 0
      ? [ms / DAY_MS, "day"]
      : ms % HOUR_MS === 0
        ? [ms / HOUR_MS, "hour"]
        : [Math.round(ms / 60_000), "minute"];
  return `${amount} ${unit}${amount === 1 ? "" : "s"}`;
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
