import { statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import { startTestServer } from "../../helpers/server.ts";
import { connectSocket } from "../../helpers/socket.ts";
import { tempDir, workbookText, writeFiles } from "../../helpers/workbooks.ts";
import { startReceiver } from "../../alerts/receiver.ts";

let server: RunningServer;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  dir = temp.dir;
  await writeFiles(temp.dir, { "ok.md": workbookText("1 + 1") });
  server = await startTestServer({ workbooksDir: temp.dir, dbPath: join(temp.dir, "m.db") });
});
afterAll(async () => {
  await server.close();
  await cleanup();
});

/** Parses the text exposition format strictly: HELP/TYPE comments, then `name{labels} value` lines. */
function parsePrometheus(text: string): {
  types: Map<string, string>;
  samples: { name: string; labels: Record<string, string>; value: number }[];
} {
  const types = new Map<string, string>();
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.trimEnd().split("\n")) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|summary|histogram|untyped)$/.exec(line);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    if (!sample) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    const labels = Object.fromEntries(
      [...(sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { types, samples };
}

describe("GET /metrics", () => {
  it("reports runs, ingested rows, alert states and sockets in the Prometheus text format", async () => {
    await fetch(`${server.url}/api/v1/models/m/predictions`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: '{"features":{"x":1},"prediction":0}\n{"features":{"x":2},"prediction":1}',
    });
    const run = await fetch(`${server.url}/api/v1/workbooks/ok.md/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(run.status).toBe(201);
    const listed = (await (await fetch(`${server.url}/api/v1/workbooks`)).json()) as {
      path: string;
      lastRun?: { status: string };
    }[];
    expect(listed.find((workbook) => workbook.path === "ok.md")?.lastRun?.status).toBe("ok");
    const socket = await connectSocket(server.url);
    const response = await fetch(`${server.url}/metrics`);
    socket.close();
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parsePrometheus(await response.text());
    expect(types.get("driftbook_runs_total")).toBe("counter");
    expect(samples).toContainEqual({
      name: "driftbook_runs_total",
      labels: { workbook: "ok.md", status: "ok" },
      value: 1,
    });
    expect(samples).toContainEqual({ name: "driftbook_ingested_rows_total", labels: {}, value: 2 });
    expect(samples).toContainEqual({ name: "driftbook_websocket_clients", labels: {}, value: 1 });
    expect(samples).toContainEqual({ name: "driftbook_param_sessions", labels: {}, value: 0 });
    expect(types.get("driftbook_alert_instances")).toBe("gauge");
    const wal = samples.find((sample) => sample.name === "driftbook_sqlite_wal_bytes");
    expect(wal?.value).toBe(statSync(join(dir, "m.db-wal")).size);
    expect(types.get("driftbook_sqlite_checkpoint_age_seconds")).toBe("gauge");
    const age = samples.find((sample) => sample.name === "driftbook_sqlite_checkpoint_age_seconds")!.value;
    // Seconds since a checkpoint of this server's own short life: a count from an epoch or a stale start would be far larger.
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
    expect(age).toBeLessThan(60); // serve checkpointed at start, with no reader holding it back
  });

  it("reports the notification outbox's depth and failed deliveries by channel", async () => {
    const dead = await startReceiver();
    await dead.stop();
    const temp = await tempDir();
    await writeFiles(temp.dir, { "a.md": workbookText("```alert always\nwhen: true\nnotify: [dead]\n```") });
    await writeFile(
      join(temp.dir, "config.json"),
      JSON.stringify({ channels: { dead: { type: "webhook", url: dead.url } } }),
    );
    const alerting = await startTestServer({
      workbooksDir: temp.dir,
      configPath: join(temp.dir, "config.json"),
      notify: { backoff: { firstMs: 50 } },
    });
    try {
      const run = await fetch(`${alerting.url}/api/v1/workbooks/a.md/runs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(run.status).toBe(201);
      const sample = async (name: string) =>
        parsePrometheus(await (await fetch(`${alerting.url}/metrics`)).text()).samples.find(
          (s) => s.name === name && s.labels.channel === "dead",
        )?.value;
      await expect.poll(() => sample("driftbook_notification_failures_total")).toBeGreaterThan(1);
      expect(await sample("driftbook_notifications_pending")).toBe(1);
    } finally {
      await alerting.close();
      await temp.cleanup();
    }
  });
});
