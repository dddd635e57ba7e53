/**
 * `online()` keeps watching across a server restart (issue 21, "Done when"): two real `serve`
 * processes, one after the other, on one SQLite file; run-now runs are production runs, so each
 * stores the detector's state and checkpoint, and the run after the restart feeds only the rows
 * logged since, continuing the detector's time.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRuns } from "../helpers/runs.ts";
import { startServeProcess } from "../helpers/serveProcess.ts";
import { seeded } from "../helpers/profileData.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, {
    "watch.md": workbookText(
      "const random = ((s) => () => (s = (s * 16807) % 2147483647) / 2147483647)(5);\n" +
        "const reference = Array.from({length: 100}, () => ({x: random()}));",
      // ert far above the rows logged (and seeded data): no detection resets the time the test follows.
      'const watch = online("m", "mmd", {column: "x", reference, ert: 400, windowSize: 10, nBootstraps: 4000, seed: 2, state: "x"});',
      'metric("fed", watch.fed); metric("time", watch.latest.time);',
    ),
  });
});
afterAll(() => cleanup());

const random = seeded(21);
async function logRows(url: string, n: number): Promise<void> {
  const body = Array.from({ length: n }, () => JSON.stringify({ features: { x: random() }, prediction: 0 })).join("\n");
  const response = await fetch(`${url}/api/v1/models/m/predictions`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body,
  });
  expect(response.status).toBe(201);
}

/** Starts a run now and waits until the database records it finished. */
async function runNow(url: string, db: string): Promise<void> {
  const before = finishedRuns(db);
  const response = await fetch(`${url}/api/v1/workbooks/watch.md/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  expect(response.status, await response.text()).toBe(201);
  while (finishedRuns(db) === before) await new Promise((resolve) => setTimeout(resolve, 100));
}

function finishedRuns(db: string): number {
  const connection = new Database(db, { readonly: true });
  try {
    return connection.prepare("select count(*) from driftbook_runs where status != 'running'").pluck().get() as number;
  } finally {
    connection.close();
  }
}

/** The recorded values of a metric, oldest first. */
function points(db: string, name: string): number[] {
  const connection = new Database(db, { readonly: true });
  try {
    return connection
      .prepare("select value from driftbook_metric_points where name = ? order by id")
      .pluck()
      .all(name) as number[];
  } finally {
    connection.close();
  }
}

describe("online() across a server restart", () => {
  it("feeds only the rows logged since the last production run, continuing the detector", async () => {
    const db = join(dir, "driftbook.db");
    const first = await startServeProcess(["--db", db, "--workbooks", dir]);
    try {
      await logRows(first.url, 60);
      await runNow(first.url, db);
    } finally {
      await first.stop();
    }
    const second = await startServeProcess(["--db", db, "--workbooks", dir]);
    try {
      await logRows(second.url, 25);
      await runNow(second.url, db);
      await runNow(second.url, db);
    } finally {
      await second.stop();
    }
    expect(readRuns(db).map((run) => run.errors)).toEqual([[], [], []]);
    expect(points(db, "fed")).toEqual([60, 25, 0]);
    expect(points(db, "time")).toEqual([60, 85, 85]);
  });
});
