import { rm } from "node:fs/promises";
import { join } from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import type { CreatedShare, Share, ShareMessage, SilenceView } from "../../../server/protocol/index.ts";
import { ShareStore } from "../../../server/shares/store.ts";
import { engineDatabases } from "../../helpers/engines.ts";
import { startServerWith, startTestServer } from "../../helpers/server.ts";
import { connectSocket } from "../../helpers/socket.ts";
import { workbookText, writeFiles } from "../../helpers/workbooks.ts";

const TOKEN = "editor-token-0123456789abcdef";
const editor = { authorization: `Bearer ${TOKEN}` };

let server: RunningServer;
let close: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ server, dir, close } = await startServerWith(
    {
      "shared.md":
        "---\ntitle: Risk review\nowner: secret-owner\n---\n\n# Risk review\n\nThe numbers below update live.\n\n" +
        workbookText(
          "```sql counted\nselect count(*) as n from live\n```",
          "```js hidden\n'hidden-secret-value'\n```",
          'counted.get("n", 0) * 10',
        ),
      "other.md": workbookText("'other-workbook-secret'"),
    },
    { auth: { token: TOKEN } },
  ));
  await log(2);
});
afterAll(() => close());

function log(count: number) {
  return fetch(`${server.url}/api/v1/models/live/predictions`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", ...editor },
    body: Array.from({ length: count }, (_, i) => JSON.stringify({ features: { x: i }, prediction: 0 })).join("\n"),
  });
}
const api = (path: string, init: RequestInit = {}) =>
  fetch(server.url + path, { ...init, headers: { "content-type": "application/json", ...editor, ...init.headers } });
async function share(body: unknown = { workbook: "shared.md" }): Promise<CreatedShare> {
  const response = await api("/api/v1/shares", { method: "POST", body: JSON.stringify(body) });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedShare;
}

/** A share view's socket that records every message and the close code. */
async function shareSocket(path: string) {
  const ws = new WebSocket(server.url.replace(/^http/, "ws") + path + "/ws");
  const messages: ShareMessage[] = [];
  const raw: string[] = [];
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  ws.on("message", (data) => {
    raw.push(String(data));
    messages.push(JSON.parse(String(data)) as ShareMessage);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const waitFor = async (match: (message: ShareMessage) => boolean) => {
    await expect.poll(() => messages.some(match), { timeout: 10_000 }).toBe(true);
    return messages.find(match)!;
  };
  return { ws, messages, raw, closed, waitFor };
}

describe("share links", () => {
  it("are created for one workbook with a 256-bit token, listed without it, and validated", async () => {
    const created = await share();
    expect(created.path).toMatch(/^\/s\/[A-Za-z0-9_-]{43}$/);
    expect(created.url).toBe(server.url + created.path);
    expect(created.expiresAt - created.createdAt).toBe(30 * 86_400_000);
    const week = await share({ workbook: "shared.md", expiresIn: "7d" });
    expect(week.expiresAt - week.createdAt).toBe(7 * 86_400_000);

    const listed = (await (await api("/api/v1/shares?workbook=shared.md")).json()) as { shares: Share[] };
    expect(listed.shares.map((s) => s.id)).toEqual([week.id, created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.path.slice(3));

    const bad = async (body: unknown, status: number, field: string) => {
      const response = await api("/api/v1/shares", { method: "POST", body: JSON.stringify(body) });
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ field });
    };
    await bad({}, 400, "workbook");
    await bad({ workbook: "missing.md" }, 404, "workbook");
    await bad({ workbook: "../outside.md" }, 400, "workbook");
    await bad({ workbook: "shared.md", expiresIn: "forever" }, 400, "expiresIn");
    await bad({ workbook: "shared.md", expiresIn: "400d" }, 400, "expiresIn");
    expect((await api("/api/v1/shares/nope", { method: "DELETE" })).status).toBe(404);
  });

  it("open a page with a strict policy that ships no source, and a live view of outputs only", async () => {
    const { path } = await share();
    const page = await fetch(server.url + path);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'(;|$)/);
    expect(page.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/share\.js")/);
    expect(html).not.toMatch(/main\.js|monaco|select count/i);

    const socket = await shareSocket(path);
    const first = await socket.waitFor((m) => m.type === "workbook");
    expect(first).toMatchObject({
      title: "Risk review",
      blocks: expect.arrayContaining([
        { type: "cell", index: 0 },
        { type: "cell", index: 2 },
      ]),
    });
    await socket.waitFor(
      (m) =>
        m.type === "cell" && m.cell.index === 2 && JSON.stringify(m.cell.outputs) === '[{"kind":"json","value":20}]',
    );
    await log(3);
    await socket.waitFor(
      (m) =>
        m.type === "cell" && m.cell.index === 2 && JSON.stringify(m.cell.outputs) === '[{"kind":"json","value":50}]',
    );
    const wire = socket.raw.join("\n");
    for (const secret of [
      "select count",
      "hidden-secret-value",
      "secret-owner",
      "counted",
      "shared.md",
      "other-workbook-secret",
    ])
      expect(wire).not.toContain(secret);
    socket.ws.close();
  });

  it("open nothing else: no API, page, ingest, run, editor socket or other workbook", async () => {
    const { path } = await share();
    const token = path.slice(3);
    const attempts: Record<string, string>[] = [
      { authorization: `Bearer ${token}` },
      { cookie: `driftbook_session=${token}` },
    ];
    // A share token sent as a Bearer token is a wrong token: after ten, this address is throttled (429).
    const refused = /^(401|429)$/;
    for (const credentials of attempts) {
      const as = (url: string, init: RequestInit = {}) =>
        fetch(server.url + url, { redirect: "manual", ...init, headers: { ...credentials, ...init.headers } });
      for (const url of [
        "/api/v1/workbooks",
        "/api/v1/workbooks/other.md",
        "/api/v1/workbooks/shared.md",
        "/api/v1/shares",
        "/api/v1/models",
        "/api/v1/alerts",
        "/metrics",
        "/report/shared.md",
      ]) {
        expect(String((await as(url)).status), url).toMatch(refused);
      }
      expect(String((await as("/w/shared.md")).status)).toMatch(credentials.authorization ? /^(303|429)$/ : /^303$/);
      const json = { "content-type": "application/json" };
      expect(
        String((await as("/api/v1/models/live/predictions", { method: "POST", headers: json, body: "[]" })).status),
      ).toMatch(refused);
      expect(
        String((await as("/api/v1/workbooks/shared.md/runs", { method: "POST", headers: json, body: "{}" })).status),
      ).toMatch(refused);
      expect(
        String((await as("/api/v1/shares", { method: "POST", headers: json, body: '{"workbook":"other.md"}' })).status),
      ).toMatch(refused);
      await expect(connectSocket(server.url, credentials)).rejects.toThrow(/401|429/);
    }
    for (const url of [
      `${path}/other.md`,
      `${path}/../other.md`.replace("/../", "/%2e%2e/"),
      `${path}x`,
      "/s/",
      `/s/${token}/api/v1/workbooks`,
    ]) {
      expect((await fetch(server.url + url)).status, url).toBe(404);
    }

    const socket = await shareSocket(path);
    await socket.waitFor((m) => m.type === "workbook");
    socket.ws.send(JSON.stringify({ type: "subscribe", path: "other.md" }));
    expect(await socket.closed).toBe(1008);
    expect(socket.raw.join("\n")).not.toContain("other-workbook-secret");
  });

  it("end at once when revoked or expired: the socket says so and the page answers 404", async () => {
    const created = await share();
    const socket = await shareSocket(created.path);
    await socket.waitFor((m) => m.type === "workbook");
    expect((await api(`/api/v1/shares/${created.id}`, { method: "DELETE" })).status).toBe(204);
    await socket.waitFor((m) => m.type === "ended" && m.reason === "revoked");
    expect(await socket.closed).toBe(1000);
    const gone = await fetch(server.url + created.path);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await gone.text()).toContain("This link is no longer valid");
    await expect(shareSocket(created.path)).rejects.toThrow(/404/);
    const listed = (await (await api("/api/v1/shares?workbook=shared.md")).json()) as { shares: Share[] };
    expect(listed.shares.map((s) => s.id)).not.toContain(created.id);

    const { token } = new ShareStore(server.store.db).create("shared.md", 1500);
    const brief = await shareSocket(`/s/${token}`);
    await brief.waitFor((m) => m.type === "ended" && m.reason === "expired");
    expect((await fetch(`${server.url}/s/${token}`)).status).toBe(404);
  });

  it("follow their workbook's identity: through a rename, but never to a new workbook at a deleted one's path", async () => {
    const created = await api("/api/v1/workbooks", { method: "POST", body: JSON.stringify({ path: "moving.md" }) });
    expect(created.status).toBe(201);
    const link = await share({ workbook: "moving.md" });
    const opens = async () => (await fetch(server.url + link.path)).status;
    expect(await opens()).toBe(200);

    expect(
      (await api("/api/v1/workbooks/moving.md", { method: "PATCH", body: JSON.stringify({ path: "moved.md" }) }))
        .status,
    ).toBe(200);
    expect(await opens()).toBe(200);
    const listed = (await (await api("/api/v1/shares?workbook=moved.md")).json()) as { shares: Share[] };
    expect(listed.shares).toEqual([expect.objectContaining({ id: link.id, workbook: "moved.md" })]);
    const socket = await shareSocket(link.path);
    await socket.waitFor((m) => m.type === "workbook");

    // Deleting the workbook revokes its links and ends their open views.
    expect((await api("/api/v1/workbooks/moved.md", { method: "DELETE" })).status).toBe(204);
    await socket.waitFor((m) => m.type === "ended" && m.reason === "removed");
    expect(await opens()).toBe(404);
    // A new workbook at that path, through the API or written straight to disk, is not the old one.
    await writeFiles(dir, { "moved.md": workbookText("'a new workbook'") });
    expect(await opens()).toBe(404);
    await rm(join(dir, "moved.md"));
    expect(
      (await api("/api/v1/workbooks", { method: "POST", body: JSON.stringify({ path: "moved.md" }) })).status,
    ).toBe(201);
    expect(await opens()).toBe(404);
    expect(((await (await api("/api/v1/shares?workbook=moved.md")).json()) as { shares: Share[] }).shares).toEqual([]);
  });

  it("record when a link was last opened", async () => {
    const created = await share();
    await fetch(server.url + created.path);
    const listed = (await (await api("/api/v1/shares?workbook=shared.md")).json()) as { shares: Share[] };
    expect(listed.shares.find((s) => s.id === created.id)?.lastAccessAt).toBeGreaterThanOrEqual(created.createdAt);
  });
});

describe("share links and silences through any server on one PostgreSQL database", () => {
  const postgres = engineDatabases("postgres");

  it("a link made on one server opens on another, and a revoke on either ends it everywhere; a silence set on one is in force on both", async () => {
    const location = await postgres.location();
    const servers = [
      await startTestServer({ workbooksDir: dir, dbPath: location, auth: { token: TOKEN } }),
      await startTestServer({ workbooksDir: dir, dbPath: location, auth: { token: TOKEN } }),
    ];
    const [a, b] = servers as [RunningServer, RunningServer];
    const call = (on: RunningServer, path: string, init: RequestInit = {}) =>
      fetch(on.url + path, { ...init, headers: { "content-type": "application/json", ...editor, ...init.headers } });
    try {
      const created = await call(a, "/api/v1/shares", {
        method: "POST",
        body: JSON.stringify({ workbook: "shared.md" }),
      });
      expect(created.status).toBe(201);
      const link = (await created.json()) as CreatedShare;
      expect((await fetch(b.url + link.path)).status).toBe(200);
      const listed = (await (await call(b, "/api/v1/shares?workbook=shared.md")).json()) as { shares: Share[] };
      expect(listed.shares.map((s) => s.id)).toEqual([link.id]);
      expect((await call(b, `/api/v1/shares/${link.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await fetch(a.url + link.path)).status).toBe(404);

      const silenced = await call(b, "/api/v1/alerts/silences", {
        method: "POST",
        body: JSON.stringify({
          matchers: [{ name: "alertname", op: "=", value: "drift" }],
          duration: "1h",
          comment: "deploy",
        }),
      });
      expect(silenced.status).toBe(201);
      const { id } = (await silenced.json()) as { id: string };
      const onA = (await (await call(a, "/api/v1/alerts/silences")).json()) as SilenceView[];
      expect(onA).toMatchObject([{ id, status: "active", comment: "deploy" }]);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  }, 60_000);
});
