import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startTestServer } from "../../helpers/server.ts";
import { gitIn, tempRepo } from "../../helpers/git.ts";
import { describedApi } from "../../helpers/openapi.ts";
import { workbookText } from "../../helpers/workbooks.ts";
import type { RunningServer } from "../../../server/compose.ts";
import { OPENAPI_DOCUMENT, OPENAPI_PATHS } from "../../../server/http/openapi/document.ts";

let server: RunningServer;
let cleanup: () => Promise<void>;
let api: ReturnType<typeof describedApi>;

const WORKBOOK =
  "---\nmodel: credit\n---\n\n" +
  workbookText("metric('share', 0.25, {labels: {feature: 'age'}})", "```alert high\nwhen: 1 > 0\n```", "[{a: 1}]");

beforeAll(async () => {
  const repo = await tempRepo({ folder: "" });
  cleanup = repo.cleanup;
  await writeFile(join(repo.workbooks, "daily.md"), WORKBOOK);
  await gitIn(repo.top, "add", "daily.md");
  await gitIn(repo.top, "commit", "-qm", "daily");
  server = await startTestServer({ workbooksDir: repo.workbooks });
  api = describedApi(
    (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as Parameters<typeof describedApi>[0],
    server.url,
  );
}, 30_000);
afterAll(async () => {
  await server.close();
  await cleanup();
});

describe("the description", () => {
  it("describes every route the server registers: the server checks it as it builds its app, and serves the description", async () => {
    // startTestServer above built the real app: createApp refuses to start when they differ.
    const served = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as typeof OPENAPI_DOCUMENT;
    expect(served).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
    expect(served.openapi).toBe("3.1.0");
    expect(Object.keys(served.paths).length).toBeGreaterThan(35);
  });
});

describe("real requests and answers match the description", () => {
  it("ingest and models", async () => {
    const rows = [
      { id: "a", ts: 1_750_000_000_000, features: { age: 30 }, prediction: 1, score: 0.8 },
      { id: "b", ts: "2025-06-15T15:07:20Z", features: { age: 41, region: "eu" }, prediction: 0, score: 0.3 },
    ];
    const params = { model: "credit" };
    const first = await api.call("POST", "/api/v1/models/{model}/predictions", { params, body: rows });
    expect(first.status).toBe(201);
    const ndjson = rows.map((row) => JSON.stringify({ ...row, id: `${row.id}2` })).join("\n");
    const logged = await api.call("POST", "/api/v1/models/{model}/predictions", {
      params,
      body: ndjson,
      headers: { "content-type": "application/x-ndjson" },
    });
    expect(logged.body).toMatchObject({ written: 2 });
    const bad = await api.call("POST", "/api/v1/models/{model}/predictions", {
      params,
      body: [{ id: "c", age: 3 }],
      invalid: true,
    });
    expect(bad.status).toBe(400);
    const labels = await api.call("POST", "/api/v1/models/{model}/labels", {
      params,
      body: [
        { id: "a", label: 1 },
        { id: "zz", label: 0 },
      ],
    });
    expect(labels.body).toMatchObject({ matched: 1, unmatched: 1 });
    const reference = await api.call("PUT", "/api/v1/models/{model}/reference", {
      params,
      query: { name: "training" },
      body: rows,
    });
    expect(reference.body).toMatchObject({ reference: { name: "training", version: 1 } });
    await api.call("GET", "/api/v1/models/{model}/references", { params });
    expect((await api.call("GET", "/api/v1/models")).body).toHaveLength(1);
    expect((await api.call("GET", "/api/v1/models/{model}", { params })).body).toMatchObject({ rows: 4 });
    expect((await api.call("GET", "/api/v1/models/{model}", { params: { model: "nope" } })).status).toBe(404);
    await api.call("GET", "/api/v1/models/{model}/settings", { params });
    const settings = await api.call("PUT", "/api/v1/models/{model}/settings", {
      params,
      body: { segments: ["prediction"] },
    });
    expect(settings.body).toMatchObject({ segments: ["prediction"] });
    await api.call("GET", "/api/v1/models/{model}/profile", { params });
    await api.call("GET", "/api/v1/models/{model}/profile", { params, query: { every: "1d", reference: "1" } });
  });

  it("workbooks, runs, metrics and git", async () => {
    const path = { path: "daily.md" };
    expect((await api.call("GET", "/api/v1/workbooks")).body).toEqual([
      expect.objectContaining({ path: "daily.md", git: "clean" }),
    ]);
    const file = (await api.call("GET", "/api/v1/workbooks/{path}", { params: path })).body as {
      version: string;
      text: string;
    };
    const run = await api.call("POST", "/api/v1/workbooks/{path}/runs", { params: path, body: {} });
    expect(run.status).toBe(201);
    const id = (run.body as { id: number }).id;
    await api.call("GET", "/api/v1/workbooks/{path}/runs", { params: path, query: { limit: 10 } });
    await api.call("GET", "/api/v1/runs/{id}", { params: { id } });
    expect((await api.call("GET", "/api/v1/runs/{id}/report", { params: { id } })).status).toBe(200);
    expect((await api.call("GET", "/api/v1/runs/{id}", { params: { id: 999 } })).status).toBe(404);
    const metrics = await api.call("GET", "/api/v1/workbooks/{path}/metrics", { params: path, query: { since: "1h" } });
    expect(metrics.body).toMatchObject({ points: [{ name: "share", value: 0.25, labels: { feature: "age" } }] });
    expect(
      (await api.call("GET", "/api/v1/workbooks/{path}/metrics", { params: path, query: { format: "csv" } })).body,
    ).toMatch(/^at,run/);

    await api.call("GET", "/api/v1/workbooks/{path}/git", { params: path });
    const table = await api.call("GET", "/api/v1/workbooks/{path}/cells/{cell}/export.{format}", {
      params: { ...path, cell: "2", format: "tsv" },
      query: { output: 0 },
    });
    expect(table.body).toBe("a\r\n1\r\n");
    const saved = await api.call("PUT", "/api/v1/workbooks/{path}", {
      params: path,
      headers: { "if-match": `"${file.version}"` },
      body: { text: file.text + "\nMore prose.\n" },
    });
    expect(saved.status).toBe(200);
    await api.call("GET", "/api/v1/workbooks/{path}/git/diff", { params: path, query: { rev: "HEAD" } });
    expect(
      (await api.call("GET", "/api/v1/workbooks/{path}/git/report", { params: path, query: { rev: "HEAD" } })).status,
    ).toBe(200);
    const commit = await api.call("POST", "/api/v1/workbooks/{path}/git/commit", {
      params: path,
      body: { message: "prose" },
    });
    expect(commit.status).toBe(201);
    const current = (await api.call("GET", "/api/v1/workbooks/{path}", { params: path })).body as { version: string };
    const restored = await api.call("POST", "/api/v1/workbooks/{path}/git/restore", {
      params: path,
      headers: { "if-match": `"${current.version}"` },
      body: { rev: "HEAD~1" },
    });
    expect(restored.status).toBe(200);
    const stale = await api.call("PUT", "/api/v1/workbooks/{path}", {
      params: path,
      headers: { "if-match": '"old"' },
      body: { text: "x" },
    });
    expect(stale.status).toBe(409);

    const created = await api.call("POST", "/api/v1/workbooks", {
      body: { path: "new.md", template: "drift", title: "New" },
    });
    expect(created.status).toBe(201);
    await api.call("PATCH", "/api/v1/workbooks/{path}", {
      params: { path: "new.md" },
      body: { path: "sub/renamed.md" },
    });
    expect((await api.call("GET", "/report/{path}", { params: { path: "sub/renamed.md" } })).status).toBe(200);
    const moved = await api.call("POST", "/api/v1/workbooks/{path}/move", {
      params: { path: "sub/renamed.md" },
      body: { to: "sub/moved.md" },
    });
    expect(moved.body).toMatchObject({ path: "sub/moved.md", moved: { runs: 0 } });
    expect((await api.call("DELETE", "/api/v1/workbooks/{path}", { params: { path: "sub/moved.md" } })).status).toBe(
      204,
    );
    expect((await api.call("POST", "/api/v1/workbooks", { body: { path: 3 }, invalid: true })).status).toBe(400);
  }, 60_000);

  it("alerts, silences and share links", async () => {
    expect((await api.call("GET", "/api/v1/alerts", { query: { workbook: "daily.md" } })).body).toEqual([
      expect.objectContaining({ rule: "high", state: "firing" }),
    ]);
    await api.call("GET", "/api/v1/alerts/history", { query: { limit: 5 } });
    const silence = await api.call("POST", "/api/v1/alerts/silences", {
      body: { matchers: [{ name: "workbook", op: "=", value: "daily.md" }], duration: "2h", comment: "deploy" },
    });
    expect(silence.status).toBe(201);
    await api.call("GET", "/api/v1/alerts/silences");
    await api.call("DELETE", "/api/v1/alerts/silences/{id}", { params: { id: (silence.body as { id: string }).id } });
    const audit = await api.call("GET", "/api/v1/audit", { query: { action: "silence.expire", limit: 1 } });
    expect(audit.body).toMatchObject({ events: [{ user: "local", action: "silence.expire" }] });
    const share = await api.call("POST", "/api/v1/shares", { body: { workbook: "daily.md", expiresIn: "1d" } });
    expect(share.status).toBe(201);
    const { id, path } = share.body as { id: string; path: string };
    await api.call("GET", "/api/v1/shares", { query: { workbook: "daily.md" } });
    expect((await api.call("GET", "/s/{token}", { params: { token: path.slice(3) } })).status).toBe(200);
    const cell = { token: path.slice(3), cell: "2", format: "csv" };
    expect((await api.call("GET", "/s/{token}/cells/{cell}/export.{format}", { params: cell })).status).toBe(403);
    const downloadable = await api.call("POST", "/api/v1/shares", { body: { workbook: "daily.md", downloads: true } });
    const token = (downloadable.body as { path: string }).path.slice(3);
    const shared = await api.call("GET", "/s/{token}/cells/{cell}/export.{format}", { params: { ...cell, token } });
    expect(shared.body).toBe("a\r\n1\r\n");
    expect((await api.call("DELETE", "/api/v1/shares/{id}", { params: { id } })).status).toBe(204);
    expect((await api.call("GET", "/s/{token}", { params: { token: path.slice(3) } })).status).toBe(404);
    expect((await api.call("GET", "/s")).status).toBe(404);

    const params = { path: "daily.md", rule: "high" };
    const file = await api.call("GET", "/api/v1/workbooks/{path}", { params: { path: "daily.md" } });
    const { version } = file.body as { version: string };
    const stale = await api.call("POST", "/api/v1/workbooks/{path}/alerts/{rule}/rename", {
      params,
      body: { to: "higher", version: "0000000000000000" },
    });
    expect(stale.status).toBe(409);
    const renamed = await api.call("POST", "/api/v1/workbooks/{path}/alerts/{rule}/rename", {
      params,
      body: { to: "higher", version },
    });
    expect(renamed.body).toMatchObject({ rule: "higher", moved: { instances: 1 } });
  });

  it("pages, health and metrics", async () => {
    await api.call("GET", "/healthz");
    await api.call("GET", "/api/v1/openapi.json");
    expect((await api.call("GET", "/metrics")).body).toMatch(/# TYPE/);
    expect((await api.call("GET", "/favicon.ico")).status).toBe(204);
    for (const page of ["/", "/alerts", "/audit"]) expect((await api.call("GET", page)).status).toBe(200);
    expect((await api.call("GET", "/w/{path}", { params: { path: "daily.md" } })).status).toBe(200);
    expect((await api.call("GET", "/login")).status).toBe(303); // no token set: nothing to log in to
    expect((await api.call("POST", "/logout")).status).toBe(303);
    expect((await api.call("GET", "/assets/{file}", { params: { file: "nope.js" } })).status).toBe(404);
  });

  it("exercised every operation of the JSON API", () => {
    const operations = Object.entries(OPENAPI_PATHS).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const missed = operations.filter((operation) => operation.includes("/api/") && !api.called.has(operation));
    expect(missed).toEqual([]);
  });
});
