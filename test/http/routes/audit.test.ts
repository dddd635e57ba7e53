import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import type { AuditEvent, AuditPage } from "../../../server/protocol/index.ts";
import { ENGINES, engineDatabases } from "../../helpers/engines.ts";
import { gitIn, tempRepo } from "../../helpers/git.ts";
import { startTestServer } from "../../helpers/server.ts";
import { workbookText } from "../../helpers/workbooks.ts";

const PROXY = { trustProxy: ["127.0.0.1"], authProxyHeader: "X-Forwarded-User" };
const WORKBOOK = workbookText("1 + 1");

/** Calls the API as the proxy would for `user` (or with no user header). */
function caller(server: RunningServer, user?: string) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(server.url + path, {
      method,
      headers: { "content-type": "application/json", ...(user && { "x-forwarded-user": user }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, etag: response.headers.get("etag"), body: text ? JSON.parse(text) : undefined };
  };
}

describe.each(ENGINES)("the audit trail on %s, behind a trusted single-sign-on proxy", (engine) => {
  const databases = engineDatabases(engine);
  let server: RunningServer;
  let repo: Awaited<ReturnType<typeof tempRepo>>;
  beforeAll(async () => {
    repo = await tempRepo({ folder: "" });
    await writeFile(join(repo.workbooks, "daily.md"), WORKBOOK);
    server = await startTestServer({ workbooksDir: repo.workbooks, dbPath: await databases.location(), ...PROXY });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await repo?.cleanup();
  });

  it("records who silenced, shared, saved, committed, ran and changed settings, newest first, with filters and pages", async () => {
    const ada = caller(server, "ada");
    const bob = caller(server, "bob@example.com");
    const silence = await ada("POST", "/api/v1/alerts/silences", {
      matchers: [{ name: "workbook", op: "=", value: "daily.md" }],
      duration: "1h",
      comment: "deploy",
      createdBy: "someone else",
    });
    expect(silence.status).toBe(201);
    expect(silence.body.createdBy).toBe("ada"); // the proxy's user, not what the body claims
    const share = await bob("POST", "/api/v1/shares", { workbook: "daily.md" });
    expect(share.status).toBe(201);
    expect((await bob("DELETE", `/api/v1/shares/${share.body.id}`)).status).toBe(204);
    const file = await ada("GET", "/api/v1/workbooks/daily.md");
    const saved = await fetch(`${server.url}/api/v1/workbooks/daily.md`, {
      method: "PUT",
      headers: { "content-type": "application/json", "if-match": file.etag!, "x-forwarded-user": "ada" },
      body: JSON.stringify({ text: workbookText("2 + 2") }),
    });
    expect(saved.status).toBe(200);
    const commit = await bob("POST", "/api/v1/workbooks/daily.md/git/commit", { message: "Two" });
    expect(commit.status).toBe(201);
    expect((await gitIn(repo.top, "log", "-1", "--format=%an <%ae>")).trim()).toBe("bob@example.com <bob@example.com>");
    const run = await ada("POST", "/api/v1/workbooks/daily.md/runs", {});
    expect(run.status).toBe(201);
    expect((await ada("DELETE", `/api/v1/alerts/silences/${silence.body.id}`)).status).toBe(200);

    const everything = (await ada("GET", "/api/v1/audit")).body as AuditPage;
    const seen = everything.events.map(({ user, action, workbook, target }: AuditEvent) => ({
      user,
      action,
      workbook,
      target,
    }));
    expect(seen).toEqual([
      { user: "ada", action: "silence.expire", workbook: "daily.md", target: silence.body.id },
      { user: "ada", action: "run.now", workbook: "daily.md", target: String(run.body.id) },
      { user: "bob@example.com", action: "git.commit", workbook: "daily.md", target: commit.body.commit },
      { user: "ada", action: "workbook.save", workbook: "daily.md", target: expect.any(String) },
      { user: "bob@example.com", action: "share.revoke", workbook: "daily.md", target: share.body.id },
      { user: "bob@example.com", action: "share.create", workbook: "daily.md", target: share.body.id },
      { user: "ada", action: "silence.create", workbook: "daily.md", target: silence.body.id },
    ]);
    expect(everything.next).toBeNull();
    const times = everything.events.map((event) => event.at);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const bobs = (await ada("GET", "/api/v1/audit?user=bob%40example.com")).body as AuditPage;
    expect(bobs.events.map((event) => event.action)).toEqual(["git.commit", "share.revoke", "share.create"]);
    const first = (await ada("GET", "/api/v1/audit?limit=2")).body as AuditPage;
    expect(first.events.map((event) => event.action)).toEqual(["silence.expire", "run.now"]);
    const second = (await ada("GET", `/api/v1/audit?limit=2&before=${first.next}`)).body as AuditPage;
    expect(second.events.map((event) => event.action)).toEqual(["git.commit", "workbook.save"]);
    const shares = (await ada("GET", "/api/v1/audit?action=share.create&workbook=daily.md")).body as AuditPage;
    expect(shares.events).toHaveLength(1);
  }, 60_000);

  it("makes a proxy user who is not an email address the commit's author name, keeping the configured email", async () => {
    const ada = caller(server, "Ada Lovelace");
    const file = await ada("GET", "/api/v1/workbooks/daily.md");
    const saved = await fetch(`${server.url}/api/v1/workbooks/daily.md`, {
      method: "PUT",
      headers: { "content-type": "application/json", "if-match": file.etag! },
      body: JSON.stringify({ text: workbookText("3 + 3") }),
    });
    expect(saved.status).toBe(200);
    expect((await ada("POST", "/api/v1/workbooks/daily.md/git/commit", { message: "Three" })).status).toBe(201);
    expect((await gitIn(repo.top, "log", "-1", "--format=%an <%ae>")).trim()).toBe("Ada Lovelace <test@example.com>");
  });

  it("records model settings changes, and a request without the header as local", async () => {
    const anonymous = caller(server);
    expect(
      (await anonymous("PUT", "/api/v1/models/credit/settings", { segments: [], bucket: "1h" })).status,
    ).toBeLessThan(300);
    const [latest] = ((await anonymous("GET", "/api/v1/audit?limit=1")).body as AuditPage).events;
    expect(latest).toMatchObject({ user: "local", action: "model.settings", target: "credit" });
  });

  it("records an alert rule renamed and a workbook moved, with what they became", async () => {
    const eve = caller(server, "eve");
    const text = "# Rules\n\n```alert too-high\nwhen: 1 > 0\n```\n";
    await writeFile(join(repo.workbooks, "rules.md"), text);
    const file = await eve("GET", "/api/v1/workbooks/rules.md");
    const version = file.etag!.replaceAll('"', "");
    expect(
      (await eve("POST", "/api/v1/workbooks/rules.md/alerts/too-high/rename", { to: "high", version })).status,
    ).toBe(200);
    expect((await eve("POST", "/api/v1/workbooks/rules.md/move", { to: "team/rules.md" })).status).toBe(200);
    const { events } = (await eve("GET", "/api/v1/audit?user=eve")).body as AuditPage;
    expect(events.map(({ action, workbook, target }) => ({ action, workbook, target }))).toEqual([
      { action: "workbook.rename", workbook: "rules.md", target: "team/rules.md" },
      { action: "rule.rename", workbook: "rules.md", target: "too-high → high" },
    ]);
  });

  it("answers a bad filter with a 400 naming it", async () => {
    const call = caller(server);
    expect(await call("GET", "/api/v1/audit?action=rm")).toMatchObject({ status: 400, body: { field: "action" } });
    expect(await call("GET", "/api/v1/audit?limit=0")).toMatchObject({ status: 400, body: { field: "limit" } });
    expect(await call("GET", "/api/v1/audit?before=x")).toMatchObject({ status: 400, body: { field: "before" } });
  });
});
