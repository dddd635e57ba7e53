/**
 * Data-quality checks of a window's profile, alone or against a reference profile: the checks of
 * dataQuality.ts read off column profiles (counts, missing, min/max, the categories counted under
 * the cap, the sketch's values), with what a profile cannot tell named in `unavailable`.
 */

import { categoryCounts, valueCounts, type ProfiledColumn } from "../inputs/profileInputs.ts";
import type { Profile } from "../profiles/profile.ts";
import { profileColumnType } from "./profileDrift.ts";
import {
  ROLE_CHECKS,
  share,
  summarize,
  type CheckedRole,
  type ColumnQuality,
  type DataQualityResult,
} from "./qualityChecks.ts";
import { columnRole } from "./roles.ts";

const LISTED_CATEGORIES = 20;

/** What a profile cannot tell, as `unavailable` lists it. */
const UNAVAILABLE = [
  "infinite: profiles log ±Infinity as missing, so it is always 0",
  "duplicates: repeated ids need the values",
  "distinct: past a categorical profile's cap, or a numeric profile's 32 values counted, it counts the values kept (a lower bound)",
  "outOfRange: on numbers past 32 distinct values, counted from the values the sketch keeps (within its rank error)",
  "unseen: values past the cap of either profile are not compared",
];

/**
 * dataQuality for profiles: the same result shape, `fromProfiles: true`, and `unavailable`.
 * - missing (label: labelled), constant (min = max, or one category), type (as tabularDrift reads
 *   it off a profile) and typeMismatch (a numeric against a categorical profile) are exact;
 * - distinct: the categories counted (plus one for `other`), or a numeric profile's distinct values
 *   (exact up to 32, then at least 33 or the values its sketch holds);
 * - outOfRange: the current values outside the reference's exact [min, max], 0 exactly when the
 *   current min and max lie inside, else counted from the current profile's valueCounts;
 * - unseen: the current categories counted that the reference never counted, when the reference
 *   has no `other` (past its cap, a category could hide there: then none is reported).
 */
export function profileDataQuality(current: Profile, reference: Profile | undefined): DataQualityResult {
  const checked = (profile: Profile) => [...profile.columns.keys()].filter((name) => columnRole(name) !== "record");
  const names = checked(current);
  const columns = names.map((name) =>
    columnQuality(name, current.column(name), current.rows, reference?.columns.get(name), reference !== undefined),
  );
  const result = summarize(columns, current.rows, names, reference ? checked(reference) : undefined);
  return { ...result, fromProfiles: true, unavailable: UNAVAILABLE };
}

function columnQuality(
  name: string,
  profile: ProfiledColumn,
  rows: number,
  reference: ProfiledColumn | undefined,
  withReference: boolean,
): ColumnQuality {
  const role = columnRole(name) as CheckedRole; // record columns were left out above
  const checks = ROLE_CHECKS[role];
  const type = profileColumnType(profile);
  const distinct =
    profile.type === "categorical" ? profile.counts.size + (profile.other > 0 ? 1 : 0) : valueCounts(profile).distinct;
  const nulls =
    checks.nulls === "missing"
      ? { missing: { count: profile.missing, share: share(profile.missing, rows) } }
      : { labelled: { count: profile.count, share: share(profile.count, rows) } };
  const quality: ColumnQuality = { column: name, role, type, ...nulls, infinite: 0, distinct };
  if (checks.constant) quality.constant = profile.type === "numeric" ? !(profile.min < profile.max) : distinct <= 1;
  if (!withReference) return quality;
  quality.inReference = reference !== undefined;
  if (!reference) return quality;
  const kind = (column: ProfiledColumn) => (column.type === "numeric" ? "number" : "string");
  if (checks.typeMismatch && reference.count > 0 && profile.count > 0 && reference.type !== profile.type)
    quality.typeMismatch = { reference: [kind(reference)], current: [kind(profile)] };
  if (
    checks.outOfRange &&
    reference.type === "numeric" &&
    profile.type === "numeric" &&
    reference.count > 0 &&
    profile.count > 0
  )
    quality.outOfRange = outOfRange(reference.min, reference.max, profile);
  if (checks.unseen && (type === "categorical" || type === "text") && reference.count > 0)
    quality.unseen = unseen(categoryCounts(reference, name), profile);
  return quality;
}

function outOfRange(
  min: number,
  max: number,
  profile: Extract<ProfiledColumn, { type: "numeric" }>,
): ColumnQuality["outOfRange"] {
  let count = 0;
  if (profile.min < min || profile.max > max) {
    const { values, counts } = valueCounts(profile);
    values.forEach((value, i) => (count += value < min || value > max ? counts[i] : 0));
  }
  return { count, share: share(count, profile.count), min, max };
}

function unseen(
  known: { counts: ReadonlyMap<string, number>; other: number },
  profile: ProfiledColumn,
): ColumnQuality["unseen"] {
  const counted = categoryCounts(profile, "dataQuality").counts;
  const found = known.other > 0 ? [] : [...counted].filter(([category]) => !known.counts.has(category));
  const count = found.reduce((sum, [, n]) => sum + n, 0);
  return {
    count,
    share: share(count, profile.count),
    distinct: found.length,
    categories: found.slice(0, LISTED_CATEGORIES).map(([category]) => category),
  };
}
