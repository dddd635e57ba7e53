import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNotifier } from "../../server/alerts/notify.ts";
import type { AlertNotification } from "../../server/alerts/payloads.ts";
import { tempDir } from "../helpers/workbooks.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

const T = Date.UTC(2024, 4, 1, 12, 0, 0);

const notification: AlertNotification = {
  ruleId: "credit.md#inputs-drifted",
  rule: "inputs-drifted",
  workbook: "credit.md",
  link: "http://127.0.0.1:4000/w/credit.md",
  alerts: [
    {
      status: "firing",
      labels: { alertname: "inputs-drifted", workbook: "credit.md", severity: "critical" },
      annotations: { summary: "0.4 of features drifted" },
      startsAt: T,
      endsAt: null,
      fingerprint: "0123456789abcdef",
      value: 0.4,
    },
  ],
};

let receiver: Receiver;
let cleanup: () => Promise<void>;
let dir: string;
beforeEach(async () => {
  receiver = await startReceiver();
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await receiver.stop();
  await cleanup();
});

describe("webhook channel", () => {
  it("posts the Alertmanager-shaped body as JSON", async () => {
    const notifier = createNotifier({ channels: { oncall: { type: "webhook", url: receiver.url, headers: { authorization: "Bearer s3cret" } } } });
    expect(await notifier.send(["oncall"], notification)).toEqual([{ channel: "oncall", ok: true, attempts: 1 }]);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: "POST", path: "/hook" });
    expect(request.headers).toMatchObject({ "content-type": "application/json", authorization: "Bearer s3cret" });
    expect(request.body).toMatchObject({ version: "4", status: "firing", receiver: "oncall", workbook: "credit.md", value: 0.4 });
  });

  it("retries a 503 with backoff and delivers once", async () => {
    const waits: number[] = [];
    const notifier = createNotifier({ channels: { oncall: { type: "webhook", url: receiver.url, headers: {} } } }, {
      retryDelaysMs: [100, 200],
      sleep: async (ms) => void waits.push(ms),
    });
    receiver.failNext(503);
    expect(await notifier.send(["oncall"], notification)).toEqual([{ channel: "oncall", ok: true, attempts: 2 }]);
    expect(waits).toEqual([100]);
    expect(receiver.requests.map((request) => request.status)).toEqual([503, 200]);
    expect(receiver.delivered()).toHaveLength(1);
  });

  it("retries a refused connection until the receiver is back", async () => {
    await receiver.stop();
    const notifier = createNotifier({ channels: { oncall: { type: "webhook", url: receiver.url, headers: {} } } }, {
      retryDelaysMs: [10, 10],
      sleep: () => receiver.start(),
    });
    expect(await notifier.send(["oncall"], notification)).toEqual([{ channel: "oncall", ok: true, attempts: 2 }]);
    expect(receiver.delivered()).toHaveLength(1);
  });

  it("gives up after the last attempt and says why, without throwing", async () => {
    receiver.failNext(500, 502, 503);
    const notifier = createNotifier({ channels: { oncall: { type: "webhook", url: receiver.url, headers: {} } } }, { retryDelaysMs: [0, 0] });
    expect(await notifier.send(["oncall"], notification)).toEqual([{ channel: "oncall", ok: false, attempts: 3, error: "HTTP 503: unavailable" }]);
    await receiver.stop();
    const [refused] = await notifier.send(["oncall"], notification);
    expect(refused).toEqual({ channel: "oncall", ok: false, attempts: 3, error: "ECONNREFUSED" });
  });

  it("does not retry a 4xx other than 429, and reports an unknown channel", async () => {
    receiver.failNext(404);
    const notifier = createNotifier({ channels: { oncall: { type: "webhook", url: receiver.url, headers: {} } } }, { retryDelaysMs: [0, 0] });
    expect(await notifier.send(["oncall", "nowhere"], notification)).toEqual([
      { channel: "oncall", ok: false, attempts: 1, error: "HTTP 404: unavailable" },
      { channel: "nowhere", ok: false, attempts: 0, error: 'no channel named "nowhere" in driftbook.config.json' },
    ]);
  });

  it("reports an unavailable channel's reason without trying it", async () => {
    const notifier = createNotifier({ channels: {}, unavailable: { oncall: "`channels.oncall.url` reads ONCALL_URL, which is not set" } });
    expect(await notifier.send(["oncall"], notification)).toEqual([
      { channel: "oncall", ok: false, attempts: 0, error: "`channels.oncall.url` reads ONCALL_URL, which is not set" },
    ]);
  });

  it("times out a receiver that does not answer", async () => {
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason)));
    const notifier = createNotifier({ channels: { oncall: { type: "webhook", url: receiver.url, headers: {} } } }, {
      fetch: hanging,
      timeoutMs: 20,
      retryDelaysMs: [0],
    });
    expect(await notifier.send(["oncall"], notification)).toEqual([{ channel: "oncall", ok: false, attempts: 2, error: "no answer within 0.02 s" }]);
  });
});

describe("slack and log channels", () => {
  it("posts text and blocks to a Slack incoming webhook", async () => {
    const notifier = createNotifier({ channels: { team: { type: "slack", url: receiver.url } } });
    await notifier.send(["team"], notification);
    const body = receiver.requests[0].body as { text: string; blocks: { type: string }[] };
    expect(body.text).toBe("[FIRING:1] inputs-drifted (critical) — credit.md");
    expect(body.blocks.map((block) => block.type)).toEqual(["section", "context"]);
  });

  it("appends one JSON line per notification", async () => {
    const path = join(dir, "logs", "alerts.log");
    const notifier = createNotifier({ channels: { audit: { type: "log", path } } }, { now: () => T });
    await notifier.send(["audit"], notification);
    await notifier.send(["audit"], { ...notification, alerts: [{ ...notification.alerts[0], status: "resolved", endsAt: T + 60_000 }] });
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.at, line.receiver, line.status])).toEqual([
      ["2024-05-01T12:00:00.000Z", "audit", "firing"],
      ["2024-05-01T12:00:00.000Z", "audit", "resolved"],
    ]);
  });
});
