import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../server/demo/seed.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { ARTIFACTS } from "../helpers/browser.ts";
import { ROOT } from "../helpers/cli.ts";
import { EVENTUALLY, cell, save, startApp, typeInCell, type App } from "./app.ts";

let app: App;

beforeAll(async () => {
  app = await startApp({ "credit-drift.md": await readFile(join(ROOT, "workbooks/credit-drift.md"), "utf8") });
  const store = new PredictionStore(join(app.dir, "predictions.db"));
  seedDemo(store);
  store.close();
});
afterAll(async () => {
  await app?.close();
});

const SLOW = { timeout: 30_000 };

describe("the demo workbook, as a first-time user", () => {
  it("shows the drift report over the demo data, and a changed threshold changes the report and its plot", async () => {
    const page = await app.open("/");
    await page.getByRole("link", { name: /Credit model/ }).click();
    const report = cell(page, 2).locator(".outputs");
    await expect.poll(() => report.textContent(), SLOW).toMatch(/20% of 10 features drifted/);
    expect(await report.textContent()).toMatch(/income.*purpose/s);
    const plot = cell(page, 3).locator("svg");
    await expect.poll(() => plot.count(), EVENTUALLY).toBeGreaterThan(0);
    const before = await cell(page, 3).locator(".outputs").innerHTML();

    await typeInCell(page, 1, "const drift = detectors.tabularDrift(reference, current, {threshold: 0.02});");
    await save(page);
    await expect.poll(() => report.textContent(), SLOW).toMatch(/60% of 10 features drifted/);
    await expect.poll(() => cell(page, 3).locator(".outputs").innerHTML(), EVENTUALLY).not.toBe(before);
    await page.screenshot({ path: join(ARTIFACTS, "demo-threshold.png"), fullPage: true });
    expect(app.errors).toEqual([]);
  });
});
