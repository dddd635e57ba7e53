import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookBody } from "../../server/alerts/payloads.ts";
import type { StoredAlertTransition, RunPage, RunRecord } from "../../server/protocol/index.ts";
import { startReceiver, type Receiver } from "../alerts/receiver.ts";
import { driftbook } from "../helpers/cli.ts";
import { startServeProcess, type ServeProcess } from "../helpers/serveProcess.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

/**
 * Notifications against real processes: `driftbook serve` and `driftbook run` children, with
 * webhook receivers in this process that can be down (connections refused) or hang (never
 * answer). Delivery retries from the outbox, never from the run.
 */
let dir: string;
let cleanup: () => Promise<void>;
let receiver: Receiver;
let hanging: Receiver;
let dead: Receiver;
let config: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  receiver = await startReceiver();
  hanging = await startReceiver();
  hanging.hang(true);
  dead = await startReceiver();
  await dead.stop();
  config = join(dir, "driftbook.config.json");
  const channel = (url: string) => ({ type: "webhook", url });
  await writeFile(
    config,
    JSON.stringify({
      channels: { oncall: channel(receiver.url), hanging: channel(hanging.url), dead: channel(dead.url) },
    }),
  );
});
afterAll(async () => {
  await Promise.all([receiver.stop(), hanging.stop()]);
  await cleanup();
});

/**
 * A workbook whose alert fires while `params.x > 1` and notifies `channel`. Runs with other
 * params than the front matter's are what-ifs, so these runs ask for production (`alerts`).
 */
const toggle = (channel: string) =>
  "---\nparams:\n  x: 0\n---\n\n" + workbookText(`\`\`\`alert high\nwhen: params.x > 1\nnotify: [${channel}]\n\`\`\``);

async function api<T>(server: ServeProcess, path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as T };
}

const runNow = (server: ServeProcess, path: string, params: Record<string, unknown> = {}) =>
  api<RunRecord & { error?: string; runId?: number }>(server, `/api/v1/workbooks/${path}/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ params, alerts: true }),
  });

const history = async (server: ServeProcess, workbook: string) =>
  (await api<{ entries: StoredAlertTransition[] }>(server, `/api/v1/alerts/history?workbook=${workbook}`)).body.entries;

describe("notifications from driftbook serve", () => {
  let server: ServeProcess;
  let folder: string;
  beforeAll(async () => {
    folder = join(dir, "served");
    await mkdir(folder);
    await writeFiles(folder, {
      "toggle.md": toggle("oncall"),
      "slow.md": workbookText("await new Promise((resolve) => setTimeout(resolve, 3000));"),
    });
    server = await startServeProcess([
      "--workbooks",
      folder,
      "--db",
      join(dir, "served.db"),
      "--config",
      config,
      "--notify-backoff",
      "0.1",
    ]);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it("delivers a resolved notification that failed once the receiver is back, without another change of state", async () => {
    expect((await runNow(server, "toggle.md", { x: 2 })).status).toBe(201);
    await expect
      .poll(() => receiver.delivered().map((request) => (request.body as WebhookBody).status))
      .toEqual(["firing"]);
    await expect.poll(async () => (await history(server, "toggle.md"))[0].notification).toBe("sent");

    await receiver.stop();
    const resolving = await runNow(server, "toggle.md", { x: 0 });
    expect(resolving.body).toMatchObject({
      status: "ok",
      alerts: [{ from: "firing", to: "resolved", notification: "pending" }],
    });
    await expect
      .poll(async () => (await history(server, "toggle.md"))[0].attempts, { timeout: 10_000 })
      .toBeGreaterThan(2);
    expect((await history(server, "toggle.md"))[0]).toMatchObject({
      to: "resolved",
      notification: "pending",
      deliveryError: "oncall: ECONNREFUSED",
    });

    await receiver.start();
    await expect.poll(() => receiver.delivered().length, { timeout: 10_000 }).toBe(2);
    expect((receiver.delivered()[1].body as WebhookBody).status).toBe("resolved");
    await expect
      .poll(async () => (await history(server, "toggle.md"))[0])
      .toMatchObject({ to: "resolved", notification: "sent" });
    expect((await api<RunPage>(server, "/api/v1/workbooks/toggle.md/runs")).body.total).toBe(2);
  });

  it("answers run-now on a running workbook with 409 and the running run's id", async () => {
    const first = runNow(server, "slow.md");
    await expect
      .poll(async () => (await api<RunPage>(server, "/api/v1/workbooks/slow.md/runs")).body.runs[0]?.status)
      .toBe("running");
    const { body: page } = await api<RunPage>(server, "/api/v1/workbooks/slow.md/runs");
    const second = await runNow(server, "slow.md");
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ error: expect.stringMatching(/slow\.md is running/), runId: page.runs[0].id });
    const finished = await first;
    expect(finished).toMatchObject({ status: 201, body: { id: page.runs[0].id, status: "ok" } });
    expect((await api<RunPage>(server, "/api/v1/workbooks/slow.md/runs")).body.total).toBe(1);
  });
});

describe("a receiver that never answers", () => {
  it("neither inflates a scheduled run's duration nor holds the next tick", async () => {
    const folder = join(dir, "scheduled");
    await mkdir(folder);
    // The alert changes state on every run (n counts earlier runs), so every run owes a notification.
    await writeFiles(folder, {
      "tick.md":
        '---\nschedule: "*/3 * * * * *"\n---\n\n' +
        workbookText(
          'const n = metrics("n").numRows();',
          'metric("n", n);',
          "```alert flip\nwhen: n % 2 === 0\nnotify: [hanging]\n```",
        ),
    });
    const server = await startServeProcess([
      "--workbooks",
      folder,
      "--db",
      join(dir, "scheduled.db"),
      "--config",
      config,
    ]);
    try {
      const finished = async () =>
        (await api<RunPage>(server, "/api/v1/workbooks/tick.md/runs")).body.runs.filter(
          (run) => run.status !== "running",
        );
      await expect
        .poll(async () => (await finished()).length, { timeout: 20_000, interval: 500 })
        .toBeGreaterThanOrEqual(3);
      const runs = await finished();
      expect(runs.map((run) => run.status)).toEqual(runs.map(() => "ok"));
      // Each attempt to the hanging receiver waits 10 s; no run waited for one.
      for (const run of runs) expect(run.durationMs).toBeLessThan(5000);
      expect(runs.flatMap((run) => run.alerts).every((transition) => transition.notification === "pending")).toBe(true);
      expect(hanging.requests.length).toBeGreaterThanOrEqual(1);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe("driftbook run", () => {
  const workbook = async (name: string, channel: string) => {
    await writeFile(join(dir, name), toggle(channel));
    return [
      "run",
      join(dir, name),
      "--param",
      "x=2",
      "--alerts",
      "--db",
      join(dir, "cli.db"),
      "--config",
      config,
      "--workbooks",
      dir,
      "--notify-timeout",
      "1",
    ];
  };

  it.each([
    ["refuses connections", "dead", "dead.md"],
    ["never answers", "hanging", "hang.md"],
  ])(
    "exits within --notify-timeout when the receiver %s, leaving the notification in the outbox",
    async (_what, channel, name) => {
      const before = hanging.requests.length;
      const started = Date.now();
      const result = await driftbook(await workbook(name, channel));
      const exitedAt = started + result.ms;
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/normal → firing/);
      expect(result.stdout).toMatch(/1 notification left in the outbox/);
      const db = new Database(join(dir, "cli.db"), { readonly: true });
      const [left] = db
        .prepare("select channel, state, attempts, last_error as error from driftbook_outbox where workbook = ?")
        .all(name) as Record<string, unknown>[];
      db.close();
      const stopped = "driftbook run stopped waiting (--notify-timeout)";
      expect(left).toMatchObject({ channel, state: "pending" });
      // A refused attempt fails at once, but its retry (1 s backoff, less jitter) may be in flight
      // when the 1 s timeout ends the wait, and is then recorded as stopped.
      expect(channel === "dead" ? ["ECONNREFUSED", stopped] : [stopped]).toContain(left.error);
      expect(left.attempts).toBeGreaterThanOrEqual(1);
      if (channel === "hanging") {
        // The first attempt starts as the run is recorded; the process gives up on it at the timeout.
        const attempt = hanging.requests[before];
        expect(attempt).toBeDefined();
        expect(exitedAt - attempt.at).toBeLessThan(1000 + 1500);
      }
    },
  );
});
