/**
 * How a workbook's front matter writes its schedule: `schedule: "<cron>"` or `{cron, tz}`. Read
 * here for both sides, the scheduler (server/runs/schedule.ts, which then asks croner whether the
 * pattern runs) and the editor's settings panel (client/settings.ts), so they take the same text.
 */

/** A schedule as written: a cron pattern (croner syntax, seconds allowed) and its IANA time zone. */
export interface ScheduleSetting {
  cron: string;
  tz?: string;
}

/**
 * The schedule `value` (the front matter's `schedule`) writes: undefined when there is none,
 * or the error naming the two shapes it may take.
 */
export function readSchedule(value: unknown): ScheduleSetting | { error: string } | undefined {
  if (value === undefined || value === null) return undefined;
  const { cron, tz } = typeof value === "string" ? { cron: value, tz: undefined } : (value as Partial<ScheduleSetting>);
  if (typeof cron !== "string" || (tz !== undefined && typeof tz !== "string")) {
    return { error: 'schedule must be a cron pattern like "0 * * * *" or {cron: "0 * * * *", tz: "Europe/Paris"}' };
  }
  return tz === undefined ? { cron } : { cron, tz };
}
