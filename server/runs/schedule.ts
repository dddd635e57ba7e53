/**
 * A workbook's schedule from its front matter: `schedule: "<cron>"` or `{cron, tz}` (croner
 * syntax, seconds allowed), and `timeout` (a duration, default 10 min) for each headless run.
 * Pure apart from asking croner to validate the pattern and time zone.
 */
import { Cron } from "croner";
import { parseDuration } from "../protocol/duration.ts";

export const DEFAULT_RUN_TIMEOUT_MS = 10 * 60_000;

export interface Schedule {
  cron: string;
  tz?: string;
  timeoutMs: number;
}

/** The schedule, none (no `schedule` key), or an error that says what to fix. */
export type ScheduleResult = { schedule: Schedule; error?: undefined } | { schedule?: undefined; error?: string };

export function scheduleOf(frontMatter: Record<string, unknown> | undefined): ScheduleResult {
  const value = frontMatter?.schedule;
  if (value === undefined || value === null) return {};
  const { cron, tz } =
    typeof value === "string" ? { cron: value, tz: undefined } : (value as { cron?: unknown; tz?: unknown });
  if (typeof cron !== "string" || (tz !== undefined && typeof tz !== "string")) {
    return { error: 'schedule must be a cron pattern like "0 * * * *" or {cron: "0 * * * *", tz: "Europe/Paris"}' };
  }
  try {
    const job = new Cron(cron, { timezone: tz, paused: true });
    job.nextRun();
    job.stop();
  } catch (error) {
    return { error: `invalid schedule ${JSON.stringify(cron)}${tz ? ` in ${tz}` : ""}: ${(error as Error).message}` };
  }
  let timeoutMs = DEFAULT_RUN_TIMEOUT_MS;
  if (frontMatter?.timeout !== undefined) {
    try {
      timeoutMs = parseDuration(frontMatter.timeout as string | number);
    } catch (error) {
      return { error: `timeout: ${(error as Error).message}` };
    }
  }
  return { schedule: { cron, ...(tz ? { tz } : {}), timeoutMs } };
}

/** The schedule's latest tick at or before `now` (epoch ms), or undefined when it never ticked before. */
export function lastTickAt(schedule: Schedule, now: number): number | undefined {
  // croner's previousRuns counts times strictly before the reference: a tick at `now` itself is the latest.
  const [previous] = new Cron(schedule.cron, { timezone: schedule.tz, paused: true }).previousRuns(
    1,
    new Date(now + 1),
  );
  return previous?.getTime();
}

/** The schedule's next tick after `now` (epoch ms), or undefined when it never ticks again. */
export function nextTickAt(schedule: Schedule, now: number): number | undefined {
  return new Cron(schedule.cron, { timezone: schedule.tz, paused: true }).nextRun(new Date(now))?.getTime();
}

/**
 * How often a workbook's schedule runs it (the gap between its next two ticks), or undefined
 * when it has no valid schedule: its alert rules' evaluation interval, which tells Alertmanager
 * how long a firing alert stays valid when nothing re-posts it.
 */
export function scheduledIntervalOf(frontMatter: Record<string, unknown> | undefined): number | undefined {
  const { schedule } = scheduleOf(frontMatter);
  if (!schedule) return undefined;
  const [next, after] = new Cron(schedule.cron, { timezone: schedule.tz, paused: true }).nextRuns(2);
  return next && after ? after.getTime() - next.getTime() : undefined;
}
