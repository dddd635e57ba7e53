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
import type { Db } from "./connection.ts";
import { holdTransactionLock } from "./transactionLock.ts";
import { addColumn, createModelTable, tableColumns } from "./tableSchema.ts";
import { BatchError, type FeatureValue } from "../ingest/types.ts";

export class ModelTables {
  constructor(
    private readonly db: Db,
    private readonly maxColumns: number,
  ) {}

  /**
   * Holds the model's write lock until the transaction ends (transactionLock.ts): writers to one
   * model (several servers, the CLI) take turns, so a table is created once and the rows after
   * lastRowid are the current batch's alone.
   */
  lock(model: string): void {
    holdTransactionLock(this.db, `model:${model}`);
  }

  /** The table's columns by lower-cased name, or undefined when it does not exist. */
  columnsOf(table: string, schema = "main"): Map<string, Column> | undefined {
    return tableColumns(this.db, table, schema);
  }

  /** The largest rowid in `table` (0 when empty): rows written after it get larger ones. */
  lastRowid(table: string): number {
    return (
      (this.db
        .prepare(`select max(rowid) from ${quoteIdentifier(table)}`)
        .pluck()
        .get() as number | null) ?? 0
    );
  }

  /** Creates a model's table (predictions or reference) with its id, ts and bookkeeping columns; returns its columns. */
  createTable(table: string): Map<string, Column> {
    createModelTable(this.db, table);
    return this.columnsOf(table)!;
  }

  /** Adds ingested_at and label_ingested_at to a table created before they were kept; its old rows have neither. */
  ensureBookkeeping(table: string, columns: Map<string, Column>): void {
    for (const name of [INGESTED_AT, LABEL_INGESTED_AT]) {
      if (columns.has(name)) continue;
      addColumn(this.db, table, name, "INTEGER");
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
    addColumn(this.db, table, name, type);
    columns.set(name.toLowerCase(), { name, type, role: roleOf(name) });
    return type;
  }
}
