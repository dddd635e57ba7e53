/**
 * The write side of stored profiles (driftbook_profiles): merges the profile of rows being
 * stored into the profiles of their periods, inside the caller's transaction, so rows and
 * profiles commit or roll back together. A batch touches each stored profile once: decoded on
 * first use, merged with every delta for it, encoded and written at the end (storedProfiles.ts).
 * Sources: 'predictions', and each version of a reference set (references.ts referenceSource).
 */
import { CategoricalProfile, NumericProfile } from "../../detectors/index.ts";
import type { Grain } from "./buckets.ts";
import type { Column } from "./columns.ts";
import type { Db } from "./db.ts";
import type { ModelSettings } from "./modelSettings.ts";
import {
  labelTaskOf,
  profileDeltas,
  SEGMENT_MISSING,
  SEGMENT_OTHER,
  type DeltaPlan,
  type SegmentValues,
} from "./profileDeltas.ts";
import { profiledColumns, tableRows, type ProfiledRows } from "./profiledRows.ts";
import { isReferenceSource } from "./references.ts";
import { decodeRows, ROWS_COLUMN, StoredProfiles } from "./storedProfiles.ts";

export const PREDICTIONS_SOURCE = "predictions";

/** Merges the profile of `rows` (of a table with `columns`) into `source`'s stored profiles. */
export function recordProfiles(
  db: Db,
  model: string,
  source: string,
  rows: ProfiledRows,
  columns: Iterable<Column>,
  settings: ModelSettings,
): void {
  const recorder = new ProfileRecorder(db, model, source, columns, settings);
  recorder.add(rows);
  recorder.write();
}

/**
 * Merges the profiles of rows into a source's stored profiles, rows after rows (a batch in
 * parts), and writes each stored profile it touched once, at write(). The columns are those of
 * the table when it was made: after a column is added, write and make another.
 */
export class ProfileRecorder {
  private readonly stored: StoredProfiles;
  private readonly plan: DeltaPlan;

  constructor(db: Db, model: string, source: string, columns: Iterable<Column>, settings: ModelSettings) {
    const reference = isReferenceSource(source);
    this.plan = {
      reference,
      bucketMs: settings.bucketMs,
      segments: new SegmentCap(db, model, source, settings, reference ? "all" : "month", true),
      labelTask: labelTaskOf(columns),
    };
    this.stored = new StoredProfiles(db, model, source);
  }

  add(rows: ProfiledRows): void {
    for (const delta of profileDeltas(rows, this.plan)) this.stored.merge(delta);
  }

  write(): void {
    this.stored.write();
  }
}

/**
 * Gives a column new to the table a profile in every period profiled before it: all of those
 * rows lack it, so it is missing there, as raw SQL over the same rows would count it.
 */
export function recordNewColumn(db: Db, model: string, source: string, column: Column): void {
  if (profiledColumns([column]).length === 0 || column.role === "label") return;
  const periods = db
    .prepare(
      `select grain, start, segment, segment_value, data from driftbook_profiles
       where model = ? and source = ? and column_name = ?`,
    )
    .raw()
    .all(model, source, ROWS_COLUMN) as [Grain, number, string, string, Uint8Array][];
  const insert = db.prepare(
    `insert into driftbook_profiles (model, source, grain, start, segment, segment_value, column_name, data)
     values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  );
  for (const [grain, start, segment, segmentValue, data] of periods) {
    const profile = column.type === "REAL" ? new NumericProfile() : new CategoricalProfile();
    profile.addMissing(decodeRows(data));
    insert.run(model, source, grain, start, segment, segmentValue, column.name, profile.encode());
  }
}

export function deleteProfiles(db: Db, model: string, source: string): void {
  db.prepare("delete from driftbook_profiles where model = ? and source = ?").run(model, source);
}

/**
 * The segment values with profiles of their own: the first `segmentCap` values of each column
 * (in the order rows were stored), read from the profiles of `grain`, which hold every value.
 * `growing` lets new values join while the cap allows (ingest); labels only look values up.
 */
export class SegmentCap implements SegmentValues {
  readonly columns: string[];
  private readonly known = new Map<string, Set<string>>();

  constructor(
    private readonly db: Db,
    private readonly model: string,
    private readonly source: string,
    private readonly settings: ModelSettings,
    private readonly grain: Grain,
    private readonly growing: boolean,
  ) {
    this.columns = settings.segments;
  }

  assign(column: string, value: string): string {
    if (value === SEGMENT_MISSING) return value;
    const known = this.valuesOf(column);
    if (known.has(value)) return value;
    if (!this.growing || known.size >= this.settings.segmentCap) return SEGMENT_OTHER;
    known.add(value);
    return value;
  }

  private valuesOf(column: string): Set<string> {
    let values = this.known.get(column);
    if (!values) {
      const stored = this.db
        .prepare(
          `select distinct segment_value from driftbook_profiles
           where model = ? and source = ? and grain = ? and segment = ? and column_name = ?`,
        )
        .pluck()
        .all(this.model, this.source, this.grain, column, ROWS_COLUMN) as string[];
      values = new Set(stored.filter((value) => value !== SEGMENT_OTHER && value !== SEGMENT_MISSING));
      this.known.set(column, values);
    }
    return values;
  }
}

/** Rows read per chunk when profiling rows already in a table: bounded memory for any table. */
export const ROWS_PER_CHUNK = 10_000;

/**
 * Profiles the next chunk of rows of `table` past rowid `after` (up to `upTo`) into `source`;
 * returns the rows read and the last rowid read (`upTo` when none are left).
 */
export function recordChunk(
  db: Db,
  model: string,
  source: string,
  table: string,
  columns: Column[],
  settings: ModelSettings,
  range: { after: number; upTo: number },
): { rows: number; lastRowid: number } {
  const { rows, lastRowid } = tableRows(db, table, columns, { ...range, limit: ROWS_PER_CHUNK });
  if (rows.length > 0) recordProfiles(db, model, source, rows, columns, settings);
  return { rows: rows.length, lastRowid };
}

/** Profiles every row of `table` past rowid `after` into `source` (a staged copy), a chunk at a time. */
export function recordStoredRows(
  db: Db,
  model: string,
  source: string,
  table: string,
  columns: Iterable<Column>,
  settings: ModelSettings,
  after: number,
): number {
  const stored = [...columns];
  let rows = 0;
  for (let last = after; ;) {
    const chunk = recordChunk(db, model, source, table, stored, settings, {
      after: last,
      upTo: Number.MAX_SAFE_INTEGER,
    });
    if (chunk.rows === 0) return rows;
    rows += chunk.rows;
    last = chunk.lastRowid;
  }
}
