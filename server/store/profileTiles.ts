/**
 * The SQL side of profile reads: the span of a slice's stored periods, and the merged profile of
 * a set of tiles in one query, a UNION ALL of range scans on driftbook_profiles' primary key
 * (model, source, grain, start, segment, segment_value, column_name), one per tile. A slice is
 * one source and either all rows, one segment value, or each value of a segment column.
 */
import { decodeColumnProfile, LabelProfile, Profile } from "../../detectors/index.ts";
import type { Db } from "./db.ts";
import type { Tile } from "./profileCalendar.ts";
import { decodeRows, LABELS_COLUMN, ROWS_COLUMN } from "./storedProfiles.ts";

/** Rows of driftbook_profiles: a source, and a segment column ('' for all rows) with one value or, undefined, each. */
export interface Slice {
  source: string;
  segment: string;
  segmentValue: string | undefined;
}

/** A tile of stored periods, or a reference set's one profile (grain 'all', start 0). */
export type ReadTile = Tile | { grain: "all"; from: number; to: number };

/** One stored column of one period: a column profile, or the pseudo-columns `@rows` and `@labels`. */
interface StoredColumn {
  column_name: string;
  data: Uint8Array;
}

/** The conditions and parameters that pick a slice's rows, after those on grain and start. */
function sliceFilter(slice: Slice): { sql: string; values: string[] } {
  return slice.segmentValue === undefined
    ? { sql: "segment = ?", values: [slice.segment] }
    : { sql: "segment = ? and segment_value = ?", values: [slice.segment, slice.segmentValue] };
}

/** The first stored period's start and the last one's end (periods of `unit`), or undefined when none is stored. */
export function storedSpan(
  db: Db,
  model: string,
  slice: Slice,
  unit: { grain: string; ms: number },
): { start: number; end: number } | undefined {
  const filter = sliceFilter(slice);
  const span = db
    .prepare(
      `select min(start) as first, max(start) as last from driftbook_profiles where model = ? and source = ? and grain = ? and ${filter.sql}`,
    )
    .get(model, slice.source, unit.grain, ...filter.values) as { first: number | null; last: number | null };
  return span.first === null || span.last === null ? undefined : { start: span.first, end: span.last + unit.ms };
}

/**
 * The merged profile of the tiles per segment value ('' for all rows): one query, then one
 * Profile per stored period and value (its rows arrive together, in key order), merged in order.
 */
export function readTiles(db: Db, model: string, slice: Slice, tiles: ReadTile[]): Map<string, Profile> {
  const merged = new Map<string, Profile>();
  if (tiles.length === 0) return merged;
  const filter = sliceFilter(slice);
  const one = `select grain, start, segment_value, column_name, data from driftbook_profiles where model = ? and source = ? and grain = ? and start >= ? and start < ? and ${filter.sql}`;
  const rows = db
    .prepare(tiles.map(() => one).join(" union all "))
    .iterate(
      ...tiles.flatMap((tile) => [model, slice.source, tile.grain, tile.from, tile.to, ...filter.values]),
    ) as Iterable<StoredColumn & { grain: string; start: number; segment_value: string }>;
  let period = "";
  let value = "";
  let columns: StoredColumn[] = [];
  const flush = () => {
    if (columns.length === 0) return;
    const profile = storedProfile(columns);
    // The first period's profile becomes the sum itself: merging it into an empty one would copy it.
    const sum = merged.get(value);
    if (sum) sum.merge(profile);
    else merged.set(value, profile);
    columns = [];
  };
  for (const row of rows) {
    const rowPeriod = `${row.grain}@${row.start}@${row.segment_value}`;
    if (rowPeriod !== period) flush();
    period = rowPeriod;
    value = row.segment_value;
    columns.push(row);
  }
  flush();
  return merged;
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
