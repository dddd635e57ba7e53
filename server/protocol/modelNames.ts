/**
 * What may name a model: the store's rule (its tables are named after the model), which the
 * ingest API enforces (server/ingest/names.ts) and the editor's settings panel checks as a
 * name is chosen (client/settings.ts), worded the same on both.
 */

const MODEL_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** Why `name` cannot name a model, completing `model name "<name>" …`; undefined when it can. */
export function modelNameProblem(name: string): string | undefined {
  if (!MODEL_NAME.test(name)) return "must be 1 to 63 lowercase letters, digits or underscores, starting with a letter";
  if (name.startsWith("driftbook_") || name.startsWith("sqlite_"))
    return "may not start with driftbook_ or sqlite_ (reserved for Driftbook's and SQLite's own tables)";
  if (name.endsWith("_reference") || name.includes("_reference_"))
    return "may not end with _reference nor contain _reference_ (a model's reference sets are stored in <model>_reference and <model>_reference_<name>)";
  return undefined;
}
