/**
 * otherRunsReader tells of the runs another process records on the same database, as each
 * starts and ends, and never of this process's own, which the server announces itself (an
 * ingest on the writer thread commits on another connection too, and used to make them look
 * like another process's).
 */
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { otherRunsReader } from "../../server/runs/otherRuns.ts";
import { RunStore } from "../../server/runs/store.ts";
import { openDatabase } from "../../server/store/db.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";

const started = (workbook: string) => ({
  workbook,
  version: "v",
  params: {},
  trigger: "cli" as const,
  production: true,
  startedAt: 1,
});

describe.each(ENGINES)("otherRunsReader on %s", (engine) => {
  const databases = engineDatabases(engine);
  it("tells of another process's run as it starts and as it ends, and never of this process's runs", async () => {
    const location = await databases.location();
    const db = openDatabase(location);
    // Another process: its own connection, and its pid and host name on the rows it writes.
    const other = openDatabase(location);
    try {
      const told: string[] = [];
      const read = otherRunsReader(db, (workbook) => told.push(workbook));
      const ours = new RunStore(db);
      const own = ours.begin(started("own.md"));
      const insert = other
        .prepare(
          `insert into driftbook_runs (workbook, content_hash, params, trigger, production, started_at, duration_ms, status, cells, errors, alerts, pid, hostname)
           values (?, 'v', '{}', 'cli', 1, 1, 0, 'running', '[]', '[]', '[]', ?, ?) returning id`,
        )
        .pluck();
      const id = insert.get("cron.md", process.pid + 1, hostname()) as number;
      insert.get("elsewhere.md", process.pid, "another-host");
      read();
      expect(told.sort()).toEqual(["cron.md", "elsewhere.md"]);
      told.length = 0;
      ours.finish(own, { ...started("own.md"), durationMs: 1, status: "ok", cells: [], errors: [], alerts: [] });
      other.prepare("update driftbook_runs set status = 'ok' where id = ?").run(id);
      read();
      expect(told).toEqual(["cron.md"]);
      told.length = 0;
      read();
      expect(told).toEqual([]);
    } finally {
      other.close();
      db.close();
    }
  });
});
