/**
 * What dataQuality reports, and the checks per column role: the shapes shared by the checks of
 * tables (dataQuality.ts) and of profiles (profileQuality.ts), and the table summary both build.
 */

import type { ValueKind } from "../inputs/columns.ts";
import type { InferredColumnType } from "./autoSelect.ts";
import type { ColumnRole } from "./roles.ts";

/** A count and its share. */
export interface CountShare {
  count: number;
  share: number;
}

/** The roles dataQuality checks: all but the store's records of when a row and its label were written. */
export type CheckedRole = Exclude<ColumnRole, "record">;

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
export const ROLE_CHECKS: Readonly<Record<CheckedRole, RoleChecks>> = {
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
  role: CheckedRole;
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
  /** Set when checked from profiles (profileQuality.ts), with the checks a profile cannot do exactly. */
  fromProfiles?: true;
  unavailable?: string[];
}

/** The share `count / total`, 0 for an empty total. */
export function share(count: number, total: number): number {
  return total === 0 ? 0 : count / total;
}

/** The result of dataQuality from its columns' checks: the summary over them. */
export function summarize(
  columns: ColumnQuality[],
  rows: number,
  currentNames: string[],
  referenceNames: string[] | undefined,
): DataQualityResult {
  const flagged = (test: (c: ColumnQuality) => boolean) => columns.filter(test).map((c) => c.column);
  const withMissing = columns.filter((c) => c.missing !== undefined);
  const missingCells = withMissing.reduce((sum, c) => sum + (c.missing?.count ?? 0), 0);
  const cells = rows * withMissing.length;
  const label = columns.find((c) => c.labelled !== undefined);
  return {
    rows,
    columns,
    summary: {
      columns: columns.length,
      missingCells: { count: missingCells, share: cells === 0 ? 0 : missingCells / cells },
      columnsWithMissing: flagged((c) => (c.missing?.count ?? 0) > 0),
      emptyColumns: flagged((c) => c.missing !== undefined && c.missing.count === rows),
      constantColumns: flagged((c) => c.constant === true),
      duplicateIdColumns: flagged((c) => (c.duplicates ?? 0) > 0),
      outOfRangeColumns: flagged((c) => (c.outOfRange?.count ?? 0) > 0),
      unseenCategoryColumns: flagged((c) => (c.unseen?.count ?? 0) > 0),
      typeMismatchColumns: flagged((c) => c.typeMismatch !== undefined),
      newColumns: referenceNames ? currentNames.filter((name) => !referenceNames.includes(name)) : [],
      missingColumns: referenceNames ? referenceNames.filter((name) => !currentNames.includes(name)) : [],
      ...(label?.labelled ? { labelCoverage: label.labelled } : {}),
    },
  };
}
