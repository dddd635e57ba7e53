/**
 * The prediction store. Each model's predictions are a table named after it with one typed
 * column per feature (columns.ts); its named, versioned reference sets are described in
 * references.ts (`training`'s current rows in `<model>_reference`). Predictions arrive
 * as a column batch (ingest/columnBatch.ts), inserted by batchInsert.ts. Every batch is one
 * `BEGIN IMMEDIATE` transaction, so a rejected batch leaves nothing behind and a second writer
 * waits for the lock. Each committed change moves the model's version (modelVersions.ts), which
 * wakes the workbooks that read it. The same transaction keeps the model's profiles
 * (writtenProfiles.ts, labelProfiles.ts): never rows without their profile, nor the reverse. The
 * server writes through its writer thread (writer.ts, which opens a store of its own);
 * `driftbook log` and `driftbook demo` call this class directly.
 */
import { openDatabase, writeTransaction, type Db, type OpenOptions, type SqliteDb } from "./db.ts";
import { engineOf } from "./connection.ts";
import { DatabaseHealthCheck } from "./health.ts";
import { WalCheckpoints } from "./checkpoints.ts";
import { insertBatch, type TypedColumn } from "./batchInsert.ts";
import type { Column } from "./columns.ts";
import { columnBatchOf, valueAt, type ColumnBatch } from "../ingest/columnBatch.ts";
import { PartsDiverge } from "../ingest/batchParts.ts";
import { validateModelName } from "../ingest/names.ts";
import { ModelVersions, type ChangeListener } from "./modelVersions.ts";
import { loggedColumns, modelSummaries, modelSummary, type ModelSummary } from "./modelSummary.ts";
import { readSettings, updateSettings, type ModelSettings, type SettingsChange } from "./modelSettings.ts";
import { PREDICTIONS_SOURCE } from "./profileStore.ts";
import { profileWrittenRows, WrittenProfiles } from "./writtenProfiles.ts";
import { writeLabels, type LabelResult } from "./labelWrites.ts";
import { ModelTables } from "./modelTables.ts";
import { openStagedTable } from "./stagedTable.ts";
import {
  currentReference,
  DEFAULT_REFERENCE,
  recordReference,
  referenceSource,
  referenceTable,
  retireReference,
  validateReferenceName,
  type ReferenceVersion,
} from "./references.ts";

export type { ModelSummary } from "./modelSummary.ts";
import { BatchError, type LabelInput, type PredictionInput } from "../ingest/types.ts";

export interface StoreOptions extends OpenOptions {
  /** Most columns a model's table may have; a batch that would pass it is refused. */
  maxColumns?: number;
  /** The clock, for rows logged without `ts` and each row's ingested_at. */
  now?: () => number;
  /** Whether writes keep the model's profiles (profileStore.ts); off for a staged file, profiled when copied. */
  profiles?: boolean;
}

/** Which of a model's tables a write goes to: its predictions, or the reference set of that name. */
export type ModelTable = "predictions" | { reference: string };

/**
 * What log and replaceReference take: a column batch (what the parsers give), rows built in
 * code (the demo's, tests'), which become one (columnBatchOf), or one batch in parts, parsed
 * piece by piece (ingest/batchParts.ts): each part is inserted as it comes, inside the batch's
 * one transaction, so a parser can work on the next part meanwhile.
 */
export type PredictionBatch = ColumnBatch | readonly PredictionInput[] | { parts: Iterable<ColumnBatch> };

export interface WriteResult {
  written: number;
  /** Rows whose id was already stored: retries of an acknowledged batch are not stored twice. */
  duplicates: number;
  columns: Column[];
}

/** A reference set's write also says which version of which set it made. */
export interface ReferenceWriteResult extends WriteResult {
  reference: ReferenceVersion;
}

export type { LabelResult } from "./labelWrites.ts";

const DEFAULT_MAX_COLUMNS = 1000;

export class PredictionStore {
  readonly db: Db;
  /** Whether the file is still readable and still the one opened (GET /healthz). */
  readonly health: DatabaseHealthCheck;
  /** SQLite's write-ahead log's size and checkpoint age (GET /metrics); `serve` starts its checkpoints. */
  readonly wal: WalCheckpoints | undefined;
  private readonly maxColumns: number;
  private readonly tables: ModelTables;
  private readonly now: () => number;
  /** Set while `asIfAt` runs: the time the store's writes are stamped with instead of the clock's. */
  private pinnedAt: number | undefined;
  private readonly versions: ModelVersions;
  private readonly profiles: boolean;

  constructor(path: string, options: StoreOptions = {}) {
    const clock = options.now ?? Date.now;
    this.now = () => this.pinnedAt ?? clock();
    this.db = openDatabase(path, options);
    this.health = new DatabaseHealthCheck(this.db, path);
    this.wal = engineOf(this.db) === "sqlite" ? new WalCheckpoints(this.db as SqliteDb, path, this.now) : undefined;
    this.maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS;
    this.tables = new ModelTables(this.db, this.maxColumns);
    this.profiles = options.profiles ?? true;
    this.versions = new ModelVersions(this.db, this.now);
  }

  /**
   * Runs `write` as if it happened at `at`: its rows' ingested_at and label_ingested_at and a
   * reference version's created_at say `at`, so history seeded in one go (server/demo/seed.ts)
   * reads, as of a past moment, as it had arrived by then (as-of runs and replays).
   */
  asIfAt<T>(at: number, write: () => T): T {
    const pinned = this.pinnedAt;
    this.pinnedAt = at;
    try {
      return write();
    } finally {
      this.pinnedAt = pinned;
    }
  }

  /** Stores a batch of predictions, creating the model and new feature columns as needed. */
  log(model: string, rows: PredictionBatch): WriteResult {
    validateModelName(model);
    let changed = false;
    const result = writeTransaction(this.db, () => {
      this.tables.lock(model);
      const { added, ...written } = this.writeRows(model, model, rows, PREDICTIONS_SOURCE);
      changed = written.written > 0 || added;
      if (changed) this.versions.bump(model);
      return written;
    });
    if (changed) this.versions.emit(model);
    return result;
  }

  /**
   * Replaces the model's reference set `name` (the data drift is measured against), keeping the
   * set it replaces as a version of its own (references.ts).
   */
  replaceReference(model: string, rows: PredictionBatch, name = DEFAULT_REFERENCE): ReferenceWriteResult {
    validateModelName(model);
    validateReferenceName(name);
    const result = writeTransaction(this.db, () => {
      this.tables.lock(model);
      const version = retireReference(this.db, model, name, this.now());
      const source = referenceSource(name, version);
      const { added: _, ...written } = this.writeRows(model, referenceTable(model, name), rows, source);
      const reference = recordReference(this.db, model, name, version, this.now());
      this.versions.bump(model);
      return { ...written, reference };
    });
    this.versions.emit(model);
    return result;
  }

  /**
   * Adds rows to `<model>_reference`, as log adds predictions: how a staged reference set is
   * built up chunk by chunk (staging.ts) before copyStaged makes it a version of its name.
   */
  appendReference(model: string, rows: PredictionBatch): WriteResult {
    validateModelName(model);
    const result = writeTransaction(this.db, () => {
      this.tables.lock(model);
      const version = currentReference(this.db, model, DEFAULT_REFERENCE)?.version ?? 1;
      const source = referenceSource(DEFAULT_REFERENCE, version);
      const { added: _, ...written } = this.writeRows(model, `${model}_reference`, rows, source);
      this.versions.bump(model);
      return written;
    });
    this.versions.emit(model);
    return result;
  }

  /**
   * Copies a table staged in another SQLite file (staging.ts) into the model's predictions (rows
   * whose id is stored already are duplicates) or as the new version of a reference set, in one
   * short transaction: the all-or-nothing end of a file written in chunks. Columns the staged
   * table brings are added with its types; a column typed otherwise meanwhile is refused.
   */
  copyStaged(model: string, into: ModelTable, stagedFile: string): WriteResult & { reference?: ReferenceVersion } {
    validateModelName(model);
    const reference = into === "predictions" ? undefined : into.reference;
    if (reference !== undefined) validateReferenceName(reference);
    const table = reference === undefined ? model : referenceTable(model, reference);
    const stagedTable = reference === undefined ? model : `${model}_reference`; // appendReference's
    const staged = openStagedTable(this.db, stagedFile, stagedTable);
    try {
      let changed = false;
      const result = writeTransaction(this.db, () => {
        this.tables.lock(model);
        const version = reference === undefined ? 0 : retireReference(this.db, model, reference, this.now());
        const source = reference === undefined ? PREDICTIONS_SOURCE : referenceSource(reference, version);
        const columns = this.tables.columnsOf(table) ?? this.tables.createTable(table);
        const columnCount = columns.size;
        const lastRowid = this.profiles ? this.tables.lastRowid(table) : 0; // where the copied rows begin
        const before = new Set(columns.keys());
        const adding = [...staged.columns.keys()].filter((name) => !columns.has(name)).length;
        if (columnCount + adding > this.maxColumns) {
          throw new BatchError(`the file would give the model more than ${this.maxColumns} columns`);
        }
        for (const { name, type } of staged.columns.values()) {
          const stored = this.tables.ensureColumn(table, columns, name, { row: 0, value: null }, type)!;
          if (stored !== type) {
            throw new BatchError(
              `column "${name}" became ${stored} while the file was read, which has ${type} values`,
              {
                field: name,
              },
            );
          }
        }
        const names = [...staged.columns.values()].map(({ name }) => name);
        const { written, rows } = staged.copyInto(table, names);
        if (this.profiles) profileWrittenRows(this.db, { model, table, source, columns, before, lastRowid, written });
        changed = reference !== undefined || written > 0 || columns.size > columnCount;
        if (changed) this.versions.bump(model);
        const result = { written, duplicates: rows - written, columns: loggedColumns(columns) };
        if (reference === undefined) return result;
        return { ...result, reference: recordReference(this.db, model, reference, version, this.now()) };
      });
      if (changed) this.versions.emit(model);
      return result;
    } finally {
      staged.close();
    }
  }

  /**
   * Attaches ground truth that arrived after the prediction, matched by prediction id. Only a
   * matched label adds or types the `label` column: labels for ids not stored (yet) leave the
   * schema as it was. The version goes up only when a stored label changed.
   */
  attachLabels(model: string, labels: LabelInput[]): LabelResult {
    validateModelName(model);
    let changed = false;
    const result = writeTransaction(this.db, () => {
      this.tables.lock(model);
      const columns = this.tables.columnsOf(model);
      if (!columns) throw new BatchError(`no model named "${model}": log predictions before their labels`);
      this.tables.ensureBookkeeping(model, columns);
      const write = { db: this.db, tables: this.tables, model, columns, profiles: this.profiles, now: this.now() };
      const { changed: labelsChanged, ...counts } = writeLabels(write, labels);
      changed = labelsChanged;
      if (changed) this.versions.bump(model);
      return counts;
    });
    if (changed) this.versions.emit(model);
    return result;
  }

  /** Changes a model's profile settings (a model not logged yet may be given them first). */
  updateSettings(model: string, change: SettingsChange): ModelSettings {
    validateModelName(model);
    return writeTransaction(this.db, () => updateSettings(this.db, model, change));
  }

  settings(model: string): ModelSettings {
    return readSettings(this.db, model);
  }

  /** Moves the model's version after a change made outside the store's own writes: a retention sweep (retention.ts). */
  markChanged(model: string): void {
    writeTransaction(this.db, () => this.versions.bump(model));
    this.versions.emit(model);
  }

  /** Every model, with its schema and counts. */
  models(): ModelSummary[] {
    return modelSummaries(this.db);
  }

  model(name: string): ModelSummary | undefined {
    return modelSummary(this.db, name);
  }

  /** Calls `listener` with the model's name and version after each committed change; returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    return this.versions.onChange(listener);
  }

  /** Tells the change listeners of the changes other processes commit (see ModelVersions.watchOtherWriters). */
  watchOtherWriters(intervalMs?: number, onCommit?: () => void): () => void {
    return this.versions.watchOtherWriters(intervalMs, onCommit);
  }

  /** Tells the change listeners that another connection committed `version` of `model` (see ModelVersions.noteChange). */
  noteChange(model: string, version: number): void {
    this.versions.noteChange(model, version);
  }

  close(): void {
    this.wal?.stop();
    this.db.close();
  }

  /**
   * Writes a batch into `table` (the model's or one of its reference sets), adding the columns it
   * brings, and profiles its rows under `source`; `added` says whether it created the table or
   * added a column.
   */
  private writeRows(
    model: string,
    table: string,
    rows: PredictionBatch,
    source: string,
  ): WriteResult & { added: boolean } {
    const parts = "parts" in rows ? rows.parts : ["columns" in rows ? rows : columnBatchOf(rows)];
    let columns = this.tables.columnsOf(table);
    if (columns) this.tables.ensureBookkeeping(table, columns);
    const columnCount = columns?.size ?? 0;
    columns ??= this.tables.createTable(table);
    const sibling = this.tables.columnsOf(table === model ? `${model}_reference` : model);
    const now = this.now(); // one time of writing for the rows without one, in every part
    const profiles = this.profiles ? new WrittenProfiles(this.db) : undefined;
    let length = 0;
    let written = 0;
    const mentioned = new Set<string>(); // by earlier parts
    for (const batch of parts) {
      const before = new Set(columns.keys());
      const typed: TypedColumn[] = [];
      for (const column of batch.columns) {
        const first =
          column.first === -1 ? undefined : { row: batch.rows[column.first]!, value: valueAt(column, column.first) };
        const lower = column.name.toLowerCase();
        // The whole batch would have added this column at its first mention, before the columns after it.
        if (first && mentioned.has(lower) && !columns.has(lower))
          throw new PartsDiverge(`column ${column.name} comes late`);
        const type = this.tables.ensureColumn(table, columns, column.name, first, sibling?.get(lower)?.type);
        if (type) typed.push({ column, type });
      }
      for (const column of batch.columns) mentioned.add(column.name.toLowerCase());
      const lastRowid = profiles ? this.tables.lastRowid(table) : 0; // where this part's rows begin
      const inserted = insertBatch(this.db, table, batch, typed, now);
      profiles?.add({ model, table, source, columns, before, lastRowid, written: inserted }, batch, now);
      length += batch.length;
      written += inserted;
    }
    if (length === 0) throw new BatchError("the batch has no rows");
    profiles?.write();
    return {
      written,
      duplicates: length - written,
      columns: loggedColumns(columns),
      added: columns.size > columnCount,
    };
  }
}
