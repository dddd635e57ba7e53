/**
 * Renames and moves made through Driftbook, with everything stored about the workbook or the
 * rule following it in the same step. The database keys a workbook by its path (runs, metric
 * points, alert state, online detector state, export cursors, run claims, share links' identity)
 * and a rule by `<path>#<NAME>`, so the file change happens inside the one write transaction that
 * rewrites those keys: either both happen or neither (the file is renamed or replaced last, and
 * a failure to do so rolls the transaction back). Only a commit failing after the file changed
 * could part them, and then the file is the truth, as a move made in a shell would be.
 */
import { moveWorkbookAlerts, renameRuleState, type AlertRenameCounts } from "../alerts/renames.ts";
import { writeTransaction, type Db } from "../store/db.ts";
import type { ShareStore } from "../shares/store.ts";
import type { Workspace } from "./workspace.ts";

/**
 * Tables keyed by the workbook's path, besides alert state and share links: run history and the
 * metric points of its runs, online detectors' state, export cursors and schedule claims. Where
 * the path is part of a primary key, rows left at the new path by a workbook deleted earlier
 * would clash, so they are cleared first; history (runs, points) is kept.
 */
const PATH_KEYED: { table: string; clearTarget: boolean }[] = [
  { table: "driftbook_runs", clearTarget: false },
  { table: "driftbook_metric_points", clearTarget: false },
  { table: "driftbook_online_states", clearTarget: true },
  { table: "driftbook_export_cursors", clearTarget: true },
  { table: "driftbook_run_claims", clearTarget: true },
];

/** How many runs and alert rows followed a move. */
export interface MoveCounts extends AlertRenameCounts {
  runs: number;
}

export class WorkbookMoves {
  constructor(
    private readonly workspace: Workspace,
    private readonly db: Db,
    private readonly shares: ShareStore,
  ) {}

  /**
   * Moves the workbook at `from` to `to` (both inside the workbooks folder; refuses to replace a
   * file) with its runs, metric points, alert state, history and silences, and share links.
   */
  async move(from: string, to: string): Promise<MoveCounts> {
    let counts: MoveCounts | undefined;
    await this.workspace.rename(from, to, (renameFile) => {
      counts = writeTransaction(this.db, () => {
        let runs = 0;
        for (const { table, clearTarget } of PATH_KEYED) {
          if (clearTarget) this.db.prepare(`delete from ${table} where workbook = ?`).run(to);
          const { changes } = this.db.prepare(`update ${table} set workbook = ? where workbook = ?`).run(to, from);
          if (table === "driftbook_runs") runs = changes;
        }
        const alerts = moveWorkbookAlerts(this.db, from, to);
        this.shares.workbookRenamed(from, to);
        renameFile();
        return { runs, ...alerts };
      });
    });
    return counts!;
  }

  /**
   * Renames the alert rule `from` of the workbook at `path` to `to`: `text` is the file with the
   * fence renamed, saved only if the file is still at `version`, and the rule's state, history
   * and silences follow in the same step. Returns the new version and what followed.
   */
  async renameRule(
    path: string,
    change: { from: string; to: string; text: string; version: string },
  ): Promise<{ version: string; moved: AlertRenameCounts }> {
    let moved: AlertRenameCounts | undefined;
    const version = await this.workspace.save(path, change.text, change.version, (replaceFile) => {
      moved = writeTransaction(this.db, () => {
        const counts = renameRuleState(this.db, path, change.from, change.to);
        replaceFile();
        return counts;
      });
    });
    return { version, moved: moved! };
  }
}
