/**
 * Checks a settings change as sent (`PUT /api/v1/models/:model/settings`, `driftbook log
 * --segments`): `bucket` a duration that divides a day, `segments` column names (present or
 * still to come), `segmentCap` a whole number, `tz` an IANA zone, `retention` how long rows and
 * profiles are kept (retentionSettings.ts). Each error names its field.
 */
import { parseDuration } from "../protocol/duration.ts";
import { featureNameProblem } from "../ingest/names.ts";
import { BatchError } from "../ingest/types.ts";
import { DAY_MS } from "./buckets.ts";
import type { SettingsChange } from "./modelSettings.ts";
import { parseRetention } from "./retentionSettings.ts";

const FIELDS = ["bucket", "segments", "segmentCap", "tz", "retention"];
/** Most segment columns a model may declare: each one multiplies the profiles kept per day. */
const MAX_SEGMENTS = 10;
const MAX_SEGMENT_CAP = 10_000;

export function settingsInput(body: unknown): SettingsChange {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BatchError(`settings must be a JSON object with any of ${FIELDS.join(", ")}`);
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((field) => !FIELDS.includes(field));
  if (unknown !== undefined) {
    throw new BatchError(`unknown setting "${unknown}": expected ${FIELDS.join(", ")}`, { field: unknown });
  }
  const change: SettingsChange = {};
  if (fields.bucket !== undefined) change.bucketMs = bucketInput(fields.bucket);
  if (fields.segments !== undefined) change.segments = segmentsInput(fields.segments);
  if (fields.segmentCap !== undefined) change.segmentCap = segmentCapInput(fields.segmentCap);
  if (fields.tz !== undefined) change.tz = tzInput(fields.tz);
  if (fields.retention !== undefined) change.retention = parseRetention(fields.retention);
  return change;
}

export function bucketInput(value: unknown): number {
  let ms = Number.NaN;
  try {
    if (typeof value === "string") ms = parseDuration(value);
  } catch {
    // refused below, naming the field
  }
  if (!(ms >= 1000 && Number.isInteger(ms) && DAY_MS % ms === 0)) {
    throw new BatchError(
      `bucket must be a duration that divides a day, such as 5m, 15m, 1h or 1d, got ${JSON.stringify(value)}`,
      { field: "bucket" },
    );
  }
  return ms;
}

export function segmentsInput(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_SEGMENTS) {
    throw new BatchError(`segments must be an array of at most ${MAX_SEGMENTS} column names`, { field: "segments" });
  }
  const seen = new Set<string>();
  for (const name of value) {
    // A segment is a feature or the prediction; the label changes after logging, so it cannot cut rows.
    const problem =
      typeof name !== "string" ? "is not a string" : name === "prediction" ? undefined : featureNameProblem(name);
    if (problem)
      throw new BatchError(`segments: ${JSON.stringify(name)} ${problemText(problem)}`, { field: "segments" });
    if (seen.has(name.toLowerCase())) {
      throw new BatchError(`segments: ${JSON.stringify(name)} is named twice`, { field: "segments" });
    }
    seen.add(name.toLowerCase());
  }
  return value as string[];
}

function segmentCapInput(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_SEGMENT_CAP) {
    throw new BatchError(
      `segmentCap must be a whole number from 1 to ${MAX_SEGMENT_CAP}, got ${JSON.stringify(value)}`,
      {
        field: "segmentCap",
      },
    );
  }
  return value;
}

function tzInput(value: unknown): string | null {
  if (value === null || value === "UTC") return value === null ? null : "UTC";
  try {
    if (typeof value !== "string") throw new RangeError();
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new BatchError(
      `tz must be an IANA time zone such as "Europe/Berlin" or null for UTC, got ${JSON.stringify(value)}`,
      {
        field: "tz",
      },
    );
  }
}

function problemText(problem: string): string {
  return problem === "is not a string" ? problem : `cannot be a segment: ${problem}`;
}
