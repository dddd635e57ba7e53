/**
 * Which server runs a schedule tick. Several servers on one database each keep every workbook's
 * schedule, so each tick fires on all of them; the first to insert the tick's row
 * (workbook, scheduled time) runs it and the others let it go — a row claim rather than an
 * advisory lock, so it works the same on SQLite and PostgreSQL, outlives the run, and shows in
 * the table which server took which tick. A catch-up run after downtime claims the missed tick's
 * time, so servers starting together catch up once. Claims older than a day are pruned as new
 * ones come: a tick is only ever claimed around its own time.
 */
import { writeTransaction, type Db } from "../store/db.ts";

const KEEP_CLAIMS_MS = 86_400_000;

export class TickClaims {
  constructor(
    private readonly db: Db,
    /** This server's name (`--server-name`), recorded with each tick it claims. */
    private readonly server: string,
  ) {}

  /** True when this server claimed the tick of `workbook` scheduled at `tickAt` (epoch ms); false when another did. */
  claim(workbook: string, tickAt: number): boolean {
    return writeTransaction(this.db, () => {
      this.db
        .prepare("delete from driftbook_schedule_ticks where workbook = ? and tick_at < ?")
        .run(workbook, tickAt - KEEP_CLAIMS_MS);
      const { changes } = this.db
        .prepare(
          `insert into driftbook_schedule_ticks (workbook, tick_at, server) values (?, ?, ?)
           on conflict (workbook, tick_at) do nothing`,
        )
        .run(workbook, tickAt, this.server);
      return changes === 1;
    });
  }
}
