/**
 * Column type inference and the default drift test per column, as Evidently 0.7's DataDriftPreset
 * chooses them (core/datasets.py infer_column_type; legacy stattests/registry.py _get_default_stattest).
 */

import { countDistinct, isMissing, isVectorColumn, keptCount, scanColumn, type ColumnScan } from "../inputs/columns.ts";
import type { Values } from "../types.ts";

/**
 * What a column holds, as Evidently 0.7 tells (`evidently.core.datasets.infer_column_type`).
 * Only "numeric" and "categorical" columns get a drift test here; Evidently tests "text" columns
 * with a text-content classifier, and leaves "datetime" and "unknown" columns out. "vector" (a
 * column of embeddings, one typed array per row, as cells read a vector feature) is ours: Evidently
 * has no such type, and a per-column test cannot judge one; mmd, lsdd or classifierDrift can.
 */
export type InferredColumnType = "numeric" | "categorical" | "text" | "datetime" | "vector" | "unknown";

/** The tests Evidently's data-drift preset picks on its own. */
export type AutoTest = "ks" | "wasserstein" | "chiSquareGoodnessOfFit" | "zTest" | "jensenShannon";

/** Evidently's INTEGER_CARDINALITY_LIMIT: an integer column with at most this many values is categorical. */
export const INTEGER_CARDINALITY_LIMIT = 10;

/**
 * Infers a column's type the way Evidently 0.7's DataDriftPreset does when no data definition is
 * given (`infer_column_type`, evidently/core/datasets.py, applied to the *current* data), with
 * pandas' dtypes read off JavaScript values (null, undefined and NaN are missing):
 *
 * - every present value a number: pandas would make it int64 when every value is an integer and
 *   none is missing or infinite (a NaN or null turns it into float64). int64 with at most 10 distinct
 *   values → "categorical", otherwise → "numeric". JavaScript has no integer type, so a float column
 *   that holds only whole numbers counts as integer (pandas would keep it float64 if it came as floats);
 * - every present value a boolean → "categorical" (pandas bool; a boolean column with missing
 *   values is object dtype there and Evidently calls it unknown — here it stays categorical);
 * - every present value a Date → "datetime";
 * - every present value a typed array (a vector feature's Float32Array) → "vector";
 * - otherwise, when the first and the last present values are strings: "text" when more than half
 *   of the present values are distinct, else "categorical";
 * - anything else (mixed kinds not starting and ending with a string), or no present value → "unknown".
 *
 * Evidently's legacy ColumnMapping path (`process_columns`) instead calls every numeric dtype
 * numerical and every other non-datetime column categorical; the two agree except for integer
 * columns with at most 10 distinct values and for mostly-distinct strings.
 *
 * @param values the column's values in the current data
 * @returns "numeric", "categorical", "text", "datetime", "vector" or "unknown"
 */
export function inferColumnType(values: Values): InferredColumnType {
  return profiledColumnType(values, scanColumn(values));
}

/** {@link inferColumnType} for a column already profiled (internal: saves a pass). */
export function profiledColumnType(values: Values, profile: ColumnScan): InferredColumnType {
  const present = profile.length - profile.missing;
  if (present === 0) return "unknown";
  const { kinds } = profile;
  if (kinds.number === present) {
    const int64 = profile.missing === 0 && profile.infinite === 0 && profile.integers;
    return int64 && countDistinct([values], INTEGER_CARDINALITY_LIMIT, "numeric") <= INTEGER_CARDINALITY_LIMIT
      ? "categorical"
      : "numeric";
  }
  if (kinds.boolean === present) return "categorical";
  if (kinds.date === present) return "datetime";
  if (kinds.other === present && isVectorColumn(values)) return "vector";
  if (typeof profile.first === "string" && typeof profile.last === "string") {
    const distinct = new Set<unknown>();
    for (let i = 0; i < values.length; i++) if (!isMissing(values[i])) distinct.add(values[i]);
    return distinct.size > 0.5 * present ? "text" : "categorical";
  }
  return "unknown";
}

/** What Evidently's rule looks at. */
export interface DefaultTestInput {
  type: "numeric" | "categorical";
  /** Rows of the reference left after dropping missing values. */
  referenceSize: number;
  /** Distinct values of reference and current together, after dropping missing values (6 stands for "more than 5"). */
  distinct: number;
}

/**
 * Evidently's default test for a column (`_get_default_stattest`,
 * legacy/calculations/stattests/registry.py, Evidently 0.7):
 *
 * | column type | reference ≤ 1000 rows | reference > 1000 rows |
 * |---|---|---|
 * | numeric, ≤ 5 distinct values | > 2 values: chiSquareGoodnessOfFit; ≤ 2: zTest | jensenShannon |
 * | numeric, > 5 distinct values | ks | wasserstein (normed) |
 * | categorical | > 2 values: chiSquareGoodnessOfFit; ≤ 2: zTest | jensenShannon |
 *
 * `chiSquareGoodnessOfFit` is Evidently's `chisquare` stattest, `zTest` its `z`.
 *
 * @returns the test's name, as exported from detectors
 */
export function defaultTest({ type, referenceSize, distinct }: DefaultTestInput): AutoTest {
  if (referenceSize > 1000) return type === "numeric" && distinct > 5 ? "wasserstein" : "jensenShannon";
  if (type === "numeric" && distinct > 5) return "ks";
  return distinct > 2 ? "chiSquareGoodnessOfFit" : "zTest";
}

/** Options of {@link autoSelect}. */
export interface AutoSelectOptions {
  /** The column's type; infer it with {@link inferColumnType} on the current data. */
  type: "numeric" | "categorical";
}

/**
 * Picks the drift test for one column as Evidently's data-drift preset does: drops missing values
 * (numeric: NaN, ±Infinity, null; categorical: null, NaN and ±Infinity), counts the reference rows
 * left and the distinct values of both samples together (categories compared as strings), then
 * applies {@link defaultTest}.
 *
 * @param reference the column in the reference data
 * @param current the column in the current data
 * @param options `type`: "numeric" or "categorical"
 * @returns the name of the test to run ("ks", "wasserstein", "chiSquareGoodnessOfFit", "zTest" or "jensenShannon")
 * @throws when `type` is not "numeric" or "categorical", or a sample has no values left (Evidently
 * raises for an empty column too)
 * @example
 * autoSelect([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7], { type: "numeric" }) // => "ks"
 */
export function autoSelect(reference: Values, current: Values, options: AutoSelectOptions): AutoTest {
  const { type } = options;
  if (type !== "numeric" && type !== "categorical") {
    throw new Error(`autoSelect: type must be "numeric" or "categorical", got ${String(type)}`);
  }
  const referenceSize = keptCount(scanColumn(reference), type);
  if (referenceSize === 0)
    throw new Error(`autoSelect: reference has no values (${reference.length} values, all missing)`);
  if (keptCount(scanColumn(current), type) === 0)
    throw new Error(`autoSelect: current has no values (${current.length} values, all missing)`);
  return selectTest(reference, current, type, referenceSize);
}

/**
 * {@link defaultTest} for two raw samples whose kept reference size is known, counting distinct
 * values only when the rule looks at them, and only as far as it needs (internal: tabularDrift).
 */
export function selectTest(
  reference: Values,
  current: Values,
  type: "numeric" | "categorical",
  referenceSize: number,
): AutoTest {
  const needsDistinct = type === "numeric" || referenceSize <= 1000;
  return defaultTest({
    type,
    referenceSize,
    distinct: needsDistinct ? countDistinct([reference, current], 5, type) : 0,
  });
}
