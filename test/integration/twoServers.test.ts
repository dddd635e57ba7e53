/**
 * Two `driftbook serve` processes on one PostgreSQL database, as behind a load balancer: each
 * schedule tick runs once, a batch logged through one server re-runs the workbook open in a
 * browser on the other (LISTEN/NOTIFY), and a rule both servers evaluate at once notifies once.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../server/protocol/index.ts";
import { startReceiver, type Receiver } from "../alerts/receiver.ts";
import { cell } from "../e2e/app.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { sharedPostgres } from "../helpers/engines.ts";
import { startServeProcess, type ServeProcess } from "../helpers/serveProcess.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

const EVENTUALLY = { timeout: 15_000, interval: 200 };

let dir: string;
let cleanup: () => Promise<void>;
let receiver: Receiver;
let servers: ServeProcess[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  receiver = await startReceiver();
  const config = join(dir, "driftbook.config.json");
  await writeFile(config, JSON.stringify({ channels: { oncall: { type: "webhook", url: receiver.url } } }));
  const workbooks = join(dir, "workbooks");
  await mkdir(workbooks);
  await writeFiles(workbooks, {
    "tick.md": '---\nschedule: "* * * * * *"\n---\n\n' + workbookText("1 + 1"),
    "live.md": workbookText("```sql rows\nselect x from scores order by x\n```"),
    // Fires at its first production run, whichever server runs it.
    "alert.md":
      "---\nparams:\n  x: 2\n---\n\n" + workbookText("```alert high\nwhen: params.x > 1\nnotify: [oncall]\n```"),
  });
  const url = await (await sharedPostgres()).createDatabase();
  const serve = (name: string) =>
    startServeProcess(["--workbooks", workbooks, "--db", url, "--config", config, "--server-name", name]);
  // Both at once, as a deployment starts them: migrations and catch-up must not collide.
  servers = await Promise.all([serve("server-a"), serve("server-b")]);
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await receiver?.stop();
  await cleanup?.();
});

async function runsOf(server: ServeProcess, path: string): Promise<RunRecord[]> {
  const response = await fetch(`${server.url}/api/v1/workbooks/${path}/runs?limit=200`);
  return ((await response.json()) as { runs: RunRecord[] }).runs;
}

async function log(server: ServeProcess, rows: unknown[]): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/models/scores/predictions`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: rows.map((row) => JSON.stringify(row)).join("\n"),
  });
  expect(response.status, await response.text()).toBe(201);
}

describe("two servers on one PostgreSQL", () => {
  it("runs each tick of a schedule every second once, on one server or the other, and shows which", async () => {
    const [a, b] = servers;
    await expect.poll(async () => (await runsOf(a, "tick.md")).length, EVENTUALLY).toBeGreaterThanOrEqual(6);
    const runs = await runsOf(b, "tick.md"); // any server shows the whole history
    expect(runs.every((run) => run.trigger === "schedule")).toBe(true);
    expect(new Set(runs.map((run) => run.server))).toSatisfy((names: Set<string | undefined>) =>
      [...names].every((name) => name === "server-a" || name === "server-b"),
    );
    // One run per tick: their starts fall in distinct seconds.
    const seconds = runs.map((run) => Math.floor(run.startedAt / 1000));
    expect(new Set(seconds).size).toBe(seconds.length);
  }, 30_000);

  it("re-runs a workbook open in a browser on server B when a batch is logged through server A", async () => {
    const [a, b] = servers;
    await log(
      a,
      [1, 2, 3].map((x) => ({ features: { x }, prediction: 0 })),
    );
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${b.url}/w/live.md`);
      const note = cell(page, 0).locator(".note");
      await expect.poll(() => note.textContent(), EVENTUALLY).toBe("3 rows");
      const logged = Date.now();
      await log(
        a,
        [4, 5].map((x) => ({ features: { x }, prediction: 0 })),
      );
      await expect.poll(() => note.textContent(), EVENTUALLY).toBe("5 rows");
      expect(Date.now() - logged).toBeLessThan(5000);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("notifies once when both servers evaluate the same rule at once", async () => {
    const [a, b] = servers;
    const runNow = (server: ServeProcess) =>
      fetch(`${server.url}/api/v1/workbooks/alert.md/runs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({}),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as RunRecord }));
    const [first, second] = await Promise.all([runNow(a), runNow(b)]);
    expect([first.status, second.status]).toEqual([201, 201]);
    const transitions = [...first.body.alerts, ...second.body.alerts].filter((alert) => alert.to === "firing");
    expect(transitions).toHaveLength(1);
    await expect.poll(() => receiver.delivered().length, EVENTUALLY).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // and no second one comes
    expect(receiver.delivered()).toHaveLength(1);
  }, 60_000);
});
