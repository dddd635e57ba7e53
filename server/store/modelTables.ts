/**
 * A model's tables (its predictions, `<model>`, and its reference set, `<model>_reference`) as
 * the store shapes them: created with id, ts and the bookkeeping columns (ingested_at,
 * label_ingested_at), given a typed column for each new field, never past maxColumns.
 */
import {
  INGESTED_AT,
  LABEL_INGESTED_AT,
  quoteIdentifier,
  roleOf,
  typeOf,
  type Column,
  type ColumnType,
} from "./columns.ts";
import type { Db } from "./db.ts";
import { tableColumns } from "./modelSummary.ts";
import { BatchError, type FeatureValue } from "../ingest/types.ts";

export class ModelTables {
  constructor(
    private readonly db: Db,
    private readonly maxColumns: number,
  ) {}

  /** The table's columns by lower-cased name, or undefined when it does not exist. */
  columnsOf(table: string, schema = "main"): Map<string, Column> | undefined {
    return tableColumns(this.db, table, schema);
  }

  /** The largest rowid in `table` (0 when empty): rows written after it get larger ones. */
  lastRowid(table: string): number {
    return (
      (this.db
        .prepare(`select max(rowid) from main.${quoteIdentifier(table)}`)
        .pluck()
        .get() as number | null) ?? 0
    );
  }

  /** Creates a model's table (predictions or reference) with its id, ts and bookkeeping columns; returns its columns. */
  createTable(table: string): Map<string, Column> {
    const quoted = quoteIdentifier(table);
    this.db.exec(
      `create table main.${quoted} (id text primary key, ts integer not null, ${INGESTED_AT} integer, ${LABEL_INGESTED_AT} integer)`,
    );
    this.db.exec(`create index main.${quoteIdentifier(`${table}_ts`)} on ${quoted} (ts)`);
    return this.columnsOf(table)!;
  }

  /** Adds ingested_at and label_ingested_at to a table created before they were kept; its old rows have neither. */
  ensureBookkeeping(table: string, columns: Map<string, Column>): void {
    for (const name of [INGESTED_AT, LABEL_INGESTED_AT]) {
      if (columns.has(name)) continue;
      this.db.exec(`alter table main.${quoteIdentifier(table)} add column ${name} integer`);
      columns.set(name, { name, type: "INTEGER", role: roleOf(name) });
    }
  }

  /**
   * Makes sure `table` has column `name`, typed from `preferredType` (the same column in the
   * sibling table) or else from the batch's first non-null value. Returns its type, or
   * undefined when the column does not exist and the batch has only nulls for it.
   */
  ensureColumn(
    table: string,
    columns: Map<string, Column>,
    name: string,
    first: { row: number; value: FeatureValue } | undefined,
    preferredType?: ColumnType,
  ): ColumnType | undefined {
    const existing = columns.get(name.toLowerCase());
    if (existing) return existing.type;
    if (!first) return undefined;
    if (columns.size + 1 > this.maxColumns) {
      throw new BatchError(
        `row ${first.row}: field "${name}" would give the model more than ${this.maxColumns} columns`,
        { row: first.row, field: name },
      );
    }
    const type = preferredType ?? typeOf(first.value as Exclude<FeatureValue, null>);
    this.db.exec(`alter table ${quoteIdentifier(table)} add column ${quoteIdentifier(name)} ${type}`);
    columns.set(name.toLowerCase(), { name, type, role: roleOf(name) });
    return type;
  }
}
