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

/** The demo workbook with a webhook added as its README says: the ml-oncall channel, named in its alerts' `notify`. */
async function demoWorkbook(folder: string): Promise<void> {
  const text = await readFile(join(ROOT, "workbooks/credit-drift.md"), "utf8");
  expect(text.match(/notify: \[log\]\n/g)).toHaveLength(2);
  await writeFile(join(folder, "credit-drift.md"), text.replaceAll("notify: [log]\n", "notify: [ml-oncall]\n"));
}

interface WebhookBody {
  status: string;
  workbook: string;
  alerts: { labels: Record<string, string> }[];
}

/** The alerts the webhook heard of as firing, as "alertname" or "alertname region", sorted. */
function firingHeard(bodies: unknown[]): string[] {
  return (bodies as WebhookBody[])
    .filter((body) => body.status === "firing")
    .flatMap((body) => body.alerts.map(({ labels }) => [labels.alertname, labels.region].filter(Boolean).join(" ")))
    .sort();
}

const FIRING = ["inputs-drifted", "region-drifted south", "region-drifted west"];

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
    // One instance per region: the two whose income drifted page, each by name; the others stay normal.
    expect(result.stdout).toMatch(/credit-drift\.md#region-drifted \[south\]: normal → firing/);
    expect(result.stdout).toMatch(/credit-drift\.md#region-drifted \[west\]: normal → firing/);
    expect(result.stdout).not.toMatch(/region-drifted \[(midwest|northeast)\]/);
    expect(result.code).toBe(1);
    await expect.poll(() => firingHeard(receiver.requests.map((request) => request.body))).toEqual(FIRING);
    const bodies = receiver.requests.map((request) => request.body as WebhookBody & { version: string });
    const inputs = bodies.find((body) => body.alerts[0].labels.alertname === "inputs-drifted")!;
    expect(inputs).toMatchObject({ version: "4", status: "firing", workbook: "credit-drift.md" });
    expect(inputs.alerts[0].labels).toMatchObject({ alertname: "inputs-drifted", severity: "critical" });
    const regions = bodies.find((body) => body.alerts[0].labels.alertname === "region-drifted")!;
    expect(regions.alerts.map(({ labels }) => labels)).toEqual([
      expect.objectContaining({ region: "south", severity: "warning" }),
      expect.objectContaining({ region: "west", severity: "warning" }),
    ]);
  });

  it("fires in the server when the demo data arrives (`on: data`), with no browser open", async () => {
    const live = await tempDir();
    try {
      await demoWorkbook(live.dir);
      const server = await startTestServer({ workbooksDir: live.dir, configPath });
      try {
        seedDemo(server.store);
        const before = receiver.requests.length;
        const heard = () => firingHeard(receiver.requests.slice(before).map((request) => request.body));
        await expect.poll(heard, { timeout: 30_000 }).toEqual(FIRING);
        const states = (await (await fetch(`${server.url}/api/v1/alerts?workbook=credit-drift.md`)).json()) as {
          state: string;
          labels: Record<string, string>;
        }[];
        const firing = states.filter((instance) => instance.state === "firing");
        expect(firing.map(({ labels }) => [labels.alertname, labels.region].filter(Boolean).join(" ")).sort()).toEqual(
          FIRING,
        );
      } finally {
        await server.close();
      }
    } finally {
      await live.cleanup();
    }
  });
});
