/**
 * One column of a tabular drift check from two column profiles: the column's type, sample size and
 * test chosen as featureDrift.ts chooses them from raw values (Evidently 0.7's rules), read off the
 * profiles' counts and sketches, then the test run on the profiles themselves (every detector that
 * accepts profiles; the tests that need raw values are refused by name).
 */

import { countedPair, valueCounts, type ProfiledColumn } from "../inputs/profileInputs.ts";
import { OTHER_CATEGORY } from "../types.ts";
import type { TableInput } from "../inputs/columns.ts";
import type { Profile } from "../profiles/profile.ts";
import { defaultTest, INTEGER_CARDINALITY_LIMIT, type InferredColumnType } from "./autoSelect.ts";
import { changesOf } from "./categoryChanges.ts";
import { checkedSpec, skippedRow, testedRow, type Chooser, type FeatureDrift } from "./featureDrift.ts";
import { TESTS, type TestName } from "./methods.ts";
import { tooFew } from "./sampleSize.ts";

/**
 * A column's type from its profile in the current window, as {@link inferColumnType} tells it from
 * raw values:
 * - numeric profile: "categorical" when it has no missing value and only whole numbers, at most 10
 *   distinct (pandas' int64 with few values), else "numeric": exact, from the profile's distinct
 *   values (a profile encoded before those were kept reads its sketch's values, where past the
 *   sketch's exact size a value rarer than its rank error can be unseen);
 * - categorical profile (text and booleans): "text" when more than half the values are distinct,
 *   else "categorical". Past the cap the distinct values of `other` are estimated as `other` over the
 *   mean count of the values kept, which undercounts a long tail of rare values (so leans to "categorical");
 * - no values: "unknown".
 */
export function profileColumnType(profile: ProfiledColumn): InferredColumnType {
  if (profile.count === 0) return "unknown";
  if (profile.type === "numeric") {
    if (profile.missing > 0) return "numeric";
    const { wholeNumbers, distinct } = valueCounts(profile);
    return wholeNumbers && distinct <= INTEGER_CARDINALITY_LIMIT ? "categorical" : "numeric";
  }
  const kept = profile.count - profile.other;
  const tail = profile.other === 0 ? 0 : kept === 0 ? profile.other : profile.other / (kept / profile.counts.size);
  return profile.counts.size + tail > 0.5 * profile.count ? "text" : "categorical";
}

/**
 * The distinct values of two profiles together, as strings, counting no further than `limit + 1`
 * (a categorical profile's `other` counts as one more; a numeric one gives its {@link valueCounts}).
 */
function distinctValues(profiles: ProfiledColumn[], limit: number): number {
  const seen = new Set<string>();
  for (const profile of profiles) {
    if (profile.type === "categorical") {
      for (const name of profile.counts.keys()) if (seen.add(name).size > limit) return seen.size;
      if (profile.other > 0) seen.add(OTHER_CATEGORY);
    } else {
      const { values, distinct } = valueCounts(profile);
      if (distinct > limit) return limit + 1;
      for (const value of values) if (seen.add(String(value)).size > limit) return seen.size;
    }
  }
  return seen.size;
}

/**
 * {@link featureDrift} for two column profiles: the same steps and line of the report, with the
 * counts, type and distinct values read from the profiles (see {@link profileColumnType}), the test
 * run on the profiles, and its `binning` and `approximate` copied onto the line.
 * @throws as featureDrift does, and when the method named needs raw values
 */
export function profileFeatureDrift(
  feature: string,
  reference: ProfiledColumn,
  current: ProfiledColumn,
  forcedCategorical: boolean,
  chooser: Chooser,
  threshold: number | undefined,
  minRows: number,
): FeatureDrift {
  const type = forcedCategorical ? "categorical" : profileColumnType(current);
  const counts = { referenceRows: reference.count, currentRows: current.count };
  const dropped = { reference: reference.missing, current: current.missing };
  const skip = (reason: string, status: "skipped" | "insufficient" = "skipped") =>
    skippedRow(feature, type, counts, reason, dropped, status);
  const insufficient = tooFew(counts.referenceRows, counts.currentRows, minRows);
  if (insufficient) return skip(insufficient, "insufficient");
  if (type === "text")
    return skip(
      "text column (more than half the current values distinct): list it in `categorical` to test it as categories",
    );
  const rows = (profile: ProfiledColumn) => profile.count + profile.missing;
  if (current.count === 0) return skip(`no values in the current table (${rows(current)} rows, all missing)`);
  if (type !== "numeric" && type !== "categorical") return skip(`${type} column`);
  if (!forcedCategorical && reference.type !== current.type)
    return skip(
      `type mismatch: ${reference.type} profile in the reference, ${current.type} profile in the current table`,
    );
  if (reference.count === 0) return skip(`reference has no values (${rows(reference)} rows, all missing)`);

  const chosen = chooser(type);
  const name: TestName =
    chosen === "auto"
      ? defaultTest({
          type,
          referenceSize: reference.count,
          distinct: type === "numeric" || reference.count <= 1000 ? distinctValues([reference, current], 5) : 0,
        })
      : chosen;
  const spec = checkedSpec(name, feature, type);
  if (!spec.profiles) {
    const usable = (Object.keys(TESTS) as TestName[]).filter((test) => TESTS[test].profiles).join(", ");
    throw new Error(`tabularDrift: ${name} needs raw values; from profiles use one of ${usable}`);
  }
  const t = threshold ?? spec.threshold;
  try {
    const row = testedRow(feature, type, name, spec, spec.run(reference, current, type, t), t, dropped, counts);
    if (type === "categorical") {
      const pair = countedPair({ reference, current }, "tabularDrift");
      Object.assign(row, changesOf(pair.categories, pair.reference, pair.current));
    }
    return row;
  } catch (error) {
    return skip(error instanceof Error ? error.message : String(error));
  }
}

/** Whether a table argument of tabularDrift or dataQuality is a Profile (its columns a Map of column profiles). */
export function isProfile(value: TableInput | Profile): value is Profile {
  return !Array.isArray(value) && (value as Partial<Profile>).columns instanceof Map;
}
