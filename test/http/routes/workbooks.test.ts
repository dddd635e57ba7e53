import { symlink, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import type { ServerMessage, WorkbookFile } from "../../../server/protocol/index.ts";
import { startTestServer } from "../../helpers/server.ts";
import { connectSocket } from "../../helpers/socket.ts";
import { tempDir, workbookText, writeFiles } from "../../helpers/workbooks.ts";

let server: RunningServer;
let dir: string;
let cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const temp = await tempDir();
  const outside = await tempDir();
  dir = temp.dir;
  cleanups = [temp.cleanup, outside.cleanup];
  await writeFiles(outside.dir, { "secret.md": workbookText("'secret'") });
  await writeFiles(dir, {
    "daily.md": '---\ntitle: Daily\nschedule: "0 * * * *"\n---\n\n# Daily\n\n' + workbookText("const a = 1;", "a + 1"),
  });
  await symlink(join(outside.dir, "secret.md"), join(dir, "escape.md"));
  server = await startTestServer({ workbooksDir: dir, dbPath: join(dir, "test.db") });
});
afterAll(async () => {
  await server.close();
  for (const cleanup of cleanups) await cleanup();
});

const api = (path: string, init?: RequestInit) => fetch(`${server.url}/api/v1/workbooks${path}`, init);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (response: Response): Promise<any> => response.json();
const put = (path: string, text: string, version?: string) =>
  api(`/${path}`, {
    method: "PUT",
    headers: { "content-type": "application/json", ...(version ? { "if-match": `"${version}"` } : {}) },
    body: JSON.stringify({ text }),
  });

describe("workbook API", () => {
  it("lists workbooks with title, schedule, next run and problem count", async () => {
    const before = Date.now();
    const [daily] = (await json(await api(""))).filter((summary: { path: string }) => summary.path === "daily.md");
    expect(daily).toEqual({
      path: "daily.md",
      title: "Daily",
      schedule: "0 * * * *",
      nextRun: expect.any(Number),
      problems: 0,
    });
    // "0 * * * *": the next whole hour.
    expect(daily.nextRun).toBe(Math.floor(before / 3_600_000) * 3_600_000 + 3_600_000);
  });

  it("returns a file whose blocks rebuild its text byte for byte", async () => {
    const response = await api("/daily.md");
    const file = (await json(response)) as WorkbookFile;
    expect(response.headers.get("etag")).toBe(`"${file.version}"`);
    const rebuilt =
      file.frontMatter +
      file.blocks.map((b) => (b.type === "prose" ? b.markdown : b.opening + b.source + b.closing)).join("");
    expect(rebuilt).toBe(file.text);
    expect(file.blocks.filter((b) => b.type === "cell").map((b) => b.type === "cell" && b.source)).toEqual([
      "const a = 1;\n",
      "a + 1\n",
    ]);
  });

  it("saves only with the version last seen, and answers 409 with the current version otherwise", async () => {
    const file = (await json(await api("/daily.md"))) as WorkbookFile;
    expect((await put("daily.md", file.text + "\nmore\n")).status).toBe(428);
    const saved = await json(await put("daily.md", file.text + "\nfirst edit\n", file.version));
    expect(saved.version).not.toBe(file.version);
    const stale = await put("daily.md", file.text + "\nstale edit\n", file.version);
    expect(stale.status).toBe(409);
    const conflict = await json(stale);
    expect(conflict.current).toEqual({ version: saved.version, text: file.text + "\nfirst edit\n" });
    expect(((await json(await api("/daily.md"))) as WorkbookFile).text).toBe(file.text + "\nfirst edit\n");
  });

  it("lets exactly one of two concurrent saves of the same version win", async () => {
    const file = (await json(await api("/daily.md"))) as WorkbookFile;
    const answers = await Promise.all([
      put("daily.md", file.text + "\nA\n", file.version),
      put("daily.md", file.text + "\nB\n", file.version),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });

  it("creates from a template, refuses to create over a file, renames and deletes", async () => {
    const created = await api("", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "team/new.md", title: "New" }),
    });
    expect(created.status).toBe(201);
    expect(((await json(await api("/team/new.md"))) as WorkbookFile).title).toBe("New");
    const again = await api("", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "team/new.md" }),
    });
    expect(again.status).toBe(409);
    const renamed = await api("/team/new.md", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "team/renamed.md" }),
    });
    expect(renamed.status).toBe(200);
    expect((await api("/team/new.md")).status).toBe(404);
    expect((await api("/team/renamed.md", { method: "DELETE" })).status).toBe(204);
    expect((await api("/team/renamed.md")).status).toBe(404);
  });

  it("refuses paths that leave the folder: .., absolute, URL-encoded and symlink escapes", async () => {
    for (const path of [
      "../secret.md",
      "..%2F..%2Fetc%2Fpasswd.md",
      "%2Fetc%2Fpasswd.md",
      "%2E%2E/x.md",
      "escape.md",
      "notes.txt",
    ]) {
      const response = await rawRequest("GET", `/api/v1/workbooks/${path}`);
      expect(response.status, path).toBe(400);
    }
    const create = await api("", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "../evil.md" }),
    });
    expect(create.status).toBe(400);
  });
});

describe("live workbooks over the WebSocket", () => {
  it("sends the state on subscribe, then cell updates, and follows a file changed on disk", async () => {
    const socket = await connectSocket(server.url);
    try {
      socket.send({ type: "subscribe", path: "daily.md" });
      const first = await socket.waitFor(
        (m): m is Extract<ServerMessage, { type: "workbook" }> => m.type === "workbook",
      );
      expect(first.workbook.title).toBe("Daily");
      await socket.waitFor(
        (m): m is Extract<ServerMessage, { type: "cell" }> =>
          m.type === "cell" && m.cell.index === 1 && m.cell.status === "fulfilled",
      );
      await writeFile(join(dir, "daily.md"), "---\ntitle: Daily\n---\n\n" + workbookText("const a = 41;", "a + 1"));
      const changed = await socket.waitFor(
        (m): m is Extract<ServerMessage, { type: "cell" }> =>
          m.type === "cell" &&
          m.cell.index === 1 &&
          m.cell.status === "fulfilled" &&
          JSON.stringify(m.cell.outputs).includes("42"),
      );
      expect(changed.cell.outputs).toEqual([{ kind: "json", value: 42 }]);
      expect(socket.messages.some((m) => m.type === "workbook" && m.workbook.version === changed.version)).toBe(true);
      // After a save through the API (an atomic rename), edits on disk are still followed.
      const saved = (await json(await api("/daily.md"))) as WorkbookFile;
      await put("daily.md", saved.text.replace("a = 41", "a = 99"), saved.version);
      await writeFile(join(dir, "daily.md"), "---\ntitle: Daily\n---\n\n" + workbookText("const a = 6;", "a + 1"));
      await socket.waitFor(
        (m): m is Extract<ServerMessage, { type: "cell" }> =>
          m.type === "cell" &&
          m.cell.index === 1 &&
          m.cell.status === "fulfilled" &&
          JSON.stringify(m.cell.outputs).includes('[{"kind":"json","value":7}]'),
      );
    } finally {
      socket.close();
    }
  });

  it("re-runs the cells that read a model when predictions arrive", async () => {
    await writeFiles(dir, { "live.md": workbookText("```sql n\nselect count(*) as n from live\n```") });
    const log = (count: number) =>
      fetch(`${server.url}/api/v1/models/live/predictions`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson" },
        body: Array.from({ length: count }, (_, i) => JSON.stringify({ features: { x: i }, prediction: 0 })).join("\n"),
      });
    await log(2);
    const socket = await connectSocket(server.url);
    try {
      socket.send({ type: "subscribe", path: "live.md" });
      const rows =
        (n: number) =>
        (m: ServerMessage): m is Extract<ServerMessage, { type: "cell" }> =>
          m.type === "cell" && m.cell.status === "fulfilled" && JSON.stringify(m.cell.outputs).includes(`[[${n}]]`);
      await socket.waitFor(rows(2));
      await log(3);
      await socket.waitFor(rows(5));
    } finally {
      socket.close();
    }
  });

  it("counts 100k rows logged over HTTP in a sql cell", async () => {
    await writeFiles(dir, { "count.md": workbookText("```sql total\nselect count(*) as n from bulk\n```") });
    for (let batch = 0; batch < 10; batch++) {
      const body = Array.from({ length: 10_000 }, (_, i) =>
        JSON.stringify({ id: `b${batch}-${i}`, features: { x: i, g: `g${i % 5}` }, prediction: i % 2 }),
      ).join("\n");
      const response = await fetch(`${server.url}/api/v1/models/bulk/predictions`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson" },
        body,
      });
      expect(response.status).toBe(201);
    }
    const socket = await connectSocket(server.url);
    try {
      socket.send({ type: "subscribe", path: "count.md" });
      const done = await socket.waitFor(
        (m): m is Extract<ServerMessage, { type: "cell" }> => m.type === "cell" && m.cell.status === "fulfilled",
      );
      expect(done.cell.outputs[0]).toMatchObject({ kind: "table", rows: [[100_000]] });
    } finally {
      socket.close();
    }
  });

  it("refuses an upgrade from another site's page and names an unknown workbook", async () => {
    await expect(connectSocket(server.url, { origin: "http://evil.example" })).rejects.toThrow(/403/);
    const socket = await connectSocket(server.url, { origin: server.url });
    try {
      socket.send({ type: "subscribe", path: "missing.md" });
      const error = await socket.waitFor((m): m is Extract<ServerMessage, { type: "error" }> => m.type === "error");
      expect(error.message).toMatch(/no such workbook: missing\.md/);
      socket.send({ type: "subscribe", path: "../escape.md" });
      await socket.waitFor(
        (m): m is Extract<ServerMessage, { type: "error" }> => m.type === "error" && /\.\./.test(m.message),
      );
    } finally {
      socket.close();
    }
  });
});

/** A request that sends the path exactly as written (fetch would resolve `..` and `%2E%2E` first). */
function rawRequest(method: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
