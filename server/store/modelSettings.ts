/**
 * A model's settings (driftbook_model_settings): the bucket its profiles are kept in, its
 * segment columns and their cap, the time zone its days follow, how long its rows and profiles
 * are kept (retentionSettings.ts), and whether its profiles need a rebuild. A model without a
 * row has the defaults. Changing what profiles are cut by
 * (bucket, segments, cap) makes the stored ones stale until `driftbook profile rebuild`.
 */
import type { Db } from "./db.ts";
import type { Retention } from "./retentionSettings.ts";

export type ProfilesState = "current" | "rebuild-needed";

export interface ModelSettings {
  bucketMs: number;
  segments: string[];
  /** Values per segment column with profiles of their own; the rest share SEGMENT_OTHER's. */
  segmentCap: number;
  /** The IANA zone days follow (`every: "1d"`); null is UTC. */
  tz: string | null;
  retention: Retention;
  profilesState: ProfilesState;
}

/** What a settings change may set (settingsInput.ts checks it); absent fields keep their value. */
export type SettingsChange = Partial<Pick<ModelSettings, "bucketMs" | "segments" | "segmentCap" | "tz" | "retention">>;

export const DEFAULT_SETTINGS: ModelSettings = {
  bucketMs: 3_600_000,
  segments: [],
  segmentCap: 100,
  tz: null,
  retention: { rowsMs: null, profilesMs: null },
  profilesState: "current",
};

interface SettingsRow {
  bucket_ms: number;
  segments: string;
  segment_cap: number;
  tz: string | null;
  retention_rows_ms: number | null;
  retention_profiles_ms: number | null;
  profiles_state: ProfilesState;
}

export function readSettings(db: Db, model: string): ModelSettings {
  const row = db
    .prepare(
      `select bucket_ms, segments, segment_cap, tz, retention_rows_ms, retention_profiles_ms, profiles_state
       from driftbook_model_settings where model = ?`,
    )
    .get(model) as SettingsRow | undefined;
  if (!row) return { ...DEFAULT_SETTINGS, segments: [], retention: { ...DEFAULT_SETTINGS.retention } };
  return {
    bucketMs: row.bucket_ms,
    segments: JSON.parse(row.segments) as string[],
    segmentCap: row.segment_cap,
    tz: row.tz,
    retention: { rowsMs: row.retention_rows_ms, profilesMs: row.retention_profiles_ms },
    profilesState: row.profiles_state,
  };
}

/**
 * Applies `change` to the model's settings (inside the caller's transaction) and returns them.
 * A change to how profiles are cut marks a model that has profiles already `rebuild-needed`.
 */
export function updateSettings(db: Db, model: string, change: SettingsChange): ModelSettings {
  const before = readSettings(db, model);
  const after: ModelSettings = { ...before, ...change };
  const recut =
    after.bucketMs !== before.bucketMs ||
    after.segmentCap !== before.segmentCap ||
    JSON.stringify(after.segments) !== JSON.stringify(before.segments);
  if (recut && hasProfiles(db, model)) after.profilesState = "rebuild-needed";
  db.prepare(
    `insert into driftbook_model_settings
       (model, bucket_ms, segments, segment_cap, tz, retention_rows_ms, retention_profiles_ms, profiles_state)
     values (?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (model) do update set bucket_ms = excluded.bucket_ms, segments = excluded.segments,
       segment_cap = excluded.segment_cap, tz = excluded.tz, retention_rows_ms = excluded.retention_rows_ms,
       retention_profiles_ms = excluded.retention_profiles_ms, profiles_state = excluded.profiles_state`,
  ).run(
    model,
    after.bucketMs,
    JSON.stringify(after.segments),
    after.segmentCap,
    after.tz,
    after.retention.rowsMs,
    after.retention.profilesMs,
    after.profilesState,
  );
  return after;
}

export function setProfilesState(db: Db, model: string, state: ProfilesState): void {
  db.prepare(
    `insert into driftbook_model_settings (model, profiles_state) values (?, ?)
     on conflict (model) do update set profiles_state = excluded.profiles_state`,
  ).run(model, state);
}

function hasProfiles(db: Db, model: string): boolean {
  return db.prepare("select 1 from driftbook_profiles where model = ? limit 1").get(model) !== undefined;
}

/** Settings as GET and PUT /api/v1/models/:model/settings answer them; `bucket` as a duration. */
export function settingsJson(model: string, settings: ModelSettings) {
  return {
    model,
    bucket: durationText(settings.bucketMs),
    segments: settings.segments,
    segmentCap: settings.segmentCap,
    tz: settings.tz,
    retention: {
      rows: settings.retention.rowsMs === null ? null : durationText(settings.retention.rowsMs),
      profiles: settings.retention.profilesMs === null ? null : durationText(settings.retention.profilesMs),
    },
    profiles: settings.profilesState,
    ...(settings.profilesState === "rebuild-needed" && {
      message: `the stored profiles no longer match these settings: run \`driftbook profile rebuild ${model}\``,
    }),
  };
}

/** A duration (a bucket size, which divides a day; a retention period) in the largest unit that writes it whole. */
function durationText(ms: number): string {
  for (const [unit, size] of [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
