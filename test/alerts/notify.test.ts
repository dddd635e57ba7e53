import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSender, PermanentFailure } from "../../server/alerts/notify.ts";
import type { AlertNotification } from "../../server/alerts/payloads.ts";
import { tempDir } from "../helpers/workbooks.ts";
import { checkPostableAlerts } from "./alertmanagerApi.ts";
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

const attempt = { validUntil: T + 240_000 };
const webhook = () => ({ channels: { oncall: { type: "webhook" as const, url: receiver.url, headers: {} } } });

describe("webhook channel", () => {
  it("posts the Alertmanager-shaped body as JSON", async () => {
    const sender = createSender({
      channels: { oncall: { type: "webhook", url: receiver.url, headers: { authorization: "Bearer s3cret" } } },
    });
    await sender.send("oncall", notification, attempt);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: "POST", path: "/hook" });
    expect(request.headers).toMatchObject({ "content-type": "application/json", authorization: "Bearer s3cret" });
    expect(request.body).toMatchObject({
      version: "4",
      status: "firing",
      receiver: "oncall",
      workbook: "credit.md",
      value: 0.4,
    });
  });

  it("makes one attempt: a 5xx, 408 or 429 answer or a refused connection fails it, to be retried", async () => {
    const sender = createSender(webhook());
    for (const status of [503, 408, 429]) {
      receiver.failNext(status);
      const failure = await sender.send("oncall", notification, attempt).catch((error: Error) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(PermanentFailure);
      expect((failure as Error).message).toBe(`HTTP ${status}: unavailable`);
    }
    expect(receiver.requests.map((request) => request.status)).toEqual([503, 408, 429]);
    await receiver.stop();
    await expect(sender.send("oncall", notification, attempt)).rejects.toThrow("ECONNREFUSED");
  });

  it("fails for good on another 4xx", async () => {
    receiver.failNext(404);
    await expect(createSender(webhook()).send("oncall", notification, attempt)).rejects.toBeInstanceOf(
      PermanentFailure,
    );
  });

  it("names a channel it cannot use, without trying it", async () => {
    const sender = createSender({
      channels: {},
      unavailable: { oncall: "`channels.oncall.url` reads ONCALL_URL, which is not set" },
    });
    expect(sender.problem("oncall")).toBe("`channels.oncall.url` reads ONCALL_URL, which is not set");
    expect(sender.problem("nowhere")).toBe('no channel named "nowhere" in driftbook.config.json');
    expect(createSender(webhook()).problem("oncall")).toBeUndefined();
    await expect(sender.send("nowhere", notification, attempt)).rejects.toThrow('no channel named "nowhere"');
    expect(receiver.requests).toHaveLength(0);
  });

  it("times out a receiver that does not answer, and ends an attempt when told to stop waiting", async () => {
    receiver.hang(true);
    await expect(createSender(webhook(), { timeoutMs: 50 }).send("oncall", notification, attempt)).rejects.toThrow(
      "no answer within 0.05 s",
    );
    const stop = new AbortController();
    const sending = createSender(webhook()).send("oncall", notification, { ...attempt, signal: stop.signal });
    await expect.poll(() => receiver.requests.length).toBe(2);
    stop.abort("driftbook run stopped waiting");
    await expect(sending).rejects.toThrow("driftbook run stopped waiting");
  });
});

describe("alertmanager channel", () => {
  it("posts the alerts to /api/v2/alerts as Alertmanager's API documents them, with basic auth", async () => {
    const alertmanager = await startReceiver({ check: checkPostableAlerts });
    try {
      const sender = createSender({
        channels: {
          am: { type: "alertmanager", url: `${alertmanager.base}/`, headers: { authorization: "Basic ZDpw" } },
        },
      });
      expect(sender.reposts("am")).toBe(true);
      expect(createSender(webhook()).reposts("oncall")).toBe(false);
      await sender.send("am", notification, attempt);
      const [request] = alertmanager.delivered();
      expect(request.headers.authorization).toBe("Basic ZDpw");
      expect(request.body).toEqual([
        {
          labels: { alertname: "inputs-drifted", workbook: "credit.md", severity: "critical" },
          annotations: { summary: "0.4 of features drifted", value: "0.4" },
          startsAt: "2024-05-01T12:00:00.000Z",
          endsAt: "2024-05-01T12:04:00.000Z",
          generatorURL: "http://127.0.0.1:4000/w/credit.md",
        },
      ]);
    } finally {
      await alertmanager.stop();
    }
  });
});

describe("the Alertmanager API check", () => {
  const request = (body: unknown, overrides = {}) => ({
    method: "POST",
    path: "/api/v2/alerts",
    headers: { "content-type": "application/json" },
    body,
    ...overrides,
  });
  const valid = {
    labels: { alertname: "a" },
    startsAt: "2024-05-01T12:00:00Z",
    endsAt: "2024-05-01T14:04:00.000+02:00",
  };

  it("accepts a documented postableAlert and refuses what Alertmanager would", () => {
    expect(checkPostableAlerts(request([valid]), "")).toBeUndefined();
    expect(checkPostableAlerts(request([valid], { path: "/api/v1/alerts" }), "")).toMatch(/path/);
    expect(checkPostableAlerts(request([valid], { headers: { "content-type": "text/plain" } }), "")).toMatch(
      /content-type/,
    );
    expect(checkPostableAlerts(request({ alerts: [valid] }), "")).toMatch(/array/);
    expect(checkPostableAlerts(request([{ ...valid, status: "firing" }]), "")).toMatch(/unknown fields status/);
    expect(checkPostableAlerts(request([{ ...valid, labels: {} }]), "")).toMatch(/at least one label/);
    expect(checkPostableAlerts(request([{ ...valid, labels: { alertname: "a", n: 1 } }]), "")).toMatch(
      /labels.n must be a string/,
    );
    expect(checkPostableAlerts(request([{ ...valid, labels: { alertname: "a", "bad-name": "x" } }]), "")).toMatch(
      /invalid label name/,
    );
    expect(checkPostableAlerts(request([{ ...valid, endsAt: "2024-05-01 12:04" }]), "")).toMatch(/RFC 3339/);
    expect(checkPostableAlerts(request([{ ...valid, endsAt: "2024-05-01T11:00:00Z" }]), "")).toMatch(/before end/);
    expect(checkPostableAlerts(request([{ ...valid, generatorURL: "not a uri" }]), "")).toMatch(/generatorURL/);
  });
});

describe("slack and log channels", () => {
  it("posts text and blocks to a Slack incoming webhook", async () => {
    await createSender({ channels: { team: { type: "slack", url: receiver.url } } }).send(
      "team",
      notification,
      attempt,
    );
    const body = receiver.requests[0].body as { text: string; blocks: { type: string }[] };
    expect(body.text).toBe("[FIRING:1] inputs-drifted (critical) — credit.md");
    expect(body.blocks.map((block) => block.type)).toEqual(["section", "context"]);
  });

  it("appends one JSON line per notification", async () => {
    const path = join(dir, "logs", "alerts.log");
    const sender = createSender({ channels: { audit: { type: "log", path } } }, { now: () => T });
    await sender.send("audit", notification, attempt);
    await sender.send(
      "audit",
      { ...notification, alerts: [{ ...notification.alerts[0], status: "resolved", endsAt: T + 60_000 }] },
      attempt,
    );
    const lines = (await readFile(path, "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.at, line.receiver, line.status])).toEqual([
      ["2024-05-01T12:00:00.000Z", "audit", "firing"],
      ["2024-05-01T12:00:00.000Z", "audit", "resolved"],
    ]);
  });
});
