/**
 * Data-quality checks of a table, alone or against a reference (missing, infinite, constant and empty
 * columns, out-of-range values, unseen categories, type mismatches, duplicate ids, label coverage),
 * after Evidently's column summaries and data-quality tests (MissingValueCount, OutRangeValueCount,
 * DatasetSummary), each column checked for what can go wrong with its role (roles.ts).
 */

import {
  isMissing,
  presentKinds,
  scanColumn,
  isVectorColumn,
  readColumns,
  type ColumnScan,
  type Columns,
  type TableInput,
} from "../inputs/columns.ts";
import type { Profile } from "../profiles/profile.ts";
import { profiledColumnType } from "./autoSelect.ts";
import { isProfile } from "./profileDrift.ts";
import { profileDataQuality } from "./profileQuality.ts";
import {
  ROLE_CHECKS,
  share,
  summarize,
  type CheckedRole,
  type ColumnQuality,
  type DataQualityResult,
} from "./qualityChecks.ts";
import { columnRole } from "./roles.ts";

export {
  ROLE_CHECKS,
  type ColumnQuality,
  type CountShare,
  type DataQualityResult,
  type RoleChecks,
} from "./qualityChecks.ts";

export interface DataQualityOptions {
  /** The table (or, with a profile, the profile) the current one is checked against (range, categories, types). Default: none. */
  reference?: TableInput | Profile;
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
 * - vector columns (a typed array per row, as cells read an embedding) are left out: a value check
 *   means nothing for them (drift of embeddings: mmd, lsdd, classifierDrift);
 * - a summary listing the columns each check flags, and the label coverage.
 *
 * A window's profile instead of a table (with a reference profile or none): the same checks read off
 * the column profiles (profileQuality.ts), `fromProfiles: true`, and `unavailable` naming what a
 * profile cannot check exactly (±Infinity, duplicate ids, distinct values past the cap …).
 *
 * @param current the table to check: an Arquero table (columnNames(), array(name), numRows()) or an array of objects; or a Profile
 * @param options `reference`, a table in the same form
 * @returns `{rows, columns: [{column, role, type, missing?, labelled?, infinite, distinct, constant?, duplicates?, inReference?, outOfRange?, unseen?, typeMismatch?}], summary}`
 * @throws when a table is not a table
 * @example
 * dataQuality(rows, { reference }).summary.typeMismatchColumns
 */
export function dataQuality(current: TableInput | Profile, options: DataQualityOptions = {}): DataQualityResult {
  const { reference } = options;
  if (isProfile(current)) {
    if (reference !== undefined && !isProfile(reference))
      throw new Error(
        "dataQuality: current is a profile but the reference is a table; pass two profiles or two tables",
      );
    return profileDataQuality(current, reference);
  }
  if (reference !== undefined && isProfile(reference))
    throw new Error("dataQuality: the reference is a profile but current is a table; pass two profiles or two tables");
  const cur = readColumns(current, "dataQuality: current");
  const ref = reference === undefined ? undefined : readColumns(reference, "dataQuality: reference");
  // The store's records of when rows were written are bookkeeping, not data: nothing to check. A
  // vector column (embeddings) is left out too: missing, distinct, range and category checks are
  // per value, and a vector is no value of that kind (the store already checked its length).
  const checked = (table: Columns) =>
    table.names.filter((name) => columnRole(name) !== "record" && !isVectorColumn(table.column(name)));
  const names = checked(cur);
  const columns = names.map((name) => columnQuality(name, cur, ref));
  return summarize(columns, cur.numRows, names, ref && checked(ref));
}

function columnQuality(name: string, cur: Columns, ref: Columns | undefined): ColumnQuality {
  const values = cur.column(name);
  const profile = scanColumn(values);
  const type = profiledColumnType(values, profile);
  const role = columnRole(name) as CheckedRole;
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
  const refProfile = scanColumn(refValues);
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
  profile: ColumnScan,
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
  profile: ColumnScan,
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
