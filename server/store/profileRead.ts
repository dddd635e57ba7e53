/**
 * Reading profiles (issue 18, item 6): a window of a model's stored profiles merged into one
 * Profile, or one per `every` interval, for all rows, one segment value or each value of a
 * segment column. Each interval is one SQL query over the coarsest stored grains that tile it
 * (profileCalendar.ts, profileTiles.ts), so a 30-day view decodes tens of blobs, not hundreds.
 * The options are checked in profileOptions.ts; the stored layout is the store's (profileStore.ts).
 */
import { Profile } from "../../detectors/index.ts";
import { bucketStart, DAY_MS } from "./buckets.ts";
import { boundaryAtOrBefore, ceilTo, intervalsOf, tilesOf } from "./profileCalendar.ts";
import { everyOf, ProfileReadError, timeOf, zoneOf, type ProfileReadOptions } from "./profileOptions.ts";
import { readTiles, storedSpan, type ReadTile, type Slice } from "./profileTiles.ts";
import type { Db } from "./db.ts";
import { readSettings, type ModelSettings } from "./modelSettings.ts";
import { tableExists } from "./tableSchema.ts";
import { PREDICTIONS_SOURCE } from "./profileStore.ts";
import {
  currentReference,
  DEFAULT_REFERENCE,
  referenceInForce,
  referenceNames,
  referenceSource,
} from "./references.ts";

export { ProfileReadError, type ProfileReadOptions } from "./profileOptions.ts";

/**
 * One merged profile: of the buckets starting in `[start, end)`, or of a reference set (no
 * times); `segment` says which value of a segment column when each value was asked for.
 */
export interface ProfileWindow {
  start: number | null;
  end: number | null;
  segment?: { column: string; value: string };
  profile: Profile;
}

/** The most intervals one read returns: `every: "1h"` over a year is 8,760. */
export const MAX_INTERVALS = 10_000;

/**
 * The model's profiles over the window, merged: one entry without `every`, else one per
 * interval (empty intervals included, with an empty profile). For each value of a segment
 * column (`segment: {column}`), one entry per interval and value that has rows, by value.
 * Throws a ProfileReadError naming the option at fault.
 */
export function readProfiles(db: Db, model: string, options: ProfileReadOptions = {}): ProfileWindow[] {
  const settings = settingsOf(db, model);
  const slice: Slice = { source: PREDICTIONS_SOURCE, segment: "", segmentValue: "" };
  if (options.segment !== undefined) {
    Object.assign(slice, segmentSlice(model, settings, options.segment));
  }
  const windowsOf = (start: number | null, end: number | null, tiles: ReadTile[]): ProfileWindow[] => {
    const profiles = readTiles(db, model, slice, tiles);
    if (slice.segmentValue !== undefined)
      return [{ start, end, profile: profiles.get(slice.segmentValue) ?? new Profile() }];
    return [...profiles.keys()].sort().map((value) => ({
      start,
      end,
      segment: { column: slice.segment, value },
      profile: profiles.get(value)!,
    }));
  };
  if (options.reference !== undefined) {
    for (const option of ["since", "until", "every"] as const) {
      if (options[option] !== undefined)
        throw new ProfileReadError(
          `${option}: a reference set is one profile, read whole; drop ${option} or reference`,
          option,
        );
    }
    slice.source = referenceSourceOf(db, model, options.reference, options.asOf);
    return windowsOf(null, null, [{ grain: "all", from: 0, to: 1 }]);
  }
  const { asOf } = options;
  const now = asOf ?? options.now ?? Date.now();
  const since = options.since === undefined ? undefined : timeOf("since", options.since, now);
  const asked = options.until === undefined ? undefined : timeOf("until", options.until, now);
  const until = asOf === undefined ? asked : Math.min(asked ?? asOf, asOf);
  if (since !== undefined && until !== undefined && since > until)
    throw new ProfileReadError(
      `since (${new Date(since).toISOString()}) is after until (${new Date(until).toISOString()})`,
      "since",
    );
  // Segment values are profiled per UTC day and month (kept affordable for many values), all rows per bucket too.
  const unit = slice.segment === "" ? { grain: "bucket", ms: settings.bucketMs } : { grain: "day", ms: DAY_MS };
  const stored = storedSpan(db, model, slice, unit);
  // A bucket belongs to the window when it overlaps it: the window widens to whole buckets.
  let start = since === undefined ? (stored?.start ?? now) : bucketStart(since, unit.ms);
  let end = until === undefined ? Math.max(start, stored?.end ?? now) : ceilTo(until, unit.ms);
  // As of T, only buckets that end by T: a bucket still filling at T would hold rows from after it.
  if (asOf !== undefined) {
    end = Math.min(end, bucketStart(asOf, unit.ms));
    start = Math.min(start, end);
  }
  if (options.every === undefined) {
    return windowsOf(start, end, tilesOf(start, end));
  }
  const everyMs = everyOf(options.every, unit.ms, slice.segment === "" ? "buckets" : "segment profiles (one a day)");
  const zone = slice.segment === "" ? zoneOf(options.tz, settings.tz) : segmentZone(options.tz);
  // Without a bound, the first and last intervals are whole; with one, they stop at it.
  if (since === undefined) start = boundaryAtOrBefore(start, everyMs, zone);
  // Counted before the intervals are made, so a year of `every: "1s"` is refused, not built (DST days may add one or two).
  const count = Math.ceil((end - start) / everyMs);
  if (count > MAX_INTERVALS)
    throw new ProfileReadError(
      `every: ${JSON.stringify(options.every)} cuts this window into about ${count} intervals, more than ${MAX_INTERVALS}: read a shorter window or a longer every`,
      "every",
    );
  const intervals = stored === undefined && since === undefined ? [] : intervalsOf(start, end, everyMs, zone);
  if (until === undefined && intervals.length > 0) end = intervals[intervals.length - 1].end;
  return intervals.flatMap((interval) => {
    const from = Math.max(interval.start, start);
    const to = Math.min(interval.end, end);
    return windowsOf(from, to, tilesOf(from, to));
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
  if (!tableExists(db, "driftbook_profiles"))
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
  if (value === undefined) return { segment: column, segmentValue: undefined };
  if (value === null || typeof value === "object")
    throw new ProfileReadError(`segment: the value of ${column} must be text, a number or a boolean`, "segment");
  return { segment: column, segmentValue: String(value) };
}

/** The profile source of the named reference set's current version, or of the one in force at `asOf` (references.ts). */
function referenceSourceOf(db: Db, model: string, reference: string | true, asOf: number | undefined): string {
  const name = reference === true ? DEFAULT_REFERENCE : reference;
  if (typeof name !== "string" || name === "")
    throw new ProfileReadError("reference: expected true or the name of a reference set", "reference");
  const version = asOf === undefined ? currentReference(db, model, name) : referenceInForce(db, model, name, asOf);
  if (version) return referenceSource(name, version.version);
  if (asOf !== undefined && currentReference(db, model, name))
    throw new ProfileReadError(
      `reference: no version of reference set ${JSON.stringify(name)} of model ${JSON.stringify(model)} was in force at ${new Date(asOf).toISOString()}`,
      "reference",
      true,
    );
  const names = referenceNames(db, model);
  throw new ProfileReadError(
    `reference: model ${JSON.stringify(model)} has no reference set named ${JSON.stringify(name)} (${names.length ? `it has: ${names.join(", ")}` : "it has none: PUT /api/v1/models/" + model + "/reference"})`,
    "reference",
    true,
  );
}
