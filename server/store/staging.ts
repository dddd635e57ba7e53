/**
 * A write staged in a SQLite file of its own beside the database, so that a file written in
 * chunks reaches the store all at once (`driftbook reference` always, `driftbook log --atomic`):
 * the chunks go into the staged file, typed and checked as the store would type them, and
 * PredictionStore.copyStaged moves them over in one short transaction. Until then the store
 * holds nothing of the file, and a failure only deletes the staged file. Beside the database
 * rather than in TMPDIR: the rows are bound for that disk anyway, and TMPDIR is often memory.
 * A PostgreSQL database has no folder here, so its staged file goes to TMPDIR.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SqliteDb } from "./db.ts";
import { isPostgresUrl } from "./location.ts";
import { INGESTED_AT, LABEL_INGESTED_AT } from "./columns.ts";
import { addColumn, createModelTable, tableColumns } from "./tableSchema.ts";

/** The columns every model table is created with (tableSchema.ts). */
const STARTING_COLUMNS = new Set(["id", "ts", INGESTED_AT, LABEL_INGESTED_AT]);
import { PredictionStore, type ModelTable, type PredictionBatch, type WriteResult } from "./store.ts";

export class StagedWrite {
  /** The staged file: `<db>.staging-<random>`, deleted by discard. */
  readonly path: string;
  private readonly staging: PredictionStore;
  private open = true;

  constructor(
    private readonly store: PredictionStore,
    dbPath: string,
    private readonly model: string,
    private readonly into: ModelTable,
  ) {
    const beside = isPostgresUrl(dbPath) ? join(tmpdir(), "driftbook") : dbPath;
    this.path = `${beside}.staging-${randomBytes(6).toString("hex")}`;
    // Profiles are kept when the rows are copied into the store (copyStaged), not here.
    this.staging = new PredictionStore(this.path, { check: "off", profiles: false });
    (this.staging.db as SqliteDb).pragma("synchronous = OFF"); // a crash loses only the staged file, which is thrown away anyway
    // The staged tables start with the store's columns, so values are typed and refused as the
    // store would. A reference set is replaced, so its columns start afresh, typed after the
    // predictions' as replaceReference types them; whatever its name, it is staged in
    // `<model>_reference` (appendReference).
    const tables = into === "predictions" ? [model, `${model}_reference`] : [model];
    for (const table of tables) {
      const columns = tableColumns(store.db, table);
      if (!columns) continue;
      createModelTable(this.staging.db, table);
      for (const { name, type } of columns.values()) {
        if (!STARTING_COLUMNS.has(name.toLowerCase())) addColumn(this.staging.db, table, name, type);
      }
    }
  }

  /** Stages a chunk of rows. */
  write(rows: PredictionBatch): WriteResult {
    return this.into === "predictions"
      ? this.staging.log(this.model, rows)
      : this.staging.appendReference(this.model, rows);
  }

  /** Copies the staged rows into the store in one transaction. */
  commit(): ReturnType<PredictionStore["copyStaged"]> {
    this.close();
    return this.store.copyStaged(this.model, this.into, this.path);
  }

  /** Deletes the staged file, whether or not it was committed. */
  discard(): void {
    this.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(this.path + suffix, { force: true });
  }

  private close(): void {
    if (this.open) this.staging.close();
    this.open = false;
  }
}
