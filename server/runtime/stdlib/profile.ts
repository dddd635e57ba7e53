/**
 * `profile(model, {since, until, segment, reference})` and `profiles(model, {since, until, every,
 * segment})` for cells: a model's stored profiles merged over a window (store/profileRead.ts),
 * without reading its rows. Like `sql`, each cell gets its own pair, which adds the model to the
 * words the cell read, so the cell re-runs when that model's data changes (worker.ts, readsModel).
 * When the database reads as of T, so do they: durations count back from T, windows end by T.
 */
import type { Profile } from "../../../detectors/index.ts";
import type { ReadonlyDatabase } from "../../store/readonly.ts";
import { readProfiles, type ProfileReadOptions } from "../../store/profileRead.ts";

/** A segment as cells write it: one segment column and its value, `{region: "eu"}`. */
type CellSegment = Record<string, string | number | boolean>;

export interface ProfileOptions {
  /** Start of the window: a Date, epoch ms, ISO text, or a duration before now (`"7d"`, as `since()`). */
  since?: ProfileReadOptions["since"];
  /** End of the window, in the same forms; default the newest stored data. */
  until?: ProfileReadOptions["until"];
  segment?: CellSegment;
  /** Read a reference set instead: `true` for "training", or its name. */
  reference?: true | string;
}

export interface ProfilesOptions extends Omit<ProfileOptions, "reference" | "segment"> {
  /** One profile per interval of this duration, e.g. `"1d"` (days of `tz`, else the model's zone, else UTC); default the whole window. */
  every?: string | number;
  tz?: string;
  /** One segment value (`{region: "eu"}`), or a segment column (`"region"`) for one profile per value. */
  segment?: CellSegment | string;
}

/** One interval of `profiles()`: its bounds as Dates, the segment value when each was asked for, its merged profile. */
export interface ProfileInterval {
  start: Date;
  end: Date;
  segment?: { column: string; value: string };
  profile: Profile;
}

/** The `profile` and `profiles` of one cell run, recording in `reads` the models it reads. */
export function profileLibrary(db: ReadonlyDatabase | undefined, reads: Set<string>) {
  const read = (model: string, options: ProfileReadOptions) => {
    if (typeof model !== "string") throw new Error(`profile: the model must be its name, got ${String(model)}`);
    reads.add(model);
    if (!db) throw new Error("no database: start the server or run the workbook with --db PATH");
    return readProfiles(db.connection(), model, { ...options, asOf: db.asOf });
  };

  /** The model's profile over the window (all of its stored data by default), or a reference set's. */
  function profile(model: string, options: ProfileOptions = {}): Profile {
    const { since, until, segment, reference } = optionsObject("profile", options);
    if (typeof segment === "string")
      throw new Error(
        `profile: name the value too, like {segment: {${segment}: "eu"}}; profiles(model, {segment: ${JSON.stringify(segment)}}) gives one profile per value`,
      );
    return read(model, { since, until, reference, segment: segmentOf(segment) })[0].profile;
  }

  /** One profile per `every` interval of the window (and per value of a segment column): `[{start, end, segment?, profile}]`. */
  function profiles(model: string, options: ProfilesOptions = {}): ProfileInterval[] {
    const { since, until, segment, every, tz } = optionsObject("profiles", options);
    const each = typeof segment === "string" ? { column: segment } : segmentOf(segment);
    return read(model, { since, until, every, tz, segment: each }).map(({ start, end, segment, profile }) => ({
      start: new Date(start!),
      end: new Date(end!),
      ...(segment && { segment }),
      profile,
    }));
  }

  return { profile, profiles };
}

function optionsObject<T>(name: string, options: T): T {
  if (options === null || typeof options !== "object")
    throw new Error(`${name}: options must be an object such as {since: "7d"}, got ${String(options)}`);
  return options;
}

/** `{region: "eu"}` as the store's `{column, value}`. */
function segmentOf(segment: CellSegment | undefined): ProfileReadOptions["segment"] {
  if (segment === undefined) return undefined;
  const entries = segment !== null && typeof segment === "object" ? Object.entries(segment) : [];
  if (entries.length !== 1)
    throw new Error(
      `segment: name one segment column and its value, like {region: "eu"}, got ${JSON.stringify(segment)}`,
    );
  const [[column, value]] = entries;
  return { column, value };
}
