/**
 * What the store tells about its models (GET /api/v1/models, the editor's schema hints): each
 * model's columns, counts, time span, label coverage and version, read from its tables.
 */
import type { Db } from "./db.ts";
import { isBookkeeping, quoteIdentifier, type Column } from "./columns.ts";
import { tableColumns } from "./tableSchema.ts";
import { readSettings, type ProfilesState } from "./modelSettings.ts";
import { referenceNames } from "./references.ts";

export interface ModelSummary {
  name: string;
  columns: Column[];
  rows: number;
  /** Epoch ms of the first and last prediction; null when there are none. */
  from: number | null;
  to: number | null;
  /** Share of predictions that have a label, 0..1. */
  labelCoverage: number;
  /** Rows in the `training` reference set, or null when none was set. */
  referenceRows: number | null;
  /** The names of the model's current reference sets (references.ts). */
  references: string[];
  /**
   * Goes up by one with every change of the model's data: a batch that stores a row or adds a
   * column, labels that change, a new reference set. A retried batch whose rows are all stored
   * already changes nothing, so workbooks do not re-run for it.
   */
  version: number;
  /** Whether the stored profiles describe the rows ('rebuild-needed': run `driftbook profile rebuild`). */
  profiles: ProfilesState;
}

/** The columns of a model's table that hold logged data: all but the store's bookkeeping ones (columns.ts). */
export function loggedColumns(columns: Map<string, Column>): Column[] {
  return [...columns.values()].filter(({ name }) => !isBookkeeping(name));
}

/** Every model, with its schema and counts, by name. */
export function modelSummaries(db: Db): ModelSummary[] {
  const names = db.prepare("select name from driftbook_models order by name").pluck().all() as string[];
  return names.map((name) => modelSummary(db, name)!);
}

export function modelSummary(db: Db, name: string): ModelSummary | undefined {
  const meta = db.prepare("select version from driftbook_models where name = ?").get(name) as
    { version: number } | undefined;
  if (!meta) return undefined;
  const columns = tableColumns(db, name);
  const referenceColumns = tableColumns(db, `${name}_reference`);
  const stats = columns
    ? (db
        .prepare(
          `select count(*) as rows, min(ts) as "from", max(ts) as "to"${columns.has("label") ? ", count(label) as labelled" : ""} from ${quoteIdentifier(name)}`,
        )
        .get() as { rows: number; from: number | null; to: number | null; labelled?: number })
    : { rows: 0, from: null, to: null };
  const referenceRows = referenceColumns
    ? (db
        .prepare(`select count(*) from ${quoteIdentifier(`${name}_reference`)}`)
        .pluck()
        .get() as number)
    : null;
  return {
    name,
    columns: columns ? loggedColumns(columns) : [],
    rows: stats.rows,
    from: stats.from,
    to: stats.to,
    labelCoverage: stats.rows > 0 ? (stats.labelled ?? 0) / stats.rows : 0,
    referenceRows,
    references: referenceNames(db, name),
    version: meta.version,
    profiles: readSettings(db, name).profilesState,
  };
}
