/**
 * Named locks held until the end of the current write transaction, so that processes sharing
 * one database (several servers, `driftbook run`) take turns at a read-then-write step, such as
 * evaluating a workbook's alert rules or claiming due notifications. On SQLite the transaction
 * of writeTransaction (db.ts) already holds the file's one write lock (`BEGIN IMMEDIATE`), so
 * there is nothing more to take. On PostgreSQL, where writers only lock the rows they touch and
 * a row that does not exist yet cannot be locked, it is a transaction-level advisory lock on a
 * hash of the name (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS);
 * waiting for it counts against lock_timeout, like any lock.
 */
import { engineOf, type Db } from "./connection.ts";

/** Takes the lock called `name` for the rest of the transaction; call it inside writeTransaction. */
export function holdTransactionLock(db: Db, name: string): void {
  const engine = engineOf(db);
  switch (engine) {
    case "sqlite":
      return;
    case "postgres":
      db.prepare("select pg_advisory_xact_lock(hashtextextended(?, 0))").get(`driftbook:${name}`);
      return;
    default: {
      const unknown: never = engine;
      throw new Error(`unknown engine ${JSON.stringify(unknown)}`);
    }
  }
}
