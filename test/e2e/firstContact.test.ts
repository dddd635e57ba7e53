import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchBrowser } from "../helpers/browser.ts";
import { ROOT } from "../helpers/cli.ts";
import { startServeProcess, type ServeProcess } from "../helpers/serveProcess.ts";
import { tempDir } from "../helpers/workbooks.ts";
import { SLOW } from "./app.ts";

let dir: string;
let cleanup: () => Promise<void>;
let server: ServeProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("driftbook-first-"));
  await mkdir(join(dir, "workbooks"));
  const demo = await readFile(join(ROOT, "workbooks/credit-drift.md"), "utf8");
  await writeFile(join(dir, "workbooks/credit-drift.md"), demo);
  // A fresh project: a config file that defines no channel at all.
  await writeFile(join(dir, "driftbook.config.json"), '{"channels": {}}\n');
  server = await startServeProcess([
    "--demo",
    "--db",
    join(dir, "data/driftbook.db"),
    "--workbooks",
    join(dir, "workbooks"),
    "--config",
    join(dir, "driftbook.config.json"),
  ]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await cleanup();
});

describe("serve --demo, as a first-time user", () => {
  it("delivers the demo alert to the log channel it defines, with no failed notification", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${server.url}/w/credit-drift.md`);
    const runs = page.locator("details.runs-panel");
    await runs.locator("summary").click();
    await runs.getByRole("button", { name: "Run now" }).click();
    await expect.poll(() => runs.locator('tr.run-row[data-status="ok"]').count(), SLOW).toBeGreaterThan(0);

    const history = page.locator("details.alerts-panel table.alert-history tbody tr");
    await expect.poll(() => history.first().getAttribute("data-to"), SLOW).toBe("firing");
    await expect.poll(() => history.first().locator("td").last().textContent(), SLOW).toBe("sent");
    expect(await page.locator("details.alerts-panel").textContent()).not.toMatch(/failed|no channel/);
    await page.screenshot({ path: join(ARTIFACTS, "first-contact-alert.png"), fullPage: true });

    const lines = (await readFile(join(dir, "data/alerts.log"), "utf8")).trim().split("\n");
    expect(JSON.parse(lines[0])).toMatchObject({ receiver: "log", status: "firing" });
    expect(server.output()).toContain(`alerts to the channel "log" go to ${join(dir, "data/alerts.log")}`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
