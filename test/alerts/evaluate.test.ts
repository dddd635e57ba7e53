import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluateAlerts, forgetRemovedRules, ruleOutputsOf } from "../../server/alerts/evaluate.ts";
import { Delivery } from "../../server/alerts/delivery.ts";
import { createSender } from "../../server/alerts/notify.ts";
import type { AlertRule } from "../../server/alerts/rule.ts";
import { ruleOf } from "./ruleOf.ts";
import { AlertStore, type AlertTrigger } from "../../server/alerts/state.ts";
import type { WebhookBody } from "../../server/alerts/payloads.ts";
import { compileCell } from "../../server/analysis/index.ts";
import type { Output } from "../../server/protocol/index.ts";
import { alertOutput } from "../../server/runtime/serialize.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
import { alert, cellBlock, run } from "../analysis/helpers.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

const T = Date.UTC(2024, 4, 1, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WORKBOOK = "credit.md";

let receiver: Receiver;
let db: Db;
let store: AlertStore;

/**
 * A workbook's alert cells, compiled as the analysis compiles them and run as the worker runs
 * them; each `evaluate` is one run, as `driftbook run` makes it: the cells see `inputs`, their
 * outputs are evaluated, and a delivery loop on the outbox (retrying every 20 ms) delivers
 * what is due for at most `drainMs`.
 */
function workbook(cells: Record<string, string>) {
  const compiled = Object.entries(cells).map(([name, source], index) => ({
    name,
    cell: compileCell(cellBlock(alert(name, source)), index),
  }));
  let rules: AlertRule[] = Object.entries(cells).map(([name, source]) => ruleOf(WORKBOOK, name, source));
  return {
    redefine(name: string, source: string) {
      compiled.find((entry) => entry.name === name)!.cell = compileCell(cellBlock(alert(name, source)), 0);
      rules = rules.map((rule) => (rule.name === name ? ruleOf(WORKBOOK, name, source) : rule));
    },
    async evaluate(inputs: Record<string, unknown>, now: number, trigger: AlertTrigger = "data", drainMs = 5000) {
      const results = await Promise.all(
        compiled.map(async ({ name, cell }) => {
          try {
            const { displayed } = await run(cell, inputs);
            return {
              kind: "alert",
              name,
              status: "fulfilled" as const,
              outputs: displayed.map((value) => alertOutput(value as never)) as Output[],
            };
          } catch (error) {
            return {
              kind: "alert",
              name,
              status: "rejected" as const,
              outputs: [{ kind: "error", message: (error as Error).message }] as Output[],
            };
          }
        }),
      );
      const delivery = startDelivery();
      const evaluation = evaluateAlerts({
        workbook: WORKBOOK,
        rules,
        outputs: ruleOutputsOf(results),
        trigger,
        now,
        store,
        notifications: delivery,
        link: "http://127.0.0.1:4000/w/credit.md",
      });
      await delivery.drain(drainMs);
      await delivery.stop();
      return evaluation;
    },
    /** Runs a delivery loop, as the server does between runs, until `done` holds (judge by the stored outcome: stopping ends an attempt in flight). */
    async deliverUntil(done: () => boolean) {
      const delivery = startDelivery();
      await expect.poll(done).toBe(true);
      await delivery.stop();
    },
  };
}

function startDelivery(): Delivery {
  const sender = createSender({ channels: { oncall: { type: "webhook", url: receiver.url, headers: {} } } });
  const delivery = new Delivery({ db, sender, backoff: { firstMs: 20, maxMs: 20, jitter: 0 } });
  delivery.start();
  return delivery;
}

const bodies = () => receiver.delivered().map((request) => request.body as WebhookBody);
const states = () =>
  store.instances().map(({ rule, instance, state }) => `${rule}${instance ? `/${instance}` : ""}:${state}`);
const outcomes = () =>
  store
    .history({ limit: 10 })
    .entries.reverse()
    .map((entry) => `${entry.from}→${entry.to}:${entry.notification}`);

describe.each(ENGINES)("evaluateAlerts on %s", (engine) => {
  const databases = engineDatabases(engine);
  let location: string;
  beforeEach(async () => {
    receiver = await startReceiver();
    location = await databases.location();
    db = openDatabase(location);
    store = new AlertStore(db);
  });
  afterEach(async () => {
    db.close();
    await receiver.stop();
  });

  it("goes normal → pending → firing in exactly `for` runs, queueing one notification that is then sent", async () => {
    const book = workbook({
      "inputs-drifted":
        "when: drift.share > 0.3\nfor: 3 runs\nnotify: [oncall]\nmessage: '{{value}} of features drifted'",
    });
    const seen: string[] = [];
    for (let run = 0; run < 5; run++) {
      const { transitions } = await book.evaluate({ drift: { share: 0.4 } }, T + run * MINUTE);
      seen.push(`${states()} ${transitions.map((t) => `${t.from}→${t.to}:${t.notification}`).join(",")}`);
    }
    expect(seen).toEqual([
      "inputs-drifted:pending normal→pending:none",
      "inputs-drifted:pending ",
      "inputs-drifted:firing pending→firing:pending",
      "inputs-drifted:firing ",
      "inputs-drifted:firing ",
    ]);
    expect(bodies()).toHaveLength(1);
    expect(bodies()[0]).toMatchObject({
      status: "firing",
      workbook: WORKBOOK,
      value: 0.4,
      link: "http://127.0.0.1:4000/w/credit.md",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "inputs-drifted", workbook: WORKBOOK },
          annotations: { summary: "0.4 of features drifted" },
          startsAt: new Date(T + 2 * MINUTE).toISOString(),
        },
      ],
    });
    expect(store.history({ limit: 10 }).entries.map((entry) => [entry.to, entry.notification, entry.attempts])).toEqual(
      [
        ["firing", "sent", 1],
        ["pending", "none", 0],
      ],
    );
  });

  it("with recover, a value oscillating around the threshold stops flapping", async () => {
    const book = workbook({
      flappy: "when: share > 0.3\nnotify: [oncall]",
      steady: "when: share > 0.3\nrecover: share < 0.2\nnotify: [oncall]",
    });
    const values = [0.31, 0.29, 0.31, 0.29, 0.31, 0.29, 0.1];
    for (const [run, share] of values.entries()) await book.evaluate({ share }, T + run * MINUTE);
    const sent = (rule: string) =>
      bodies()
        .filter((body) => body.groupLabels.alertname === rule)
        .map((body) => body.status);
    expect(sent("flappy")).toEqual(["firing", "resolved", "firing", "resolved", "firing", "resolved"]);
    expect(sent("steady")).toEqual(["firing", "resolved"]);
  });

  it("retries a 503 from the outbox and records the delivery on the transition", async () => {
    const book = workbook({ a: "when: x > 1\nnotify: [oncall]" });
    receiver.failNext(503);
    await book.evaluate({ x: 2 }, T);
    expect(receiver.requests.map((request) => request.status)).toEqual([503, 200]);
    expect(store.history({ limit: 1 }).entries).toMatchObject([{ to: "firing", notification: "sent", attempts: 2 }]);
  });

  it("retries a failed firing on its backoff schedule, not at the next evaluation, which sends no reminder", async () => {
    const book = workbook({ a: "when: x > 1\nnotify: [oncall]" });
    await receiver.stop();
    const first = await book.evaluate({ x: 2 }, T, "data", 200);
    expect(first.transitions).toMatchObject([{ to: "firing", notification: "pending" }]);
    const [entry] = store.history({ limit: 1 }).entries;
    expect(entry).toMatchObject({ notification: "pending", deliveryError: "oncall: ECONNREFUSED" });
    expect(entry.attempts).toBeGreaterThan(1);
    const second = await book.evaluate({ x: 2 }, T + MINUTE, "data", 200);
    expect(second.transitions).toEqual([]);
    await receiver.start();
    await book.deliverUntil(() => store.history({ limit: 1 }).entries[0].notification === "sent");
    expect(receiver.delivered()).toHaveLength(1);
    expect(store.history({ limit: 1 }).entries).toMatchObject([{ to: "firing", notification: "sent" }]);
  });

  it("keeps only the latest state pending: a resolve replaces an undelivered firing, and only it is sent", async () => {
    const book = workbook({ a: "when: x > 1\nnotify: [oncall]" });
    await receiver.stop();
    await book.evaluate({ x: 2 }, T, "data", 100);
    await book.evaluate({ x: 0 }, T + MINUTE, "data", 100);
    await receiver.start();
    await book.deliverUntil(() => outcomes().includes("firing→resolved:sent"));
    await book.evaluate({ x: 0 }, T + 2 * MINUTE);
    expect(bodies().map((body) => body.status)).toEqual(["resolved"]);
    expect(outcomes()).toEqual(["normal→firing:superseded", "firing→resolved:sent", "resolved→normal:none"]);
  });

  it("fails at once, and never resends, to a channel that is not configured", async () => {
    const book = workbook({ a: "when: x > 1\nnotify: [missing]" });
    const first = await book.evaluate({ x: 2 }, T);
    expect(first.transitions).toMatchObject([
      {
        to: "firing",
        notification: "failed",
        attempts: 0,
        deliveryError: expect.stringMatching(/missing: no channel named "missing"/),
      },
    ]);
    const second = await book.evaluate({ x: 2 }, T + MINUTE);
    expect(second.transitions).toEqual([]);
  });

  it("keeps state across closing and reopening the database", async () => {
    const book = workbook({ a: "when: x > 1\nfor: 2 runs\nnotify: [oncall]" });
    await book.evaluate({ x: 2 }, T);
    db.close();
    db = openDatabase(location);
    store = new AlertStore(db);
    await book.evaluate({ x: 2 }, T + MINUTE);
    expect(states()).toEqual(["a:firing"]);
    db.close();
    db = openDatabase(location);
    store = new AlertStore(db);
    await book.evaluate({ x: 2 }, T + 2 * MINUTE);
    expect(receiver.delivered()).toHaveLength(1);
  });

  it("evaluates and stores a silenced instance but notifies nobody until the silence expires", async () => {
    const book = workbook({ a: "when: x > 1\nnotify: [oncall]\nrepeat: 1h" });
    store.createSilence({
      matchers: [{ name: "alertname", op: "=", value: "a" }],
      startsAt: T,
      endsAt: T + 30 * MINUTE,
      comment: "deploy",
      createdAt: T,
    });
    const { transitions } = await book.evaluate({ x: 2 }, T);
    expect(transitions).toMatchObject([{ to: "firing", notification: "silenced" }]);
    expect(states()).toEqual(["a:firing"]);
    expect(receiver.requests).toHaveLength(0);
    await book.evaluate({ x: 2 }, T + HOUR);
    expect(bodies().map((body) => body.status)).toEqual(["firing"]);
    await book.evaluate({ x: 0 }, T + HOUR + MINUTE);
    expect(bodies().map((body) => body.status)).toEqual(["firing", "resolved"]);
  });

  it("gives each item of an each rule its own state, and one message per rule and evaluation", async () => {
    const book = workbook({
      "feature-drift":
        "each: drift.features\nwhen: item.statistic > 0.1\nkeyLabel: feature\nseverity: warning\nnotify: [oncall]",
    });
    const features = (age: number, income: number, region?: number) => [
      { feature: "age", statistic: age },
      { feature: "income", statistic: income },
      ...(region === undefined ? [] : [{ feature: "region", statistic: region }]),
    ];
    await book.evaluate({ drift: { features: features(0.3, 0.2, 0.01) } }, T);
    expect(states()).toEqual([
      "feature-drift/age:firing",
      "feature-drift/income:firing",
      "feature-drift/region:normal",
    ]);
    await book.evaluate({ drift: { features: features(0.01, 0.2) } }, T + MINUTE);
    expect(states()).toEqual(["feature-drift/age:resolved", "feature-drift/income:firing"]);
    await book.evaluate({ drift: { features: [] } }, T + 2 * MINUTE);
    expect(states()).toEqual(["feature-drift/age:nodata", "feature-drift/income:nodata"]);
    const [fired, resolved] = bodies();
    expect(bodies()).toHaveLength(2);
    expect(fired.alerts.map((a) => [a.status, a.labels.feature, a.value])).toEqual([
      ["firing", "age", 0.3],
      ["firing", "income", 0.2],
    ]);
    expect(fired.commonLabels).toEqual({ alertname: "feature-drift", workbook: WORKBOOK, severity: "warning" });
    expect(fired.value).toEqual({ age: 0.3, income: 0.2 });
    expect(resolved.alerts.map((a) => [a.status, a.labels.feature])).toEqual([["resolved", "age"]]);
    expect(new Set(fired.alerts.map((a) => a.fingerprint)).size).toBe(2);
  });

  it("an edit's run previews what would happen: it stores nothing and notifies nobody", async () => {
    const book = workbook({ a: "when: x > 1\nnotify: [oncall]" });
    const preview = await book.evaluate({ x: 2 }, T, "edit");
    expect(preview.transitions).toMatchObject([
      { from: "normal", to: "firing", notification: "preview", trigger: "edit" },
    ]);
    expect(preview.instances).toMatchObject([{ state: "firing" }]);
    expect(store.instances()).toEqual([]);
    expect(store.history({ limit: 10 }).entries).toEqual([]);
    expect(receiver.requests).toHaveLength(0);
  });

  it("keeps an open alert through a failed cell without paging again", async () => {
    const book = workbook({ a: "when: input() > 1\nnotify: [oncall]" });
    await book.evaluate({ input: () => 2 }, T);
    const failed = await book.evaluate(
      {
        input: () => {
          throw new Error("database is locked");
        },
      },
      T + MINUTE,
    );
    expect(failed.transitions).toMatchObject([
      { from: "firing", to: "error", reason: "database is locked", notification: "none" },
    ]);
    await book.evaluate({ input: () => 2 }, T + 2 * MINUTE);
    expect(states()).toEqual(["a:firing"]);
    expect(bodies()).toHaveLength(1);
  });

  it("resets a changed rule's instances, resolving an open alert", async () => {
    const book = workbook({ a: "when: x > 1\nnotify: [oncall]" });
    await book.evaluate({ x: 2 }, T);
    book.redefine("a", "when: x > 5\nnotify: [oncall]");
    const { transitions } = await book.evaluate({ x: 2 }, T + MINUTE);
    expect(transitions).toMatchObject([
      { from: "firing", to: "normal", reason: "rule changed", notification: "pending" },
    ]);
    expect(states()).toEqual(["a:normal"]);
    expect(bodies().map((body) => body.status)).toEqual(["firing", "resolved"]);
  });

  it("forgets the instances of a rule removed from the workbook", async () => {
    const book = workbook({ a: "when: x > 1", b: "when: x > 1" });
    await book.evaluate({ x: 2 }, T);
    const removed = forgetRemovedRules({
      workbook: WORKBOOK,
      ruleNames: ["b"],
      store,
      trigger: "data",
      now: T + MINUTE,
    });
    expect(removed).toMatchObject([
      { rule: "a", from: "firing", to: "normal", reason: "rule removed from the workbook" },
    ]);
    expect(states()).toEqual(["b:firing"]);
  });
});

describe("ruleOutputsOf", () => {
  it("takes each alert cell's alert output, or its error, and skips cells still running and other kinds", () => {
    const output = { kind: "alert" as const, name: "a", instances: [{ condition: true, value: 1 }] };
    expect(
      ruleOutputsOf([
        { kind: "alert", name: "a", status: "fulfilled", outputs: [output] },
        {
          kind: "alert",
          name: "b",
          status: "rejected",
          outputs: [{ kind: "error", message: "x is not defined", line: 9 }],
        },
        { kind: "alert", name: "c", status: "timeout", outputs: [] },
        { kind: "alert", name: "d", status: "running", outputs: [] },
        { kind: "js", status: "fulfilled", outputs: [output] },
      ]),
    ).toEqual({
      a: output,
      b: { kind: "error", message: "x is not defined", line: 9 },
      c: { kind: "error", message: "the cell timed out" },
    });
  });
});
