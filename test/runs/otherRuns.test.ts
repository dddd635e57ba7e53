/**
 * otherRunsReader tells of the runs another process records on the same SQLite file, as each
 * starts and ends, and never of this process's own, which the server announces itself (an
 * ingest on the writer thread commits on another connection too, and used to make them look
 * like another process's).
 */
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { otherRunsReader } from "../../server/runs/otherRuns.ts";
import { RunStore } from "../../server/runs/store.ts";
import { openDatabase } from "../../server/store/db.ts";
import { suiteDatabase } from "../helpers/database.ts";

const suite = suiteDatabase();

const started = (workbook: string) => ({
  workbook,
  version: "v",
  params: {},
  trigger: "cli" as const,
  production: true,
  startedAt: 1,
});

describe("otherRunsReader", () => {
  it("tells of another process's run as it starts and as it ends, and never of this process's runs", () => {
    const told: string[] = [];
    const read = otherRunsReader(suite.db, (workbook) => told.push(workbook));
    const ours = new RunStore(suite.db);
    const own = ours.begin(started("own.md"));
    // Another process: its own connection, and its pid and host name on the rows it writes.
    const other = openDatabase(join(suite.dir, "driftbook.db"));
    try {
      const insert = other.prepare(
        `insert into driftbook_runs (workbook, content_hash, params, trigger, production, started_at, duration_ms, status, cells, errors, alerts, pid, hostname)
         values (?, 'v', '{}', 'cli', 1, 1, 0, 'running', '[]', '[]', '[]', ?, ?)`,
      );
      const id = Number(insert.run("cron.md", process.pid + 1, hostname()).lastInsertRowid);
      insert.run("elsewhere.md", process.pid, "another-host");
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
    }
  });
});
