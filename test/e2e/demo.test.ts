import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveRows } from "../../server/demo/credit.ts";
import { ARTIFACTS } from "../helpers/browser.ts";
import { EVENTUALLY, SLOW, cell, save, startDemoApp, typeInCell, type App } from "./app.ts";

let app: App;

beforeAll(async () => {
  app = await startDemoApp();
});
afterAll(async () => {
  await app?.close();
});

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

    // At 0.04 loan_amount (statistic ≈ 0.06 from the last day's profile) joins income and purpose.
    await typeInCell(page, 1, "const drift = detectors.tabularDrift(reference, current, {threshold: 0.04});");
    await save(page);
    await expect.poll(() => report.textContent(), SLOW).toMatch(/30% of 10 features drifted/);
    await expect.poll(() => cell(page, 3).locator(".outputs").innerHTML(), EVENTUALLY).not.toBe(before);
    await page.screenshot({ path: join(ARTIFACTS, "demo-threshold.png"), fullPage: true });
    expect(app.errors).toEqual([]);
  });

  it("after a few runs shows the run history and the drift share plotted over time", async () => {
    const page = await app.open("/w/credit-drift.md");
    const panel = page.locator("details.runs-panel");
    await panel.locator("summary").click();
    const runButton = panel.getByRole("button", { name: "Run now" });
    const rows = panel.locator("tr.run-row");
    const triggers = () => panel.locator("tr.run-row .run-trigger").allTextContents();
    // The seeded data ran the workbook (`on: data`) with no browser needed.
    await expect.poll(triggers, SLOW).toEqual(["data"]);
    await expect.poll(() => panel.locator('tr.run-row[data-status="running"]').count(), SLOW).toBe(0);
    for (const count of [2, 3]) {
      await runButton.click();
      await expect.poll(() => rows.count(), SLOW).toBe(count);
      // The panel lists a run as it starts: wait for it to end, so its metric points are stored.
      await expect.poll(() => panel.locator('tr.run-row[data-status="running"]').count(), SLOW).toBe(0);
    }
    // New predictions run the workbook again (`on: data`): the run is recorded and the history re-read.
    const { rows: live } = liveRows(20, { now: Date.now(), seed: 7 });
    await app.log(
      "credit",
      live.map(({ id, ts, features, prediction, score }) => ({ id, ts, features, prediction, score })),
    );
    await expect.poll(triggers, SLOW).toEqual(["data", "manual", "manual", "data"]);
    const historyPlot = cell(page, 19).locator("svg");
    await expect.poll(() => historyPlot.locator("circle").count(), SLOW).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(ARTIFACTS, "demo-history.png"), fullPage: true });
    expect(app.errors).toEqual([]);
  });
});
