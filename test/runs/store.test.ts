import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { RunStore, type RunTrigger } from "../../server/runs/store.ts";
import { ENGINES, openedDatabase } from "../helpers/engines.ts";

/** A pid no process has: past Linux's largest (pid_max is at most 2^22). */
const DEAD_PID = 2 ** 22 + 1;

describe.each(ENGINES)("RunStore on %s", (engine) => {
  const database = openedDatabase(engine, "all");

  it("records a run as it begins and completes it with its metric points; lists runs newest first", () => {
    const runs = new RunStore(database.db);
    const started = { workbook: "life.md", version: "h1", params: { window: "24h" }, trigger: "schedule" as const };
    const first = runs.begin({ ...started, production: true, startedAt: 1000 });
    expect(runs.get(first)).toMatchObject({
      id: first,
      status: "running",
      production: true,
      params: { window: "24h" },
    });
    expect(runs.lastStart("life.md")).toBe(1000);
    const finished = {
      ...started,
      production: true,
      startedAt: 1000,
      gitCommit: "abc123",
      durationMs: 25,
      status: "ok" as const,
      cells: [],
      errors: [],
      alerts: [],
    };
    runs.finish(first, finished, [{ name: "share", labels: { model: "credit" }, value: 0.25, at: 1010 }]);
    const second = runs.insert({ ...finished, production: false, asOf: 500, startedAt: 2000, status: "skipped" });

    expect(runs.get(first)).toEqual({
      ...finished,
      id: first,
      version: "h1",
      server: hostname(),
    });
    expect(runs.get(second)).toMatchObject({ production: false, asOf: 500, status: "skipped" });
    expect(runs.list("life.md", { limit: 1 })).toEqual({ runs: [runs.get(second)], total: 2 });
    expect(runs.list("life.md", { limit: 1, offset: 1 }).runs.map((run) => run.id)).toEqual([first]);
    expect(runs.lastStart("life.md")).toBe(1000); // a skipped run does not count
    expect(runs.lastStart("never.md")).toBeUndefined();
    expect(database.db.prepare("select run_id, name, labels, value, at from driftbook_metric_points").all()).toEqual([
      { run_id: first, name: "share", labels: '{"model":"credit"}', value: 0.25, at: 1010 },
    ]);
  });

  it("interrupts a run whose process is gone from this host, and every server run for the serve holding the file", () => {
    const runs = new RunStore(database.db);
    const begin = (workbook: string, trigger: RunTrigger, pid: number | null, host: string | null = hostname()) => {
      const id = runs.begin({ workbook, version: "h", params: {}, trigger, production: true, startedAt: 1 });
      database.db.prepare("update driftbook_runs set pid = ?, hostname = ? where id = ?").run(pid, host, id);
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
    const runs = new RunStore(database.db);
    const id = runs.begin({
      workbook: "mine.md",
      version: "h",
      params: {},
      trigger: "cli",
      production: true,
      startedAt: 1,
    });
    expect(database.db.prepare("select pid, hostname from driftbook_runs where id = ?").get(id)).toEqual({
      pid: process.pid,
      hostname: hostname(),
    });
  });

  describe("with several servers on one database", () => {
    const begin = (runs: RunStore, workbook: string, startedAt = 1) =>
      runs.begin({ workbook, version: "h", params: {}, trigger: "schedule", production: true, startedAt });

    it("records which server ran each run, and a `driftbook run`'s host", () => {
      const scheduled = begin(new RunStore(database.db, "server-a"), "named.md");
      const cli = new RunStore(database.db).begin({
        workbook: "named.md",
        version: "h",
        params: {},
        trigger: "cli",
        production: true,
        startedAt: 1,
      });
      expect(new RunStore(database.db).get(scheduled)?.server).toBe("server-a");
      expect(new RunStore(database.db).get(cli)?.server).toBe(hostname());
    });

    it("sees a workbook's run going in another process, within the run timeout only", () => {
      const runs = new RunStore(database.db, "server-a");
      const id = begin(runs, "across.md", 10_000);
      expect(runs.isRunningElsewhere("across.md", 0)).toBe(false); // this process's own run
      database.db.prepare("update driftbook_runs set pid = ? where id = ?").run(DEAD_PID, id);
      expect(runs.isRunningElsewhere("across.md", 0)).toBe(true);
      expect(runs.isRunningElsewhere("across.md", 10_001)).toBe(false); // started before the timeout: its process died
      expect(runs.isRunningElsewhere("other.md", 0)).toBe(false);
    });
  });
});
