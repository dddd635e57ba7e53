/**
 * Export cursors: for each export target (an MLflow tracking server and experiment), workbook
 * and model, the run the export writes to there and the last metric point it delivered, so a
 * repeated export sends only what is new. A cursor moves after each batch the target accepted:
 * an export cut short resends at most the batch in flight. The SQL is plain and portable.
 */
import { writeTransaction, type Db } from "../store/db.ts";

export interface ExportCursor {
  /** The run the points go to at the target (an MLflow run id). */
  externalRun: string;
  /** The id of the last metric point delivered; 0 before the first. */
  lastPointId: number;
}

/** Which series a cursor follows: `model` is "" for a workbook that names none. */
export interface CursorKey {
  target: string;
  workbook: string;
  model: string;
}

export class ExportCursors {
  constructor(private readonly db: Db) {}

  get({ target, workbook, model }: CursorKey): ExportCursor | undefined {
    return this.db
      .prepare(
        `select external_run as "externalRun", last_point_id as "lastPointId" from driftbook_export_cursors
         where target = ? and workbook = ? and model = ?`,
      )
      .get(target, workbook, model) as ExportCursor | undefined;
  }

  /** Records the run a new series goes to, before any point is sent, so a failed export never makes a second run. */
  start({ target, workbook, model }: CursorKey, externalRun: string, now = Date.now()): void {
    writeTransaction(this.db, () =>
      this.db
        .prepare(
          "insert into driftbook_export_cursors (target, workbook, model, external_run, last_point_id, updated_at) values (?, ?, ?, ?, 0, ?)",
        )
        .run(target, workbook, model, externalRun, now),
    );
  }

  advance({ target, workbook, model }: CursorKey, lastPointId: number, now = Date.now()): void {
    writeTransaction(this.db, () =>
      this.db
        .prepare(
          "update driftbook_export_cursors set last_point_id = ?, updated_at = ? where target = ? and workbook = ? and model = ?",
        )
        .run(lastPointId, now, target, workbook, model),
    );
  }
}
