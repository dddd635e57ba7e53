/**
 * Turns rows being stored into profile deltas: one per bucket (merged by the store into the
 * bucket, its day and its month) and one per day and segment value (merged into that day and
 * its month), or for a reference set one for the whole set and one per segment value. Each delta
 * holds the row count, one profile per column and, where rows carry labels, a LabelProfile, so
 * the store decodes, merges and encodes each stored profile once per batch, never per row. Each
 * column is profiled in one bulk pass (NumericProfile.addAll, CategoricalProfile.addAll) over the
 * rows of its group, and a batch whose rows share one bucket has no per-row grouping at all.
 */
import {
  CategoricalProfile,
  LabelProfile,
  NumericProfile,
  OTHER_CATEGORY,
  type ColumnProfile,
} from "../../detectors/index.ts";
import { bucketStart, dayStart, monthStart, type Grain } from "./buckets.ts";
import type { Column } from "./columns.ts";
import { cellOf, type ProfiledColumn, type ProfiledRows } from "./profiledRows.ts";

/**
 * The segment value of rows whose segment column is null: a noncharacter (U+FFFF) no logged text
 * holds in practice, never NUL, which PostgreSQL's text cannot store.
 */
export const SEGMENT_MISSING = "\uffffmissing";
/** The segment value shared by values past a column's cap: the detectors' `other` category, so tests count it as one. */
export const SEGMENT_OTHER = OTHER_CATEGORY;

export type LabelTask = "classification" | "regression";

export interface Period {
  grain: Grain;
  start: number;
}

export interface ProfileDelta {
  periods: Period[];
  /** '' for all rows, else the segment column; segmentValue its (capped) value. */
  segment: string;
  segmentValue: string;
  rows: number;
  columns: Map<string, ColumnProfile>;
  labels: LabelProfile | null;
}

/** Which segment values get profiles of their own (profileStore.ts keeps the cap). */
export interface SegmentValues {
  columns: string[];
  /** The value stored for `value` of `column`: itself, or SEGMENT_OTHER past the cap. */
  assign(column: string, value: string): string;
}

export interface DeltaPlan {
  /** A reference set: one profile for the whole set (grain 'all') instead of periods. */
  reference: boolean;
  bucketMs: number;
  segments: SegmentValues;
  /** How labelled rows are profiled, or null when the model has no labels (labelTaskOf). */
  labelTask: LabelTask | null;
}

/**
 * Labels are classes when the label column holds text or booleans, or when the model logs a
 * score or class probabilities (a classifier's 0/1 labels are numbers); otherwise numbers are
 * regression targets. Null without a label or prediction column.
 */
export function labelTaskOf(columns: Iterable<Column>): LabelTask | null {
  let label: Column | undefined;
  let prediction = false;
  let scored = false;
  for (const column of columns) {
    if (column.role === "label") label = column;
    if (column.role === "prediction") prediction = true;
    if (column.role === "score" || column.role === "probability") scored = true;
  }
  if (!label || !prediction) return null;
  return label.type !== "REAL" || scored ? "classification" : "regression";
}

/** A label or prediction as the label profile of `task` takes it; null when it cannot (text in a regression). */
export function labelValue(value: number | string | null, task: LabelTask): number | string | null {
  if (value === null) return null;
  if (task === "classification") return String(value);
  return typeof value === "number" ? value : null;
}

/** The deltas of the selected rows. */
export function profileDeltas(rows: ProfiledRows, plan: DeltaPlan): ProfileDelta[] {
  const deltas: ProfileDelta[] = [];
  const overall = plan.reference ? allRows(rows, 0) : byBucket(rows, plan.bucketMs);
  for (const [start, indices] of overall) {
    const periods: Period[] = plan.reference
      ? [{ grain: "all", start: 0 }]
      : [
          { grain: "bucket", start },
          { grain: "day", start: dayStart(start) },
          { grain: "month", start: monthStart(start) },
        ];
    deltas.push({ periods, segment: "", segmentValue: "", ...profileOf(rows, indices, plan.labelTask) });
  }
  for (const segment of plan.segments.columns) {
    const column = rows.columns.find(({ name }) => name.toLowerCase() === segment.toLowerCase());
    if (!column) continue; // not stored yet: no row has a value for it
    const groups = groupRows(rows, (index) => {
      const cell = cellOf(column, index);
      const value = plan.segments.assign(column.name, cell === null ? SEGMENT_MISSING : String(cell));
      return `${plan.reference ? 0 : dayStart(rows.ts[index]!)}:${value}`; // the day has no colon: the first one splits
    });
    for (const [key, indices] of groups) {
      const colon = key.indexOf(":");
      const start = Number(key.slice(0, colon));
      const value = key.slice(colon + 1);
      const periods: Period[] = plan.reference
        ? [{ grain: "all", start: 0 }]
        : [
            { grain: "day", start },
            { grain: "month", start: monthStart(start) },
          ];
      deltas.push({ periods, segment: column.name, segmentValue: value, ...profileOf(rows, indices, plan.labelTask) });
    }
  }
  return deltas;
}

/**
 * Which rows a delta profiles: indices into the rows, ascending, or null for every row (a whole
 * batch in one group, the common case at ingest, which then needs no index array at all).
 */
type RowSet = Int32Array | null;

/** Every selected row as one group under `key`. */
function allRows<K>(rows: ProfiledRows, key: K): Map<K, RowSet> {
  if (!rows.selected) return new Map(rows.length > 0 ? [[key, null]] : []);
  return groupRows(rows, () => key);
}

/** The selected rows by the start of their bucket; one group without indices when a batch falls in one bucket. */
function byBucket(rows: ProfiledRows, bucketMs: number): Map<number, RowSet> {
  let first = Infinity;
  let last = -Infinity;
  for (let index = 0; index < rows.length; index++) {
    const ts = rows.ts[index]!;
    if (ts < first) first = ts;
    if (ts > last) last = ts;
  }
  // bucketStart grows with ts, so the first and last times share a bucket only if every row does.
  if (rows.length > 0 && bucketStart(first, bucketMs) === bucketStart(last, bucketMs)) {
    return allRows(rows, bucketStart(first, bucketMs));
  }
  return groupRows(rows, (index) => bucketStart(rows.ts[index]!, bucketMs));
}

/** The selected rows' indices by `keyOf`, in row order. */
function groupRows<K>(rows: ProfiledRows, keyOf: (index: number) => K): Map<K, RowSet> {
  const groups = new Map<K, number[]>();
  for (let index = 0; index < rows.length; index++) {
    if (rows.selected && !rows.selected[index]) continue;
    const key = keyOf(index);
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  }
  return new Map([...groups].map(([key, indices]) => [key, Int32Array.from(indices)]));
}

/** The profile of rows `indices` (every row for null): a column at a time, each in one bulk pass. */
function profileOf(
  rows: ProfiledRows,
  indices: RowSet,
  labelTask: LabelTask | null,
): Pick<ProfileDelta, "rows" | "columns" | "labels"> {
  const columns = new Map<string, ColumnProfile>();
  const byRole = new Map<string, ProfiledColumn>();
  for (const column of rows.columns) {
    const lower = column.name.toLowerCase();
    byRole.set(lower, column);
    if (lower === "label") continue; // labels change after logging: they are profiled in '@labels'
    columns.set(column.name, columnProfile(column, indices));
  }
  const label = byRole.get("label");
  const prediction = byRole.get("prediction");
  const count = indices ? indices.length : rows.length;
  let labels: LabelProfile | null = null;
  if (labelTask && label && prediction) {
    labels = new LabelProfile(labelTask);
    const score = byRole.get("score");
    for (let i = 0; i < count; i++) {
      const index = indices ? indices[i]! : i;
      const actual = labelValue(cellOf(label, index), labelTask);
      const predicted = labelValue(cellOf(prediction, index), labelTask);
      if (actual === null || predicted === null) continue;
      const scored = score ? cellOf(score, index) : null;
      labels.add(predicted, actual, typeof scored === "number" ? scored : null);
    }
  }
  return { rows: count, columns, labels };
}

function columnProfile(column: ProfiledColumn, indices: RowSet): ColumnProfile {
  const rows = indices ?? undefined;
  if (column.kind === "numeric") {
    const profile = new NumericProfile();
    profile.addAll(column.values, column.nulls, rows);
    return profile;
  }
  const profile = new CategoricalProfile();
  profile.addAll(column.values, rows);
  return profile;
}
