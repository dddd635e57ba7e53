/**
 * What a store write calls once its rows are in, inside the same transaction: the profiles of
 * the rows it wrote (not those whose id was stored already), from the batch itself (log, a
 * reference batch) or from the table (a staged copy), after the columns it added got theirs.
 */
import type { ColumnBatch } from "../ingest/columnBatch.ts";
import type { Column } from "./columns.ts";
import type { Db } from "./db.ts";
import { readSettings } from "./modelSettings.ts";
import { batchRows, writtenRows } from "./profiledRows.ts";
import { recordNewColumn, recordProfiles, recordStoredRows } from "./profileStore.ts";

/** What a write stored: into which table of which model, its columns now and before, and its rows. */
export interface StoredWrite {
  model: string;
  table: string;
  /** Where its profiles go: PREDICTIONS_SOURCE, or a reference version's referenceSource (references.ts). */
  source: string;
  columns: Map<string, Column>;
  /** The (lower-cased) column names the table had before the write. */
  before: Set<string>;
  /** The table's largest rowid before the write: the rows written have larger ones. */
  lastRowid: number;
  written: number;
}

/** Profiles a batch's written rows (`now`: the time given to rows without one). */
export function profileWrittenBatch(db: Db, write: StoredWrite, batch: ColumnBatch, now: number): void {
  const source = profileNewColumns(db, write);
  if (write.written === 0) return;
  const selected = write.written === batch.length ? null : writtenRows(db, write.table, batch, write.lastRowid);
  const rows = batchRows(batch, write.columns.values(), now, selected);
  recordProfiles(db, write.model, source, rows, write.columns.values(), readSettings(db, write.model));
}

/** Profiles the rows a copy wrote, reading them back from the table a chunk at a time. */
export function profileWrittenRows(db: Db, write: StoredWrite): void {
  const source = profileNewColumns(db, write);
  if (write.written === 0) return;
  const settings = readSettings(db, write.model);
  recordStoredRows(db, write.model, source, write.table, write.columns.values(), settings, write.lastRowid);
}

/** Gives each column the write added its profiles over the periods profiled before it; returns the source. */
function profileNewColumns(db: Db, { model, source, columns, before }: StoredWrite): string {
  for (const [key, column] of columns) if (!before.has(key)) recordNewColumn(db, model, source, column);
  return source;
}
