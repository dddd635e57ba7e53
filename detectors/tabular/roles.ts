/**
 * What a column of a logged-predictions table is for, told by its name: the columns Driftbook's
 * store writes beside the features (README "Logging predictions": `id`, `ts`, `prediction`,
 * `score`, `proba_<class>`, `label`, and its records of when a row and its label were written,
 * `ingested_at` and `label_ingested_at`). tabularDrift compares features only, and dataQuality
 * checks each role for what can go wrong with it; both read the role here, so they agree.
 */

/** A column's role: a model input, or one of the columns the store writes beside the inputs. */
export type ColumnRole = "feature" | "id" | "timestamp" | "output" | "label" | "record";

/** The names of the columns that are not features, as error messages and docs list them. */
export const NON_FEATURE_COLUMNS = "id, ts, label, prediction, score, proba_*, ingested_at and label_ingested_at";

/**
 * A column's role from its name: `id` → "id", `ts` → "timestamp", `prediction`, `score` and
 * `proba_*` → "output" (what the model said), `label` → "label" (the truth, arriving later),
 * `ingested_at` and `label_ingested_at` → "record" (when the store wrote them: bookkeeping, not
 * data, so no check applies), anything else → "feature".
 * @example
 * columnRole("proba_yes") // => "output"
 */
export function columnRole(name: string): ColumnRole {
  switch (name) {
    case "id":
      return "id";
    case "ts":
      return "timestamp";
    case "prediction":
    case "score":
      return "output";
    case "label":
      return "label";
    case "ingested_at":
    case "label_ingested_at":
      return "record";
    default:
      return name.startsWith("proba_") ? "output" : "feature";
  }
}
