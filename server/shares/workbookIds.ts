/**
 * Workbook identities: a stable id per workbook, kept in the database beside the path it is at
 * now. Share links point at the id, so a link follows its workbook when Driftbook renames it and
 * stops when Driftbook deletes it, and a new file created later at an old path is a new workbook
 * with a new id that no old link reaches. An id is made when a workbook is first shared or is
 * created through the API. Files moved or deleted outside Driftbook (a shell, git) keep their
 * path's id: to the server they are the same workbook.
 */
import { randomBytes } from "node:crypto";
import { writeTransaction, type Db } from "../store/db.ts";

export class WorkbookIds {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** The id of the workbook at `path`, made now if it has none. */
  idOf(path: string): string {
    return this.currentId(path) ?? this.assign(path);
  }

  /** Where the workbook with this id is now; undefined once it was deleted or replaced. */
  pathOf(id: string): string | undefined {
    return this.db.prepare("select path from driftbook_workbook_ids where id = ?").pluck().get(id) as
      string | undefined;
  }

  /** A workbook was created at `path`: it gets a new id. Returns the id a former workbook there had. */
  created(path: string): string | undefined {
    return writeTransaction(this.db, () => {
      const former = this.removed(path);
      this.assign(path);
      return former;
    });
  }

  /** The workbook at `from` now lives at `to`. Returns the id a former workbook at `to` had. */
  renamed(from: string, to: string): string | undefined {
    return writeTransaction(this.db, () => {
      const former = this.removed(to);
      this.db.prepare("update driftbook_workbook_ids set path = ? where path = ?").run(to, from);
      return former;
    });
  }

  /** The workbook at `path` was deleted: its id ends. Returns that id, if it had one. */
  removed(path: string): string | undefined {
    return this.db.prepare("delete from driftbook_workbook_ids where path = ? returning id").pluck().get(path) as
      string | undefined;
  }

  private currentId(path: string): string | undefined {
    return this.db.prepare("select id from driftbook_workbook_ids where path = ?").pluck().get(path) as
      string | undefined;
  }

  /** Gives `path` a new id, unless another server sharing the database just gave it one: then that one. */
  private assign(path: string): string {
    this.db
      .prepare(
        "insert into driftbook_workbook_ids (id, path, created_at) values (?, ?, ?) on conflict (path) do nothing",
      )
      .run(randomBytes(9).toString("base64url"), path, this.now());
    return this.currentId(path)!;
  }
}
