/**
 * Storage faults, as an operator meets them, against real `driftbook` processes: damaged,
 * foreign, truncated, locked or missing database files are refused at start in one line that
 * names the path, with no stack trace; a database file removed under a running server turns
 * /healthz to 503; runs cut short by a shutdown are recorded as interrupted.
 */
import { chmodSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftbook, startDriftbook, type CliResult } from "../helpers/cli.ts";
import { writeCorruptDatabase, writeDatabase, writeTextFile, writeTruncatedDatabase } from "../helpers/damagedDb.ts";
import type { RunPage } from "../../server/protocol/index.ts";
import { readRuns } from "../helpers/runs.ts";
import { startServeProcess } from "../helpers/serveProcess.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  mkdirSync(join(dir, "workbooks"));
  await writeFiles(dir, {
    "workbooks/quick.md": workbookText("1 + 1"),
    "batch.csv": "id,age,prediction\nr1,30,1\n",
    // The first cell settles at once (the CLI prints it), the second keeps the run going.
    "slow.md": workbookText("1 + 1", "await new Promise((resolve) => setTimeout(resolve, 60_000));"),
    "workbooks/slow.md": workbookText("await new Promise((resolve) => setTimeout(resolve, 60_000));"),
    // Runs on new data: quick while the model has one row; the run that the second row causes keeps going.
    "workbooks/stream.md":
      "---\non: data\nevery: 0ms\n---\n\n" +
      workbookText(
        "```sql counted\nselect count(*) as n from live\n```",
        'counted.get("n", 0) > 1 ? await new Promise((resolve) => setTimeout(resolve, 60_000)) : "quiet"',
      ),
  });
});
afterAll(() => cleanup());

/** The command failed with one line naming the database and why, and no stack trace. */
function expectRefused(result: CliResult, path: string, reason: RegExp): void {
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.stderr).toMatch(new RegExp(`^driftbook \\w+: cannot open ${path}: `));
  expect(result.stderr).toMatch(reason);
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

const serveArgs = (db: string, ...more: string[]) => [
  "serve",
  "--port",
  "0",
  "--db",
  db,
  "--workbooks",
  join(dir, "workbooks"),
  ...more,
];

describe("a database that cannot be used is refused at start", () => {
  it("refuses corrupt pages found by quick_check (serve) and integrity_check (--check-db full)", async () => {
    const path = join(dir, "corrupt.db");
    writeCorruptDatabase(path);
    expectRefused(
      await driftbook(serveArgs(path)),
      path,
      /quick_check found damage: .*page \d+.*; restore it from a backup, or move it aside/,
    );
    expectRefused(await driftbook(serveArgs(path, "--check-db", "full")), path, /integrity_check found damage: /);
    expectRefused(
      await driftbook(["run", join(dir, "workbooks/quick.md"), "--db", path]),
      path,
      /quick_check found damage/,
    );
  });

  it("refuses a text file, a truncated database and a directory from every command that opens the database", async () => {
    const text = join(dir, "text.db");
    writeTextFile(text);
    const truncated = join(dir, "truncated.db");
    writeTruncatedDatabase(truncated);
    const folder = join(dir, "folder.db");
    mkdirSync(folder);
    const commands = (db: string) => [
      serveArgs(db),
      ["run", join(dir, "workbooks/quick.md"), "--db", db],
      ["log", "m", join(dir, "batch.csv"), "--db", db],
      ["reference", "m", join(dir, "batch.csv"), "--db", db],
      ["demo", "--db", db],
    ];
    const cases: [string, RegExp][] = [
      [text, /the file is not a SQLite database/],
      [truncated, /the database is damaged \(database disk image is malformed\)/],
      [folder, /it is a directory, not a database file; give --db the path of a database file/],
    ];
    for (const [path, reason] of cases) {
      const results = await Promise.all(commands(path).map((args) => driftbook(args)));
      for (const result of results) expectRefused(result, path, reason);
    }
  });

  it("refuses a path whose folder cannot be created", async () => {
    const text = join(dir, "plain.txt");
    writeTextFile(text);
    expectRefused(
      await driftbook(["log", "m", join(dir, "batch.csv"), "--db", join(text, "x.db")]),
      join(text, "x.db"),
      /its folder cannot be created \(ENOTDIR\)/,
    );
  });

  it("refuses a database another process holds an exclusive lock on, after the busy timeout", async () => {
    const path = join(dir, "locked.db");
    writeDatabase(path, 10);
    const holder = new Database(path);
    holder.pragma("locking_mode = EXCLUSIVE");
    holder.exec("begin exclusive; commit"); // keeps the lock until the connection closes
    try {
      expectRefused(
        await driftbook(["log", "m", join(dir, "batch.csv"), "--db", path]),
        path,
        /it is locked .*another process holds a lock on it/,
      );
    } finally {
      holder.close();
    }
  });

  // Root reads any file whatever its mode, so an unreadable file cannot be made here as root;
  // the lock above is the fault that stops root too.
  it.skipIf(process.getuid?.() === 0)("refuses a file it has no permission to read", async () => {
    const path = join(dir, "private.db");
    writeDatabase(path, 10);
    chmodSync(path, 0o000);
    try {
      expectRefused(await driftbook(["log", "m", join(dir, "batch.csv"), "--db", path]), path, /no permission/);
    } finally {
      chmodSync(path, 0o600);
    }
  });
});

describe("faults under a running server", () => {
  it("answers 503 on /healthz, naming the cause, once the database file is removed", async () => {
    const path = join(dir, "live.db");
    const { child, url } = await startServeProcess(["--db", path, "--workbooks", join(dir, "workbooks")]);
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      rmSync(path);
      const response = await fetch(`${url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        ok: false,
        error: `the database file ${path} was removed while the server had it open; restart the server`,
      });
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("records a run-now cut short by SIGTERM to the server as interrupted, with the reason", async () => {
    const path = join(dir, "shutdown.db");
    const { child, url } = await startServeProcess(["--db", path, "--workbooks", join(dir, "workbooks")]);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const runNow = fetch(`${url}/api/v1/workbooks/slow.md/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the request reaches the runner long before this
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await runNow;
    const runs = readRuns(path);
    expect(runs).toEqual([
      {
        workbook: "slow.md",
        status: "interrupted",
        errors: [{ message: "the run was interrupted before it finished: the server shut down" }],
      },
    ]);
  });

  it("records a run on new data (`on: data`) cut short by SIGTERM to the server as interrupted, with the reason", async () => {
    const path = join(dir, "data-shutdown.db");
    const { child, url } = await startServeProcess(["--db", path, "--workbooks", join(dir, "workbooks")]);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const log = (id: string) =>
      fetch(`${url}/api/v1/models/live/predictions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([{ id, features: { x: 1 }, prediction: 0 }]),
      });
    const statuses = async () =>
      ((await (await fetch(`${url}/api/v1/workbooks/stream.md/runs`)).json()) as RunPage).runs.map((run) => run.status);
    expect((await log("first")).status).toBe(201);
    await expect.poll(statuses, { timeout: 15_000 }).toEqual(["ok"]);
    expect((await log("second")).status).toBe(201);
    await expect.poll(statuses, { timeout: 15_000 }).toEqual(["running", "ok"]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // its cells are running
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(readRuns(path)).toEqual([
      { workbook: "stream.md", status: "ok", errors: [] },
      {
        workbook: "stream.md",
        status: "interrupted",
        errors: [{ message: "the run was interrupted before it finished: the server shut down" }],
      },
    ]);
  });

  it("records a driftbook run stopped by SIGTERM as interrupted and exits 143", async () => {
    const path = join(dir, "cli.db");
    const run = await startDriftbook(["run", join(dir, "slow.md"), "--db", path], /cell 1 js/);
    run.child.kill("SIGTERM");
    expect(await run.exited, run.stderr()).toBe(143);
    expect(run.stdout()).toMatch(/^interrupted: 1 of 2 cells fulfilled/m);
    expect(readRuns(path)).toEqual([
      {
        workbook: join(dir, "slow.md"),
        status: "interrupted",
        errors: [{ message: "the run was interrupted before it finished: driftbook run received SIGTERM" }],
      },
    ]);
  });
});
