import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../server/demo/seed.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { startReceiver, type Receiver } from "../alerts/receiver.ts";
import { ROOT, driftbook } from "../helpers/cli.ts";
import { startTestServer } from "../helpers/server.ts";
import { tempDir } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
let receiver: Receiver;
let configPath: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  receiver = await startReceiver();
  configPath = join(dir, "driftbook.config.json");
  await writeFile(
    configPath,
    JSON.stringify({ channels: { "ml-oncall": { type: "webhook", url: "${DEMO_WEBHOOK_URL}" } } }),
  );
  process.env.DEMO_WEBHOOK_URL = receiver.url;
});
afterAll(async () => {
  delete process.env.DEMO_WEBHOOK_URL;
  await receiver.stop();
  await cleanup();
});

/** The demo workbook with a webhook added as its README says: the ml-oncall channel, named in its alert's `notify`. */
async function demoWorkbook(folder: string): Promise<void> {
  const text = await readFile(join(ROOT, "workbooks/credit-drift.md"), "utf8");
  expect(text).toContain("notify: [log]\n");
  await writeFile(join(folder, "credit-drift.md"), text.replace("notify: [log]\n", "notify: [ml-oncall]\n"));
}

describe("the demo workbook's drift alert", () => {
  it("fires over the demo's drifted days in driftbook run, posts to the configured webhook, and exits 1", async () => {
    const db = join(dir, "cli.db");
    const store = new PredictionStore(db);
    seedDemo(store);
    store.close();
    await demoWorkbook(dir);
    // The child process inherits DEMO_WEBHOOK_URL, which the config file names.
    const result = await driftbook([
      "run",
      join(dir, "credit-drift.md"),
      "--db",
      db,
      "--config",
      configPath,
      "--workbooks",
      dir,
    ]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/credit-drift\.md#inputs-drifted: normal → firing/);
    expect(result.code).toBe(1);
    await expect.poll(() => receiver.requests.length).toBeGreaterThan(0);
    const body = receiver.requests[0].body as { alerts: { labels: Record<string, string> }[] };
    expect(body).toMatchObject({ version: "4", status: "firing", workbook: "credit-drift.md" });
    expect(body.alerts[0].labels).toMatchObject({ alertname: "inputs-drifted", severity: "critical" });
  });

  it("fires in the server when the demo data arrives (`on: data`), with no browser open", async () => {
    const live = await tempDir();
    try {
      await demoWorkbook(live.dir);
      const server = await startTestServer({ workbooksDir: live.dir, configPath });
      try {
        seedDemo(server.store);
        const before = receiver.requests.length;
        await expect.poll(() => receiver.requests.length, { timeout: 30_000 }).toBeGreaterThan(before);
        const body = receiver.requests.at(-1)!.body as Record<string, unknown>;
        expect(body).toMatchObject({ status: "firing", workbook: "credit-drift.md" });
        const states = await (await fetch(`${server.url}/api/v1/alerts?workbook=credit-drift.md`)).json();
        expect(states).toEqual([expect.objectContaining({ state: "firing" })]);
      } finally {
        await server.close();
      }
    } finally {
      await live.cleanup();
    }
  });
});
