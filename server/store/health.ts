/**
 * Is the database the server opened still usable? `/healthz` asks this on every probe, so it
 * must be cheap: a read of the schema table through the open connection (fails when the disk
 * returns errors or the pages read are damaged), and a stat of the path, because the faults an
 * operator actually meets under a running server are the file being deleted or replaced (a
 * restored backup, a cleaned-up `data/`). SQLite keeps writing to the file it opened, so after
 * either, every acknowledged write would go to a file nobody will ever read again. On
 * PostgreSQL there is no file: the probe is one query, which fails while the server is away.
 */
import { statSync } from "node:fs";
import { engineOf, type Db } from "./connection.ts";
import { describeLocation } from "./location.ts";

export type DatabaseHealth = { ok: true } | { ok: false; reason: string };

/** The file's identity on disk: a replaced file has another inode. */
type FileIdentity = { dev: number; ino: number };

export class DatabaseHealthCheck {
  private readonly opened: FileIdentity | undefined;
  private readonly readSchema;

  constructor(
    db: Db,
    private readonly path: string,
  ) {
    const postgres = engineOf(db) === "postgres";
    this.opened = postgres ? undefined : identityOf(path);
    this.readSchema = db.prepare(postgres ? "select 1" : "select count(*) from sqlite_schema").pluck();
  }

  check(): DatabaseHealth {
    try {
      this.readSchema.get();
    } catch (error) {
      return {
        ok: false,
        reason: `the database ${describeLocation(this.path)} cannot be read: ${(error as Error).message}`,
      };
    }
    if (!this.opened) return { ok: true }; // an in-memory database has no file to lose
    let now: FileIdentity | undefined;
    try {
      now = identityOf(this.path);
    } catch (error) {
      return { ok: false, reason: `the database file ${this.path} cannot be found: ${(error as Error).message}` };
    }
    if (!now)
      return {
        ok: false,
        reason: `the database file ${this.path} was removed while the server had it open; restart the server`,
      };
    if (now.dev !== this.opened.dev || now.ino !== this.opened.ino) {
      return {
        ok: false,
        reason: `the database file ${this.path} was replaced by another file while the server had it open; restart the server`,
      };
    }
    return { ok: true };
  }
}

function identityOf(path: string): FileIdentity | undefined {
  if (path === ":memory:") return undefined;
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats && { dev: stats.dev, ino: stats.ino };
}
