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
import { ProfileRecorder, recordNewColumn, recordStoredRows } from "./profileStore.ts";

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

/**
 * The profiles of one write's rows, a batch at a time (one batch, or the parts of one), merged in
 * memory and written once at write(), so a batch in parts decodes and encodes each stored
 * profile it touches once, not once per part. A part that adds columns first writes what came
 * before, then gives the new columns their profiles over the periods profiled before them.
 */
export class WrittenProfiles {
  private recorder: ProfileRecorder | undefined;

  constructor(private readonly db: Db) {}

  /** Profiles the rows of `batch` that `write` stored (`now`: the time given to rows without one). */
  add(write: StoredWrite, batch: ColumnBatch, now: number): void {
    if ([...write.columns.keys()].some((key) => !write.before.has(key))) {
      this.write();
      profileNewColumns(this.db, write);
    }
    if (write.written === 0) return;
    const selected = write.written === batch.length ? null : writtenRows(this.db, write.table, batch, write.lastRowid);
    const rows = batchRows(batch, write.columns.values(), now, selected);
    const { model, source, columns } = write;
    this.recorder ??= new ProfileRecorder(this.db, model, source, columns.values(), readSettings(this.db, model));
    this.recorder.add(rows);
  }

  write(): void {
    this.recorder?.write();
    this.recorder = undefined;
  }
}

/** Profiles the rows a copy wrote, reading them back from the table a chunk at a time. */
export function profileWrittenRows(db: Db, write: StoredWrite): void {
  profileNewColumns(db, write);
  if (write.written === 0) return;
  const settings = readSettings(db, write.model);
  recordStoredRows(db, write.model, write.source, write.table, write.columns.values(), settings, write.lastRowid);
}

/** Gives each column the write added its profiles over the periods profiled before it. */
function profileNewColumns(db: Db, { model, source, columns, before }: StoredWrite): void {
  for (const [key, column] of columns) if (!before.has(key)) recordNewColumn(db, model, source, column);
}
