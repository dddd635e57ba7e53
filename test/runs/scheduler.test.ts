import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/compose.ts";
import { Workspace } from "../../server/workspace/workspace.ts";
import { Scheduler } from "../../server/runs/scheduler.ts";
import { RunClaims } from "../../server/runs/runClaims.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
import type { RunRecord, RunTrigger } from "../../server/runs/store.ts";
import type { WorkbookSummary } from "../../server/protocol/index.ts";
import { startTestServer } from "../helpers/server.ts";
import { engineDatabases, ENGINES } from "../helpers/engines.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function serve(files: Record<string, string>): Promise<RunningServer> {
  const { dir, cleanup } = await tempDir();
  await writeFiles(dir, files);
  stops.push(cleanup);
  const server = await startTestServer({ workbooksDir: dir });
  stops.push(() => server.close());
  return server;
}

async function runsOf(server: RunningServer, path: string): Promise<RunRecord[]> {
  const body = (await (await fetch(`${server.url}/api/v1/workbooks/${path}/runs`)).json()) as { runs: RunRecord[] };
  return body.runs;
}

/** Tick claims on a fresh database of their own, closed after the test. */
async function claimsOnNewDatabase(): Promise<RunClaims> {
  const { dir, cleanup } = await tempDir();
  stops.push(cleanup);
  return new RunClaims(connection(join(dir, "driftbook.db")), "test-server");
}

/** A connection of its own to the database at `path` (as each server has), closed after the test. */
function connection(path: string): Db {
  const db = openDatabase(path);
  stops.push(async () => void db.close());
  return db;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the workbook's runs until `enough` says so; each headless run starts a fresh worker. */
async function waitForRuns(
  server: RunningServer,
  path: string,
  enough: (runs: RunRecord[]) => boolean,
  timeoutMs = 25_000,
): Promise<RunRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await runsOf(server, path);
    if (enough(runs) || Date.now() > deadline) return runs;
    await sleep(250);
  }
}

describe("the scheduler", () => {
  const databases = Object.fromEntries(ENGINES.map((engine) => [engine, engineDatabases(engine)]));

  it("runs a workbook scheduled every second several times in a few seconds", async () => {
    const server = await serve({ "tick.md": '---\nschedule: "* * * * * *"\n---\n\n' + workbookText("1 + 1") });
    const ok = (runs: RunRecord[]) => runs.filter((run) => run.status === "ok");
    const runs = ok(await waitForRuns(server, "tick.md", (runs) => ok(runs).length >= 3));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((run) => run.trigger === "schedule")).toBe(true);
  }, 30_000);

  it("skips ticks while a slow run is going, and never overlaps runs", async () => {
    const slow = "await new Promise((resolve) => setTimeout(resolve, 2500));";
    const server = await serve({ "slow.md": '---\nschedule: "* * * * * *"\n---\n\n' + workbookText(slow) });
    const runs = await waitForRuns(server, "slow.md", (runs) => runs.filter((run) => run.status === "ok").length >= 2);
    expect(runs.filter((run) => run.status === "skipped").length).toBeGreaterThanOrEqual(2);
    const done = runs.filter((run) => run.status === "ok").sort((a, b) => a.startedAt - b.startedAt);
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < done.length; i++)
      expect(done[i].startedAt).toBeGreaterThanOrEqual(done[i - 1].startedAt + done[i - 1].durationMs);
  }, 30_000);

  it("shows an invalid schedule as an error on that workbook, and the server still starts", async () => {
    const server = await serve({
      "bad.md": '---\nschedule: "every minute"\n---\n\n' + workbookText("1"),
      "tz.md": '---\nschedule: {cron: "0 * * * *", tz: Mars/Base}\n---\n\n' + workbookText("1"),
      "good.md": '---\nschedule: {cron: "0 * * * *", tz: Europe/Paris}\ntimeout: 5m\n---\n\n' + workbookText("1"),
    });
    const list = (await (await fetch(`${server.url}/api/v1/workbooks`)).json()) as WorkbookSummary[];
    const byPath = Object.fromEntries(list.map((summary) => [summary.path, summary]));
    expect(byPath["bad.md"].scheduleError).toMatch(/invalid schedule "every minute"/);
    expect(byPath["tz.md"].scheduleError).toMatch(/Mars\/Base/);
    expect(byPath["good.md"]).toMatchObject({ schedule: "0 * * * *" });
    expect(byPath["good.md"].scheduleError).toBeUndefined();
  });

  it("after downtime runs one catch-up run, not one per missed tick, and follows schedule changes", async () => {
    const { dir, cleanup } = await tempDir();
    stops.push(cleanup);
    await writeFiles(dir, {
      "hourly.md": '---\nschedule: "0 * * * *"\n---\n\n' + workbookText("1"),
      "never-ran.md": '---\nschedule: "0 * * * *"\n---\n\n' + workbookText("1"),
    });
    const started: string[] = [];
    const runner = {
      run: async (path: string, trigger: RunTrigger) => {
        started.push(`${path} ${trigger}`);
        return {} as RunRecord;
      },
      isRunning: () => false,
      isRunningElsewhere: () => false,
      idle: async () => undefined,
      recordSkipped: () => ({}) as RunRecord,
    };
    const now = Date.parse("2026-03-02T12:30:00Z");
    const scheduler = new Scheduler({
      workspace: new Workspace(dir),
      runner,
      claims: await claimsOnNewDatabase(),
      lastStart: (path) => (path === "hourly.md" ? Date.parse("2026-03-01T08:00:00Z") : undefined),
      now: () => now,
      setInterval: () => 0,
      clearInterval: () => undefined,
    });
    stops.push(async () => scheduler.stop());
    await scheduler.start();
    expect(started).toEqual(["hourly.md schedule"]);
    scheduler.fileChanged("hourly.md", '---\nschedule: "every hour"\n---\n\n' + workbookText("1"));
    expect(scheduler.errors.get("hourly.md")).toMatch(/invalid schedule/);
    expect(started).toHaveLength(1);
  });

  it("catches up a missed tick once when several servers on one database start together", async () => {
    const { dir, cleanup } = await tempDir();
    stops.push(cleanup);
    await writeFiles(dir, { "hourly.md": '---\nschedule: "0 * * * *"\n---\n\n' + workbookText("1") });
    const started: string[] = [];
    const skipped: string[] = [];
    const scheduler = (server: string, elsewhere: boolean) =>
      new Scheduler({
        workspace: new Workspace(dir),
        runner: {
          run: async (path) => (started.push(`${path} on ${server}`), {} as RunRecord),
          isRunning: () => false,
          isRunningElsewhere: () => elsewhere,
          idle: async () => undefined,
          recordSkipped: (path) => (skipped.push(`${path} on ${server}`), {} as RunRecord),
        },
        claims: new RunClaims(connection(join(dir, "shared.db")), server),
        lastStart: () => Date.parse("2026-03-01T08:00:00Z"),
        now: () => Date.parse("2026-03-02T12:30:00Z"),
        setInterval: () => 0,
        clearInterval: () => undefined,
      });
    for (const server of ["a", "b", "c"]) {
      const each = scheduler(server, false);
      await each.start();
      each.stop();
    }
    expect(started).toEqual(["hourly.md on a"]);
    // Another server still runs the workbook: the tick this one claims is recorded as skipped.
    const late = scheduler("d", true);
    late.fileChanged("later.md", '---\nschedule: "30 * * * *"\n---\n\n' + workbookText("1"));
    late.stop();
    expect(skipped).toEqual(["later.md on d"]);
    expect(started).toEqual(["hourly.md on a"]);
  });

  it.each(ENGINES)(
    "on %s, runs each tick of an every-second schedule once across servers on one database",
    async (engine) => {
      const { dir, cleanup } = await tempDir();
      stops.push(cleanup);
      await writeFiles(dir, { "tick.md": '---\nschedule: "* * * * * *"\n---\n\n' + workbookText("1") });
      const location = await databases[engine].location();
      const ticks: string[] = [];
      const schedulers = ["a", "b", "c"].map(
        (server) =>
          new Scheduler({
            workspace: new Workspace(dir),
            runner: {
              run: async () => (ticks.push(`${Math.floor(Date.now() / 1000)} ${server}`), {} as RunRecord),
              isRunning: () => false,
              isRunningElsewhere: () => false,
              idle: async () => undefined,
              recordSkipped: () => expect.fail("no run is going"),
            },
            claims: new RunClaims(connection(location), server),
            lastStart: () => undefined,
          }),
      );
      for (const scheduler of schedulers) {
        await scheduler.start();
        stops.push(async () => scheduler.stop());
      }
      await sleep(4500);
      for (const scheduler of schedulers) scheduler.stop();
      const seconds = ticks.map((tick) => tick.split(" ")[0]);
      expect(seconds.length).toBeGreaterThanOrEqual(4);
      expect(new Set(seconds).size).toBe(seconds.length);
    },
    30_000,
  );

  it("reports a tick it cannot claim (the database is unreachable) and carries on", async () => {
    const { dir, cleanup } = await tempDir();
    stops.push(cleanup);
    await writeFiles(dir, { "hourly.md": '---\nschedule: "0 * * * *"\n---\n\n' + workbookText("1") });
    const db = openDatabase(join(dir, "gone.db"));
    db.close();
    const errors: string[] = [];
    const scheduler = new Scheduler({
      workspace: new Workspace(dir),
      runner: {
        run: async () => expect.fail("a tick nobody claimed must not run"),
        isRunning: () => false,
        isRunningElsewhere: () => false,
        idle: async () => undefined,
        recordSkipped: () => expect.fail("nor be recorded"),
      },
      claims: new RunClaims(db, "test-server"),
      lastStart: () => Date.parse("2026-03-01T08:00:00Z"),
      now: () => Date.parse("2026-03-02T12:30:00Z"),
      setInterval: () => 0,
      clearInterval: () => undefined,
      onError: (message, error) => errors.push(`${message}: ${(error as Error).message}`),
    });
    await scheduler.start();
    scheduler.stop();
    expect(errors).toEqual([expect.stringMatching(/^the scheduled run of hourly.md: .*not open/)]);
  });

  it("reads a schedule's time zone: 09:00 in New York is 14:00 UTC in winter", async () => {
    const { dir, cleanup } = await tempDir();
    stops.push(cleanup);
    const schedule = (tz?: string) =>
      `---\nschedule: ${JSON.stringify(tz ? { cron: "0 9 * * *", tz } : "0 9 * * *")}\n---\n\n` + workbookText("1");
    await writeFiles(dir, { "ny.md": schedule("America/New_York"), "utc.md": schedule() });
    const caughtUp = async (now: string) => {
      const started: string[] = [];
      const scheduler = new Scheduler({
        workspace: new Workspace(dir),
        runner: {
          run: async (path) => (started.push(path), {} as RunRecord),
          isRunning: () => false,
          isRunningElsewhere: () => false,
          idle: async () => undefined,
          recordSkipped: () => ({}) as RunRecord,
        },
        claims: await claimsOnNewDatabase(),
        lastStart: () => Date.parse("2026-11-25T14:05:00Z"),
        now: () => Date.parse(now),
        setInterval: () => 0,
        clearInterval: () => undefined,
      });
      await scheduler.start();
      scheduler.stop();
      return started.sort();
    };
    // Last run 09:05 New York time yesterday: at 13:30 UTC (08:30 there) New York's 09:00 has not come yet.
    expect(await caughtUp("2026-11-26T13:30:00Z")).toEqual(["utc.md"]);
    expect(await caughtUp("2026-11-26T14:30:00Z")).toEqual(["ny.md", "utc.md"]);
  });

  it("ticks a schedule with a time zone", async () => {
    const server = await serve({
      "kathmandu.md": '---\nschedule: {cron: "* * * * * *", tz: "Asia/Kathmandu"}\n---\n\n' + workbookText("1"),
    });
    const runs = await waitForRuns(server, "kathmandu.md", (runs) => runs.some((run) => run.status === "ok"));
    expect(runs.find((run) => run.status === "ok")).toMatchObject({ trigger: "schedule" });
  }, 30_000);
});
