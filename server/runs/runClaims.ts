/**
 * Which server makes a run that every server is asked for. Several servers on one database
 * each keep every workbook's schedule and data trigger, so each schedule tick fires on all of
 * them, and each batch wakes the `on: data` workbooks on all of them; the first server to insert
 * the run's row — workbook, trigger, and its time slot (the tick's scheduled time; for data runs
 * the start of the `every` interval) — makes the run and the others let it go. A row claim
 * rather than an advisory lock, so it works the same on SQLite and PostgreSQL, outlives the run,
 * and shows in the table which server took which slot. A catch-up run after downtime claims the
 * missed tick's time, so servers starting together catch up once. Claims older than a day are
 * pruned as new ones come: a slot is only ever claimed around its own time.
 */
import { writeTransaction, type Db } from "../store/db.ts";
import type { RunTrigger } from "./store.ts";

const KEEP_CLAIMS_MS = 86_400_000;

/** The runs that every server is asked for. */
export type SharedTrigger = Extract<RunTrigger, "schedule" | "data">;

export class RunClaims {
  constructor(
    private readonly db: Db,
    /** This server's name (`--server-name`), recorded with each slot it claims. */
    private readonly server: string,
  ) {}

  /** True when this server claimed `workbook`'s `trigger` run of the slot at `slotAt` (epoch ms); false when another did. */
  claim(workbook: string, trigger: SharedTrigger, slotAt: number): boolean {
    return writeTransaction(this.db, () => {
      this.db
        .prepare("delete from driftbook_run_claims where workbook = ? and trigger = ? and slot_at < ?")
        .run(workbook, trigger, slotAt - KEEP_CLAIMS_MS);
      const { changes } = this.db
        .prepare(
          `insert into driftbook_run_claims (workbook, trigger, slot_at, server) values (?, ?, ?, ?)
           on conflict (workbook, trigger, slot_at) do nothing`,
        )
        .run(workbook, trigger, slotAt, this.server);
      return changes === 1;
    });
  }
}
