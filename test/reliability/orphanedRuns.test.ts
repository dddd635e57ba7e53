/**
 * Runs whose process died, against real `driftbook` processes: a run is recorded `running` as
 * it starts, so a process killed with kill -9 leaves it so. The next serve records a dead
 * server's runs as interrupted, naming the process; a `driftbook run` killed on this host is
 * recorded so by the next serve or run, while one that is still going stays `running`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftbook, startDriftbook } from "../helpers/cli.ts";
import { readRuns } from "../helpers/runs.ts";
import { startServeProcess } from "../helpers/serveProcess.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  mkdirSync(join(dir, "workbooks"));
  // The first cell settles at once (`driftbook run` prints it: the run is recorded), the second keeps the run going.
  const slow = workbookText("1 + 1", "await new Promise((resolve) => setTimeout(resolve, 60_000));");
  await writeFiles(dir, {
    "workbooks/slow.md": slow,
    "live.md": slow,
    "killed.md": slow,
    "quick.md": workbookText("1 + 1"),
  });
});
afterAll(() => cleanup());

const serveArgs = (db: string) => ["--db", db, "--workbooks", join(dir, "workbooks")];
const stoppedBy = (pid: number | undefined) => [
  { message: `the process running it stopped (pid ${pid}) before it finished` },
];

/** Starts `driftbook run` on a slow workbook and resolves once its run is recorded and going. */
const startRun = (name: string, db: string) => startDriftbook(["run", join(dir, name), "--db", db], /cell 1 js/);

describe("runs whose process died", () => {
  it("records the run-now of a serve killed with kill -9 as interrupted when the next serve starts", async () => {
    const db = join(dir, "serve.db");
    const first = await startServeProcess(serveArgs(db));
    const exited = new Promise((resolve) => first.child.once("exit", resolve));
    void fetch(`${first.url}/api/v1/workbooks/slow.md/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }).catch(() => undefined);
    await expect.poll(() => readRuns(db).map((run) => run.status), { timeout: 10_000 }).toEqual(["running"]);
    first.child.kill("SIGKILL");
    await exited;
    expect(readRuns(db)).toMatchObject([{ status: "running" }]); // nothing else will ever finish it

    const next = await startServeProcess(serveArgs(db));
    try {
      expect(readRuns(db)).toEqual([
        { workbook: "slow.md", status: "interrupted", errors: stoppedBy(first.child.pid) },
      ]);
      expect(next.output()).toContain(
        `run 1 of slow.md is recorded as interrupted: the process running it stopped (pid ${first.child.pid})`,
      );
    } finally {
      await next.stop();
    }
  }, 60_000);

  it("records a driftbook run killed with kill -9 as interrupted at the next serve, and leaves a live one running", async () => {
    const db = join(dir, "cli.db");
    const live = await startRun("live.md", db);
    try {
      const killed = await startRun("killed.md", db);
      killed.child.kill("SIGKILL");
      await killed.exited;

      const server = await startServeProcess(serveArgs(db));
      try {
        const runs = readRuns(db);
        expect(runs).toHaveLength(2);
        expect(runs).toContainEqual({
          workbook: join(dir, "killed.md"),
          status: "interrupted",
          errors: stoppedBy(killed.child.pid),
        });
        expect(runs).toContainEqual({ workbook: join(dir, "live.md"), status: "running", errors: [] });
      } finally {
        await server.stop();
      }
      expect(live.child.exitCode).toBeNull();
    } finally {
      live.child.kill("SIGTERM");
      await live.exited;
    }
    expect(readRuns(db)).toContainEqual({
      workbook: join(dir, "live.md"),
      status: "interrupted",
      errors: [{ message: "the run was interrupted before it finished: driftbook run received SIGTERM" }],
    });
  }, 60_000);

  it("records a driftbook run killed with kill -9 as interrupted when the next driftbook run starts on this host", async () => {
    const db = join(dir, "next-run.db");
    const killed = await startRun("killed.md", db);
    killed.child.kill("SIGKILL");
    await killed.exited;

    const next = await driftbook(["run", join(dir, "quick.md"), "--db", db]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(
      `run 1 of ${join(dir, "killed.md")} is recorded as interrupted: the process running it stopped (pid ${killed.child.pid})`,
    );
    expect(readRuns(db)).toEqual([
      { workbook: join(dir, "killed.md"), status: "interrupted", errors: stoppedBy(killed.child.pid) },
      { workbook: join(dir, "quick.md"), status: "ok", errors: [] },
    ]);
  }, 60_000);
});
