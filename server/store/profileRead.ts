/**
 * Reading profiles (issue 18, item 6): a window of a model's stored profiles merged into one
 * Profile, or one per `every` interval. Each interval is read by one SQL query, a UNION ALL of
 * range scans on driftbook_profiles' primary key (model, source, grain, start, …), one per tile
 * of the coarsest grains that cover it (profileCalendar.ts), so a 30-day view decodes tens of
 * blobs, not hundreds. The options are checked in profileOptions.ts; the stored layout is the
 * store's (profileStore.ts writes it).
 */
import { decodeColumnProfile, LabelProfile, Profile } from "../../detectors/index.ts";
import { boundaryAtOrBefore, ceilTo, DAY_MS, floorTo, intervalsOf, tilesOf, type Tile } from "./profileCalendar.ts";
import { everyOf, ProfileReadError, timeOf, zoneOf, type ProfileReadOptions } from "./profileOptions.ts";
import type { Db } from "./db.ts";
import { readSettings, type ModelSettings } from "./modelSettings.ts";
import { decodeRows, LABELS_COLUMN, ROWS_COLUMN } from "./profileStore.ts";

export { ProfileReadError, type ProfileReadOptions } from "./profileOptions.ts";

/** One merged profile: of the buckets starting in `[start, end)`, or of a reference set (no times). */
export interface ProfileWindow {
  start: number | null;
  end: number | null;
  profile: Profile;
}

/** The most intervals one read returns: `every: "1h"` over a year is 8,760. */
export const MAX_INTERVALS = 10_000;

/** The reference set `reference: true` reads. */
export const DEFAULT_REFERENCE = "training";

/** A set of rows of driftbook_profiles: a source and one segment value ('' and '' for all rows). */
interface Slice {
  source: string;
  segment: string;
  segmentValue: string;
}

/**
 * The model's profiles over the window, merged: one entry without `every`, else one per
 * interval (empty intervals included, with an empty profile). Throws a ProfileReadError naming
 * the option at fault.
 */
export function readProfiles(db: Db, model: string, options: ProfileReadOptions = {}): ProfileWindow[] {
  const settings = settingsOf(db, model);
  const slice: Slice = { source: "predictions", segment: "", segmentValue: "" };
  if (options.segment !== undefined) {
    Object.assign(slice, segmentSlice(model, settings, options.segment));
  }
  if (options.reference !== undefined) {
    for (const option of ["since", "until", "every"] as const) {
      if (options[option] !== undefined)
        throw new ProfileReadError(
          `${option}: a reference set is one profile, read whole; drop ${option} or reference`,
          option,
        );
    }
    slice.source = referenceSource(db, model, options.reference);
    return [{ start: null, end: null, profile: readTiles(db, model, slice, [{ grain: "all", from: 0, to: 1 }]) }];
  }
  const now = options.now ?? Date.now();
  const since = options.since === undefined ? undefined : timeOf("since", options.since, now);
  const until = options.until === undefined ? undefined : timeOf("until", options.until, now);
  if (since !== undefined && until !== undefined && since > until)
    throw new ProfileReadError(
      `since (${new Date(since).toISOString()}) is after until (${new Date(until).toISOString()})`,
      "since",
    );
  // Segment values are profiled per UTC day and month (kept affordable for many values), all rows per bucket too.
  const unit = slice.segment === "" ? { grain: "bucket", ms: settings.bucketMs } : { grain: "day", ms: DAY_MS };
  const stored = storedSpan(db, model, slice, unit);
  // A bucket belongs to the window when it overlaps it: the window widens to whole buckets.
  let start = since === undefined ? (stored?.start ?? now) : floorTo(since, unit.ms);
  let end = until === undefined ? Math.max(start, stored?.end ?? now) : ceilTo(until, unit.ms);
  if (options.every === undefined) {
    return [{ start, end, profile: readTiles(db, model, slice, tilesOf(start, end)) }];
  }
  const everyMs = everyOf(options.every, unit.ms, slice.segment === "" ? "buckets" : "segment profiles (one a day)");
  const zone = slice.segment === "" ? zoneOf(options.tz, settings.tz) : segmentZone(options.tz);
  // Without a bound, the first and last intervals are whole; with one, they stop at it.
  if (since === undefined) start = boundaryAtOrBefore(start, everyMs, zone);
  const intervals = stored === undefined && since === undefined ? [] : intervalsOf(start, end, everyMs, zone);
  if (intervals.length > MAX_INTERVALS)
    throw new ProfileReadError(
      `every: ${JSON.stringify(options.every)} cuts this window into ${intervals.length} intervals, more than ${MAX_INTERVALS}: read a shorter window or a longer every`,
      "every",
    );
  if (until === undefined && intervals.length > 0) end = intervals[intervals.length - 1].end;
  return intervals.map((interval) => {
    const from = Math.max(interval.start, start);
    const to = Math.min(interval.end, end);
    return { start: from, end: to, profile: readTiles(db, model, slice, tilesOf(from, to)) };
  });
}

/** Segment profiles follow UTC days: a call asking for another zone is refused rather than answered off by hours. */
function segmentZone(tz: string | undefined): string {
  if (tz !== undefined && zoneOf(tz, null) !== "UTC")
    throw new ProfileReadError(
      `tz: segment profiles are kept per UTC day, so a segment's every follows UTC; drop tz ${JSON.stringify(tz)}`,
      "tz",
    );
  return "UTC";
}

/** The model's profile settings, or a ProfileReadError when the model or its profiles are not there. */
function settingsOf(db: Db, model: string): ModelSettings {
  const kept = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'driftbook_profiles'").get();
  if (kept === undefined)
    throw new ProfileReadError(
      "this database keeps no profiles yet (an older Driftbook wrote it): start `driftbook serve` on it once to upgrade it",
      "model",
    );
  const known = db.prepare("select 1 from driftbook_models where name = ?").pluck().get(model);
  if (known === undefined) {
    const models = db.prepare("select name from driftbook_models order by name limit 20").pluck().all() as string[];
    throw new ProfileReadError(
      `no model named ${JSON.stringify(model)}${models.length ? ` (models: ${models.join(", ")})` : " (no model logged yet)"}`,
      "model",
      true,
    );
  }
  const settings = readSettings(db, model);
  if (settings.profilesState === "rebuild-needed")
    throw new ProfileReadError(
      `model ${JSON.stringify(model)} has profiles cut otherwise than its settings say, or none (it was logged before profiles were kept): run \`driftbook profile rebuild ${model}\` first`,
      "model",
    );
  return settings;
}

function segmentSlice(
  model: string,
  settings: ModelSettings,
  segment: NonNullable<ProfileReadOptions["segment"]>,
): Pick<Slice, "segment" | "segmentValue"> {
  const { column, value } = segment;
  if (!settings.segments.includes(column)) {
    const declared = settings.segments.length
      ? `its segment columns: ${settings.segments.join(", ")}`
      : `it declares none: PUT /api/v1/models/${model}/settings {"segments": ["${column}"]}`;
    throw new ProfileReadError(
      `segment: ${JSON.stringify(column)} is not a segment column of model ${JSON.stringify(model)} (${declared})`,
      "segment",
    );
  }
  if (value === null || value === undefined || typeof value === "object")
    throw new ProfileReadError(`segment: the value of ${column} must be text, a number or a boolean`, "segment");
  return { segment: column, segmentValue: String(value) };
}

/** The source of the newest version of the named reference set (`reference:<name>:<version>`). */
function referenceSource(db: Db, model: string, reference: string | true): string {
  const name = reference === true ? DEFAULT_REFERENCE : reference;
  if (typeof name !== "string" || name === "")
    throw new ProfileReadError("reference: expected true or the name of a reference set", "reference");
  const sources = (prefix: string) =>
    db
      .prepare("select distinct source from driftbook_profiles where model = ? and source >= ? and source < ?")
      .pluck()
      .all(
        model,
        prefix,
        prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1),
      ) as string[];
  const prefix = `reference:${name}:`;
  const versions = sources(prefix).map((source) => ({ source, version: Number(source.slice(prefix.length)) }));
  if (versions.length === 0) {
    const names = [...new Set(sources("reference:").map((source) => source.split(":")[1]))];
    throw new ProfileReadError(
      `reference: model ${JSON.stringify(model)} has no reference set named ${JSON.stringify(name)} (${names.length ? `it has: ${names.join(", ")}` : "it has none: PUT /api/v1/models/" + model + "/reference"})`,
      "reference",
      true,
    );
  }
  return versions.reduce((newest, each) => (each.version > newest.version ? each : newest)).source;
}

/** The first stored bucket's start and the last one's end, or undefined when none is stored. */
function storedSpan(
  db: Db,
  model: string,
  slice: Slice,
  unit: { grain: string; ms: number },
): { start: number; end: number } | undefined {
  const span = db
    .prepare(
      "select min(start) as first, max(start) as last from driftbook_profiles where model = ? and source = ? and grain = ? and segment = ? and segment_value = ?",
    )
    .get(model, slice.source, unit.grain, slice.segment, slice.segmentValue) as {
    first: number | null;
    last: number | null;
  };
  return span.first === null || span.last === null ? undefined : { start: span.first, end: span.last + unit.ms };
}

type ReadTile = Tile | { grain: "all"; from: number; to: number };

/** One stored (grain, start) period: its pseudo-columns `@rows` and `@labels` and one row per column. */
interface StoredColumn {
  column_name: string;
  data: Uint8Array;
}

/** One query over the tiles, then one Profile per stored (grain, start), merged in order. */
function readTiles(db: Db, model: string, slice: Slice, tiles: ReadTile[]): Profile {
  if (tiles.length === 0) return new Profile();
  const one =
    "select grain, start, column_name, data from driftbook_profiles where model = ? and source = ? and grain = ? and start >= ? and start < ? and segment = ? and segment_value = ?";
  const rows = db
    .prepare(tiles.map(() => one).join(" union all "))
    .iterate(
      ...tiles.flatMap((tile) => [
        model,
        slice.source,
        tile.grain,
        tile.from,
        tile.to,
        slice.segment,
        slice.segmentValue,
      ]),
    ) as Iterable<StoredColumn & { grain: string; start: number }>;
  let merged: Profile | undefined;
  let period = "";
  let columns: StoredColumn[] = [];
  const flush = () => {
    if (columns.length === 0) return;
    const profile = storedProfile(columns);
    // The first period's profile becomes the sum itself: merging it into an empty one would copy it.
    if (merged) merged.merge(profile);
    else merged = profile;
    columns = [];
  };
  for (const row of rows) {
    const rowPeriod = `${row.grain}@${row.start}`;
    if (rowPeriod !== period) flush();
    period = rowPeriod;
    columns.push(row);
  }
  flush();
  return merged ?? new Profile();
}

/** The Profile of one stored period from its rows. */
function storedProfile(columns: StoredColumn[]): Profile {
  const profile = new Profile();
  for (const { column_name: name, data } of columns) {
    if (name === ROWS_COLUMN) profile.rows = decodeRows(data);
    else if (name === LABELS_COLUMN) profile.labels = LabelProfile.decode(data);
    else profile.columns.set(name, decodeColumnProfile(data));
  }
  return profile;
}
