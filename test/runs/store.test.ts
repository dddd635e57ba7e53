import { join } from "node:path";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunStore, type RunTrigger } from "../../server/runs/store.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
import { tempDir } from "../helpers/workbooks.ts";

let db: Db;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  db = openDatabase(join(temp.dir, "driftbook.db"));
});
afterAll(async () => {
  db.close();
  await cleanup();
});

/** A pid no process has: past Linux's largest (pid_max is at most 2^22). */
const DEAD_PID = 2 ** 22 + 1;

describe("RunStore.interruptOrphaned", () => {
  it("interrupts a run whose process is gone from this host, and every server run for the serve holding the file", () => {
    const runs = new RunStore(db);
    const begin = (workbook: string, trigger: RunTrigger, pid: number | null, host: string | null = hostname()) => {
      const id = runs.begin({ workbook, version: "h", params: {}, trigger, production: true, startedAt: 1 });
      db.prepare("update driftbook_runs set pid = ?, hostname = ? where id = ?").run(pid, host, id);
      return id;
    };
    const scheduled = begin("scheduled.md", "schedule", DEAD_PID);
    const otherServer = begin("other-server.md", "schedule", process.pid, "another-host");
    const live = begin("live.md", "cli", process.pid);
    const dead = begin("dead.md", "cli", DEAD_PID);
    const elsewhere = begin("elsewhere.md", "cli", DEAD_PID, "another-host");
    const unknown = begin("old.md", "cli", null, null);
    const status = (id: number) => runs.get(id)!.status;

    // Several servers on one PostgreSQL database: only runs whose process is known to be gone.
    expect(runs.interruptOrphaned({ serverRuns: false })).toEqual([
      `run ${scheduled} of scheduled.md is recorded as interrupted: the process running it stopped (pid ${DEAD_PID}) before it finished`,
      `run ${dead} of dead.md is recorded as interrupted: the process running it stopped (pid ${DEAD_PID}) before it finished`,
      `run ${unknown} of old.md is recorded as interrupted: the process running it stopped before it finished`,
    ]);
    expect([otherServer, live, elsewhere].map(status)).toEqual(["running", "running", "running"]);

    // The one serve of a SQLite file: no other server's run can still be going.
    expect(runs.interruptOrphaned({ serverRuns: true })).toHaveLength(1);
    expect(runs.get(otherServer)).toMatchObject({ status: "interrupted" });
    expect([live, elsewhere].map(status)).toEqual(["running", "running"]);
    expect(runs.interruptOrphaned({ serverRuns: true })).toEqual([]);
  });

  it("records the process that began a run", () => {
    const runs = new RunStore(db);
    const id = runs.begin({
      workbook: "mine.md",
      version: "h",
      params: {},
      trigger: "cli",
      production: true,
      startedAt: 1,
    });
    expect(db.prepare("select pid, hostname from driftbook_runs where id = ?").get(id)).toEqual({
      pid: process.pid,
      hostname: hostname(),
    });
  });
});
