import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { historyOutcome, Outbox, type NewEntry } from "../../server/alerts/outbox.ts";
import { AlertStore, type StoredInstance, type AlertTransition } from "../../server/alerts/state.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";

const T = Date.UTC(2024, 4, 1, 12, 0, 0);
const HOUR = 3_600_000;
const LEASE = 15_000;

let db: Db;
let outbox: Outbox;
let alerts: AlertStore;

/** Stores a transition of instance `key` to `to`; returns its history id. */
function transition(key: string, to: "firing" | "resolved"): number {
  const record: AlertTransition = {
    ruleId: "credit.md#drift",
    workbook: "credit.md",
    rule: "drift",
    instance: key,
    labels: { alertname: "drift", feature: key },
    from: to === "firing" ? "normal" : "firing",
    to,
    value: 0.4,
    at: T,
    trigger: "schedule",
    notification: "pending",
    attempts: 0,
  };
  return alerts.save({ upserts: [], deletes: [], history: [record] })[0];
}

function entry(historyId: number, key: string, status: "firing" | "resolved", channel = "oncall"): NewEntry {
  return {
    historyId,
    ruleId: "credit.md#drift",
    rule: "drift",
    workbook: "credit.md",
    instance: key,
    channel,
    alert: {
      status,
      labels: { alertname: "drift", feature: key },
      annotations: { summary: key },
      startsAt: T,
      endsAt: status === "resolved" ? T : null,
      fingerprint: key,
      value: 0.4,
    },
  };
}

const history = (id: number) => alerts.history({ limit: 100 }).entries.find((entry) => entry.id === id);
const claimedIds = (now: number) => outbox.claimDue(now, LEASE).claimed.map((claimed) => claimed.id);

describe.each(ENGINES)("Outbox on %s", (engine) => {
  const databases = engineDatabases(engine);
  beforeEach(async () => {
    db = openDatabase(await databases.location());
    outbox = new Outbox(db);
    alerts = new AlertStore(db);
  });
  afterEach(() => {
    db.close();
  });

  it("keeps only the latest notification pending per instance and channel", () => {
    const firing = transition("age", "firing");
    const {
      ids: [ageOncall, ageTeam, income],
    } = outbox.enqueue(
      [entry(firing, "age", "firing"), entry(firing, "age", "firing", "team"), entry(firing, "income", "firing")],
      T,
      HOUR,
    );
    const resolved = transition("age", "resolved");
    const {
      ids: [newer],
      outcomes,
    } = outbox.enqueue([entry(resolved, "age", "resolved")], T + 1, HOUR);
    expect(outbox.pending().map((pending) => pending.id)).toEqual([ageTeam, income, newer]);
    expect(outbox.depth()).toEqual({ oncall: 2, team: 1 });
    // The firing transition still waits on its team channel; its oncall notification was replaced.
    expect(outcomes.get(firing)).toMatchObject({ notification: "pending" });
    expect(outcomes.get(resolved)).toMatchObject({ notification: "pending" });
    expect(ageOncall).toBeLessThan(newer);
  });

  it("claims what is due once, for a lease, and never a newer entry while an older one of its instance is in flight", () => {
    const firing = transition("age", "firing");
    const {
      ids: [first],
    } = outbox.enqueue([entry(firing, "age", "firing")], T, HOUR);
    expect(claimedIds(T)).toEqual([first]);
    expect(claimedIds(T + 1)).toEqual([]);
    const resolved = transition("age", "resolved");
    const {
      ids: [second],
    } = outbox.enqueue([entry(resolved, "age", "resolved")], T + 2, HOUR);
    expect(claimedIds(T + LEASE - 1)).toEqual([]);
    // The lease of the superseded firing has run out (its process died mid-attempt): the resolve goes now.
    expect(claimedIds(T + LEASE)).toEqual([second]);
  });

  it("records attempts: a failure waits for its retry time, a delivery ends the entry and marks its transition sent", () => {
    const firing = transition("age", "firing");
    outbox.enqueue([entry(firing, "age", "firing")], T, HOUR);
    const [claimed] = outbox.claimDue(T, LEASE).claimed;
    expect(outbox.record(claimed, { kind: "failed", error: "ECONNREFUSED", retryAt: T + 1000 }, T)).toMatchObject({
      notification: "pending",
      attempts: 1,
      deliveryError: "oncall: ECONNREFUSED",
    });
    expect(outbox.nextDue(T)).toBe(T + 1000);
    expect(outbox.undelivered([claimed.id, claimed.id + 1000])).toBe(1);
    expect(claimedIds(T + 999)).toEqual([]);
    const [retry] = outbox.claimDue(T + 1000, LEASE).claimed;
    expect(retry).toMatchObject({ attempts: 1, failures: 1, lastError: "ECONNREFUSED" });
    outbox.record(retry, { kind: "delivered" }, T + 1001);
    expect(history(firing)).toMatchObject({ notification: "sent", attempts: 2 });
    expect(outbox.pending()).toEqual([]);
    expect(outbox.undelivered([claimed.id])).toBe(0);
  });

  it("expires an entry not delivered in time, and fails its transition with the last error", () => {
    const resolved = transition("age", "resolved");
    const {
      ids: [id],
    } = outbox.enqueue([entry(resolved, "age", "resolved")], T, HOUR);
    const [claimed] = outbox.claimDue(T, LEASE).claimed;
    outbox.record(claimed, { kind: "failed", error: "HTTP 503: unavailable", retryAt: T + 2 * HOUR }, T);
    expect(outbox.claimDue(T + HOUR - 1, LEASE).expired).toEqual([]);
    expect(outbox.claimDue(T + HOUR, LEASE).expired.map((expired) => expired.id)).toEqual([id]);
    expect(history(resolved)).toMatchObject({
      notification: "failed",
      attempts: 1,
      deliveryError: "oncall: HTTP 503: unavailable",
    });
    expect(outbox.depth()).toEqual({});
  });

  it("stores a notification for a channel that cannot be used as failed, and a 4xx rejection ends an entry", () => {
    const firing = transition("age", "firing");
    const { outcomes } = outbox.enqueue(
      [{ ...entry(firing, "age", "firing", "missing"), unusable: 'no channel named "missing"' }],
      T,
      HOUR,
    );
    expect(outcomes.get(firing)).toEqual({
      notification: "failed",
      attempts: 0,
      deliveryError: 'missing: no channel named "missing"',
    });
    expect(outbox.pending()).toEqual([]);
    const other = transition("income", "firing");
    outbox.enqueue([entry(other, "income", "firing")], T, HOUR);
    const [claimed] = outbox.claimDue(T, LEASE).claimed;
    outbox.record(claimed, { kind: "rejected", error: "HTTP 400: bad alert" }, T);
    expect(history(other)).toMatchObject({
      notification: "failed",
      attempts: 1,
      deliveryError: "oncall: HTTP 400: bad alert",
    });
  });

  it("re-posts a delivered firing alert while its instance is open, then ends it", () => {
    const open: StoredInstance = {
      ruleId: "credit.md#drift",
      workbook: "credit.md",
      rule: "drift",
      instance: "age",
      labels: {},
      state: "firing",
      since: T,
      pendingCount: 1,
      activeSince: T,
      lastValue: 0.4,
      lastEvaluatedAt: T,
      lastNotifiedAt: T,
      definitionHash: "h",
    };
    alerts.save({ upserts: [open], deletes: [], history: [] });
    const firing = transition("age", "firing");
    const {
      ids: [id],
    } = outbox.enqueue([entry(firing, "age", "firing", "am")], T, HOUR);
    outbox.record(outbox.claimDue(T, LEASE).claimed[0], { kind: "delivered", repostAt: T + 60_000 }, T);
    expect(history(firing)).toMatchObject({ notification: "sent", attempts: 1 });
    expect(outbox.undelivered([id])).toBe(0);
    expect(outbox.depth()).toEqual({});
    const [repost] = outbox.claimDue(T + 60_000, LEASE).claimed;
    expect(repost).toMatchObject({ id, deliveredAt: T });
    outbox.record(repost, { kind: "failed", error: "ECONNREFUSED", retryAt: T + 61_000 }, T + 60_000);
    expect(history(firing)).toMatchObject({ notification: "sent", attempts: 1 });
    alerts.save({ upserts: [{ ...open, state: "normal", activeSince: null }], deletes: [], history: [] });
    expect(outbox.claimDue(T + 61_000, LEASE).claimed).toEqual([]);
    expect(outbox.pending()).toEqual([]);
  });
});

describe("historyOutcome", () => {
  const of = (...states: [string, string, number?][]) =>
    historyOutcome(
      states.map(([channel, state, deliveredAt]) => ({
        channel,
        state: state as never,
        attempts: 1,
        lastError: "x",
        ...(deliveredAt !== undefined && { deliveredAt }),
      })),
    );

  it("is sent once every channel has it, else pending, failed, superseded in that order", () => {
    expect(of(["a", "delivered", T], ["b", "superseded", T]).notification).toBe("sent");
    expect(of(["a", "pending"], ["b", "expired"]).notification).toBe("pending");
    expect(of(["a", "rejected"], ["b", "superseded"])).toEqual({
      notification: "failed",
      attempts: 2,
      deliveryError: "a: x; b: x",
    });
    expect(of(["a", "superseded"], ["b", "delivered", T])).toEqual({
      notification: "superseded",
      attempts: 2,
      deliveryError: "a: x",
    });
  });
});
