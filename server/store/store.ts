/**
 * The prediction store. Each model's predictions are a table named after it with one typed
 * column per feature (columns.ts); its reference set is `<model>_reference`. Predictions arrive
 * as a column batch (ingest/columnBatch.ts), inserted by batchInsert.ts. Every batch is one
 * `BEGIN IMMEDIATE` transaction, so a rejected batch leaves nothing behind and a second writer
 * waits for the lock. Each committed change moves the model's version (modelVersions.ts), which
 * wakes the workbooks that read it. The server writes through its writer thread (writer.ts,
 * which opens a store of its own); `driftbook log` and `driftbook demo` call this class directly.
 */
import { openDatabase, writeTransaction, type Db, type OpenOptions } from "./db.ts";
import { DatabaseHealthCheck } from "./health.ts";
import { WalCheckpoints } from "./checkpoints.ts";
import { insertBatch, type TypedColumn } from "./batchInsert.ts";
import { quoteIdentifier, roleOf, storedValue, typeOf, type Column, type ColumnType } from "./columns.ts";
import { columnBatchOf, valueAt, type ColumnBatch } from "../ingest/columnBatch.ts";
import { PartsDiverge } from "../ingest/batchParts.ts";
import { validateModelName } from "../ingest/names.ts";
import { ModelVersions, type ChangeListener } from "./modelVersions.ts";
import { modelSummaries, modelSummary, tableColumns, type ModelSummary } from "./modelSummary.ts";

export type { ModelSummary } from "./modelSummary.ts";
import { BatchError, type LabelInput, type LoggedValue, type PredictionInput } from "../ingest/types.ts";

export interface StoreOptions extends OpenOptions {
  /** Most columns a model's table may have; a batch that would pass it is refused. */
  maxColumns?: number;
  /** The clock, for rows logged without `ts`. */
  now?: () => number;
}

/** Which of a model's tables a write goes to: its predictions, or its reference set. */
export type ModelTable = "predictions" | "reference";

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

export interface LabelResult {
  matched: number;
  unmatched: number;
  /** Up to 100 of the ids that matched no prediction. */
  unmatchedIds: string[];
}

const DEFAULT_MAX_COLUMNS = 1000;

export class PredictionStore {
  readonly db: Db;
  /** Whether the file is still readable and still the one opened (GET /healthz). */
  readonly health: DatabaseHealthCheck;
  /** The write-ahead log's size and checkpoint age (GET /metrics); `serve` starts its checkpoints. */
  readonly wal: WalCheckpoints;
  private readonly maxColumns: number;
  private readonly now: () => number;
  private readonly versions: ModelVersions;

  constructor(path: string, options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.db = openDatabase(path, options);
    this.health = new DatabaseHealthCheck(this.db, path);
    this.wal = new WalCheckpoints(this.db, path, this.now);
    this.maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS;
    this.versions = new ModelVersions(this.db, this.now);
  }

  /** Stores a batch of predictions, creating the model and new feature columns as needed. */
  log(model: string, rows: PredictionBatch): WriteResult {
    validateModelName(model);
    let changed = false;
    const result = writeTransaction(this.db, () => {
      const { added, ...written } = this.writeRows(model, model, rows);
      changed = written.written > 0 || added;
      if (changed) this.versions.bump(model);
      return written;
    });
    if (changed) this.versions.emit(model);
    return result;
  }

  /** Replaces the model's reference set: the data drift is measured against. */
  replaceReference(model: string, rows: PredictionBatch): WriteResult {
    validateModelName(model);
    const table = `${model}_reference`;
    const result = writeTransaction(this.db, () => {
      this.db.exec(`drop table if exists ${quoteIdentifier(table)}`);
      const { added: _, ...written } = this.writeRows(model, table, rows);
      this.versions.bump(model);
      return written;
    });
    this.versions.emit(model);
    return result;
  }

  /**
   * Adds rows to the model's reference set, as log adds predictions. A reference set is replaced
   * whole (replaceReference); this is how a staged one is built up chunk by chunk (staging.ts).
   */
  appendReference(model: string, rows: PredictionBatch): WriteResult {
    validateModelName(model);
    const result = writeTransaction(this.db, () => {
      const { added: _, ...written } = this.writeRows(model, `${model}_reference`, rows);
      this.versions.bump(model);
      return written;
    });
    this.versions.emit(model);
    return result;
  }

  /**
   * Copies a table staged in another SQLite file (staging.ts) into the model's predictions (rows
   * whose id is stored already are duplicates) or in place of its reference set, in one short
   * transaction: the all-or-nothing end of a file written in chunks. Columns the staged table
   * brings are added with its types; a column typed otherwise meanwhile is refused.
   */
  copyStaged(model: string, into: ModelTable, stagedFile: string): WriteResult {
    validateModelName(model);
    const table = into === "predictions" ? model : `${model}_reference`;
    this.db.prepare("attach database ? as staged").run(stagedFile); // not allowed inside a transaction
    try {
      let changed = false;
      const result = writeTransaction(this.db, () => {
        if (into === "reference") this.db.exec(`drop table if exists main.${quoteIdentifier(table)}`);
        const staged = this.columnsOf(table, "staged")!;
        const columns = this.columnsOf(table) ?? this.createTable(table);
        const columnCount = columns.size;
        const adding = [...staged.keys()].filter((name) => !columns.has(name)).length;
        if (columnCount + adding > this.maxColumns) {
          throw new BatchError(`the file would give the model more than ${this.maxColumns} columns`);
        }
        for (const { name, type } of staged.values()) {
          const stored = this.ensureColumn(table, columns, name, { row: 0, value: null }, type)!;
          if (stored !== type) {
            throw new BatchError(
              `column "${name}" became ${stored} while the file was read, which has ${type} values`,
              {
                field: name,
              },
            );
          }
        }
        const names = [...staged.values()].map(({ name }) => quoteIdentifier(name)).join(", ");
        const from = `staged.${quoteIdentifier(table)}`;
        const written = this.db
          .prepare(
            `insert into main.${quoteIdentifier(table)} (${names}) select ${names} from ${from} where true on conflict(id) do nothing`,
          )
          .run().changes;
        const rows = this.db.prepare(`select count(*) from ${from}`).pluck().get() as number;
        changed = into === "reference" || written > 0 || columns.size > columnCount;
        if (changed) this.versions.bump(model);
        return { written, duplicates: rows - written, columns: [...columns.values()] };
      });
      if (changed) this.versions.emit(model);
      return result;
    } finally {
      this.db.exec("detach database staged");
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
      changed = false;
      const columns = this.columnsOf(model);
      if (!columns) throw new BatchError(`no model named "${model}": log predictions before their labels`);
      const table = quoteIdentifier(model);
      const stored = this.db.prepare(`select 1 from ${table} where id = ?`).pluck();
      const update = () => this.db.prepare(`update ${table} set label = ? where id = ? and label is not ?`);
      let labelType = columns.get("label")?.type;
      let updateLabel = labelType && update();
      let matched = 0;
      let unmatched = 0;
      const unmatchedIds: string[] = [];
      for (const item of labels) {
        if (stored.get(item.id) === undefined) {
          if (++unmatched <= 100) unmatchedIds.push(item.id);
          continue;
        }
        matched++;
        if (!labelType) {
          if (item.label === null) continue; // no label column yet: the row has no label already
          const referenceType = this.columnsOf(`${model}_reference`)?.get("label")?.type;
          labelType = this.ensureColumn(model, columns, "label", { row: item.row, value: item.label }, referenceType)!;
          updateLabel = update();
          changed = true;
        }
        const value = storedValue(item.label, labelType, item.row, "label");
        if (updateLabel!.run(value, item.id, value).changes > 0) changed = true;
      }
      if (changed) this.versions.bump(model);
      return { matched, unmatched, unmatchedIds };
    });
    if (changed) this.versions.emit(model);
    return result;
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
    this.wal.stop();
    this.db.close();
  }

  private columnsOf(table: string, schema = "main"): Map<string, Column> | undefined {
    return tableColumns(this.db, table, schema);
  }

  /**
   * Writes a batch into `table` (the model's or its reference), adding the columns it brings;
   * `added` says whether it created the table or added a column.
   */
  private writeRows(model: string, table: string, rows: PredictionBatch): WriteResult & { added: boolean } {
    const parts = "parts" in rows ? rows.parts : ["columns" in rows ? rows : columnBatchOf(rows)];
    let columns = this.columnsOf(table);
    const columnCount = columns?.size ?? 0;
    columns ??= this.createTable(table);
    const sibling = this.columnsOf(table === model ? `${model}_reference` : model);
    const now = this.now(); // one time of writing for the rows without one, in every part
    let [length, written] = [0, 0];
    const mentioned = new Set<string>(); // by earlier parts
    for (const batch of parts) {
      const typed: TypedColumn[] = [];
      for (const column of batch.columns) {
        const first =
          column.first === -1 ? undefined : { row: batch.rows[column.first]!, value: valueAt(column, column.first) };
        const lower = column.name.toLowerCase();
        // The whole batch would have added this column at its first mention, before the columns after it.
        if (first && mentioned.has(lower) && !columns.has(lower))
          throw new PartsDiverge(`column ${column.name} comes late`);
        const type = this.ensureColumn(table, columns, column.name, first, sibling?.get(lower)?.type);
        if (type) typed.push({ column, type });
      }
      for (const column of batch.columns) mentioned.add(column.name.toLowerCase());
      length += batch.length;
      written += insertBatch(this.db, table, batch, typed, now);
    }
    if (length === 0) throw new BatchError("the batch has no rows");
    return {
      written,
      duplicates: length - written,
      columns: [...columns.values()],
      added: columns.size > columnCount,
    };
  }

  /** Creates a model's table (predictions or reference) with its id and ts columns; returns its columns. */
  private createTable(table: string): Map<string, Column> {
    const quoted = quoteIdentifier(table);
    this.db.exec(`create table main.${quoted} (id text primary key, ts integer not null)`);
    this.db.exec(`create index main.${quoteIdentifier(`${table}_ts`)} on ${quoted} (ts)`);
    return this.columnsOf(table)!;
  }

  /**
   * Makes sure `table` has column `name`, typed from `preferredType` (the same column in the
   * sibling table) or else from the batch's first non-null value. Returns its type, or
   * undefined when the column does not exist and the batch has only nulls for it.
   */
  private ensureColumn(
    table: string,
    columns: Map<string, Column>,
    name: string,
    first: { row: number; value: LoggedValue } | undefined,
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
    const type = preferredType ?? typeOf(first.value as Exclude<LoggedValue, null>);
    this.db.exec(`alter table ${quoteIdentifier(table)} add column ${quoteIdentifier(name)} ${type}`);
    columns.set(name.toLowerCase(), { name, type, role: roleOf(name) });
    return type;
  }
}
