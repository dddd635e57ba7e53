import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response as ExpressResponse } from "express";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AlertStore, type StoredInstance } from "../../../server/alerts/state.ts";
import { HttpError } from "../../../server/http/httpError.ts";
import { alertRoutes } from "../../../server/http/routes/alerts.ts";
import { AuditStore } from "../../../server/audit/store.ts";
import { AuditTrail } from "../../../server/http/auditTrail.ts";
import { RequestUser } from "../../../server/http/requestUser.ts";
import { TrustedProxies } from "../../../server/http/trustedProxies.ts";
import { openDatabase, type Db } from "../../../server/store/db.ts";

const T = Date.UTC(2024, 4, 1, 12, 0, 0);
const HOUR = 3_600_000;

let db: Db;
let store: AlertStore;
let server: Server;
let base: string;
let clock = T;

/** The routes behind the same error contract as the app: HttpError → {error, field}. */
beforeEach(async () => {
  db = openDatabase(":memory:");
  store = new AlertStore(db);
  clock = T;
  const app = express();
  const audit = new AuditTrail(new AuditStore(db), new RequestUser(undefined, new TrustedProxies()));
  app.use(alertRoutes({ alerts: store, audit, now: () => clock }));
  app.use((error: unknown, _req: Request, res: ExpressResponse, _next: NextFunction) => {
    const status = error instanceof HttpError ? error.status : 500;
    res.status(status).json({ error: (error as Error).message, ...(error instanceof HttpError ? error.details : {}) });
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/alerts`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  db.close();
});

const json = async (response: Response): Promise<any> => response.json();
const get = async (path: string) => {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, body: await json(response) };
};
const send = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await json(response) };
};

const instance = (workbook: string, rule: string): StoredInstance => ({
  ruleId: `${workbook}#${rule}`,
  workbook,
  rule,
  instance: "",
  labels: { alertname: rule, workbook },
  state: "firing",
  since: T,
  pendingCount: 1,
  activeSince: T,
  lastValue: 0.4,
  lastEvaluatedAt: T,
  lastNotifiedAt: T,
  definitionHash: "h",
});

describe("alert routes", () => {
  it("lists current states, per workbook, with the silences that mute them", async () => {
    store.save({ upserts: [instance("credit.md", "drift"), instance("fraud.md", "late")], deletes: [], history: [] });
    const { body: silence } = await send("POST", "/silences", {
      matchers: [{ name: "workbook", value: "credit.md" }],
      duration: "2h",
      comment: "deploy",
    });
    expect((await get("")).body.map((item: StoredInstance) => item.ruleId)).toEqual([
      "credit.md#drift",
      "fraud.md#late",
    ]);
    const { body } = await get("?workbook=credit.md");
    expect(body).toEqual([{ ...instance("credit.md", "drift"), silencedBy: [silence.id] }]);
    expect((await get("?workbook=")).status).toBe(400);
  });

  it("pages the history newest first", async () => {
    const entry = {
      ruleId: "credit.md#drift",
      workbook: "credit.md",
      rule: "drift",
      instance: "",
      labels: {},
      from: "normal" as const,
      to: "firing" as const,
      at: T,
      trigger: "data" as const,
      notification: "sent" as const,
      attempts: 1,
    };
    store.save({ upserts: [], deletes: [], history: [0, 1, 2].map((value) => ({ ...entry, value })) });
    const first = await get("/history?limit=2");
    expect(first.body.entries.map((e: { value: number }) => e.value)).toEqual([2, 1]);
    const second = await get(`/history?limit=2&before=${first.body.next}`);
    expect(second.body).toMatchObject({ entries: [{ value: 0 }], next: null });
    expect(await get("/history?limit=0")).toMatchObject({ status: 400, body: { field: "limit" } });
    expect(await get("/history?before=x")).toMatchObject({ status: 400, body: { field: "before" } });
  });

  it("creates, lists and lifts silences", async () => {
    const created = await send("POST", "/silences", {
      matchers: [{ name: "alertname", op: "=~", value: "drift|late" }],
      endsAt: new Date(T + HOUR).toISOString(),
      comment: "known incident",
      createdBy: "ana",
    });
    expect(created).toEqual({
      status: 201,
      body: {
        id: expect.any(String),
        matchers: [{ name: "alertname", op: "=~", value: "drift|late" }],
        startsAt: T,
        endsAt: T + HOUR,
        comment: "known incident",
        createdBy: "ana",
        createdAt: T,
        status: "active",
      },
    });
    const future = await send("POST", "/silences", {
      matchers: [{ name: "team", value: "ml" }],
      startsAt: T + HOUR,
      duration: "30m",
      comment: "window",
    });
    expect(future.body).toMatchObject({ startsAt: T + HOUR, endsAt: T + 90 * 60_000, status: "pending" });
    expect((await get("/silences")).body.map((s: { status: string }) => s.status)).toEqual(["active", "pending"]);
    expect(await send("DELETE", `/silences/${created.body.id}`)).toMatchObject({
      status: 200,
      body: { status: "expired", endsAt: T },
    });
    expect((await get("/silences")).body.map((s: { status: string }) => s.status)).toEqual(["expired", "pending"]);
    clock = T + 6 * 24 * HOUR;
    expect((await get("/silences")).body).toEqual([]);
    expect(await send("DELETE", "/silences/nope")).toMatchObject({ status: 404 });
  });

  it.each([
    [{ duration: "1h", comment: "x" }, "matchers"],
    [{ matchers: [{ name: "a", op: "~", value: "x" }], duration: "1h", comment: "x" }, "matchers[0].op"],
    [{ matchers: [{ name: "a", value: "x" }], comment: "x" }, "duration"],
    [{ matchers: [{ name: "a", value: "x" }], duration: "1h", endsAt: T + HOUR, comment: "x" }, "duration"],
    [{ matchers: [{ name: "a", value: "x" }], duration: "soon", comment: "x" }, "duration"],
    [{ matchers: [{ name: "a", value: "x" }], endsAt: "yesterday", comment: "x" }, "endsAt"],
    [{ matchers: [{ name: "a", value: "x" }], endsAt: T - 1, comment: "x" }, "endsAt"],
    [{ matchers: [{ name: "a", value: "x" }], duration: "1h", comment: " " }, "comment"],
    [{ matchers: [{ name: "a", value: "x" }], duration: "1h", comment: "x", createdBy: 7 }, "createdBy"],
    [[1], "body"],
  ])("refuses %j naming %s", async (body, field) => {
    expect(await send("POST", "/silences", body)).toMatchObject({ status: 400, body: { field } });
  });
});
