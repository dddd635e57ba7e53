import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, StartError, type RunningServer } from "../../server/compose.ts";
import { driftbook } from "../helpers/cli.ts";
import { engineDatabases } from "../helpers/engines.ts";
import { startTestServer } from "../helpers/server.ts";
import { connectSocket } from "../helpers/socket.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

const TOKEN = "editor-token-0123456789abcdef";
const INGEST = "ingest-token-0123456789abcdef";

let server: RunningServer;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, { "a.md": workbookText("1 + 1") });
  server = await startTestServer({ workbooksDir: dir, auth: { token: TOKEN, ingestToken: INGEST } });
});
afterAll(async () => {
  await server.close();
  await cleanup();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.url + path, { headers, redirect: "manual" });
const logRows = (headers: Record<string, string>) =>
  fetch(`${server.url}/api/v1/models/m/predictions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify([{ features: { x: 1 }, prediction: 0 }]),
  });
const login = (token: string, next = "/w/a.md") =>
  fetch(`${server.url}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token, next }),
    redirect: "manual",
  });

describe("editor authentication", () => {
  const postgres = engineDatabases("postgres");

  it("refuses to start on another address without a token, or with a short one", async () => {
    const options = { workbooksDir: dir, port: 0 };
    await expect(startServer({ ...options, host: "0.0.0.0" })).rejects.toThrow(StartError);
    await expect(startServer({ ...options, host: "0.0.0.0" })).rejects.toThrow(/set DRIFTBOOK_TOKEN/);
    await expect(startServer({ ...options, auth: { token: "short" } })).rejects.toThrow(/at least 16 characters/);
    const cli = await driftbook(["serve", "--host", "0.0.0.0", "--port", "0", "--workbooks", dir], {
      env: { ...process.env, DRIFTBOOK_TOKEN: "" },
    });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/binding 0\.0\.0\.0 .*set DRIFTBOOK_TOKEN/);
  }, 30_000);

  it("asks for the token on every API, page and the editor WebSocket; health and the app's code stay open", async () => {
    const denied = await get("/api/v1/workbooks");
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({
      error: expect.stringMatching(/Authorization: Bearer <DRIFTBOOK_TOKEN>/),
    });
    expect((await get("/api/v1/workbooks", bearer("wrong-token-0123456789"))).status).toBe(401);
    expect((await get("/api/v1/workbooks", bearer(TOKEN))).status).toBe(200);
    for (const path of [
      "/api/v1/models",
      "/api/v1/alerts",
      "/api/v1/shares",
      "/metrics",
      "/report/a.md",
      "/api/v1/workbooks/a.md/runs",
    ]) {
      expect((await get(path)).status, path).toBe(401);
    }
    const page = await get("/w/a.md", { accept: "text/html" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fw%2Fa.md");
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/favicon.ico")).status).toBe(204);
    expect((await get("/assets/main.js")).status).toBe(200);
    await expect(connectSocket(server.url)).rejects.toThrow(/401/);
    const socket = await connectSocket(server.url, bearer(TOKEN));
    socket.close();
  });

  it("exchanges the token on the login page for an HttpOnly, SameSite=Strict session cookie", async () => {
    const form = await get("/login?next=/w/a.md");
    expect(form.status).toBe(200);
    expect(form.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    expect(await form.text()).toContain('value="/w/a.md"');

    const wrong = await login("not-the-token-at-all");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    expect(await wrong.text()).toContain("That is not the server&#39;s token.");

    const right = await login(TOKEN);
    expect(right.status).toBe(303);
    expect(right.headers.get("location")).toBe("/w/a.md");
    const cookie = right.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(";")[0];
    expect((await get("/api/v1/workbooks", { cookie: session })).status).toBe(200);
    expect((await get("/w/a.md", { cookie: session, accept: "text/html" })).status).toBe(200);
    const socket = await connectSocket(server.url, { cookie: session });
    socket.close();
    expect((await get("/api/v1/workbooks", { cookie: `${session}x` })).status).toBe(401);

    // The page never sends anyone off the server.
    expect((await login(TOKEN, "//evil.example/")).headers.get("location")).toBe("/");
    expect((await login(TOKEN, "https://evil.example/")).headers.get("location")).toBe("/");
  });

  it("lets the ingest token log data and nothing else", async () => {
    expect((await logRows({})).status).toBe(401);
    expect((await logRows(bearer(INGEST))).status).toBe(201);
    expect((await logRows(bearer(TOKEN))).status).toBe(201);
    expect((await get("/api/v1/workbooks", bearer(INGEST))).status).toBe(401);
    expect((await get("/api/v1/models/m", bearer(INGEST))).status).toBe(401);
    const runNow = await fetch(`${server.url}/api/v1/workbooks/a.md/runs`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(INGEST) },
      body: "{}",
    });
    expect(runNow.status).toBe(401);
    await expect(connectSocket(server.url, bearer(INGEST))).rejects.toThrow(/401/);
  });

  it("refuses wrong tokens from a client after ten, but still lets the right token in", async () => {
    const other = await startTestServer({ workbooksDir: dir, dbPath: `${dir}/other.db`, auth: { token: TOKEN } });
    try {
      const attempt = () =>
        fetch(`${other.url}/login`, {
          method: "POST",
          body: new URLSearchParams({ token: "guess-guess-guess-guess" }),
          redirect: "manual",
        });
      for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(401);
      const refused = await attempt();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      const right = await fetch(`${other.url}/login`, {
        method: "POST",
        body: new URLSearchParams({ token: TOKEN }),
        redirect: "manual",
      });
      expect(right.status).toBe(303);
      expect((await attempt()).status).toBe(429);
    } finally {
      await other.close();
    }
  });

  it("counts wrong tokens across the servers sharing a PostgreSQL database", async () => {
    const location = await postgres.location();
    const servers = [
      await startTestServer({ workbooksDir: dir, dbPath: location, auth: { token: TOKEN } }),
      await startTestServer({ workbooksDir: dir, dbPath: location, auth: { token: TOKEN } }),
    ];
    try {
      const attempt = (server: RunningServer) =>
        fetch(`${server.url}/api/v1/workbooks`, { headers: bearer("guess-guess-guess-guess") });
      for (let i = 0; i < 10; i++) expect((await attempt(servers[i % 2]!)).status).toBe(401);
      for (const server of servers) expect((await attempt(server)).status).toBe(429);
      expect((await fetch(`${servers[1]!.url}/api/v1/workbooks`, { headers: bearer(TOKEN) })).status).toBe(200);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  }, 60_000);

  it("refuses a wrong token it cannot count (another writer holds the database) for a few seconds, and keeps serving", async () => {
    const path = `${dir}/busy.db`;
    const busy = await startTestServer({ workbooksDir: dir, dbPath: path, auth: { token: TOKEN }, busyTimeoutMs: 100 });
    const writer = new Database(path);
    try {
      writer.exec("begin immediate"); // another process's long write
      const attempt = () =>
        fetch(`${busy.url}/login`, { method: "POST", body: new URLSearchParams({ token: "guess-guess-guess-guess" }) });
      const refused = await attempt();
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("5");
      await expect(connectSocket(busy.url, bearer("wrong-token-0123456789"))).rejects.toThrow(/429/);
      const right = await fetch(`${busy.url}/login`, {
        method: "POST",
        body: new URLSearchParams({ token: TOKEN }),
        redirect: "manual",
      });
      expect(right.status).toBe(303);
      writer.exec("rollback");
      expect((await attempt()).status).toBe(401);
    } finally {
      writer.close();
      await busy.close();
    }
  });
});
