/**
 * Notices the runs another process records on the server's database (`driftbook run` from cron
 * or CI), so the server can tell the editors of that workbook: as each run starts and as it ends.
 * It is called from PredictionStore.watchOtherWriters' poll of SQLite's data_version, which
 * changes only when another connection commits
 * (https://www.sqlite.org/pragma.html#pragma_data_version), and reads the runs newer than the last
 * seen and those seen running. Another connection is often the server's own writer thread (an
 * ingest), so the runs this process recorded, which it announces itself, are left out by their pid
 * and host name (server/runs/store.ts keeps both).
 */
import { hostname } from "node:os";
import type { Db } from "../store/db.ts";
import { parameterList } from "../store/sqlLists.ts";

interface RunRow {
  id: number;
  workbook: string;
  status: string;
}

/** A reader to call after another connection commits: it calls `changed` with the workbook of each run another process began or finished since the last call. */
export function otherRunsReader(db: Db, changed: (workbook: string) => void): () => void {
  const runsSince = (seenRunning: number) =>
    db.prepare(
      `select id, workbook, status from driftbook_runs
       where (id > ?${seenRunning ? ` or id in (${parameterList(seenRunning)})` : ""})
         and (pid is distinct from ? or hostname is distinct from ?)`,
    );
  let lastId = db.prepare("select coalesce(max(id), 0) from driftbook_runs").pluck().get() as number;
  let running = new Set<number>(
    db.prepare("select id from driftbook_runs where status = 'running'").pluck().all() as number[],
  );
  return () => {
    const rows = runsSince(running.size).all(lastId, ...running, process.pid, hostname()) as RunRow[];
    const workbooks = new Set<string>();
    const stillRunning = new Set<number>();
    for (const { id, workbook, status } of rows) {
      if (status === "running") stillRunning.add(id);
      // A new run, or a run seen running that has ended.
      if (id > lastId || status !== "running") workbooks.add(workbook);
      lastId = Math.max(lastId, id);
    }
    running = stillRunning;
    for (const workbook of workbooks) changed(workbook);
  };
}
