import { describe, expect, it, onTestFinished } from "vitest";
import {
  AlertStore,
  EXPIRED_SILENCES_SHOWN_MS,
  type StoredInstance,
  type AlertTransition,
} from "../../server/alerts/state.ts";
import { openDatabase } from "../../server/store/db.ts";
import { ENGINES, openedDatabase } from "../helpers/engines.ts";

const T = 1_700_000_000_000;
const HOUR = 3_600_000;

const instance = (overrides: Partial<StoredInstance> = {}): StoredInstance => ({
  ruleId: "credit.md#drift",
  workbook: "credit.md",
  rule: "drift",
  instance: "",
  labels: { alertname: "drift", workbook: "credit.md" },
  state: "firing",
  since: T,
  pendingCount: 2,
  activeSince: T,
  lastValue: { share: 0.4 },
  lastEvaluatedAt: T,
  lastNotifiedAt: T,
  definitionHash: "abc",
  ...overrides,
});

const record = (at: number, overrides: Partial<AlertTransition> = {}): AlertTransition => ({
  ruleId: "credit.md#drift",
  workbook: "credit.md",
  rule: "drift",
  instance: "",
  labels: { alertname: "drift", workbook: "credit.md" },
  from: "normal",
  to: "firing",
  value: 0.4,
  at,
  trigger: "data",
  notification: "pending",
  attempts: 0,
  ...overrides,
});

describe.each(ENGINES)("AlertStore on %s", (engine) => {
  const database = openedDatabase(engine, "each");

  it("keeps instance states across closing and reopening the database", () => {
    new AlertStore(database.db).save({
      upserts: [
        instance(),
        instance({ ruleId: "other.md#x", workbook: "other.md", rule: "x", state: "pending", activeSince: null }),
      ],
      deletes: [],
      history: [],
    });
    database.db.close();
    const reopened = openDatabase(database.location);
    onTestFinished(() => {
      reopened.close();
    });
    const store = new AlertStore(reopened);
    expect(store.instances({ workbook: "credit.md" })).toEqual([instance()]);
    expect(store.instances().map((stored) => stored.workbook)).toEqual(["credit.md", "other.md"]);
    expect(store.instances({ ruleId: "other.md#x" })).toHaveLength(1);
  });

  it("replaces and deletes instances and appends history in one call", () => {
    const store = new AlertStore(database.db);
    store.save({
      upserts: [instance({ instance: "age" }), instance({ instance: "income" })],
      deletes: [],
      history: [],
    });
    const ids = store.save({
      upserts: [instance({ instance: "age", state: "resolved", activeSince: null })],
      deletes: [{ ruleId: "credit.md#drift", instance: "income" }],
      history: [
        record(T, { instance: "age", from: "firing", to: "resolved" }),
        record(T, { instance: "income", from: "firing", to: "resolved", reason: "gone from the each list" }),
      ],
    });
    expect(ids).toHaveLength(2);
    expect(store.instances().map(({ instance: key, state }) => [key, state])).toEqual([["age", "resolved"]]);
    store.save({
      upserts: [],
      deletes: [],
      history: [record(T, { instance: "age", from: "resolved", to: "normal", notification: "none" })],
    });
    const { entries } = store.history({ limit: 10 });
    expect(
      entries.map(({ id, instance: key, notification, attempts, deliveryError, reason }) => ({
        id,
        key,
        notification,
        attempts,
        deliveryError,
        reason,
      })),
    ).toEqual([
      { id: ids[1] + 1, key: "age", notification: "none", attempts: 0, deliveryError: undefined, reason: undefined },
      {
        id: ids[1],
        key: "income",
        notification: "pending",
        attempts: 0,
        deliveryError: undefined,
        reason: "gone from the each list",
      },
      { id: ids[0], key: "age", notification: "pending", attempts: 0, deliveryError: undefined, reason: undefined },
    ]);
  });

  it("pages the history newest first, per workbook or rule", () => {
    const store = new AlertStore(database.db);
    store.save({ upserts: [], deletes: [], history: Array.from({ length: 5 }, (_, n) => record(T + n, { value: n })) });
    store.save({ upserts: [], deletes: [], history: [record(T + 9, { workbook: "other.md", ruleId: "other.md#x" })] });
    const first = store.history({ workbook: "credit.md", limit: 2 });
    expect(first.entries.map((entry) => entry.value)).toEqual([4, 3]);
    const second = store.history({ workbook: "credit.md", limit: 2, before: first.next! });
    expect(second.entries.map((entry) => entry.value)).toEqual([2, 1]);
    const last = store.history({ workbook: "credit.md", limit: 2, before: second.next! });
    expect(last).toMatchObject({ entries: [{ value: 0 }], next: null });
    expect(store.history({ ruleId: "other.md#x", limit: 10 }).entries).toHaveLength(1);
    expect(store.history({ limit: 10 }).entries[0].workbook).toBe("other.md");
  });

  it("writes atomically: a failure inside undoes every write", () => {
    const store = new AlertStore(database.db);
    expect(() =>
      store.exclusively("credit.md", () => {
        store.save({ upserts: [instance()], deletes: [], history: [record(T)] });
        throw new Error("the outbox refused");
      }),
    ).toThrow("the outbox refused");
    expect(store.instances()).toEqual([]);
    expect(store.history({ limit: 10 }).entries).toEqual([]);
  });

  it("applies silences between their start and end, lists them for a while after, and expires them on request", () => {
    const store = new AlertStore(database.db);
    const matchers = [{ name: "alertname", op: "=" as const, value: "drift" }];
    const now = store.createSilence({
      matchers,
      startsAt: T,
      endsAt: T + HOUR,
      comment: "deploy",
      createdBy: "ana",
      createdAt: T,
    });
    const later = store.createSilence({
      matchers,
      startsAt: T + 2 * HOUR,
      endsAt: T + 3 * HOUR,
      comment: "maintenance",
      createdAt: T,
    });
    expect(now).toEqual({
      id: expect.any(String),
      matchers,
      startsAt: T,
      endsAt: T + HOUR,
      comment: "deploy",
      createdBy: "ana",
      createdAt: T,
    });
    expect(store.activeSilences(T).map((silence) => silence.id)).toEqual([now.id]);
    expect(store.activeSilences(T + HOUR)).toEqual([]);
    expect(store.activeSilences(T + 2 * HOUR).map((silence) => silence.id)).toEqual([later.id]);
    expect(store.silences(T + HOUR + EXPIRED_SILENCES_SHOWN_MS - 1).map((silence) => silence.id)).toEqual([
      now.id,
      later.id,
    ]);
    expect(store.silences(T + 3 * HOUR + EXPIRED_SILENCES_SHOWN_MS)).toEqual([]);
    expect(store.expireSilence(later.id, T + 30 * 60_000)).toMatchObject({ id: later.id, endsAt: T + 30 * 60_000 });
    expect(store.activeSilences(T + 2 * HOUR)).toEqual([]);
    expect(store.expireSilence("nope", T)).toBeUndefined();
  });
});
