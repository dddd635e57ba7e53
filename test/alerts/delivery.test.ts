import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backoffDelay, Delivery, type DeliveryOptions } from "../../server/alerts/delivery.ts";
import { evaluateAlerts } from "../../server/alerts/evaluate.ts";
import { createSender } from "../../server/alerts/notify.ts";
import type { PostableAlert } from "../../server/alerts/payloads.ts";
import { ruleOf } from "./ruleOf.ts";
import { AlertStore } from "../../server/alerts/state.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";
import { checkPostableAlerts } from "./alertmanagerApi.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

const MINUTE = 60_000;

describe("backoffDelay", () => {
  it("doubles from the first wait to the cap, taking up to `jitter` off at random", () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5, 8, 9, 10, 40, 100].map((failures) => backoffDelay(failures, undefined, none))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 128_000, 256_000, 300_000, 300_000, 300_000,
    ]);
    expect(backoffDelay(3, undefined, () => 1)).toBe(3200);
    expect(backoffDelay(1, { firstMs: 100, maxMs: 150, jitter: 0.5 }, () => 0.5)).toBe(75);
    expect(backoffDelay(3, { firstMs: 100, maxMs: 150, jitter: 0 }, Math.random)).toBe(150);
  });
});

let db: Db;
let alerts: AlertStore;
const receivers: Receiver[] = [];
const deliveries: Delivery[] = [];

async function receiver(options: Parameters<typeof startReceiver>[0] = {}): Promise<Receiver> {
  const started = await startReceiver(options);
  receivers.push(started);
  return started;
}

function delivery(
  channels: Parameters<typeof createSender>[0]["channels"],
  options: Partial<DeliveryOptions> = {},
  timeoutMs = 10_000,
): Delivery {
  const started = new Delivery({
    db,
    sender: createSender({ channels }, { timeoutMs }),
    backoff: { firstMs: 20, maxMs: 100, jitter: 0 },
    ...options,
  });
  deliveries.push(started);
  started.start();
  return started;
}

/** Evaluates rule `a` (notifying `notify`) on `value`: it fires above 1. */
function evaluate(notifications: Delivery, notify: string[], value: number, now = Date.now()) {
  const rule = ruleOf("credit.md", "a", `when: x > 1\nnotify: [${notify.join(", ")}]`);
  const output = { kind: "alert" as const, name: "a", instances: [{ condition: value > 1, value }] };
  return evaluateAlerts({
    workbook: "credit.md",
    rules: [rule],
    outputs: { a: output },
    trigger: "schedule",
    now,
    store: alerts,
    notifications,
    link: "http://127.0.0.1:4000/w/credit.md",
  });
}

describe.each(ENGINES)("Delivery on %s", (engine) => {
  const databases = engineDatabases(engine);
  beforeEach(async () => {
    db = openDatabase(await databases.location());
    alerts = new AlertStore(db);
  });
  afterEach(async () => {
    await Promise.all(deliveries.splice(0).map((delivery) => delivery.stop()));
    await Promise.all(receivers.splice(0).map((receiver) => receiver.stop()));
    db.close();
  });

  it("delivers to each channel on its own: a hanging receiver holds only its own notifications", async () => {
    const [fast, hanging] = [await receiver(), await receiver()];
    hanging.hang(true);
    const notifications = delivery(
      {
        fast: { type: "webhook", url: fast.url, headers: {} },
        hanging: { type: "webhook", url: hanging.url, headers: {} },
      },
      {},
      1500,
    );
    evaluate(notifications, ["hanging", "fast"], 2);
    await expect.poll(() => fast.delivered().length).toBe(1);
    // Delivered while the hanging receiver's first attempt was still waiting for its answer.
    expect(hanging.requests).toHaveLength(1);
    expect(notifications.counters.failedAttempts.hanging).toBeUndefined();
    await expect.poll(() => hanging.requests.length, { timeout: 5000 }).toBeGreaterThan(1);
    expect(notifications.counters.failedAttempts.hanging).toBeGreaterThan(0);
    expect(alerts.history({ limit: 1 }).entries[0]).toMatchObject({
      notification: "pending",
      deliveryError: "hanging: no answer within 1.5 s",
    });
  });

  it("drains its own notifications for a bounded time, then leaves them in the outbox and ends the attempt in flight", async () => {
    const hanging = await receiver();
    hanging.hang(true);
    const notifications = delivery({ oncall: { type: "webhook", url: hanging.url, headers: {} } });
    evaluate(notifications, ["oncall"], 2);
    const started = Date.now();
    expect(await notifications.drain(300)).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    await notifications.stop("driftbook run stopped waiting (--notify-timeout)");
    expect(notifications.outbox.pending()).toMatchObject([
      { attempts: 1, lastError: "driftbook run stopped waiting (--notify-timeout)" },
    ]);
  });

  it("gives up an entry rejected with a 4xx, and counts it", async () => {
    const refusing = await receiver();
    refusing.failNext(400);
    const notifications = delivery({ oncall: { type: "webhook", url: refusing.url, headers: {} } });
    evaluate(notifications, ["oncall"], 2);
    expect(await notifications.drain(5000)).toBe(0);
    expect(alerts.history({ limit: 1 }).entries[0]).toMatchObject({
      notification: "failed",
      attempts: 1,
      deliveryError: "oncall: HTTP 400: unavailable",
    });
    expect(notifications.counters).toEqual({ failedAttempts: { oncall: 1 }, givenUp: { oncall: 1 } });
  });

  it("posts to Alertmanager as its API documents, re-posts a firing alert while it fires, and ends it with its resolve time", async () => {
    const alertmanager = await receiver({ check: checkPostableAlerts });
    const notifications = delivery(
      { am: { type: "alertmanager", url: alertmanager.base, headers: {} } },
      { resendMs: 200 },
    );
    const firedAt = Date.now();
    evaluate(notifications, ["am"], 2, firedAt);
    await expect.poll(() => alertmanager.delivered().length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    const posts = alertmanager.delivered().map((request) => request.body as PostableAlert[]);
    expect(alertmanager.requests.every((request) => request.status === 200)).toBe(true);
    for (const [index, [alert]] of posts.entries()) {
      expect(alert).toMatchObject({
        labels: { alertname: "a", workbook: "credit.md" },
        annotations: { value: "2" },
        startsAt: new Date(firedAt).toISOString(),
      });
      // Valid for 4 × the resend interval from each post, so each post extends the last.
      const posted = alertmanager.delivered()[index].at;
      expect(Date.parse(alert.endsAt) - posted).toBeGreaterThan(500);
      expect(Date.parse(alert.endsAt) - posted).toBeLessThanOrEqual(800);
    }
    const resolvedAt = Date.now();
    evaluate(notifications, ["am"], 0, resolvedAt);
    await expect
      .poll(() => (alertmanager.delivered().at(-1)!.body as PostableAlert[])[0].endsAt)
      .toBe(new Date(resolvedAt).toISOString());
    const count = alertmanager.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(alertmanager.requests.length).toBe(count);
    expect(notifications.outbox.pending()).toEqual([]);
  });

  it("takes the rule's evaluation interval into a firing alert's validity", async () => {
    const alertmanager = await receiver({ check: checkPostableAlerts });
    const notifications = delivery({ am: { type: "alertmanager", url: alertmanager.base, headers: {} } });
    const rule = ruleOf("credit.md", "a", "when: x > 1\nnotify: [am]");
    evaluateAlerts({
      workbook: "credit.md",
      rules: [rule],
      outputs: { a: { kind: "alert", name: "a", instances: [{ condition: true, value: 2 }] } },
      trigger: "schedule",
      store: alerts,
      notifications,
      evaluationIntervalMs: 60 * MINUTE,
    });
    await expect.poll(() => alertmanager.delivered().length).toBe(1);
    const [{ body, at }] = alertmanager.delivered();
    expect(Date.parse((body as PostableAlert[])[0].endsAt) - at).toBeGreaterThan(4 * 60 * MINUTE - 1000);
    expect((body as PostableAlert[])[0]).not.toHaveProperty("generatorURL");
  });
});
