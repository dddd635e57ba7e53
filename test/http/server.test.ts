import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/compose.ts";
import { startTestServer } from "../helpers/server.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

let server: RunningServer;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  await writeFiles(temp.dir, {
    "hello.md": "---\ntitle: Hello <b>there</b>\n---\n\n" + workbookText("const word = 'world';", "`hello ${word}`"),
    "spin.md": workbookText("while (true) {}"),
  });
  server = await startTestServer({
    workbooksDir: temp.dir,
    dbPath: `${temp.dir}/test.db`,
    hostOptions: { cellTimeoutMs: 4000 },
  });
});
afterAll(async () => {
  await server.close();
  await cleanup();
});

describe("driftbook serve", () => {
  it("binds loopback and answers /healthz", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/healthz`);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("renders a live workbook's static report with its computed outputs, titles escaped", async () => {
    const page = await (await fetch(`${server.url}/report/hello.md`)).text();
    expect(page).toContain("Hello &lt;b&gt;there&lt;/b&gt;");
    expect(page).toContain("hello world");
    expect(page).toContain("fulfilled");
    // Its provenance: a preview of the live workbook, with its path and params.
    expect(page).toContain("<dt>Workbook</dt><dd><code>hello.md</code></dd>");
    expect(page).toContain("<dt>Trigger</dt><dd>preview: shown on request, not a recorded run</dd>");
    expect(page).toContain("<dt>Data</dt><dd>no sql queries</dd>");
  });

  it("keeps serving while a cell spins in another workbook's worker", async () => {
    const spinning = fetch(`${server.url}/report/spin.md`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const health = await fetch(`${server.url}/healthz`);
    const other = await (await fetch(`${server.url}/report/hello.md`)).text();
    expect(health.status).toBe(200);
    expect(other).toContain("hello world");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await (await spinning).text()).toMatch(/running|timeout/);
  });
});
