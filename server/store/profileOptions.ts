/**
 * The options of a profile read (cells, HTTP, CLI all pass them through readProfiles), checked
 * in one place so each caller reports the same errors naming the same option: times as ISO text,
 * a Date, epoch ms or a duration before now ("7d", as `since()` in cells), `every` as a
 * duration, `tz` as an IANA zone, a segment as a column and its value, a reference by name.
 */
import { epochOfIso, isIsoDate } from "../ingest/batchReader.ts";
import { parseDuration } from "../protocol/duration.ts";
import { checkTimeZone } from "./profileCalendar.ts";

/** A point in time as callers give it: epoch ms, a Date, ISO text, or a duration before now. */
export type TimeInput = number | string | Date;

export interface ProfileReadOptions {
  /** The window's start (rows of buckets that end after it); default: the first stored bucket. */
  since?: TimeInput;
  /** The window's end (rows of buckets that start before it); default: the end of the last stored bucket. */
  until?: TimeInput;
  /** One profile per interval of this duration (`"1d"`): calendar days of `tz` when it is whole days. */
  every?: string | number;
  /** IANA time zone of `every` days; default the model's setting, else UTC. */
  tz?: string;
  /** Only the rows with this value in a segment column the model declared; without a value, each value on its own. */
  segment?: { column: string; value?: string | number | boolean };
  /** A reference set's profile instead of the predictions': `true` for "training", or its name. */
  reference?: string | true;
  /** The clock durations count back from. */
  now?: number;
  /**
   * Read as of this moment (epoch ms): durations count back from it, `until` defaults to it and
   * is clamped at it, so only buckets that end by then are merged; a reference set is the version
   * in force then.
   */
  asOf?: number;
}

/** A read refused: `option` names what to fix (`model`, `since`, `every`…); `notFound` for a model or reference that is not there. */
export class ProfileReadError extends Error {
  constructor(
    message: string,
    readonly option: string,
    readonly notFound = false,
  ) {
    super(message);
    this.name = "ProfileReadError";
  }
}

/** Epoch ms of a time option, or a ProfileReadError naming `option`. */
export function timeOf(option: string, value: TimeInput, now: number): number {
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return value.getTime();
  } else if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
  } else if (typeof value === "string") {
    const text = value.trim();
    if (/^\d/.test(text) && /[a-z]$/i.test(text) && !text.includes("-")) {
      try {
        return now - parseDuration(text);
      } catch {
        // falls through to the error below, which names both forms
      }
    }
    // As logged times are read (ingest/batchReader.ts): no offset is UTC, a day the month lacks is refused.
    const time = isIsoDate(text) ? epochOfIso(text) : NaN;
    if (!Number.isNaN(time)) return time;
  }
  throw new ProfileReadError(
    `${option}: ${JSON.stringify(value)} is neither an ISO time (2024-05-01 or 2024-05-01T12:00:00Z), epoch milliseconds, nor a duration before now (90m, 24h, 7d)`,
    option,
  );
}

/** The length of `every` in ms, a whole number of `unitMs`, the finest profiles stored (`unitName`). */
export function everyOf(value: string | number, unitMs: number, unitName: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (error) {
    throw new ProfileReadError(`every: ${(error as Error).message}`, "every");
  }
  if (!(ms > 0)) throw new ProfileReadError(`every: ${JSON.stringify(value)} must be longer than zero`, "every");
  if (ms % unitMs !== 0)
    throw new ProfileReadError(
      `every: ${JSON.stringify(value)} is not a whole number of the model's ${unitName} of ${unitMs / 60_000} minutes`,
      "every",
    );
  return ms;
}

/** The zone of `every` days: the call's, else the model's, else UTC; an unknown one names its option. */
export function zoneOf(call: string | undefined, model: string | null): string {
  const zone = call ?? model ?? "UTC";
  try {
    checkTimeZone(zone);
  } catch {
    const option = call === undefined ? "the model's tz setting" : "tz";
    throw new ProfileReadError(`${option}: ${JSON.stringify(zone)} is not a time zone (try UTC or Europe/Paris)`, "tz");
  }
  return zone;
}

/**
 * A segment as `column:value` (HTTP) or `column=value` (CLI) text, split at the first separator
 * so the value may hold it; a bare `column` asks for each of its values. `option` names the
 * parameter in the error.
 */
export function segmentOf(text: string, separator: ":" | "=", option: string): { column: string; value?: string } {
  const at = text.indexOf(separator);
  if (at === 0 || text === "")
    throw new ProfileReadError(
      `${option}: expected COLUMN or COLUMN${separator}VALUE, got ${JSON.stringify(text)}`,
      "segment",
    );
  return at < 0 ? { column: text } : { column: text.slice(0, at), value: text.slice(at + 1) };
}
