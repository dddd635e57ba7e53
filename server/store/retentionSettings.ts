/**
 * A model's retention setting, `retention: {rows: "30d", profiles: "400d"}`: how long its raw
 * rows and its profiles are kept, stored in driftbook_model_settings' retention columns. The
 * settings (`PUT /api/v1/models/:model/settings`, settingsInput.ts) validate the field with
 * parseRetention and store it with the rest (modelSettings.ts); the background sweep
 * (retention.ts) reads it. Profiles must
 * outlive the rows: a rebuild keeps buckets whose rows are gone, but rows without their profile
 * would make the profile views disagree with `sql`.
 */
import type { Db } from "./db.ts";
import { parseDuration } from "../protocol/duration.ts";
import { BatchError } from "../ingest/types.ts";

/** Milliseconds each kind of data is kept; null keeps it for good. */
export interface Retention {
  rowsMs: number | null;
  profilesMs: number | null;
}

/** The shortest period accepted: shorter would delete the rows of the hour being profiled. */
const MIN_RETENTION_MS = 3_600_000;

/**
 * The retention in a settings body: an object with `rows` and `profiles`, each a duration
 * (`30d`, `12w`) or null for "keep". Throws a BatchError naming the field.
 */
export function parseRetention(value: unknown): Retention {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BatchError(`retention must be an object like {"rows": "30d", "profiles": "400d"}`, {
      field: "retention",
    });
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => key !== "rows" && key !== "profiles");
  if (unknown !== undefined) {
    throw new BatchError(`retention.${unknown} is not a setting: give rows and profiles`, {
      field: `retention.${unknown}`,
    });
  }
  const retention = { rowsMs: period(fields, "rows"), profilesMs: period(fields, "profiles") };
  const { rowsMs, profilesMs } = retention;
  if (profilesMs !== null && (rowsMs === null || profilesMs < rowsMs)) {
    throw new BatchError(
      `retention.profiles must be at least retention.rows: profiles outlive the rows they summarise`,
      { field: "retention.profiles" },
    );
  }
  return retention;
}

/** Every model that has a retention period, with it. */
export function retentions(db: Db): ({ model: string } & Retention)[] {
  return db
    .prepare(
      `select model, retention_rows_ms as "rowsMs", retention_profiles_ms as "profilesMs" from driftbook_model_settings
       where retention_rows_ms is not null or retention_profiles_ms is not null order by model`,
    )
    .all() as ({ model: string } & Retention)[];
}

function period(fields: Record<string, unknown>, key: "rows" | "profiles"): number | null {
  const value = fields[key];
  if (value === undefined || value === null) return null;
  const field = `retention.${key}`;
  let ms: number;
  try {
    if (typeof value !== "string") throw new Error(`expected a duration like "30d", not ${JSON.stringify(value)}`);
    ms = parseDuration(value);
  } catch (error) {
    throw new BatchError(`${field}: ${(error as Error).message}`, { field });
  }
  if (ms < MIN_RETENTION_MS) throw new BatchError(`${field} must be at least 1h, not ${value}`, { field });
  return ms;
}
