import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import type { RunningServer } from "../../server/http/server.ts";
import { ARTIFACTS, launchBrowser } from "../helpers/browser.ts";
import { ROOT } from "../helpers/cli.ts";
import { startTestServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: { context: BrowserContext; close: () => Promise<void> };

beforeAll(async () => {
  server = await startTestServer({ workbooksDir: join(ROOT, "workbooks") });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the served example workbook, in Chromium", () => {
  it("opens from the list and shows its Plot chart, table and values", async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.getByRole("link", { name: "Getting started" }).click();
    await page.waitForURL(/\/w\/getting-started\.md$/);
    await expect.poll(() => page.locator("svg").count()).toBeGreaterThan(0);
    expect(await page.locator("svg [aria-label='line'] path").count()).toBeGreaterThan(0);
    expect(await page.locator("table tbody tr").count()).toBe(14);
    expect(await page.locator(".output-json").last().textContent()).toContain("shiftInStandardDeviations");
    await page.screenshot({ path: join(ARTIFACTS, "getting-started.png"), fullPage: true });
  });
});
