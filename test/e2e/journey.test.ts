/**
 * Issue 24's whole journey in Chromium, from an empty folder and never touching a file: a new
 * user creates a workbook, writes its prose and a named query, configures it (model, schedule,
 * a param readers may set) and shares it with downloads allowed; a stakeholder holding only the
 * link filters it by segment and downloads what they see.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Download, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { EVENTUALLY, cell, save, startApp, typeInCell, type App } from "./app.ts";

const REGIONS = ["eu", "us", "us", "asia", "us"];

let app: App;
beforeAll(async () => {
  app = await startApp({});
  await app.log(
    "credit",
    REGIONS.map((region, i) => ({ features: { region }, prediction: i % 2, score: 0.1 * (i + 1) })),
  );
});
afterAll(async () => {
  await app?.close();
});

async function downloaded(page: Page, button: Locator): Promise<string> {
  const [download] = (await Promise.all([page.waitForEvent("download"), button.click()])) as [Download, void];
  return readFile((await download.path())!, "utf8");
}

describe("a workbook built and shared entirely in the browser", () => {
  it("is created, written, configured, scheduled and shared; a reader filters it by region and downloads it", async () => {
    const page = await app.open("/");
    await expect.poll(() => page.locator("main").textContent(), EVENTUALLY).toContain("No workbooks yet");
    await page.locator('input[name="path"]').fill("regional.md");
    await page.locator('input[name="title"]').fill("Regional review");
    await page.locator('select[name="template"]').selectOption("blank");
    await page.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/w\/regional\.md$/);
    await expect.poll(() => page.locator(".cell").count(), EVENTUALLY).toBe(2);

    // Prose, written in place.
    await page.locator(".prose h1").first().click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("\n\nPredictions by region, for the risk team.");
    await page.keyboard.press("Escape");

    // A named query after the first cell, reading the param the settings declare below.
    await cell(page, 0).hover();
    await cell(page, 0).getByRole("button", { name: "+ sql" }).click();
    const dialog = page.locator("dialog.name-dialog");
    await dialog.getByLabel("Variable name").fill("byRegion");
    await dialog.getByRole("button", { name: "OK" }).click();
    await typeInCell(page, 1, "select id, region, score from credit where region = ${params.region} order by id");

    // Settings: model, an hourly schedule, and a select param readers may set.
    const settings = page.locator(".settings-panel");
    await settings.locator("summary").click();
    await settings.locator('select[name="model"]').selectOption("credit");
    const cron = settings.locator('input[name="cron"]');
    await cron.fill("0 * * * *");
    await cron.press("Tab");
    await settings.locator('input[name="new-param-name"]').fill("region");
    await settings.locator('select[name="new-param-type"]').selectOption("select");
    await settings.locator('input[name="new-param-value"]').fill("eu");
    await settings.locator('input[name="new-param-choices"]').fill("eu, us, asia");
    await settings.locator('input[name="new-param-viewer"]').check();
    await settings.getByRole("button", { name: "Add param" }).click();
    expect(await settings.locator("summary").textContent()).toBe("Settings · Every hour");
    await save(page);
    const region = (row: Locator) => row.locator("tbody tr td:nth-child(2)").allTextContents();
    await expect.poll(() => region(cell(page, 1).locator(".outputs")), EVENTUALLY).toEqual(["eu"]);

    const file = await readFile(join(app.dir, "regional.md"), "utf8");
    expect(file).toContain('schedule: "0 * * * *"');
    expect(file).toContain("model: credit");
    expect(file).toContain("region: {type: select, options: [eu, us, asia], default: eu, viewer: true}");
    expect(file).toContain("Predictions by region, for the risk team.");
    expect(file).toContain("```sql byRegion\n");

    // A share link that allows downloads.
    const share = page.locator("details.share-panel");
    await share.locator("summary").click();
    await share.locator("input.share-downloads").setChecked(true);
    await share.locator("button.share-create").click();
    const url = share.locator("input.share-url");
    await expect.poll(() => url.inputValue(), EVENTUALLY).toMatch(/\/s\//);

    // The stakeholder: only the link, another browser. They pick "us" and download that table.
    const reader = await app.openElsewhere(await url.inputValue());
    const table = reader.locator(".shared-cell", { has: reader.locator("table") }).first();
    await expect.poll(() => region(table), EVENTUALLY).toEqual(["eu"]);
    await reader.locator(".params-bar [data-param=region] select").selectOption("us");
    await expect.poll(() => region(table), EVENTUALLY).toEqual(["us", "us", "us"]);
    expect(new URL(reader.url()).searchParams.get("region")).toBe("us");
    await reader.screenshot({ path: join(ARTIFACTS, "journey-reader.png"), fullPage: true });
    const csv = await downloaded(reader, table.locator(".output-downloads").getByText("CSV", { exact: true }));
    const [header, ...rows] = csv.trim().split("\r\n");
    expect(header).toBe("id,region,score");
    expect(rows.map((row) => row.split(",")[1])).toEqual(["us", "us", "us"]);
    expect(app.errors).toEqual([]);
  });
});
