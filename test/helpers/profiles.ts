/**
 * Stored profiles (driftbook_profiles) as the tests compare them: per key, the exact fields
 * (rows; count, missing, min, max; categorical counts while under the cap; label counts), and
 * numeric sums apart, since float sums agree only to rounding.
 */
import { CategoricalProfile, LabelProfile, NumericProfile } from "../../detectors/index.ts";
import type { Db } from "../../server/store/db.ts";
import { decodeRows, LABELS_COLUMN, ROWS_COLUMN } from "../../server/store/storedProfiles.ts";

export interface StoredProfileRow {
  grain: string;
  start: number;
  segment: string;
  segment_value: string;
  column_name: string;
  data: Uint8Array;
}

export function storedProfiles(db: Db, model: string, source = "predictions"): StoredProfileRow[] {
  return db
    .prepare(
      `select grain, start, segment, segment_value, column_name, data from driftbook_profiles
       where model = ? and source = ? order by grain, start, segment, segment_value, column_name`,
    )
    .all(model, source) as StoredProfileRow[];
}

export const keyOf = (row: Omit<StoredProfileRow, "data">) =>
  `${row.grain} ${row.start} ${row.segment}=${row.segment_value.replace("\u0000", "\\0")} ${row.column_name}`;

/** A stored profile's exact fields, decoded by what its bytes say it is. */
export function exactFields(row: StoredProfileRow, numeric: boolean): Record<string, unknown> {
  if (row.column_name === ROWS_COLUMN) return { rows: decodeRows(row.data) };
  if (row.column_name === LABELS_COLUMN) {
    const labels = LabelProfile.decode(row.data);
    return labels.task === "classification"
      ? { count: labels.count, confusion: labels.toJSON() }
      : { count: labels.count };
  }
  if (numeric) {
    const { count, missing, min, max } = NumericProfile.decode(row.data);
    return { count, missing, min, max };
  }
  const profile = CategoricalProfile.decode(row.data);
  const exact = profile.counts.size < profile.cap && profile.other === 0;
  return {
    count: profile.count,
    missing: profile.missing,
    ...(exact && { counts: Object.fromEntries(profile.counts) }),
  };
}

/** Every stored profile of `model`'s source by key, as exact fields; `numericColumns` names the REAL columns. */
export function exactProfiles(db: Db, model: string, numericColumns: string[], source?: string): Map<string, unknown> {
  return new Map(
    storedProfiles(db, model, source).map((row) => [
      keyOf(row),
      exactFields(row, numericColumns.includes(row.column_name)),
    ]),
  );
}
