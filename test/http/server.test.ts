import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/http/server.ts";
import { startTestServer } from "../helpers/server.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

let server: RunningServer;
let cleanup: () => Promise<void>;
let outside: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  outside = await tempDir();
  await writeFiles(outside.dir, { "secret.md": workbookText("'secret'") });
  await writeFiles(temp.dir, {
    "hello.md": "---\ntitle: Hello <b>there</b>\n---\n\n" + workbookText("const word = 'world';", "`hello ${word}`"),
    "spin.md": workbookText("while (true) {}"),
  });
  await symlink(join(outside.dir, "secret.md"), join(temp.dir, "escape.md"));
  server = await startTestServer({ workbooksDir: temp.dir, hostOptions: { cellTimeoutMs: 4000 } });
});
afterAll(async () => {
  await server.close();
  await cleanup();
  await outside.cleanup();
});

describe("driftbook serve", () => {
  it("binds loopback and answers /healthz", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/healthz`);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("lists workbooks with escaped titles", async () => {
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).toContain('<a href="/w/hello.md">Hello &lt;b&gt;there&lt;/b&gt;</a>');
    expect(page).toContain("/w/spin.md");
    const api = await (await fetch(`${server.url}/api/v1/workbooks`)).json();
    expect(api).toEqual(expect.arrayContaining([{ path: "hello.md", title: "Hello <b>there</b>", problems: 0 }]));
  });

  it("shows a workbook with its computed outputs", async () => {
    const page = await (await fetch(`${server.url}/w/hello.md`)).text();
    expect(page).toContain("hello world");
    expect(page).toContain("fulfilled");
  });

  it("keeps serving while a cell spins in another workbook's worker", async () => {
    const spinning = fetch(`${server.url}/w/spin.md`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const health = await fetch(`${server.url}/healthz`);
    const other = await (await fetch(`${server.url}/w/hello.md`)).text();
    expect(health.status).toBe(200);
    expect(other).toContain("hello world");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await (await spinning).text()).toMatch(/running|timeout/);
  });

  it("refuses paths that leave the workbooks folder", async () => {
    for (const path of ["..%2Fsecret.md", "%2E%2E/%2E%2E/etc/passwd.md", "../../etc/passwd.md", "%2Fetc%2Fpasswd.md", "escape.md", "notes.txt"]) {
      const response = await rawGet(server.url, `/w/${path}`);
      expect(response.status, path).toBe(400);
      expect(response.body, path).toMatch(/workbook/);
    }
    expect((await fetch(`${server.url}/w/missing.md`)).status).toBe(404);
    expect((await fetch(`${server.url}/nothing-here`)).status).toBe(404);
  });
});

/** A GET that sends `path` exactly as written (fetch would resolve `..` and `%2E%2E` first). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
