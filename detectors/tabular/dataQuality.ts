/**
 * Data-quality checks of a table, alone or against a reference (missing, infinite, constant and empty
 * columns, out-of-range values, unseen categories, type mismatches, duplicate ids, label coverage),
 * after Evidently's column summaries and data-quality tests (MissingValueCount, OutRangeValueCount,
 * DatasetSummary), each column checked for what can go wrong with its role (roles.ts).
 */

import {
  isMissing,
  presentKinds,
  profileColumn,
  readColumns,
  type ColumnProfile,
  type Columns,
  type TableInput,
  type ValueKind,
} from "../inputs/columns.ts";
import { profiledColumnType, type InferredColumnType } from "./autoSelect.ts";
import { columnRole, type ColumnRole } from "./roles.ts";

export interface DataQualityOptions {
  /** The table the current one is checked against (range, categories, types). Default: none. */
  reference?: TableInput;
}

/** A count and its share. */
export interface CountShare {
  count: number;
  share: number;
}

/** Which checks a column of each role gets (a check that does not apply leaves its field out). */
export interface RoleChecks {
  /** What a null means: a missing value, or (label) a prediction whose label has not arrived. */
  nulls: "missing" | "unlabelled";
  constant: boolean;
  duplicates: boolean;
  outOfRange: boolean;
  unseen: boolean;
  typeMismatch: boolean;
}

/**
 * The checks per column role ({@link columnRole}). Features get all but duplicates. An `id` is unique by
 * design and new in every batch, so it is checked for missing and duplicate values only; a `ts` is
 * new in every batch and often absent from the reference, so it is checked for missing values only.
 * Model outputs (`prediction`, `score`, `proba_*`) are checked for missing, constant and mistyped
 * values; where they moved is prediction drift, not a data error. A `label` arrives after its
 * prediction, so its nulls are coverage (`labelled`), not missing values; its values are checked
 * against the reference's like a feature's (a class never seen before is news).
 */
export const ROLE_CHECKS: Readonly<Record<ColumnRole, RoleChecks>> = {
  feature: { nulls: "missing", constant: true, duplicates: false, outOfRange: true, unseen: true, typeMismatch: true },
  id: { nulls: "missing", constant: false, duplicates: true, outOfRange: false, unseen: false, typeMismatch: false },
  timestamp: {
    nulls: "missing",
    constant: false,
    duplicates: false,
    outOfRange: false,
    unseen: false,
    typeMismatch: false,
  },
  output: { nulls: "missing", constant: true, duplicates: false, outOfRange: false, unseen: false, typeMismatch: true },
  label: {
    nulls: "unlabelled",
    constant: false,
    duplicates: false,
    outOfRange: true,
    unseen: true,
    typeMismatch: true,
  },
};

/** The checks on one column of the current table; those its role does not get are absent (see {@link ROLE_CHECKS}). */
export interface ColumnQuality {
  column: string;
  role: ColumnRole;
  /** As {@link inferColumnType} infers it from the current values. */
  type: InferredColumnType;
  /** null, undefined and NaN; share of all rows. Absent for the label: see `labelled`. */
  missing?: CountShare;
  /** The label only: rows whose label has arrived (present values); share of all rows. */
  labelled?: CountShare;
  /** ±Infinity values (not missing, as in pandas). */
  infinite: number;
  /** Distinct present values. */
  distinct: number;
  /** At most one distinct present value (an all-missing column is constant too, as pandas' nunique() ≤ 1). */
  constant?: boolean;
  /** The id only: present values that repeat an earlier one. */
  duplicates?: number;
  /** With a reference: whether it has this column. */
  inReference?: boolean;
  /**
   * With a reference that has numbers in this column: current numbers outside the reference's
   * [min, max] (±Infinity included); share of the current numbers.
   */
  outOfRange?: CountShare & { min: number; max: number };
  /**
   * With a reference, for categorical and text columns: current values whose category (compared as
   * strings) never occurs in the reference; share of the present current values; `categories` lists
   * the first 20 such categories in order of appearance, `distinct` how many there are.
   */
  unseen?: CountShare & { distinct: number; categories: string[] };
  /** With a reference: the kinds of value present in each table, when they differ (e.g. number vs string). */
  typeMismatch?: { reference: ValueKind[]; current: ValueKind[] };
}

export interface DataQualityResult {
  rows: number;
  columns: ColumnQuality[];
  summary: {
    columns: number;
    /** Missing cells over the columns that have `missing` (all but the label), and their share of rows × those columns. */
    missingCells: CountShare;
    columnsWithMissing: string[];
    /** Columns with no present value (the label aside: see labelCoverage). */
    emptyColumns: string[];
    constantColumns: string[];
    /** The id column when some ids repeat. */
    duplicateIdColumns: string[];
    /** When the table has a label column: the rows whose label has arrived. */
    labelCoverage?: CountShare;
    outOfRangeColumns: string[];
    unseenCategoryColumns: string[];
    typeMismatchColumns: string[];
    /** With a reference: current columns it lacks, and its columns the current table lacks. */
    newColumns: string[];
    missingColumns: string[];
  };
}

const LISTED_CATEGORIES = 20;

/**
 * Data-quality checks of a table, alone or against a reference, in the spirit of Evidently's
 * column summaries and data-quality tests (MissingValueCount, OutRangeValueCount with the
 * reference's range, new categories, DatasetSummary's constant and empty columns), each column
 * checked for what can go wrong with its role ({@link columnRole}; which checks, {@link ROLE_CHECKS}):
 *
 * - per column: its role, missing values (null, undefined, NaN; ±Infinity counted apart) — for the
 *   label, the rows labelled instead —, distinct values, constant (≤ 1 distinct present value;
 *   features and outputs), duplicate ids (the id), the type {@link inferColumnType} gives;
 * - with `reference`: numbers outside the reference's [min, max] (share of current numbers),
 *   categories never seen in the reference (categorical and text columns; share of present values),
 *   type mismatches (the kinds of value present differ: numbers in the reference and strings in
 *   current, booleans against strings …), and columns present in only one table;
 * - a summary listing the columns each check flags, and the label coverage.
 *
 * @param current the table to check: an Arquero table (columnNames(), array(name), numRows()) or an array of objects
 * @param options `reference`, a table in the same form
 * @returns `{rows, columns: [{column, role, type, missing?, labelled?, infinite, distinct, constant?, duplicates?, inReference?, outOfRange?, unseen?, typeMismatch?}], summary}`
 * @throws when a table is not a table
 * @example
 * dataQuality(rows, { reference }).summary.typeMismatchColumns
 */
export function dataQuality(current: TableInput, options: DataQualityOptions = {}): DataQualityResult {
  const cur = readColumns(current, "dataQuality: current");
  const ref = options.reference === undefined ? undefined : readColumns(options.reference, "dataQuality: reference");
  const columns = cur.names.map((name) => columnQuality(name, cur, ref));
  const flagged = (test: (c: ColumnQuality) => boolean) => columns.filter(test).map((c) => c.column);
  const withMissing = columns.filter((c) => c.missing !== undefined);
  const missingCells = withMissing.reduce((sum, c) => sum + (c.missing?.count ?? 0), 0);
  const cells = cur.numRows * withMissing.length;
  const label = columns.find((c) => c.labelled !== undefined);
  return {
    rows: cur.numRows,
    columns,
    summary: {
      columns: columns.length,
      missingCells: { count: missingCells, share: cells === 0 ? 0 : missingCells / cells },
      columnsWithMissing: flagged((c) => (c.missing?.count ?? 0) > 0),
      emptyColumns: flagged((c) => c.missing !== undefined && c.missing.count === cur.numRows),
      constantColumns: flagged((c) => c.constant === true),
      duplicateIdColumns: flagged((c) => (c.duplicates ?? 0) > 0),
      outOfRangeColumns: flagged((c) => (c.outOfRange?.count ?? 0) > 0),
      unseenCategoryColumns: flagged((c) => (c.unseen?.count ?? 0) > 0),
      typeMismatchColumns: flagged((c) => c.typeMismatch !== undefined),
      newColumns: ref ? cur.names.filter((name) => !ref.names.includes(name)) : [],
      missingColumns: ref ? ref.names.filter((name) => !cur.names.includes(name)) : [],
      ...(label?.labelled ? { labelCoverage: label.labelled } : {}),
    },
  };
}

function columnQuality(name: string, cur: Columns, ref: Columns | undefined): ColumnQuality {
  const values = cur.column(name);
  const profile = profileColumn(values);
  const type = profiledColumnType(values, profile);
  const role = columnRole(name);
  const checks = ROLE_CHECKS[role];
  const distinct = new Set<unknown>();
  for (let i = 0; i < values.length; i++) if (!isMissing(values[i])) distinct.add(values[i]);
  const present = profile.length - profile.missing;
  const nulls =
    checks.nulls === "missing"
      ? { missing: { count: profile.missing, share: share(profile.missing, profile.length) } }
      : { labelled: { count: present, share: share(present, profile.length) } };
  const quality: ColumnQuality = {
    column: name,
    role,
    type,
    ...nulls,
    infinite: profile.infinite,
    distinct: distinct.size,
  };
  if (checks.constant) quality.constant = distinct.size <= 1;
  if (checks.duplicates) quality.duplicates = present - distinct.size;
  if (!ref) return quality;
  quality.inReference = ref.names.includes(name);
  if (!quality.inReference) return quality;

  const refValues = ref.column(name);
  const refProfile = profileColumn(refValues);
  const refKinds = presentKinds(refProfile);
  const curKinds = presentKinds(profile);
  if (checks.typeMismatch && refKinds.length > 0 && curKinds.length > 0 && refKinds.join() !== curKinds.join()) {
    quality.typeMismatch = { reference: refKinds, current: curKinds };
  }
  if (checks.outOfRange && refProfile.kinds.number > 0 && profile.kinds.number > 0)
    quality.outOfRange = outOfRange(refValues, values, profile);
  if (checks.unseen && (type === "categorical" || type === "text")) quality.unseen = unseen(refValues, values, profile);
  return quality;
}

function outOfRange(
  reference: ArrayLike<unknown>,
  current: ArrayLike<unknown>,
  profile: ColumnProfile,
): ColumnQuality["outOfRange"] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < reference.length; i++) {
    const value = reference[i];
    if (typeof value !== "number" || Number.isNaN(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  let count = 0;
  for (let i = 0; i < current.length; i++) {
    const value = current[i];
    if (typeof value === "number" && !Number.isNaN(value) && (value < min || value > max)) count++;
  }
  return { count, share: share(count, profile.kinds.number), min, max };
}

function unseen(
  reference: ArrayLike<unknown>,
  current: ArrayLike<unknown>,
  profile: ColumnProfile,
): ColumnQuality["unseen"] {
  const known = new Set<string>();
  for (let i = 0; i < reference.length; i++) if (!isMissing(reference[i])) known.add(String(reference[i]));
  const found = new Set<string>();
  let count = 0;
  for (let i = 0; i < current.length; i++) {
    if (isMissing(current[i])) continue;
    const category = String(current[i]);
    if (known.has(category)) continue;
    count++;
    found.add(category);
  }
  const present = profile.length - profile.missing;
  return {
    count,
    share: share(count, present),
    distinct: found.size,
    categories: [...found].slice(0, LISTED_CATEGORIES),
  };
}

function share(count: number, total: number): number {
  return total === 0 ? 0 : count / total;
}
