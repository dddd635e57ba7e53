/**
 * A model's reference sets: several, each by name (`training` unless told), each kept in
 * versions. The catalogue `driftbook_references` records every version with when it was set and
 * replaced and its row count. The current rows of `training` stay in `<model>_reference`, so
 * workbooks written before names existed read what they read; another name's are in
 * `<model>_reference_<name>`. Replacing a set renames its table to
 * `<model>_reference_<name>__<version>` instead of dropping it: a rename moves no rows (SQLite
 * rewrites only the schema, https://www.sqlite.org/lang_altertable.html), and each version keeps
 * the column types it was written with, which one shared history table could not when a column
 * changes type between versions. Names cannot hold `__` nor end in `_`, so the tables of two
 * names or versions never collide; model names cannot hold `_reference_` (ingest/names.ts).
 */
// The connection type from connection.ts, not db.ts: db.ts runs this module's migration
// (createReferenceCatalogue), so importing db.ts here would make a cycle.
import type { Db } from "./connection.ts";
import { quoteIdentifier } from "./columns.ts";
import { dropModelTableIndexes } from "./tableSchema.ts";
import { BatchError } from "../ingest/types.ts";

/** The reference a model's set is stored and read under unless a name is given. */
export const DEFAULT_REFERENCE = "training";

/** Lowercase words joined by single underscores: `training`, `last_quarter`, `v2`. */
const REFERENCE_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 40;

export interface ReferenceVersion {
  name: string;
  version: number;
  /** The table its rows are in, for `sql` in cells. */
  table: string;
  /** Epoch ms when it was set; null for a set stored before Driftbook kept versions. */
  createdAt: number | null;
  /** Epoch ms when a newer version replaced it; null while it is current. */
  replacedAt: number | null;
  rows: number;
}

/** Throws a BatchError (field `name`) unless `name` can name a reference set. */
export function validateReferenceName(name: string): void {
  if (REFERENCE_NAME.test(name) && name.length <= MAX_NAME_LENGTH) return;
  throw new BatchError(
    `reference name ${JSON.stringify(name)} must be 1 to ${MAX_NAME_LENGTH} lowercase letters and digits, ` +
      `starting with a letter, words joined by single underscores (like training or last_quarter)`,
    { field: "name" },
  );
}

/** The table holding the current rows of reference `name`: `<model>_reference` for training. */
export function referenceTable(model: string, name: string): string {
  return name === DEFAULT_REFERENCE ? `${model}_reference` : `${model}_reference_${name}`;
}

/** The table a replaced version's rows are kept in. */
export function keptVersionTable(model: string, name: string, version: number): string {
  return `${model}_reference_${name}__${version}`;
}

/**
 * The `source` of a reference version's profile in driftbook_profiles: the one place that names
 * it, so the profile writer and the readers agree.
 */
export function referenceSource(name: string, version: number): string {
  return `${REFERENCE_SOURCE_PREFIX}${name}:${version}`;
}

/** Whether a profile `source` is a reference set's (one profile per column, grain 'all') rather than periods'. */
export function isReferenceSource(source: string): boolean {
  return source.startsWith(REFERENCE_SOURCE_PREFIX);
}

const REFERENCE_SOURCE_PREFIX = "reference:";

interface CatalogueRow {
  name: string;
  version: number;
  created_at: number | null;
  replaced_at: number | null;
  rows: number;
}

/** Every version of every reference set of `model`, by name, newest version first. */
export function referenceVersions(db: Db, model: string): ReferenceVersion[] {
  const rows = db
    .prepare(
      `select name, version, created_at, replaced_at, rows from driftbook_references
       where model = ? order by name, version desc`,
    )
    .all(model) as CatalogueRow[];
  return rows.map((row) => versionOf(model, row));
}

/** The names of the model's current reference sets. */
export function referenceNames(db: Db, model: string): string[] {
  return db
    .prepare("select name from driftbook_references where model = ? and replaced_at is null order by name")
    .pluck()
    .all(model) as string[];
}

/** The current version of reference `name`, if it was ever set. */
export function currentReference(db: Db, model: string, name: string): ReferenceVersion | undefined {
  const row = db
    .prepare(
      `select name, version, created_at, replaced_at, rows from driftbook_references
       where model = ? and name = ? and replaced_at is null`,
    )
    .get(model, name) as CatalogueRow | undefined;
  return row && versionOf(model, row);
}

/** Whether `version` was the one in force at `at` (epoch ms): set by then (or at an unknown time), not yet replaced. */
export function isInForce(version: ReferenceVersion, at: number): boolean {
  return (version.createdAt ?? -Infinity) <= at && (version.replacedAt === null || version.replacedAt > at);
}

/** The version of reference `name` in force at `at`, if one was (as-of reads, store/asOf.ts). */
export function referenceInForce(db: Db, model: string, name: string, at: number): ReferenceVersion | undefined {
  return referenceVersions(db, model).find((version) => version.name === name && isInForce(version, at));
}

/**
 * Inside the write transaction that replaces reference `name`: keeps its current rows as a
 * replaced version (renamed, stamped `replacedAt`) and returns the version the new rows get.
 * Its indexes are dropped with the move, since their names belong to the current table, and a
 * kept version is read whole.
 */
export function retireReference(db: Db, model: string, name: string, now: number): number {
  const current = currentReference(db, model, name);
  if (!current) return 1;
  dropModelTableIndexes(db, current.table);
  const kept = keptVersionTable(model, name, current.version);
  db.exec(`alter table ${quoteIdentifier(current.table)} rename to ${quoteIdentifier(kept)}`);
  db.prepare("update driftbook_references set replaced_at = ? where model = ? and name = ? and version = ?").run(
    now,
    model,
    name,
    current.version,
  );
  return current.version + 1;
}

/** Inside the same transaction, once the new rows are written: records them as the current version. */
export function recordReference(db: Db, model: string, name: string, version: number, now: number): ReferenceVersion {
  const table = referenceTable(model, name);
  const rows = db
    .prepare(`select count(*) from ${quoteIdentifier(table)}`)
    .pluck()
    .get() as number;
  db.prepare(
    "insert into driftbook_references (model, name, version, created_at, replaced_at, rows) values (?, ?, ?, ?, null, ?)",
  ).run(model, name, version, now, rows);
  return { name, version, table, createdAt: now, replacedAt: null, rows };
}

/**
 * The migration that starts the catalogue: each `<model>_reference` already stored becomes
 * version 1 of `training`, its time unknown.
 */
export function createReferenceCatalogue(db: Db): void {
  db.exec(`create table driftbook_references (
     model text not null,
     name text not null,
     version integer not null,
     created_at integer,
     replaced_at integer,
     rows integer not null,
     primary key (model, name, version)
   )`);
  const models = db
    .prepare(
      `select m.name from driftbook_models m join sqlite_schema s on s.type = 'table' and s.name = m.name || '_reference'`,
    )
    .pluck()
    .all() as string[];
  for (const model of models) {
    const rows = db
      .prepare(`select count(*) from ${quoteIdentifier(`${model}_reference`)}`)
      .pluck()
      .get();
    db.prepare(
      "insert into driftbook_references (model, name, version, created_at, replaced_at, rows) values (?, ?, 1, null, null, ?)",
    ).run(model, DEFAULT_REFERENCE, rows);
  }
}

function versionOf(model: string, row: CatalogueRow): ReferenceVersion {
  const current = row.replaced_at === null;
  return {
    name: row.name,
    version: row.version,
    table: current ? referenceTable(model, row.name) : keptVersionTable(model, row.name, row.version),
    createdAt: row.created_at,
    replacedAt: row.replaced_at,
    rows: row.rows,
  };
}
