/**
 * Names that become SQLite identifiers: model names become tables, feature names and
 * probability classes become columns. Only letters, digits and underscores pass, so a validated
 * name is safe to double-quote into SQL; quote it anyway, since it may be a keyword (`order`).
 */
import { BatchError } from "./types.ts";

/**
 * The columns every predictions table has, the store's bookkeeping ones included (when a row and
 * its label were written, store/columns.ts); feature names may not take them.
 */
export const RESERVED_COLUMNS = [
  "id",
  "ts",
  "prediction",
  "score",
  "label",
  "ingested_at",
  "label_ingested_at",
] as const;

/** The prefix of a probability column: class `yes` is stored in `proba_yes`. */
export const PROBABILITY_PREFIX = "proba_";

const MODEL_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const FEATURE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** A class name makes `proba_<class>` at most 63 characters; classes may start with a digit (`0`, `1`). */
const CLASS_NAME = /^[A-Za-z0-9_]{1,57}$/;
const RESERVED_LOWER_CASE = new Set<string>(RESERVED_COLUMNS);

/** Throws a BatchError (field `model`) unless `name` can name a model and its tables. */
export function validateModelName(name: string): void {
  const problem = !MODEL_NAME.test(name)
    ? "must be 1 to 63 lowercase letters, digits or underscores, starting with a letter"
    : name.startsWith("driftbook_") || name.startsWith("sqlite_")
      ? "may not start with driftbook_ or sqlite_ (reserved for Driftbook's and SQLite's own tables)"
      : name.endsWith("_reference") || name.includes("_reference_")
        ? "may not end with _reference nor contain _reference_ (a model's reference sets are stored in <model>_reference and <model>_reference_<name>)"
        : undefined;
  if (problem) throw new BatchError(`model name ${JSON.stringify(name)} ${problem}`, { field: "model" });
}

/**
 * Why `name` cannot be a feature column, or undefined when it can. Reserved names are compared
 * case-insensitively because SQLite column names are.
 */
export function featureNameProblem(name: string): string | undefined {
  if (!FEATURE_NAME.test(name)) {
    return "a feature name must be 1 to 63 letters, digits or underscores, not starting with a digit";
  }
  const lower = name.toLowerCase();
  if (RESERVED_LOWER_CASE.has(lower)) {
    return `${name} is a reserved column name (${RESERVED_COLUMNS.join(", ")}, in any case)`;
  }
  if (lower.startsWith(PROBABILITY_PREFIX)) {
    return `feature names starting with ${PROBABILITY_PREFIX} are reserved for class probabilities`;
  }
  // A valid identifier in SQL, but as an object key it would set the prototype instead.
  if (name === "__proto__") return "__proto__ is not allowed as a feature name";
  return undefined;
}

/** Why probability class `name` cannot make column `proba_<name>`, or undefined when it can. */
export function classNameProblem(name: string): string | undefined {
  return CLASS_NAME.test(name)
    ? undefined
    : `a class name must be 1 to 57 letters, digits or underscores (it becomes column ${PROBABILITY_PREFIX}<class>)`;
}
